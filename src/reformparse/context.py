"""What the stages of one extraction read: the blocks, labels and sections; the one shared sink is
for warnings (and the registry's record of consumed blocks)."""

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
    #: blocks that record recognizers read (set by the registry only; later recognizers and the
    #: table output skip them)
    consumed: set[int] = field(default_factory=set)

    @property
    def blocks(self) -> list[Block]:
        return self.source.blocks

    def warn(self, code: str, message: str, span: Span | None = None) -> None:
        """Record a warning (duplicates of the same code, message and span are kept once)."""
        for existing in self.warnings[-20:]:
            if existing.code == code and existing.message == message and existing.span == span:
                return
        self.warnings.append(Warning(code=code, message=message, span=span))

    def lines_of(self, indices: set[int] | list[int]) -> set[tuple[int | None, int]]:
        """The (page, line) pairs of the source that some blocks cover."""
        out: set[tuple[int | None, int]] = set()
        for index in indices:
            block = self.blocks[index]
            if block.kind == "table":
                # a text table is contiguous: its separator lines (|---|) are part of it
                contiguous = block.style in ("tab", "pipe")
                if contiguous:
                    out.update((block.page, line) for line in range(block.start_line, block.end_line + 1))
                for row in block.rows:
                    end = row.end_line or row.line
                    if (
                        contiguous
                        and row.page == block.page
                        and block.start_line <= row.line <= end <= block.end_line
                    ):
                        continue  # already in the table's lines
                    out.update((row.page, line) for line in range(row.line, end + 1))
            else:
                out.update((block.page, line) for line in range(block.start_line, block.end_line + 1))
        return out

    def path_titles(self, index: int) -> list[str]:
        """Titles of the sections open at a block, outermost first."""
        return [section.title for section in self.tree.paths[index]]
