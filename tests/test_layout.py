"""Space-aligned tables (pdftotext -layout) become table blocks."""

from __future__ import annotations

from reformparse import extract
from reformparse.read.layout import cells_of, display_width


def test_cells_keep_their_display_columns():
    assert display_width("取組") == 4 and display_width("A1") == 2
    assert cells_of("番号  取組項目    担当課") == [(0, "番号"), (6, "取組項目"), (18, "担当課")]
    assert cells_of("財政課　　遅れ") == [(0, "財政課"), (10, "遅れ")]


def test_an_aligned_table_feeds_the_row_grid(tmp_path):
    lines = [
        "架空市行政改革の進捗状況",
        "",
        "番号  取組項目                担当課        令和5年度  令和6年度  評価",
        "",
        " 1    窓口予約の導入          市民課        順調       完了       A",
        " 2    公共施設の長寿命化に    施設課        遅れ       順調       B",
        "      向けた計画の策定",
        " 3    会議の削減              総務課        完了       －         A",
        "",
        "注：評価は令和6年度末の状況です。",
    ]
    path = tmp_path / "layout.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = extract(path)
    assert [i.title for i in doc.initiatives] == [
        "窓口予約の導入",
        "公共施設の長寿命化に向けた計画の策定",
        "会議の削減",
    ]
    assert [i.departments for i in doc.initiatives] == [["市民課"], ["施設課"], ["総務課"]]
    first = doc.initiatives[0]
    assert [(y.fiscal_year, y.status.code) for y in first.years] == [(2023, "on_track"), (2024, "completed")]
    assert [i.grade for i in doc.initiatives] == ["A", "B", "A"]
    assert doc.paragraphs and doc.paragraphs[-1].text.startswith("注")


def test_prose_with_double_spaces_is_not_a_table(tmp_path):
    path = tmp_path / "prose.txt"
    path.write_text("本市は  改革を  進めた。\n次の年度も  取組を続ける。\n", encoding="utf-8")
    assert all(not t.rows for t in extract(path).tables)


def test_a_two_line_header_and_section_rows(tmp_path):
    lines = [
        "架空市の実施計画",
        "",
        "取組                          所管        令和    令和    効果額",
        "番号  取組項目                課          6年度   7年度   (千円)",
        "",
        "【1】行政運営の効率化",
        "1     窓口予約の導入          市民課      検討    実施",
        "2     会議の削減              総務課      実施    継続     1,800",
        "【2】財政基盤の強化",
        "3     使用料の見直し          財政課      検討    実施     3,200",
    ]
    path = tmp_path / "two_line_header.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = extract(path)
    items = doc.initiatives
    assert [(i.id, i.title, i.departments) for i in items] == [
        ("1", "窓口予約の導入", ["市民課"]),
        ("2", "会議の削減", ["総務課"]),
        ("3", "使用料の見直し", ["財政課"]),
    ]
    assert [i.section_path for i in items] == [["行政運営の効率化"], ["行政運営の効率化"], ["財政基盤の強化"]]
    assert [(y.fiscal_year, y.phase) for y in items[1].years] == [(2024, "implement"), (2025, "continue")]
    assert [m.yen for m in items[2].money] == [3_200_000]
