"""`reformparse review FILE -o review.html`: what was read, beside the source.

`read_review` runs the pipeline once and keeps what a reader needs to check it: the source as lines
(the text's own lines, or for a PDF each page's read lines and an image of the page rendered with
pypdfium2) and which lines became data or prose (`pipeline.LineUse`). `review_page` turns that into one
self-contained HTML page (output/review_html.py).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..blocks import SourceDoc
from ..errors import InputError
from ..labels import LabelBook
from ..models import Document, Span
from ..pipeline import LineUse, build_document
from ..read import read_source
from ..read.text import read_bytes, split_lines

#: a page image's longer side in pixels, and its colours: a 16-colour PNG keeps text and rules sharp in
#: about 40 kB a page (a JPEG of the same page is twice that and blurs small print)
PAGE_IMAGE_SIDE = 1000
PAGE_IMAGE_COLOURS = 16

#: a (page, line) pair of the source, page None outside PDFs
LineKey = tuple[int | None, int]


@dataclass
class SourcePage:
    """The source lines of one page (the whole text outside PDFs), numbered as spans number them."""

    number: int | None
    lines: list[tuple[int, str]] = field(default_factory=list)
    #: the page as a data: URI image (PDF only; None when images are off or the page cannot be drawn)
    image: str | None = None


@dataclass
class Review:
    """A document and the source it was read from, line by line."""

    document: Document
    pages: list[SourcePage]
    line_use: LineUse
    #: the non-blank lines (those coverage counts)
    content: set[LineKey] = field(default_factory=set)

    @property
    def is_pdf(self) -> bool:
        return self.document.source.format == "pdf"


def read_review(
    source: str | Path,
    *,
    labels: str | Path | LabelBook | None = None,
    encoding: str | None = None,
    images: bool = True,
) -> Review:
    """Extract a report (a path, not stdin) and keep its source lines and their use."""
    if str(source) == "-":
        raise InputError("<stdin>: a review needs the report as a file path")
    book = labels if isinstance(labels, LabelBook) else LabelBook.from_file(labels)
    src = read_source(source, encoding=encoding)
    line_use = LineUse()
    document = build_document(src, book, line_use)
    if src.format == "pdf":
        pages = pdf_pages(src, Path(source) if images else None)
    else:
        pages = [SourcePage(None, list(enumerate(text_lines(Path(source), src), 1)))]
    return Review(document=document, pages=pages, line_use=line_use, content=set(src.content_lines))


def text_lines(path: Path, src: SourceDoc) -> list[str]:
    """The lines of a text, Markdown or HTML source as its reader numbered them."""
    data = read_bytes(path)
    if src.format == "html":
        from ..read.html import decode_html

        text = decode_html(data, src.name, src.encoding)[0]
    else:
        from ..read.text import decode

        text = decode(data, src.name, src.encoding)[0]
    lines = split_lines(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def pdf_pages(src: SourceDoc, path: Path | None) -> list[SourcePage]:
    """Each page's read lines (a table row as its cells joined by │), and its image when a path is given."""
    count = src.pages or 0
    lines: dict[int, dict[int, str]] = {number: {} for number in range(1, count + 1)}
    for block in src.blocks:
        if block.kind == "text":
            lines.setdefault(block.page or 1, {})[block.start_line] = block.text
            continue
        for row in block.rows:
            lines.setdefault(row.page or block.page or 1, {})[row.line] = " │ ".join(row.cells)
    images = page_images(path, count) if path is not None else {}
    return [SourcePage(number, sorted(lines[number].items()), images.get(number)) for number in sorted(lines)]


def page_images(path: Path, count: int) -> dict[int, str]:
    """Page number → a PNG data URI of the page (pages pdfium cannot draw are left out)."""
    import pypdfium2
    from PIL import Image

    out: dict[int, str] = {}
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for index in range(min(count, len(pdf))):
            page = pdf[index]
            try:
                width, height = page.get_size()
                scale = min(2.0, PAGE_IMAGE_SIDE / max(width, height, 1))
                image = page.render(scale=scale).to_pil().convert("RGB")
                image = image.quantize(PAGE_IMAGE_COLOURS, method=Image.Quantize.FASTOCTREE)
            except pypdfium2.PdfiumError:
                continue
            finally:
                page.close()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            out[index + 1] = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    finally:
        pdf.close()
    return out


def span_keys(span: Span, page_ends: dict[int | None, int]) -> list[tuple[int | None, int, int]]:
    """A span as (page, first line, last line) ranges. A PDF span whose end line is above its start
    goes on to the next page (a record continued over a page break)."""
    page = span.page
    if span.end_line >= span.start_line or page is None:
        return [(page, span.start_line, max(span.start_line, span.end_line))]
    last = max(page_ends.get(page, span.start_line), span.start_line)
    return [(page, span.start_line, last), (page + 1, 1, span.end_line)]


def review_page(review: Review) -> str:
    """The review as one self-contained HTML page."""
    from .review_html import render_review

    return render_review(review)


def write_review(
    source: str | Path,
    output: str | Path,
    *,
    labels: str | Path | LabelBook | None = None,
    encoding: str | None = None,
    images: bool = True,
) -> Document:
    """Extract a report and write its review page atomically; returns the document."""
    from .files import atomic_write_text

    review = read_review(source, labels=labels, encoding=encoding, images=images)
    atomic_write_text(Path(output), review_page(review))
    return review.document
