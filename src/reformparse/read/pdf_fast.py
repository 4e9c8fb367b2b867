"""The fast PDF engine: characters and ruling lines from pdf_oxide (Rust), page boxes from pdfium,
tables found by pdfplumber's own table geometry, then the same page composition as the reference
engine (`pdf.compose_page`).

Per page: pdf_oxide's characters become the dicts pdfplumber would give (x0, x1, top, bottom in
points from the top-left corner, fontname, size, upright), doubled glyphs of fake bold dropped (as
`dedupe_chars` does); every painted path's axis-parallel segments and rectangle sides become edges,
which pdfplumber's functions snap, join, intersect and turn into cells and tables (the ``lines``
strategy with its default tolerances); words are grouped as pdfplumber's `extract_words` groups them
(lines within 3 pt, a gap over 0.15 em starts a word) by a short loop of our own.

`read_pages` returns None when the file is one this engine cannot open (encrypted, corrupt): the
reference engine then reads it and says what is wrong. Pages may be read on several processes.
"""

from __future__ import annotations

import bisect
import math
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from itertools import compress, groupby
from operator import attrgetter, itemgetter, not_
from typing import NamedTuple

from ..models import Span
from .pdf import (
    BOTTOM,
    FONT,
    KEY,
    SIZE,
    TEXT,
    TOP,
    UPRIGHT,
    WORD_GAP,
    X0,
    X1,
    Char,
    Word,
    _group_lines,
    _join_words,
    _Page,
    _white,
    _words,
    compose_page,
)
from .pdf_options import PdfOptions

#: share of the font size below the baseline (common Japanese and Latin fonts): pdf_oxide boxes
#: start at the baseline, pdfplumber's at the font's descent
DESCENT = 0.12
#: pdfplumber's defaults for the lines strategy (snap, join, intersection tolerance; edge lengths)
TOLERANCE = 3.0
EDGE_MIN_LENGTH = 3.0
#: two characters on the same line: tops within this many points (pdfplumber's y_tolerance)
LINE_TOLERANCE = 3.0
#: a glyph printed twice within this many points is read once (pdfplumber's dedupe tolerance)
DEDUPE_TOLERANCE = 1.0
#: fewer pages than this are read in one process whatever --jobs says
PARALLEL_MIN_PAGES = 16


#: what is read of a pdf_oxide TextChar (one tuple a character, freed as soon as it is unpacked)
_CHAR_FIELDS = attrgetter("char", "bbox", "font_name", "rotation_degrees")


def _char_tuples(raw: list, height: float) -> list[Char]:
    """pdf_oxide's TextChars as `Char` tuples (with their `KEY`), in stream order; boxes shifted
    from the baseline down by the descent."""
    descent = DESCENT
    chars = [
        (
            text,
            x,
            x + w,
            top,
            bottom,
            h,
            font or "",
            not turn or turn % 180 == 0,
            x + w / 2,
            bottom - h / 2,
            None,
            (text, round(top)),
        )
        for text, (x, y, w, h), font, turn in map(_CHAR_FIELDS, raw)
        if text and w >= 0 and h > 0
        for bottom in (height - y + descent * h,)
        for top in (bottom - h,)
    ]
    if len(chars) == len(raw):
        return chars
    chars = []  # a mirrored box, a box without height (its font's size), a glyph without text
    for ch in raw:
        text = ch.char
        if not text:
            continue
        x, y, w, h = ch.bbox
        if w < 0:
            x, w = x + w, -w
        size = h if h > 0 else ch.font_size
        bottom = height - y + descent * size
        top = bottom - size
        turn = ch.rotation_degrees
        chars.append(
            (
                text,
                x,
                x + w,
                top,
                bottom,
                size,
                ch.font_name or "",
                not turn or turn % 180 == 0,
                x + w / 2,
                bottom - size / 2,
                None,
                (text, round(top)),
            )
        )
    return chars


