"""The text most users have: poppler's `pdftotext` of a report's PDF. Every fictional sample is rendered
to PDF (tests/pdf_fixtures.py), converted by `pdftotext -layout` and by `pdftotext` (its default mode),
and the .txt read by `extract`: the initiatives must be those of the sample's own text — or, where they
are not yet, the document must say so in its warnings."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pdf_fixtures import japanese_font, render_text_report
from reformparse import extract

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(
    p.name for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md"
)
MODES = ("layout", "default")

pytestmark = [
    pytest.mark.skipif(
        shutil.which("pdftotext") is None,
        reason="pdftotext is not installed (apt-get install poppler-utils)",
    ),
    pytest.mark.skipif(japanese_font() is None, reason="no Japanese font (pip install japanize-matplotlib)"),
]

_CARD_COLUMNS = (
    "card tables: the wrapped label values and the schedule rows (計画/実績/進行状況) sit at other "
    "columns than the card's first line, so a card falls apart into several tables"
)
_BLANK_FIRST_COLUMN = (
    "rows whose first column is blank or wraps (carried-down categories, department report rows): the "
    "lines of a vertically centred row cannot be told from its neighbours', rows split or run together"
)
_COLUMN_MAJOR = (
    "a ruled table comes out column by column (every cell of a column on its own line, then the next "
    "column), which no recognizer reads back into rows"
)
#: (sample, mode) whose initiatives differ from the sample text's, with what differs
DIFFERENCES: dict[tuple[str, str], str] = {
    ("evaluation_sheets.txt", "layout"): f"15 initiatives for 10, no departments or years: {_CARD_COLUMNS}",
    ("plan_cards.txt", "layout"): f"4 for 8, departments, phases and KPIs lost: {_CARD_COLUMNS}",
    ("results_cards.txt", "layout"): f"titles from the headings, no departments: {_CARD_COLUMNS}",
    ("split_pipe_tables.md", "layout"): f"17 for 8: {_BLANK_FIRST_COLUMN}",
    ("status_table_pages.txt", "layout"): f"35 for 18: {_BLANK_FIRST_COLUMN}",
    ("evaluation_sheets.txt", "default"): f"6 for 10: {_COLUMN_MAJOR}",
    ("progress_sheets.txt", "layout"): f"5 for 4, titles cut where they wrapped: {_CARD_COLUMNS}",
    ("progress_sheets.txt", "default"): f"2 for 4: {_COLUMN_MAJOR}",
    ("guessed_columns.txt", "default"): f"none for 7: {_COLUMN_MAJOR}",
    ("label_blocks.txt", "default"): "7 for 8: the letter-spaced label 取 組 名 comes out as 取組名",
    ("markdown_headings.md", "default"): f"9 for 13, the 番号/取組項目/担当課 table: {_COLUMN_MAJOR}",
    ("plan_cards.txt", "default"): f"7 for 8, no departments or phases: {_COLUMN_MAJOR}",
    ("results_cards.txt", "default"): f"2 for 10: {_COLUMN_MAJOR}",
    ("run_together.txt", "default"): "9 for 12: the rows run together come out one cell a line, ids and "
    "titles paired wrongly",
    ("space_aligned.txt", "default"): f"2 for 8: {_COLUMN_MAJOR}",
    ("split_pipe_tables.md", "default"): f"11 for 8, departments and KPIs: {_COLUMN_MAJOR}",
    ("status_table_pages.txt", "default"): f"1 for 18: {_COLUMN_MAJOR}",
    ("inline_cards.txt", "default"): "the wrapped card comes out with its labels and values on separate "
    "lines and page furniture between: none of the five cards is read",
}
#: warnings that tell a reader the document was not read in full
WARNED = {
    "no-initiatives",
    "layout-guessed",
    "row-misaligned",
    "missing-title",
    "count-mismatch",
    "table-unread",
}
#: differing readings whose document carries none of WARNED yet (a recognizer would have to notice
#: what it could not read: lines of a table left over, a card without its schedule, ...)
UNWARNED = {
    key
    for key in DIFFERENCES
    if key
    not in {
        ("guessed_columns.txt", "default"),
        ("plan_cards.txt", "layout"),
        ("results_cards.txt", "layout"),
        ("results_cards.txt", "default"),
        ("evaluation_sheets.txt", "default"),
        ("progress_sheets.txt", "default"),
        ("plan_cards.txt", "default"),
        ("space_aligned.txt", "default"),
        ("split_pipe_tables.md", "default"),
        ("status_table_pages.txt", "default"),
        ("inline_cards.txt", "default"),
    }
}


def signature(document) -> list[tuple]:
    """Per initiative, in order: title, departments, years (fiscal year, phase, status, grade), status
    code, grade and money in yen."""
    out = []
    for item in document.initiatives:
        years = tuple((y.fiscal_year, y.phase, y.status and y.status.code, y.grade) for y in item.years)
        out.append(
            (
                item.title,
                tuple(item.departments),
                years,
                item.status and item.status.code,
                item.grade,
                tuple(m.yen for m in item.money),
            )
        )
    return out


@pytest.fixture(scope="session")
def pdftotext_texts(tmp_path_factory):
    """(sample, mode) → the .txt pdftotext made of the sample's PDF."""
    folder = tmp_path_factory.mktemp("pdftotext")
    made = {}
    for name in SAMPLES:
        sample = ROOT / "samples" / name
        pdf = folder / (sample.stem + ".pdf")
        render_text_report(sample, pdf, landscape_from=12 if name == "results_cards.txt" else None)
        for mode in MODES:
            target = folder / f"{sample.stem}.{mode}.txt"
            options = ["-layout"] if mode == "layout" else []
            subprocess.run(["pdftotext", *options, str(pdf), str(target)], check=True, timeout=60)
            made[name, mode] = target
    return made


