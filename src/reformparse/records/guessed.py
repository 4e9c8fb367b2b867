"""Tables whose header is unknown, lost or absent, read by what their columns hold.

A column is a department column when most of its cells are unit names (…課, …室, …センター), a
status column when most are status words, a grade column when most are grade letters, a money
column when most are amounts; the title column is the longest text column left. A table with a
title and a department column gives one initiative per row, and a `layout-guessed` warning says
what was inferred from what. A row whose title is a total label gives a document amount instead.
"""

from __future__ import annotations

from collections.abc import Callable

from ..context import Context
from ..labels import label_key
from ..models import Initiative
from ..normalize import money, vocab
from ..tables import TableInfo
from .base import Reading, Recognizer
from .common import Draft, to_initiative
from .lists import is_departments

#: the share of a column's non-empty cells that must hold a kind for the column to be of it
MIN_SHARE = 0.6
MIN_ROWS = 2


def _is_status(text: str) -> bool:
    status = vocab.status_of(text)
    return status is not None and status.code != "other"


def _is_money(text: str) -> bool:
    return any(m.yen is not None for m in money.find_money(text))


KINDS: list[tuple[str, Callable[[str], bool]]] = [
    ("departments", is_departments),
    ("status", _is_status),
    ("grade", lambda text: vocab.grade_of(text) is not None),
    ("money", _is_money),
]
LABELS = {"departments": "所管課", "status": "状況", "grade": "評価", "money": "金額", "title": "取組"}


def _most(cells: list[str], test: Callable[[str], bool]) -> bool:
    """Whether at least MIN_SHARE of the cells pass the test (stops as soon as the answer is known)."""
    need = MIN_SHARE * len(cells)
    hits = 0
    for done, cell in enumerate(cells, 1):
        if test(cell):
            hits += 1
            if hits >= need:
                return True
        elif hits + len(cells) - done < need:
            return False
    return hits >= need


def _cells(rows: list[list[str]], column: int) -> list[str]:
    """The non-empty cells of a column."""
    return [r[column].strip() for r in rows if column < len(r) and r[column].strip()]


def has_department_column(rows: list[list[str]]) -> bool:
    """Whether guess_columns would find a department column (tested alone: cheaper than guessing
    every kind of every column of a table that has none)."""
    width = max((len(r) for r in rows), default=0)
    columns = (_cells(rows, column) for column in range(width))
    return any(len(cells) >= MIN_ROWS and _most(cells, is_departments) for cells in columns)


def guess_columns(rows: list[list[str]]) -> dict[int, str]:
    """Column index → what it holds, from the cells."""
    width = max((len(r) for r in rows), default=0)
    kinds: dict[int, str] = {}
    for column in range(width):
        cells = _cells(rows, column)
        if len(cells) < MIN_ROWS:
            continue
        for kind, test in KINDS:
            if kind in kinds.values():
                continue
            if _most(cells, test):
                kinds[column] = kind
                break
    text_columns = []
    for column in range(width):
        if column in kinds:
            continue
        cells = _cells(rows, column)
        if len(cells) >= MIN_ROWS and all(not c.replace(",", "").isdigit() for c in cells):
            text_columns.append((sum(len(c) for c in cells) / len(cells), column))
    if text_columns:
        kinds[max(text_columns)[1]] = "title"
    return kinds


def read_guessed(ctx: Context, tables: list[TableInfo]) -> Reading:
    """Initiatives of tables read by content."""
    reading = Reading()
    for info in tables:
        rows = info.header + info.rows
        if any(ctx.labels.is_label(cell) for row in info.header for cell in row.cells if cell.strip()):
            rows = info.rows  # a header the grids did not take: keep it out of the guess
        cells = [list(row.cells) for row in rows]
        if not has_department_column(cells):
            continue
        kinds = guess_columns(cells)
        if "title" not in kinds.values() or "departments" not in kinds.values():
            continue
        items: list[Initiative] = []
        for row, row_cells in zip(rows, cells):
            draft = Draft(
                span_start=row.line, span_end=row.end_line or row.line, page=row.page, layout="guessed"
            )
            draft.section_path = list(info.section_path)
            draft.unit = info.unit
            for column, text in enumerate(row_cells):
                text = text.strip()
                if not text:
                    continue
                kind = kinds.get(column)
                if kind == "title":
                    draft.title = text
                draft.add_field(
                    LABELS.get(kind or "", f"列{column + 1}"), kind if kind != "title" else None, text
                )
            if not draft.title:
                continue
            item = to_initiative(draft, key="")
            key = label_key(draft.title)
            if key in ctx.labels.words("total_labels") or key.endswith("合計"):
                for amount in item.money:
                    amount.label = draft.title
                    reading.amounts.append(amount)
                continue
            items.append(item)
        if len(items) < MIN_ROWS:
            continue
        described = ", ".join(f"column {c + 1} as {k}" for c, k in sorted(kinds.items()))
        ctx.warn(
            "layout-guessed",
            f"a table without a header its columns could be read by: {described}, from what the cells hold",
            info.span(),
        )
        reading.initiatives.extend(items)
        reading.blocks.update(info.blocks)
    return reading


GUESSED = Recognizer(
    name="guessed",
    reads="tables",
    read=read_guessed,
    description="a table without a usable header whose columns read as title + department (+ status, money)",
)
