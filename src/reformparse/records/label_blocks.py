"""Records written as label blocks, one label a line: a label alone on its line followed by its value
lines (所管課 / 住民課), `label：value` on one line, letter-spaced labels (所 管 課, 進 捗 状 況), and
per-year lines such as `令和5年度 実績：…` — recognised from the same label vocabulary as the cards.

A record is a run of such lines with at least two known labels; a title label (or a second
department label) opens the next record, a heading closes it. A record without a title label takes
its title and number from the heading just above it (`(1) 窓口の待ち時間の短縮`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..context import Context
from ..labels import label_key
from ..models import Initiative
from ..normalize import era
from ..tables import TableInfo
from .base import Reading, Recognizer
from .common import Draft, apply_year_cell, to_initiative
from .lists import is_unit, parse_marker

#: `label：value`, maybe after a fiscal year (an era year of era.YEAR_TOKEN's pieces, 年度 required)
INLINE = regex.compile(
    r"^(?:(?P<year>" + era.ERA_NAME + era.SP + era.ERA_NUMBER + era.SP + r"年度)[ \u3000]*)?"
    r"(?P<label>[^:：。、]{1,20}?)[ \u3000]*[:：][ \u3000]*(?P<value>.*)$"
)
BRACKET_LABEL = regex.compile(r"^[〈<《【\[［]([^〉>》】\]］]{1,8})[〉>》】\]］][ \u3000]*(.*)$")
SPACED_LABEL = regex.compile(r"^([^ \u3000:：]{1,8})[ \u3000]+(\S.*)$")
NUMBERED_BRACKET = regex.compile(r"^[【\[［][^】\]］]{0,6}?([0-9０-９]{1,3})[】\]］][ \u3000]*(\S.{1,60})$")
TWO_LEVEL = regex.compile(r"^([0-9０-９]{1,2}[-－‐][0-9０-９]{1,2})[ \u3000]+(\S.{1,60})$")
TAGS = regex.compile(r"【[^】]{1,8}】")
#: spaces are taken from the start of their run only, so that a long run of spaces stays linear
SEGMENT_SPLIT = regex.compile(r"(?:(?<![ \u3000])[ \u3000]+)?[／｜|][ \u3000]*")
#: a value that is a table's header or row run together, not a title
TABLE_LIKE = regex.compile(r"[0-9０-９]{6,}")
#: fields whose values are short (one word a line): a long line ends the record instead
SHORT = {"departments", "related_departments", "status", "grade", "id"}
MAX_VALUE_LINES = 8
MAX_SHORT_VALUE = 20
MIN_LABELS = 2


@dataclass
class LabelLine:
    label: str
    field: str | None
    role: str | None
    value: str
    fiscal_year: int | None = None


@dataclass
class Record:
    blocks: list[int] = field(default_factory=list)
    entries: list[LabelLine] = field(default_factory=list)
    heading: int | None = None
    #: (number, title) of a title line right above the labels (【取組１】…, (ｱ) …) that is no heading
    title_line: tuple[str | None, str] | None = None

    def has(self, name: str) -> bool:
        return any(e.field == name for e in self.entries)


def label_line(ctx: Context, text: str) -> LabelLine | None:
    """A line that is a known label, or `label：value` with a known label (and maybe a year)."""
    book = ctx.labels
    found = INLINE.match(text)
    if found:
        label = found.group("label").strip()
        name, role = book.field_of(label), book.year_role_of(label)
        if name or role:
            year = era.fiscal_year(found.group("year")) if found.group("year") else None
            return LabelLine(label, name, role, found.group("value").strip(), year)
    if len(label_key(text)) <= 12:
        name, role = book.field_of(text), book.year_role_of(text)
        if name or role:
            return LabelLine(regex.sub(r"[ \u3000]+", "", text), name, role, "")
    found = BRACKET_LABEL.match(text) or SPACED_LABEL.match(text)
    if found:
        # 〈担当課〉市民課, 【担当】市民課, 担当 DX推進課: a known label, then its value
        name, role = book.exact(found.group(1))
        if name or role:
            return LabelLine(found.group(1), name, role, found.group(2).strip())
    return None


def title_line(text: str) -> tuple[str | None, str] | None:
    """(number, title) of a line that names a record above its label lines: 【取組１】title, 1-1 title,
    (ｱ) title, No.3 title."""
    found = NUMBERED_BRACKET.match(text) or TWO_LEVEL.match(text)
    if found:
        return found.group(1), TAGS.sub("", found.group(2)).strip()
    parsed = parse_marker(text)
    if parsed is None or parsed[0] == "bullet" or "。" in parsed[3] or len(parsed[3]) > 60:
        return None
    return parsed[1], TAGS.sub("", parsed[3]).strip()


def _field(entry: LabelLine) -> str | None:
    """The contract field of a label line (a per-year status or grade label without a year is the
    record's own)."""
    if entry.field:
        return entry.field
    if entry.role in ("status", "grade") and entry.fiscal_year is None:
        return entry.role
    return None


class LabelBlockReader:
    """Reads the label-block records of one document."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.records: list[Record] = []
        self.current: Record | None = None
        self.last_heading: int | None = None
        self.pending: tuple[int, tuple[str | None, str]] | None = None

    def run(self) -> list[Record]:
        ctx = self.ctx
        for index, block in enumerate(ctx.blocks):
            if block.kind != "text" or index in ctx.consumed or index in ctx.tree.toc_blocks:
                self._close()
                continue
            if index in ctx.tree.headings:
                if self._titles_open_record(index):
                    continue
                self._close()
                self.last_heading = index
                continue
            text = block.text.strip()
            segments = self._segments(text)
            if segments:
                # 取組項目：… ／ 担当：… ／ 状況：…: a whole record on one line
                self._close()
                for entry in segments:
                    self._label(index, entry)
                continue
            entry = label_line(ctx, text)
            if entry is not None:
                self._label(index, entry)
            elif not self._value(index, text):
                self._close()
                self.last_heading = None
                titled = title_line(text)
                self.pending = (index, titled) if titled else None
        self._close()
        return self.records

    def _label(self, index: int, entry: LabelLine) -> None:
        current = self.current
        name = _field(entry)
        if name == "title" and not entry.value and self._captions_a_table(index):
            # 取組項目 over a table of items: the record so far describes their group, not one item
            if current is not None:
                current.entries.append(entry)
            self._close()
            return
        repeated = current is not None and (
            current.has(name) or (name in ("title", "id") and current.heading is not None)
        )
        if current is not None and name in ("title", "id", "departments") and repeated:
            self._close()
            current = None
        if current is None:
            # the heading right above names the record, unless the record prints its own title
            heading = (
                self.last_heading if self.last_heading == index - 1 and name not in ("title", "id") else None
            )
            current = self.current = Record(heading=heading)
            if heading is None and self.pending is not None and self.pending[0] == index - 1:
                current.title_line = self.pending[1]
                current.blocks.append(self.pending[0])
        current.entries.append(entry)
        current.blocks.append(index)

    def _captions_a_table(self, index: int) -> bool:
        """Whether the line after a label is a table another layout read, or a table's header."""
        following = index + 1
        if following >= len(self.ctx.blocks):
            return False
        block = self.ctx.blocks[following]
        return following in self.ctx.consumed or block.kind == "table" or bool(TABLE_LIKE.search(block.text))

    def _segments(self, text: str) -> list[LabelLine]:
        """The `label：value` pairs of a line split by ／ or ｜, when every part is one and a title
        label is among them; else []."""
        parts = [p for p in SEGMENT_SPLIT.split(text) if p.strip()]
        if len(parts) < MIN_LABELS:
            return []
        entries = [label_line(self.ctx, part.strip()) for part in parts]
        if any(e is None or not e.value for e in entries):
            return []
        if not any(_field(e) == "title" for e in entries if e is not None):
            return []
        return [e for e in entries if e is not None]

    def _titles_open_record(self, index: int) -> bool:
        """A title label alone, then a heading (取 組 名 / No.8 …): the heading is the record's title."""
        current = self.current
        if current is None or len(current.entries) != 1:
            return False
        entry = current.entries[0]
        if _field(entry) not in ("title", "id") or entry.value:
            return False
        current.entries.pop()
        current.heading = index
        current.blocks.append(index)
        return True

    def _value(self, index: int, text: str) -> bool:
        """A value line of the open label; False when the line cannot be one."""
        current = self.current
        if current is None or not current.entries:
            return False
        entry = current.entries[-1]
        name = _field(entry)
        if len(current.entries) >= MIN_LABELS and (NUMBERED_BRACKET.match(text) or TWO_LEVEL.match(text)):
            return False  # the next record's title line (【取組２】…, 1-2 …)
        lines = entry.value.count("\n") + 1 if entry.value else 0
        if lines >= MAX_VALUE_LINES:
            return False
        if name in SHORT and (len(text) > MAX_SHORT_VALUE or (entry.value and name != "departments")):
            return False
        if name == "departments" and entry.value and not is_unit(text):
            return False
        entry.value = f"{entry.value}\n{text}" if entry.value else text
        current.blocks.append(index)
        return True

    def _close(self) -> None:
        record, self.current = self.current, None
        if record is None:
            return
        known = {e.label for e in record.entries}
        titled = (
            record.heading is not None
            or record.title_line is not None
            or any(
                _field(e) == "title" and e.value and not TABLE_LIKE.search(e.value) for e in record.entries
            )
        )
        # a title label whose value is a table (取組項目 over a schedule of items): the record
        # describes a group of items listed there, not one initiative
        lists_items = any(
            _field(e) == "title" and (not e.value or TABLE_LIKE.search(e.value)) for e in record.entries
        )
        if len(known) >= MIN_LABELS and titled and not lists_items and any(e.value for e in record.entries):
            self.records.append(record)


def read_label_blocks(ctx: Context, tables: list[TableInfo] | None = None) -> Reading:
    """Initiatives written as label blocks."""
    reading = Reading()
    for record in LabelBlockReader(ctx).run():
        reading.initiatives.append(_initiative(ctx, record))
        reading.blocks.update(record.blocks)
        if record.heading is not None:
            reading.blocks.add(record.heading)
    return reading


def _initiative(ctx: Context, record: Record) -> Initiative:
    first, last = ctx.blocks[record.blocks[0]], ctx.blocks[record.blocks[-1]]
    draft = Draft(span_start=first.start_line, span_end=last.end_line, page=first.page, layout="label-block")
    path = list(ctx.tree.paths[record.heading if record.heading is not None else record.blocks[0]])
    if record.heading is not None:
        heading = ctx.tree.headings[record.heading]
        draft.title, draft.id_raw = heading.title, heading.marker
        draft.extend(ctx.blocks[record.heading].start_line)
        path = [s for s in path if s.span.start_line != heading.span.start_line]
    draft.section_path = [s.title for s in path]
    if record.title_line is not None:
        draft.id_raw, draft.title = record.title_line
    for entry in record.entries:
        name = _field(entry)
        if entry.fiscal_year is not None and entry.role:
            apply_year_cell(draft, entry.role, entry.label, entry.fiscal_year, entry.value)
            draft.add_field(f"{entry.fiscal_year}年度 {entry.label}", None, entry.value)
            continue
        value = entry.value
        if name == "title" and (not value or TABLE_LIKE.search(value)):
            draft.add_field(entry.label, None, value)
            continue
        if name == "title":
            marked = parse_marker(value)
            if marked is not None and marked[0] in ("no", "circled", "paren", "dot"):
                draft.id_raw, draft.title = marked[1], marked[3]
            else:
                draft.title = value
        elif name == "id":
            draft.id_raw = value or draft.id_raw
        if name == "departments":
            value = "、".join(line for line in value.split("\n") if line.strip())
        draft.add_field(entry.label, name, value)
    return to_initiative(draft, key="")


LABEL_BLOCKS = Recognizer(
    name="label-block",
    reads="lines",
    read=read_label_blocks,
    description="label lines (所管課 / 住民課, 所管課：住民課, 所 管 課) and their values, one record a run",
)
