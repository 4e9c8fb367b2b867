"""Label/value cards: one initiative is a run of rows that start with labels (取組項目名, 担当課, ...).

A card may carry a schedule: a header row of fiscal years (作業工程 / 年次計画 / 年度) and rows whose
label says what each year's cell holds (計画, 実績, 進行状況, 年度目標, 数値, 財源確保額). Those
cells are aligned to the year columns even where the converted row lost or gained a cell.
A card whose labels do not name the initiative takes its title and number from the heading just
above it (① 情報提供手段の拡大).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ..blocks import Block, Row
from ..context import Context
from ..models import Initiative, Span
from ..normalize import era, numbers, vocab
from ..sections import Heading
from ..tables import TableInfo
from .base import Reading, Recognizer
from .common import Draft, apply_year_cell, to_initiative
from .schedule import (
    PROMPT,
    TaskTable,
    is_task_header,
    is_task_row,
    is_task_row_start,
    read_schedule,
    theme_marks,
)

MIN_LABEL_SHARE = 0.5
#: a label followed by one of these is part of a phrase (取組内容の見直し), not run into its value
PARTICLES = frozenset("のをにがはとでへやも")


@dataclass
class YearColumns:
    """The fiscal year of each column of a card's schedule header."""

    columns: list[tuple[int, int]]  # (cell index, fiscal year)
    width: int  # cells in the header row
    label_end: int  # index of the first year cell
    header: list[str] = field(default_factory=list)  # the header row's cells

    @property
    def fiscal_years(self) -> list[int]:
        return [fy for _, fy in self.columns]


#: what every year cell holds somewhere: an era name and its number (R3, 令和3), or a year of four digits
YEAR_HINT = regex.compile(era.ERA_NAME + era.SP + era.ERA_NUMBER + r"|(?:19|20)[0-9]{2}")


BARE_YEAR = regex.compile(r"[（(]?((?:19|20)[0-9]{2})[）)]?")


def year_columns(cells: list[str]) -> YearColumns | None:
    """Year columns when at least two cells name fiscal years."""
    found = _year_columns(tuple(cells))
    return None if found is None else YearColumns(list(found), len(cells), found[0][0], list(cells))


@lru_cache(maxsize=16384)
def _year_columns(cells: tuple[str, ...]) -> tuple[tuple[int, int], ...] | None:
    """(cell index, fiscal year) of a row's year cells, or None (cached: card rows repeat)."""
    joined = "\t".join(cells)
    first = YEAR_HINT.search(joined)
    if first is None or YEAR_HINT.search(joined, first.end()) is None:
        return None  # fewer than two places where a year could be printed
    columns: list[tuple[int, int]] = []
    bare_years = False  # a bare 2021 among the years
    for index, cell in enumerate(cells):
        text = cell.strip()
        if not text or len(text) > 40:
            continue
        if era.is_year_cell(text):
            fy = era.fiscal_year(text)
            bare = BARE_YEAR.fullmatch(text) if fy is None else None
            if bare:  # 2021 or (2021): a header of Gregorian years
                fy = int(bare.group(1))
                bare_years = True
            if fy:
                columns.append((index, fy))
            continue
        # a merged header cell: 年度 令和2年度 令和3年度
        tokens = [token for token in era.year_tokens(text) if token.group("unit") == "年度"]
        rest = _without(text, tokens).replace("年度", "").strip(" \u3000")
        years = era.fiscal_years(text) if len(tokens) >= 2 and not rest else []
        if len(years) >= 2 and all(years):
            columns.extend((index, fy) for fy in years if fy)
    if len(columns) < 2:
        return None
    fiscal = [fy for _, fy in columns]
    if bare_years and fiscal != list(range(fiscal[0], fiscal[0] + len(fiscal))):
        return None  # bare numbers and years that do not follow each other: amounts (1950, 2000)
    if fiscal != sorted(fiscal) or len(set(fiscal)) != len(fiscal):
        return None
    return tuple(columns)


def _without(text: str, tokens: list[regex.Match[str]]) -> str:
    """The text with the spans of the tokens taken out."""
    out, position = [], 0
    for token in tokens:
        out.append(text[position : token.start()])
        position = token.end()
    return "".join(out) + text[position:]


def _filled(cells: list[str]) -> list[int]:
    return [i for i, cell in enumerate(cells) if cell and not cell.isspace()]


