"""Normalizers: 和暦 and 年度, money to yen, quantities, vocabularies, character folding."""

from __future__ import annotations

from datetime import date

import pytest

from reformparse.labels import LabelBook
from reformparse.normalize import era, money, numbers, quantity, text, vocab


@pytest.mark.parametrize(
    ("printed", "year"),
    [
        ("令和2年度", 2020),
        ("令和元年度", 2019),
        ("平成31年度", 2019),
        ("平成30年度", 2018),
        ("H30", 2018),
        ("R2", 2020),
        ("R 3", 2021),
        ("Ｒ３年度", 2021),
        ("昭和60年度", 1985),
        ("２０２０年度", 2020),
        ("令和3年2月", 2020),
        ("令和3年4月", 2021),
        ("令和3年", 2021),
        ("R3.1.15現在", 2020),
    ],
)
def test_fiscal_year(printed, year):
    assert era.fiscal_year(printed) == year


def test_no_year_and_all_years():
    assert era.fiscal_year("取組内容") is None
    assert era.fiscal_years("H24～H26の計画、令和2年度から") == [2012, 2014, 2020]


@pytest.mark.parametrize(
    ("printed", "day"),
    [
        ("令和7年7月30日", date(2025, 7, 30)),
        ("R3.4.1", date(2021, 4, 1)),
        ("R5.5末", date(2023, 5, 31)),
        ("2021/4/1", date(2021, 4, 1)),
        ("令和5年5月", date(2023, 5, 1)),
        ("令和2年2月末", date(2020, 2, 29)),
    ],
)
def test_dates(printed, day):
    assert era.parse_date(printed) == day


def test_periods():
    period = era.parse_period("令和2年度～令和6年度")
    assert (period.start_fiscal_year, period.end_fiscal_year) == (2020, 2024)
    assert (period.start_date, period.end_date) == (date(2020, 4, 1), date(2025, 3, 31))
    assert era.parse_period("H24～H26").end_fiscal_year == 2014
    assert era.parse_period("R2〜R5").end_fiscal_year == 2023
    assert era.parse_period("令和2年度～ ※令和4年度").end_fiscal_year == 2022
    open_ended = era.parse_period("令和2年度～")
    assert open_ended.start_fiscal_year == 2020 and open_ended.end_fiscal_year is None
    assert era.parse_period("令和2年度（2020年度）から令和6年度（2024年度）まで").end_fiscal_year == 2024
    assert era.parse_period("未定") is None


@pytest.mark.parametrize(
    ("printed", "yen"),
    [
        ("1,320千円", 1_320_000),
        ("56億6千万円", 5_660_000_000),
        ("３７億６千万円", 3_760_000_000),
        ("28億円", 2_800_000_000),
        ("7億7千万円", 770_000_000),
        ("▲500千円", -500_000),
        ("△1.5億円", -150_000_000),
        ("500円", 500),
        ("1,234,567円", 1_234_567),
        ("5百万円", 5_000_000),
        ("累計3億2千万円", 320_000_000),
        ("三千五百万円", 35_000_000),
    ],
)
def test_money(printed, yen):
    assert money.parse_yen(printed) == yen


def test_money_with_the_table_unit():
    assert money.parse_yen("12.2", default_unit="億円") == 1_220_000_000
    assert money.parse_yen("0.3", default_unit="億円") == 30_000_000
    assert money.parse_yen("1,500", default_unit="千円") == 1_500_000
    assert money.parse_yen("—", default_unit="億円") is None
    assert money.parse_yen("12.2") is None  # no unit anywhere: not money


def test_unit_lines_and_finding_money():
    assert [
        money.parse_unit(s) for s in ("[単位：億円]", "（単位：千円）", "単位:百万円", "単位 円", "取組内容")
    ] == ["億円", "千円", "百万円", "円", None]
    found = money.find_money("財源確保目標額 累計56億6千万円、うち1,200千円は▲300万円")
    assert [(m.raw, m.yen) for m in found] == [
        ("56億6千万円", 5_660_000_000),
        ("1,200千円", 1_200_000),
        ("▲300万円", -3_000_000),
    ]


def test_quantities():
    assert quantity.parse_quantity("31.0%").value == 31.0
    assert quantity.parse_quantity("456,456件").unit == "件"
    assert (quantity.parse_quantity("平均18日").value, quantity.parse_quantity("平均18日").unit) == (18, "日")
    assert quantity.parse_quantity("100万人").value == 1_000_000
    assert [q.raw for q in quantity.find_quantities("HPアクセス数 470,000件 (R2.1.15現在)")] == ["470,000件"]
    assert quantity.find_quantities("令和2年度") == []
    assert quantity.parse_quantity("５橋").value == 5


def test_status_phase_grade_vocabularies():
    assert vocab.status_of("予定どおり進んでいる").code == "on_track"
    assert vocab.status_of("実施済み").code == "completed"
    assert vocab.status_of("予定より遅れている").code == "delayed"
    assert vocab.status_of("実施年度未到来").code == "not_due"
    assert vocab.status_of("実施不可").code == "infeasible"
    assert vocab.status_of("工程どおり").code == "on_track"
    assert vocab.status_of("独自の表現").code == "other"
    assert vocab.status_of(" ") is None and vocab.status_of("—") is None
    assert [vocab.phase_of(s) for s in ("検討", "準備", "実施", "→", "⇒", "継続", "達成", "独自")] == [
        "study",
        "prepare",
        "implement",
        "continue",
        "continue",
        "continue",
        "achieve",
        "other",
    ]
    assert [vocab.grade_of(s) for s in ("A", "Ａ", "b", "S", "A評価", "AB", "評価A以上")] == [
        "A",
        "A",
        "B",
        "S",
        "A",
        None,
        None,
    ]


