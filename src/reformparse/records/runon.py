"""Table rows run together on text lines: a flattened list table where one line holds several rows
(`12 ①title 区分 担当課 18ページ 13 ②title …`) and a row may go on over the next line.

A row starts at an item number followed by a circled number (the numbering within its group) and
ends where the next row starts; inside it, the first word is the title, words that are unit names
(…課, …室, …センター) are its departments, `Nページ` its page, and the words between title and
department a category kept in `fields`. Text after a row's last page reference that reads
`N title` is a group heading: the section of the rows after it.
"""

from __future__ import annotations

import regex

from ..context import Context
from ..models import Initiative
from ..normalize.text import ascii_digits
from ..sections import CIRCLED
from ..tables import TableInfo
from .base import Reading, Recognizer
from .common import Draft, to_initiative
from .lists import is_unit

SP = r"[ \u3000]"
ROW_START = regex.compile(r"(?:^|(?<=\s))([0-9０-９]{1,3})" + SP + r"*([" + CIRCLED + r"])" + SP + r"*(?=\S)")
PAGE = regex.compile(r"^[0-9０-９]{1,4}ページ$|^P[.．]?[0-9]{1,4}$|^[0-9０-９]{1,4}頁$")
GROUP = regex.compile(
    r"(?:^|\s)([0-9０-９]{1,2})" + SP + r"+([^\s0-9０-９" + CIRCLED + r"]\S{2,40})" + SP + r"*$"
)
#: a region must hold at least this many rows with a department to be read
MIN_ROWS = 3


def _regions(ctx: Context) -> list[list[int]]:
    """Runs of text blocks where rows run together (and the lines that continue them)."""
    regions: list[list[int]] = []
    current: list[int] = []
    for index, block in enumerate(ctx.blocks):
        if block.kind != "text" or index in ctx.consumed:
            if current:
                regions.append(current)
                current = []
            continue
        text = block.text
        starts = ROW_START.search(text) is not None
        continues = bool(current) and _continues(text)
        if starts or continues:
            current.append(index)
        elif current:
            regions.append(current)
            current = []
    if current:
        regions.append(current)
    return [r for r in regions if sum(len(ROW_START.findall(ctx.blocks[i].text)) for i in r) >= MIN_ROWS]


def _continues(text: str) -> bool:
    """A line that goes on with a row: units and page references, or a short group heading."""
    words = text.split()
    if not words:
        return False
    if any(PAGE.match(w) for w in words) or all(is_unit(w) for w in words[:1]):
        return True
    return bool(GROUP.fullmatch(" " + text.strip())) and len(text.strip()) <= 40


def read_runon(ctx: Context, tables: list[TableInfo] | None = None) -> Reading:
    """Rows of flattened list tables."""
    reading = Reading()
    for region in _regions(ctx):
        joined = " ".join(ctx.blocks[i].text.strip() for i in region)
        # where each block starts in the joined text, for spans
        offsets: list[tuple[int, int]] = []
        position = 0
        for index in region:
            offsets.append((position, index))
            position += len(ctx.blocks[index].text.strip()) + 1
        starts = list(ROW_START.finditer(joined))
        headings = _group_headings(joined[: starts[0].start()]) if starts else {}
        rows: list[tuple[regex.Match, Initiative, str | None]] = []
        for number, found in enumerate(starts):
            end = starts[number + 1].start() if number + 1 < len(starts) else len(joined)
            words = joined[found.end() : end].split()
            if not words:
                continue
            item, tail = _row(ctx, found, words, _block_at(offsets, found.start()), region)
            headings.update(_group_headings(tail))
            rows.append((found, item, tail))
        items = [item for _, item, _ in rows]
        if sum(1 for item in items if item.departments) < MIN_ROWS:
            continue
        _assign_groups(rows, headings)
        reading.initiatives.extend(items)
        reading.blocks.update(region)
    return reading


def _group_headings(text: str | None) -> dict[int, str]:
    """「2 財源の確保」 in the text between rows: group number → title."""
    found = GROUP.search(" " + text) if text else None
    if not found:
        return {}
    return {int(ascii_digits(found.group(1))): found.group(2)}


def _assign_groups(rows: list[tuple[regex.Match, Initiative, str | None]], headings: dict[int, str]) -> None:
    """Each row's group: where ids are numbers, rows in id order form groups that each open at ①
    (the numbering within a group), and group k takes the heading numbered k; otherwise a heading
    printed after a row is the group of the rows after it."""
    numbered = all(ascii_digits(found.group(1)).isdigit() for found, _, _ in rows)
    if numbered and headings:
        group = 0
        for found, item, _ in sorted(rows, key=lambda r: int(ascii_digits(r[0].group(1)))):
            if group == 0 or found.group(2) == CIRCLED[0]:
                group += 1
            if group in headings:
                item.section_path.append(headings[group])
        return
    section: str | None = None
    for _, item, tail in rows:
        if section:
            item.section_path.append(section)
        section = next(iter(_group_headings(tail).values()), section)


def _block_at(offsets: list[tuple[int, int]], position: int) -> int:
    block = offsets[0][1]
    for start, index in offsets:
        if start <= position:
            block = index
    return block


def _row(
    ctx: Context,
    found: regex.Match,
    words: list[str],
    block_index: int,
    region: list[int],
) -> tuple[Initiative, str]:
    """One row: title, category words, departments, pages; and the text after its last page (where a
    group heading may stand)."""
    title, rest = words[0], words[1:]
    departments: list[str] = []
    category: list[str] = []
    pages: list[str] = []
    last_page = -1
    for position, word in enumerate(rest):
        if PAGE.match(word):
            pages.append(word)
            last_page = position
        elif is_unit(word) and len(word) <= 16:
            departments.append(word)
        elif not departments:
            category.append(word)
    tail = " ".join(rest[last_page + 1 :]) if last_page >= 0 else ""
    block = ctx.blocks[block_index]
    draft = Draft(
        span_start=block.start_line, span_end=block.end_line, page=block.page, layout="rows-run-together"
    )
    draft.title = title
    draft.id_raw = found.group(1)
    inside = {(ctx.blocks[i].page, ctx.blocks[i].start_line) for i in region}
    paths = [s.title for s in ctx.tree.paths[region[0]] if (s.span.page, s.span.start_line) not in inside]
    draft.section_path = paths
    draft.add_field("番号", None, f"{found.group(1)} {found.group(2)}")
    if category:
        draft.add_field("区分", None, " ".join(category))
    if departments:
        draft.add_field("担当課", "departments", "、".join(dict.fromkeys(departments)))
    if pages:
        draft.add_field("ページ", None, " ".join(pages))
    return to_initiative(draft, key=""), tail


RUNON = Recognizer(
    name="rows-run-together",
    reads="lines",
    read=read_runon,
    description="flattened list-table rows, several on one line: 12 ①title 区分 担当課 18ページ 13 ②…",
)