def _same(name, mode):
    if (name, mode) in DIFFERENCES:
        return [pytest.mark.xfail(reason=DIFFERENCES[name, mode], strict=True)]
    return []


def _warned(name, mode):
    if (name, mode) in UNWARNED:
        return [pytest.mark.xfail(reason="differs without a warning yet", strict=True)]
    return []


@pytest.mark.parametrize(
    ("name", "mode"),
    [
        pytest.param(name, mode, id=f"{name}-{mode}", marks=_same(name, mode))
        for name in SAMPLES
        for mode in MODES
    ],
)
def test_pdftotext_gives_the_sample_texts_initiatives(name, mode, pdftotext_texts):
    from_text = extract(ROOT / "samples" / name)
    from_pdftotext = extract(pdftotext_texts[name, mode])
    assert len(from_pdftotext.initiatives) == len(from_text.initiatives)
    assert signature(from_pdftotext) == signature(from_text)


@pytest.mark.parametrize(
    ("name", "mode"),
    [pytest.param(name, mode, id=f"{name}-{mode}", marks=_warned(name, mode)) for name, mode in DIFFERENCES],
)
def test_what_pdftotext_loses_is_warned(name, mode, pdftotext_texts):
    document = extract(pdftotext_texts[name, mode])
    assert signature(document) != signature(extract(ROOT / "samples" / name))
    assert WARNED & {w.code for w in document.warnings}


def test_spaced_tables_in_characters_and_centred_wrapped_cells():
    """pdftotext -layout puts each character in one column (full-width ones too) and prints a
    wrapped cell of a ruled table around the row's other cells; a total row after the last row."""
    from reformparse.read.layout import aligned_tables
    from reformparse.read.text import lines_to_blocks

    lines = [
        "番号         取組項目       担当課     令和5年度      効果額      評価",
        "           窓口予約システ",
        "1                     住民課     順調         1,150    A",
        "           ムの導入",
        "           公共施設の長寿",
        "2          命化に向けた改    施設管理課   遅れ         2,400    B",
        "           修計画の策定",
        "3          公用車の削減      財産管理課   完了         3,020    A",
        "           効果額合計                             6,570",
    ]
    blocks = aligned_tables(lines_to_blocks(lines), lines)
    assert [b.kind for b in blocks] == ["table"]
    rows = [r.cells for r in blocks[0].rows]
    assert rows == [
        ["番号", "取組項目", "担当課", "令和5年度", "効果額", "評価"],
        ["1", "窓口予約システムの導入", "住民課", "順調", "1,150", "A"],
        ["2", "公共施設の長寿命化に向けた改修計画の策定", "施設管理課", "遅れ", "2,400", "B"],
        ["3", "公用車の削減", "財産管理課", "完了", "3,020", "A"],
        ["", "効果額合計", "", "", "6,570", ""],
    ]
    assert (blocks[0].rows[1].line, blocks[0].rows[1].end_line) == (2, 4)