def _chars(raw: list, height: float) -> list[Char]:
    """pdf_oxide's TextChars as `Char` tuples, in stream order. The same glyph (text, font, size)
    printed again within 1 pt on the same line — fake bold — is read once; a glyph without a
    Unicode map reads as pdfplumber's (cid:N); the spaces pdf_oxide invents are dropped."""
    chars = _char_tuples(raw, height)
    counts = Counter(map(_KEY, chars))
    if len(counts) < len(chars):  # the same text on the same line more than once
        seen: dict[tuple[str, int], list[Char]] = {}
        dropped: set[int] = set()
        tolerance = DEDUPE_TOLERANCE
        for char in compress(chars, map((1).__lt__, map(counts.__getitem__, map(_KEY, chars)))):
            same = seen.get(char[KEY])
            if same is None:
                seen[char[KEY]] = [char]
            elif any(
                abs(char[X0] - c[X0]) <= tolerance
                and abs(char[TOP] - c[TOP]) <= tolerance
                and c[FONT] == char[FONT]
                and abs(c[SIZE] - char[SIZE]) < 0.05
                for c in same
            ):
                dropped.add(id(char))
            else:
                same.append(char)
        if dropped:
            chars = [c for c in chars if id(c) not in dropped]
    texts = list(map(_TEXT, chars))
    blank = list(map(str.isspace, texts))
    if True in blank:
        # pdf_oxide fills a positioning gap with a space of its own, named by the font's resource
        # key (F1) rather than a font of the page: pdfplumber sees no character there
        fonts = set(compress(map(_FONT, chars), map(not_, blank)))
        invented = {id(c) for c in compress(chars, blank) if c[FONT] not in fonts}
        if invented:
            chars = [c for c in chars if id(c) not in invented]
    if "\ufffd" in "".join(texts):  # a glyph without a Unicode map: counted as pdfplumber's (cid:N)
        chars = [("(cid:0)", *c[1:]) if c[TEXT] == "\ufffd" else c for c in chars]
    return chars


def _line_words(line: list[Char]) -> list[Word]:
    """One line's characters (sorted by x0) as words: a new word where a character starts before
    the previous one or more than 0.15 em after its end, or lies on another line."""
    out: list[Word] = []
    first = previous = line[0]
    texts = [first[TEXT]]
    x1, top, bottom = first[X1], first[TOP], first[BOTTOM]
    gap = WORD_GAP
    for char in line[1:]:
        x0 = char[X0]
        if (
            x0 < previous[X0]
            or x0 > previous[X1] + gap * previous[SIZE]
            or abs(char[TOP] - previous[TOP]) > LINE_TOLERANCE
        ):
            out.append(("".join(texts), first[X0], x1, top, bottom))
            first = char
            texts = [char[TEXT]]
            x1, top, bottom = char[X1], char[TOP], char[BOTTOM]
        else:
            texts.append(char[TEXT])
            if char[X1] > x1:
                x1 = char[X1]
            if char[TOP] < top:
                top = char[TOP]
            if char[BOTTOM] > bottom:
                bottom = char[BOTTOM]
        previous = char
    out.append(("".join(texts), first[X0], x1, top, bottom))
    return out


_BY_TOP = itemgetter(TOP)
_X0, _X1 = itemgetter(X0), itemgetter(X1)


def _by_x(chars: list[Char]) -> list[Char]:
    """Sorted by (x0, x1): two sorts on one number each (cheaper than on pairs)."""
    return sorted(sorted(chars, key=_X1), key=_X0)


_KEY, _FONT, _UPRIGHT = itemgetter(KEY), itemgetter(FONT), itemgetter(UPRIGHT)
_TEXT = itemgetter(TEXT)


def _upright_words(chars: list[Char]) -> list[Word]:
    """Upright characters clustered into lines by their top (3 pt chains), sorted left to right
    and split into words."""
    ordered = sorted(chars, key=_BY_TOP)
    if ordered[-1][TOP] - ordered[0][TOP] <= LINE_TOLERANCE:  # one line
        return _line_words(_by_x(ordered))
    words: list[Word] = []
    start = 0
    last_top = ordered[0][TOP]
    for n in range(1, len(ordered)):
        top = ordered[n][TOP]
        if top - last_top > LINE_TOLERANCE:
            words.extend(_line_words(_by_x(ordered[start:n])))
            start = n
        last_top = top
    words.extend(_line_words(_by_x(ordered[start:])))
    return words


