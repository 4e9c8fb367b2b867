"""The official list of local governments, and finding a report's own municipality in its text.

The list (``data/municipalities.tsv``, built by ``scripts/build_municipalities.py``) holds the 47
prefectures, every city (designated cities included, their wards not), Tokyo's 23 special wards, towns and
villages, each with its 6-digit 全国地方公共団体コード. Only names from that list are ever returned, so a
fragment such as 次寒川町, 旧町村 or すべては市 can never come out.

Matching is linear in the text: every name ends in one of 都道府県市区町村, so each such character is looked
up backwards against a hash of the names (at most the longest name's length of lookups per character).
At one place the longest name wins and the scan resumes after it (北名古屋市, not 名古屋市; 東京都府中市 is
東京都 then 府中市, never 京都府). A name glued to a preceding kanji is part of a longer word and is
rejected (天津市, 観光市場, 以上市町村, 大阪市北区), unless that kanji is a counter or qualifier that normally
stands before a name: 第5次寒川町, 令和元年度木津川市, 群馬県高崎市, 高座郡寒川町, 広島府中市.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import regex


@dataclass(frozen=True)
class Place:
    """A local government: its name as the official list spells it, its 6-digit code, its prefecture.

    ``code`` and ``prefecture`` are None when the name is shared by several places (朝日町, 府中市) and the
    text does not tell which one is meant.
    """

    name: str
    code: str | None
    prefecture: str | None


class _Entry(NamedTuple):  # a tuple: the list's 1,790 entries are made on the first report
    code: str
    prefecture: str
    name: str
    kind: str  # prefecture | city | ward | town | village
    county: str  # 郡 (or Tokyo island) of a town or village, else ""

    @property
    def place(self) -> Place:
        return Place(self.name, self.code, self.prefecture)


@dataclass
class _Table:
    entries: tuple[_Entry, ...]
    by_key: dict[str, tuple[_Entry, ...]]  # matching key (ケ-folded name) → entries
    lengths: tuple[int, ...]  # name lengths, longest first
    pref_short: dict[str, str] = field(default_factory=dict)  # 群馬 → 群馬県, 東京 → 東京都, 北海道 → 北海道


SUFFIXES = "都道府県市区町村"
SUFFIX = regex.compile(f"[{SUFFIXES}]")
# Kanji that may stand right before a name without being part of it.
ALLOWED_BEFORE = set("次期度年県都道府郡")
# A name followed by one of these is part of a longer word (中央市場, 市街地, 中央区画整理).
REJECT_AFTER = set("場街画")
PARTICLES = set("のはがをにとでもやへ")
REFORM_AFTER = regex.compile(r"\s*(?:(?:行政経営|行財政|行政|集中|財政|経営)改革|政改革|改革|行革)")
HAN = regex.compile(r"\p{Han}")
FIRST_LINES = 10
_FOLD = str.maketrans({"ヶ": "ケ", "ヵ": "ケ", "ｹ": "ケ"})


def check_digit(code5: str) -> str:
    """The check digit of a 5-digit JIS X 0402 code (weights 6..2, mod 11; 11 - r, last digit)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return str((11 - total % 11) % 10)


@lru_cache(maxsize=16384)
def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return folded.translate(_FOLD) if ("ヶ" in folded or "ヵ" in folded or "ｹ" in folded) else folded


@lru_cache(maxsize=1)
def _table() -> _Table:
    text = resources.files("reformparse").joinpath("data/municipalities.tsv").read_text(encoding="utf-8")
    entries: list[_Entry] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        cells += [""] * (5 - len(cells))
        entries.append(_Entry(*[c.strip() for c in cells[:5]]))
    by_key: dict[str, list[_Entry]] = defaultdict(list)
    for entry in entries:
        by_key[_fold(entry.name)].append(entry)
    pref_short = {}
    for entry in entries:
        if entry.kind == "prefecture":
            short = entry.name if entry.name == "北海道" else entry.name[:-1]
            pref_short[short] = entry.name
    return _Table(
        entries=tuple(entries),
        by_key={k: tuple(v) for k, v in by_key.items()},
        lengths=tuple(sorted({len(k) for k in by_key}, reverse=True)),
        pref_short=pref_short,
    )


