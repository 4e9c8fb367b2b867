"""Table rows whose cells ran together with no separator."""

from __future__ import annotations

from reformparse import extract
from reformparse.records.fused import _split_cells


def test_schedule_words_are_split_from_the_end_of_the_title():
    words = ["実施", "検討", "→", "完了"]
    assert _split_cells("窓口の統合検討実施実施", words) == ("窓口の統合", ["検討", "実施", "実施"])
    # a title that ends with a schedule word keeps it: 研修の|実施 is not a title
    assert _split_cells("研修の実施実施", words) == ("研修の実施", ["実施"])


def test_fused_rows_give_initiatives_with_years(tmp_path):
    path = tmp_path / "fused.txt"
    path.write_text(
        "架空市集中改革プラン\n\n取組項目\n\n令和(年度)04050607担当課\n"
        "1公民館の統合検討実施実施   生涯学習課\n2図書館の窓口委託検討検討実施実施 図書館\n",
        encoding="utf-8",
    )
    doc = extract(path)
    items = doc.initiatives
    assert [(i.id, i.title, i.departments) for i in items] == [
        ("1", "公民館の統合", ["生涯学習課"]),
        ("2", "図書館の窓口委託", ["図書館"]),
    ]
    assert [(y.fiscal_year, y.phase) for y in items[0].years] == [
        (2022, "study"),
        (2023, "implement"),
        (2024, "implement"),
    ]
    assert any(w.code == "layout-guessed" for w in doc.warnings)
