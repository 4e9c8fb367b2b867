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


def fold_radicals(text: str) -> str:
    """⾏ → 行, ⻑ → 長: radical code points to the unified ideographs."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0x2F00 <= code <= 0x2FD5:
            out.append(unicodedata.normalize("NFKC", ch))
        elif 0x2E80 <= code <= 0x2EF3:
            out.append(RADICALS_SUPPLEMENT.get(ch, ch))
        else:
            out.append(ch)
    return "".join(out)


def fold_variants(text: str) -> str:
    """Tilde variants to ～, dash variants to -, radicals to kanji."""
    text = text or ""
    return _fold_variants_cached(text) if len(text) <= 200 else _fold_variants(text)


def _fold_variants(text: str) -> str:
    return fold_radicals(text.translate(TILDES).translate(DASHES))


@lru_cache(maxsize=65536)
def _fold_variants_cached(text: str) -> str:
    """fold_variants of a short text (cells and lines repeat)."""
    return _fold_variants(text)


def clean(text: str) -> str:
    """Trim and collapse runs of spaces (newlines kept)."""
    lines = [" ".join((line or "").replace("\u3000", " ").split()) for line in (text or "").split("\n")]
    return "\n".join(line for line in lines).strip()
