"""What every record recognizer shares: a draft record and its conversion to an Initiative."""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..labels import LabelBook, active_labels, per_book
from ..models import (
    Committee,
    Department,
    Group,
    Initiative,
    Kpi,
    LabelledText,
    Money,
    Quantity,
    Span,
    Status,
    YearEntry,
)
from ..normalize import era, money, numbers, quantity, vocab
from ..normalize.text import fold_width
from ..sections import CIRCLED, marker_number
from .kpis import kpis_of

#: contract text fields filled from the labels that map to them
TEXT_FIELDS = ("background", "content", "goal", "effect", "result", "next_steps")

UNIT_SPLIT = regex.compile(r"[、，,・/／\s\u3000]+")
#: a name starts where a word does (a start inside a long word would fail the same way: linear)
BUREAU_GROUP = regex.compile(r"(?<![^\s\u3000、，,（()）])([^\s\u3000、，,（()）]+?)[（(]([^（）()]*)[）)]")
SHORT_BUREAU = regex.compile(r"^[（(]([^（）()]{1,3})[）)]")


@dataclass
class Draft:
    """A record being read: labelled values as printed, then per-year cells."""

    span_start: int
    span_end: int
    page: int | None = None
    fields: list[tuple[str, str | None, str]] = field(default_factory=list)
    years: dict[int, YearEntry] = field(default_factory=dict)
    year_values_raw: dict[int, list[str]] = field(default_factory=dict)
    title: str | None = None
    id_raw: str | None = None
    section_path: list[str] = field(default_factory=list)
    layout: str = ""
    unit: str | None = None
    scores: dict[str, float] = field(default_factory=dict)
    themes: list[str] = field(default_factory=list)
    group_ref: str | None = None
    group_title: str | None = None
    misaligned: str | None = None

    def add_field(self, label: str, name: str | None, text: str) -> None:
        self.fields.append((label, name, text))

    def extend(self, line: int, page: int | None = None) -> None:
        """Widen the span to a line (a line on a later page of a PDF leaves the span as it is)."""
        if page is not None and self.page is not None and page != self.page:
            return
        self.span_start = min(self.span_start, line)
        self.span_end = max(self.span_end, line)

    def has(self, name: str) -> bool:
        return any(existing == name for _, existing, _ in self.fields)

    def texts(self, name: str) -> list[str]:
        return [text for _, existing, text in self.fields if existing == name and text]

    def first(self, name: str, parse):  # noqa: ANN001, ANN201 - parse: str -> value or None
        """The first value that `parse` reads from the texts of a field."""
        for text in self.texts(name):
            value = parse(text)
            if value:
                return value
        return None

    def year(self, fiscal_year: int) -> YearEntry:
        entry = self.years.get(fiscal_year)
        if entry is None:
            entry = self.years[fiscal_year] = YearEntry(fiscal_year=fiscal_year)
        return entry


#: ids as printed: No.3, (２), R1-2 / N3 / 1-3, (イ)
NO_NUMBER = regex.compile(r"(?:No|NO|no)\.?\s*([0-9]+)")
BRACKETED_NUMBER = regex.compile(r"[(（]?\s*([0-9]+)\s*[)）]?")
CODED_ID = regex.compile(r"[A-Za-z]{1,3}-?[0-9]+(?:-[0-9]+)*|[0-9]{1,3}(?:-[0-9]{1,3})+")
KANA_ID = regex.compile(r"[(（]?\p{Katakana}[)）]?")
#: a department cell's tokens and the separator after each; a token in brackets
UNIT_TOKENS = regex.compile(r"([^、，,/／\s\u3000・]+)([、，,/／\s\u3000・]*)")
BRACKETED = regex.compile(r"[（(](.*)[）)]")


def ascii_id(raw: str | None) -> str | None:
    """An id as printed with digits in ASCII: ① → 1, No.3 → 3, N1 stays N1, (２) → 2."""
    if raw is None:
        return None
    text = fold_width(raw.strip()).strip()
    if not text:
        return None
    if len(text) == 1 and text in CIRCLED:
        return str(CIRCLED.index(text) + 1)
    found = NO_NUMBER.fullmatch(text) or BRACKETED_NUMBER.fullmatch(text)
    if found:
        return found.group(1).lstrip("0") or "0"  # str(int()) without its 4,300-digit limit
    if CODED_ID.fullmatch(text):
        return text  # R1-2, N3, 1-3: kept as printed
    if KANA_ID.fullmatch(text):
        return text.strip("()（）")  # ア, (イ): a letter of the kana order, kept as printed
    number = marker_number(text)
    return number if number and number != text else text


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(dict.fromkeys(words), key=len, reverse=True))


