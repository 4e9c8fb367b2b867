"""和暦 and 年度: era years, fiscal years (April to March), dates and periods."""

from __future__ import annotations

import calendar
from datetime import date
from functools import lru_cache

import regex

from ..models import Period
from .text import fold_variants, fold_width

ERA_OFFSETS = {"令和": 2018, "平成": 1988, "昭和": 1925, "R": 2018, "H": 1988, "S": 1925}
ERA = r"(令和|平成|昭和|R|H|S)"
YEAR_NUMBER = r"([0-9]{1,2}|元)"
SP = r"[ \u3000]*"

# The one era-year token as printed in a cell or a line (before any folding), for every caller:
# 令和2年度, 令和元年, R 3, Ｒ３年度, H30年度末, 平成31年度. Its pieces compose the callers' longer patterns
# (YEAR_TOKEN_TEXT and YEAR_WITH_UNIT_TEXT have no groups); YEAR_TOKEN names its parts: era, number,
# unit (年度 or 年), end (末).
#: an era name; a letter (R, Ｒ) only where no other Latin letter comes right before it (PR3 is no year)
ERA_NAME = r"(?:令和|平成|昭和|(?<![A-Za-zＡ-Ｚａ-ｚ])[RHSＲＨＳ])"
#: the year of an era: one or two digits (ASCII or full width) or 元
ERA_NUMBER = r"(?:[0-9０-９]{1,2}(?![0-9０-９])|元)"
YEAR_TOKEN_TEXT = ERA_NAME + SP + ERA_NUMBER + r"(?:" + SP + r"(?:年度|年))?(?:" + SP + r"末)?"
#: the same token with its unit required (令和2年度, 平成29年; not R2): years in running text
YEAR_WITH_UNIT_TEXT = ERA_NAME + SP + ERA_NUMBER + SP + r"(?:年度|年)(?:" + SP + r"末)?"
YEAR_TOKEN = regex.compile(
    r"(?P<era>" + ERA_NAME + r")" + SP + r"(?P<number>" + ERA_NUMBER + r")"
    r"(?:" + SP + r"(?P<unit>年度|年))?(?:" + SP + r"(?P<end>末))?"
)
#: a Gregorian year with its unit (2021年度, 2021年)
GREGORIAN_TOKEN_TEXT = r"(?:19|20)[0-9]{2}" + SP + r"年度?"
#: a note in brackets after a year (令和2年度（見込）, 令和7年（2025年）)
YEAR_NOTE = r"(?:[（(][^）)]*[）)])"
YEAR_CELL = regex.compile(
    r"^" + YEAR_TOKEN_TEXT + YEAR_NOTE + r"?$|^" + GREGORIAN_TOKEN_TEXT + r"$|^[（(]?(?:19|20)[0-9]{2}[）)]?$"
)
#: era and Gregorian year tokens inside a header (R3取組状況, 令和3年度の実績, 2021年度)
YEARS_IN_TEXT = regex.compile(YEAR_TOKEN_TEXT + r"(?:の)?|" + GREGORIAN_TOKEN_TEXT)
#: an era name right at the end of a text (a number after it is a year, not a quantity)
ERA_AT_END = regex.compile(ERA + r"[ ]?$")

ERA_YEAR = regex.compile(ERA + SP + YEAR_NUMBER + r"(?![0-9])" + SP + r"(年度|年)?")
GREGORIAN_YEAR = regex.compile(r"(?<![0-9])((?:19|20)[0-9]{2})" + SP + r"(年度|年)")
DAY_PART = r"(?:月|[.．/-](?=[0-9]))?" + SP + r"(?:([0-9]{1,2})" + SP + r"日?)?" + SP + r"(末)?"
ERA_DATE = regex.compile(
    ERA
    + SP
    + YEAR_NUMBER
    + SP
    + r"(?:年|[.．/])"
    + SP
    + r"([0-9]{1,2})(?![0-9])(?="
    + SP
    + r"(?:月|[.．/]|末))"
    + SP
    + DAY_PART
)
GREGORIAN_DATE = regex.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})"
    + SP
    + r"(?:年|[.．/-])"
    + SP
    + r"([0-9]{1,2})(?![0-9])(?="
    + SP
    + r"(?:月|[.．/-]|末))"
    + SP
    + DAY_PART
)
RANGE_SEPARATOR = regex.compile(r"～|から")


@lru_cache(maxsize=65536)
def is_year(text: str) -> bool:
    """The text is one era year and nothing else: R3, 令和3年度, Ｈ30年度末."""
    return bool(text) and YEAR_TOKEN.fullmatch(text.strip()) is not None