def fast_words(chars: list[Char]) -> list[Word]:
    """Words as pdfplumber's `extract_words` (keep_blank_chars, x_tolerance_ratio 0.15) makes them:
    upright characters clustered into lines by their top (3 pt chains), sorted left to right and
    split at gaps; characters of vertical text go through pdfplumber itself."""
    if all(map(_UPRIGHT, chars)):
        return _upright_words(chars) if chars else []
    upright = [c for c in chars if c[UPRIGHT]]
    words = _upright_words(upright) if upright else []
    words.extend(_words([c for c in chars if not c[UPRIGHT]]))
    return words


def fast_lines(chars: list[Char]) -> list[str]:
    """A cell's printed lines: what `_join_words` over `_group_lines(fast_words(chars))` gives."""
    if len(chars) == 1 and chars[0][UPRIGHT]:
        return [chars[0][TEXT]]
    return [_join_words(line) for line in _group_lines(fast_words(chars))]


#: an edge: (x0, top, x1, bottom); horizontal when top == bottom
Edge = tuple[float, float, float, float]


def _segment(a: tuple[float, float], b: tuple[float, float], height: float) -> Edge | None:
    """A straight segment (PDF coordinates) as an edge when it is horizontal or vertical."""
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 0.01:
        y = height - ay
        return (min(ax, bx), y, max(ax, bx), y)
    if abs(ax - bx) < 0.01:
        return (ax, height - max(ay, by), ax, height - min(ay, by))
    return None


def _rectangle(op: dict, height: float) -> tuple[float, float, float, float]:
    """A rectangle operation's box (x0, top, x1, bottom) from the page's top-left corner."""
    x, y = op["x"], op["y"]
    right, up = x + op["width"], y + op["height"]
    x0, x1 = (x, right) if right >= x else (right, x)
    low, high = (y, up) if up >= y else (up, y)
    return (x0, height - high, x1, height - low)


def _path_edges(operations: list[dict], height: float, edges: list[Edge]) -> None:
    """The edges of one painted path added to `edges`: a rectangle's four sides, the straight
    axis-parallel segments."""
    start = current = None
    for op in operations:
        kind = op.get("op")
        if kind == "rectangle":
            x0, top, x1, bottom = _rectangle(op, height)
            edges += (
                (x0, top, x1, top),
                (x0, bottom, x1, bottom),
                (x0, top, x0, bottom),
                (x1, top, x1, bottom),
            )
            start = current = None
        elif kind == "move_to":
            start = current = (op["x"], op["y"])
        elif kind == "line_to" and current is not None:
            point = (op["x"], op["y"])
            edge = _segment(current, point, height)
            if edge is not None:
                edges.append(edge)
            current = point
        elif kind in ("close_path", "close") and current is not None and start is not None:
            edge = _segment(current, start, height)
            if edge is not None:
                edges.append(edge)
            current = start
        elif "x" in op and "y" in op:  # a curve: its end point, no edge
            current = (op["x"], op["y"])


def _fill_boxes(paths: list[dict], height: float) -> list[tuple[float, float, float, float]]:
    """Rectangles filled with a colour (not white), 4 pt high or more: a styled header's cells."""
    boxes = []
    for path in paths:
        color = path.get("fill_color")
        if color is None or _white(color):
            continue
        for op in path.get("operations") or ():
            if op.get("op") == "rectangle":
                box = _rectangle(op, height)
                if box[3] - box[1] >= 4:
                    boxes.append(box)
    return boxes