@dataclass
class _DepartmentWords:
    """One book's department words (data/labels.yaml: department_unit_endings, department_bureau_endings,
    department_section_endings, department_all_prefixes), compiled."""

    unit_suffix: regex.Pattern[str]
    bureau_name: regex.Pattern[str]
    section_name: regex.Pattern[str]
    bureau_and_unit: regex.Pattern[str]
    all_prefixes: tuple[str, ...]


def _build_department_words(book: LabelBook) -> _DepartmentWords:
    bureaus = _alternation(book.words("department_bureau_endings"))
    sections = _alternation(book.words("department_section_endings"))
    return _DepartmentWords(
        unit_suffix=regex.compile(r"(?:" + _alternation(book.words("department_unit_endings")) + r")$"),
        bureau_name=regex.compile(r"\p{Han}{1,8}(?:" + bureaus + r")"),
        section_name=regex.compile(r"(?:" + sections + r")$"),
        bureau_and_unit=regex.compile(
            r"^(\p{Han}{1,8}?(?:" + bureaus + r"))(\p{Han}{1,10}(?:" + sections + r"))$"
        ),
        all_prefixes=tuple(book.words("department_all_prefixes")),
    )


def _departments() -> _DepartmentWords:
    return active_labels().derived("records.departments", _build_department_words)


#: how many last characters of a name can hold a unit ending (センター, 事務局, 委員会 …)
UNIT_SUFFIX_WINDOW = 40


def _split_units(text: str) -> list[str]:
    """Split on 、 ・ and spaces, but only after a complete unit name: 契約検査課・財政課 is two units,
    協働・男女平等参画室 one, and 「教育 総務課」 (a space where the cell wrapped) is 教育総務課.
    A note in brackets that names no unit, such as (とりまとめ), is left out (it stays in `fields`)."""
    unit_suffix = _departments().unit_suffix
    out: list[str] = []
    current = ""
    for token, separator in UNIT_TOKENS.findall(text):
        token = token.strip()
        bracketed = BRACKETED.fullmatch(token)
        if bracketed:
            inner = bracketed.group(1).strip()
            if len(inner) <= 3 and not unit_suffix.search(inner):
                current += token  # (政) 政策推進課: a bureau mark for the unit that follows
                continue
            if not unit_suffix.search(inner):
                continue  # a note, not a unit
            token = inner
        current += token
        # the suffix pattern ends at $: the last characters decide (a long run stays linear)
        if unit_suffix.search(current[-UNIT_SUFFIX_WINDOW:]) or regex.search(r"[、，,/／]", separator):
            out.append(current)
            current = ""
        elif "・" in separator:
            current += "・"
    if current:
        out.append(current.rstrip("・"))
    return out


def split_departments(text: str) -> list[Department]:
    """Responsible units, one a string: 総務部（総務課、管財課） → 総務課, 管財課 (bureau 総務部);
    (政)政策推進課 → 政策推進課 (bureau 政). Worked out once per label book and text (department
    cells repeat), each call given its own Department objects."""
    return [Department(unit=unit, bureau=bureau) for unit, bureau in _department_pairs(text)]


@per_book("common.departments")
def _department_pairs(text: str) -> tuple[tuple[str, str | None], ...]:
    return tuple((unit.unit, unit.bureau) for unit in _split_departments(text))


def _split_departments(text: str) -> list[Department]:
    words = _departments()
    units: list[Department] = []
    text = text.replace("\n", " ")
    position = 0
    rest: list[str] = []
    for found in BUREAU_GROUP.finditer(text):
        rest.append(text[position : found.start()])
        position = found.end()
        bureau, inner = found.group(1), found.group(2)
        for unit in _split_units(inner):
            if unit:
                units.append(Department(unit=unit, bureau=bureau))
    rest.append(text[position:])
    bureau = None
    pending_bureau: str | None = None  # 「上下水道局 経営企画課」: a bureau printed before its unit
    for piece in _split_units(" ".join(rest)):
        piece = piece.strip()
        if not piece:
            continue
        short = SHORT_BUREAU.match(piece)
        if short:
            bureau = short.group(1)
            piece = piece[short.end() :]
            if not piece:
                continue
        joined = words.bureau_and_unit.match(piece)
        if joined and not short:
            units.append(Department(unit=joined.group(2), bureau=joined.group(1)))
            pending_bureau = None
            continue
        if pending_bureau is not None:
            if words.section_name.search(piece):
                units.pop()
                units.append(Department(unit=piece, bureau=pending_bureau))
                pending_bureau = None
                continue
            pending_bureau = None
        units.append(Department(unit=piece, bureau=bureau))
        if words.bureau_name.fullmatch(piece) and not short and not piece.startswith(words.all_prefixes):
            pending_bureau = piece
    # keep the printed order: units found inside bureau groups and loose ones in text order
    order = {
        unit.unit: text.find(unit.unit) if unit.unit in text else text.find(unit.unit[:2]) for unit in units
    }
    units.sort(key=lambda u: order.get(u.unit, 0))
    seen: set[tuple[str, str | None]] = set()
    unique = []
    for unit in units:
        if (unit.unit, unit.bureau) not in seen:
            seen.add((unit.unit, unit.bureau))
            unique.append(unit)
    return unique


