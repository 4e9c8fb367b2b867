"""Label blocks: a label alone on its line with its value below, label：value, letter-spaced labels."""

from __future__ import annotations

from reformparse import extract


def _doc(tmp_path, text: str):
    path = tmp_path / "blocks.txt"
    path.write_text(text, encoding="utf-8")
    return extract(path)


def test_label_lines_and_values(tmp_path):
    doc = _doc(
        tmp_path,
        "架空村の取組結果\n\n1 住民サービス\n\n(1) 窓口の延長\n所管課\n住民課\n戸籍係\n実績\n"
        "平日の窓口を午後7時まで延ばした。\n進捗状況\n順調\n\n"
        "取組項目：会議の削減\n所管課：総務課\n評価：B\n\n"
        "取 組 名\nNo.9 公用車の削減\n所　管　課\n財産課\n令和5年度 実績：3台を削減した。\n進 捗 状 況\n完了\n",
    )
    items = doc.initiatives
    assert [(i.id, i.title) for i in items] == [
        ("1", "窓口の延長"),
        (None, "会議の削減"),
        ("9", "公用車の削減"),
    ]
    assert items[0].departments == ["住民課", "戸籍係"]
    assert items[0].section_path == ["住民サービス"]
    assert [i.status and i.status.code for i in items] == ["on_track", None, "completed"]
    assert items[1].grade == "B"
    assert [(y.fiscal_year, y.actual) for y in items[2].years] == [(2023, "3台を削減した。")]
    assert {i.layout for i in items} == {"label-block"}


def test_one_label_in_prose_is_not_a_record(tmp_path):
    doc = _doc(tmp_path, "お知らせ\n\n実績\n本年度は多くの市民に参加いただきました。\n次年度も続けます。\n")
    assert doc.initiatives == []


def test_title_lines_and_bracketed_or_spaced_labels(tmp_path):
    doc = _doc(
        tmp_path,
        "架空市実施計画\n\n【取組１】審議会の公開\n〈担当課〉\n 総務課\n〈取組内容〉\n 会議録を公開する。\n\n"
        "【取組２】窓口の統合\n〈担当課〉市民課\n〈取組内容〉\n 窓口を一つにする。\n\n"
        "1-3 公用車の削減\n 担当 管財課\n 取組内容 台数を減らす。\n",
    )
    assert [(i.id, i.title, i.departments) for i in doc.initiatives] == [
        ("1", "審議会の公開", ["総務課"]),
        ("2", "窓口の統合", ["市民課"]),
        ("1-3", "公用車の削減", ["管財課"]),
    ]


def test_a_record_on_one_line_split_by_slashes(tmp_path):
    doc = _doc(
        tmp_path,
        "架空市の進捗状況\n\n■進捗状況の区分\n ◎：完了 ○：順調 △：遅れ\n\n"
        "取組項目：窓口の統合 ／ 担当：市民課 ／ 状況：◎完了\n 実績：窓口を一つにした\n"
        "取組項目：会議の削減 ／ 担当：総務課 ／ 状況：○順調\n",
    )
    assert [(i.title, i.departments, i.status.code) for i in doc.initiatives] == [
        ("窓口の統合", ["市民課"], "completed"),
        ("会議の削減", ["総務課"], "on_track"),
    ]
