"""Document facts on messy input: the title after site boilerplate, the kind from the body."""

from __future__ import annotations

from reformparse import extract


def _doc(tmp_path, text: str):
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return extract(path)


def test_title_after_site_boilerplate(tmp_path):
    doc = _doc(
        tmp_path,
        "メニューを飛ばして本文へ\n文字サイズ 標準 拡大\nトップ > 市政情報 > 行政改革 > 取組状況\n"
        "更新日：2024年7月1日\n\n第2次架空市行政改革実施計画の令和5年度進捗状況\n\n"
        "本市では計画に基づき改革を進めています。\n",
    )
    assert doc.title == "第2次架空市行政改革実施計画の令和5年度進捗状況"
    assert doc.kind == "progress"
    assert doc.coverage.lines_used >= 5  # the boilerplate and the title are the document's facts


def test_an_attachment_label_and_a_date_are_not_the_title(tmp_path):
    doc = _doc(tmp_path, "別紙2\n\n2014年1月1日更新\n\n別紙2 集中改革プランの実績\n\n歳出\n")
    assert doc.title == "集中改革プランの実績"


def test_the_kind_comes_from_the_body_when_the_title_does_not_say_it(tmp_path):
    doc = _doc(tmp_path, "架空県行政改革大綱\n\n1 大綱の実施計画の評価について\n\n本文です。\n")
    assert doc.kind == "evaluation"


def test_amounts_in_prose_are_labelled_by_the_words_before_them(tmp_path):
    doc = _doc(
        tmp_path,
        "架空町の取組状況\n\n今年度の数値目標は、経費削減額7億4587万6千円、歳入増額8182万7千円です。\n"
        "累計に置き換えると、約7,739百万円になります。\n",
    )
    assert [(a.label, a.yen) for a in doc.amounts] == [
        ("経費削減額", 745_876_000),
        ("歳入増額", 81_827_000),
        ("累計に置き換えると", 7_739_000_000),
    ]


def _period(tmp_path, lines: list[str]):
    filler = [f"{n} 取組{n}の内容について" for n in range(1, 60)]  # push the body past the cover
    period = _doc(tmp_path, "\n".join(["架空市行政改革の評価", "", *filler, *lines])).period
    return period and (period.start_fiscal_year, period.end_fiscal_year)


def test_the_period_comes_from_the_body_when_the_cover_does_not_give_it(tmp_path):
    assert _period(
        tmp_path, ["本プランは、令和2年度から令和6年度までの5年間の取組期間において実施した。"]
    ) == (2020, 2024)
    assert _period(tmp_path, ["取組期間", "令和3年度～令和7年度"]) == (2021, 2025)
    assert _period(tmp_path, ["計画期間内(平成18年度から22年度まで)で継続する。"]) == (2006, 2010)
    assert _period(tmp_path, ["令和2年度からスタートした本プランは、5年間で多くの成果を上げた。"]) == (
        2020,
        2024,
    )
    # a range in passing, with no period word, is not the plan's
    assert _period(tmp_path, ["令和2年度から令和4年度にかけて庁舎を改修した。"]) is None


def test_a_short_range_in_the_title(tmp_path):
    period = _doc(tmp_path, "架空県行政改革大綱(平成29~令和元年度)の評価\n\n1 はじめに").period
    assert (period.start_fiscal_year, period.end_fiscal_year) == (2017, 2019)


def _top_period(tmp_path, lines: list[str]):
    period = _doc(tmp_path, "\n".join(["架空市行政改革の取組", "", *lines])).period
    return period and (period.start_fiscal_year, period.end_fiscal_year)


def test_a_list_of_past_plans_periods_is_no_period_of_the_document(tmp_path):
    history = ["区分", "実施年度", "第1次", "平成元年度～平成3年度", "第2次", "平成4年度～平成6年度"]
    assert _top_period(tmp_path, history) is None
    # one range on a line of its own near the top is the plan's
    assert _top_period(tmp_path, ["第2次行政改革実施計画", "令和3年度～令和7年度", "はじめに"]) == (
        2021,
        2025,
    )
    # a range inside a title line counts even with a list below it
    assert _top_period(tmp_path, ["行政改革の歩み（平成元年度～平成6年度）", *history]) == (1989, 1994)
