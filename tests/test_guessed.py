"""Columns known by their content when the header is lost."""

from __future__ import annotations

from reformparse import extract
from reformparse.records.guessed import guess_columns


def test_columns_are_guessed_from_their_cells():
    rows = [
        ["窓口の見直し", "市民課", "完了", "1,200千円"],
        ["会議の削減", "総務課", "順調", "300千円"],
        ["施設の統合", "施設管理室", "遅れ", "2,000千円"],
    ]
    assert guess_columns(rows) == {0: "title", 1: "departments", 2: "status", 3: "money"}


def test_a_headerless_table_gives_initiatives_and_says_so(tmp_path):
    path = tmp_path / "guess.txt"
    path.write_text(
        "架空村の取組結果\n\n"
        "窓口の見直し\t市民課\t完了\t1,200千円\n会議の削減\t総務課\t順調\t300千円\n"
        "施設の統合\t施設管理室\t遅れ\t2,000千円\n合計\t\t\t3,500千円\n",
        encoding="utf-8",
    )
    doc = extract(path)
    assert [i.title for i in doc.initiatives] == ["窓口の見直し", "会議の削減", "施設の統合"]
    assert [i.departments for i in doc.initiatives] == [["市民課"], ["総務課"], ["施設管理室"]]
    assert [m.yen for m in doc.initiatives[2].money] == [2_000_000]
    assert any(w.code == "layout-guessed" for w in doc.warnings)
    assert any(a.yen == 3_500_000 for a in doc.amounts)


def test_a_table_of_numbers_is_not_guessed(tmp_path):
    path = tmp_path / "numbers.txt"
    path.write_text("区分\t件数\n実施\t12\n未実施\t3\n検討中\t4\n", encoding="utf-8")
    doc = extract(path)
    assert doc.initiatives == [] and not any(w.code == "layout-guessed" for w in doc.warnings)
