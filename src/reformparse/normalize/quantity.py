"""Quantities with units: 31.0%, 456,456件, 5橋, 平均18日, 100万人."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import regex

from ..models import Quantity
from .text import fold_width

UNITS = (
    "kWh",
    "MWh",
    "ℓ",
    "km",
    "m2",
    "㎡",
    "%",
    "件",
    "人",
    "施設",
    "団体",
    "橋",
    "日",
    "回",
    "社",
    "事業",
    "業務",
    "校",
    "箇所",
    "か所",
    "ヶ所",
    "台",
    "千円",
    "万円",
    "億円",
    "円",
    "t",
    "時間",
    "世帯",
    "課",
    "種類",
    "手続",
    "項目",
    "個",
    "本",
    "点",
    "園",
    "頁",
    "ページ",
    "人日",
    "件数",
    "名",
    "区",
    "者",
    "分",
    "倍",
    "ポイント",
    "pt",
)
UNIT_PATTERN = "|".join(regex.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QUANTITY = regex.compile(
    r"(?<![0-9.,])([0-9][0-9,]*(?:\.[0-9]+)?)[ ]?(万|千|億)?[ ]?(" + UNIT_PATTERN + r")(?![A-Za-z])"
)
YEAR_LIKE = regex.compile(r"(?:令和|平成|昭和|R|H|S)[ ]?$")
SCALE = {"万": 10_000, "千": 1_000, "億": 100_000_000}


def _value(number: str, scale: str | None) -> float | None:
    try:
        value = Decimal(number.replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    if scale:
        value *= SCALE[scale]
    return float(value)


def find_quantities(text: str) -> list[Quantity]:
    """Every number with a unit in the text (years and dates are not quantities)."""
    if not text:
        return []
    prepared = fold_width(text).replace("％", "%")
    out: list[Quantity] = []
    for found in QUANTITY.finditer(prepared):
        if YEAR_LIKE.search(prepared[max(0, found.start() - 4) : found.start()]):
            continue
        number, scale, unit = found.group(1), found.group(2), found.group(3)
        if unit in ("万円", "千円", "億円") and scale:
            continue
        value = _value(number, scale)
        if value is None:
            continue
        out.append(Quantity(raw=found.group(0).strip(), value=value, unit=unit))
    return out


def parse_quantity(text: str) -> Quantity | None:
    """The quantity in a short text ('31.0%', '平均18日'), or None."""
    if not text or len(text) > 200:
        return None
    found = find_quantities(text)
    if not found:
        return None
    return Quantity(raw=text.strip(), value=found[0].value, unit=found[0].unit)
