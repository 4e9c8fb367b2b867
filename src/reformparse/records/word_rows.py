"""Tables whose cells are separated by single spaces (a web table copied as text, one row a line):

    番号 取組項目 担当課 令和3年度 令和4年度 令和5年度 令和5年度効果額(千円)
    1 窓口業務の民間委託 市民課 取組中 取組中 達成 12,400

A header line whose words are mostly known labels (a title label among them), then lines of as many
words — a line with more words joins the extra ones into the title, the words before the first unit
name — become a table that the row grid reads as usual (column meanings from the header).
"""

from __future__ import annotations

from ..blocks import Row
from ..context import Context
from ..normalize import era
from ..sections import match_heading
from ..tables import TableInfo
from .base import Reading, Recognizer
from .grid import map_columns, read_grid_table
from .lists import is_unit

MIN_ROWS = 3
MIN_KNOWN = 3


def _header(ctx: Context, words: list[str]) -> int | None:
    """The index of the title column when the words are a header of known labels, else None."""
    if len(words) < MIN_KNOWN:
        return None
    need = max(MIN_KNOWN, 0.6 * len(words))
    known = 0
    for done, word in enumerate(words):
        if len(words) - done + known < need:
            return None  # too few words left to make it a header
        if ctx.labels.is_label(word) or era.fiscal_year(word) is not None:
            known += 1
    if known < need:
        return None
    titles = [n for n, word in enumerate(words) if ctx.labels.field_of(word) == "title"]
    return titles[0] if titles else None


def _cells(words: list[str], width: int, title: int) -> list[str] | None:
    """A line's words as the table's cells: extra words join the title (up to the first unit name)."""
    if len(words) == width:
        return words
    if len(words) < width:
        return None
    extra = len(words) - width
    merged = words[title : title + extra + 1]
    if any(is_unit(word) for word in merged[1:]):
        return None
    return words[:title] + ["".join(merged)] + words[title + extra + 1 :]


def _is_section(ctx: Context, text: str) -> bool:
    """A short numbered heading line (改革の柱１ 市民サービスの向上, 【1】…)."""
    return len(text) <= 40 and match_heading(text, ctx.labels.heading_prefix_pattern()) is not None


def _wrapped(ctx: Context, index: int, text: str, width: int, title: int) -> tuple[list[str] | None, int]:
    """A row whose title wrapped on to the next line (B 証明書交付手数料の / キャッシュレス化 市民課)."""
    following = index + 1
    if following >= len(ctx.blocks) or ctx.blocks[following].kind != "text" or following in ctx.consumed:
        return None, 1
    joined = text.split() + ctx.blocks[following].text.split()
    cells = _cells(joined, width, title) if len(joined) > width else None
    return cells, 2


def read_word_rows(ctx: Context, tables: list[TableInfo] | None = None) -> Reading:
    """Initiatives of tables whose cells are separated by single spaces."""
    reading = Reading()
    index = 0
    while index < len(ctx.blocks):
        block = ctx.blocks[index]
        words = block.text.split() if block.kind == "text" and index not in ctx.consumed else []
        title = _header(ctx, words) if words else None
        if title is None:
            index += 1
            continue
        rows: list[Row] = []
        used = [index]
        following = index + 1
        while following < len(ctx.blocks) and ctx.blocks[following].kind == "text":
            if following in ctx.consumed:
                break
            text = ctx.blocks[following].text.strip()
            cells = _cells(text.split(), len(words), title)
            taken = 1
            if cells is None and _is_section(ctx, text):
                cells = [text] + [""] * (len(words) - 1)  # 改革の柱１ …: a section row inside the table
            elif cells is None and len(text.split()) < len(words):
                cells, taken = _wrapped(ctx, following, text, len(words), title)
            if cells is None:
                break
            rows.append(Row(cells, ctx.blocks[following].start_line, ctx.blocks[following].page))
            used.extend(range(following, following + taken))
            following += taken
        index = following
        if len(rows) < MIN_ROWS:
            continue
        info = TableInfo(
            used,
            [Row(words, block.start_line, block.page)],
            rows,
            style="words",
            section_path=ctx.path_titles(used[0]),
        )
        columns = map_columns(info, ctx)
        if columns is None:
            continue
        part = read_grid_table(ctx, info, columns)
        reading.initiatives.extend(part.initiatives)
        reading.amounts.extend(part.amounts)
        reading.blocks.update(used)
    return reading


WORD_ROWS = Recognizer(
    name="word-rows",
    reads="lines",
    read=read_word_rows,
    description="a table whose cells are separated by single spaces: a header of known labels, a row a line",
)
