"""Fixture PDFs made by the test suite (fpdf2 + the IPAex Gothic font that the japanize-matplotlib
package ships; IPA Font License), so that nothing binary is kept in the repository:

* `render_text_report`: one of our text samples as a PDF (TAB/pipe rows as ruled tables, other
  lines as text lines), to compare the PDF and text readings of the same report;
* `build_report`: a small fictional report with headings, paragraphs, a ruled table with wrapped
  and merged cells, a table continued over two pages with its header repeated, a landscape page,
  page numbers and a running title (`REPORT_*` below say what it holds);
* crafted bad files: encrypted, truncated, text named .pdf, image-only, vector-only, a font
  without a Unicode map.
"""

from __future__ import annotations

from pathlib import Path

from reformparse.cells import clean_cell
from reformparse.read.layout import aligned_tables
from reformparse.read.text import decode, lines_to_blocks, split_lines


def japanese_font() -> Path | None:
    """A TrueType font with Japanese glyphs from an installed package, or None."""
    import importlib.util

    spec = importlib.util.find_spec("japanize_matplotlib")  # located, not imported (no matplotlib start-up)
    if spec is None or not spec.origin:
        return None
    font = Path(spec.origin).parent / "fonts" / "ipaexg.ttf"
    return font if font.exists() else None


def _font() -> Path:
    font = japanese_font()
    if font is None:
        raise RuntimeError("no Japanese font: pip install japanize-matplotlib")
    return font


def new_pdf(cls=None):  # noqa: ANN001
    """An A4 FPDF (or subclass `cls`) with the Japanese font "jp" set at 8 pt."""
    from fpdf import FPDF

    pdf = (cls or FPDF)(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("jp", "", str(_font()))
    pdf.set_font("jp", size=8)
    return pdf


def _table(pdf, rows: list[list[str]], *, headings: int = 0, **options) -> None:  # noqa: ANN001
    from fpdf.fonts import FontFace

    with pdf.table(
        first_row_as_headings=headings > 0,
        num_heading_rows=max(1, headings),
        headings_style=FontFace(emphasis=""),
        text_align="LEFT",
        line_height=options.pop("line_height", 4),
        **options,
    ) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)


def render_text_report(
    txt_path: Path, pdf_path: Path, *, landscape_from: int | None = None, cell_limit: int | None = None
) -> None:
    """Render a text sample: consecutive TAB (or pipe) rows as one ruled table with cell borders
    (wrapped cells; a table too long for its page goes on over the next with its header rows
    repeated), every other non-blank line as a text line. With `landscape_from`, the table blocks
    from that block index on start on landscape pages. With `cell_limit`, cells are cut to that many
    characters (a row taller than a page cannot be drawn; the bench renders long reports so)."""
    import logging

    from reformparse.tables import header_row_count

    logging.getLogger("fpdf").setLevel(logging.ERROR)  # glyphs the font lacks: drawn as blanks

    text, _ = decode(txt_path.read_bytes(), txt_path.name)
    lines = split_lines(text)
    blocks = aligned_tables(lines_to_blocks(lines), lines)  # the blocks the text reader gives
    pdf = new_pdf()
    pdf.add_page()
    for index, block in enumerate(blocks):
        if block.kind == "text":
            pdf.multi_cell(0, 5, block.text, new_x="LMARGIN", new_y="NEXT")
            continue
        if landscape_from is not None and index == landscape_from:
            pdf.add_page(orientation="L")
        rows = [[clean_cell(c)[:cell_limit] for c in row.cells] for row in block.rows]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        headings = header_row_count(block)
        _table(pdf, rows, headings=headings if 0 < headings < len(rows) else 0)
        pdf.ln(2)
    pdf.output(str(pdf_path))


# --------------------------------------------------------------------------- the fixture report

REPORT_TITLE = "架空市行政改革推進計画 取組状況報告書"
REPORT_LINES_PAGE1 = [
    "第1章　計画の概要",
    "本計画は、架空市の行財政運営を持続可能なものとするため、令和2年度〜令和5年度を期間として定めたものです。",
    "DX 推進のため ICT を活用し、⾏政サービスの質の向上と⻑期的な財政の健全化を図ります。",
    "第2章　主な取組",
]
#: the ruled table of page 1: a filled header row, wrapped cells, a row span and a column span
REPORT_TABLE1 = [
    ["番号", "取組項目", "取組内容", "担当課"],
    [
        "1",
        "窓口業務の見直し",
        "窓口の受付時間を見直し、オンライン申請の対象手続を順次拡大するとともに、キャッシュレス決済を導入する",
        "市民課",
    ],
    ["2", "公共施設の最適化", "・施設の統廃合を進める\n・指定管理者制度の導入を検討する", "資産経営課"],
    ["", "", "・使用料の見直し", ""],  # 番号, 取組項目 and 担当課 span rows 2-3
    ["3", "補助金の見直し（全庁で実施）", "", ""],  # 取組項目 spans three columns
]
#: the table that starts on page 2 and goes on over page 3 with its header repeated
REPORT_TABLE2_HEADER = ["No.", "実践項目", "令和5年度の取組結果", "進捗状況"]
REPORT_TABLE2_ROWS = [
    [
        str(n),
        f"実践項目その{n}",
        f"取組その{n}について関係課と協議を行い、実施方針を取りまとめた。",
        "予定どおり進んでいる" if n % 3 else "実施済み",
    ]
    for n in range(1, 41)
]
#: the landscape page (page 4)
REPORT_LANDSCAPE_HEADING = "第3章　財政効果額の推移"
REPORT_TABLE3 = [
    ["区分", "令和2年度", "令和3年度", "令和4年度", "令和5年度", "合計"],
    ["歳入の確保", "12,000", "15,000", "18,000", "20,000", "65,000"],
    ["歳出の削減", "30,000", "32,000", "35,000", "38,000", "135,000"],
]
REPORT_LAST_LINE = "（単位：千円）以上のとおり、財政効果額は計画を上回った。"


