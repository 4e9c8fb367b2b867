"""The similarity helper gives what difflib gives, and the label book's fuzzy matching with its
bounds picks what the plain difflib loop picks."""

from __future__ import annotations

from difflib import SequenceMatcher

from hypothesis import given, settings
from hypothesis import strategies as st

from reformparse.labels import LabelBook, label_key
from reformparse.normalize import similarity

#: a small alphabet, so that random texts share characters often
TEXTS = st.text(alphabet="財源確保額事業費計画実績課係abc1", max_size=14)


@given(TEXTS, TEXTS)
def test_the_bounds_are_difflibs(a: str, b: str) -> None:
    matcher = SequenceMatcher(None, a, b)
    assert similarity.length_bound(a, b) == matcher.real_quick_ratio()
    assert similarity.shared_bound(a, b) == matcher.quick_ratio()
    assert similarity.ratio(a, b) == matcher.ratio()
    assert similarity.ratio(a, b) <= similarity.shared_bound(a, b) <= similarity.length_bound(a, b)


def _plain_fuzzy(key: str, index: dict[str, str]) -> str | None:
    """The loop the book used before its bounds: every synonym, difflib for each."""
    best, best_ratio = None, 0.0
    for synonym, name in index.items():
        if len(synonym) < 4 or abs(len(synonym) - len(key)) > 2:
            continue
        if len(set(synonym) & set(key)) < 0.8 * len(set(synonym)):
            continue
        ratio = SequenceMatcher(None, key, synonym).ratio()
        if ratio > best_ratio:
            best, best_ratio = name, ratio
    return best if best_ratio >= 0.9 else None


BOOK = LabelBook()
SYNONYMS = sorted(BOOK._field_index)  # noqa: SLF001 - the book's own index is what is compared


@settings(max_examples=300)
@given(
    st.sampled_from(SYNONYMS), st.integers(0, 8), st.sampled_from(["", "額", "の", "等", "x"]), st.booleans()
)
def test_fuzzy_matching_picks_what_the_plain_loop_picks(
    synonym: str, cut: int, extra: str, drop: bool
) -> None:
    """Labels printed with a character doubled, dropped or added map as they did without the bounds."""
    key = label_key(synonym[: len(synonym) - 1] if drop and len(synonym) > 4 else synonym)
    key = key[:cut] + extra + key[cut:]
    if not 4 <= len(key) <= 30:
        return
    expected = _plain_fuzzy(key, BOOK._field_index)  # noqa: SLF001
    assert BOOK._fuzzy(key, BOOK._field_fuzzy) == expected  # noqa: SLF001


def test_a_doubled_character_still_maps() -> None:
    assert BOOK.field_of("具体的取組組") == BOOK.field_of("具体的取組") == "title"
    assert BOOK.field_of("今日の天気は晴れ") is None  # near no synonym


@given(TEXTS, TEXTS, st.sampled_from([0.6, 0.9]))
def test_ratio_from_a_floor_is_exact_at_or_above_it_and_a_bound_below(a: str, b: str, floor: float) -> None:
    exact = SequenceMatcher(None, a, b).ratio()
    got = similarity.ratio_from(a, b, floor)
    if got >= floor:
        assert got == exact
    else:
        assert exact <= got < floor
