"""Table rows whose cells ran together with no separator (a PDF viewer's copy of a table):
`1小学校の統廃合の推進実施実施実施実施   学校教育課` under a header such as `平成(年度)25262728293031担当課`.

A row opens with its number, then the title, then a run of planned phases or statuses (実施, 検討,
→, 完了 …: the vocabulary's words) fused to its end, then — after spaces — the department. The
header's fused two-digit years (25 26 27 …, after 平成/令和) give the fiscal year of each phase in
order. At least two such rows are needed; each gives an initiative, and a `layout-guessed`
warning says that the cells were split by their words.
"""

from __future__ import annotations

import regex

from ..context import Context
from ..labels import active_labels
from ..normalize import era, vocab
from ..normalize.text import ascii_digits
from ..tables import TableInfo
from .base import Reading, Recognizer
from .common import Draft, to_initiative
from .lists import is_unit

HEADER = regex.compile(r"^(?P<era>令和|平成)[(（]?年度?[)）]?(?P<years>(?:[0-9０-９]{2}){2,12})")
ROW = regex.compile(r"^(?P<id>[0-9０-９]{1,3})(?P<body>[^\s0-9０-９]\S*?)[ \u3000]*(?P<dept>\S*)$")
MIN_ROWS = 2
PARTICLES = ("の", "を", "に", "と", "へ", "が")


def _cell_words() -> list[str]:
    """Words a fused schedule cell may hold (schedule_cell_words and the statuses)."""
    book = active_labels()
    words = book.words("schedule_cell_words") + [word for _, word in book.pairs("statuses")]
    return sorted({w for w in words if w}, key=len, reverse=True)


def _split_cells(body: str, words: list[str]) -> tuple[str, list[str]]:
    """The title and the schedule words fused to its end (read from the right)."""
    cells: list[str] = []
    rest = body
    while rest:
        word = next((w for w in words if rest.endswith(w) and len(rest) > len(w) + 1), None)
        if word is None:
            break
        cells.insert(0, word)
        rest = rest[: -len(word)]
    while cells and rest.endswith(PARTICLES):
        rest += cells.pop(0)  # 研修の実施|実施実施: the title ends with its own word
    return rest, cells


def _years(text: str) -> list[int]:
    found = HEADER.match(ascii_digits(text.replace(" ", "")))
    if not found:
        return []
    digits = found.group("years")
    years = [
        era.fiscal_year(f"{found.group('era')}{digits[i : i + 2]}年度") for i in range(0, len(digits), 2)
    ]
    return [y for y in years if y]


def read_fused(ctx: Context, tables: list[TableInfo] | None = None) -> Reading:
    """Initiatives of tables whose cells ran together."""
    reading = Reading()
    words = _cell_words()
    years: list[int] = []
    run: list[tuple[int, Draft]] = []

    def flush() -> None:
        if len(run) >= MIN_ROWS:
            for index, draft in run:
                reading.initiatives.append(to_initiative(draft, key=""))
                reading.blocks.add(index)
            first = ctx.blocks[run[0][0]]
            ctx.warn(
                "layout-guessed",
                f"{len(run)} table rows whose cells ran together were split by their words "
                "(number, title, schedule words, department)",
                first.span(),
            )
        run.clear()

    for index, block in enumerate(ctx.blocks):
        if block.kind != "text" or index in ctx.consumed:
            flush()
            continue
        header_years = _years(block.text)
        if header_years:
            flush()
            years = header_years
            continue
        draft = _row(ctx, index, block.text, words, years) if years else None
        if draft is None:
            flush()
            years = [] if run else years
            continue
        run.append((index, draft))
    flush()
    return reading


def _row(ctx: Context, index: int, text: str, words: list[str], years: list[int]) -> Draft | None:
    found = ROW.match(text.strip())
    if not found:
        return None
    title, cells = _split_cells(found.group("body"), words)
    department = found.group("dept")
    if not cells or len(cells) > len(years) or (department and not is_unit(department)):
        return None
    block = ctx.blocks[index]
    draft = Draft(span_start=block.start_line, span_end=block.end_line, page=block.page, layout="fused-row")
    draft.id_raw, draft.title = found.group("id"), title
    draft.section_path = [s.title for s in ctx.tree.paths[index]]
    if department:
        draft.add_field("担当課", "departments", department)
    for fiscal_year, cell in zip(years, cells):
        entry = draft.year(fiscal_year)
        entry.plan = cell
        entry.phase = vocab.phase_of(cell)
        status = vocab.status_of(cell)
        if status is not None and status.code != "other":
            entry.status = status
        draft.add_field(f"{fiscal_year}年度", None, cell)
    return draft


FUSED = Recognizer(
    name="fused-row",
    reads="lines",
    read=read_fused,
    description="table rows whose cells ran together: 1小学校の統廃合の推進実施実施実施 学校教育課",
)
