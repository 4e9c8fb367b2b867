"""Money to integer yen: 円, 千円, 万円, 百万円, 億円, mixed 56億6千万円, ▲/△ negatives, table units."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from ..labels import LabelBook, active_labels
from ..models import Money
from .text import fold_variants, fold_width

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
NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?"
KANJI_NUMBER = r"[0-9,.〇一二三四五六七八九十百千]"


@dataclass
class _Words:
    """One book's money words (data/vocab.yaml: money_units, money_prefixes, money_negative_marks)."""

    multipliers: dict[str, int]
    prefixes: regex.Pattern[str]
    negatives: tuple[str, ...]
    amount: regex.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(dict.fromkeys(words), key=len, reverse=True))


def _build(book: LabelBook) -> _Words:
    multipliers: dict[str, int] = {}
    for unit in book.words("money_units"):
        scale = kanji_amount(unit[:-1]) if len(unit) > 1 else Decimal(1)
        if scale:
            multipliers[unit] = int(scale)
    negatives = tuple(sorted(dict.fromkeys(book.words("money_negative_marks")), key=len, reverse=True))
    sign = r"(?:" + _alternation(list(negatives)) + r")?" if negatives else r""
    amount = regex.compile(
        r"(?<![0-9A-Za-z.])(" + sign + r")[ ]?((?:" + KANJI_NUMBER + r"+[兆億万])*" + KANJI_NUMBER + r"*)"
        r"([十百千]?[万億兆]?円)"
    )
    prefixes = regex.compile(r"^(?:" + _alternation(book.words("money_prefixes")) + r")")
    return _Words(multipliers, prefixes, negatives, amount)


def _words() -> _Words:
    return active_labels().derived("normalize.money", _build)


def __getattr__(name: str) -> object:
    if name == "UNIT_MULTIPLIERS":  # yen per unit of the active vocabulary (千円 → 1000)
        return dict(_words().multipliers)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse_unit(text: str) -> str | None:
    """The unit a line declares: [単位：億円] → 億円; None when the text is not a unit line."""
    if not text or len(text) > 40:
        return None
    found = UNIT_LINE.match(fold_width(text).strip())
    if found and found.group(1) in _words().multipliers:
        return found.group(1)
    return None


def unit_multiplier(unit: str | None) -> int | None:
    """Yen per unit (千円 → 1000)."""
    return _words().multipliers.get(unit or "")


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
    words = _words()
    prepared = words.prefixes.sub("", prepared)
    if not prepared or len(prepared) > 60:
        return None
    sign = 1
    for mark in words.negatives:
        if prepared.startswith(mark):
            sign = -1
            prepared = prepared[len(mark) :]
            break
    if prepared.endswith("円"):
        body_full = prepared[:-1]
        simple = regex.fullmatch(r"(" + NUMBER + r")([十百千]?[万億兆]?)", body_full)
        if simple and simple.group(2) + "円" not in words.multipliers:
            simple = None  # 3百円: read by the kanji parser
        if simple:
            body, multiplier = simple.group(1), words.multipliers[simple.group(2) + "円"]
        else:
            body, multiplier = body_full, 1
    else:
        if default_unit is None or default_unit not in words.multipliers:
            return None
        body = prepared
        if not regex.fullmatch(r"(?:" + KANJI_NUMBER + r"+[兆億万])*" + KANJI_NUMBER + r"*", body):
            return None
        multiplier = words.multipliers[default_unit]
    if not body or not regex.search(r"[0-9〇一二三四五六七八九十百千]", body):
        return None
    value = kanji_amount(body)
    if value is None:
        return None
    return sign * int(value * multiplier)


def find_money(text: str, default_unit: str | None = None) -> list[Money]:
    """Every money expression (with 円) in a text, as printed, converted to yen."""
    if not text or (default_unit is None and "円" not in text):
        return []  # folding widths and variants never makes a 円
    prepared = fold_variants(fold_width(text))
    out: list[Money] = []
    if "円" not in prepared:
        if default_unit:
            yen = parse_yen(prepared, default_unit)
            if yen is not None:
                out.append(Money(raw=text.strip(), yen=yen))
        return out
    for found in _words().amount.finditer(prepared):
        raw = found.group(0).strip()
        if not regex.search(r"[0-9〇一二三四五六七八九]", found.group(2) or ""):
            continue
        yen = parse_yen(raw)
        if yen is not None:
            out.append(Money(raw=raw, yen=yen))
    return out
