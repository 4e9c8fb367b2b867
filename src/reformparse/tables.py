"""Tables: header rows, captions, [単位：億円] unit lines, tables continued over pages, carry-down.

Every table block that no record recognizer consumed is emitted as a `Table`, so that nothing
printed is lost. A table whose header repeats the previous table's header, with only repeated page
titles or re-entered headings between them, continues that table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .blocks import Block, Row
from .context import Context
from .labels import label_key
from .models import Span, Table
from .normalize import money

NUMERIC = regex.compile(
    r"^[\s\u3000]*[▲△\-−]?[0-9０-９][0-9０-９,，.．]*[\s\u3000]*(?:[(（][^)）]*[)）])?[%％件人]?$"
)
MAX_HEADER_CELL = 30
#: a money unit a header cell declares for its column: 効果額（千円）, 金額(単位:円)
COLUMN_UNIT = regex.compile(r"[（(](?:単位[:：]?)?[ \u3000]*([千万百十億兆]*円)[）)]")


@dataclass
class TableInfo:
    """A table on its way to output: one or more blocks joined."""

    blocks: list[int]
    header: list[Row]
    rows: list[Row]
    caption: str | None = None
    unit: str | None = None
    style: str = ""
    section_path: list[str] = field(default_factory=list)
    caption_block: int | None = None
    unit_block: int | None = None

    def span(self) -> Span:
        all_rows = self.header + self.rows
        first, last = all_rows[0], all_rows[-1]
        return Span(start_line=first.line, end_line=last.end_line or last.line, page=first.page)

    @property
    def header_keys(self) -> list[str]:
        """The header cells as compared between pages."""
        return [label_key(cell) for row in self.header for cell in row.cells]


def is_label_like(cell: str) -> bool:
    """Short, not a number: the kind of text a header cell holds."""
    text = cell.strip()
    return bool(text) and len(text) <= MAX_HEADER_CELL and not NUMERIC.match(text) and "。" not in text


def header_row_count(block: Block) -> int:
    """How many leading rows are header (0, 1 or 2)."""
    if block.header_rows is not None:
        return block.header_rows
    rows = block.rows
    if len(rows) < 2:
        return 0
    first = rows[0].cells
    filled = [c for c in first if c.strip()]
    if len(filled) < 2 or not all(is_label_like(c) for c in filled):
        return 0
    body_widths = [len([c for c in r.cells if c.strip()]) for r in rows[1:4]]
    if body_widths and max(body_widths) == 0:
        return 0
    second = rows[1].cells
    second_filled = [c for c in second if c.strip()]
    if (
        len(rows) > 2
        and second
        and not second[0].strip()
        and second_filled
        and len(filled) < len(first)
        and all(is_label_like(c) for c in second_filled)
    ):
        return 2
    return 1


def find_unit(text: str) -> str | None:
    """The unit a line declares ([単位：億円]), or None."""
    return money.parse_unit(text)


def carry_down(rows: list[list[str]], columns: int) -> list[list[str]]:
    """Fill empty cells of the first `columns` columns from the row above ("same as above")."""
    out: list[list[str]] = []
    previous: list[str] = []
    for row in rows:
        row = list(row)
        for index in range(min(columns, len(row))):
            if not row[index].strip() and index < len(previous):
                # only while every cell to the left is carried too (a new left value resets the rest)
                if all(not row[j].strip() or j < index and row[j] == previous[j] for j in range(index)):
                    row[index] = previous[index]
        out.append(row)
        previous = row
    return out


def _between_is_page_furniture(ctx: Context, start: int, end: int) -> bool:
    """Only repeated page titles, re-entered headings or unit/caption lines between two blocks."""
    for index in range(start + 1, end):
        if index in ctx.tree.repeated_blocks:
            continue
        block = ctx.blocks[index]
        if block.kind == "text" and (
            find_unit(block.text) or regex.fullmatch(r"[-－ー\s]*[0-9０-９]+[-－ー\s]*", block.text)
        ):
            continue
        return False
    return True


def _continues_on_next_page(ctx: Context, previous: TableInfo, block: Block, index: int) -> bool:
    """A PDF table without a header at the top of a page, right after a table of the same width that
    ended the page before."""
    last = ctx.blocks[previous.blocks[-1]]
    if block.style != "pdf" or last.style != "pdf" or block.page is None or last.page != block.page - 1:
        return False
    width = max(len(r.cells) for r in previous.header + previous.rows)
    if max(len(r.cells) for r in block.rows) != width:
        return False
    first_on_page = all(
        ctx.blocks[i].page != block.page or i in ctx.tree.repeated_blocks for i in range(index)
    )
    return first_on_page and _between_is_page_furniture(ctx, previous.blocks[-1], index)


def build_tables(ctx: Context) -> list[TableInfo]:
    """Group table blocks into tables, with captions, units and continuations."""
    infos: list[TableInfo] = []
    for index, block in enumerate(ctx.blocks):
        if block.kind != "table" or index in ctx.tree.toc_blocks:
            continue
        count = header_row_count(block)
        header, rows = block.rows[:count], block.rows[count:]
        previous = infos[-1] if infos else None
        if (
            previous is not None
            and header
            and previous.header
            and previous.style == block.style
            and [label_key(c) for r in header for c in r.cells] == previous.header_keys
            and _between_is_page_furniture(ctx, previous.blocks[-1], index)
        ):
            previous.blocks.append(index)
            previous.rows.extend(rows)
            continue
        if previous is not None and not header and _continues_on_next_page(ctx, previous, block, index):
            if (
                not previous.header
                and len(previous.rows) == 1
                and all(is_label_like(c) for c in previous.rows[0].cells if c.strip())
            ):
                previous.header, previous.rows = previous.rows, []  # a header left at the foot of a page
            previous.blocks.append(index)
            previous.rows.extend(rows)
            continue
        info = TableInfo([index], header, rows, style=block.style, section_path=ctx.path_titles(index))
        _caption_and_unit(ctx, index, info)
        infos.append(info)
    return infos


def _caption_and_unit(ctx: Context, index: int, info: TableInfo) -> None:
    """A unit line and a short caption line right above the table."""
    for back in range(index - 1, max(-1, index - 4), -1):
        block = ctx.blocks[back]
        if block.kind != "text" or back in ctx.tree.headings:
            break
        unit = find_unit(block.text)
        if unit and info.unit is None:
            info.unit = unit
            info.unit_block = back
            continue
        text = block.text.strip()
        if len(text) <= 40 and "。" not in text:
            if regex.fullmatch(r"[\[［【(（].*[\]］】)）]", text) and info.caption is None:
                info.caption = text
                info.caption_block = back
                continue
            info.caption = f"{text} {info.caption}" if info.caption else text
            info.caption_block = back
        break
    if info.unit is None:
        for row in info.header[:1] + info.rows[:1]:
            for cell in row.cells:
                unit = find_unit(cell)
                if unit:
                    info.unit = unit
                    return


def to_table(info: TableInfo, key: str, layout: str | None = None) -> Table:
    """The contract's Table (`layout`: what the table served as, e.g. status-summary)."""
    return Table(
        key=key,
        caption=info.caption,
        unit=info.unit,
        header=[list(row.cells) for row in info.header],
        rows=[list(row.cells) for row in info.rows],
        section_path=info.section_path,
        layout=layout,
        span=info.span(),
    )
