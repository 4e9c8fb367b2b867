"""Markdown `#` headings: the level read from the marks, the marks never in the text (fictional files)."""

from __future__ import annotations

from reformparse import extract
from reformparse.read import read_source

DOC = """# もみじ町行政改革実施計画

## はじめに

町の人口は減り続けています。

## 1 基本方針 ##

### 窓口の見直し

- 申請書の様式の統一（総務課）
* 手数料のキャッシュレス化（住民課）
1. 文書の保存年限の見直し（総務課）

### 財源の確保

(1) 使用料の見直し

## 2 推進体制

| 番号 | 具体的取組 | 担当課 |
|---|---|---|
| 1 | 電子申請の拡大 | 情報政策課 |
"""


def test_heading_lines_lose_their_marks_and_keep_their_level(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(DOC, encoding="utf-8")
    src = read_source(path)
    assert src.format == "markdown"
    headings = [(b.text, b.heading_level, b.start_line) for b in src.blocks if b.heading_level]
    assert headings == [
        ("もみじ町行政改革実施計画", 1, 1),
        ("はじめに", 2, 3),
        ("1 基本方針", 2, 7),
        ("窓口の見直し", 3, 9),
        ("財源の確保", 3, 15),
        ("2 推進体制", 2, 19),
    ]
    texts = [b.text for b in src.blocks if b.kind == "text"]
    assert "- 申請書の様式の統一（総務課）" in texts
    assert "* 手数料のキャッシュレス化（住民課）" in texts
    assert "1. 文書の保存年限の見直し（総務課）" in texts
    (table,) = [b for b in src.blocks if b.kind == "table"]
    assert table.style == "pipe" and table.header_rows == 1


def test_hash_lines_in_a_code_fence_are_no_headings(tmp_path):
    path = tmp_path / "fence.md"
    path.write_text("## 例\n\n```\n# 見出しではない\n```\n\n～～～\n", encoding="utf-8")
    blocks = read_source(path).blocks
    assert [(b.text, b.heading_level) for b in blocks][:3] == [
        ("例", 2),
        ("```", None),
        ("# 見出しではない", None),
    ]


def test_hash_lines_of_a_text_file_are_left_as_they_are(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("## 1 基本方針\n本文\n", encoding="utf-8")
    blocks = read_source(path).blocks
    assert [(b.text, b.heading_level) for b in blocks] == [("## 1 基本方針", None), ("本文", None)]


def test_headings_without_numbers_become_sections(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(DOC, encoding="utf-8")
    doc = extract(path)
    assert doc.title == "もみじ町行政改革実施計画"

    def tree(sections):
        return [(s.number, s.title, s.level, tree(s.children)) for s in sections]

    assert tree(doc.sections) == [
        (None, "はじめに", 1, []),
        (
            "1",
            "基本方針",
            1,
            [
                (None, "窓口の見直し", 2, [("1", "文書の保存年限の見直し（総務課）", 3, [])]),
                (None, "財源の確保", 2, [("(1)", "使用料の見直し", 3, [])]),
            ],
        ),
        ("2", "推進体制", 1, []),
    ]

    def titles(sections):
        for s in sections:
            yield s.title
            yield from titles(s.children)

    assert not any("#" in title for title in titles(doc.sections))
    (item,) = [item for item in doc.initiatives if item.title == "電子申請の拡大"]
    assert item.section_path == ["推進体制"]


def test_levels_nest_among_themselves(tmp_path):
    path = tmp_path / "levels.md"
    path.write_text(
        "本文の前書き\n\n### 深い見出し\n\n# 総論\n\n### 小見出し\n\n## 中見出し\n\n# 各論\n",
        encoding="utf-8",
    )
    doc = extract(path)

    def tree(sections):
        return [(s.title, tree(s.children)) for s in sections]

    assert tree(doc.sections) == [
        ("深い見出し", []),
        ("総論", [("小見出し", []), ("中見出し", [])]),
        ("各論", []),
    ]