def is_card_table(block: Block, ctx: Context) -> bool:
    """Most rows start with a known label, and at least two different labels."""
    if block.kind != "table" or not block.rows:
        return False
    # rows that start with an empty cell continue the row above: they do not count either way
    firsts = [row.cells[0] for row in block.rows if row.cells and row.cells[0].strip()]
    rows = len(firsts)
    opens = _opens_with_record_label(block, ctx)
    labelled = 0
    names: set[str] = set()
    for done, first in enumerate(firsts):
        if not opens and labelled + rows - done < rows * MIN_LABEL_SHARE:
            return False  # too few rows left for labels to make the share (a long table of values)
        field_name, role = ctx.labels.label_of(first)
        if field_name or role:
            labelled += 1
            names.add(field_name or role or "")
    if labelled >= 2 and len(names) >= 2 and labelled >= rows * MIN_LABEL_SHARE:
        return True
    # a whole sheet in one table (its task and issue rows outnumber its labels): it opens with the
    # label that starts a record and that label's value, and more labels follow
    return len(names) >= 3 and opens


def _opens_with_record_label(block: Block, ctx: Context) -> bool:
    """The table's first row is a record-start label (実践項目) and a value that is no label."""
    first = next((row for row in block.rows if _filled(row.cells)), None)
    if first is None:
        return False
    filled = [first.cells[i].strip() for i in _filled(first.cells)]
    if _filled(first.cells)[0] != 0 or len(filled) != 2:
        return False
    return ctx.labels.field_of(filled[0]) in ctx.labels.record_start and not ctx.labels.is_label(filled[1])


def _row_label(cells: list[str], ctx: Context) -> tuple[int, str, str | None, str | None] | None:
    """(index, label, field, year role) of the row's label: the last label of the leading run."""
    found = None
    for index, text in enumerate(cells):
        if not text.strip():
            continue
        field_name, role = ctx.labels.label_of(text)
        if field_name or role:
            found = (index, text, field_name, role)
            continue
        break
    return found


