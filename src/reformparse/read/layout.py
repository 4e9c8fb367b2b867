"""Tables whose columns are aligned by runs of spaces (what `pdftotext -layout` and fixed-width
reports give) turned into table blocks, so that they feed the same row grids as TAB tables.

A line is cut into cells at runs of two or more spaces or any full-width space, each cell with its
display column (full-width characters count two). A run of such lines — at least `MIN_ROWS` with
three cells or more, blank lines between them allowed — whose cells start at the columns of its
first line is one table. A row with as many cells as the first line is read cell by cell; a shorter
one by where its cells start; a line that only holds text under later columns (a wrapped cell)
continues the row above it.
"""

from __future__ import annotations

import unicodedata

import regex

from ..blocks import Block, Row

GAP = regex.compile(r" {2,}|[ ]*\u3000[\u3000 ]*")
#: a table needs this many lines of three cells or more
MIN_ROWS = 3
MIN_CELLS = 3
#: how far (display columns) a cell may start from its column and still belong to it
TOLERANCE = 3
#: blank lines allowed inside a table
MAX_BLANK = 2


def display_width(text: str) -> int:
    """Columns a text takes on a fixed-width display (full-width and wide characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cells_of(line: str) -> list[tuple[int, str]]:
    """(display column, text) of each cell of a line cut at runs of spaces."""
    out: list[tuple[int, str]] = []
    position = 0
    column = 0
    stripped = line.rstrip()
    lead = len(stripped) - len(stripped.lstrip(" \u3000"))
    column = display_width(stripped[:lead])
    position = lead
    for found in GAP.finditer(stripped, lead):
        text = stripped[position : found.start()]
        if text:
            out.append((column, text))
        column += display_width(stripped[position : found.end()])
        position = found.end()
    if position < len(stripped):
        out.append((column, stripped[position:]))
    return out


def _column_of(starts: list[int], column: int) -> int | None:
    """The last column that starts at or before a cell (with tolerance)."""
    found = None
    for index, start in enumerate(starts):
        if start <= column + TOLERANCE:
            found = index
    return found


def _aligned(edges: list[tuple[int, int]], cells: list[tuple[int, str]]) -> bool:
    """Whether a line's cells line up with the table's columns: each cell starts where a column
    starts or ends where one ends (numbers are often right-aligned)."""
    if len(cells) == len(edges):
        return True
    for column, text in cells:
        end = column + display_width(text)
        if not any(abs(column - s) <= TOLERANCE or abs(end - e) <= TOLERANCE for s, e in edges):
            return False
    return cells[0][0] >= edges[0][0] - TOLERANCE


def _join(old: str, new: str) -> str:
    if not old:
        return new
    if old[-1].isascii() and new[:1].isascii():
        return f"{old} {new}"
    return old + new


def aligned_tables(blocks: list[Block], lines: list[str]) -> list[Block]:
    """Replace runs of space-aligned text blocks by table blocks (style "spaces")."""
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        table, used = _table_at(blocks, lines, index)
        if table is None:
            out.append(blocks[index])
            index += 1
            continue
        out.append(table)
        index += used
    return out


def _table_at(blocks: list[Block], lines: list[str], start: int) -> tuple[Block | None, int]:
    """A table starting at a block, and how many blocks it takes."""
    first = blocks[start]
    if first.kind != "text" or first.heading_level is not None:
        return None, 0
    head = cells_of(lines[first.start_line - 1])
    if len(head) < MIN_CELLS:
        return None, 0
    starts = [column for column, _ in head]
    edges = [(column, column + display_width(text)) for column, text in head]
    rows: list[Row] = [Row([text for _, text in head], first.start_line, first.page)]
    wide = 1
    count = 1
    previous_line = first.start_line
    while start + count < len(blocks):
        block = blocks[start + count]
        if (
            block.kind != "text"
            or block.heading_level is not None
            or block.start_line - previous_line > MAX_BLANK + 1
        ):
            break
        cells = cells_of(lines[block.start_line - 1])
        if not cells or not _aligned(edges, cells):
            break
        if len(cells) == len(starts):
            rows.append(Row([text for _, text in cells], block.start_line, block.page))
            wide += 1
        elif (
            cells[0][0] > starts[0] + TOLERANCE
            and len(rows) > 1
            and len(cells) <= 2
            and block.start_line == previous_line + 1
        ):
            row = rows[-1]  # a wrapped cell: the text goes on under its column
            for column, text in cells:
                target = _column_of(starts, column)
                if target is not None and target < len(row.cells):
                    row.cells[target] = _join(row.cells[target], text)
            row.end_line = block.start_line
        elif len(cells) < 2:
            break  # a line of its own under the table (a note, a legend)
        else:
            filled = [""] * len(starts)
            for column, text in cells:
                target = _column_of(starts, column)
                if target is not None:
                    filled[target] = _join(filled[target], text)
            rows.append(Row(filled, block.start_line, block.page))
            if len(cells) >= MIN_CELLS:
                wide += 1
        previous_line = block.start_line
        count += 1
    if wide < MIN_ROWS:
        return None, 0
    last = rows[-1]
    table = Block(
        "table", first.start_line, last.end_line or last.line, page=first.page, rows=rows, style="spaces"
    )
    return table, count
