"""A wrapped PDF cell's lines joined as a reader joins them (normalize/wrap.py)."""

from __future__ import annotations

from reformparse.normalize.wrap import join_wrapped


def test_a_break_inside_a_word_or_a_number_joins_with_nothing():
    assert join_wrapped(["業務システムの標準化", "・共通化"]) == "業務システムの標準化・共通化"
    assert join_wrapped(["年間2,4", "00千円の収入"]) == "年間2,400千円の収入"
    assert join_wrapped(["1", "0%"]) == "10%"
    assert (
        join_wrapped(["市民課と連携し、窓口", "の改善を行った。"]) == "市民課と連携し、窓口の改善を行った。"
    )
    assert join_wrapped(["総務課", "と協議した。"]) == "総務課と協議した。"


def test_a_break_between_complete_units_stays():
    assert join_wrapped(["会計課", "総合政策部（財政課）"]) == "会計課\n総合政策部（財政課）"
    assert join_wrapped(["・研修の実施", "・アンケート"]) == "・研修の実施\n・アンケート"
    assert join_wrapped(["調査を行った。", "・次年度も継続"]) == "調査を行った。\n・次年度も継続"
    assert join_wrapped(["① 調査", "② 実施"]) == "① 調査\n② 実施"


def test_ascii_words_keep_a_space():
    assert join_wrapped(["契約検査課", "A"]) == "契約検査課 A"
    assert join_wrapped(["AI", "OCR"]) == "AI OCR"
    assert join_wrapped(["", "  "]) == ""
