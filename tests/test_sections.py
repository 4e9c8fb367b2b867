"""Headings, nesting, repeated page headings, tables of contents."""

from __future__ import annotations

from reformparse.labels import LabelBook
from reformparse.read.text import lines_to_blocks
from reformparse.sections import build_sections, marker_number, match_heading


def tree_of(text: str):
    blocks = lines_to_blocks(text.split("\n"))
    return build_sections(blocks, LabelBook()), blocks


def outline(sections, depth=0):
    out = []
    for section in sections:
        out.append(("  " * depth) + f"{section.number}|{section.title}")
        out.extend(outline(section.children, depth + 1))
    return out


def test_marker_styles():
    prefixes = LabelBook().heading_prefix_pattern()
    assert match_heading("第1 はじめに", prefixes)[:2] == ("dai", "第1")
    assert match_heading("1 スマート化の推進", prefixes)[1:] == ("1", "スマート化の推進")
    assert match_heading("（１）窓口の改善", prefixes)[1] == "（１）"
    assert match_heading("① 窓口の改善", prefixes)[1] == "①"
    assert match_heading("ア 担当課の評価", prefixes)[1] == "ア"
    assert match_heading("Ⅱ 財政の健全化", prefixes)[1] == "Ⅱ"
    assert match_heading("II 財政の健全化", prefixes)[1] == "II"
    assert match_heading("No.3 窓口の改善", prefixes)[1] == "No.3"
    assert match_heading("(イ) 窓口の改善", prefixes)[:2] == ("paren-kana", "(イ)")
    assert match_heading("改革の視点2 協働の推進", prefixes)[1:] == ("改革の視点2", "協働の推進")
    assert match_heading("基本方針 I", prefixes)[1] == "基本方針I"


def test_prose_and_numbers_are_not_headings():
    prefixes = LabelBook().heading_prefix_pattern()
    assert match_heading("1 市民の意見を聞き、施策に反映します。", prefixes) is None
    assert match_heading("第3次 架空市行政改革大綱", prefixes) is None
    assert match_heading("2 3,000件", prefixes) is None
    assert match_heading("2025年、団塊の世代が", prefixes) is None


def test_marker_numbers_are_ascii():
    assert [
        marker_number(m)
        for m in ["①", "㉓", "(３)", "No.12", "Ⅲ", "IV", "イ", "第十二", "基本方針II", "（ウ）"]
    ] == ["1", "23", "3", "12", "3", "4", "2", "12", "2", "3"]


def test_nesting_follows_the_order_styles_open():
    tree, _ = tree_of("視点1 効率化\n1 ICT化\n(1) 電子申請\n(2) 窓口\n2 民間活力\n視点2 財政\n1 収納率")
    assert outline(tree.sections) == [
        "視点1|効率化",
        "  1|ICT化",
        "    (1)|電子申請",
        "    (2)|窓口",
        "  2|民間活力",
        "視点2|財政",
        "  1|収納率",
    ]


def test_marker_only_heading_takes_the_next_line_as_title():
    tree, _ = tree_of("基本方針 Ⅰ\n質の高い行政経営\n(1) ICTの活用")
    assert outline(tree.sections) == ["基本方針Ⅰ|質の高い行政経営", "  (1)|ICTの活用"]


def test_repeated_page_headings_do_not_make_new_sections():
    text = (
        "1 市民との協働\n(1) 情報提供\n① 広報の充実\nA\tB\n1 市民との協働\n(1) 情報提供\n② 広聴の充実\nC\tD"
    )
    tree, blocks = tree_of(text)
    assert outline(tree.sections) == [
        "1|市民との協働",
        "  (1)|情報提供",
        "    ①|広報の充実",
        "    ②|広聴の充実",
    ]
    last_table = len(blocks) - 1
    assert [s.title for s in tree.paths[last_table]] == ["市民との協働", "情報提供", "広聴の充実"]


def test_repeated_heading_with_a_typo_is_still_the_same_section():
    tree, _ = tree_of("1 市民ニーズの把握と「総働」\n① 甲\n1 市民ニーズの把握と「総動」\n② 乙")
    assert len(tree.sections) == 1
    assert [c.title for c in tree.sections[0].children] == ["甲", "乙"]


def test_table_of_contents_is_not_the_heading_tree():
    text = "目 次\n1 市民との協働\t\n①広報の充実\t1\n②広聴の充実\t2\n\n1 市民との協働\n① 広報の充実\n② 広聴の充実"
    tree, _ = tree_of(text)
    assert [(e.marker, e.title, e.page) for e in tree.toc] == [
        ("1", "市民との協働", None),
        ("①", "広報の充実", "1"),
        ("②", "広聴の充実", "2"),
    ]
    assert outline(tree.sections) == ["1|市民との協働", "  ①|広報の充実", "  ②|広聴の充実"]


def test_dotted_leader_toc_lines():
    tree, _ = tree_of("目次\n第1 はじめに……………1\n1 背景......2\n\n第1 はじめに")
    assert [(e.title, e.page) for e in tree.toc] == [("はじめに", "1"), ("背景", "2")]
    assert outline(tree.sections) == ["第1|はじめに"]


def test_a_numbering_that_starts_again_under_another_style_nests_under_it():
    text = "\n".join(
        [
            "3 評価の方法",
            "4 取組の評価",
            "I 取組項目別の評価",
            "1 財源の確保",
            "2 窓口の改善",
            "II 全体の評価",
            "1 項目別の集計",
            "5 総評",
        ]
    )
    tree, _ = tree_of(text)
    assert outline(tree.sections) == [
        "3|評価の方法",
        "4|取組の評価",
        "  I|取組項目別の評価",
        "    1|財源の確保",
        "    2|窓口の改善",
        "  II|全体の評価",
        "    1|項目別の集計",
        "5|総評",
    ]


def test_the_parts_of_the_contents_are_the_top_level():
    text = "\n".join(
        [
            "架空市行政改革の評価",
            "目次",
            "【本編】",
            "1 はじめに P1",
            "2 評価 P2",
            "【資料編】",
            "進捗状況シート",
            "",
            "1 はじめに",
            "本書は評価をまとめたものである。",
            "2 評価",
            "(1) 評価の流れ",
            "【資料編】",
            "No.1 財源の確保",
            "No.2 窓口の改善",
        ]
    )
    tree, _ = tree_of(text)
    assert outline(tree.sections) == [
        "None|本編",
        "  1|はじめに",
        "  2|評価",
        "    (1)|評価の流れ",
        "None|資料編",
        "  No.1|財源の確保",
        "  No.2|窓口の改善",
    ]
    # one bracketed line is no document in parts
    tree, _ = tree_of(text.replace("【本編】\n", ""))
    assert outline(tree.sections)[0] == "1|はじめに"
