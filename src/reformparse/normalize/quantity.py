"""Quantities with units: 31.0%, 456,456件, 5橋, 平均18日, 100万人."""

from __future__ import annotations

import regex

from ..labels import LabelBook, active_labels
from ..models import Quantity
from .era import ends_with_era
from .numbers import parse_number
from .text import fold_width


def _build(book: LabelBook) -> regex.Pattern[str]:
    """The quantity pattern of a book's units (data/vocab.yaml: quantity_units)."""
    units = sorted(dict.fromkeys(book.words("quantity_units")), key=len, reverse=True)
    pattern = "|".join(regex.escape(u) for u in units)
    return regex.compile(
        r"(?<![0-9.,])([0-9][0-9,]*(?:\.[0-9]+)?)[ ]?(万|千|億)?[ ]?(" + pattern + r")(?![A-Za-z])"
    )


def _pattern() -> regex.Pattern[str]:
    return active_labels().derived("normalize.quantity", _build)


SCALE = {"万": 10_000, "千": 1_000, "億": 100_000_000}


def _value(number: str, scale: str | None) -> float | None:
    """The number scaled (3.5万 → 35,000), None when it is too long or not finite."""
    return parse_number(number, times=SCALE[scale] if scale else 1)


def find_quantities(text: str) -> list[Quantity]:
    """Every number with a unit in the text (years and dates are not quantities)."""
    return [found for _, _, found in quantity_spans(text)]


def quantity_spans(text: str) -> list[tuple[int, int, Quantity]]:
    """(start, end, quantity) of every number with a unit in the text, positions in the text as given."""
    if not text:
        return []
    prepared = fold_width(text).replace("％", "%")
    if len(prepared) != len(text):
        prepared = text.replace("％", "%")  # positions must be the text's own
    out: list[tuple[int, int, Quantity]] = []
    for found in _pattern().finditer(prepared):
        if ends_with_era(prepared[max(0, found.start() - 4) : found.start()]):
            continue
        number, scale, unit = found.group(1), found.group(2), found.group(3)
        if scale and unit != "円" and unit.endswith("円"):  # 3千万円 is money, not 3千 × 万円
            continue
        value = _value(number, scale)
        if value is None:
            continue
        out.append((found.start(), found.end(), Quantity(raw=found.group(0).strip(), value=value, unit=unit)))
    return out


def parse_quantity(text: str) -> Quantity | None:
    """The quantity in a short text ('31.0%', '平均18日'), or None."""
    if not text or len(text) > 200:
        return None
    found = find_quantities(text)
    if not found:
        return None
    return Quantity(raw=text.strip(), value=found[0].value, unit=found[0].unit)
