"""Money to integer yen: 円, 千円, 万円, 百万円, 億円, mixed 56億6千万円, ▲/△ negatives, table units."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import regex

from ..models import Money
from .text import fold_variants, fold_width

UNIT_MULTIPLIERS: dict[str, int] = {
    "円": 1,
    "千円": 1_000,
    "万円": 10_000,
    "十万円": 100_000,
    "百万円": 1_000_000,
    "千万円": 10_000_000,
    "億円": 100_000_000,
    "十億円": 1_000_000_000,
    "百億円": 10_000_000_000,
    "兆円": 10**12,
}
KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL = {"十": 10, "百": 100, "千": 1000}
LARGE = {"万": 10**4, "億": 10**8, "兆": 10**12}

UNIT_LINE = regex.compile(r"^[\s\[［(（【]*単位[\s:：]*([千万百十億兆]*円)[\s\]］)）】]*$")
NEGATIVE = "▲△-"
NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?"
KANJI_NUMBER = r"[0-9,.〇一二三四五六七八九十百千]"
AMOUNT = regex.compile(
    r"(?<![0-9A-Za-z.])([▲△-]?)[ ]?((?:" + KANJI_NUMBER + r"+[兆億万])*" + KANJI_NUMBER + r"*)"
    r"([十百千]?[万億兆]?円)"
)


def parse_unit(text: str) -> str | None:
    """The unit a line declares: [単位：億円] → 億円; None when the text is not a unit line."""
    if not text or len(text) > 40:
        return None
    found = UNIT_LINE.match(fold_width(text).strip())
    if found and found.group(1) in UNIT_MULTIPLIERS:
        return found.group(1)
    return None


def unit_multiplier(unit: str | None) -> int | None:
    """Yen per unit (千円 → 1000)."""
    return UNIT_MULTIPLIERS.get(unit or "")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except (InvalidOperation, ValueError):
        return None


def _small_group(text: str) -> Decimal | None:
    """A number below 10,000 written with digits and/or 千百十: 6千, 3,500, 二千五百."""
    if not text:
        return Decimal(0)
    if regex.fullmatch(r"[0-9][0-9,]*(?:\.[0-9]+)?", text):
        return _decimal(text)
    total = Decimal(0)
    current: Decimal | None = None
    position = 0
    while position < len(text):
        ch = text[position]
        if ch.isdigit() or ch in ".,":
            end = position
            while end < len(text) and (text[end].isdigit() or text[end] in ".,"):
                end += 1
            current = _decimal(text[position:end])
            if current is None:
                return None
            position = end
            continue
        if ch in KANJI_DIGITS:
            current = Decimal(KANJI_DIGITS[ch])
        elif ch in SMALL:
            total += (current if current is not None else Decimal(1)) * SMALL[ch]
            current = None
        else:
            return None
        position += 1
    if current is not None:
        total += current
    return total


def kanji_amount(text: str) -> Decimal | None:
    """56億6千万 → 5660000000, 1,320 → 1320, 三千五百万 → 35000000."""
    if not text:
        return None
    total = Decimal(0)
    rest = text
    for mark, value in sorted(LARGE.items(), key=lambda kv: -kv[1]):
        if mark in rest:
            head, _, rest = rest.partition(mark)
            group = _small_group(head) if head else Decimal(1)
            if group is None:
                return None
            total += group * value
    tail = _small_group(rest)
    if tail is None:
        return None
    return total + tail


def parse_yen(text: str, default_unit: str | None = None) -> int | None:
    """Integer yen of a money expression, or None. A bare number takes `default_unit`."""
    if not text:
        return None
    prepared = fold_variants(fold_width(text)).strip().replace(" ", "").replace("\u3000", "")
    prepared = prepared.replace("，", ",").replace("．", ".")
    prepared = regex.sub(r"^(?:約|累計|計|合計|概算)", "", prepared)
    if not prepared or len(prepared) > 60:
        return None
    sign = 1
    if prepared[0] in NEGATIVE:
        sign = -1
        prepared = prepared[1:]
    if prepared.endswith("円"):
        body_full = prepared[:-1]
        simple = regex.fullmatch(r"(" + NUMBER + r")([十百千]?[万億兆]?)", body_full)
        if simple and simple.group(2) + "円" not in UNIT_MULTIPLIERS:
            simple = None  # 3百円: read by the kanji parser
        if simple:
            body, multiplier = simple.group(1), UNIT_MULTIPLIERS[simple.group(2) + "円"]
        else:
            body, multiplier = body_full, 1
    else:
        if default_unit is None or default_unit not in UNIT_MULTIPLIERS:
            return None
        body = prepared
        if not regex.fullmatch(r"(?:" + KANJI_NUMBER + r"+[兆億万])*" + KANJI_NUMBER + r"*", body):
            return None
        multiplier = UNIT_MULTIPLIERS[default_unit]
    if not body or not regex.search(r"[0-9〇一二三四五六七八九十百千]", body):
        return None
    value = kanji_amount(body)
    if value is None:
        return None
    return sign * int(value * multiplier)


def find_money(text: str, default_unit: str | None = None) -> list[Money]:
    """Every money expression (with 円) in a text, as printed, converted to yen."""
    if not text:
        return []
    prepared = fold_variants(fold_width(text))
    out: list[Money] = []
    if "円" not in prepared:
        if default_unit:
            yen = parse_yen(prepared, default_unit)
            if yen is not None:
                out.append(Money(raw=text.strip(), yen=yen))
        return out
    for found in AMOUNT.finditer(prepared):
        raw = found.group(0).strip()
        if not regex.search(r"[0-9〇一二三四五六七八九]", found.group(2) or ""):
            continue
        yen = parse_yen(raw)
        if yen is not None:
            out.append(Money(raw=raw, yen=yen))
    return out
