"""Merging appearances of one initiative: a sheet merges into the listed item with the most similar
title (the first of equally similar ones), with or without the shortcut for identical titles."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reformparse.context import Context
from reformparse.labels import LabelBook
from reformparse.models import Initiative, Span
from reformparse.records import merge
from reformparse.sections import SectionTree

TITLES = [
    "水道管の更新",
    "下水道管の更新",
    "窓口業務の見直し",
    "窓口業務の見直し 【R5変更】",
    "公共施設の統廃合",
]
DETAIL = frozenset({"card"})


def _item(n: int, title: str, layout: str, with_id: bool) -> Initiative:
    return Initiative(
        key=f"r{n}",
        id=f"g{n}" if with_id else None,
        title=title,
        layout=layout,
        span=Span(start_line=n + 1, end_line=n + 1),
    )


def _plain(items: list[Initiative]) -> list[tuple[str, str]]:
    """Which sheet went into which listed item, by scanning every kept item (no shortcut)."""
    kept: list[Initiative] = []
    pairs = []
    for item in items:
        match = None
        if item.layout in DETAIL:
            best = merge.SAME_TITLE_WITHOUT_ID
            for candidate in kept:
                if candidate.id is None or candidate.layout in DETAIL:
                    continue
                similarity = merge._similar(candidate.title, item.title)  # noqa: SLF001
                if similarity >= best and (match is None or similarity > best):
                    match, best = candidate, similarity
                    if similarity == 1.0:
                        break
        if match is not None:
            pairs.append((item.key, match.key))
        else:
            kept.append(item)
    return pairs


def _context() -> Context:
    from reformparse.blocks import SourceDoc

    source = SourceDoc(blocks=[], name="x", path=None, sha256="", format="text", encoding="utf-8")
    return Context(source, LabelBook(), SectionTree(sections=[], paths=[], headings={}))


@settings(max_examples=200)
@given(st.lists(st.tuples(st.sampled_from(TITLES), st.sampled_from(["grid", "card", "list"])), max_size=12))
def test_sheets_merge_into_the_same_items_as_a_plain_scan(rows) -> None:
    # listed items (grid) with ids of their own, sheets (card) and other rows (list) without: only titles
    # decide which sheet goes where
    items = [_item(n, title, layout, with_id=layout == "grid") for n, (title, layout) in enumerate(rows)]
    expected = _plain([item.model_copy(deep=True) for item in items])
    merged = merge.merge_initiatives(_context(), items, DETAIL)
    appearances = {f"r{span.start_line - 1}": item.key for item in merged for span in item.appearances}
    assert sorted(appearances.items()) == sorted(expected)
    assert len(merged) == len(items) - len(expected)
