"""A card's schedule header is found however its years are spelled (the quick test for rows that
cannot hold two years must never reject one that does)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reformparse.records.cards import year_columns

FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def spell(fiscal_year: int, style: int) -> str:
    """One fiscal year as headers print it."""
    reiwa, heisei = fiscal_year - 2018, fiscal_year - 1988
    era, number = ("令和", reiwa) if fiscal_year >= 2019 else ("平成", heisei)
    letter = "R" if fiscal_year >= 2019 else "H"
    shown = "元" if number == 1 else str(number)
    return [
        f"{era}{shown}年度",
        f"{letter}{shown}" if shown != "元" else f"{letter}1",
        f"{letter}{shown}年度".translate(FULL).replace("R", "Ｒ").replace("H", "Ｈ"),
        f"{fiscal_year}年度",
        f"{fiscal_year}",
        f"{era} {shown} 年度（見込）",
    ][style]


OTHER = st.sampled_from(["", "取組内容", "工程表", "目標", "実施", "検討", "A", "総括", "課題と対応"])


@given(
    st.integers(2015, 2026),
    st.integers(2, 6),
    st.lists(st.integers(0, 5), min_size=6, max_size=6),
    st.lists(OTHER, min_size=0, max_size=3),
    st.lists(OTHER, min_size=0, max_size=2),
)
def test_every_spelling_of_the_years_is_a_schedule_header(first, count, styles, before, after) -> None:
    years = list(range(first, first + count))
    cells = [*before, *(spell(fy, style) for fy, style in zip(years, styles)), *after]
    found = year_columns(cells)
    assert found is not None
    assert found.fiscal_years == years


@given(st.lists(OTHER, min_size=1, max_size=8), st.sampled_from(["", "令和3年度", "R5"]))
def test_a_row_with_one_year_or_none_is_no_header(cells, year) -> None:
    assert year_columns([*cells, year]) is None


def test_bare_numbers_that_do_not_follow_each_other_are_amounts() -> None:
    assert year_columns(["効果額", "1950", "2000", "2040"]) is None
    assert year_columns(["年度", "2020", "2021", "2022"]).fiscal_years == [2020, 2021, 2022]
