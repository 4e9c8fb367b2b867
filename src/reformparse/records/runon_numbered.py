"""Table rows run together on text lines, numbered 1, 2, 3 … without a circled sub-number:
`1 市税収納率の向上 納税課 順調 4,120 2 使用料・手数料の見直し 財政課 遅れ ― 3 …`.

A region is a run of text lines where at least one line holds two row numbers. The rows are the
segments between consecutive numbers of the longest 1, 2, 3 … chain in the region's joined text;
in each, the words before the first unit name (…課, …室) are the title, the unit names its
departments, then a status word and an amount (the unit a header line declares, 効果額 (千円)). A
numbered heading left after a row's last cell (Ⅱ 歳出の削減) is the section of the rows after it.
"""

from __future__ import annotations

from itertools import islice

import regex

from ..context import Context
from ..models import Initiative, Money
from ..normalize import money, vocab
from ..normalize.numbers import as_int, parse_number
from ..tables import COLUMN_UNIT, TableInfo
from .base import Reading, Recognizer
from .common import Draft, to_initiative
from .lists import is_unit

NUMBER = regex.compile(r"(?:^|(?<=\s))([0-9０-９]{1,3})(?=[ \u3000]+\S)")
HEADING = regex.compile(
    r"(?:^|\s)(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|[(（][0-9０-９]{1,2}[)）]|第[0-9０-９]{1,2})[ \u3000]+(\S{2,40})$"
)
MIN_ROWS = 3
WORD = regex.compile(r"\S+")
MAX_TITLE_WORDS = 6


def _chain(text: str) -> list[regex.Match]:
    """The longest run of numbers 1, 2, 3 … (each one more than the last) in reading order."""
    matches = list(NUMBER.finditer(text))
    values = [as_int(parse_number(found.group(1))) for found in matches]
    # the chain from a number goes on at the first later number one more than it: found for every
    # number in one pass from the end, so the longest chain costs linear time, not quadratic
    following: list[int | None] = [None] * len(matches)
    length = [1] * len(matches)
    first_at: dict[int, int] = {}
    for position in range(len(matches) - 1, -1, -1):
        value = values[position]
        start = (value or 0) + 1
        nxt = first_at.get(start)
        if nxt is not None:
            following[position], length[position] = nxt, length[nxt] + 1
        if value is not None:
            first_at[value] = position
    best = max(range(len(matches)), key=lambda position: (length[position], -position), default=None)
    chain: list[regex.Match] = []
    while best is not None:
        chain.append(matches[best])
        best = following[best]
    return chain


def _regions(ctx: Context) -> list[list[int]]:
    """Runs of text lines of which at least one holds two row numbers followed by a unit name."""
    regions: list[list[int]] = []
    current: list[int] = []
    for index, block in enumerate(ctx.blocks):
        usable = block.kind == "text" and index not in ctx.consumed and "。" not in block.text
        if usable and (NUMBER.search(block.text) or (current and len(block.text) <= 60)):
            current.append(index)
            continue
        if current:
            regions.append(current)
        current = []
    if current:
        regions.append(current)
    return [r for r in regions if any(_rows_on_line(ctx.blocks[i].text) >= 2 for i in r)]


def _rows_on_line(text: str) -> int:
    """How many numbers on a line are followed, within a few words, by a unit name."""
    count = 0
    for found in NUMBER.finditer(text):
        # the next few words only (splitting the whole rest of a long line for each number is quadratic)
        words = [word.group() for word in islice(WORD.finditer(text, found.end()), MAX_TITLE_WORDS + 1)]
        if any(is_unit(w) for w in words[1:]):
            count += 1
    return count


def _unit_above(ctx: Context, first: int) -> str | None:
    """A money unit declared by a header line just above the region (効果額 (千円))."""
    for index in range(max(0, first - 3), first):
        block = ctx.blocks[index]
        found = COLUMN_UNIT.search(block.text.replace(" ", "")) if block.kind == "text" else None
        if found:
            return found.group(1)
    return None


def read_runon_numbered(ctx: Context, tables: list[TableInfo] | None = None) -> Reading:
    """Rows numbered 1, 2, 3 … run together on lines."""
    reading = Reading()
    for region in _regions(ctx):
        joined = " ".join(ctx.blocks[i].text.strip() for i in region)
        chain = _chain(joined)
        if len(chain) < MIN_ROWS:
            continue
        unit = _unit_above(ctx, region[0])
        items: list[Initiative] = []
        section: str | None = None
        totals = set(ctx.labels.words("total_labels"))
        for number, found in enumerate(chain):
            end = chain[number + 1].start() if number + 1 < len(chain) else len(joined)
            words = joined[found.end() : end].split()
            if any(w in totals for w in words[1:]):
                at = next(n for n, w in enumerate(words) if n and w in totals)
                reading.amounts.extend(_total(words[at:], unit))
                words = words[:at]  # a 合計 line after the last row is the table's, not the row's
            item, heading = _row(ctx, region, found, words, unit, section)
            if item is not None:
                items.append(item)
            section = heading or section
        if sum(1 for item in items if item.departments) >= MIN_ROWS:
            reading.initiatives.extend(items)
            reading.blocks.update(region)
    return reading


def _total(words: list[str], unit: str | None) -> list[Money]:
    """The amount of a 合計 line after the rows."""
    out = []
    for word in words[1:]:
        yen = money.parse_yen(word, default_unit=unit)
        if yen is not None and unit:
            out.append(Money(raw=word, yen=yen, label=words[0]))
            break
    return out


def _row(
    ctx: Context,
    region: list[int],
    found: regex.Match,
    words: list[str],
    unit: str | None,
    section: str | None,
) -> tuple[Initiative | None, str | None]:
    departments_at = next((n for n, w in enumerate(words) if n and is_unit(w) and len(w) <= 20), None)
    if departments_at is None or departments_at > MAX_TITLE_WORDS:
        return None, None
    block = ctx.blocks[region[0]]
    draft = Draft(span_start=block.start_line, span_end=ctx.blocks[region[-1]].end_line, page=block.page)
    draft.layout = "rows-run-together"
    draft.id_raw, draft.title = found.group(1), "".join(words[:departments_at])
    base = [s.title for s in ctx.tree.paths[region[0]]]
    # a heading printed between the rows replaces the one the region began under (its sibling)
    draft.section_path = (
        (base[:-1] + [section]) if section and base else base + ([section] if section else [])
    )
    draft.unit = unit
    draft.add_field("担当課", "departments", words[departments_at].replace("・", "、"))
    rest = words[departments_at + 1 :]
    heading = HEADING.search(" ".join(rest))
    cells = rest[: len(rest) - len(heading.group(0).split())] if heading else rest
    for cell in cells:
        status = vocab.status_of(cell)
        if status is not None and status.code != "other":
            draft.add_field("結果", "status", cell)
        elif money.parse_yen(cell, default_unit=unit) is not None and unit:
            draft.add_field("効果額", "money", cell)
        elif not vocab.is_empty(cell):
            draft.add_field("備考", None, cell)
    return to_initiative(draft, key=""), heading.group(1) if heading else None


RUNON_NUMBERED = Recognizer(
    name="rows-run-together-numbered",
    reads="lines",
    read=read_runon_numbered,
    description="flattened list-table rows numbered 1, 2, 3 … several on one line: 1 title 課 順調 4,120 2 …",
)