def municipalities() -> list[Place]:
    """Every entry of the official list, in code order."""
    return [e.place for e in _table().entries]


def places_named(name: str) -> list[Place]:
    """The places that carry this exact name (several for 朝日町, 府中市; none for a fragment)."""
    return [e.place for e in _table().by_key.get(_fold(name), ())]


def place_by_code(code: str) -> Place | None:
    """The place with this 6-digit (or 5-digit JIS) code."""
    for entry in _table().entries:
        if entry.code == code or entry.code[:5] == code:
            return entry.place
    return None


@dataclass
class _Match:
    key: str
    start: int
    end: int
    entries: tuple[_Entry, ...]
    qualifier: tuple[str, ...] = ()  # prefectures (or 郡) named right before: narrows entries
    reform: bool = False


def _kana_class(ch: str) -> str:
    if "\u3041" <= ch <= "\u309f":
        return "hira"
    if "\u30a0" <= ch <= "\u30ff" or ch == "ー":
        return "kata"
    return ""


def _is_han(ch: str) -> bool:
    return HAN.match(ch) is not None


def _qualifier_before(text: str, start: int, entries: tuple[_Entry, ...]) -> tuple[bool, tuple[str, ...]]:
    """Whether the text before ``start`` lets a name start there, and which prefectures it names.

    Returns (allowed, prefectures): a county or a prefecture (with or without 県) of one of the entries right
    before the name both allows it and narrows it down.
    """
    table = _table()
    head = text[max(0, start - 16) : start].rstrip(" \u3000")
    for entry in entries:
        if entry.county and head.endswith(entry.county):
            return True, (entry.prefecture, entry.county)
    prefs = {e.prefecture for e in entries}
    full = tuple(sorted(p for p in prefs if head.endswith(p)))
    if full:
        return True, full
    short = tuple(sorted(p for s, p in table.pref_short.items() if p in prefs and head.endswith(s)))
    if short:
        return True, short
    if start == 0:
        return True, ()
    before = text[start - 1]
    first = text[start]
    if _is_han(before) and _is_han(first):
        return before in ALLOWED_BEFORE, ()
    kind = _kana_class(first)
    if kind and kind == _kana_class(before):
        return kind == "hira" and before in PARTICLES, ()
    return True, ()


def _scan(text: str) -> list[_Match]:
    """Official names printed in one line, left to right, longest first, not overlapping."""
    table = _table()
    folded = _fold(text)
    candidates: list[_Match] = []
    for end_char in SUFFIX.finditer(folded):
        end = end_char.end()
        for length in table.lengths:
            start = end - length
            if start < 0:
                continue
            key = folded[start:end]
            entries = table.by_key.get(key)
            if not entries:
                continue
            if end < len(folded) and folded[end] in REJECT_AFTER:
                continue
            allowed, qualifier = _qualifier_before(folded, start, entries)
            if not allowed:
                continue
            candidates.append(_Match(key, start, end, entries, qualifier))
    candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[_Match] = []
    last_end = 0
    for match in candidates:
        if match.start < last_end:
            continue
        match.reform = bool(REFORM_AFTER.match(folded, match.end))
        out.append(match)
        last_end = match.end
    return out


@dataclass
class _Candidate:
    key: str
    entries: tuple[_Entry, ...]
    count: int = 0
    first_pos: int = 0
    in_title: bool = False
    reform: bool = False
    in_first_lines: bool = False
    qualifiers: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def tier(self) -> tuple[bool, bool, bool]:
        return (self.in_title, self.reform, self.in_first_lines)

    @property
    def is_prefecture(self) -> bool:
        return all(e.kind == "prefecture" for e in self.entries)


def _is_qualifier(text: str, match: _Match, following: _Match | None) -> bool:
    """A prefecture printed right before a municipality of its own (群馬県高崎市) only qualifies it."""
    if following is None or not all(e.kind == "prefecture" for e in match.entries):
        return False
    gap = text[match.end : following.start]
    if gap.strip(" \u3000") and not regex.fullmatch(r"[\s\u3000]*\p{Han}{1,5}郡[\s\u3000]*", gap):
        return False
    return any(e.prefecture == match.entries[0].prefecture for e in following.entries)


