"""The one list of record layouts, tried in order; each reads what the ones before it left."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..context import Context
from ..models import Group, Initiative, Money
from ..tables import TableInfo
from .base import Reading, Recognizer
from .cards import CARDS
from .cell_lines import CELL_LINES
from .fused import FUSED
from .grid import GRIDS
from .guessed import GUESSED
from .id_records import ID_RECORDS
from .inline_cards import INLINE_CARDS
from .label_blocks import LABEL_BLOCKS
from .lists import LISTS
from .quoted import QUOTED
from .runon import RUNON
from .runon_numbered import RUNON_NUMBERED
from .word_rows import WORD_ROWS

#: the registry: adding a layout is one module and one line here
RECOGNIZERS: list[Recognizer] = [
    CARDS,
    GRIDS,
    GUESSED,
    RUNON,
    RUNON_NUMBERED,
    WORD_ROWS,
    CELL_LINES,
    ID_RECORDS,
    FUSED,
    INLINE_CARDS,
    LABEL_BLOCKS,
    LISTS,
    QUOTED,
]


@dataclass
class Records:
    """Everything the recognizers read, in document order, and the blocks they consumed."""

    initiatives: list[Initiative] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    blocks: set[int] = field(default_factory=set)
    amounts: list[Money] = field(default_factory=list)
    #: layout name → number of initiatives it gave
    layouts: dict[str, int] = field(default_factory=dict)


def detail_layouts(recognizers: list[Recognizer] | None = None) -> frozenset[str]:
    """Names of the layouts whose records are per-item detail sheets."""
    return frozenset(r.name for r in (recognizers if recognizers is not None else RECOGNIZERS) if r.detail)


def read_records(
    ctx: Context, tables: list[TableInfo], recognizers: list[Recognizer] | None = None
) -> Records:
    """Run every recognizer in registry order on what the earlier ones left."""
    out = Records()
    for recognizer in recognizers if recognizers is not None else RECOGNIZERS:
        free = [info for info in tables if not set(info.blocks) & ctx.consumed]
        reading: Reading = recognizer.read(ctx, free)
        for item in reading.initiatives:
            item.layout = item.layout or recognizer.name
        out.initiatives.extend(reading.initiatives)
        out.groups.extend(reading.groups)
        out.blocks |= reading.blocks
        out.amounts.extend(reading.amounts)
        ctx.consumed |= reading.blocks
        if reading.initiatives:
            out.layouts[recognizer.name] = out.layouts.get(recognizer.name, 0) + len(reading.initiatives)
    out.initiatives.sort(key=lambda item: (item.span.page or 0, item.span.start_line))
    return out