def _snap_join(edges: list[Edge], vertical: bool) -> list[Edge]:
    """pdfplumber's `merge_edges` for one orientation: positions snapped to the mean of their
    cluster (the mean over edges in their order, as pdfplumber weighs and adds them; an edge moved
    by mean - position, as pdfplumber moves it), then edges on one line joined where they touch
    or lie within the tolerance; edges shorter than 3 pt dropped."""
    if not edges:
        return []
    positions = list(map(itemgetter(0 if vertical else 1), edges))
    cluster_of: dict[float, int] = {}
    cluster, previous = 0, math.inf
    for value in sorted(set(positions)):
        if value > previous + TOLERANCE:
            cluster += 1
        cluster_of[value] = cluster
        previous = value
    members: list[list[float]] = [[] for _ in range(cluster + 1)]
    for value in positions:
        members[cluster_of[value]].append(value)
    means = [sum(values) / len(values) for values in members]
    snapped = {value: value + (means[n] - value) for value, n in cluster_of.items()}
    # an edge drawn twice (two cells' common side) is joined once
    if vertical:
        spans = sorted([(snapped[x], top, bottom) for x, top, _, bottom in set(edges)])
    else:
        spans = sorted([(snapped[top], x0, x1) for x0, top, x1, _ in set(edges)])
    out: list[Edge] = []
    position = start = end = math.nan
    for line, first, last in spans:
        if line == position and first <= end + TOLERANCE:
            if last > end:
                end = last
            continue
        if end - start >= EDGE_MIN_LENGTH:
            out.append((position, start, position, end) if vertical else (start, position, end, position))
        position, start, end = line, first, last
    if end - start >= EDGE_MIN_LENGTH:
        out.append((position, start, position, end) if vertical else (start, position, end, position))
    return out


def _intersections(
    vertical: list[Edge], horizontal: list[Edge]
) -> dict[tuple[float, float], tuple[set, set]]:
    """pdfplumber's `edges_to_intersections`: every point where a vertical and a horizontal edge
    meet (within the tolerance), with the vertical and horizontal edges through it."""
    points: dict[tuple[float, float], tuple[set, set]] = {}
    across = sorted(horizontal, key=itemgetter(1, 0))
    levels = [h[1] for h in across]
    for v in sorted(vertical, key=itemgetter(0, 1)):
        x, v_top, _, v_bottom = v
        first = bisect.bisect_left(levels, v_top - TOLERANCE)
        last = bisect.bisect_right(levels, v_bottom + TOLERANCE)
        for h in across[first:last]:
            if h[0] - TOLERANCE <= x <= h[2] + TOLERANCE:
                point = (x, h[1])
                if point in points:
                    vs, hs = points[point]
                    vs.add(v)
                    hs.add(h)
                else:
                    points[point] = ({v}, {h})
    return points


def _cells(vertical: list[Edge], horizontal: list[Edge]) -> list[tuple[float, float, float, float]]:
    """pdfplumber's `intersections_to_cells`: from each intersection the smallest box whose four
    corners are intersections joined by common edges (first the nearest point below, then the
    nearest to the right). A point not joined to the next one below (right) by an edge is joined
    to none further: an edge reaching further would pass through that point too."""
    points = _intersections(vertical, horizontal)
    columns: dict[float, list[tuple[float, float]]] = {}
    rows: dict[float, list[tuple[float, float]]] = {}
    ordered = sorted(points)
    for point in ordered:  # each column top to bottom, each row left to right
        if point[0] in columns:
            columns[point[0]].append(point)
        else:
            columns[point[0]] = [point]
        if point[1] in rows:
            rows[point[1]].append(point)
        else:
            rows[point[1]] = [point]
    at_column = {point: n for column in columns.values() for n, point in enumerate(column, 1)}
    at_row = {point: n for row in rows.values() for n, point in enumerate(row, 1)}
    cells = []
    for point in ordered:
        row = rows[point[1]]
        first_right = at_row[point]
        if first_right == len(row) or points[point][1].isdisjoint(points[row[first_right]][1]):
            continue  # no edge to the right
        found = _smallest_cell(point, points, columns[point[0]], at_column[point], row, first_right)
        if found:
            cells.append(found)
    return cells


