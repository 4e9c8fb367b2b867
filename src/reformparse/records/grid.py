"""Row grids: a table whose header names the columns (具体的取組 | 内容 | 所管課 | R3取組状況 | 最終評価)
and whose body has one initiative a row.

- Category columns (改革項目, 基本方針, 重点項目) carry down when blank and extend the section path.
- A row whose title and content cells are blank but that names a department is that department's
  report on the initiative above: it becomes an initiative of its own with the same id and title.
- A row with only text cells blank elsewhere continues the row above (a wrapped row).
- A header with a year in it (R3取組状況) puts the column into that fiscal year.
- A table that directly follows a grid, has as many rows and no title column, is its second half
  (取組内容 | 得られる効果): its cells join the grid's rows one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..context import Context
from ..labels import label_key, per_book
from ..normalize import era, numbers, vocab
from ..sections import CIRCLED, match_heading
from ..tables import COLUMN_UNIT, TableInfo, carry_down
from .base import Reading, Recognizer
from .common import TEXT_FIELDS, Draft, apply_year_cell, to_group, to_initiative
from .lists import is_departments

LEADING_ID = regex.compile(
    r"^[ \u3000]*(["
    + CIRCLED
    + r"]|[(（][0-9０-９]{1,3}[)）]|(?:No|NO)[.．]?[ ]*[0-9０-９]{1,3}|[0-9０-９]{1,3}[.．、])[ \u3000]*"
)
MULTIPLE_IDS = regex.compile(r"[" + CIRCLED + r"]")
#: a unit and its grade; the unit starts where a word does (linear on a long cell)
GRADE_PAIR = regex.compile(
    r"(?<![^\s\u3000])([^\s\u3000]+?)[ \u3000]*[:：]?[ \u3000]*([A-EＡ-ＥS])(?=[\s\u3000]|$)"
)


@dataclass
class Column:
    """What one header column holds."""

    index: int
    label: str
    field: str | None = None
    year_role: str | None = None
    fiscal_year: int | None = None
    name: str | None = None


def _map_one(column: Column, top: str, bottom: str, ctx: Context) -> None:
    """Give one column its meaning from its (upper, lower) header labels."""
    labels = ctx.labels
    text = column.label.strip()
    if not text:
        return
    if bottom and bottom in labels.score_criteria and not era.fiscal_year(bottom):
        column.field, column.name = "score", bottom
        return
    if top and bottom and labels.field_of(top) == "themes":
        column.field, column.name = "theme", bottom
        return
    fiscal_year = era.fiscal_year(text)
    if fiscal_year:
        rest = era.strip_years(text).strip()
        role = labels.year_role_of(rest) if rest else None
        if role:
            column.year_role, column.fiscal_year = role, fiscal_year
            return
        if not rest or era.is_year(text):
            # a bare year column (令和4年度): each cell says by what it holds what it is
            column.year_role, column.fiscal_year = "by-content", fiscal_year
            return
    column.field = labels.field_of(text) or (labels.field_of(bottom) if bottom else None)
    if column.field is None and top and not bottom:
        column.field = labels.field_of(top)


def map_columns(info: TableInfo, ctx: Context) -> list[Column] | None:
    """The grid's columns when the header names a title column and at least two others."""
    if not info.header:
        return None
    columns: list[Column] = []
    for index, (label, top, bottom) in enumerate(_header_parts(info)):
        column = Column(index, label)
        _map_one(column, top, bottom, ctx)
        columns.append(column)
    titles = [c for c in columns if c.field == "title"]
    if len(titles) > 1:
        for column in titles[:-1]:
            is_group = label_key(column.label) in {label_key(t) for t in ctx.labels.group_titles}
            column.field = "group_title" if is_group else "category"
    mapped = [c for c in columns if c.field or c.year_role]
    if not any(c.field == "title" for c in columns) or len(mapped) < 3:
        return None
    if not [c for c in mapped if c.field not in ("title", "category")]:
        return None  # a 体系 table: categories and plan names only
    caption = info.caption or ""
    if any(word in caption for word in ctx.labels.legend_words):
        return None  # 「…の見方」: a legend explaining the columns
    title_index = next(c.index for c in columns if c.field == "title")
    lists = sum(
        1
        for r in info.rows
        if len(MULTIPLE_IDS.findall(r.cells[title_index] if title_index < len(r.cells) else "")) > 1
    )
    if info.rows and lists * 3 >= len(info.rows):
        return None  # cells listing several numbered plans: a 体系 table
    return columns


