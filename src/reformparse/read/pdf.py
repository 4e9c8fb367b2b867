"""Reading text-layer PDFs with pdfplumber into the same blocks the text reader makes.

Per page (after `dedupe_chars`, which drops the doubled glyphs of fake bold):

* ruled tables through pdfplumber's table finder (lines strategy); a cell's wrapped lines joined
  (no space for Japanese, a newline before a bullet item), merged cells left empty ("" in a row-span
  or column-span position; later stages read an empty leading cell as "same as above"); a box of
  one cell is read as text, not as a table;
* the words outside the tables grouped into lines in reading order, one text block a line, words
  joined with a space only between two ASCII alphanumerics (or across a wide gap);
* on a page without ruled tables, consecutive lines split by wide gaps into the same aligned
  columns read as an unruled table (only when clearly tabular);
* lines and table rows numbered from 1 per page, top to bottom, in one sequence.

Then over the document: page numbers at the top or bottom of a page removed, a line repeated at
the same place on most pages (a running title) kept only where it first appears, and a table that
goes on at the top of the next page (same header row(s) repeated, or the same columns without a
header) joined into one block with its header once. pdfplumber is imported only inside `read_pdf`.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import logging
import math
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from ..blocks import Block, Row, SourceDoc
from ..errors import InputError
from ..models import Span
from ..normalize.text import DASHES, TILDES, fold_variants
from ..normalize.wrap import join_wrapped
from .pdf_guard import check_pdf_bytes

PAGE_NUMBER = re.compile(
    r"^[-－‐ー―–—\s(（]*(?:[PpＰｐ][.．]?\s*)?[0-9０-９]{1,4}(?:\s*[/／]\s*[0-9０-９]{1,4})?"
    r"(?:\s*(?:頁|ページ))?[-－‐ー―–—\s)）]*$"
)
#: a page number printed after a running title (「架空市行政改革大綱　- 3 -」), set apart by a space
RUNNING_PAGE_NUMBER = re.compile(
    r"(?<=\S)[\s\u3000]+[-－‐―–—(（]*\s*(?:[PpＰｐ][.．]?\s*)?[0-9０-９]{1,4}(?:\s*[/／]\s*[0-9０-９]{1,4})?"
    r"\s*[-－‐―–—)）]*$"
)
CID = re.compile(r"\(cid:\d+\)")
#: a wrapped cell line that starts a new item keeps its own line
#: how many leading/trailing text lines of a page may be a page number or running title
EDGE_LINES = 3
#: a gap between two characters wider than this share of the font size separates words
WORD_GAP = 0.15
#: page numbers lie this far (share of the page height) from the top or bottom edge at most
NUMBER_MARGIN = 0.2
#: running titles lie in the page margin: this far from the top or bottom edge at most
RUNNING_MARGIN = 0.12
#: a running title is at the same distance from the page edge within this many points
EDGE_TOLERANCE = 8.0
#: two tables' column boundaries match within this many points
COLUMN_TOLERANCE = 2.0
BOLD_FONT = re.compile(r"bold|black|heavy|-W[6-9]\b|W[6-9]$", re.IGNORECASE)

#: a character as both engines give it: (text, x0, x1, top, bottom, size, fontname, upright, cx, cy,
#: source, key) in points from the page's top-left corner, (cx, cy) its centre, source the reference
#: engine's pdfplumber dict (None from the fast engine), key (text, rounded top) for the fast
#: engine's fake-bold check (absent from the reference engine's)
Char = tuple
TEXT, X0, X1, TOP, BOTTOM, SIZE, FONT, UPRIGHT, CX, CY, SOURCE, KEY = range(12)
#: a word: (text, x0, x1, top, bottom)
Word = tuple[str, float, float, float, float]
_WORD_X0 = itemgetter(1)
_WORD_TOP_X0 = itemgetter(3, 1)
_TEXT, _UPRIGHT = itemgetter(TEXT), itemgetter(UPRIGHT)


#: a character `fold_variants` may change (a tilde or dash variant, a radical code point)
_VARIANT = re.compile(
    "[" + "".join(re.escape(chr(code)) for code in (*TILDES, *DASHES)) + "\u2e80-\u2ef3\u2f00-\u2fd5]"
)


def _fold(text: str) -> str:
    """Radical code points to kanji (⾏ → 行, ⻑ → 長), 〜 → ～ (and the project's other variants)."""
    return fold_variants(text) if text and _VARIANT.search(text) else text


def _ascii_gap(a: str, b: str) -> bool:
    """Two words that a gap (no space character) separates take a space between them when both
    sides are ASCII and one is alphanumeric ("ICT 推進" → 「ICT推進」 stays Japanese-tight, while
    "One (ASN.1) library" keeps its spaces)."""
    return (
        a.isascii() and b.isascii() and a.isprintable() and b.isprintable() and (a.isalnum() or b.isalnum())
    )


# --------------------------------------------------------------------------- page items


@dataclass
class _Item:
    """A text line or a table of one page, before the document-level passes."""

    kind: str
    top: float
    bottom: float
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    line: int = 0  # first line number on its page
    columns: list[float] = field(default_factory=list)  # a table's column boundaries
    header_rows: int | None = None  # a header recognised by its style (bold or filled)
    dropped: bool = False
    #: table rows that are a repeated header of the table they continue (not emitted)
    skip_rows: int = 0


@dataclass
class _Page:
    number: int
    width: float
    height: float
    items: list[_Item]
    line_count: int
    characters: int = 0  # visible characters
    cids: int = 0  # of which (cid:N) glyphs
    unreadable: bool = False  # the page could not be read (a pdf-page-unreadable note says so)


def _join_words(words: list[Word]) -> str:
    """Words of one line, left to right: a space only between two ASCII words (see `_ascii_gap`) or
    across a wide gap (more than two characters), none between Japanese words."""
    out = ""
    previous = None
    for word in sorted(words, key=_WORD_X0) if len(words) > 1 else words:
        text = word[0]
        if not text:
            continue
        if out and not out[-1].isspace() and not text[0].isspace():
            size = max(1.0, word[4] - word[3])
            wide = previous is not None and word[1] - previous[2] > 2 * size
            if wide or _ascii_gap(out[-1], text[0]):
                out += " "
        out += text
        previous = word
    return out


def _group_lines(words: list[Word]) -> list[list[Word]]:
    """Words into lines: a word whose vertical middle lies within the current line joins it."""
    lines: list[list[Word]] = []
    line_top = line_bottom = 0.0
    for word in sorted(words, key=_WORD_TOP_X0):
        top, bottom = word[3], word[4]
        if lines and (line_top <= (top + bottom) / 2 <= line_bottom or abs(top - line_top) <= 3.0):
            lines[-1].append(word)
            if bottom > line_bottom:
                line_bottom = bottom
        else:
            lines.append([word])
            line_top, line_bottom = top, bottom
    for line in lines:
        if len(line) > 1:
            line.sort(key=_WORD_X0)
    return lines


def _segments(line: list[Word]) -> list[tuple[float, float, str]]:
    """A line split where the gap between words is wider than two characters: (x0, x1, text)."""
    groups: list[list[Word]] = [[line[0]]]
    for previous, word in zip(line, line[1:]):
        size = max(1.0, min(word[4] - word[3], previous[4] - previous[3]))
        if word[1] - previous[2] > 2 * size:
            groups.append([word])
        else:
            groups[-1].append(word)
    out = []
    for group in groups:
        text = _join_words(group).strip()
        if text:
            out.append((group[0][1], max(w[2] for w in group), text))
    return out


def _inside(x: float, y: float, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _white(color) -> bool:  # noqa: ANN001
    """A fill colour that is white (or unknown, taken as no fill)."""
    if color is None or isinstance(color, str):
        return True
    values = list(color) if isinstance(color, (list, tuple)) else [color]
    try:
        numbers = [float(v) for v in values]
    except (TypeError, ValueError):
        return True
    if len(numbers) == 4:  # CMYK
        return all(v <= 0.05 for v in numbers)
    return all(v >= 0.95 for v in numbers)


def _char_dict(char: Char) -> dict:
    """A character as pdfplumber's dict (for pdfplumber's own word grouping)."""
    if char[SOURCE] is not None:
        return char[SOURCE]
    return {
        "text": char[TEXT],
        "x0": char[X0],
        "x1": char[X1],
        "top": char[TOP],
        "doctop": char[TOP],
        "bottom": char[BOTTOM],
        "size": char[SIZE],
        "fontname": char[FONT],
        "upright": char[UPRIGHT],
    }


def _words(chars: list[Char]) -> list[Word]:
    """Words by pdfplumber's `extract_words` (the reference engine's, and vertical text's)."""
    from pdfplumber.utils import extract_words

    dicts = [_char_dict(c) for c in chars if c[TEXT]]
    if not dicts:
        return []
    # a gap wider than 0.15 em starts a new word (Latin word spaces are 0.2 em and up, often
    # printed as a gap rather than a space character)
    found = extract_words(
        dicts,
        keep_blank_chars=True,
        use_text_flow=False,
        x_tolerance_ratio=WORD_GAP,
        extra_attrs=["upright"],
    )
    return [(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in found]


def _slot_grid(
    tables: list[list[tuple[int, int, tuple]]], bboxes: list[tuple]
) -> tuple[list[float], list[float], list[list[int]], list[list[int]]]:
    """The boxes' edges (xs, ys) cut the page into a grid whose squares each know the slot of the
    first table that covers them and of its first cell that does (-1: none); slot 0 of a table
    (its first slot) is for what lies in its box and in none of its cells. Also each table's slots."""
    xs = {v for box in bboxes for v in (box[0], box[2])}
    ys = {v for box in bboxes for v in (box[1], box[3])}
    for cells in tables:
        xs.update(v for _, _, box in cells for v in (box[0], box[2]))
        ys.update(v for _, _, box in cells for v in (box[1], box[3]))
    x_list, y_list = sorted(xs), sorted(ys)
    x_at = {x: n for n, x in enumerate(x_list)}
    y_at = {y: n for n, y in enumerate(y_list)}
    table_slots: list[list[int]] = []
    count = 0
    for cells in tables:
        table_slots.append(list(range(count, count + 1 + len(cells))))
        count += 1 + len(cells)
    grid = [[-1] * (len(x_list) - 1) for _ in range(len(y_list) - 1)]
    for k in reversed(range(len(tables))):  # painted last to first: the first wins
        painted = [(table_slots[k][0], bboxes[k])]  # the table's box, then its cells last to first
        painted += reversed([(slot, box) for slot, (_, _, box) in zip(table_slots[k][1:], tables[k])])
        for slot, box in painted:
            first, last = x_at[box[0]], x_at[box[2]]
            for row in grid[y_at[box[1]] : y_at[box[3]]]:
                row[first:last] = [slot] * (last - first)
    return x_list, y_list, grid, table_slots


def _assign(
    tables: list[list[tuple[int, int, tuple]]], bboxes: list[tuple], chars: list[Char]
) -> tuple[list[list[Char]], list[list[int]], list[Char]]:
    """Each character to the first table whose box holds its centre and, within it, to the first
    cell (row, column order) that holds it, edges included: (characters per slot, each table's
    slots, the characters of no table), every list in the characters' order. A centre inside a
    square of the slot grid takes its slot; one lying on an edge is looked up box by box."""
    xs, ys, grid, table_slots = _slot_grid(tables, bboxes)

    def on_an_edge(cx: float, cy: float) -> int:
        for k, (x0, top, x1, bottom) in enumerate(bboxes):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                for n, (_, _, box) in enumerate(tables[k], 1):
                    if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                        return table_slots[k][n]
                return table_slots[k][0]
        return -1

    # the last list: the characters of no table (slot -1)
    slots: list[list[Char]] = [[] for owned in table_slots for _ in owned] + [[]]
    nx, ny = len(xs), len(ys)
    xs.append(math.inf)
    ys.append(math.inf)
    bisect_left = bisect.bisect_left
    left = right = top = bottom = math.nan  # the square of the character before, and its list
    target = slots[-1]
    for char in chars:
        cx, cy = char[CX], char[CY]
        if left < cx < right and top < cy < bottom:  # most often in the square of the one before
            target.append(char)
            continue
        xi, yi = bisect_left(xs, cx), bisect_left(ys, cy)
        if xs[xi] == cx or ys[yi] == cy:
            slots[on_an_edge(cx, cy)].append(char)
            continue
        inside = 0 < xi < nx and 0 < yi < ny
        target = slots[grid[yi - 1][xi - 1] if inside else -1]
        left, right = xs[xi - 1] if xi else -math.inf, xs[xi]
        top, bottom = ys[yi - 1] if yi else -math.inf, ys[yi]
        target.append(char)
    outside = slots.pop()
    return slots, table_slots, outside


@lru_cache(maxsize=1024)
def _bold(font: str) -> bool:
    return BOLD_FONT.search(font) is not None


def _lines_by_words(words) -> Callable[[list[Char]], list[str]]:  # noqa: ANN001
    """A cell's printed lines from a word grouping."""
    return lambda cell_chars: [_join_words(line) for line in _group_lines(words(cell_chars))]


def _read_table(  # noqa: C901 - the cells, then the header's style
    bbox: tuple[float, float, float, float],
    rows: list,
    cells: list[tuple[int, int, tuple]],
    texts: list[list[Char]],
    fills: list[tuple],
    lines_of: Callable[[list[Char]], list[str]],
) -> _Item | None:
    """One ruled table: cell text per row (None → ""), its columns and a styled header. `rows` are
    the table's rows (.cells: boxes or None), `cells` (row, column, box), `texts` each cell's
    characters; `lines_of` gives a cell's printed lines."""
    width = max(len(row.cells) for row in rows)
    grid = [[""] * width for _ in rows]
    row_chars: list[list[list[Char]]] = [[] for _ in rows]
    for (i, j, _), cell_chars in zip(cells, texts):
        if cell_chars:
            grid[i][j] = _fold(join_wrapped(lines_of(cell_chars)))
            row_chars[i].append(cell_chars)
    keep = [i for i, cells_ in enumerate(grid) if any(c.strip() for c in cells_)]
    if not keep:
        return None

    def styled(i: int) -> bool:
        boxes = [bbox for bbox in rows[i].cells if bbox]
        filled = bool(boxes) and all(
            any(_inside((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, fill) for fill in fills) for b in boxes
        )
        if filled:
            return True
        fonts = {c[FONT] for cell_chars in row_chars[i] for c in cell_chars if not c[TEXT].isspace()}
        return bool(fonts) and all(_bold(font) for font in fonts)

    header = 0
    while header < len(rows) and header < 3 and styled(header):
        header += 1
    if 0 < header < len(rows):
        body = [styled(i) for i in range(header, len(rows))]
        if sum(body) * 3 >= len(body):  # zebra stripes
            header = 0
    else:
        header = 0  # none, or all
    header_kept = len([i for i in keep if i < header])
    xs = sorted({round(v, 1) for v in {v for _, _, b in cells for v in (b[0], b[2])}})
    columns: list[float] = []
    for x in xs:
        if not columns or x - columns[-1] > 1.0:
            columns.append(x)
    return _Item(
        "table",
        bbox[1],
        bbox[3],
        rows=[grid[i] for i in keep],
        columns=columns,
        header_rows=header_kept or None,
    )


def _unruled_table(run: list[tuple[float, float, list[tuple[float, float, str]]]]) -> bool:
    """Clearly tabular: three or more lines (two with three or more columns) of the same number of
    columns, each column's cells lying apart from the next column's."""
    counts = {len(segments) for _, _, segments in run}
    if len(counts) != 1:
        return False
    columns = counts.pop()
    if columns < 2 or len(run) < 2 or (len(run) == 2 and columns < 3):
        return False
    spans = []
    for j in range(columns):
        spans.append((min(s[j][0] for _, _, s in run), max(s[j][1] for _, _, s in run)))
    return all(spans[j][1] < spans[j + 1][0] for j in range(columns - 1))


def _read_page(page, number: int, notes: list) -> _Page:  # noqa: ANN001
    """One pdfplumber page's items in reading order, numbered, with its characters counted."""
    page = page.dedupe_chars()

    def tables_and_fills() -> tuple[list, list[tuple[float, float, float, float]]]:
        fills = [
            (r["x0"], r["top"], r["x1"], r["bottom"])
            for r in page.rects
            if r.get("fill") and not _white(r.get("non_stroking_color")) and r["bottom"] - r["top"] >= 4
        ]
        tables = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
        return tables, fills

    chars = [
        (
            c["text"],
            c["x0"],
            c["x1"],
            c["top"],
            c["bottom"],
            c.get("size", 0.0),
            c.get("fontname", ""),
            c.get("upright", True),
            (c["x0"] + c["x1"]) / 2,
            (c["top"] + c["bottom"]) / 2,
            c,
        )
        for c in page.chars
        if c.get("text")
    ]
    size = (float(page.width), float(page.height))
    return compose_page(number, size, page.rotation, chars, tables_and_fills, _words, notes)


def _page_counts(chars: list[Char]) -> tuple[int, int, int]:
    """(visible characters, of them upright, of them (cid:N) glyphs)."""
    texts = list(map(_TEXT, chars))
    visible = len(texts) - sum(map(str.isspace, texts))
    if all(map(_UPRIGHT, chars)):
        upright = visible
    else:
        upright = sum(1 for c in chars if c[UPRIGHT] and not c[TEXT].isspace())
    cid = 0
    if "(cid:" in "".join(texts):
        cid = sum(1 for text in texts if not text.isspace() and CID.fullmatch(text))
    return visible, upright, cid


def compose_page(  # noqa: C901 - one page's steps in order
    number: int,
    size: tuple[float, float],
    rotation: int,
    chars: list[Char],
    tables_and_fills,  # noqa: ANN001 - () -> (tables with .rows/.bbox, fill boxes)
    words: Callable[[list[Char]], list[Word]],
    notes: list,
    lines_of: Callable[[list[Char]], list[str]] | None = None,
) -> _Page:
    """A page's items in reading order, numbered, with its characters counted, from its characters
    (`Char` tuples, in the order the page draws them), whatever engine read them. `words` groups
    characters into words; `lines_of` (optional, faster) gives a table cell's printed lines."""
    if rotation:
        notes.append(
            (
                "pdf-rotated",
                f"page {number} is rotated {rotation}°; its text may read out of order",
                Span(start_line=1, end_line=1, page=number),
            )
        )
    visible, upright, cid = _page_counts(chars)
    if visible and visible - upright > visible / 2:
        notes.append(
            (
                "pdf-vertical-text",
                f"page {number} has vertical text; it is read as printed lines and may be out of order",
                Span(start_line=1, end_line=1, page=number),
            )
        )
    items: list[_Item] = []
    boxes: list[tuple[float, float, float, float]] = []
    outside = chars
    if visible:  # a page without text has no table to read
        tables, fills = tables_and_fills()
        if tables:
            lines_of = lines_of or _lines_by_words(words)
            rows = [table.rows for table in tables]
            cells = [
                [(i, j, bbox) for i, row in enumerate(table_rows) for j, bbox in enumerate(row.cells) if bbox]
                for table_rows in rows
            ]
            bboxes = [table.bbox for table in tables]
            slots, table_slots, outside = _assign(cells, bboxes, chars)
            rejected = False
            for bbox, table_rows, table_cells, owned in zip(bboxes, rows, cells, table_slots):
                item = None
                if len(table_cells) > 1:  # else a box around some text, not a table
                    texts = [slots[n] for n in owned[1:]]
                    item = _read_table(bbox, table_rows, table_cells, texts, fills, lines_of)
                if item is None:
                    rejected = True
                    owned.clear()
                    continue
                items.append(item)
                boxes.append(bbox)
            if not boxes:
                outside = chars
            elif rejected:  # a rejected table's characters are read as text
                taken = {id(c) for owned in table_slots for n in owned for c in slots[n]}
                outside = [c for c in chars if id(c) not in taken]
    lines = _group_lines(words(outside))
    run: list[tuple[float, float, list[tuple[float, float, str]]]] = []

    def flush() -> None:
        if run and _unruled_table(run):
            rows = [[_fold(text) for _, _, text in segments] for _, _, segments in run]
            items.append(_Item("table", run[0][0], run[-1][1], rows=rows))
        else:
            for top, bottom, segments in run:
                items.append(_Item("text", top, bottom, text=_fold(" ".join(s[2] for s in segments))))
        run.clear()

    for line in lines:
        top, bottom = min(w[3] for w in line), max(w[4] for w in line)
        segments = _segments(line)
        if not segments:
            continue
        if len(segments) >= 2 and not boxes:
            if run and top - run[-1][1] > 2 * (bottom - top):
                flush()  # a blank line between: not the same table
            run.append((top, bottom, segments))
            continue
        flush()
        text = _fold(_join_words(line).strip())
        if text:
            items.append(_Item("text", top, bottom, text=text))
    flush()
    items.sort(key=lambda item: item.top)
    line_number = 0
    for item in items:
        item.line = line_number + 1
        line_number += len(item.rows) if item.kind == "table" else 1
    return _Page(number, size[0], size[1], items, line_number, visible, cid)


# --------------------------------------------------------------------------- document passes


def _edge_items(page: _Page) -> list[tuple[_Item, str, float]]:
    """The leading and trailing text lines of a page (up to a table), with the page edge they are
    near ("top" or "bottom") and their distance from it."""
    live = [item for item in page.items if not item.dropped]
    picked: list[_Item] = []
    for run in (live[:EDGE_LINES], live[::-1][:EDGE_LINES]):
        for item in run:
            if item.kind != "text":
                break
            if all(item is not other for other in picked):
                picked.append(item)
    out = []
    for item in sorted(picked, key=lambda i: i.top):
        if (item.top + item.bottom) / 2 < page.height / 2:
            out.append((item, "top", item.top))
        else:
            out.append((item, "bottom", page.height - item.bottom))
    return out


def _drop_furniture(pages: list[_Page]) -> None:
    """Page numbers at a page's top or bottom; a line in the page margin repeated at the same place
    on most pages (or on three pages or more: a chapter's running title), a page number printed
    after it aside, kept only where it first appears."""
    for page in pages:
        for item, _edge, distance in _edge_items(page):
            if distance <= page.height * NUMBER_MARGIN and PAGE_NUMBER.match(item.text):
                item.dropped = True
    if len(pages) < 2:
        return
    groups: dict[tuple[str, str], list[tuple[int, _Item, float]]] = {}
    for index, page in enumerate(pages):
        for item, edge, distance in _edge_items(page):
            if distance > page.height * RUNNING_MARGIN:
                continue  # body text, not a page header or footer
            key = re.sub(r"\s+", "", RUNNING_PAGE_NUMBER.sub("", item.text))
            groups.setdefault((key, edge), []).append((index, item, distance))
    # most pages of a short document; three pages of a longer one (a chapter's running title)
    needed = min(max(2, math.ceil(len(pages) / 2)), 3)
    for members in groups.values():
        if len({index for index, _, _ in members}) < needed:
            continue
        middle = statistics.median(distance for _, _, distance in members)
        near = [
            (index, item) for index, item, distance in members if abs(distance - middle) <= EDGE_TOLERANCE
        ]
        if len({index for index, _ in near}) < needed:
            continue
        for _index, item in near[1:]:
            item.dropped = True


def _same_rows(a: list[str], b: list[str]) -> bool:
    def norm(cells: list[str]) -> list[str]:
        return [re.sub(r"\s+", "", c) for c in cells]

    return norm(a) == norm(b)


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and len(a) > 1 and all(abs(x - y) <= COLUMN_TOLERANCE for x, y in zip(a, b))


def _continuations(pages: list[_Page]) -> dict[int, list[tuple[_Page, _Item]]]:
    """Tables that end a page and go on at the top of the next page(s): the first part's id() →
    every part in order. A continuation's repeated header rows are marked (skip_rows) and the
    header count recorded on the first part."""
    chains: list[list[tuple[_Page, _Item]]] = []
    tail: dict[int, int] = {}  # id() of a chain's last part → its index in chains
    for index in range(len(pages) - 1):
        live = [item for item in pages[index].items if not item.dropped]
        following = [item for item in pages[index + 1].items if not item.dropped]
        if not live or not following or live[-1].kind != "table" or following[0].kind != "table":
            continue
        last, nxt = live[-1], following[0]
        chain = chains[tail[id(last)]] if id(last) in tail else [(pages[index], last)]
        head = chain[0][1]
        if max(len(r) for r in nxt.rows) != max(len(r) for r in head.rows):
            continue
        repeated = 0
        for count in ([head.header_rows] if head.header_rows else []) + [3, 2, 1]:
            if count < len(nxt.rows) and count <= len(head.rows):
                if all(_same_rows(head.rows[k], nxt.rows[k]) for k in range(count)):
                    repeated = count
                    break
        if repeated:
            nxt.skip_rows = repeated
            head.header_rows = head.header_rows or repeated
        elif nxt.header_rows or not _same_columns(last.columns, nxt.columns):
            continue  # another table (a header of its own, or other columns)
        if id(last) not in tail:
            chains.append(chain)
            tail[id(last)] = len(chains) - 1
        chain.append((pages[index + 1], nxt))
        tail[id(nxt)] = tail.pop(id(last))
    return {id(chain[0][1]): chain for chain in chains}


def _blocks(pages: list[_Page]) -> tuple[list[Block], list[tuple[int | None, int]]]:
    """The blocks in reading order, continued tables joined, and every (page, line) they hold."""
    chains = _continuations(pages)
    absorbed = {id(item) for chain in chains.values() for _, item in chain[1:]}
    blocks: list[Block] = []
    content: list[tuple[int | None, int]] = []
    for page in pages:
        for item in page.items:
            if item.dropped or id(item) in absorbed:
                continue
            if item.kind == "text":
                blocks.append(Block("text", item.line, item.line, page=page.number, text=item.text))
                content.append((page.number, item.line))
                continue
            parts = chains.get(id(item), [(page, item)])
            rows: list[Row] = []
            for part_page, part in parts:
                for offset, cells in enumerate(part.rows):
                    if offset < part.skip_rows:
                        continue
                    rows.append(Row(list(cells), part.line + offset, part_page.number))
            if not rows:
                continue
            first_page_rows = [row for row in rows if row.page == page.number]
            block = Block(
                "table",
                rows[0].line,
                first_page_rows[-1].line,
                page=page.number,
                rows=rows,
                style="pdf",
                header_rows=item.header_rows,
            )
            blocks.append(block)
            content.extend((row.page, row.line) for row in rows)
    return blocks, content


# --------------------------------------------------------------------------- entry point


def _pages(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    return f"pages {numbers[0]}–{numbers[-1]}"


def _causes(exc: BaseException) -> list[BaseException]:
    """An exception and what it wraps (pdfplumber wraps pdfminer's errors in PdfminerException)."""
    out: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo and len(out) < 10:
        current = todo.pop(0)
        if any(current is seen for seen in out):
            continue
        out.append(current)
        todo.extend(arg for arg in current.args if isinstance(arg, BaseException))
        todo.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return out


def _plumber_pages(path: Path, data: bytes, progress=None) -> tuple[list[_Page], list, int]:  # noqa: ANN001
    """The reference engine: every page read with pdfplumber; (pages, notes, page count)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    notes: list[tuple[str, str, Span | None]] = []
    pages: list[_Page] = []
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            page_count = len(pdf.pages)
            for number, page in enumerate(pdf.pages, 1):
                try:
                    read = _read_page(page, number, notes)
                except Exception as exc:  # one bad page: say so, read the rest
                    notes.append(
                        (
                            "pdf-page-unreadable",
                            f"page {number} could not be read ({type(exc).__name__}); it is skipped",
                            Span(start_line=1, end_line=1, page=number),
                        )
                    )
                    read = _Page(number, 0.0, 0.0, [], 0, unreadable=True)
                finally:
                    page.close()
                pages.append(read)
                if progress is not None:
                    progress(number, page_count)
    except InputError:
        raise
    except Exception as exc:
        causes = _causes(exc)
        names = " ".join(type(cause).__name__ for cause in causes).lower()
        if (
            any(isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) for cause in causes)
            or "password" in names
            or "encrypt" in names
        ):
            raise InputError(
                f"{path}: the PDF is encrypted and cannot be opened without a password"
            ) from None
        raise InputError(
            f"{path}: not a readable PDF (corrupt or truncated: {type(causes[-1]).__name__})"
        ) from None
    finally:
        logger.setLevel(level)
    return pages, notes, page_count


def read_pdf(path: Path, data: bytes | None = None, *, engine: str | None = None) -> SourceDoc:
    """Read a text-layer PDF (its bytes, read once by the caller) into blocks, with `engine`
    (``fast``, ``pdfplumber`` or ``auto``; default: the current `pdf_options`, see pdf_options.py).

    An unusable file raises InputError with one clear line.
    """
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if not data:
        raise InputError(f"{path}: the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{path}: named .pdf but is not a PDF file")
    check_pdf_bytes(path, data)  # cut short, or a decompression bomb
    from .pdf_options import current_options, resolve_engine

    options = current_options()
    chosen = resolve_engine(engine or options.engine)
    read = None
    if chosen == "fast":
        from .pdf_fast import read_pages

        read = read_pages(data, options)  # None: the fast engine cannot open it (the reference says why)
    if read is None:
        read = _plumber_pages(path, data, options.progress)
    pages, notes, page_count = read
    if page_count == 0:
        raise InputError(f"{path}: the PDF has no pages")
    if all(page.unreadable for page in pages):
        raise InputError(f"{path}: not a readable PDF (corrupt: no page could be read)")
    characters = sum(page.characters for page in pages)
    cids = sum(page.cids for page in pages)
    if characters == 0:
        raise InputError(f"{path}: the PDF has no text layer (scanned?); OCR is not supported")
    if cids * 10 > characters:
        affected = [page.number for page in pages if page.cids] or [1]
        notes.append(
            (
                "pdf-cid-font",
                f"{cids} of {characters} characters are (cid:N) glyphs of a font without a Unicode map "
                f"({_pages(affected)}); their text cannot be read",
                Span(start_line=1, end_line=1, page=affected[0]),
            )
        )
    _drop_furniture(pages)
    blocks, content = _blocks(pages)
    return SourceDoc(
        blocks=blocks,
        name=path.name,
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="pdf",
        pages=page_count,
        line_count=sum(page.line_count for page in pages),
        content_lines=content,
        notes=notes,
    )
