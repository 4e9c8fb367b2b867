"""Tables flattened one cell per line (a browser's copy of a web table, a PDF viewer's copy).

A header is a run of short lines that are known labels (番号, 取組項目, 担当課, 進捗状況, 評価, fiscal
years), at least one of them the title column. Then each record opens with an id line (a number, No.3)
and holds the lines up to the next id line. Its first cells are read in the header's order (id,
title, departments — a department cell may run over two lines); an empty cell dropped by the copy
does not shift the rest: the other lines are read by what they hold (a status word, a grade letter)
and kept in `fields` under the column they most likely belong to.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..context import Context
from ..models import Initiative
from ..normalize import era, vocab
from ..tables import TableInfo
from .base import Reading, Recognizer
from .common import Draft, to_initiative
from .lists import is_unit

#: an id cell: 12, No.3, N4 (an era year such as H17 or R5 is none: see id_line)
ID_LINE = regex.compile(r"^(?:No[.．]?[ \u3000]*)?([0-9０-９]{1,3}|[A-Z][0-9]{1,3})$")
MAX_HEADER_CELL = 20
MIN_KNOWN_LABELS = 3
#: a one-cell-per-line header has at most this many cells
MAX_HEADER_COLUMNS = 60
#: positional columns: read in order at the start of a record
LEADING = ("id", "title", "departments")


@dataclass
class Column:
    label: str
    field: str | None


def id_line(text: str) -> regex.Match[str] | None:
    """The id of an id line (12, No.3, N4); None for any other line, an era year (H17, R5) too."""
    found = ID_LINE.match(text)
    return None if found is None or era.is_year(text) else found


def _known(ctx: Context, text: str) -> str | None:
    """The field a header line names ("year" for a fiscal-year header), or None."""
    field = ctx.labels.field_of(text)
    if field:
        return field
    role = ctx.labels.year_role_of(text)
    if role in ("status", "grade"):
        return role
    if role:
        return "year"
    if era.fiscal_year(text) is not None or era.is_year(text):
        return "year"
    return None


def _cell_run_end(ctx: Context, start: int) -> int:
    """The block after a run of lines that could each be a header cell, from a block on: short text
    lines, none an id line, none consumed, at most three lines apart."""
    index = start
    while index < len(ctx.blocks):
        block = ctx.blocks[index]
        text = block.text.strip() if block.kind == "text" else ""
        if not text or index in ctx.consumed or len(text) > MAX_HEADER_CELL or id_line(text):
            break
        if index > start and block.start_line - ctx.blocks[index - 1].end_line > 3:
            break
        index += 1
    return index


def _header_at(ctx: Context, start: int, end: int) -> list[Column] | None:
    """The columns of a one-cell-per-line header from `start` to the end of its run of short lines
    (`_cell_run_end`), or None."""
    if end - start > MAX_HEADER_COLUMNS:
        return None  # a header starts nearer its id line
    if end - start < MIN_KNOWN_LABELS or end >= len(ctx.blocks) or not id_line(ctx.blocks[end].text.strip()):
        return None  # a header is a run of short lines right above an id line (checked before the labels)
    columns: list[Column] = []
    for index in range(start, end):
        text = ctx.blocks[index].text.strip()
        field = _known(ctx, text)
        if field is None and (not columns or len(text) > 10 or "。" in text):
            return None  # a header opens with a known label and holds no sentence
        columns.append(Column(text, field))
    known = [c for c in columns if c.field]
    if len(known) < MIN_KNOWN_LABELS or not any(c.field == "title" for c in columns):
        return None
    return columns


def read_cell_lines(ctx: Context, tables: list[TableInfo] | None = None) -> Reading:
    """Initiatives of the tables printed one cell per line."""
    reading = Reading()
    index = 0
    run_end = 0  # a run of short lines ends at the same block from every start inside it
    while index < len(ctx.blocks):
        block = ctx.blocks[index]
        if block.kind != "text" or index in ctx.consumed:
            index += 1
            continue
        if index >= run_end - 1:
            run_end = _cell_run_end(ctx, index)
        columns = _header_at(ctx, index, max(run_end, index))
        if columns is None:
            index += 1
            continue
        body_start = index + len(columns)
        records = _records(ctx, body_start, columns)
        if not records:
            index += 1
            continue
        reading.blocks.update(range(index, body_start))
        for record in records:
            reading.initiatives.append(_initiative(ctx, record, columns))
            reading.blocks.update(record)
        index = records[-1][-1] + 1
    return reading


def _records(ctx: Context, start: int, columns: list[Column]) -> list[list[int]]:
    """Block indices of each record: an id line and the lines up to the next id line."""
    records: list[list[int]] = []
    index = start
    while index < len(ctx.blocks):
        block = ctx.blocks[index]
        if block.kind != "text" or index in ctx.consumed or index in ctx.tree.headings:
            break
        text = block.text.strip()
        if id_line(text) and index + 1 < len(ctx.blocks) and not id_line(ctx.blocks[index + 1].text.strip()):
            records.append([index])
        elif records:
            records[-1].append(index)
        else:
            break
        index += 1
    if len(records) > 1:
        # the last record goes on no longer than the longest of the others
        longest = max(len(r) for r in records[:-1])
        records[-1] = records[-1][: max(longest, len(columns))]
    return records


def _initiative(ctx: Context, record: list[int], columns: list[Column]) -> Initiative:
    lines = [ctx.blocks[i].text.strip() for i in record]
    first, last = ctx.blocks[record[0]], ctx.blocks[record[-1]]
    draft = Draft(
        span_start=first.start_line, span_end=last.end_line, page=first.page, layout="cell-per-line"
    )
    draft.section_path = [s.title for s in ctx.tree.paths[record[0]]]
    position = 0
    column = 0
    while column < len(columns) and columns[column].field in LEADING and position < len(lines):
        field = columns[column].field
        text = lines[position]
        if field == "id":
            draft.id_raw = id_line(text).group(1)
        elif field == "title":
            draft.title = text
        elif field == "departments":
            units = [text]
            while (
                position + 1 < len(lines) and is_unit(lines[position + 1]) and len(lines[position + 1]) <= 16
            ):
                position += 1
                units.append(lines[position])
            draft.add_field(columns[column].label, "departments", "、".join(units))
        position += 1
        column += 1
    rest_columns = columns[column:]
    rest = lines[position:]
    if len(rest) == len(rest_columns):
        for col, text in zip(rest_columns, rest):
            draft.add_field(col.label, col.field, text)
        return to_initiative(draft, key="")
    for text in rest:
        draft.add_field(*_by_content(text, rest_columns))
    item = to_initiative(draft, key="")
    if len(rest) < len(rest_columns):
        ctx.warn(
            "row-misaligned",
            f"{draft.id_raw or ''} {draft.title or ''}: {len(rest)} cells for the {len(rest_columns)} columns "
            f"{' / '.join(c.label for c in rest_columns)} (a cell was dropped); read by what each holds",
            item.span,
        )
    return item


def _by_content(text: str, columns: list[Column]) -> tuple[str, str | None, str]:
    """The column a cell belongs to, from what it holds (a status word, a grade letter)."""
    if vocab.grade_of(text):
        for col in columns:
            if col.field == "grade":
                return col.label, "grade", text
    status = vocab.status_of(text)
    if status is not None and status.code != "other":
        for col in columns:
            if col.field == "status":
                return col.label, "status", text
    return "内容", None, text


CELL_LINES = Recognizer(
    name="cell-per-line",
    reads="lines",
    read=read_cell_lines,
    description="a table flattened one cell per line: a header of known labels, then records opened by an id line",
)
