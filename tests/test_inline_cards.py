"""A whole card on one line (a digital book's page)."""

from __future__ import annotations

from reformparse import extract


def test_a_card_on_one_line(tmp_path):
    line = (
        "― 12 ― 基本方針2 効率的な行政運営 (1) 業務の見直し 取組No.7 窓口業務の委託 所管課：市民課・総務課 "
        "現状と 課題 繁忙期の待ち時間が長い。 取組 内容 定型業務の委託を検討する。 "
        "スケジュール 令和4年度 検討 令和5年度 実施 令和6年度 → 評価 B"
    )
    path = tmp_path / "book.txt"
    path.write_text(f"架空市行政改革実施計画\n3/40\n\n{line}\n\n元のページ\n", encoding="utf-8")
    doc = extract(path)
    [item] = doc.initiatives
    assert (item.id, item.title) == ("7", "窓口業務の委託")
    assert item.departments == ["市民課", "総務課"]
    assert item.section_path == ["効率的な行政運営", "業務の見直し"]
    assert [(y.fiscal_year, y.phase) for y in item.years] == [
        (2022, "study"),
        (2023, "implement"),
        (2024, "continue"),
    ]
    assert item.grade == "B" and item.background == "繁忙期の待ち時間が長い。"


def test_a_long_sentence_with_one_label_is_not_a_card(tmp_path):
    path = tmp_path / "prose.txt"
    path.write_text(
        "お知らせ\n\n" + "本市の取組内容については、" * 8 + "順次公表します。\n", encoding="utf-8"
    )
    assert extract(path).initiatives == []
