"""Initiatives printed as list lines: a marker (No.R2-1, ①, (1), 1., ・, -, ●, 取組項目1:, ア) and a title,
with what the same or the next lines add — a department in brackets, an amount, a status word, a tag.

A run of lines with the same marker style is one list. A list names initiatives when most of its
items carry such a sign (a department, an amount, a status, a 【tag】, a No. id), or when the line
above it says so (改革項目, 取組事項 …: `list_leads` in data/labels.yaml). Lists of definitions,
contacts, a table of contents or count summaries stay prose. A short line or a 〔bracketed〕 line
right above a list is its category and ends the item's section path.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from ..blocks import Block
from ..context import Context
from ..labels import LabelBook, active_labels
from ..models import Initiative, Money
from ..normalize import era, money, vocab
from ..sections import CIRCLED
from ..tables import TableInfo
from .base import Reading, Recognizer
from .common import Draft, apply_year_cell, split_departments, to_initiative

SP = r"[ \u3000]"
#: a list marker at the start of a line (after an optional short prefix for No.)
MARKER = regex.compile(
    r"^" + SP + r"*(?:"
    r"(?P<prefix>[^ \u3000()（）]{1,12}"
    + SP
    + r"+)?(?P<no>[(（]?No[.．]?"
    + SP
    + r"*(?P<noid>[A-Za-z]{0,2}[0-9０-９]{1,4}(?:[-－‐][0-9０-９]{1,3})?)[.．:：]?)"
    r"|(?P<label>取り?組(?:み)?(?:項目)?" + SP + r"*(?P<labelid>[0-9０-９]{1,3})" + SP + r"*[:：.．])"
    r"|(?P<circled>[" + CIRCLED + r"])"
    r"|[(（](?P<paren>[0-9０-９]{1,2})[)）]"
    r"|[(（](?P<pkana>[ｱ-ﾄア-ト])[)）]"
    r"|(?P<dot>[0-9０-９]{1,2})[.．](?![0-9０-９])"
    r"|(?P<bullet>[・\-‐－•●○◯■□◆◇▪▸►*＊])"
    r"|(?P<kana>[アイウエオカキクケコサシスセソタチツテト])(?=" + SP + r"|[.．、])[.．、]?"
    r")" + SP + r"*(?P<rest>\S.*)$"
)
BRACKET = regex.compile(r"[(（【\[［〔]([^()（）【】\[\]［］〔〕]{1,60})[)）】\]］〕]")
DEPARTMENT_LABEL = regex.compile(
    r"^(?:所管部署|担当部署|所管部局|担当部局|所管課|担当課|主管課|所管|担当|主管|部署)[ \u3000]*[:：]?[ \u3000]*"
)
LABEL_IN_BRACKETS = regex.compile(r"^[【\[［〔]([^】\]］〕]{1,8})[】\]］〕]")
#: 令和6年度：検討 — a year and what is planned or done in it, on an item's continuation line
YEAR_WORD = regex.compile(
    r"((?:令和|平成|R|H)[ \u3000]*(?:[0-9０-９]{1,2}|元)[ \u3000]*年度)[ \u3000]*[:：]?[ \u3000]*([^ \u3000、，,]+)"
)


def _build_unit(book: LabelBook) -> regex.Pattern[str]:
    endings = sorted(dict.fromkeys(book.words("department_unit_endings")), key=len, reverse=True)
    return regex.compile(r"(?:" + "|".join(regex.escape(e) for e in endings) + r")$")


def is_unit(text: str) -> bool:
    """Whether a text ends as a unit name does (…課, …室, …センター): data/labels.yaml
    `department_unit_endings`, through the active LabelBook."""
    return active_labels().derived("records.lists.unit", _build_unit).search(text) is not None


DEFINITION = regex.compile(r"^[A-Za-zＡ-Ｚ]{1,2}" + SP + r"*[:：]|^[^:：]{1,12}[:：]" + SP + r"*\S{8,}")
COUNT_LINE = regex.compile(
    r"(?<![0-9０-９])[0-9０-９]+"
    + SP
    + r"*(?:項目|件)|^[SABCDＳＡＢＣＤ]"
    + SP
    + r"*[:：]"
    + SP
    + r"*[0-9０-９]"
)
TOC_LINE = regex.compile(r"(?:…|・・|\.\.\.|‥)|" + SP + r"[0-9０-９]{1,3}" + SP + r"*$|ページ" + SP + r"*$")
BRACKETED = regex.compile(r"^[〔［\[【（(]([^〕］\]】）)]+)[〕］\]】）)]$")
SENTENCE_END = regex.compile(r"[。．]$")
MAX_TITLE = 60
#: at most this many lines after an item are read as its continuation
MAX_CONTINUATION = 4


@dataclass
class Item:
    """One list line read as a candidate initiative."""

    index: int
    style: str
    id_raw: str | None
    prefix: str | None
    title: str
    blocks: list[int]
    departments: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    amounts: list[str] = field(default_factory=list)
    status: str | None = None
    counts_below: bool = False
    #: whether the line is only a link ([ホーム](/))
    link: bool = False
    #: whether a 担当：… line under the item named its departments
    labelled: bool = False
    #: description lines under the item (after its department)
    content: list[str] = field(default_factory=list)
    #: (year as printed, word) pairs of a schedule line under the item
    schedule: list[tuple[str, str]] = field(default_factory=list)
    #: the marker character of a bullet (・, ●, ■ …): lists of different bullets are different lists
    mark: str = ""

    @property
    def signals(self) -> int:
        return sum(
            (
                bool(self.departments),
                bool(self.tags),
                bool(self.amounts),
                self.status is not None,
                self.style in ("no", "label"),
            )
        )


def parse_marker(text: str) -> tuple[str, str | None, str | None, str] | None:
    """(style, id as printed, prefix, rest) of a list line, or None."""
    found = MARKER.match(text)
    if not found:
        return None
    for style in ("no", "label", "circled", "paren", "pkana", "dot", "bullet", "kana"):
        value = found.group(style)
        if value is None:
            continue
        if style == "no":
            id_raw = found.group("noid")
        elif style == "label":
            id_raw = found.group("labelid")
        elif style in ("bullet",):
            id_raw = None
        else:
            id_raw = found.group(style)
        prefix = (found.group("prefix") or "").strip() or None
        rest = found.group("rest").strip()
        if style == "no" and value.startswith(("(", "（")) and rest.endswith((")", "）")):
            rest = rest[:-1]
        return style, id_raw, prefix, rest
    return None


def _label_value(text: str) -> tuple[str, str, str]:
    """(label, ":", value) of `label：value`, or ("", "", text)."""
    found = regex.match(r"^([^:：]{1,12})[:：][ \u3000]*(.*)$", text)
    return (found.group(1).strip(), ":", found.group(2).strip()) if found else ("", "", text)


#: bullet marks from the outermost level in: a deeper mark under an item is its detail line
MARK_LEVELS = ("■□", "◆◇", "●○◯", "・", "-‐－*＊")
DETAIL_LEVEL = 3


def _deeper_mark(outer: str, inner: str) -> bool:
    """Whether a bullet mark is of a deeper level than another (・ under ○, ○ under ◆)."""
    levels = {mark: level for level, marks in enumerate(MARK_LEVELS) for mark in marks}
    # only detail marks (・, -) nest this way; ■ ◆ ○ over one another are levels of sections and items
    return (
        outer in levels
        and inner in levels
        and levels[inner] > levels[outer]
        and levels[inner] >= DETAIL_LEVEL
    )


def labelled_departments(text: str) -> list[str]:
    """The units of a line that says who is responsible: 担当：税務課, 所管課：財政課、各課."""
    text = text.strip()
    bracketed = LABEL_IN_BRACKETS.match(text)  # 【担当課】市民課
    if bracketed and DEPARTMENT_LABEL.fullmatch(bracketed.group(1)):
        rest = text[bracketed.end() :].strip(" \u3000:：")
    else:
        found = DEPARTMENT_LABEL.match(text)
        if not found or not regex.match(r"[^\s\u3000]*(?:[:：]|[ \u3000])", text):
            return []  # 担当：広報課 or 担当　広報課 (then only unit names may follow)
        rest = text[found.end() :].strip()
    units = [unit.unit for unit in split_departments(rest)] if rest else []
    if not units or not all(is_unit(unit) for unit in units):
        return []
    return units


MARKDOWN_LINK = regex.compile(r"\[([^\]]*)\]\([^)]*\)")
EMPHASIS = regex.compile(r"(\*\*|__)(.+?)\1")


def _split_rest(rest: str, item: Item) -> None:
    """Title, then brackets (departments, tags), amounts, a status word and notes from the same line."""
    if MARKDOWN_LINK.fullmatch(rest.strip()):
        item.link = True  # a navigation or download link, not an item
    text = EMPHASIS.sub(r"\2", MARKDOWN_LINK.sub(r"\1", rest))
    for found in list(BRACKET.finditer(text)):
        inner = found.group(1).strip()
        opener = found.group(0)[0]
        labelled = DEPARTMENT_LABEL.match(inner)
        if labelled or is_departments(inner):
            units = [u.unit for u in split_departments(inner[labelled.end() :] if labelled else inner)]
            item.departments.extend(u for u in units if u not in item.departments)
        elif opener in "【〔［[" and len(inner) <= 12:
            item.tags.append(inner)
        else:
            continue
        text = text.replace(found.group(0), " ", 1)
    for amount in money.find_money(text):
        if amount.yen is not None:
            item.amounts.append(amount.raw)
    head, _, tail = _head(text)
    item.title = regex.sub(r"[(（【\[〔]$", "", head).strip()
    for word in regex.split(r"[ \u3000、,，]+", tail):
        word = word.strip()
        if not word:
            continue
        status = vocab.status_of(word)
        if status is not None and status.code != "other" and item.status is None:
            item.status = word
        elif is_departments(word):
            units = [u.unit for u in split_departments(word)]
            item.departments.extend(u for u in units if u not in item.departments)
    if tail.strip():
        item.notes.append(tail.strip())


def _head(text: str) -> tuple[str, str, str]:
    """The title: the text up to the first space that follows at least four characters."""
    text = text.strip()
    found = regex.search(r"(?<=\S{4,})[ \u3000]+", text)
    if not found:
        return text, "", ""
    return text[: found.start()], " ", text[found.end() :]


#: what separates unit names listed in one cell
UNIT_SEPARATORS = regex.compile(r"[、，,・/／\s\u3000]+")


def is_departments(text: str) -> bool:
    """Whether a short text is one or more unit names (…課, …室, …センター)."""
    parts = [p for p in UNIT_SEPARATORS.split(text.strip()) if p]
    return bool(parts) and len(text) <= 40 and all(is_unit(p) and len(p) <= 16 for p in parts)


def _excluded(item: Item, book) -> bool:  # noqa: ANN001 - a LabelBook
    """Lines of a list that are not initiatives: definitions, contacts, TOC lines, sentences, counts."""
    title = item.title
    if item.link or not title or len(title) > MAX_TITLE and not item.signals:
        return True
    if any(title.startswith(word) for word in book.words("list_not_items")):
        return True
    if regex.search(r"[:：]", title) and item.style not in ("no", "label"):
        return True  # a labelled value (効果額：3億円), not an item
    if item.signals == 0 and (DEFINITION.search(title) or TOC_LINE.search(title)):
        return True
    if item.signals == 0 and COUNT_LINE.search(title):
        return True
    return bool(SENTENCE_END.search(title) and item.signals == 0)


class ListReader:
    """Reads the list lines of one document."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.book = ctx.labels
        #: heading index → whether it lies in a run of three or more headings of one style
        self.bodyless: dict[int, bool] = {}

    def candidates(self) -> list[Item]:
        ctx = self.ctx
        items: list[Item] = []
        blocks = ctx.blocks
        index = 0
        while index < len(blocks):
            block = blocks[index]
            parsed = self._parse(index, block)
            if parsed is None:
                index += 1
                continue
            style, id_raw, prefix, rest = parsed
            item = Item(index=index, style=style, id_raw=id_raw, prefix=prefix, title="", blocks=[index])
            if style == "bullet":
                item.mark = block.text.strip()[:1]
            _split_rest(rest, item)
            follower = index + 1
            while follower < len(blocks) and follower - index <= MAX_CONTINUATION:
                below = blocks[follower]
                below_marker = parse_marker(below.text) if below.kind == "text" else None
                nested = (
                    style == "bullet"
                    and below_marker is not None
                    and (below.indent > block.indent or _deeper_mark(item.mark, below.text.strip()[:1]))
                )
                if nested and follower not in ctx.consumed:
                    # a sub-bullet under the item (  - 進捗：完了): part of the item, not an item
                    self._nested(below.text, item)
                    item.blocks.append(follower)
                    follower += 1
                    continue
                if (
                    below.kind != "text"
                    or follower in ctx.consumed
                    or self._parse(follower, below) is not None
                    or follower in ctx.tree.headings
                ):
                    break
                text = below.text.strip()
                if COUNT_LINE.search(text) and len(text) <= 40 and "。" not in text:
                    item.counts_below = True  # 合計10項目, S:0、A:4: a category's counts, not an item's
                    break
                if not self._adds_to(text, item):
                    # a description under a title and its 担当 line: the item's own content
                    described = item.labelled and len(item.content) < 2 and not BRACKETED.match(text)
                    if not described or parse_marker(text) is not None:
                        break
                    item.content.append(text)  # the item's description under its title and department
                item.blocks.append(follower)
                follower += 1
            items.append(item)
            index = follower
        return items

    def _parse(self, index: int, block: Block) -> tuple[str, str | None, str | None, str] | None:
        tree = self.ctx.tree
        if block.kind != "text" or index in self.ctx.consumed or index in tree.toc_blocks:
            return None
        parsed = parse_marker(block.text)
        if parsed is not None and index in tree.headings and not self._bodyless(index):
            probe = Item(index=index, style=parsed[0], id_raw=None, prefix=None, title="", blocks=[])
            _split_rest(parsed[3], probe)
            below = self.ctx.blocks[index + 1] if index + 1 < len(self.ctx.blocks) else None
            named_below = (
                below is not None and below.kind == "text" and bool(labelled_departments(below.text))
            )
            if not (probe.departments or probe.status or named_below):
                return None  # a heading, not a list line that names a department or a status
        return parsed

    def _bodyless(self, index: int) -> bool:
        """A heading in a run of at least three headings of its style with nothing between them: the
        lines of a list that the section stage took for headings (each run measured once)."""
        known = self.bodyless.get(index)
        if known is not None:
            return known
        headings = self.ctx.tree.headings
        style = headings[index].style
        start = end = index
        while start - 1 in headings and headings[start - 1].style == style:
            start -= 1
        while end + 1 in headings and headings[end + 1].style == style:
            end += 1
        answer = end - start + 1 >= 3
        self.bodyless.update(dict.fromkeys(range(start, end + 1), answer))
        return answer

    def _nested(self, text: str, item: Item) -> None:
        """A sub-bullet's content: a labelled status, department or amount, else a note."""
        parsed = parse_marker(text)
        rest = parsed[3] if parsed is not None else text
        label, _, value = _label_value(rest)
        name = self.book.field_of(label) if label else None
        role = self.book.year_role_of(label) if label else None
        status = vocab.status_of(value) if value else None
        if (name == "status" or role == "status") and status is not None and status.code != "other":
            item.status = value
        elif labelled_departments(rest):
            item.departments.extend(d for d in labelled_departments(rest) if d not in item.departments)
        elif any(m.yen is not None for m in money.find_money(rest)):
            item.amounts.extend(m.raw for m in money.find_money(rest) if m.yen is not None)
            item.notes.append(rest)
        else:
            item.notes.append(rest)

    def _adds_to(self, text: str, item: Item) -> bool:
        """A continuation line: a bracketed department, an amount, a status or a short note."""
        labelled = labelled_departments(text)
        if labelled:
            item.departments.extend(d for d in labelled if d not in item.departments)
            item.labelled = True
            return True
        schedule = YEAR_WORD.findall(text)
        if len(schedule) >= 2:
            item.schedule.extend(schedule)  # スケジュール 令和6年度：検討 令和7年度：準備 …
            return True
        if COUNT_LINE.search(text) or len(regex.findall(r"[:：]", text)) >= 2:
            return False  # a legend (◎：完了 ○：順調) or a count summary, not the item's own signs
        probe = Item(index=-1, style="", id_raw=None, prefix=None, title="", blocks=[])
        _split_rest(text, probe)
        gained = probe.departments or probe.amounts or probe.status
        if probe.departments and not probe.title:
            item.departments.extend(d for d in probe.departments if d not in item.departments)
            return True
        if gained and len(text) <= 80 and not SENTENCE_END.search(text):
            item.departments.extend(d for d in probe.departments if d not in item.departments)
            item.amounts.extend(probe.amounts)
            item.status = item.status or probe.status
            item.notes.append(text)
            return True
        return False

    def lists(self, items: list[Item]) -> list[list[Item]]:
        """Runs of items with one marker style and no other text line between them."""
        runs: list[list[Item]] = []
        for item in items:
            previous = runs[-1][-1] if runs else None
            if (
                previous is not None
                and previous.style == item.style
                and previous.mark == item.mark
                and self._only_blank_between(previous.blocks[-1], item.index)
            ):
                runs[-1].append(item)
            else:
                runs.append([item])
        return runs

    def _only_blank_between(self, last: int, first: int) -> bool:
        return all(self.ctx.blocks[i].kind == "text" and self._is_note(i) for i in range(last + 1, first))

    def _is_note(self, index: int) -> bool:
        text = self.ctx.blocks[index].text.strip()
        return text.startswith("※")

    def lead(self, first: int) -> tuple[str | None, list[int]]:
        """The line(s) above a list: a category (short line or 〔bracketed〕) and the blocks it is on."""
        ctx = self.ctx
        lines: list[str] = []
        used: list[int] = []
        index = first - 1
        while index >= 0 and len(lines) < 2 and first - index <= 4:
            block = ctx.blocks[index]
            if block.kind != "text" or index in ctx.consumed or index in ctx.tree.headings:
                break
            text = block.text.strip()
            if text.startswith("※"):
                index -= 1
                continue
            if parse_marker(text) is not None or len(text) > 40 or regex.search(r"\S[ \u3000]+\S", text):
                break
            if SENTENCE_END.search(text) and not text.startswith(("(", "（")):
                break
            lines.insert(0, text)
            used.insert(0, index)
            if not text.startswith(("(", "（")):
                break
            index -= 1
        return ("".join(lines) or None), used

    def names_initiatives(self, run: list[Item], lead: str | None, above: str) -> bool:
        """Whether a list's items are initiatives."""
        good = [item for item in run if not _excluded(item, self.book)]
        if not good or len(good) < len(run) / 2:
            return False
        if len(run) == 1 and not run[0].signals:
            return False  # one line with a marker and nothing else: a heading-like line, not a list
        if sum(1 for item in run if item.counts_below) >= len(run) / 2:
            return False
        context = f"{lead or ''} {above}"
        if any(word in context for word in self.book.words("list_not_leads")):
            return any(item.signals for item in good) and sum(i.signals > 0 for i in good) >= len(good) / 2
        if sum(1 for item in good if item.signals) >= max(1, len(good) / 2):
            return True
        return any(word in context for word in self.book.words("list_leads"))

    def above(self, first: int) -> str:
        """The text of the three lines above a list (for its lead words)."""
        out = []
        for index in range(max(0, first - 3), first):
            block = self.ctx.blocks[index]
            if block.kind == "text":
                out.append(block.text)
        return " ".join(out)