def year_money(text: str, unit: str | None, fiscal_year: int | None, label: str) -> list[Money]:
    """Money in a per-year cell: a bare number takes the table's unit."""
    found = money.find_money(text, default_unit=None)
    if not found and unit:
        yen = money.parse_yen(text, default_unit=unit)
        if yen is not None:
            found = [Money(raw=text.strip(), yen=yen)]
    for item in found:
        item.label = label
        item.fiscal_year = fiscal_year
    return found


def apply_year_cell(draft: Draft, role: str, label: str, fiscal_year: int, text: str) -> None:
    """Put one per-year cell where it belongs in the year entry."""
    text = text.strip()
    if not text:
        return
    entry = draft.year(fiscal_year)
    if role == "plan":
        entry.plan = _join(entry.plan, text)
        entry.phase = vocab.phase_of(text)
        status = vocab.status_of(text)
        if entry.status is None and status is not None and status.code not in ("other", "completed"):
            entry.status = status  # 「売却候補地の選定 工程どおり」: a plan cell with its status
    elif role == "actual":
        entry.actual = _join(entry.actual, text)
    elif role == "status":
        status = vocab.status_of(text)
        if status is not None and status.code == "other" and vocab.is_phase_text(text):
            # a plan document's 進捗状況 row holds the planned phase (検討, 実施)
            entry.plan = _join(entry.plan, text)
            entry.phase = vocab.phase_of(text)
        else:
            entry.status = status
    elif role == "reason":
        entry.reason = _join(entry.reason, text)
    elif role == "target":
        entry.target = _join(entry.target, text)
    elif role == "values":
        found = quantity.find_quantities(text)
        entry.values.extend(found or [Quantity(raw=text)])
        draft.year_values_raw.setdefault(fiscal_year, []).append(text)
    elif role == "money":
        entry.money.extend(year_money(text, draft.unit, fiscal_year, label))
        if not entry.money:
            entry.other[label] = _join(entry.other.get(label), text) or text
    elif role == "grade":
        grade = vocab.grade_of(text)
        if grade:
            entry.grade = grade
        else:
            entry.other[label] = _join(entry.other.get(label), text) or text
    else:
        entry.other[label] = _join(entry.other.get(label), text) or text


def _join(old: str | None, new: str) -> str | None:
    if not new:
        return old
    return f"{old}\n{new}" if old else new


def _kpi(draft: Draft) -> list[Kpi]:
    baselines = draft.texts("kpi_baseline")
    targets = draft.texts("kpi_target")
    if not baselines and not targets and not draft.year_values_raw:
        return [kpi for text in draft.texts("goal") for kpi in kpis_from_goal(text)]
    return kpis_of(baselines, targets, draft.year_values_raw)


INDICATOR_SPLIT = regex.compile(r"(?:^|[\s\u3000])(?=[○◯●◆■・①②③④⑤⑥⑦⑧⑨⑩])")
#: 令和2年度：14施設 — a year, a colon and its value, up to the next year or a bracket
YEAR_VALUE = regex.compile(
    r"(" + era.YEAR_WITH_UNIT_TEXT + r")[ \u3000]*[：:][ \u3000]*"
    r"(.{1,60}?)(?=" + era.YEAR_WITH_UNIT_TEXT + r"[ \u3000]*[：:]|[(（/／]|$)"
)
#: an indicator's name that ends with its year (…件数 令和2年度)
NAME_AND_YEAR = regex.compile(r"^(.*?)[ \u3000]*(" + era.YEAR_WITH_UNIT_TEXT + r")$")


