"""Plain numbers printed in cells and prose: 1,234, ▲12.5, ４．４, 0.9 — one parser for every caller.

A number is digits (ASCII or full width) with optional thousands commas and a decimal part, after an
optional negative mark (data/vocab.yaml `money_negative_marks`: ▲ △ -). Exponents (1e400) are not
numbers. Text with more digits than Python converts (int() raises past 4,300 digits) and values that
are not finite floats are refused (None), never Infinity.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

import regex

from ..labels import LabelBook, active_labels, per_book
from .text import ascii_digits, fold_variants, fold_width

#: Python's limit on converting a decimal string to int (sys.int_info.default_max_str_digits)
MAX_DIGITS = 4_300
SP = r"[ \u3000]*"
#: texts up to this length have their parsed number remembered (cells repeat)
REMEMBERED_LENGTH = 200


def _build(book: LabelBook) -> regex.Pattern[str]:
    marks = sorted(
        dict.fromkeys(_prepare(m) for m in book.words("money_negative_marks")), key=len, reverse=True
    )
    sign = r"(?P<sign>" + "|".join(regex.escape(m) for m in marks) + r")?" if marks else r"(?P<sign>)"
    return regex.compile(
        sign
        + r"(?P<digits>(?<![0-9.])(?<![0-9][eE][+-]?)[0-9][0-9,]*(?:\.[0-9]+)?)(?![0-9]|[eE][+-]?[0-9]|\.[0-9])"
    )


def _pattern() -> regex.Pattern[str]:
    return active_labels().derived("normalize.numbers", _build)


def _prepare(text: str) -> str:
    return fold_variants(fold_width(ascii_digits(text or "")))


def _value(found: regex.Match[str], times: int) -> float | None:
    digits = found.group("digits").replace(",", "")
    if sum(ch.isdigit() for ch in digits) > MAX_DIGITS:
        return None
    try:
        value = Decimal(digits) * times
    except (InvalidOperation, ValueError):
        return None
    number = float(-value if found.group("sign") else value)
    return number if math.isfinite(number) else None


def parse_number(text: str | None, *, times: int = 1) -> float | None:
    """The number the whole text is (spaces around ignored): '1,234' → 1234.0, '▲0.5' → -0.5,
    '４．４' → 4.4; None for anything else. `times` scales it exactly (1.1 × 10,000 = 11,000)."""
    if text is None or len(text) > REMEMBERED_LENGTH:
        return _parse_number(text, times)
    return _remembered_number(text, times)


def _parse_number(text: str | None, times: int) -> float | None:
    prepared = _prepare(text).strip(" \u3000\t\n")
    if not prepared or len(prepared) > MAX_DIGITS * 2:
        return None
    found = _pattern().fullmatch(prepared)
    return _value(found, times) if found else None


def leading_number(text: str | None) -> float | None:
    """The number at the start of a text: '12件' → 12.0, '4.4 /5' → 4.4, '▲3（見込）' → -3.0."""
    prepared = _prepare(text).lstrip(" \u3000\t\n")
    found = _pattern().match(prepared[: MAX_DIGITS * 2 + 2])
    return _value(found, 1) if found else None


def find_number(text: str | None) -> float | None:
    """The first number anywhere in a text (平均 4.5 点 → 4.5)."""
    found = _pattern().search(_prepare(text)[: MAX_DIGITS * 2 + 2])
    return _value(found, 1) if found else None


def as_int(value: float | None) -> int | None:
    """An integral count from a parsed number (12.0 → 12); None stays None."""
    return int(value) if value is not None else None


_remembered_number = per_book("numbers.parse")(_parse_number)
