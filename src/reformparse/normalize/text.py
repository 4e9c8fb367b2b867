"""Per-field character folding: width, tilde and dash variants, radical code points from PDFs."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import jaconv

TILDES = str.maketrans({"〜": "～", "~": "～", "∼": "～", "～": "～"})
DASHES = str.maketrans({"—": "-", "―": "-", "−": "-", "‐": "-", "‑": "-", "–": "-"})
#: CJK radicals supplement code points that Word-made PDFs carry, with the kanji they stand for
RADICALS_SUPPLEMENT = {
    "⺁": "厂",
    "⺅": "亻",
    "⺇": "几",
    "⺉": "刂",
    "⺋": "㔾",
    "⺍": "⺍",
    "⺎": "兀",
    "⺏": "尣",
    "⺐": "尢",
    "⺠": "民",
    "⺟": "母",
    "⻁": "虎",
    "⻄": "西",
    "⻆": "角",
    "⻌": "辶",
    "⻑": "長",
    "⻘": "青",
    "⻝": "食",
    "⻤": "鬼",
    "⻩": "黄",
    "⻲": "亀",
    "⻭": "歯",
    "⻯": "竜",
    "⻫": "斉",
    "⻣": "骨",
    "⻨": "麦",
}


#: full-width digits, decimal point and comma to ASCII (the one table; nothing else is changed)
ASCII_DIGITS = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def ascii_digits(text: str) -> str:
    """０１２.５ → 012.5: full-width digits, point and comma to ASCII, every other character kept."""
    return (text or "").translate(ASCII_DIGITS)


def fold_width(text: str) -> str:
    """Full-width digits and ASCII to half-width; katakana unchanged (never NFKC a whole text)."""
    text = text or ""
    return (
        _fold_width_cached(text) if len(text) <= 200 else jaconv.z2h(text, kana=False, digit=True, ascii=True)
    )


@lru_cache(maxsize=65536)
def _fold_width_cached(text: str) -> str:
    """fold_width of a short text (cells and labels repeat a lot)."""
    return jaconv.z2h(text, kana=False, digit=True, ascii=True)


#: Kangxi radicals (U+2F00–U+2FD5) to their ideographs (NFKC of each, one character at a time) and the
#: supplement's radicals above: one table for str.translate
RADICALS = str.maketrans(
    {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)}
    | {ch: kanji for ch, kanji in RADICALS_SUPPLEMENT.items() if ch != kanji}
)
#: tilde and dash variants and radicals in one table (no target of one is a source of another)
VARIANTS = {**TILDES, **DASHES, **RADICALS}


def fold_radicals(text: str) -> str:
    """⾏ → 行, ⻑ → 長: radical code points to the unified ideographs."""
    return text.translate(RADICALS)


def fold_variants(text: str) -> str:
    """Tilde variants to ～, dash variants to -, radicals to kanji."""
    text = text or ""
    return _fold_variants_cached(text) if len(text) <= 200 else _fold_variants(text)


def _fold_variants(text: str) -> str:
    return text.translate(VARIANTS)


@lru_cache(maxsize=65536)
def _fold_variants_cached(text: str) -> str:
    """fold_variants of a short text (cells and lines repeat)."""
    return _fold_variants(text)


def clean(text: str) -> str:
    """Trim and collapse runs of spaces (newlines kept)."""
    lines = [" ".join((line or "").replace("\u3000", " ").split()) for line in (text or "").split("\n")]
    return "\n".join(line for line in lines).strip()