@per_book("grid.fits")
def _fits(kind: str, text: str) -> bool | None:
    """Whether a cell's text is what a column of that kind holds (None: no opinion; remembered per
    label book, since grade, score and year cells repeat)."""
    text = text.strip()
    if vocab.is_empty(text):
        return None
    if kind in ("grade", "year-grade"):
        return vocab.grade_of(text) is not None
    if kind == "score":
        return numbers.parse_number(text) is not None
    if kind == "ended":
        return era.is_year(text)
    if kind == "departments":
        return not era.is_year(text) and vocab.grade_of(text) is None and numbers.parse_number(text) is None
    return None


#: the column fields whose cells can be checked by what they hold (see _fits)
TYPED_FIELDS = frozenset(("grade", "score", "ended", "departments"))


def _kind(column: Column) -> str | None:
    if column.year_role == "grade":
        return "year-grade"
    return column.field if column.field in TYPED_FIELDS else None


def _row_verdicts(ctx: Context, columns: list[Column], cells: list[str]) -> list[bool | None]:
    """For each column of a known kind, whether the row's cell fits it (None: no opinion)."""
    out: list[bool | None] = []
    marks = ctx.labels.words("theme_marks")
    width = len(cells)
    for column in columns:
        index = column.index
        if column.field == "theme":
            text = cells[index].strip() if index < width else ""
            out.append(None if not text or text in marks else False)  # a mark or nothing: no opinion
            continue
        kind = _kind(column)
        out.append(_fits(kind, cells[index] if index < width else "") if kind else None)
    return out


def realign_row(
    ctx: Context, columns: list[Column], cells: list[str], title_index: int
) -> tuple[list[str], str | None, tuple[int, str] | None]:
    """A row that gained or lost a cell after its title (its grade one column off the header): the cells
    from one point are moved back by one where then every cell fits its column and more fit than before.
    A gained cell is looked for first where it looks like the run of columns it follows (a seventh theme
    mark where the header has six). Returns the cells, what was moved and the (index, text) of a cell too
    many that held something."""
    verdicts = _row_verdicts(ctx, columns, cells)
    if False not in verdicts:
        return cells, None, None
    misfits = [
        cells[c.index].strip() if c.index < len(cells) else ""
        for c, v in zip(columns, verdicts)
        if v is False
    ]
    if not all(_slid_value(ctx, text) for text in misfits):
        return cells, None, None  # a cell of another sort (完了 in a grade column, a sentence): not a slide
    by_index = {column.index: column for column in columns}
    best: tuple[tuple[int, int, int], list[str], str, tuple[int, str] | None] | None = None
    for start in range(title_index + 1, len(cells)):
        text = cells[start].strip()
        candidates = [
            (
                cells[:start] + cells[start + 1 :] + [""],
                _follows_run(ctx, by_index.get(start - 1), text, by_index.get(start)),
                f"one cell too many at column {start + 1}"
                + (f" ({text!r}, kept in fields)" if text else " (empty)")
                + "; the cells after it were read one column to the left",
                (start, text) if text else None,
            )
        ]
        if not cells[-1].strip():
            candidates.append(
                (
                    cells[:start] + [""] + cells[start:-1],
                    0,
                    f"one cell missing before column {start + 1}; "
                    "the cells from there were read one column to the right",
                    None,
                )
            )
        for shifted, follows, message, dropped in candidates:
            found = _row_verdicts(ctx, columns, shifted)
            if False in found or _fit(found) <= _fit(verdicts):
                continue
            key = (_fit(found), follows, -start)  # the first of equally good places
            if best is None or key > best[0]:
                best = (key, shifted, message, dropped)
    if best is None:
        return cells, None, None
    return best[1], best[2], best[3]