def kpis_from_goal(text: str) -> list[Kpi]:
    """Indicators printed as 「○name：target/取組期間 (基準)平成30年：7,063人 令和2年度：14施設」."""
    out: list[Kpi] = []
    for part in INDICATOR_SPLIT.split(text):
        part = part.strip().lstrip("○◯●◆■・①②③④⑤⑥⑦⑧⑨⑩").strip()
        if "：" not in part and ":" not in part:
            continue
        name, rest = regex.split(r"[：:]", part, maxsplit=1)
        yearly_only = NAME_AND_YEAR.match(name)
        if yearly_only:
            name, rest = yearly_only.group(1), f"{yearly_only.group(2)}：{rest}"
            quantities = []
        else:
            quantities = quantity.find_quantities(
                rest.split("(基準)")[0].split("（基準）")[0].split("(参考)")[0]
            )
        if not name.strip() or len(name) > 60 or (not quantities and not YEAR_VALUE.search(rest)):
            continue
        baseline = None
        base = regex.search(r"[(（](?:基準|参考)[)）](.*)", rest)
        if base:
            found = quantity.find_quantities(base.group(1))
            baseline = found[0] if found else None
        yearly: dict[int, Quantity] = {}
        for year_text, value_text in YEAR_VALUE.findall(rest):
            fiscal_year = era.fiscal_year(year_text)
            found = quantity.find_quantities(value_text)
            if fiscal_year and found and not (base and base.start() < rest.find(year_text)):
                yearly.setdefault(fiscal_year, found[0])
        if not quantities and not yearly:
            continue
        target = quantities[0] if quantities else None
        out.append(Kpi(name=name.strip(), baseline=baseline, target=target, yearly=yearly, raw=part))
    return out


def to_initiative(draft: Draft, key: str) -> Initiative:
    """Turn a draft into the contract's Initiative."""
    by_name: dict[str | None, list[str]] = {}
    for _, name, text in draft.fields:
        if text:
            by_name.setdefault(name, []).append(text)
    texts = {name: "\n".join(by_name.get(name, ())) or None for name in TEXT_FIELDS}
    departments = [unit for text in draft.texts("departments") for unit in split_departments(text)]
    related = [unit.unit for text in draft.texts("related_departments") for unit in split_departments(text)]
    years = [draft.years[fy] for fy in sorted(draft.years)]
    status = None
    for entry in reversed(years):
        if entry.status is not None:
            status = entry.status
            break
    if status is None:
        for text in draft.texts("ended"):
            status = _ended_status(text)
    if status is None:
        status = draft.first("status", vocab.status_of)
    grade = draft.first("grade", vocab.grade_of)
    period = draft.first("period", era.parse_period)
    amounts: list[Money] = []
    for label, name, text in draft.fields:
        if name == "money":
            for item in money.find_money(text, default_unit=draft.unit) or []:
                item.label = label
                amounts.append(item)
        elif name in TEXT_FIELDS:
            # money printed in the record's text (総括: 「…287億円であり、…29億円…」): every amount with its
            # unit, labelled by the field it was printed in
            for item in money.find_money(text, default_unit=None) or []:
                if item.yen is not None:
                    item.label = label
                    amounts.append(item)
    for entry in years:
        amounts.extend(entry.money)
    return Initiative(
        key=key,
        id=ascii_id(draft.id_raw),
        id_raw=draft.id_raw,
        title=draft.title or "",
        section_path=list(draft.section_path),
        departments=_unique([unit.unit for unit in departments]),
        department_details=departments,
        related_departments=_unique(related),
        period=period,
        fields=[LabelledText(label=label, text=text) for label, _, text in draft.fields],
        years=years,
        status=status,
        grade=grade,
        scores=dict(draft.scores),
        themes=list(draft.themes),
        group_id=ascii_id(draft.group_ref),
        kpis=_kpi(draft),
        money=amounts,
        layout=draft.layout,
        span=Span(start_line=draft.span_start, end_line=draft.span_end, page=draft.page),
        **texts,
    )


def _ended_status(text: str) -> Status:
    """The status an `ended` field gives (取組終了 令和3年度 → completed): the first word of
    data/vocab.yaml `ended_status_words` and the status that word means."""
    word = active_labels().words("ended_status_words")[0]
    meaning = vocab.status_of(word)
    return Status(raw=f"{word} {text}", code=meaning.code if meaning else "other")


def to_group(draft: Draft, key: str) -> Group:
    """Turn a draft read from a table of 取組項目 into a Group."""
    grade = draft.first("grade", vocab.grade_of)
    scores = (numbers.find_number(text) for text in draft.texts("committee_score"))
    number = next((score for score in scores if score is not None), None)
    committee = Committee(score=number) if number is not None else None
    return Group(
        key=key,
        id=ascii_id(draft.id_raw),
        id_raw=draft.id_raw,
        title=draft.title or "",
        section_path=list(draft.section_path),
        grade=grade,
        committee=committee,
        scores=dict(draft.scores),
        themes=list(draft.themes),
        fields=[LabelledText(label=label, text=text) for label, _, text in draft.fields],
        span=Span(start_line=draft.span_start, end_line=draft.span_end, page=draft.page),
    )


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