@lru_cache(maxsize=65536)
def is_year_cell(text: str) -> bool:
    """A schedule header cell that names one fiscal year: an era year (with a note in brackets:
    令和2年度（見込）), 2021年度 or a bare 2021."""
    return bool(text) and YEAR_CELL.match(text.strip()) is not None


def year_tokens(text: str) -> list[regex.Match[str]]:
    """The era-year tokens of a text, in order (their `unit` group tells 年度 from 年)."""
    return list(YEAR_TOKEN.finditer(text or ""))


def strip_years(text: str, replacement: str = " ") -> str:
    """What a header says besides its years: R3取組状況 → ` 取組状況`, 令和3年度の実績 → ` 実績`."""
    return YEARS_IN_TEXT.sub(replacement, text or "")


def ends_with_era(text: str) -> bool:
    """An era name ends the text (令和, R, H after width folding): a number after it is a year."""
    return ERA_AT_END.search(text or "") is not None


def _prepare(text: str) -> str:
    return fold_variants(fold_width(text or ""))


def era_year(era: str, number: str) -> int:
    """Gregorian year of an era year (元 = 1)."""
    return ERA_OFFSETS[era] + (1 if number == "元" else int(number))


def _fy_of_month(year: int, month: int) -> int:
    return year - 1 if 1 <= month <= 3 else year


def fiscal_years(text: str) -> list[int]:
    """Every fiscal year mentioned, in order (令和2年度 → 2020; a date in Jan-Mar → the year before)."""
    return list(_fiscal_years(text or ""))


@lru_cache(maxsize=65536)
def _fiscal_years(text: str) -> tuple[int, ...]:
    """fiscal_years, cached (cells and headers repeat)."""
    text = _prepare(text)
    found: list[tuple[int, int]] = []
    taken: list[tuple[int, int]] = []
    for match in ERA_DATE.finditer(text):
        month = int(match.group(3))
        if 1 <= month <= 12:
            found.append((match.start(), _fy_of_month(era_year(match.group(1), match.group(2)), month)))
            taken.append(match.span())
    for match in GREGORIAN_DATE.finditer(text):
        month = int(match.group(2))
        if 1 <= month <= 12 and not any(s <= match.start() < e for s, e in taken):
            found.append((match.start(), _fy_of_month(int(match.group(1)), month)))
            taken.append(match.span())
    for match in ERA_YEAR.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        letter = match.group(1)
        if len(letter) == 1:
            before = text[match.start() - 1] if match.start() else ""
            if before.isascii() and before.isalpha():
                continue
        found.append((match.start(), era_year(letter, match.group(2))))
        taken.append(match.span())
    for match in GREGORIAN_YEAR.finditer(text):
        if not any(s <= match.start() < e for s, e in taken):
            found.append((match.start(), int(match.group(1))))
    return tuple(year for _, year in sorted(found))


def fiscal_year(text: str) -> int | None:
    """The first fiscal year in the text, or None."""
    years = fiscal_years(text)
    return years[0] if years else None


def parse_date(text: str) -> date | None:
    """令和7年7月30日, R3.4.1, 2021/4/1, R5.5末 (end of month); a month alone gives its first day."""
    text = _prepare(text)
    match = ERA_DATE.search(text)
    if match:
        year, month, day, end = (
            era_year(match.group(1), match.group(2)),
            int(match.group(3)),
            match.group(4),
            match.group(5),
        )
    else:
        match = GREGORIAN_DATE.search(text)
        if not match:
            return None
        year, month, day, end = int(match.group(1)), int(match.group(2)), match.group(3), match.group(4)
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if end:
        return date(year, month, last)
    day_number = int(day) if day else 1
    if not 1 <= day_number <= last:
        return None
    return date(year, month, day_number)


def parse_period(text: str) -> Period | None:
    """令和2年度～令和6年度, H24～H26, 令和2年度～ (open), 令和2年度～ ※令和4年度 (※ gives the real end)."""
    if not text or not text.strip():
        return None
    prepared = _prepare(text)
    note = None
    if "※" in prepared:
        prepared, _, note = prepared.partition("※")
    parts = RANGE_SEPARATOR.split(prepared, maxsplit=1)
    start_years = fiscal_years(parts[0])
    if not start_years:
        return None
    start = start_years[0]
    if len(parts) > 1:
        end_years = fiscal_years(parts[1])
        end = end_years[0] if end_years else None
    else:
        end = start_years[-1] if len(start_years) > 1 else start
    if note:
        note_years = fiscal_years(note)
        if note_years:
            end = note_years[0]
    if end is not None and end < start:
        end = None
    return Period(
        start_fiscal_year=start,
        end_fiscal_year=end,
        start_date=date(start, 4, 1),
        end_date=date(end + 1, 3, 31) if end is not None else None,
        raw=text.strip(),
    )
