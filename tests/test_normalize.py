"""Normalizers: 和暦 and 年度, money to yen, quantities, vocabularies, character folding."""

from __future__ import annotations

from datetime import date

import pytest

from reformparse.normalize import era, money, quantity, text, vocab


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
