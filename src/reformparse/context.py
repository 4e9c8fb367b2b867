"""State shared by the stages of one extraction: the blocks, labels, sections, warnings, used lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import Block, SourceDoc
from .labels import LabelBook
from .models import Span, Warning
from .sections import SectionTree


@dataclass
class Context:
    """One document on its way through the pipeline."""

    source: SourceDoc
    labels: LabelBook
    tree: SectionTree
    warnings: list[Warning] = field(default_factory=list)
    #: block indices consumed by a record recognizer (they are not emitted again as plain tables)
    consumed: set[int] = field(default_factory=set)
    #: (page, line) pairs that ended in a section, table or initiative
    used: set[tuple[int | None, int]] = field(default_factory=set)

    @property
    def blocks(self) -> list[Block]:
        return self.source.blocks

    def warn(self, code: str, message: str, span: Span | None = None) -> None:
        """Record a warning (duplicates of the same code, message and span are kept once)."""
        for existing in self.warnings[-20:]:
            if existing.code == code and existing.message == message and existing.span == span:
                return
        self.warnings.append(Warning(code=code, message=message, span=span))

    def use_block(self, index: int) -> None:
        """Mark a whole block's lines as used."""
        block = self.blocks[index]
        if block.kind == "table":
            for row in block.rows:
                for line in range(row.line, (row.end_line or row.line) + 1):
                    self.used.add((row.page, line))
            if block.style in ("tab", "pipe"):
                # a text table is contiguous: its separator lines (|---|) are part of it
                for line in range(block.start_line, block.end_line + 1):
                    self.used.add((block.page, line))
        else:
            for line in range(block.start_line, block.end_line + 1):
                self.used.add((block.page, line))

    def path_titles(self, index: int) -> list[str]:
        """Titles of the sections open at a block, outermost first."""
        return [section.title for section in self.tree.paths[index]]
