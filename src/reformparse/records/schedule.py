"""The parts of a progress sheet (進捗状況シート) that sit inside a card, read by what they hold.

- A **schedule** (工程表): a header of fiscal-year columns, then rows whose cells hold each year's planned
  work (計画), its status (工程どおり, 工程見直し, 取組終了) and, in a later row, what was done instead. A year
  may have one column or two (plan, status), and a cell may hold both run together
  (「対象事業の選定・実施 工程どおり」). Cells are placed by column; a status that slid one cell right of
  the plan it grades goes back to that plan's year.
- A **task table** (取組内容 【取組予定】【取組結果】): per-year numbered tasks (R2 ① …) with their outcomes;
  a year cell carries down to the rows below it.
- **Theme marks**: a row of theme headers (財政運営, 協働 …) and a row of ○ under the ones that apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..blocks import Row
from ..labels import active_labels, per_book
from ..models import Span, Status, Task
from ..normalize import era, vocab
from ..sections import CIRCLED

#: a space the conversion left inside Japanese text where a cell wrapped (運用の検討、 基準作成)
WRAP_SPACE = regex.compile(
    r"(?<=[\p{Han}\p{Hiragana}\p{Katakana}ー、。・）)])[ \u3000]+(?=[\p{Han}\p{Hiragana}\p{Katakana}ー（(])"
)
#: a token of a schedule cell: a parenthesised note or a run without spaces and 、
TOKEN = regex.compile(r"[（(][^（）()]{1,20}[）)]|[^\s\u3000、，,（()）]+")
#: a task number alone in a cell or at the start of one: ①, (1), 1., 1)
TASK_NUMBER = regex.compile(
    r"^([" + CIRCLED + r"]|[（(][0-9０-９]{1,2}[）)]|[0-9０-９]{1,2}[.．)）])[ \u3000]*"
)
#: a year cell of a task table: R2, 令和2年度, R2～R6, R5・R6
YEAR_RANGE = regex.compile(
    r"^" + era.YEAR_TOKEN_TEXT + r"(?:[ \u3000]*[～~〜・、\-－―][ \u3000]*" + era.YEAR_TOKEN_TEXT + r")?$"
)
#: a cell that prompts for a value (取組終了の場合記入 →, 確認時期：), with the value after it or not
PROMPT = regex.compile(r"^([^→⇒：:]{1,24}?)[ \u3000]*(?:→|⇒|：|:)[ \u3000]*(.*)$")


def unwrap(text: str) -> str:
    """Join the pieces of a cell that wrapped inside Japanese text (クレジット カード納付の 導入準備)."""
    return WRAP_SPACE.sub("", text.strip())


@dataclass
class YearPart:
    """What a schedule says about one fiscal year."""

    plan: list[str] = field(default_factory=list)
    status: Status | None = None
    actual: list[str] = field(default_factory=list)


@dataclass
class ScheduleReading:
    """A schedule's years, and the cells that sit under no year column."""

    years: dict[int, YearPart] = field(default_factory=dict)
    unplaced: list[tuple[str, Span]] = field(default_factory=list)

    def part(self, fiscal_year: int) -> YearPart:
        return self.years.setdefault(fiscal_year, YearPart())


def split_status(text: str) -> tuple[str, Status | None, str]:
    """(text before, status, text after) of a cell that holds a status phrase as a word of its own:
    「PFI導入可能性調査 工程見直し 事業内容の再検討」, 「新たな手法の導入 (取組終了)」, 「工程どおり」.
    Worked out once per label book and text; each call gets its own Status."""
    before, status, after = _split_status(text)
    return before, status.model_copy() if status is not None else None, after


@per_book("schedule.split_status")
def _split_status(text: str) -> tuple[str, Status | None, str]:
    for token in TOKEN.finditer(text):
        status = vocab.exact_status(token.group(0).strip("（）()"))
        if status is None:
            continue
        before = text[: token.start()].strip(" \n\u3000、，,")
        after = text[token.end() :].strip(" \n\u3000、，,")
        return before, status, after
    run_on = vocab.trailing_status(text)
    if run_on is not None:
        return run_on[0], run_on[1], ""
    return text.strip(), None, ""


def read_schedule(year_columns: list[tuple[int, int]], rows: list[Row]) -> ScheduleReading:
    """Each year's plan, status and what was done, from the rows under a schedule header."""
    reading = ScheduleReading()
    starts = [index for index, _ in year_columns]
    years = [fy for _, fy in year_columns]
    for number, row in enumerate(rows):
        texts: list[tuple[int | None, str]] = []  # (fiscal year, text) of each filled cell
        for index, cell in enumerate(row.cells):
            text = cell.strip()
            if not text or vocab.is_empty(text):
                continue
            position = _year_at(starts, index)
            texts.append((years[position] if position is not None else None, text))
        _read_row(reading, years, texts, first_row=number == 0, span=row.span())
    return reading


def _year_at(starts: list[int], index: int) -> int | None:
    """The position of the year column a cell sits under: the last year column at or before it."""
    position = None
    for number, start in enumerate(starts):
        if start <= index:
            position = number
    return position


