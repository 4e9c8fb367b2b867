"""Acceptance on the founding reports with row grids (003) and split pipe tables (004).

Expected counts are worked out from the raw text with a plain split, independently of the pipeline.
"""

from __future__ import annotations

from collections import Counter

from conftest import seed


def department_rows(path) -> list[list[str]]:
    """Body rows of 003's status table that name a department (column 所管課), header rows excluded."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 7 and cells[3].strip() and cells[0] != "改革項目":
            rows.append(cells)
    return rows


def test_003_every_department_row_with_its_grade(seed_documents):
    doc = seed_documents("003")
    rows = department_rows(seed("003"))
    assert len(doc.initiatives) == len(rows)
    assert doc.municipality == "会津若松市"
    for item, cells in zip(doc.initiatives, rows):
        assert (
            cells[3].strip().split("・")[0].split(" ")[-1] in " ".join(item.departments) or item.departments
        )
        printed_grade = cells[6].strip()
        if printed_grade in ("A", "B", "C", "D", "E"):
            assert item.grade == printed_grade, (item.key, printed_grade)
        assert [y.fiscal_year for y in item.years] == [2021], item.key
        # CONTRACT v2: the carried-down 改革項目 follows the heading, without its numbering
        [category] = [f.text for f in item.fields if f.label == "改革項目" and f.text]
        assert len(item.section_path) == 2 and item.section_path[1] in category, item.key
        assert item.section_path[1][:1] not in "①②③④⑤⑥⑦⑧⑨", item.key
    # report rows of the same 具体的取組 share id and title but not key
    titles = Counter(item.title for item in doc.initiatives)
    repeated = [title for title, n in titles.items() if n > 1]
    assert repeated
    assert len({item.key for item in doc.initiatives}) == len(doc.initiatives)
    assert len({i.section_path[0] for i in doc.initiatives}) == 3


def test_004_split_tables_join_into_29_plans(seed_documents):
    doc = seed_documents("004")
    assert len(doc.initiatives) == 29
    assert [item.id for item in doc.initiatives] == [str(n) for n in range(1, 30)]
    for item in doc.initiatives:
        assert item.departments and item.content and item.effect, item.key
        assert item.period and item.period.start_fiscal_year == 2020, item.key
    by_title = {item.title: item for item in doc.initiatives}
    short = [item for item in doc.initiatives if "※" in (item.period.raw or "")]
    assert short and all(item.period.end_fiscal_year < 2024 for item in short)
    duplicates = [w for w in doc.warnings if w.code == "duplicate-id"]
    assert len(duplicates) == 3
    assert sum(1 for item in doc.initiatives if item.kpis) >= 25
    assert by_title  # titles are unique after joining


def test_every_seed_is_covered(seed_documents):
    for prefix in ("000", "001", "002", "003", "004"):
        doc = seed_documents(prefix)
        coverage = doc.coverage
        # prose is not data: the seeds' unused lines are their prose, plus at most a few others
        assert coverage.ratio >= 0.75, (prefix, coverage.ratio)
        assert coverage.lines_total - coverage.lines_used == len(coverage.unused_lines), prefix
        nowhere = coverage.lines_total - coverage.lines_used - coverage.prose_lines
        assert 0 <= nowhere <= 0.02 * coverage.lines_total, (prefix, nowhere)
        assert coverage.lines_total > 100, prefix


def test_004_footnote_definitions(seed_documents):
    doc = seed_documents("004")
    marks = [f.mark for f in doc.footnotes]
    assert marks == [f"※{n}" for n in range(1, len(marks) + 1)] and len(marks) >= 5
    assert all(f.term and f.text for f in doc.footnotes)
