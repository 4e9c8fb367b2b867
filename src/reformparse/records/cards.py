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
from ..normalize import era, vocab
from ..sections import Heading
from ..tables import TableInfo
from .base import Reading, Recognizer
from .common import Draft, apply_year_cell, to_initiative

MIN_LABEL_SHARE = 0.5


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


def year_columns(cells: list[str]) -> YearColumns | None:
    """Year columns when at least two cells name fiscal years."""
    found = _year_columns(tuple(cells))
    return None if found is None else YearColumns(list(found), len(cells), found[0][0], list(cells))


@lru_cache(maxsize=16384)
def _year_columns(cells: tuple[str, ...]) -> tuple[tuple[int, int], ...] | None:
    """(cell index, fiscal year) of a row's year cells, or None (cached: card rows repeat)."""
    columns: list[tuple[int, int]] = []
    for index, cell in enumerate(cells):
        text = cell.strip()
        if not text or len(text) > 40:
            continue
        if era.is_year_cell(text):
            fy = era.fiscal_year(text)
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
    return [i for i, cell in enumerate(cells) if cell.strip()]


def is_card_table(block: Block, ctx: Context) -> bool:
    """Most rows start with a known label, and at least two different labels."""
    if block.kind != "table" or not block.rows:
        return False
    labelled = 0
    names: set[str] = set()
    for row in block.rows:
        filled = _filled(row.cells)
        if not filled:
            continue
        if filled[0] != 0:
            continue
        first = row.cells[0]
        field_name = ctx.labels.field_of(first)
        role = ctx.labels.year_role_of(first)
        if field_name or role:
            labelled += 1
            names.add(field_name or role or "")
    # rows that start with an empty cell continue the row above: they do not count either way
    rows = sum(1 for row in block.rows if row.cells and row.cells[0].strip())
    return labelled >= 2 and len(names) >= 2 and labelled >= rows * MIN_LABEL_SHARE


def _row_label(cells: list[str], ctx: Context) -> tuple[int, str, str | None, str | None] | None:
    """(index, label, field, year role) of the row's label: the last label of the leading run."""
    filled = _filled(cells)
    if not filled:
        return None
    found = None
    for index in filled:
        text = cells[index]
        field_name, role = ctx.labels.field_of(text), ctx.labels.year_role_of(text)
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
        if self.draft is not None and self.draft.fields or (self.draft is not None and self.draft.years):
            self.drafts.append((self.draft, self.draft_blocks))
        self.draft = None
        self.draft_blocks = []
        self.schedule = None
        self.last_label = None

    def _read_block(self, index: int, block: Block) -> None:
        ctx = self.ctx
        for row in block.rows:
            cells = row.cells
            if not _filled(cells):
                continue
            columns = year_columns(cells)
            found = _row_label(cells, ctx)
            field_name = found[2] if found else None
            starts_new = (
                self.draft is None
                or (
                    field_name is not None
                    and field_name in ctx.labels.record_start
                    and self.draft.has(field_name)
                )
                or (
                    # a card without title/id labels starts again at the label it opened with (担当課)
                    field_name is not None
                    and not self._has_start_label()
                    and bool(self.draft.fields)
                    and self.draft.fields[0][1] == field_name
                )
            )
            if starts_new:
                self._open(index, row)
            assert self.draft is not None
            if index not in self.draft_blocks:
                self.draft_blocks.append(index)
            self.draft.extend(row.line, row.page)
            self.draft.extend(row.end_line or row.line, row.page)
            if columns is not None:
                self.schedule = columns
                self.last_label = None
                if found and found[0] < columns.label_end:
                    self.draft.add_field(
                        found[1], None, "\t".join(c for c in cells[columns.label_end :] if c)
                    )
                continue
            leading = next((c.strip() for c in cells if c.strip()), "")
            if found is None and self.schedule is not None and leading in ctx.labels.score_criteria:
                self._year_row(row, cells.index(next(c for c in cells if c.strip())), leading, "other")
                continue
            if (
                found is None
                and self.schedule is not None
                and self.last_label is None
                and not cells[0].strip()
            ):
                # an unlabelled row right under a schedule header: the plan of each year (工程表)
                self._year_row(row, 0, "計画", "plan")
                self._between_year_columns(row)
                continue
            if found is None:
                first = cells[0].strip()
                if first and len(first) <= 20 and "。" not in first and len(_filled(cells)) > 1:
                    self._field_row(row, 0)  # a label the vocabulary does not know: kept in fields
                else:
                    self._continuation(row)
                continue
            label_index, label, field_name, role = found
            values = cells[label_index + 1 :]
            filled_values = [v for v in values if v.strip()]
            if (
                role
                and self.schedule is not None
                and (field_name is None or len(filled_values) >= 2 or role in ("plan", "status", "money"))
            ):
                self._year_row(row, label_index, label, role)
                continue
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

    def _split_merged_labels(self, text: str) -> list[str]:
        """「財政課 関係課 全課」: a label and its value that the conversion put into one cell."""
        if len(text) > 40 or " " not in text.replace("\u3000", " "):
            return [text]
        tokens: list[str] = []
        for token in text.replace("\u3000", " ").split():
            # 「関係課職員課」: a label run into its value where a PDF cell wrapped
            for size in (5, 4, 3):
                head = token[:size]
                if len(token) > size + 1 and self.ctx.labels.field_of(head) == "related_departments":
                    tokens.extend([head, token[size:]])
                    break
            else:
                tokens.append(token)
        out: list[str] = []
        current: list[str] = []
        for token in tokens:
            if current and self.ctx.labels.field_of(token):
                out.append(" ".join(current))
                out.append(token)
                current = []
            else:
                current.append(token)
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
            if any(c.strip() for c in cells[schedule.width :]):
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

    def _keep_other_cells(self, row: Row, label_index: int, label: str) -> None:
        """Cells of a per-year row under header columns that are not years (総括, 【評価の理由】) are
        kept in `fields`, labelled by the row and the column, so nothing printed is lost."""
        assert self.draft is not None and self.schedule is not None
        schedule = self.schedule
        if len(row.cells) > schedule.width:
            return  # a row longer than its header: aligned positionally, nothing to label
        year_indices = {index for index, _ in schedule.columns}
        for index in range(max(label_index + 1, schedule.columns[-1][0] + 1), len(row.cells)):
            text = row.cells[index].strip()
            if not text or index in year_indices:
                continue
            column = schedule.header[index].strip() if index < len(schedule.header) else ""
            if column and text == column:
                continue
            self.draft.add_field(f"{label} {column}".strip(), None, text)

    def _between_year_columns(self, row: Row) -> None:
        """A cell under a blank header cell right after a year column belongs to that year (工程どおり)."""
        assert self.draft is not None and self.schedule is not None
        indices = [index for index, _ in self.schedule.columns]
        for index, fiscal_year in self.schedule.columns:
            after = index + 1
            if after in indices or after >= len(row.cells) or after >= self.schedule.width:
                continue
            text = row.cells[after].strip()
            if text:
                apply_year_cell(self.draft, "status", "進捗", fiscal_year, text)

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
