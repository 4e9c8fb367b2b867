"""The recognizer interface: one record layout, one module, one entry in `registry.py`.

A recognizer reads what earlier recognizers left (blocks not yet consumed, tables not yet read)
and returns a `Reading`: the initiatives and groups it found, each with its span and layout name,
and the blocks it read them from. It never changes another stage's objects: the registry marks
its blocks consumed, so later recognizers and the table output skip them, and coverage counts
their lines as used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from ..context import Context
from ..models import Group, Initiative, Money
from ..tables import TableInfo

#: what a recognizer looks at: table blocks grouped into tables, text lines, or any block
Reads = Literal["tables", "lines", "blocks"]


@dataclass
class Reading:
    """What one recognizer read from a document."""

    initiatives: list[Initiative] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    #: indices of the blocks the records were read from
    blocks: set[int] = field(default_factory=set)
    #: document-level money read with the records (a table's 合計 row)
    amounts: list[Money] = field(default_factory=list)


@dataclass(frozen=True)
class Recognizer:
    """One record layout.

    `name` is the layout name its initiatives carry (`Initiative.layout`). `detail` says that its
    records are per-item sheets (a card or 進捗状況シート about one item): merging joins such a
    record to the listing row of the same item, and an item with a listing but no sheet is noted.
    """

    name: str
    reads: Reads
    read: Callable[[Context, list[TableInfo]], Reading]
    detail: bool = False
    description: str = ""