def _department_slid_left(
    columns: list[Column], cells: list[str], department_index: int
) -> tuple[list[str], str | None]:
    """A department report row whose cells slid left (市民課 in the category column, its status text in
    the department column, its grade in the 総括 column, the grade column empty): each cell put back
    under its column. Returns the cells and what was moved, or None."""
    grade_index = next((c.index for c in columns if c.field == "grade"), None)
    if grade_index is None or grade_index >= len(cells) or cells[grade_index].strip():
        return cells, None
    if vocab.grade_of(cells[grade_index - 1]) is None:
        return cells, None
    first = next((i for i, c in enumerate(cells[:department_index]) if c.strip()), None)
    if first is None or not is_departments(cells[first]) or is_departments(cells[department_index]):
        return cells, None
    moved = [""] * len(cells)
    moved[department_index] = cells[first].strip()
    for index in range(department_index, grade_index):
        moved[index + 1] = cells[index]
    moved[grade_index + 1 :] = cells[grade_index + 1 :]
    return moved, (
        f"{cells[first].strip()}: a department report whose cells slid left (the department in column "
        f"{first + 1}, the grade under the column before the grade's); read by what each cell holds"
    )


def _slid_value(ctx: Context, text: str) -> bool:
    """A value that belongs to a neighbouring column: a grade letter, a number or a theme mark."""
    return (
        vocab.grade_of(text) is not None
        or numbers.parse_number(text) is not None
        or text in ctx.labels.words("theme_marks")
    )


def _fit(verdicts: list[bool | None]) -> int:
    return sum(v is True for v in verdicts) - sum(v is False for v in verdicts)


def _follows_run(ctx: Context, previous: Column | None, text: str, following: Column | None = None) -> int:
    """1 when a cell looks like one more of the column before it and that column ends a run of its
    kind (a seventh theme mark after six theme columns)."""
    if previous is None:
        return 0
    if following is not None and (following.field, _kind(following)) == (previous.field, _kind(previous)):
        return 0  # inside a run: the cell is more likely in its place
    text = text.strip()
    if previous.field == "theme":
        return int(not text or text in ctx.labels.words("theme_marks"))
    kind = _kind(previous)
    return int(bool(kind) and _fits(kind, text) is True)


def realign_columns(info: TableInfo, columns: list[Column], ctx: Context) -> list[Column]:
    """A header printed one cell off its columns (the values of 担当部署 look like years, those of
    総合評価 like departments): move the trailing header labels to the cells that fit them."""
    typed = [c for c in columns if _kind(c)]
    if not typed or not info.rows:
        return columns

    fit: dict[tuple[str, int], float] = {}  # (kind, cell index) → share of cells that fit

    def fit_of(kind: str, index: int) -> float:
        if (kind, index) not in fit:
            votes = [_fits(kind, r.cells[index]) if 0 <= index < len(r.cells) else None for r in info.rows]
            votes = [v for v in votes if v is not None]
            fit[kind, index] = (sum(votes) / len(votes)) if votes else 0.5
        return fit[kind, index]

    def score(shift: int, start: int) -> float:
        return sum(fit_of(_kind(c), c.index + (shift if c.index >= start else 0)) for c in typed)

    title_index = next((c.index for c in columns if c.field == "title"), 0)
    best = (score(0, 0), 0, 0)
    for start in sorted({c.index for c in typed if c.index > title_index + 1}):
        for shift in (-1, 1):
            candidate = score(shift, start)
            if candidate > best[0] + 0.5:
                best = (candidate, shift, start)
    _, shift, start = best
    if shift == 0:
        return columns
    moved = {}
    for column in columns:
        if column.index >= start and column.label:
            moved[column.index + shift] = column
    out: list[Column] = []
    width = max(len(columns), max(len(r.cells) for r in info.rows))
    for index in range(width):
        if index >= start or (shift < 0 and index == start - 1):
            source = moved.get(index)
            out.append(
                Column(index, source.label, source.field, source.year_role, source.fiscal_year, source.name)
                if source
                else Column(index, "")
            )
        else:
            out.append(columns[index] if index < len(columns) else Column(index, ""))
    ctx.warn(
        "row-misaligned",
        f"the header of the table {[c.label for c in columns[:3]]} is {abs(shift)} cell(s) off its values "
        f"from column {start + 1}; the columns were read by what their values hold",
        info.span(),
    )
    return out


def is_group_table(columns: list[Column], ctx: Context) -> bool:
    """A grid of 取組項目 (groups): its title column is a group title, nothing refers to a group, and no
    column names a responsible department (a list of 取組項目 with 担当課 is a list of initiatives)."""
    title = next(c for c in columns if c.field == "title")
    if label_key(title.label) not in {label_key(t) for t in ctx.labels.group_titles}:
        return False
    return not any(c.field in ("group_ref", "group_title", "departments") for c in columns)


