"""PDF reading: fixture PDFs rendered from the fictional samples give the same initiatives as the text;
each bad PDF gives one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from pdf_fixtures import japanese_font, new_pdf, render_text_report
from reformparse import extract
from reformparse.errors import InputError
from reformparse.read.pdf import read_pdf
from reformparse.read.pdf_options import fast_engine_available, pdf_options

ROOT = Path(__file__).resolve().parent.parent
needs_font = pytest.mark.skipif(
    japanese_font() is None, reason="no Japanese font (pip install japanize-matplotlib)"
)
#: samples whose PDF reading still differs from the text reading, with what differs
PDF_DIFFERENCES: dict[str, str] = {}


def signature(document) -> list[tuple]:
    """Everything but spans: ids, titles, departments, years with phases/statuses/grades, money, KPIs."""
    out = []
    for item in document.initiatives:
        years = tuple((y.fiscal_year, y.phase, y.status and y.status.code, y.grade) for y in item.years)
        kpis = tuple((k.name, k.target and k.target.value) for k in item.kpis)
        out.append(
            (
                item.id,
                item.title,
                tuple(item.departments),
                years,
                item.grade,
                tuple(m.yen for m in item.money),
                kpis,
            )
        )
    return out


@pytest.fixture(scope="session")
def sample_pdfs(tmp_path_factory):
    if japanese_font() is None:
        pytest.skip("no Japanese font")
    folder = tmp_path_factory.mktemp("pdfs")
    made = {}
    for sample in sorted((ROOT / "samples").glob("*")):
        if sample.suffix in (".txt", ".md") and sample.name != "README.md":
            target = folder / (sample.stem + ".pdf")
            render_text_report(
                sample, target, landscape_from=12 if sample.name == "results_cards.txt" else None
            )
            made[sample.name] = (sample, target)
    return made


@needs_font
@pytest.mark.parametrize(
    "name",
    [
        "results_cards.txt",
        "plan_cards.txt",
        "status_table_pages.txt",
        "evaluation_sheets.txt",
        "progress_sheets.txt",
        "split_pipe_tables.md",
    ],
)
@pytest.mark.parametrize("engine", ["fast", "pdfplumber"])
def test_pdf_and_text_give_the_same_initiatives(name, engine, sample_pdfs):
    if name in PDF_DIFFERENCES:
        pytest.xfail(PDF_DIFFERENCES[name])
    if engine == "fast" and not fast_engine_available():
        pytest.skip("pdf_oxide not installed")
    text_path, pdf_path = sample_pdfs[name]
    with pdf_options(engine):
        from_text, from_pdf = extract(text_path), extract(pdf_path)
    assert from_pdf.source.format == "pdf" and from_pdf.source.pages >= 2
    assert signature(from_pdf) == signature(from_text)
    assert all(item.span.page for item in from_pdf.initiatives)


@needs_font
def test_tables_continue_over_pages_and_landscape_pages_read(sample_pdfs):
    _, pdf_path = sample_pdfs["results_cards.txt"]
    document = read_pdf(pdf_path)
    pages = {block.page for block in document.blocks}
    assert len(pages) >= 3
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        assert any(page.width > page.height for page in pdf.pages)
    continued = [b for b in document.blocks if b.kind == "table" and b.start_line == 1 and b.page > 1]
    assert continued, "a card table split by a page break"


@needs_font
def test_page_numbers_and_running_titles_are_removed(tmp_path):
    pdf = new_pdf()
    for number in range(1, 5):
        pdf.add_page()
        pdf.cell(0, 6, "架空市行政改革の取組状況", new_x="LMARGIN", new_y="NEXT")
        pdf.cell(0, 6, f"本文その{number}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 6, f"- {number} -", align="C")
    path = tmp_path / "running.pdf"
    pdf.output(str(path))
    texts = [b.text for b in read_pdf(path).blocks if b.kind == "text"]
    assert texts == ["架空市行政改革の取組状況", "本文その1", "本文その2", "本文その3", "本文その4"]


def test_not_a_pdf(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("これはPDFではない", encoding="utf-8")
    with pytest.raises(InputError, match="not a PDF"):
        read_pdf(path)


def test_truncated_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n")
    with pytest.raises(InputError, match="not a readable PDF|no pages|no text layer"):
        read_pdf(path)


@needs_font
def test_encrypted_pdf(tmp_path):
    from fpdf.enums import EncryptionMethod

    pdf = new_pdf()
    pdf.add_page()
    pdf.cell(0, 6, "秘密")
    pdf.set_encryption(
        owner_password="owner", user_password="user", encryption_method=EncryptionMethod.AES_128
    )
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError, match="encrypted"):
        read_pdf(path)


@needs_font
def test_pdf_without_text_layer(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError, match="OCR is not supported"):
        read_pdf(path)


@needs_font
def test_rotated_page_and_vertical_text_are_read_and_warned(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    pdf.cell(0, 6, "横書きの本文", new_x="LMARGIN", new_y="NEXT")
    with pdf.rotation(90, x=100, y=150):
        pdf.text(100, 150, "縦に回した文字列の行です")
    vertical = tmp_path / "vertical.pdf"
    pdf.output(str(vertical))
    document = read_pdf(vertical)
    assert document.blocks[0].text == "横書きの本文"
    assert [code for code, _, _ in document.notes] == ["pdf-vertical-text"]
    # the same page with /Rotate 90 in its dictionary
    rotated = tmp_path / "rotated.pdf"
    rotated.write_bytes(vertical.read_bytes().replace(b"/Type /Page\n", b"/Type /Page /Rotate 90\n", 1))
    document = read_pdf(rotated)
    assert "pdf-rotated" in [code for code, _, _ in document.notes]
    assert any("横書きの本文" in b.text for b in document.blocks)
    extracted = extract(rotated)
    assert "pdf-rotated" in [w.code for w in extracted.warnings]


@needs_font
def test_unruled_table_is_read_from_column_gaps(tmp_path):
    from fpdf.fonts import FontFace

    pdf = new_pdf()
    pdf.add_page()
    pdf.multi_cell(0, 6, "取組状況の一覧は次のとおりです。", new_x="LMARGIN", new_y="NEXT")
    rows = [
        ["区分", "取組数", "実施済み", "予定どおり進んでいる"],
        ["窓口", "3", "1", "2"],
        ["合計", "3", "1", "2"],
    ]
    with pdf.table(
        borders_layout="NONE", first_row_as_headings=False, headings_style=FontFace(emphasis="")
    ) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    path = tmp_path / "unruled.pdf"
    pdf.output(str(path))
    blocks = read_pdf(path).blocks
    assert [b.kind for b in blocks] == ["text", "table"]
    assert [r.cells for r in blocks[1].rows] == rows