def _smallest_cell(  # noqa: PLR0913 - the point, its column and row after it
    point: tuple[float, float],
    points: dict[tuple[float, float], tuple[set, set]],
    column: list[tuple[float, float]],
    first_down: int,
    row: list[tuple[float, float]],
    first_right: int,
) -> tuple[float, float, float, float] | None:
    """The smallest box from `point` (see `_cells`); the points to its right are looked at (and
    checked joined) only as far as needed."""
    down_edges, right_edges = points[point]
    rights: list[tuple[float, float]] = []  # joined to the point, in order
    more = True  # points further right may be joined
    for down in column[first_down:]:
        down_points = points[down]
        if down_edges.isdisjoint(down_points[0]):
            return None
        k = 0
        while True:
            if k == len(rights):
                if not more or first_right + k == len(row):
                    break
                side = row[first_right + k]
                if right_edges.isdisjoint(points[side][1]):
                    more = False
                    break
                rights.append(side)
            side = rights[k]
            corner = points.get((side[0], down[1]))
            if (
                corner is not None
                and not corner[0].isdisjoint(points[side][0])
                and not corner[1].isdisjoint(down_points[1])
            ):
                return (point[0], point[1], side[0], down[1])
            k += 1
    return None


def _cells_to_tables(cells: list[tuple[float, float, float, float]]) -> list[list[tuple]]:
    """pdfplumber's `cells_to_tables`: cells that share a corner, directly or through others, are
    one table (a union-find over the cells, each corner owned by its first cell); tables sorted by
    their top-left corner, single cells dropped."""
    parent = list(range(len(cells)))
    owner: dict[tuple[float, float], int] = {}
    first_at = owner.setdefault
    for n, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            other = first_at(corner, n)
            if other == n:
                continue
            a = n
            while parent[a] != a:
                a = parent[a]
            b = other
            while parent[b] != b:
                parent[b] = parent[parent[b]]
                b = parent[b]
            if a != b:
                parent[a] = b
    groups: dict[int, list[tuple]] = {}
    for n, cell in enumerate(cells):
        root = n
        while parent[root] != root:
            root = parent[root]
        if root in groups:
            groups[root].append(cell)
        else:
            groups[root] = [cell]
    tables = [table for table in groups.values() if len(table) > 1]
    return sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))


def find_tables(paths: list[dict], height: float) -> list:
    """pdfplumber's lines-strategy table finder (its default tolerances) on the page's edges,
    re-written for speed over tuples; tables have pdfplumber's `.rows` and `.bbox`."""
    edges: list[Edge] = []
    for path in paths:
        operations = path.get("operations")
        if operations:
            _path_edges(operations, height, edges)
    vertical = [e for e in edges if e[0] == e[2] and e[3] - e[1] >= 1]
    horizontal = [e for e in edges if e[1] == e[3] and e[2] - e[0] >= 1]
    if len(vertical) < 2 or len(horizontal) < 2:
        return []
    cells = _cells(_snap_join(vertical, True), _snap_join(horizontal, False))
    if len(cells) < 2:
        return []
    return [_Table(group) for group in _cells_to_tables(cells)]


class _Row(NamedTuple):
    """A table row as pdfplumber's `Row` gives it: one box (or None) per column."""

    cells: list[tuple[float, float, float, float] | None]


class _Table:
    """A found table as pdfplumber's `Table` gives it (`.bbox`, `.rows`), its rows built once."""

    def __init__(self, cells: list[tuple[float, float, float, float]]) -> None:
        self.cells = cells
        self.bbox = (
            min(map(itemgetter(0), cells)),
            min(map(itemgetter(1), cells)),
            max(map(itemgetter(2), cells)),
            max(map(itemgetter(3), cells)),
        )
        # pdfplumber's rows: cells grouped by their top, each row one slot per left edge
        lefts = sorted(set(map(itemgetter(0), cells)))
        self.rows = [
            _Row([by_left.get(x) for x in lefts])
            for by_left in (
                {cell[0]: cell for cell in row}
                for _, row in groupby(sorted(cells, key=itemgetter(1, 0)), itemgetter(1))
            )
        ]


# --------------------------------------------------------------------------- pages