def _header_parts(info: TableInfo) -> list[tuple[str, str, str]]:
    """(label, upper, lower) per column; an upper label spanning several columns carries right."""
    rows = [row.cells for row in info.header]
    width = max(max(len(r) for r in rows), max((len(r.cells) for r in info.rows), default=0))
    if len(rows) == 1:
        cells = list(rows[0]) + [""] * (width - len(rows[0]))
        return [(c.strip(), c.strip(), "") for c in cells]
    parts = []
    parent = ""
    for index in range(width):
        top = rows[0][index].strip() if index < len(rows[0]) else ""
        bottom = rows[-1][index].strip() if index < len(rows[-1]) else ""
        if top:
            parent = top
        elif bottom:
            top = parent
        label = f"{top} {bottom}".strip() if bottom else top
        parts.append((label, top, bottom))
    return parts


def _header_labels(info: TableInfo) -> list[str]:
    """One label per column."""
    return [label for label, _, _ in _header_parts(info)]


def is_second_half(info: TableInfo, grid: TableInfo, ctx: Context) -> bool:
    """A table of text columns only (取組内容 | 得られる効果 | ...) with about as many rows as the grid."""
    if not info.header:
        return False
    fields = [ctx.labels.field_of(c) for c in _header_labels(info) if c.strip()]
    mapped = [f for f in fields if f]
    if not mapped or not all(f in TEXT_FIELDS for f in mapped):
        return False
    return abs(len(info.rows) - len(grid.rows)) <= max(1, len(grid.rows) // 4)


def split_id(text: str) -> tuple[str | None, str]:
    """(number as printed, title without it) for 「①RPA導入の推進」."""
    found = LEADING_ID.match(text)
    if not found or found.end() >= len(text):
        return None, text.strip()
    return found.group(1).strip(), text[found.end() :].strip()


def read_grid(info: TableInfo, columns: list[Column], ctx: Context, halves: list[TableInfo]) -> list[Draft]:
    """One initiative per body row (and per department report row)."""
    width = max(len(columns), max((len(r.cells) for r in info.rows), default=0))
    rows = [list(r.cells) + [""] * (width - len(r.cells)) for r in info.rows]
    category_columns = [c.index for c in columns if c.field == "category"]
    carried = carry_down(rows, max(category_columns) + 1) if category_columns else rows
    title_index = next(c.index for c in columns if c.field == "title")
    content_index = next((c.index for c in columns if c.field == "content"), None)
    department_index = next((c.index for c in columns if c.field == "departments"), None)
    half_rows = _half_rows(info, halves, ctx)

    drafts: list[Draft] = []
    base: Draft | None = None
    section: str | None = None
    for position, (row, cells) in enumerate(zip(info.rows, carried)):
        heading = _section_row(ctx, cells, title_index)
        if heading is not None:
            section, base = heading, None  # 【1】行政運営の効率化: the rows below are in that section
            continue
        title_cell = cells[title_index].strip()
        if not title_cell and department_index is not None:
            cells, moved = _department_slid_left(columns, cells, department_index)
            if moved:
                ctx.warn("row-misaligned", moved, row.span())
        content_cell = cells[content_index].strip() if content_index is not None else ""
        department_cell = cells[department_index].strip() if department_index is not None else ""
        if not title_cell and base is not None:
            if department_cell and not content_cell:
                # another department's report on the same initiative
                draft = _new_draft(info, row, base.title, base.id_raw, ctx, carried_from=base)
                _fill(ctx, draft, columns, cells, skip={title_index, content_index} | set(category_columns))
                drafts.append(draft)
                continue
            if not department_cell:
                previous = drafts[-1]
                _fill(ctx, previous, columns, cells, skip={title_index} | set(category_columns), append=True)
                previous.extend(row.line, row.page)
                continue
        cells, moved, extra = realign_row(ctx, columns, cells, title_index)
        id_raw, title = split_id(title_cell)
        draft = _new_draft(info, row, title, id_raw, ctx)
        if moved:
            ctx.warn("row-misaligned", f"{title_cell}: {moved}", row.span())
            if extra is not None:
                draft.add_field(f"列{extra[0] + 1}", None, extra[1])
        draft.section_path = (
            list(info.section_path)
            + ([section] if section else [])
            + _categories(ctx, cells, category_columns)
        )
        _fill(ctx, draft, columns, cells, skip=set())
        if draft.misaligned:
            # a shifted row: its scores are not trusted; the item's other appearances fill them
            ctx.warn(
                "row-misaligned",
                f"{id_raw or draft.id_raw or ''} {title}: {draft.misaligned}; its scores are set aside",
                row.span(),
            )
            draft.scores.clear()
        if position < len(half_rows):
            half_columns, half_cells = half_rows[position]
            _fill(ctx, draft, half_columns, half_cells, skip=set())
        drafts.append(draft)
        base = draft
    return drafts


SECTION_MARK = regex.compile(r"^[【\[［〔]\s*[0-9０-９]{1,2}\s*[】\]］〕][ \u3000]*")


def _section_row(ctx: Context, cells: list[str], title_index: int) -> str | None:
    """A row whose only text is a short heading in its first cell (a section row spanning the table):
    the heading's title, without its number."""
    if title_index == 0 or not cells or not cells[0].strip():
        return None
    filled = [(n, c.strip()) for n, c in enumerate(cells) if c.strip()]
    if len(filled) != 1:
        return None
    text = filled[0][1]
    if (
        len(text) > 40
        or numbers.parse_number(text) is not None
        or not regex.search(r"\p{Han}|\p{Katakana}|\p{Hiragana}", text)
    ):
        return None
    if SECTION_MARK.match(text):
        return SECTION_MARK.sub("", text)
    found = match_heading(text, ctx.labels.heading_prefix_pattern())
    return found[2] if found and found[2] else None


def _categories(ctx: Context, cells: list[str], columns: list[int]) -> list[str]:
    """The carried-down category cells of a row (基本方針 Ⅰ…, 重点項目 (1)…, 改革項目 ①…) as section
    titles, without their numbering (CONTRACT version 2: they follow the headings in section_path)."""
    out: list[str] = []
    for index in columns:
        text = " ".join(cells[index].split())
        if not text:
            continue
        found = match_heading(text, ctx.labels.heading_prefix_pattern())
        out.append(found[2] if found and found[2] else text)
    return out


def _new_draft(info: TableInfo, row, title, id_raw, ctx: Context, carried_from: Draft | None = None) -> Draft:  # noqa: ANN001
    draft = Draft(span_start=row.line, span_end=row.end_line or row.line, page=row.page, layout="grid")
    draft.title = title
    draft.id_raw = id_raw
    draft.unit = info.unit
    if carried_from is not None:
        draft.section_path = list(carried_from.section_path)
        for label, name, text in carried_from.fields:
            if name in ("title", "content", "category", "period", "goal", "effect"):
                draft.add_field(label, name, text)
    return draft


def _fill(
    ctx: Context, draft: Draft, columns: list[Column], cells: list[str], skip: set, append: bool = False
) -> None:
    """Put a row's cells into the draft by column meaning."""
    for column in columns:
        if column.index in skip or column.index >= len(cells):
            continue
        text = cells[column.index].strip()
        if not text and column.year_role == "by-content" and column.fiscal_year and not append:
            draft.year(column.fiscal_year)  # a year of the schedule with nothing planned in it
        if not text:
            continue
        if column.year_role and column.fiscal_year:
            role = _role_by_content(text) if column.year_role == "by-content" else column.year_role
            if role:
                apply_year_cell(draft, role, column.label, column.fiscal_year, text)
            draft.add_field(column.label, None, text)
            continue
        name = column.field
        if name == "money" and draft.unit is None:
            declared = COLUMN_UNIT.search(column.label)  # 効果額（千円）: the column's own unit
            draft.unit = declared.group(1) if declared else None
        if name == "score":
            number = numbers.parse_number(text)
            if number is not None:
                draft.scores[column.name or column.label] = number
            elif not vocab.is_empty(text):
                draft.add_field(column.label, None, text)
                draft.misaligned = f"{column.label} holds {text!r}"
            continue
        if name == "theme":
            if text in ctx.labels.words("theme_marks"):
                draft.themes.append(column.name or column.label)
            else:
                draft.add_field(column.label, None, text)
                draft.misaligned = f"{column.label} holds {text!r}"
            continue
        if name == "id" and draft.id_raw is None:
            draft.id_raw = text
        if name == "group_ref":
            draft.group_ref = draft.group_ref or text
        elif name == "group_title":
            draft.group_title = draft.group_title or text
        if name == "grade":
            pairs = GRADE_PAIR.findall(text)
            grade = vocab.grade_of(text)
            if grade is None and pairs:
                grades = {vocab.grade_of(g) for _, g in pairs}
                if len(grades) == 1:
                    grade = grades.pop()
                if not draft.texts("departments"):
                    draft.add_field("所管課", "departments", " ".join(unit for unit, _ in pairs))
            draft.add_field(column.label, "grade" if grade else None, grade or text)
            if grade and grade != text:
                draft.add_field(column.label, None, text)
            continue
        if append:
            for position, (label, existing, old) in enumerate(draft.fields):
                if label == column.label:
                    draft.fields[position] = (label, existing, f"{old}\n{text}")
                    break
            else:
                draft.add_field(column.label, name, text)
            continue
        draft.add_field(column.label or f"列{column.index + 1}", name, text)


def _role_by_content(text: str) -> str | None:
    """What a cell under a bare fiscal-year column holds: a status, a planned phase or a grade."""
    status = vocab.status_of(text)
    if status is not None and status.code != "other":
        return "status"
    if vocab.grade_of(text):
        return "grade"
    if vocab.phase_of(text) not in (None, "other"):
        return "plan"
    return None


def _half_rows(
    info: TableInfo, halves: list[TableInfo], ctx: Context
) -> list[tuple[list[Column], list[str]]]:
    """Rows of the second-half tables that belong to this grid, in order."""
    out: list[tuple[list[Column], list[str]]] = []
    for half in halves:
        labels = _header_labels(half)
        columns = [
            Column(i, label, ctx.labels.field_of(label) if label.strip() else None)
            for i, label in enumerate(labels)
        ]
        if len(half.rows) != len(info.rows):
            ctx.warn(
                "row-misaligned",
                f"the table continuing {info.header[0].cells[:3]} has {len(half.rows)} rows for {len(info.rows)}; "
                "joined row by row as far as both go",
                half.span(),
            )
        for row in half.rows:
            out.append((columns, list(row.cells)))
    return out


def read_grids(ctx: Context, infos: list[TableInfo]) -> Reading:
    """All grid initiatives and the groups that tables of 取組項目 give, with the blocks read."""
    reading = Reading()
    index = 0
    while index < len(infos):
        info = infos[index]
        columns = map_columns(info, ctx)
        if columns is None or set(info.blocks) & reading.blocks:
            index += 1
            continue
        halves = []
        follower = index + 1
        if (
            follower < len(infos)
            and is_second_half(infos[follower], info, ctx)
            and map_columns(infos[follower], ctx) is None
        ):
            halves.append(infos[follower])
        part = read_grid_table(ctx, info, columns, halves)
        reading.initiatives.extend(part.initiatives)
        reading.groups.extend(part.groups)
        reading.amounts.extend(part.amounts)
        reading.blocks.update(info.blocks + [b for h in halves for b in h.blocks])
        index += 1 + len(halves)
    return reading


def read_grid_table(
    ctx: Context, info: TableInfo, columns: list[Column], halves: list[TableInfo] | None = None
) -> Reading:
    """One grid (and its second halves): initiatives, or groups for a table of 取組項目; a 合計 row's
    money is a document amount. Other recognizers that build a table of their own read it here."""
    reading = Reading()
    columns = realign_columns(info, columns, ctx)
    drafts = read_grid(info, columns, ctx, halves or [])
    if is_group_table(columns, ctx):
        reading.groups.extend(to_group(d, key="") for d in drafts)
        return reading
    for draft in drafts:
        item = to_initiative(draft, key="")
        if _is_total(ctx, draft):
            # a 合計 row: its money is the document's, not an initiative's
            for amount in item.money:
                amount.label = f"{draft.title} {amount.label or ''}".strip()
                reading.amounts.append(amount)
            continue
        reading.initiatives.append(item)
    return reading


def _is_total(ctx: Context, draft: Draft) -> bool:
    """A row whose title is a total label (合計, 効果額合計, 計) and that has no id of its own."""
    if draft.id_raw or not draft.title:
        return False
    key = label_key(draft.title)
    return key in ctx.labels.words("total_labels") or key.endswith("合計")


GRIDS = Recognizer(
    name="grid",
    reads="tables",
    read=read_grids,
    description="a table whose header names the columns (具体的取組, 所管課, R3取組状況, 最終評価 …), one row an item",
)
