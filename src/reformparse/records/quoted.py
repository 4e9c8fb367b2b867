"""Items named in prose by their title in 「」 and their departments in brackets, as a committee's
opinion (意見書) or a results page writes them:

    「窓口サービスのデジタル化」（市民課）については、「書かない窓口」の導入により…

A paragraph opening that way is one initiative; the lines after it up to the next such opening (or a
heading) are its content. At least `MIN_ITEMS` openings are needed, so a plan name quoted in passing
is not an item.
"""

from __future__ import annotations

import regex

from ..context import Context
from ..models import Initiative
from ..tables import TableInfo
from .base import Reading, Recognizer
from .common import Draft, split_departments, to_initiative
from .lists import is_unit

OPENING = regex.compile(r"^「([^」]{2,40})」[（(]([^）)]{1,40})[）)](?:について|に関して|は|では|の)")
MIN_ITEMS = 2
MAX_CONTENT_LINES = 6


def _opening(text: str) -> tuple[str, list[str]] | None:
    """(title, departments) of a paragraph that opens with 「title」（departments）について."""
    found = OPENING.match(text.strip())
    if not found:
        return None
    units = [unit.unit for unit in split_departments(found.group(2))]
    if not units or not all(is_unit(unit) for unit in units):
        return None
    return found.group(1), units


def read_quoted(ctx: Context, tables: list[TableInfo] | None = None) -> Reading:
    """Initiatives named in prose by 「title」（department）."""
    openings = [
        (index, found)
        for index, block in enumerate(ctx.blocks)
        if block.kind == "text" and index not in ctx.consumed and (found := _opening(block.text))
    ]
    reading = Reading()
    if len(openings) < MIN_ITEMS:
        return reading
    starts = {index for index, _ in openings}
    for index, (title, units) in openings:
        blocks = [index]
        following = index + 1
        while (
            following < len(ctx.blocks)
            and len(blocks) <= MAX_CONTENT_LINES
            and following not in starts
            and following not in ctx.tree.headings
            and following not in ctx.consumed
            and ctx.blocks[following].kind == "text"
            and ctx.blocks[following].start_line == ctx.blocks[following - 1].end_line + 1
        ):
            blocks.append(following)
            following += 1
        reading.initiatives.append(_initiative(ctx, blocks, title, units))
        reading.blocks.update(blocks)
    return reading


def _initiative(ctx: Context, blocks: list[int], title: str, units: list[str]) -> Initiative:
    first, last = ctx.blocks[blocks[0]], ctx.blocks[blocks[-1]]
    draft = Draft(span_start=first.start_line, span_end=last.end_line, page=first.page, layout="quoted")
    draft.title = title
    draft.section_path = [s.title for s in ctx.tree.paths[blocks[0]]]
    draft.add_field("担当課", "departments", "、".join(units))
    draft.add_field("内容", "content", "".join(ctx.blocks[i].text.strip() for i in blocks))
    return to_initiative(draft, key="")


QUOTED = Recognizer(
    name="quoted",
    reads="lines",
    read=read_quoted,
    description="items named in prose: 「title」（課）については、…",
)
