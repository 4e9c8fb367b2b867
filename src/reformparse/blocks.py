"""The one block representation every reader produces and every later stage reads.

A reader (read/text.py, read/pdf.py, read/html.py) turns its input into a `SourceDoc`: a list of `Block`s in
reading order, each a run of text lines or a table (rows of cells), with the source span of every
line and row. Stages after reading never look at the raw file again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .models import Span

BlockKind = Literal["text", "table"]


@dataclass(slots=True)
class Row:
    """One table row: its cells as printed and the source line it came from."""

    cells: list[str]
    line: int
    page: int | None = None
    end_line: int | None = None

    def span(self) -> Span:
        return Span(start_line=self.line, end_line=self.end_line or self.line, page=self.page)


@dataclass(slots=True)
class Block:
    """A text line (kind "text") or a table (kind "table") with where it came from.

    Text blocks hold one logical line each; `text` keeps the characters as printed (full-width
    spaces included). Table blocks hold `rows`; `style` says how the table was written
    ("tab", "pipe", "pdf", "html") and `header_rows` how many leading rows a reader already knows to be
    header (a Markdown separator line, a PDF table's repeated header), or None when unknown.
    """

    kind: BlockKind
    start_line: int
    end_line: int
    page: int | None = None
    text: str = ""
    rows: list[Row] = field(default_factory=list)
    style: str = ""
    header_rows: int | None = None
    #: 1-6 when the format itself marks the line as a heading (HTML h1-h6, Markdown `#`), else None
    heading_level: int | None = None
    #: the width of a text line's leading spaces as printed (a nested list item is indented more)
    indent: int = 0

    def span(self) -> Span:
        return Span(start_line=self.start_line, end_line=self.end_line, page=self.page)

    @property
    def lines(self) -> list[int]:
        """The source line numbers this block covers (for coverage)."""
        if self.kind == "table":
            out: list[int] = []
            for row in self.rows:
                out.extend(range(row.line, (row.end_line or row.line) + 1))
            return out
        return list(range(self.start_line, self.end_line + 1))


@dataclass(slots=True)
class SourceDoc:
    """What a reader hands to the pipeline."""

    blocks: list[Block]
    name: str
    path: str | None
    sha256: str
    format: Literal["text", "markdown", "pdf", "html"]
    encoding: str | None = None
    pages: int | None = None
    line_count: int = 0
    #: every non-blank source line as (page, line) -> True, for coverage
    content_lines: list[tuple[int | None, int]] = field(default_factory=list)
    #: problems met while reading: (code, message, span or None)
    notes: list[tuple[str, str, Span | None]] = field(default_factory=list)
