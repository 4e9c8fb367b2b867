"""Reading text-layer PDFs with pdfplumber into the same blocks the text reader makes.

Per page: ruled tables through pdfplumber's table finder (lines strategy), wrapped cell text joined,
merged cells left empty (later stages read an empty cell as "same as above"); the words outside the
tables grouped into lines in reading order (Japanese joined without spaces); page numbers and a
running title repeated on most pages removed; a table that goes on over the next page with the same
header is joined by the table stage as for text. pdfplumber is imported only here.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from ..blocks import Block, Row, SourceDoc
from ..errors import InputError
from ..models import Span
from ..normalize.text import fold_variants

PAGE_NUMBER = re.compile(
    r"^[-－‐ー―–—\s(（]*(?:[PpＰｐ][.．]?\s*)?[0-9０-９]{1,4}(?:\s*[/／]\s*[0-9０-９]{1,4})?[-－‐ー―–—\s)）]*$"
)
CID = re.compile(r"\(cid:\d+\)")
LINE_TOLERANCE = 3.0


def _fold(text: str) -> str:
    return fold_variants(text).replace("\u301c", "～") if text else text


def _join_words(words: list[dict]) -> str:
    """Words of one line, left to right; a space only between two ASCII alphanumerics."""
    out = ""
    for word in sorted(words, key=lambda w: w["x0"]):
        text = word["text"]
        if out and out[-1].isascii() and out[-1].isalnum() and text[:1].isascii() and text[:1].isalnum():
            out += " "
        out += text
    return out


def _lines(words: list[dict]) -> list[tuple[float, float, str, list[str]]]:
    """Group words into lines by their top coordinate: (top, bottom, text, cells). A gap wider than
    two characters splits a line into cells, as a TAB does in converted text (an unruled table)."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    out = []
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        size = max(1.0, min(w["bottom"] - w["top"] for w in line))
        cells: list[list[dict]] = [[line[0]]]
        for previous, word in zip(line, line[1:]):
            if word["x0"] - previous["x1"] > 2 * size:
                cells.append([word])
            else:
                cells[-1].append(word)
        texts = [_join_words(cell).strip() for cell in cells]
        out.append((min(w["top"] for w in line), max(w["bottom"] for w in line), _join_words(line), texts))
    return out