class CardReader:
    """Reads the cards of one document."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.drafts: list[tuple[Draft, list[int]]] = []
        self.draft: Draft | None = None
        self.draft_blocks: list[int] = []
        self.schedule: YearColumns | None = None
        self.last_label: tuple[str, str | None, int] | None = None
        self.heading_used: set[int] = set()
        #: the rows under a schedule header while they are being collected (工程表)
        self.schedule_rows: list[Row] | None = None
        #: a task table (取組内容 【取組予定】【取組結果】) while it is being read
        self.task_table: TaskTable | None = None
        #: a row of theme headers (テーマ 財政運営 協働 …) waiting for its row of ○ marks
        self.theme_header: list[str] | None = None
        #: whether the row before was a schedule header
        self.under_header = False
        #: the blocks the cards were read from
        self.blocks: set[int] = set()

    def run(self) -> list[Initiative]:
        ctx = self.ctx
        previous_card_end = -1
        for index, block in enumerate(ctx.blocks):
            if index in ctx.tree.headings or (block.kind == "text" and index not in ctx.tree.repeated_blocks):
                if index not in ctx.tree.repeated_blocks:
                    self._close()
                continue
            if block.kind != "table" or index in ctx.tree.toc_blocks:
                continue
            if not is_card_table(block, ctx) and not self._starts_card_on_next_page(index):
                if self.draft is not None and self._continues(block):
                    self._read_block(index, block)
                    continue
                self._close()
                continue
            if self.draft is not None and index - previous_card_end > 1 and not self._continues(block):
                self._close()
            self._read_block(index, block)
            previous_card_end = index
        self._close()
        return self._finish()

    def _starts_card_on_next_page(self, index: int) -> bool:
        """The first rows of a card left at the foot of a page: labelled rows right before a card table."""
        blocks = self.ctx.blocks
        for step in range(3):  # a card may be cut into one-row pieces over several pages
            block = blocks[index + step]
            labelled = [r for r in block.rows if r.cells and self.ctx.labels.field_of(r.cells[0])]
            if not labelled or len(labelled) != len(block.rows):
                return False
            if index + step + 1 >= len(blocks) or blocks[index + step + 1].kind != "table":
                return False
            following = blocks[index + step + 1]
            if following.page is None or block.page is None or following.page != block.page + 1:
                return False
            if is_card_table(following, self.ctx):
                return True
        return False

    def _continues(self, block: Block) -> bool:
        """A short table right after a card, with labels the card has not had yet, is more of it."""
        if self.draft is None:
            return False
        if self.task_table is not None and is_task_row(
            next((r.cells for r in block.rows if _filled(r.cells)), [])
        ):
            return True  # a task table that goes on after a page break
        for row in block.rows:
            found = _row_label(row.cells, self.ctx)
            if found is None:
                continue
            _, _, field_name, role = found
            if field_name in self.ctx.labels.record_start and self.draft.has(field_name):
                return False
            return True
        return False

    def _open(self, index: int, row: Row) -> None:
        self._close()
        self.draft = Draft(
            span_start=row.line, span_end=row.end_line or row.line, page=row.page, layout="card"
        )
        self.draft_blocks = []
        self.schedule = None
        self.last_label = None

    def _close(self) -> None:
        self._finish_parts()
        if self.draft is not None and self.draft.fields or (self.draft is not None and self.draft.years):
            self.drafts.append((self.draft, self.draft_blocks))
        self.draft = None
        self.draft_blocks = []
        self.schedule = None
        self.last_label = None

    def _finish_parts(self) -> None:
        """Put a schedule or task table being read into the draft."""
        if self.schedule_rows is not None:
            rows, self.schedule_rows = self.schedule_rows, None
            if self.draft is not None and self.schedule is not None:
                self._apply_schedule(rows)
        if self.task_table is not None:
            table, self.task_table = self.task_table, None
            if self.draft is not None:
                self._apply_tasks(table)
        self.theme_header = None

    def _apply_schedule(self, rows: list[Row]) -> None:
        """Each year's plan, status and what was done instead, from the rows under a schedule header."""
        assert self.draft is not None and self.schedule is not None
        reading = read_schedule(self.schedule.columns, rows)
        for fiscal_year, part in reading.years.items():
            entry = self.draft.year(fiscal_year)
            if part.plan:
                apply_year_cell(self.draft, "plan", "計画", fiscal_year, "\n".join(part.plan))
            if part.status is not None:
                entry.status = part.status
            if part.actual:
                apply_year_cell(self.draft, "actual", "実績", fiscal_year, "\n".join(part.actual))
        for text, span in reading.unplaced:
            self.draft.add_field("工程表", None, text)
            self.ctx.warn(
                "schedule-cell-unplaced", f"a schedule cell under no year column: {text[:40]}", span
            )

    def _apply_tasks(self, table: TaskTable) -> None:
        """The tasks of a task table into their years; the rows as printed into `fields`."""
        assert self.draft is not None
        if table.lines:
            self.draft.add_field("取組内容", None, "\n".join(table.lines))
        for fiscal_year, task in table.tasks:
            if fiscal_year is None:
                span = Span(
                    start_line=self.draft.span_start, end_line=self.draft.span_end, page=self.draft.page
                )
                self.ctx.warn(
                    "task-without-year", f"a task with no year cell above it: {task.text[:40]}", span
                )
                continue
            self.draft.year(fiscal_year).tasks.append(task)

    def _read_part_row(
        self, row: Row, found: tuple[int, str, str | None, str | None] | None, columns: YearColumns | None
    ) -> bool:
        """A row of a task table, theme marks or schedule being read; False when the row is none of them."""
        cells = row.cells
        if columns is not None:  # a new year header ends any part
            self._finish_parts()
            return False
        if self.theme_header is not None:
            header, self.theme_header = self.theme_header, None
            marked = theme_marks(header, cells) if found is None else None
            if marked is not None:
                assert self.draft is not None
                self.draft.themes = marked
                for position in range(len(self.draft.fields) - 1, -1, -1):
                    label, name, _ = self.draft.fields[position]
                    if name == "themes":  # the field says which themes are marked, not every header
                        self.draft.fields[position] = (label, name, "\n".join(marked))
                        break
                return True
        if self.task_table is not None and found is None:
            if self.task_table.read_row(cells):
                return True
            self._finish_parts()
            prompt = PROMPT.match(next(c.strip() for c in cells if c.strip()))
            if prompt is not None:
                assert self.draft is not None
                rest = [c.strip() for c in cells if c.strip()][1:]
                value = " ".join([prompt.group(2), *rest]).strip()
                self.draft.add_field(prompt.group(1), None, value)
                return True
            return False
        if self.schedule_rows is not None:
            leading = next((c.strip() for c in cells if c.strip()), "")
            if found is None and leading not in self.ctx.labels.score_criteria:
                self.schedule_rows.append(row)
                return True
        self._finish_parts()
        return False

    def _read_block(self, index: int, block: Block) -> None:
        ctx = self.ctx
        for row in block.rows:
            cells = row.cells
            if not _filled(cells):
                continue
            columns = year_columns(cells)
            found = _row_label(cells, ctx)
            if self._starts_new(found[2] if found else None):
                self._open(index, row)
            assert self.draft is not None
            if index not in self.draft_blocks:
                self.draft_blocks.append(index)
            self.draft.extend(row.line, row.page)
            self.draft.extend(row.end_line or row.line, row.page)
            under_header, self.under_header = self.under_header, columns is not None
            if self._read_part_row(row, found, columns):
                continue
            if columns is not None:
                self.schedule = columns
                self.last_label = None
                if found and found[0] < columns.label_end:
                    self.draft.add_field(
                        found[1], None, "\t".join(c for c in cells[columns.label_end :] if c)
                    )
                continue
            if self._starts_schedule_body(row, found, under_header):
                continue
            if found is None:
                self._unlabelled_row(row)
            else:
                self._labelled_row(row, found)

    def _starts_new(self, field_name: str | None) -> bool:
        """Whether a row with this label opens a new card."""
        if self.draft is None:
            return True
        if field_name is None:
            return False
        if field_name in self.ctx.labels.record_start and self.draft.has(field_name):
            return True
        # a card without title/id labels starts again at the label it opened with (担当課)
        return (
            not self._has_start_label() and bool(self.draft.fields) and self.draft.fields[0][1] == field_name
        )

    def _starts_schedule_body(
        self, row: Row, found: tuple[int, str, str | None, str | None] | None, under_header: bool
    ) -> bool:
        """The first row of a schedule's body (工程表): unlabelled under the year header, or labelled by
        the schedule's own label where the header of years has none."""
        cells = row.cells
        if self.schedule is None:
            return False
        if found is not None and found[3] == "header" and under_header:
            self.schedule_rows = [
                Row([""] * (found[0] + 1) + cells[found[0] + 1 :], row.line, row.page, row.end_line)
            ]
            return True
        leading = next((c.strip() for c in cells if c.strip()), "")
        if found is None and leading in self.ctx.labels.score_criteria:
            self._year_row(row, cells.index(next(c for c in cells if c.strip())), leading, "other")
            return True
        if found is None and self.last_label is None and not cells[0].strip():
            self.schedule_rows = [row]
            return True
        return False

    def _unlabelled_row(self, row: Row) -> None:
        """A row whose first cell is no known label: a label the vocabulary does not know, or more text."""
        cells = row.cells
        first = cells[0].strip()
        if first and len(first) <= 20 and "。" not in first and len(_filled(cells)) > 1:
            self._field_row(row, 0)  # kept in fields under its own label
        else:
            self._continuation(row)

    def _labelled_row(self, row: Row, found: tuple[int, str, str | None, str | None]) -> None:
        """A row that starts with a known label: a field, a per-year row, a theme header or a task table."""
        assert self.draft is not None
        label_index, label, field_name, role = found
        values = row.cells[label_index + 1 :]
        filled_values = [v for v in values if v.strip()]
        if field_name == "themes" and len(filled_values) >= 2:
            self.theme_header = list(row.cells)  # the ○ row under it says which apply
        if role == "actual" and (is_task_header(values) or is_task_row_start(values)):
            self.task_table = TaskTable()
            if not is_task_header(values):
                self.task_table.read_row(values)
            return
        if (
            role
            and self.schedule is not None
            and (field_name is None or len(filled_values) >= 2 or role in ("plan", "status", "money"))
        ):
            self._year_row(row, label_index, label, role)
            return
        self._field_row(row, label_index)

    def _has_start_label(self) -> bool:
        assert self.draft is not None
        return any(self.draft.has(name) for name in self.ctx.labels.record_start)

    def _field_row(self, row: Row, start: int) -> None:
        """label, value, [label, value ...] pairs."""
        assert self.draft is not None
        cells = row.cells
        label: str | None = None
        name: str | None = None
        values: list[str] = []
        pairs: list[tuple[str, str | None, str]] = []
        pieces: list[str] = []
        for index in range(start, len(cells)):
            pieces.extend(self._split_merged_labels(cells[index].strip()))
        for text in pieces:
            if not text:
                continue
            field_name = self.ctx.labels.field_of(text)
            is_label = label is None or (field_name is not None and (values or index > start))
            if is_label and not (label is not None and not values and field_name is None):
                if label is not None:
                    pairs.append((label, name, "\n".join(values)))
                label, name, values = text, field_name, []
            else:
                values.append(text)
        if label is not None:
            pairs.append((label, name, "\n".join(values)))
        for label, name, text in pairs:
            if name == "title" and text.strip() and vocab.is_empty(text):
                name = None  # 「実践項目 | -」: the title is the heading above
            if name == "title" and self.draft.title is None:
                self.draft.title = text
            elif name == "id" and self.draft.id_raw is None:
                self.draft.id_raw = text
            self.draft.add_field(label, name, text)
        if pairs:
            last = pairs[-1]
            self.last_label = (last[0], last[1], len(self.draft.fields) - 1)

    def _glued_label(self, token: str, first: bool) -> str | None:
        """The label at the start of a token run into its value: a 関係課 label anywhere, any label
        of four characters or more at the start of a cell, when the rest is no particle's sentence."""
        exact = self.ctx.labels.exact
        for size in range(min(8, len(token) - 2), 2, -1):
            head, rest = token[:size], token[size:]
            field_name = exact(head)[0]
            if field_name == "related_departments" or (first and field_name and size >= 4):
                if rest[:1] not in PARTICLES:
                    return head
        return None

    def _split_merged_labels(self, text: str) -> list[str]:
        """「財政課 関係課 全課」: a label and its value that the conversion put into one cell."""
        if len(text) > 40 or " " not in text.replace("\u3000", " "):
            return [text]
        tokens: list[str] = []
        for number, token in enumerate(text.replace("\u3000", " ").split()):
            # 「関係課職員課」, 「現状の数値電子決裁率 0%」: a label run into its value where a PDF cell wrapped
            head = self._glued_label(token, first=number == 0)
            tokens.extend([head, token[len(head) :]] if head else [token])
        out: list[str] = []
        current: list[str] = []
        if (
            len(tokens) > 1
            and not self.ctx.labels.is_label(text)  # 「担当 課」 is one label, spaced out
            and self.ctx.labels.field_of(tokens[0])
            and not self.ctx.labels.is_label(tokens[1])
        ):
            out.append(tokens.pop(0))  # 「現状の数値 女性参加率 29.2%」: a label, then its value
        for token in tokens:
            if current and self.ctx.labels.field_of(token):
                out.append(" ".join(current))
                out.append(token)
                current = []
            else:
                current.append(token)
        if current:
            out.append(" ".join(current))
        return out if len(out) > 1 else [text]

    def _continuation(self, row: Row) -> None:
        """A row without a label continues the value of the last label."""
        assert self.draft is not None
        text = "\n".join(c.strip() for c in row.cells if c.strip())
        if self.last_label is None:
            self.draft.add_field("", None, text)
            return
        label, name, position = self.last_label
        old_label, old_name, old_text = self.draft.fields[position]
        self.draft.fields[position] = (old_label, old_name, f"{old_text}\n{text}" if old_text else text)

    def _year_row(self, row: Row, label_index: int, label: str, role: str) -> None:
        """Align a per-year row to the schedule's year columns."""
        assert self.draft is not None and self.schedule is not None
        schedule = self.schedule
        cells = row.cells
        years = schedule.fiscal_years
        values = cells[label_index + 1 :]
        while values and not values[-1].strip():
            values.pop()
        gap = cells[label_index + 1 : schedule.label_end]
        merged_header = len({index for index, _ in schedule.columns}) != len(schedule.columns)
        if label_index < schedule.label_end and not merged_header and not any(c.strip() for c in gap):
            # the row's cells sit under the header's year columns
            aligned = [cells[index] if index < len(cells) else "" for index, _ in schedule.columns]
            if any(c.strip() for c in cells[schedule.width :]) and self._overflow_column() is None:
                self._misaligned(row, label, len(values), len(years))
        elif len(values) <= len(years):
            # positional: a row that lost trailing cells keeps its first years
            aligned = values
        else:
            self._misaligned(row, label, len(values), len(years))
            merged_header = len({index for index, _ in schedule.columns}) != len(schedule.columns)
            if len(cells) == schedule.width and not merged_header:
                aligned = [cells[index] for index, _ in schedule.columns]
            else:
                aligned = values[: len(years)]
        for fiscal_year, text in zip(years, aligned):
            apply_year_cell(self.draft, role, label, fiscal_year, text)
        self._keep_other_cells(row, label_index, label)
        if role in ("status", "plan", "actual"):
            self.last_label = None

    def _overflow_column(self) -> str | None:
        """The header's last column when it is no year (【評価の理由】): cells of a row beyond the header
        belong to it (the reason printed after a 総括 mark)."""
        assert self.schedule is not None
        header = [cell.strip() for cell in self.schedule.header]
        filled = [index for index, cell in enumerate(header) if cell]
        if not filled or filled[-1] in {index for index, _ in self.schedule.columns}:
            return None
        return header[filled[-1]]

    def _keep_other_cells(self, row: Row, label_index: int, label: str) -> None:
        """Cells of a per-year row under header columns that are not years (総括, 【評価の理由】) are
        kept in `fields`, labelled by the row and the column, so nothing printed is lost. Under an
        overall column (総括) a grade is the record's grade and a criterion's number its overall score."""
        assert self.draft is not None and self.schedule is not None
        schedule = self.schedule
        overflow = self._overflow_column()
        if len(row.cells) > schedule.width and overflow is None:
            return  # a row longer than its header: aligned positionally, nothing to label
        year_indices = {index for index, _ in schedule.columns}
        overall = self.ctx.labels.words("overall_columns")
        for index in range(max(label_index + 1, schedule.columns[-1][0] + 1), len(row.cells)):
            text = row.cells[index].strip()
            if not text or index in year_indices:
                continue
            column = schedule.header[index].strip() if index < len(schedule.header) else overflow or ""
            if column and text == column:
                continue
            name = None
            if column in overall and vocab.grade_of(text):
                name = "grade"
            elif column in overall and label in self.ctx.labels.score_criteria:
                number = numbers.parse_number(text)
                if number is not None:
                    self.draft.scores.setdefault(label, number)
            self.draft.add_field(f"{label} {column}".strip(), name, text)

    def _misaligned(self, row: Row, label: str, got: int, want: int) -> None:
        self.ctx.warn(
            "row-misaligned",
            f"{label}: {got} cells for {want} year columns; aligned to the schedule's years",
            row.span(),
        )

    def _finish(self) -> list[Initiative]:
        ctx = self.ctx
        out: list[Initiative] = []
        for draft, block_indices in self.drafts:
            first = block_indices[0]
            path = list(ctx.tree.paths[first])
            if not draft.title:
                heading = self._title_heading(first)
                if heading is not None:
                    draft.title = heading.title
                    if draft.id_raw is None:
                        draft.id_raw = heading.marker
                    path = [
                        s
                        for s in path
                        if s.span.start_line != heading.span.start_line or s.span.page != heading.span.page
                    ]
                    draft.extend(heading.span.start_line)
                else:
                    ctx.warn(
                        "missing-title",
                        "a card without a title label or a heading above it",
                        Span(start_line=draft.span_start, end_line=draft.span_end, page=draft.page),
                    )
            draft.section_path = [s.title for s in path]
            self.blocks.update(block_indices)
            out.append(to_initiative(draft, key=""))
        return out

    def _title_heading(self, block_index: int) -> Heading | None:
        """The innermost heading above the card, when no other card has taken it."""
        ctx = self.ctx
        path = ctx.tree.paths[block_index]
        if not path:
            return None
        innermost = path[-1]
        for index in range(block_index - 1, -1, -1):
            heading = ctx.tree.headings.get(index)
            if heading is None:
                continue
            if (
                heading.span.start_line == innermost.span.start_line
                and heading.span.page == innermost.span.page
            ):
                if index in self.heading_used:
                    return None
                self.heading_used.add(index)
                return heading
        return None


def read_cards(ctx: Context, tables: list[TableInfo] | None = None) -> Reading:
    """All card-layout initiatives of the document, in order, and the blocks they came from."""
    reader = CardReader(ctx)
    initiatives = reader.run()
    return Reading(initiatives=initiatives, blocks=reader.blocks)


CARDS = Recognizer(
    name="card",
    reads="blocks",
    read=read_cards,
    detail=True,
    description="label/value rows (取組項目名, 担当課, 現状と課題 …) with an optional fiscal-year schedule",
)

__all__ = ["CARDS", "read_cards", "year_columns"]
