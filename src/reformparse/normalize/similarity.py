"""Similarity of two short texts (titles, labels): difflib's ratio, with its two cheap upper bounds
worked out first, so that most pairs are settled without building a SequenceMatcher.

`length_bound` and `shared_bound` give exactly what SequenceMatcher's `real_quick_ratio` and
`quick_ratio` give; `ratio` is SequenceMatcher's own.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from functools import lru_cache


def _ratio_of(matches: int, total: int) -> float:
    return 2.0 * matches / total if total else 1.0


def length_bound(a: str, b: str) -> float:
    """An upper bound of ratio from the lengths alone (SequenceMatcher.real_quick_ratio)."""
    return _ratio_of(min(len(a), len(b)), len(a) + len(b))


@lru_cache(maxsize=16384)
def _counts(text: str) -> Counter[str]:
    return Counter(text)


def shared_bound(a: str, b: str) -> float:
    """An upper bound of ratio from the characters the two share, as a multiset
    (SequenceMatcher.quick_ratio)."""
    counts_a, counts_b = _counts(a), _counts(b)
    if len(counts_a) > len(counts_b):
        counts_a, counts_b = counts_b, counts_a
    matches = sum(min(count, counts_b[char]) for char, count in counts_a.items() if char in counts_b)
    return _ratio_of(matches, len(a) + len(b))


def ratio(a: str, b: str) -> float:
    """difflib's similarity ratio of the two texts."""
    return SequenceMatcher(None, a, b).ratio()


def ratio_from(a: str, b: str, floor: float) -> float:
    """difflib's ratio where it can be `floor` or more; else an upper bound of it below `floor`
    (enough for a caller that only compares the result with `floor` or higher)."""
    bound = length_bound(a, b)
    if bound >= floor:
        bound = shared_bound(a, b)
    return ratio(a, b) if bound >= floor else bound