def _cell_text(text: str | None) -> str:
    """A wrapped cell: lines joined without a space, except before a bullet or number mark."""
    if not text:
        return ""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    out = ""
    for line in lines:
        if out and line[:1] in "・○●◆■①②③④⑤⑥⑦⑧⑨⑩※-":
            out += "\n"
        elif out and _ascii_word(out[-1]) != _ascii_word(line[0]):
            out += " "  # 「A」 then 「市民課 B」: a space was lost where the line wrapped
        out += line
    return _fold(out)


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _inside(word: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def read_pdf(path: Path) -> SourceDoc:
    """Read a text-layer PDF into blocks (raises InputError with one clear line)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise InputError(f"{path}: named .pdf but is not a PDF file")
    import pdfplumber

    try:
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError:  # pragma: no cover
        PDFPasswordIncorrect = ()  # type: ignore[assignment]  # noqa: N806
    notes: list[tuple[str, str, Span | None]] = []
    pages: list[list[Block]] = []
    texts_seen: list[list[str]] = []
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, 1):
                page_blocks, page_texts = _read_page(page, number, notes)
                pages.append(page_blocks)
                texts_seen.append(page_texts)
            page_count = len(pdf.pages)
    except InputError:
        raise
    except PDFPasswordIncorrect:
        raise InputError(f"{path}: the PDF is encrypted and cannot be opened without a password") from None
    except Exception as exc:
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name or "password" in str(exc).lower():
            raise InputError(
                f"{path}: the PDF is encrypted and cannot be opened without a password"
            ) from None
        raise InputError(f"{path}: not a readable PDF (corrupt or truncated: {name})") from None
    if page_count == 0:
        raise InputError(f"{path}: the PDF has no pages")
    if not any(texts_seen_page for texts_seen_page in texts_seen):
        raise InputError(f"{path}: the PDF has no text layer (a scanned document?); OCR is not supported")
    blocks = _drop_running_lines(pages, notes)
    content = []
    for block in blocks:
        if block.kind == "table":
            content.extend((row.page, row.line) for row in block.rows)
        else:
            content.append((block.page, block.start_line))
    return SourceDoc(
        blocks=blocks,
        name=path.name,
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="pdf",
        pages=page_count,
        line_count=len(content),
        content_lines=content,
        notes=notes,
    )


def _read_page(page, number: int, notes: list) -> tuple[list[Block], list[str]]:  # noqa: ANN001
    """Blocks of one page in reading order, lines numbered from 1 per page."""
    page = page.dedupe_chars()
    if page.rotation:
        notes.append(
            (
                "pdf-rotated",
                f"page {number} is rotated {page.rotation}°; its text may read out of order",
                Span(start_line=1, end_line=1, page=number),
            )
        )
    chars = page.chars
    if chars and sum(1 for c in chars if not c.get("upright", True)) > len(chars) / 2:
        notes.append(
            (
                "pdf-vertical-text",
                f"page {number} has vertical text; it is read as printed lines",
                Span(start_line=1, end_line=1, page=number),
            )
        )
    tables = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
    boxes = [table.bbox for table in tables]
    items: list[tuple[float, str, object]] = []
    for table in tables:
        rows = table.extract()
        items.append((table.bbox[1], "table", [[_cell_text(cell) for cell in row] for row in rows]))
    words = page.extract_words(keep_blank_chars=True, use_text_flow=False, extra_attrs=["upright"])
    outside = [w for w in words if not _inside(w, boxes)]
    run: list[tuple[float, list[str]]] = []

    def flush() -> None:
        if len(run) >= 2:  # consecutive lines split into cells: an unruled table
            items.append((run[0][0], "table", [[_fold(c) for c in cells] for _, cells in run]))
        else:
            for top, cells in run:
                items.append((top, "text", _fold(" ".join(cells))))
        run.clear()

    for top, _bottom, text, cells in _lines(outside):
        if len(cells) >= 2 and not tables:
            run.append((top, cells))
            continue
        flush()
        items.append((top, "text", _fold(text.strip())))
    flush()
    items.sort(key=lambda item: item[0])
    blocks: list[Block] = []
    line = 0
    texts: list[str] = []
    for _top, kind, payload in items:
        if kind == "text":
            text = payload  # type: ignore[assignment]
            if not text:
                continue
            line += 1
            texts.append(text)
            blocks.append(Block("text", line, line, page=number, text=text))
        else:
            rows = [r for r in payload if any(c.strip() for c in r)]  # type: ignore[union-attr]
            if not rows:
                continue
            block = Block("table", line + 1, line + len(rows), page=number, style="pdf")
            for cells in rows:
                line += 1
                texts.extend(c for c in cells if c)
                block.rows.append(Row(cells, line, number))
            blocks.append(block)
    joined = "".join(texts)
    if joined and len(CID.findall(joined)) * 8 > len(joined) / 10:
        notes.append(
            (
                "pdf-cid-font",
                f"page {number}: many (cid:N) glyphs; a font without a Unicode map",
                Span(start_line=1, end_line=max(line, 1), page=number),
            )
        )
    return blocks, texts


def _drop_running_lines(pages: list[list[Block]], notes: list) -> list[Block]:
    """Remove page numbers and a line repeated at the top or bottom of most pages (kept once)."""
    edge_texts: Counter[str] = Counter()
    for blocks in pages:
        texts = [b for b in blocks if b.kind == "text"]
        for block in texts[:1] + texts[-1:]:
            edge_texts[block.text] += 1
    threshold = max(3, (len(pages) + 1) // 2)
    running = {text for text, count in edge_texts.items() if count >= threshold and len(pages) >= 3}
    out: list[Block] = []
    seen_running: set[str] = set()
    for blocks in pages:
        texts = [b for b in blocks if b.kind == "text"]
        edges = {id(b) for b in texts[:2] + texts[-2:]}
        for block in blocks:
            if block.kind == "text" and id(block) in edges and PAGE_NUMBER.match(block.text):
                continue
            if block.kind == "text" and block.text in running and id(block) in edges:
                if block.text in seen_running:
                    continue
                seen_running.add(block.text)
            out.append(block)
    return out
