"""Records without a header, one value a line, each opened by an id line (`No.3`):

    No.3
    ホームページの全面リニューアル
    広報広聴課
    遅れ
    ※システム調達の入札不調により令和6年度に延期

The lines after the id line up to the first unit name (…課, …室) are the title (a title wrapped over
two lines joins), unit-name lines are the departments, a status word the status, an amount line
(効果額 8,450千円) the money, and other lines are kept in `fields`. At least `MIN_RECORDS` such
records in a run are needed; a `layout-guessed` warning says the columns were read by content.
"""

from __future__ import annotations

import regex

from ..context import Context
from ..models import Initiative
from ..normalize import money, vocab
from ..tables import TableInfo
from .base import Reading, Recognizer
from .common import Draft, to_initiative
from .lists import is_departments

ID_LINE = regex.compile(r"^(?:No|NO|Ｎｏ|№)[.．]?[ \u3000]*([0-9０-９]{1,4})$")
MIN_RECORDS = 3
MAX_RECORD_LINES = 8
MAX_TITLE_LINES = 2


def _records(ctx: Context) -> list[list[list[int]]]:
    """Runs of records: each record the blocks from an id line to the next one."""
    runs: list[list[list[int]]] = []
    current: list[list[int]] = []
    closed: set[int] = set()
    for index, block in enumerate(ctx.blocks):
        usable = block.kind == "text" and index not in ctx.consumed
        text = block.text.strip() if usable else ""
        if usable and ID_LINE.match(text):
            current.append([index])
        elif usable and index in ctx.tree.headings and not ID_LINE.match(text):
            closed.add(len(current))  # a heading between records: the run goes on, the record ends
        elif usable and current and len(current[-1]) < MAX_RECORD_LINES and len(current) not in closed:
            current[-1].append(index)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [
        run for run in runs if sum(1 for record in run if _record_departments(ctx, record)) >= MIN_RECORDS
    ]


def _record_departments(ctx: Context, record: list[int]) -> bool:
    return any(is_departments(ctx.blocks[i].text.strip()) for i in record[1:])


def read_id_records(ctx: Context, tables: list[TableInfo] | None = None) -> Reading:
    """Initiatives of header-less records opened by id lines."""
    reading = Reading()
    for run in _records(ctx):
        items = [item for item in (_initiative(ctx, record) for record in run) if item is not None]
        if len(items) < MIN_RECORDS:
            continue
        reading.initiatives.extend(items)
        reading.blocks.update(i for record in run for i in record)
        first = ctx.blocks[run[0][0]]
        ctx.warn(
            "layout-guessed",
            f"{len(items)} records without a header, one value a line after an id line: read as title, "
            "departments (unit names), status and amounts by what each line holds",
            first.span(),
        )
    return reading


def _initiative(ctx: Context, record: list[int]) -> Initiative | None:
    lines = [ctx.blocks[i].text.strip() for i in record]
    found = ID_LINE.match(lines[0])
    first, last = ctx.blocks[record[0]], ctx.blocks[record[-1]]
    draft = Draft(span_start=first.start_line, span_end=last.end_line, page=first.page, layout="id-record")
    draft.id_raw = found.group(1) if found else None
    own = {(ctx.blocks[i].page, ctx.blocks[i].start_line) for i in record}
    draft.section_path = [
        s.title for s in ctx.tree.paths[record[0]] if (s.span.page, s.span.start_line) not in own
    ]
    title: list[str] = []
    for text in lines[1:]:
        status = vocab.status_of(text) if len(text) <= 12 else None
        if is_departments(text):
            draft.add_field("担当課", "departments", text.replace("・", "、"))
        elif status is not None and status.code != "other":
            draft.add_field("状況", "status", text)
        elif any(m.yen is not None for m in money.find_money(text)):
            draft.add_field("金額", "money", text)
        elif not draft.fields and len(title) < MAX_TITLE_LINES and "。" not in text:
            title.append(text)
        else:
            draft.add_field("備考", None, text)
    if not title:
        return None
    draft.title = "".join(title)
    return to_initiative(draft, key="")


ID_RECORDS = Recognizer(
    name="id-record",
    reads="lines",
    read=read_id_records,
    description="records without a header, one value a line after an id line (No.3 / title / 課 / status)",
)
