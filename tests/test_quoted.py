"""Items named in prose by 「title」（department）."""

from __future__ import annotations

from reformparse import extract


def test_opinions_that_open_with_a_quoted_title_and_its_department(tmp_path):
    path = tmp_path / "opinion.txt"
    path.write_text(
        "架空市行政改革推進委員会の意見書\n\n１ 総括的意見\n 全体として「架空市総合計画」に沿って進んでいる。\n\n"
        "２ 個別の意見\n「窓口のデジタル化」（市民課）については、待ち時間が短くなった。\n今後も続けられたい。\n\n"
        "「収納率の向上」（保険年金課・介護保険課）については、目標に届かなかった。\n",
        encoding="utf-8",
    )
    doc = extract(path)
    assert [(i.title, i.departments) for i in doc.initiatives] == [
        ("窓口のデジタル化", ["市民課"]),
        ("収納率の向上", ["保険年金課", "介護保険課"]),
    ]
    assert "今後も続けられたい。" in doc.initiatives[0].content


def test_one_quoted_name_in_passing_is_not_an_item(tmp_path):
    path = tmp_path / "once.txt"
    path.write_text(
        "お知らせ\n\n「架空市計画」（企画課）については、改定を予定しています。\n", encoding="utf-8"
    )
    assert extract(path).initiatives == []
