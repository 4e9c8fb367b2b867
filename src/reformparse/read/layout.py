"""Tables whose columns are aligned by runs of spaces (what `pdftotext -layout` and fixed-width
reports give) turned into table blocks, so that they feed the same row grids as TAB tables.

A line is cut into cells at runs of two or more spaces or any full-width space, each cell with its
column: display columns (full-width characters count two) for a fixed-width report, characters for
`pdftotext -layout` (every character one column); a table is read both ways and the one that aligns
more lines wins. A form feed (a page break) takes no column. A run of such lines — at least `MIN_ROWS`
with three cells or more, blank lines between them allowed — whose cells start at the columns of its
first line (a number may end where a column ends instead) is one table. A row with as many cells as
the first line is read cell by cell; a shorter one by where its cells start; a line that only holds
text under later columns (a wrapped cell) continues the row above it — or, where the table's cells
are vertically centred (a ruled table through `pdftotext -layout`: wrapped text above and below the
row's one-line cells), the row it is centred on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import regex

from ..blocks import Block, Row

GAP = regex.compile(r" {2,}|[ ]*\u3000[\u3000 ]*")
#: a table needs this many lines of three cells or more
MIN_ROWS = 3
MIN_CELLS = 3
#: how far (display columns) a cell may start from its column and still belong to it
TOLERANCE = 3
#: what a right-aligned cell holds (a number, an amount)
NUMBER = regex.compile(r"^[\p{Nd},.%△▲\-－―()（）千万億円]+$")
#: blank lines allowed inside a table
MAX_BLANK = 2


def display_width(text: str) -> int:
    """Columns a text takes on a fixed-width display (full-width and wide characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cells_of(line: str, width: Callable[[str], int] = display_width) -> list[tuple[int, str]]:
    """(column, text) of each cell of a line cut at runs of spaces, columns counted by `width`
    (display columns by default). A form feed (a page break) takes no column."""
    out: list[tuple[int, str]] = []
    position = 0
    column = 0
    stripped = line.replace("\f", "").rstrip()
    lead = len(stripped) - len(stripped.lstrip(" \u3000"))
    column = width(stripped[:lead])
    position = lead
    for found in GAP.finditer(stripped, lead):
        text = stripped[position : found.start()]
        if text:
            out.append((column, text))
        column += width(stripped[position : found.end()])
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


def _aligned(
    edges: list[tuple[int, int]], cells: list[tuple[int, str]], width: Callable[[str], int] = display_width
) -> bool:
    """Whether a line's cells line up with the table's columns: each cell starts where a column
    starts, or is a number that ends where one ends (numbers are often right-aligned)."""
    if len(cells) == len(edges):
        return True
    for column, text in cells:
        end = column + width(text)
        if any(abs(column - s) <= TOLERANCE for s, _ in edges):
            continue
        if not NUMBER.match(text) or not any(abs(end - e) <= TOLERANCE for _, e in edges):
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
        table, used = _best_table_at(blocks, lines, index)
        if table is None:
            out.append(blocks[index])
            index += 1
            continue
        out.append(table)
        index += used
    return out


def _best_table_at(blocks: list[Block], lines: list[str], start: int) -> tuple[Block | None, int]:
    """The table starting at a block measured in display columns (a fixed-width report: full-width
    characters take two) or in characters (`pdftotext -layout` puts every character in one column),
    whichever reads more lines into aligned cells."""
    best: tuple[Block | None, int] = (None, 0)
    best_score = (0, 0)
    for width in (display_width, len):
        table, used, aligned = _table_at(blocks, lines, start, width)
        if table is not None and (used, aligned) > best_score:
            best, best_score = (table, used), (used, aligned)
    return best


class _Group:
    """The lines of one table row: (line, page, [(column, text)]) in source order."""

    __slots__ = ("lines", "lead")

    def __init__(self) -> None:
        self.lines: list[tuple[int, int | None, list[tuple[int, str]]]] = []
        #: continuation lines printed above the row's own line (a vertically centred cell)
        self.lead = 0

    def row(self, count: int) -> Row:
        cells = [""] * count
        for _, _, placed in self.lines:
            for target, text in placed:
                cells[target] = _join(cells[target], text)
        first, last = self.lines[0], self.lines[-1]
        return Row(cells, first[0], first[1], end_line=last[0] if last[0] != first[0] else None)


def _header_below(
    blocks: list[Block],
    lines: list[str],
    start: int,
    head: list[tuple[int, str]],
    width: Callable[[str], int],
) -> list[tuple[int, str]] | None:
    """The second line of a two-line header when it has more cells than the first and every cell of
    the first starts where one of its own does."""
    if start + 1 >= len(blocks) or blocks[start + 1].kind != "text":
        return None
    if blocks[start + 1].start_line != blocks[start].end_line + 1:
        return None
    below = cells_of(lines[blocks[start + 1].start_line - 1], width)
    if len(below) <= len(head) or any(regex.fullmatch(r"[\p{Nd},.△▲\-－]+", text) for _, text in below):
        return None
    if all(any(abs(column - other) <= TOLERANCE for other, _ in below) for column, _ in head):
        return below
    return None


def _two_line_header(below: list | None, rows: list[Row], first: Block) -> int | None:
    """2 where the reader saw the header's two lines, else None (the tables stage decides)."""
    return 2 if below is not None and len(rows) > 1 and rows[1].line == first.start_line + 1 else None


def _section_row(
    blocks: list[Block],
    lines: list[str],
    index: int,
    starts: list[int],
    edges: list[tuple[int, int]],
    width: Callable[[str], int],
) -> bool:
    """A one-cell line at the first column (【1】行政運営の効率化) with a row of the table right after
    it: a section row inside the table."""
    cells = cells_of(lines[blocks[index].start_line - 1], width)
    if len(cells) != 1 or abs(cells[0][0] - starts[0]) > TOLERANCE or len(cells[0][1]) > 40:
        return False
    following = index + 1
    if following >= len(blocks) or blocks[following].kind != "text":
        return False
    after = cells_of(lines[blocks[following].start_line - 1], width)
    return len(after) >= MIN_CELLS and _aligned(edges, after, width)


def _placed(starts: list[int], cells: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(column index, text) of the cells of a line that has fewer cells than the table."""
    return [(target, text) for column, text in cells if (target := _column_of(starts, column)) is not None]


def _share(pending: list, groups: list[_Group], group: _Group, centred: bool) -> None:
    """Give the continuation lines between the last row and a new one to either: all to the row above
    (top-aligned cells, or a blank line before the new row), else as many to the row above as it
    had above its own line and the rest to the new row (vertically centred cells)."""
    if not pending:
        return
    if not centred:
        groups[-1].lines.extend(pending)
        return
    upper = 0 if len(groups) == 1 else min(groups[-1].lead, len(pending))
    groups[-1].lines.extend(pending[:upper])
    group.lines.extend(pending[upper:])
    group.lead = len(pending) - upper


def _table_at(
    blocks: list[Block], lines: list[str], start: int, width: Callable[[str], int] = display_width
) -> tuple[Block | None, int, int]:
    """A table starting at a block, how many blocks it takes and how many of its cells start at a
    column.

    A line that only holds text under later columns (a wrapped cell) continues a row. Where such
    lines come before the first row's own line, the table's cells are vertically centred (what a
    ruled table gives through `pdftotext -layout`): the lines between two rows are shared, the upper
    row taking as many as it had above its own line, the lower one the rest. Otherwise they all
    continue the row above."""
    first = blocks[start]
    if first.kind != "text" or first.heading_level is not None:
        return None, 0, 0
    head = cells_of(lines[first.start_line - 1], width)
    if len(head) < MIN_CELLS:
        return None, 0, 0
    placed_head = list(enumerate(text for _, text in head))
    below = _header_below(blocks, lines, start, head, width)
    if below is not None:
        # a header in two lines (取組 / 番号, 令和 / 6年度): the fuller line gives the columns
        placed_head = _placed([column for column, _ in below], head)
        head = below
    starts = [column for column, _ in head]
    edges = [(column, column + width(text)) for column, text in head]
    header = _Group()
    header.lines.append((first.start_line, first.page, placed_head))
    groups: list[_Group] = [header]
    pending: list[tuple[int, int | None, list[tuple[int, str]]]] = []
    centred = False
    wide = 1
    aligned = len(head)
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
        cells = cells_of(lines[block.start_line - 1], width)
        if not cells or not _aligned(edges, cells, width):
            break
        adjacent = block.start_line == previous_line + 1
        if cells[0][0] > starts[0] + TOLERANCE and len(cells) <= 2 and adjacent:
            pending.append((block.start_line, block.page, _placed(starts, cells)))
        elif len(cells) < 2 and not _section_row(blocks, lines, start + count, starts, edges, width):
            break  # a line of its own under the table (a note, a legend)
        else:
            if len(cells) == len(starts):
                placed = list(enumerate(text for _, text in cells))
                wide += 1
            else:
                placed = _placed(starts, cells)
                if len(cells) >= MIN_CELLS:
                    wide += 1
            aligned += sum(1 for column, _ in cells if any(abs(column - s) <= TOLERANCE for s in starts))
            group = _Group()
            if pending and len(groups) == 1 and pending[0][0] == first.start_line + 1:
                centred = True  # the first row's wrapped cells start above its own line
            _share(pending, groups, group, centred and adjacent)
            pending = []
            group.lines.append((block.start_line, block.page, placed))
            groups.append(group)
        previous_line = block.start_line
        count += 1
    if pending and centred and len(groups) > 1 and groups[-1].lead < len(pending):
        rest = _Group()  # lines beyond the last row's share: a row without a first cell (a total)
        rest.lines.extend(pending[groups[-1].lead :])
        pending = pending[: groups[-1].lead]
        groups[-1].lines.extend(pending)
        groups.append(rest)
    elif pending:
        groups[-1].lines.extend(pending)
    if wide < MIN_ROWS:
        return None, 0, 0
    rows = [group.row(len(starts)) for group in groups]
    last = rows[-1]
    table = Block(
        "table", first.start_line, last.end_line or last.line, page=first.page, rows=rows, style="spaces"
    )
    table.header_rows = _two_line_header(below, rows, first)
    return table, count, aligned