def read_lists(ctx: Context, tables: list[TableInfo] | None = None) -> Reading:
    """Initiatives of the lists that name them."""
    reader = ListReader(ctx)
    reading = Reading()
    accepted: list[tuple[Item, str | None]] = []
    for run in reader.lists(reader.candidates()):
        first = run[0].index
        category, category_blocks = reader.lead(first)
        lead_text = (
            category if category and not any(w in category for w in ctx.labels.words("list_leads")) else None
        )
        if lead_text and lead_text.startswith(("(", "（")):
            lead_text = None  # a note in brackets (（令和5年度追加）), not a category
        if lead_text:
            lead_text = BRACKETED.sub(r"\1", lead_text)
        if _amounts_only(run) and not any(w in reader.above(first) for w in ctx.labels.words("list_leads")):
            reading.amounts.extend(_amounts(item) for item in run)  # 効果額合計 3億円 / うち増収額 …
            reading.blocks.update(b for item in run for b in item.blocks)
            continue
        if not reader.names_initiatives(run, category, reader.above(first)):
            continue
        accepted.extend((item, lead_text) for item in run if not _excluded(item, ctx.labels))
        reading.blocks.update(category_blocks)
    item_headings = {item.index for item, _ in accepted if item.index in ctx.tree.headings}
    path_of = _SectionPaths(ctx, item_headings)
    for item, lead_text in accepted:
        reading.initiatives.append(_initiative(ctx, item, lead_text, path_of(item.index)))
        reading.blocks.update(item.blocks)
    return reading