def _resolve(candidate: _Candidate, printed_prefectures: dict[str, int]) -> Place:
    entries = candidate.entries
    if len(entries) == 1:
        return entries[0].place
    # 1. qualified where printed: 山形県朝日町, 西村山郡朝日町, 広島府中市
    named = {q for quals in candidate.qualifiers for q in quals}
    chosen = [e for e in entries if e.prefecture in named or (e.county and e.county in named)]
    if len({e.code for e in chosen}) == 1:
        return chosen[0].place
    if len(chosen) > 1:
        counties = [e for e in chosen if e.county and e.county in named]
        if len(counties) == 1:
            return counties[0].place
    # 2. one of its prefectures printed elsewhere in the text
    pool = chosen or list(entries)
    printed = [e for e in pool if e.prefecture in printed_prefectures]
    if len({e.prefecture for e in printed}) == 1 and len(printed) == 1:
        return printed[0].place
    if len(printed) > 1:
        ranked = sorted(printed, key=lambda e: -printed_prefectures[e.prefecture])
        if printed_prefectures[ranked[0].prefecture] > printed_prefectures[ranked[1].prefecture]:
            if sum(1 for e in printed if e.prefecture == ranked[0].prefecture) == 1:
                return ranked[0].place
    return Place(entries[0].name, None, None)


def find_municipality(title: str | None, lines: Iterable[str]) -> Place | None:
    """The local government whose report this is, or None when the text prints no official name.

    Preference: a name in the title; else a name directly followed by its reform words (第3次木津川市行財政改革,
    大阪市政改革); else a name in the first lines; then the most frequent; at equal standing the earliest.
    A municipality beats its own prefecture at equal standing, and a prefecture printed right before a
    municipality (群馬県高崎市) only tells the municipality's prefecture. A name several places share is
    resolved by a prefecture (or county) printed before it or elsewhere in the text; otherwise the result
    carries the name with ``code`` and ``prefecture`` None.
    """
    candidates: dict[str, _Candidate] = {}
    printed_prefectures: dict[str, int] = defaultdict(int)
    has_title = bool(title and title.strip())
    position = _collect([(title, True, True)] if has_title else [], candidates, printed_prefectures, 0)
    if len(candidates) == 1:
        only = next(iter(candidates.values()))
        if not only.is_prefecture and len(only.entries) == 1:
            # the one name in the title, which one place has: no line can outrank it
            return only.entries[0].place
    nonblank = 0
    texts: list[tuple[str, bool, bool]] = []
    for line in lines:
        if not line.strip():
            continue
        nonblank += 1
        texts.append((line, False, nonblank <= FIRST_LINES))
    _collect(texts, candidates, printed_prefectures, position)
    if not candidates:
        return None
    ranked = sorted(candidates.values(), key=lambda c: (c.tier, c.count, -c.first_pos), reverse=True)
    best = ranked[0]
    if best.is_prefecture:
        pref = best.entries[0].prefecture
        own = [
            c
            for c in ranked
            if not c.is_prefecture and c.tier == best.tier and any(e.prefecture == pref for e in c.entries)
        ]
        if own:
            best = own[0]
    return _resolve(best, printed_prefectures)


def _collect(
    texts: list[tuple[str, bool, bool]],
    candidates: dict[str, _Candidate],
    printed_prefectures: dict[str, int],
    position: int,
) -> int:
    """Count the names printed in the texts (text, in the title, in the first lines) into the
    candidates and the printed prefectures; returns the position of the last name counted."""
    for text, in_title, in_first in texts:
        folded = _fold(text)
        matches = _scan(text)
        for index, match in enumerate(matches):
            position += 1
            if match.entries[0].kind == "prefecture":
                printed_prefectures[match.entries[0].prefecture] += 1
            following = matches[index + 1] if index + 1 < len(matches) else None
            if following is not None and _is_qualifier(folded, match, following):
                following.qualifier = (*following.qualifier, match.entries[0].prefecture)
                continue
            cand = candidates.get(match.key)
            if cand is None:
                cand = candidates[match.key] = _Candidate(match.key, match.entries, first_pos=position)
            cand.count += 1
            cand.in_title |= in_title
            cand.reform |= match.reform
            cand.in_first_lines |= in_first
            if match.qualifier:
                cand.qualifiers.append(match.qualifier)
    return position
