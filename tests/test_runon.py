"""Rows run together on text lines (a flattened two-column list table)."""

from __future__ import annotations

from reformparse import extract


def test_rows_run_together_are_split(tmp_path):
    path = tmp_path / "runon.txt"
    path.write_text(
        "架空市行政改革実施計画 取組一覧\n\n"
        "1 ①窓口の見直し 住民サービス 市民課 3ページ 4 ①公共施設の統合 経費節減 施設課 6ページ\n"
        "2 ②職員研修の充実 組織 人事課 4ページ  2 財源の確保\n"
        "5 ②市税収納率の向上 財源確保\n"
        "税務課 7ページ 納税課 8ページ 6 ③使用料の見直し 財源確保 財政課 9ページ\n",
        encoding="utf-8",
    )
    doc = extract(path)
    assert [i.id for i in doc.initiatives] == ["1", "4", "2", "5", "6"]
    assert [i.title for i in doc.initiatives] == [
        "窓口の見直し",
        "公共施設の統合",
        "職員研修の充実",
        "市税収納率の向上",
        "使用料の見直し",
    ]
    assert doc.initiatives[3].departments == ["税務課", "納税課"]
    # rows in id order open a group at ①: 1, 2 | 4, 5, 6 — group 2 is the one headed 「2 財源の確保」
    assert [i.section_path for i in doc.initiatives] == [
        [],
        ["財源の確保"],
        [],
        ["財源の確保"],
        ["財源の確保"],
    ]


def test_a_line_with_one_row_is_not_run_together(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("報告\n\n1 ①窓口の見直しについて検討した。\n", encoding="utf-8")
    assert not [i for i in extract(path).initiatives if i.layout == "rows-run-together"]


def test_rows_numbered_one_two_three_run_together(tmp_path):
    path = tmp_path / "numbered.txt"
    path.write_text(
        "架空町の取組結果一覧\n\nNo. 取組項目 担当課 結果 効果額 (千円)\n\nⅠ 歳入の確保\n\n"
        "1 町税収納率の向上 税務課 順調 4,120 2 使用料の見直し 財政課 遅れ ― 3 町有地の売却 管財課 完了 2,860\n"
        " Ⅱ 歳出の削減 4 消耗品の一括調達 契約課 順調 780 5 補助金の\n見直し 財政課 遅れ ―\n\n合計 7,760\n",
        encoding="utf-8",
    )
    doc = extract(path)
    items = doc.initiatives
    assert [(i.id, i.title) for i in items] == [
        ("1", "町税収納率の向上"),
        ("2", "使用料の見直し"),
        ("3", "町有地の売却"),
        ("4", "消耗品の一括調達"),
        ("5", "補助金の見直し"),
    ]
    assert [i.status.code for i in items] == ["on_track", "delayed", "completed", "on_track", "delayed"]
    assert [[m.yen for m in i.money] for i in items] == [[4_120_000], [], [2_860_000], [780_000], []]
    assert [i.section_path[-1] for i in items] == ["歳入の確保"] * 3 + ["歳出の削減"] * 2
