"""The fast PDF engine's table geometry and character placement against plain references, on
random shapes: pdfplumber's own table functions (snap, join, intersections, cells, tables) on
random ruled boxes and segments, and a box-by-box search for each character's table and cell
(edges included) on random, overlapping tables."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfplumber import table as plumber
from pdfplumber import utils

from reformparse.read import pdf_fast
from reformparse.read.pdf import _assign

#: coordinates on a half-point grid: sums and means are exact whatever the order of addition
HALF_POINTS = st.integers(min_value=0, max_value=120).map(lambda n: n / 2)
BOXES = st.tuples(HALF_POINTS, HALF_POINTS, HALF_POINTS, HALF_POINTS).map(
    lambda b: (min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3]))
)


def _box_edges(box: tuple[float, float, float, float]) -> list[tuple[float, float, float, float]]:
    x0, top, x1, bottom = box
    return [(x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)]


def _edge_dict(edge: tuple[float, float, float, float]) -> dict:
    x0, top, x1, bottom = edge
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": "v" if x0 == x1 else "h",
        "object_type": "line",
    }


def _plumber_tables(edges: list[tuple[float, float, float, float]]) -> list[list[tuple]]:
    """pdfplumber's lines strategy with its default tolerances (TableFinder.get_edges and on)."""
    dicts = [_edge_dict(e) for e in edges if e[0] == e[2] or e[1] == e[3]]
    base = utils.filter_edges(dicts, "v", min_length=1) + utils.filter_edges(dicts, "h", min_length=1)
    merged = utils.filter_edges(plumber.merge_edges(base, 3, 3, 3, 3), min_length=3)
    cells = plumber.intersections_to_cells(plumber.edges_to_intersections(merged, 3, 3))
    return [sorted(table) for table in plumber.cells_to_tables(cells)]


def _fast_tables(edges: list[tuple[float, float, float, float]]) -> list[list[tuple]]:
    vertical = [e for e in edges if e[0] == e[2] and e[3] - e[1] >= 1]
    horizontal = [e for e in edges if e[1] == e[3] and e[2] - e[0] >= 1]
    cells = pdf_fast._cells(pdf_fast._snap_join(vertical, True), pdf_fast._snap_join(horizontal, False))
    return [sorted(table) for table in pdf_fast._cells_to_tables(cells)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(boxes=st.lists(BOXES, min_size=1, max_size=12), segments=st.lists(BOXES, max_size=6))
def test_table_geometry_is_pdfplumbers(boxes, segments):
    # ruled boxes (a grid drawn cell by cell, overlapping), and loose horizontal/vertical strokes
    edges = [edge for box in boxes for edge in _box_edges(box)]
    edges += [
        (x0, top, x1, top) if n % 2 else (x0, top, x0, bottom)
        for n, (x0, top, x1, bottom) in enumerate(segments)
    ]
    assert _fast_tables(edges) == _plumber_tables(edges)


def _first_box_search(tables, bboxes, centre) -> tuple[int, int] | None:  # noqa: ANN001
    """(table, cell index or -1) of the first table holding the centre and its first cell holding
    it, edges included; None: no table."""
    cx, cy = centre
    for k, (x0, top, x1, bottom) in enumerate(bboxes):
        if x0 <= cx <= x1 and top <= cy <= bottom:
            for n, (_, _, box) in enumerate(tables[k]):
                if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                    return k, n
            return k, -1
    return None


#: centres on a quarter-point grid: many lie exactly on a box's edge
CENTRES = st.tuples(st.integers(0, 240).map(lambda n: n / 4), st.integers(0, 240).map(lambda n: n / 4))


@settings(max_examples=200, deadline=None)
@given(
    tables=st.lists(
        st.lists(BOXES.filter(lambda b: b[0] < b[2] and b[1] < b[3]), min_size=1, max_size=6),
        min_size=1,
        max_size=3,
    ),
    centres=st.lists(CENTRES, min_size=1, max_size=60),
)
def test_each_character_goes_to_its_first_table_and_cell(tables, centres):
    cells = [[(n, 0, box) for n, box in enumerate(boxes)] for boxes in tables]
    bboxes = [
        (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        for boxes in tables
    ]
    chars = [("x", 0.0, 0.0, 0.0, 0.0, 1.0, "", True, cx, cy, None, None) for cx, cy in centres]
    slots, table_slots, outside = _assign(cells, bboxes, chars)
    where = {}
    for k, owned in enumerate(table_slots):
        for n, slot in enumerate(owned):
            for char in slots[slot]:
                where[id(char)] = (k, n - 1)
    for char in outside:
        where[id(char)] = None
    assert len(where) == len(chars)
    for char, centre in zip(chars, centres):
        assert where[id(char)] == _first_box_search(cells, bboxes, centre)
    position = {id(char): n for n, char in enumerate(chars)}
    for bucket in [*slots, outside]:  # every list in the characters' order
        order = [position[id(c)] for c in bucket]
        assert order == sorted(order)
