"""Fixture PDFs made by the test suite from the fictional text samples (fpdf2 + the IPAex Gothic font
that the japanize-matplotlib package ships), so that PDF and text readings can be compared."""

from __future__ import annotations

from pathlib import Path

from reformparse.cells import clean_cell
from reformparse.read.text import decode, lines_to_blocks, split_lines


def japanese_font() -> Path | None:
    """A TrueType font with Japanese glyphs from an installed package, or None."""
    import importlib.util

    spec = importlib.util.find_spec("japanize_matplotlib")  # located, not imported (no matplotlib start-up)
    if spec is None or not spec.origin:
        return None
    font = Path(spec.origin).parent / "fonts" / "ipaexg.ttf"
    return font if font.exists() else None


def new_pdf():
    from fpdf import FPDF

    font = japanese_font()
    if font is None:
        raise RuntimeError("no Japanese font: pip install japanize-matplotlib")
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("jp", "", str(font))
    pdf.set_font("jp", size=8)
    return pdf


def render_text_report(txt_path: Path, pdf_path: Path, *, landscape_from: int | None = None) -> None:
    """Render a text sample: TAB/pipe rows as ruled tables (wrapped cells), other lines as text.
    With `landscape_from`, tables from that block index on are put on landscape pages."""
    from fpdf.fonts import FontFace

    text, _ = decode(txt_path.read_bytes(), txt_path.name)
    blocks = lines_to_blocks(split_lines(text))
    pdf = new_pdf()
    pdf.add_page()
    for index, block in enumerate(blocks):
        if block.kind == "text":
            pdf.multi_cell(0, 5, block.text, new_x="LMARGIN", new_y="NEXT")
            continue
        if landscape_from is not None and index == landscape_from:
            pdf.add_page(orientation="L")
        rows = [[clean_cell(c) for c in row.cells] for row in block.rows]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        headings = block.header_rows == 1
        with pdf.table(
            first_row_as_headings=headings,
            headings_style=FontFace(emphasis=""),
            text_align="LEFT",
            line_height=4,
        ) as table:
            for cells in rows:
                row = table.row()
                for cell in cells:
                    row.cell(cell)
        pdf.ln(2)
    pdf.output(str(pdf_path))