def build_report(path: Path) -> Path:
    """The fixture report (4 pages: portrait 1-3, landscape 4), every page with the running title at
    its top and "- n -" at its foot."""
    from fpdf import FPDF

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("jp", size=8)
            self.set_y(8)
            self.cell(0, 5, REPORT_TITLE, align="R")
            self.set_y(18)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("jp", size=8)
            self.cell(0, 5, f"- {self.page_no()} -", align="C")

    pdf = new_pdf(Report)
    pdf.set_font("jp", size=9)
    pdf.add_page()
    for line in REPORT_LINES_PAGE1:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    from fpdf.fonts import FontFace

    with pdf.table(
        col_widths=(12, 38, 100, 30),
        headings_style=FontFace(emphasis="", fill_color=(210, 210, 210)),
        text_align="LEFT",
        line_height=5,
    ) as table:
        header = table.row()
        for cell in REPORT_TABLE1[0]:
            header.cell(cell)
        row = table.row()
        for cell in REPORT_TABLE1[1]:
            row.cell(cell)
        row = table.row()
        row.cell("2", rowspan=2)
        row.cell("公共施設の最適化", rowspan=2)
        row.cell(REPORT_TABLE1[2][2])
        row.cell("資産経営課", rowspan=2)
        table.row().cell(REPORT_TABLE1[3][2])
        row = table.row()
        row.cell("3")
        row.cell(REPORT_TABLE1[4][1], colspan=3)
    pdf.add_page()
    pdf.cell(0, 6, "（1）実践項目別の取組結果", new_x="LMARGIN", new_y="NEXT")
    _table(
        pdf,
        [REPORT_TABLE2_HEADER, *REPORT_TABLE2_ROWS],
        headings=1,
        col_widths=(10, 40, 100, 40),
        line_height=5,
    )
    pdf.add_page(orientation="L")
    pdf.cell(0, 6, REPORT_LANDSCAPE_HEADING, new_x="LMARGIN", new_y="NEXT")
    _table(pdf, REPORT_TABLE3, headings=1, line_height=5)
    pdf.ln(2)
    pdf.cell(0, 6, REPORT_LAST_LINE, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


# --------------------------------------------------------------------------- bad and odd files


def _one_line_pdf(text: str = "架空市の取組"):  # noqa: ANN202
    pdf = new_pdf()
    pdf.add_page()
    pdf.cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return pdf


def encrypted_pdf(path: Path, *, user_password: str | None = "user") -> Path:
    """AES-128 encrypted; with `user_password=None` it opens without a password (owner password only)."""
    from fpdf.enums import EncryptionMethod

    pdf = _one_line_pdf("秘密の取組")
    pdf.set_encryption(
        owner_password="owner", user_password=user_password, encryption_method=EncryptionMethod.AES_128
    )
    pdf.output(str(path))
    return path


def truncated_pdf(path: Path) -> Path:
    """A valid PDF cut in the middle."""
    data = bytes(_one_line_pdf().output())
    path.write_bytes(data[: len(data) // 2])
    return path


def corrupt_pdf(path: Path) -> Path:
    """A PDF header and end marker around garbage."""
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    return path


def text_named_pdf(path: Path) -> Path:
    path.write_text("これはPDFではない\n取組\t担当課\n", encoding="utf-8")
    return path


def image_only_pdf(path: Path) -> Path:
    """A page holding only a picture (what a scan without OCR looks like)."""
    from PIL import Image

    image = Image.new("L", (200, 100), color=255)
    for x in range(20, 180):
        for y in range(40, 60):
            image.putpixel((x, y), 0)
    pdf = new_pdf()
    pdf.add_page()
    pdf.image(image, x=20, y=20, w=100)
    pdf.add_page()
    pdf.image(image, x=20, y=20, w=100)
    pdf.output(str(path))
    return path


def vector_only_pdf(path: Path) -> Path:
    """A page of lines and boxes, no text."""
    pdf = new_pdf()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50)
    pdf.line(20, 100, 180, 100)
    pdf.output(str(path))
    return path


def cid_font_pdf(path: Path) -> Path:
    """Japanese text whose font has no Unicode map (its ToUnicode CMap and font file unlinked, so a
    reader sees only glyph numbers). Same-length byte edits keep the cross-reference table valid."""
    pdf = new_pdf()
    pdf.add_page()
    for _ in range(5):
        pdf.cell(0, 6, "架空市行政改革の取組状況について報告します", new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    data = data.replace(b"/ToUnicode", b"/ToUnicodX").replace(b"/FontFile2", b"/FontFileX")
    path.write_bytes(data)
    return path
