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