def test_character_folding():
    assert text.fold_width("Ｒ２年度　１２３") == "R2年度 123"
    assert text.fold_width("①カタカナ") == "①カタカナ"
    assert text.fold_variants("H24〜H26") == "H24～H26"
    assert text.fold_variants("⾏政改⾰の⻑期") == "行政改革の長期"
    assert text.fold_variants("−500") == "-500"


def test_status_marks_only_when_alone():
    assert [vocab.status_of(s).code for s in ("◎", "○", "△", "×", "実施中")] == [
        "completed",
        "on_track",
        "delayed",
        "infeasible",
        "on_track",
    ]
    assert vocab.status_of("○市民サービスの向上").code == "other"


# --- one helper per job (issue 10, item 4) -------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("令和2年度", True),
        ("Ｒ３年度", True),
        ("R 3", True),
        ("令和元年度末", True),
        ("令和2年度（見込）", True),
        ("2021年度", True),
        ("(2021)", True),
        ("取組内容", False),
        ("令和2年度実績", False),
        ("PR3", False),
    ],
)
def test_is_year_cell(cell, expected):
    assert era.is_year_cell(cell) is expected


def test_year_token_parts_and_strip_years():
    tokens = era.year_tokens("年度 令和2年度 R3 Ｈ30年度末")
    assert [t.group("unit") for t in tokens] == ["年度", None, "年度"]
    assert tokens[2].group("end") == "末"
    assert era.is_year("令和3年度末") and not era.is_year("令和3年度（見込）")
    assert era.strip_years("R3取組状況").strip() == "取組状況"
    assert era.strip_years("令和3年度の実績").strip() == "実績"
    assert era.strip_years("2021年度 評価").strip() == "評価"
    assert era.ends_with_era("平成") and era.ends_with_era("R ") and not era.ends_with_era("件")


def test_ascii_digits_only_digits():
    assert text.ascii_digits("１２，３４５．６ＡＢ") == "12,345.6ＡＢ"
    assert text.ascii_digits(None) == ""


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("1,234", 1234.0),
        ("１，２３４", 1234.0),
        ("▲0.5", -0.5),
        ("△3", -3.0),
        ("-2", -2.0),
        ("－2", -2.0),
        ("４．４", 4.4),
        (" 7 ", 7.0),
        ("1e400", None),
        ("1E+5", None),
        ("inf", None),
        ("nan", None),
        ("-", None),
        ("12件", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_number(printed, value):
    assert numbers.parse_number(printed) == value


def test_numbers_refuse_too_many_digits_and_infinity():
    assert numbers.parse_number("9" * 5000) is None  # int() raises past 4,300 digits
    assert numbers.leading_number("9" * 5000 + "件") is None
    assert numbers.find_number("平均 " + "9" * 5000) is None
    assert numbers.parse_number("1" + "0" * 400) is None  # 1e400 is not a float: never Infinity
    assert numbers.parse_number("9" * 300) == float("9" * 300)
    assert numbers.find_number("1e400") is None


def test_leading_find_and_scaled_numbers():
    assert numbers.leading_number("12件") == 12.0
    assert numbers.leading_number("4.4 /5") == 4.4
    assert numbers.leading_number("件数 12") is None
    assert numbers.find_number("平均 ４．５ 点") == 4.5
    assert numbers.parse_number("1.1", times=10_000) == 11_000.0
    assert numbers.as_int(numbers.leading_number("１２項目")) == 12
    assert numbers.as_int(None) is None


def test_quantity_refuses_infinite_values():
    assert quantity.find_quantities("1" + "0" * 400 + "件") == []
    assert quantity.find_quantities("3.5万人")[0].value == 35_000


@pytest.mark.parametrize("cell", ["-", "－", "―", "—", "ー", "／", "＊", "", "  ", None])
def test_is_empty(cell):
    assert vocab.is_empty(cell)


def test_is_empty_not_values_and_user_marks():
    assert not vocab.is_empty("0") and not vocab.is_empty("完了")
    book = LabelBook({"empty_marks": ["該当なし"]})
    with book.activate():
        assert vocab.is_empty("該当なし")
    with LabelBook().activate():
        assert not vocab.is_empty("該当なし")


def test_department_words_come_from_the_book():
    from reformparse.records.common import split_departments

    assert [d.unit for d in split_departments("総務部総務課、管財課")] == ["総務課", "管財課"]
    assert split_departments("総務部総務課")[0].bureau == "総務部"
    with LabelBook({"department_unit_endings": ["チーム"]}).activate():
        assert [d.unit for d in split_departments("DX推進チーム 財政課")] == ["DX推進チーム", "財政課"]


def test_new_sections_are_extendable():
    from reformparse.labels import sections

    for section in (
        "department_unit_endings", "department_bureau_endings", "department_section_endings",
        "department_all_prefixes", "committee_comment_labels", "prose_count_units", "theme_marks",
        "ended_status_words",
    ):  # fmt: skip
        assert sections()[section] == "list", section
