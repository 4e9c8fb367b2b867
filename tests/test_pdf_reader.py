"""The PDF reader on fixture PDFs generated at test time (tests/pdf_fixtures.py): lines in reading
order, page furniture removed, ruled tables with wrapped and merged cells, a table continued over
pages joined once, a landscape page, notes for odd fonts, one clear error for each unusable file."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

import pdf_fixtures as fx
from reformparse import extract
from reformparse.errors import InputError
from reformparse.read.pdf import read_pdf
from reformparse.read.text import read_text

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    fx.japanese_font() is None, reason="no Japanese font (pip install japanize-matplotlib)"
)


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf_reader")


@pytest.fixture(scope="session")
def report(pdf_dir):
    path = fx.build_report(pdf_dir / "report.pdf")
    return path, read_pdf(path)


def texts(document, page=None) -> list[str]:
    return [b.text for b in document.blocks if b.kind == "text" and (page is None or b.page == page)]


def tables(document) -> list:
    return [b for b in document.blocks if b.kind == "table"]


# --------------------------------------------------------------------------- the fixture report


def test_source_fields(report):
    path, document = report
    assert document.format == "pdf"
    assert document.pages == 4
    assert document.name == "report.pdf" and document.path == str(path)
    assert document.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert document.notes == []


def test_text_lines_in_order_without_spurious_spaces(report):
    _, document = report
    assert texts(document, page=1) == [
        fx.REPORT_TITLE,
        "第1章\u3000計画の概要",  # U+3000 kept as printed
        # 〜 → ～; Japanese words joined without spaces
        "本計画は、架空市の行財政運営を持続可能なものとするため、令和2年度～令和5年度を期間として定めたものです。",
        # the printed spaces kept; Kangxi radical ⾏ and radical supplement ⻑ folded to 行 and 長
        "DX 推進のため ICT を活用し、行政サービスの質の向上と長期的な財政の健全化を図ります。",
        "第2章\u3000主な取組",
    ]
    first = [b for b in document.blocks if b.page == 1]
    assert [(b.start_line, b.end_line) for b in first[:5]] == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]


def test_page_numbers_removed_and_running_title_kept_once(report):
    _, document = report
    all_texts = texts(document)
    assert all_texts.count(fx.REPORT_TITLE) == 1
    assert not any(t.startswith("- ") and t.endswith(" -") for t in all_texts)
    # page 2 starts at line 2: line 1 was the running title (removed, numbering kept per page)
    page2 = [b for b in document.blocks if b.page == 2]
    assert page2[0].text == "（1）実践項目別の取組結果" and page2[0].start_line == 2
    # removed lines are not content
    assert (2, 1) not in document.content_lines and (1, 1) in document.content_lines


def test_ruled_table_with_wrapped_and_merged_cells(report):
    _, document = report
    table = tables(document)[0]
    assert table.page == 1 and table.style == "pdf"
    assert [row.cells for row in table.rows] == fx.REPORT_TABLE1
    # wrapped text joined without spaces; bullet items on their own lines
    assert "\n" not in table.rows[1].cells[2]
    assert table.rows[2].cells[2].split("\n") == [
        "・施設の統廃合を進める",
        "・指定管理者制度の導入を検討する",
    ]
    # the filled first row is the header
    assert table.header_rows == 1
    # rows numbered after the five text lines above the table, on page 1
    assert [(row.page, row.line) for row in table.rows] == [(1, n) for n in range(6, 11)]
    assert (table.start_line, table.end_line) == (6, 10)


def test_text_inside_a_table_is_not_also_a_text_line(report):
    _, document = report
    for text in texts(document):
        assert "市民課" not in text and "実践項目その" not in text and "歳入の確保" not in text


def test_table_continued_over_pages_is_one_block_with_its_header_once(report):
    _, document = report
    continued = [b for b in tables(document) if len({row.page for row in b.rows}) > 1]
    assert len(continued) == 1
    table = continued[0]
    assert table.page == 2 and table.header_rows == 1
    assert [row.cells for row in table.rows] == [fx.REPORT_TABLE2_HEADER, *fx.REPORT_TABLE2_ROWS]
    pages = [row.page for row in table.rows]
    assert pages == sorted(pages) and set(pages) == {2, 3}
    on_page3 = [row for row in table.rows if row.page == 3]
    # line 1 of page 3 is the running title and line 2 the repeated header (both dropped)
    assert on_page3[0].line == 3
    assert [row.line for row in on_page3] == list(range(3, 3 + len(on_page3)))
    assert table.end_line == max(row.line for row in table.rows if row.page == 2)
    assert all((row.page, row.line) in document.content_lines for row in table.rows)
    assert (3, 2) not in document.content_lines
    # no other table on pages 2-3
    assert [b for b in tables(document) if b.page in (2, 3)] == [table]


def test_landscape_page(report):
    path, document = report
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        assert pdf.pages[3].width > pdf.pages[3].height
    page4 = [b for b in document.blocks if b.page == 4]
    assert [b.kind for b in page4] == ["text", "table", "text"]
    assert page4[0].text == fx.REPORT_LANDSCAPE_HEADING
    assert [row.cells for row in page4[1].rows] == fx.REPORT_TABLE3
    assert page4[2].text == fx.REPORT_LAST_LINE


def test_extract_reads_the_report(report):
    path, _ = report
    document = extract(path)
    assert document.source.format == "pdf" and document.source.pages == 4
    long = [t for t in document.tables if len(t.rows) == len(fx.REPORT_TABLE2_ROWS)]
    assert len(long) == 1 and long[0].header == [fx.REPORT_TABLE2_HEADER]


# --------------------------------------------------------------------------- smaller cases


def test_fake_bold_doubled_glyphs_are_read_once(tmp_path):
    pdf = fx.new_pdf()
    pdf.add_page()
    pdf.set_font("jp", size=12)
    pdf.text(20, 30, "重要な取組")
    pdf.text(20.1, 30, "重要な取組")  # overprinted a little to the right: fake bold
    path = tmp_path / "bold.pdf"
    pdf.output(str(path))
    assert texts(read_pdf(path)) == ["重要な取組"]


def test_page_number_forms_and_numbered_running_title(tmp_path):
    forms = ["1/3", "P2", "3"]
    pdf = fx.new_pdf()
    for number, form in enumerate(forms, 1):
        pdf.add_page()
        pdf.set_y(8)
        pdf.cell(0, 5, f"架空市行政改革大綱　{number}", align="R")
        pdf.set_y(45)
        pdf.cell(0, 6, f"本文その{number}", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 6, "第1章　総則", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-15)
        pdf.cell(0, 5, form, align="C")
    path = tmp_path / "numbers.pdf"
    pdf.output(str(path))
    assert texts(read_pdf(path)) == [
        "架空市行政改革大綱\u30001",
        "本文その1",
        "第1章\u3000総則",
        "本文その2",
        "第1章\u3000総則",  # the same body text at the same place, not in the margin: kept
        "本文その3",
        "第1章\u3000総則",
    ]


def test_two_column_text_is_not_taken_for_a_table(tmp_path):
    pdf = fx.new_pdf()
    pdf.add_page()
    pdf.set_font("jp", size=10)
    for left, right in (("令和5年3月", "架空市総務部"), ("担当", "行政改革推進課")):
        pdf.cell(60, 6, left)
        pdf.cell(0, 6, right, new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "本文です。", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "columns.pdf"
    pdf.output(str(path))
    document = read_pdf(path)
    assert [b.kind for b in document.blocks] == ["text", "text", "text"]
    assert texts(document) == ["令和5年3月 架空市総務部", "担当 行政改革推進課", "本文です。"]


def test_font_without_unicode_map_is_noted(tmp_path):
    document = read_pdf(fx.cid_font_pdf(tmp_path / "cid.pdf"))
    assert [code for code, _, _ in document.notes] == ["pdf-cid-font"]
    _, message, span = document.notes[0]
    assert "Unicode" in message and span.page == 1


def test_encrypted_with_empty_user_password_is_read(tmp_path):
    document = read_pdf(fx.encrypted_pdf(tmp_path / "owner_only.pdf", user_password=None))
    assert texts(document) == ["秘密の取組"]


def test_pdfplumber_is_imported_only_when_a_pdf_is_read():
    code = (
        "import sys, reformparse, reformparse.cli, reformparse.read.pdf;"
        "assert 'pdfplumber' not in sys.modules and 'pdfminer' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (fx.encrypted_pdf, r"encrypted and cannot be opened without a password$"),
        (fx.truncated_pdf, r"not a readable PDF \(truncated"),
        (fx.corrupt_pdf, r"not a readable PDF \(corrupt or truncated"),
        (fx.text_named_pdf, r"named \.pdf but is not a PDF file$"),
        (fx.image_only_pdf, r"has no text layer \(scanned\?\); OCR is not supported$"),
        (fx.vector_only_pdf, r"has no text layer \(scanned\?\); OCR is not supported$"),
        (lambda path: path.write_bytes(b"") or path, r"the file is empty$"),
    ],
    ids=["encrypted", "truncated", "corrupt", "text", "image-only", "vector-only", "empty"],
)
def test_unusable_files_raise_one_clear_input_error(tmp_path, make, message):
    path = make(tmp_path / "bad.pdf")
    with pytest.raises(InputError, match=message) as caught:
        read_pdf(path)
    text = str(caught.value)
    assert "\n" not in text and text.startswith(str(path))
    assert caught.value.__cause__ is None  # no pdfminer traceback chained for the user


def test_truncated_pdf_with_an_end_marker_is_still_an_input_error(tmp_path, report):
    source, _ = report
    data = source.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2] + b"\n%%EOF\n")
    with pytest.raises(InputError, match="not a readable PDF"):
        read_pdf(path)


def test_extract_turns_a_bad_pdf_into_an_input_error(tmp_path):
    with pytest.raises(InputError, match="encrypted"):
        extract(fx.encrypted_pdf(tmp_path / "locked.pdf"))


# --------------------------------------------------------------------------- rendering text reports


FICTIONAL = (
    "ひかり野市行政改革実施計画\n\n第1章　取組一覧\n\n"
    + "番号\t取組名\t担当課\t令和5年度\n"
    + "".join(f"{n}\t取組{n}の推進と見直し\t総務課\t実施\n" for n in range(1, 121))
    + "\n以上\n"
)


def test_render_text_report_gives_the_text_readings_tables(tmp_path):
    txt = tmp_path / "fictional.txt"
    txt.write_text(FICTIONAL, encoding="utf-8")
    pdf = tmp_path / "fictional.pdf"
    fx.render_text_report(txt, pdf)
    document = read_pdf(pdf)
    assert document.pages >= 2
    assert texts(document) == ["ひかり野市行政改革実施計画", "第1章\u3000取組一覧", "以上"]
    [table] = tables(document)
    expected = [row.cells for b in read_text(txt).blocks if b.kind == "table" for row in b.rows]
    assert len(expected) == 121
    assert [row.cells for row in table.rows] == expected  # the repeated header appears once
    assert table.header_rows == 1 and len({row.page for row in table.rows}) >= 2


@pytest.mark.parametrize(
    "sample",
    sorted(
        p.name for p in (ROOT / "samples").glob("*") if p.suffix in (".txt", ".md") and p.name != "README.md"
    ),
)
def test_rendered_samples_read_back_with_the_same_tables(pdf_dir, sample):
    source = ROOT / "samples" / sample
    target = pdf_dir / (source.stem + ".pdf")
    fx.render_text_report(source, target)
    document = read_pdf(target)
    text_tables = [b for b in read_text(source).blocks if b.kind == "table"]
    pdf_tables = tables(document)
    assert len(pdf_tables) == len(text_tables)
    for from_pdf, from_text in zip(pdf_tables, text_tables):
        filled = [row for row in from_text.rows if any(cell.strip() for cell in row.cells)]
        assert len(from_pdf.rows) == len(filled)  # rows with no text are not read from a PDF
        assert all(row.page for row in from_pdf.rows)