def _read_row(
    reading: ScheduleReading,
    years: list[int],
    texts: list[tuple[int | None, str]],
    first_row: bool,
    span: Span,
) -> None:
    graded: set[int] = set()  # years this row has given a status
    worked: set[int] = set()  # years this row has given work (a plan or what was done)
    last_work: int | None = None
    for fiscal_year, text in texts:
        if fiscal_year is None:
            reading.unplaced.append((text, span))
            continue
        before, status, after = split_status(text)
        if status is not None and not before:
            target = _status_year(fiscal_year, years, graded, worked, last_work)
            reading.part(target).status = status
            graded.add(target)
            if after:
                reading.part(target).actual.append(unwrap(after))
            continue
        part = reading.part(fiscal_year)
        work = unwrap(before)
        if work:
            if first_row or not part.plan:
                if work not in part.plan:
                    part.plan.append(work)
            elif work not in part.actual:
                part.actual.append(work)
            worked.add(fiscal_year)
            last_work = fiscal_year
        if status is not None:
            part.status = status
            graded.add(fiscal_year)
        if after:
            part.actual.append(unwrap(after))


def _status_year(
    fiscal_year: int, years: list[int], graded: set[int], worked: set[int], last_work: int | None
) -> int:
    """The year a status cell grades. A status grades the work before it in its row: one that slid a
    cell right of an ungraded year's work, into a year with no work of its own, goes back to that
    year; a second status in a year's cells, with the next year ungraded and without work, goes on."""
    if (
        last_work is not None
        and last_work != fiscal_year
        and last_work not in graded
        and fiscal_year not in worked
    ):
        return last_work
    if fiscal_year in graded:
        following = [fy for fy in years if fy > fiscal_year]
        if following and following[0] not in graded and following[0] not in worked:
            return following[0]
    return fiscal_year


def is_task_header(values: list[str]) -> bool:
    """The value cells of a 取組内容 row that heads a task table: bracketed column names only
    (【取組予定・今後の取組予定】 【取組結果・評価につながる活動指標(効果)】)."""
    filled = [v.strip() for v in values if v.strip()]
    return bool(filled) and all(v[0] in "【［[" and v[-1] in "】］]" for v in filled)


def is_task_row_start(values: list[str]) -> bool:
    """Value cells that open with a year cell and then a numbered task (R2～R6 | ① 未利用地の売却)."""
    filled = [v.strip() for v in values if v.strip()]
    return len(filled) >= 2 and bool(YEAR_RANGE.match(filled[0])) and bool(TASK_NUMBER.match(filled[1]))


def is_task_row(cells: list[str]) -> bool:
    """A row of a task table: a year cell or a task number among its first cells (R6 | ⑪ | …, ⑤ | …)."""
    filled = [c.strip() for c in cells if c.strip()][:3]
    return len(filled) >= 2 and any(YEAR_RANGE.match(c) or TASK_NUMBER.match(c) for c in filled[:2])


@dataclass
class TaskTable:
    """A task table being read: the year carried down and the tasks so far."""

    tasks: list[tuple[int | None, Task]] = field(default_factory=list)
    year_raw: str | None = None
    fiscal_year: int | None = None
    lines: list[str] = field(default_factory=list)

    def read_row(self, cells: list[str]) -> bool:
        """Read one row; False when the row is no part of the table (a prompt: 取組終了の場合記入 →)."""
        filled = [text for text in (c.strip() for c in cells) if text]
        if not filled:
            return True
        if PROMPT.match(filled[0]):
            return False
        rest: list[str] = []
        number: str | None = None
        new_year = False
        for text in filled:
            if not rest and number is None and not new_year and YEAR_RANGE.match(text):
                self.year_raw, self.fiscal_year, new_year = text, era.fiscal_year(text), True
                continue
            found = TASK_NUMBER.match(text) if not rest and number is None else None
            if found:
                number = found.group(1)
                text = text[found.end() :].strip()
                if not text:
                    continue
            rest.append(text)
        self.lines.append(" ".join(filled))
        if not rest:
            return True
        if number is None and not new_year and self.tasks:
            # neither a number nor a year: more of the task above (its outcome wrapped on to this row)
            task = self.tasks[-1][1]
            extra = "\n".join(rest)
            task.result = f"{task.result}\n{extra}" if task.result else extra
            return True
        task = Task(number=number, text=rest[0], result="\n".join(rest[1:]) or None, years_raw=self.year_raw)
        self.tasks.append((self.fiscal_year, task))
        return True


def theme_marks(header: list[str], marks: list[str]) -> list[str] | None:
    """The theme headers marked ○ in the row under them; None when the row is not only marks."""
    words = active_labels().words("theme_marks")
    filled = [(index, cell.strip()) for index, cell in enumerate(marks) if cell.strip()]
    if not filled or any(text not in words for _, text in filled):
        return None
    out = []
    for index, _ in filled:
        if index < len(header) and header[index].strip():
            out.append(header[index].strip())
    return out