def _amounts_only(run: list[Item]) -> bool:
    """A list whose items are labelled amounts and nothing else (a breakdown of 効果額)."""
    return all(
        item.amounts and not item.departments and item.status is None and not item.tags for item in run
    )


def _amounts(item: Item) -> Money:
    amount = money.find_money(" ".join(item.amounts))[0]
    amount.label = item.title.replace(amount.raw, "").strip(" \u3000:：") or item.title
    return amount


class _SectionPaths:
    """The section path of a list item: that of the nearest heading above it that is not itself an
    item of a list (list lines the section stage took for headings are not sections). Built once per
    document, so that each item costs a binary search, not a walk up the document."""

    def __init__(self, ctx: Context, item_headings: set[int]) -> None:
        self.tree = ctx.tree
        self.lines = {(ctx.blocks[i].page, ctx.blocks[i].start_line) for i in item_headings}
        self.sections = sorted(i for i in ctx.tree.headings if i not in item_headings)

    def __call__(self, index: int) -> list[str]:
        position = bisect.bisect_left(self.sections, index)
        if position == 0:
            return []
        parent = self.sections[position - 1]
        return [
            s.title for s in self.tree.paths[parent] if (s.span.page, s.span.start_line) not in self.lines
        ]


def _initiative(ctx: Context, item: Item, category: str | None, path: list[str]) -> Initiative:
    block = ctx.blocks[item.index]
    last = ctx.blocks[item.blocks[-1]]
    draft = Draft(span_start=block.start_line, span_end=last.end_line, page=block.page, layout="list")
    draft.title = item.title
    draft.id_raw = item.id_raw if item.style != "bullet" else None
    draft.section_path = list(path)
    if category:
        draft.section_path.append(category)
        draft.add_field("区分", "category", category)
    if item.prefix:
        draft.add_field("区分", None, item.prefix)
    if item.departments:
        draft.add_field("担当課", "departments", "、".join(item.departments))
    for tag in item.tags:
        draft.add_field("区分", None, f"【{tag}】")
    for raw in item.amounts:
        draft.add_field("金額", "money", raw)
    if item.status:
        draft.add_field("状況", "status", item.status)
    for year, word in item.schedule:
        fiscal_year = era.fiscal_year(year)
        if fiscal_year is None:
            continue
        status = vocab.status_of(word)
        role = "status" if status is not None and status.code != "other" else "plan"
        apply_year_cell(draft, role, year, fiscal_year, word)
        draft.add_field(year, None, word)
    for note in item.notes:
        draft.add_field("備考", None, note)
    for text in item.content:
        draft.add_field("内容", "content", text)
    return to_initiative(draft, key="")


LISTS = Recognizer(
    name="list",
    reads="lines",
    read=read_lists,
    description="list lines: No.R2-1 / ① / (1) / 1. / ・ / ● / 取組項目1: + title, (所管課：…), amounts, status",
)