def _read_one(document, index: int, size: tuple[float, float], rotation: int, notes: list) -> _Page:  # noqa: ANN001
    number = index + 1
    try:
        chars = _chars(document.extract_chars(index), size[1])

        def tables_and_fills() -> tuple[list, list]:
            paths = document.extract_paths(index)
            return find_tables(paths, size[1]), _fill_boxes(paths, size[1])

        return compose_page(number, size, rotation, chars, tables_and_fills, fast_words, notes, fast_lines)
    except Exception as exc:  # one bad page: say so, read the rest
        notes.append(
            (
                "pdf-page-unreadable",
                f"page {number} could not be read ({type(exc).__name__}); it is skipped",
                Span(start_line=1, end_line=1, page=number),
            )
        )
        return _Page(number, 0.0, 0.0, [], 0, unreadable=True)


#: the document a worker process reads pages of (opened once per worker, see `_read_parallel`)
_WORKER: dict[str, object] = {}


def _open_in_worker(data: bytes) -> None:
    """A worker process opens the document once: its pages are read in several chunks."""
    import pdf_oxide

    _WORKER["document"] = pdf_oxide.PdfDocument.from_bytes(data)


def _read_range(first: int, boxes: list[tuple[float, float, int]]) -> tuple[list[_Page], list]:
    """Pages first, first + 1, … (one per box: width, height, rotation) of the worker's document."""
    document = _WORKER["document"]
    notes: list = []
    pages = [
        _read_one(document, first + offset, (width, height), rotation, notes)
        for offset, (width, height, rotation) in enumerate(boxes)
    ]
    return pages, notes


def _page_boxes(data: bytes):  # noqa: ANN202 - (boxes, pdf_oxide document) or None
    """Every page's (width, height, rotation), the box unrotated (pdf_oxide's coordinates are the
    unrotated page's): sizes from pdfium (pdf_oxide misses a /MediaBox inherited from the page
    tree), rotations from pdf_oxide; with the pdf_oxide document opened. None when either cannot
    open the file (encrypted with a password, corrupt)."""
    import pdf_oxide
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception:
        return None
    try:
        oxide = pdf_oxide.PdfDocument.from_bytes(data)
        if oxide.page_count != len(document):
            return None
        boxes = []
        for index in range(len(document)):
            width, height = document.get_page_size(index)
            rotation = int(oxide.page_rotation(index) or 0) % 360
            if rotation in (90, 270):
                width, height = height, width
            boxes.append((float(width), float(height), rotation))
        return boxes, oxide
    except Exception:
        return None
    finally:
        document.close()


def read_pages(data: bytes, options: PdfOptions) -> tuple[list[_Page], list, int] | None:
    """(pages, notes, page count) read with the fast engine, or None when it cannot open the file."""
    opened = _page_boxes(data)
    if opened is None:
        return None
    boxes, document = opened
    total = len(boxes)
    jobs = min(options.jobs, os.cpu_count() or 1)
    if jobs > 1 and total >= PARALLEL_MIN_PAGES:
        return _read_parallel(data, boxes, jobs, options)
    notes: list = []
    pages = []
    for index, (width, height, rotation) in enumerate(boxes):
        pages.append(_read_one(document, index, (width, height), rotation, notes))
        if options.progress is not None:
            options.progress(index + 1, total)
    return pages, notes, total


def _read_parallel(
    data: bytes, boxes: list[tuple[float, float, int]], jobs: int, options: PdfOptions
) -> tuple[list[_Page], list, int]:
    """Pages read in chunks on `jobs` processes, put back in order."""
    total = len(boxes)
    chunk = max(4, min(32, total // (jobs * 4) or 1))
    starts = list(range(0, total, chunk))
    results: dict[int, tuple[list[_Page], list]] = {}
    done = 0
    # the bytes go to each worker once (not with every chunk), each worker parses them once
    with ProcessPoolExecutor(max_workers=jobs, initializer=_open_in_worker, initargs=(data,)) as pool:
        futures = {pool.submit(_read_range, start, boxes[start : start + chunk]): start for start in starts}
        from concurrent.futures import as_completed

        for future in as_completed(futures):
            start = futures[future]
            results[start] = future.result()
            done += len(results[start][0])
            if options.progress is not None:
                options.progress(done, total)
    pages: list[_Page] = []
    notes: list = []
    for start in starts:
        pages.extend(results[start][0])
        notes.extend(results[start][1])
    return pages, notes, total
