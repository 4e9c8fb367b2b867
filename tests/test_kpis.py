"""Indicators: every measure of a cell with its name, text values kept (records/kpis.py)."""

from __future__ import annotations

import re

from reformparse.records.kpis import kpis_of, measures


def named(text):
    return [(name, value.raw) for name, value in measures(text)]


def test_each_number_with_a_unit_is_a_measure_named_by_the_words_before_it():
    assert named("時間外23人 年休取得11.9日") == [("時間外", "23人"), ("年休取得", "11.9日")]
    assert named("AI-OCR使用案件 40件 RPAの使用事務 3件") == [
        ("AI-OCR使用案件", "40件"),
        ("RPAの使用事務", "3件"),
    ]
    assert named("回答発送まで 平均18日") == [("回答発送まで", "18日")]
    assert named("15団体 (321人)") == [(None, "15団体"), (None, "321人")]


def test_a_value_without_a_number_is_kept_as_text():
    assert named("確定する時期 3月") == [("確定する時期", "3月")]
    assert named("N年度決算分をN+2年6月に公表") == [(None, "N年度決算分をN+2年6月に公表")]
    assert named("-") == [] and named("") == []


def test_baseline_target_and_years_are_matched_by_order():
    kpis = kpis_of(
        ["時間外23人 年休取得11.9日"],
        ["時間外0人 年休取得15日"],
        {2020: ["時間外20人 年休取得13.0日"], 2021: ["時間外15人 年休取得13.5日"]},
    )
    assert [
        (k.name, k.baseline.value, k.target.value, {fy: q.value for fy, q in k.yearly.items()}) for k in kpis
    ] == [
        ("時間外", 23, 0, {2020: 20, 2021: 15}),
        ("年休取得", 11.9, 15, {2020: 13.0, 2021: 13.5}),
    ]
    # the same baseline printed twice is one measure
    assert len(kpis_of(["月末に公表"], [], {})) == len(kpis_of(["月末に公表", "月末に公表"], [], {})) == 1


def test_002_kpis_hold_every_measure_printed(seed_documents):
    doc = seed_documents("002")
    unit = re.compile(r"[0-9][0-9,.]*(?:%|件|人|日|団体)")
    for item in doc.initiatives:
        for field in item.fields:
            if field.label in ("現状の数値", "目標の数値"):
                printed = unit.findall(field.text.replace("％", "%"))
                side = "baseline" if field.label == "現状の数値" else "target"
                read = [getattr(k, side).raw for k in item.kpis if getattr(k, side)]
                assert all(value in read for value in printed), (item.title, field.text, read)
                assert read or not field.text.strip(), (item.title, field.text)
        for year in item.years:
            printed = [q.raw for q in year.values if q.value is not None]
            read = [k.yearly[year.fiscal_year].raw for k in item.kpis if year.fiscal_year in k.yearly]
            assert set(printed) <= set(read), (item.title, year.fiscal_year, printed, read)
    named_kpis = [k for item in doc.initiatives for k in item.kpis if k.name]
    assert {"時間外", "年休取得", "女性参加率", "AI-OCR使用案件", "RPAの使用事務"} <= {
        k.name for k in named_kpis
    }
