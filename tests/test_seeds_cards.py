"""Acceptance on the founding reports (read from ../shared/seeds; skipped when absent).

Expected numbers come from the reports themselves: 000 prints its own 実施件数 table and 取組合計額;
002 prints a table of contents of 36 items.
"""

from __future__ import annotations

from collections import Counter

from reformparse.models import Document


def test_000_results_cards_give_80_initiatives_with_years(seed_documents):
    doc: Document = seed_documents("000")
    assert doc.kind == "results"
    assert doc.municipality == "旭川市"
    ids = [item.id for item in doc.initiatives]
    assert ids == [str(n) for n in range(1, 81)]
    for item in doc.initiatives:
        assert item.title, item.key
        assert item.departments, item.key
        assert len(item.section_path) == 3, (item.key, item.section_path)
        assert [y.fiscal_year for y in item.years] == [2020, 2021, 2022, 2023], item.key
        assert all(y.status is not None for y in item.years), item.key
        assert item.years[0].phase is not None, item.key


def test_000_first_card_fields(seed_documents):
    doc: Document = seed_documents("000")
    first = doc.initiatives[0]
    assert first.section_path[0] == "効果的で効率的な行政運営"
    assert first.section_path[1] == "スマート自治体への転換"
    assert "情報政策課" in first.departments
    assert first.years[0].phase == "implement"
    assert first.years[0].status.code == "on_track"
    assert first.years[-1].status.code == "completed"
    assert first.background and "ICT" in first.background
    assert first.result and first.next_steps


def test_000_status_counts_agree_with_the_printed_summary(seed_documents):
    doc: Document = seed_documents("000")
    finals = Counter(item.status.code for item in doc.initiatives)
    assert finals == {"completed": 12, "on_track": 58, "delayed": 9, "infeasible": 1}
    status_checks = [c for c in doc.checks if c.code == "status-count"]
    assert len(status_checks) == 16  # 15 categories and the 合計 row
    assert all(c.ok for c in status_checks), [c.message for c in status_checks if not c.ok]
    assert not [w for w in doc.warnings if w.code == "count-mismatch"]


def test_000_money_summary_in_yen(seed_documents):
    doc: Document = seed_documents("000")
    totals = [a for a in doc.amounts if a.label == "取組合計額 財源確保目標額"]
    assert [a.yen for a in totals] == [5_660_000_000]
    headline = [a for a in doc.amounts if a.raw.startswith("56億6千万")]
    assert headline and headline[0].yen == 5_660_000_000


def test_002_plan_cards_give_the_36_items_of_the_table_of_contents(seed_documents):
    doc: Document = seed_documents("002")
    assert doc.kind == "plan"
    assert doc.municipality == "安中市"
    toc = [c for c in doc.checks if c.code == "toc-count"]
    assert toc and toc[0].expected == {"items": 36} and toc[0].ok, toc
    assert len(doc.initiatives) == 36
    assert len({item.key for item in doc.initiatives}) == 36
    for item in doc.initiatives:
        assert item.title and item.departments, item.key
        assert len(item.section_path) == 2, (item.key, item.section_path)
        assert [y.fiscal_year for y in item.years] == [2020, 2021, 2022, 2023, 2024], (item.key, item.years)
        assert any(y.phase is not None for y in item.years), item.key
    phases = [y.phase for item in doc.initiatives for y in item.years]
    # a few year cells are blank in the report itself (not yet planned)
    assert sum(p is not None for p in phases) >= 0.95 * len(phases)
    assert {"study", "implement", "achieve"} <= set(phases)
    first = doc.initiatives[0]
    assert first.id == "1" and first.title == "情報提供手段の拡大"
    assert first.kpis and first.kpis[0].baseline.value == 456456 and first.kpis[0].target.value == 510000
    assert first.kpis[0].yearly[2020].value == 470000


def test_other_seeds_extract_into_sections_and_tables(seed_documents):
    for prefix in ("001", "003", "004"):
        doc: Document = seed_documents(prefix)
        assert doc.sections, prefix
        assert doc.tables or doc.initiatives, prefix
        assert doc.coverage.ratio > 0.75, (prefix, doc.coverage.ratio)
