"""The HTML reader: saved web pages into the same blocks as text (fictional pages written here)."""

from __future__ import annotations

from pathlib import Path

from reformparse import extract
from reformparse.read import detect_format, read_source

PAGE = """<!DOCTYPE html>
<html lang="ja">
<head><meta charset="utf-8"><title>さくら市｜行政改革</title>
<script>document.write("<p>スクリプトの文</p>");</script>
<style>p { color: red; }</style></head>
<body>
<header><p>さくら市 公式サイト</p></header>
<nav><ul><li>ホーム</li><li>くらし</li></ul></nav>
<div role="navigation">パンくずリスト</div>
<!-- <p>コメントの文</p> -->
<main>
<h1>さくら市行政改革実施計画</h1>
<h2>1 効率的な行政運営</h2>
<h3>窓口の見直し</h3>
<table>
<tr><th>番号</th><th>具体的取組</th><th>担当課</th></tr>
<tr><td>1</td><td>電子申請の拡大</td><td>情報政策課</td></tr>
<tr><td>2</td><td>窓口業務の委託</td><td>市民課</td></tr>
</table>
<h2>2 財政の健全化</h2>
<table>
<tr><th>番号</th><th>具体的取組</th><th>担当課</th></tr>
<tr><td>3</td><td>使用料の見直し</td><td>財政課</td></tr>
</table>
</main>
<footer><p>お問い合わせ 行政改革課</p></footer>
</body>
</html>
"""


def write(tmp_path: Path, text: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def texts(src) -> list[str]:
    return [b.text for b in src.blocks if b.kind == "text"]


def test_chrome_scripts_and_comments_become_no_blocks(tmp_path):
    src = read_source(write(tmp_path, PAGE))
    assert src.format == "html" and src.encoding == "utf-8"
    assert texts(src)[:4] == [
        "さくら市行政改革実施計画",
        "1 効率的な行政運営",
        "窓口の見直し",
        "2 財政の健全化",
    ]
    joined = " ".join(texts(src)) + " ".join(c for b in src.blocks for r in b.rows for c in r.cells)
    for dropped in (
        "スクリプト",
        "color",
        "公式サイト",
        "ホーム",
        "パンくず",
        "コメント",
        "お問い合わせ",
        "さくら市｜",
    ):
        assert dropped not in joined


def test_headings_carry_their_level_and_source_lines(tmp_path):
    src = read_source(write(tmp_path, PAGE))
    lines = PAGE.split("\n")
    headings = [(b.text, b.heading_level, b.start_line) for b in src.blocks if b.heading_level]
    assert [(t, lv) for t, lv, _ in headings] == [
        ("さくら市行政改革実施計画", 1),
        ("1 効率的な行政運営", 2),
        ("窓口の見直し", 3),
        ("2 財政の健全化", 2),
    ]
    for text, _, line in headings:
        assert text in lines[line - 1]
    table = next(b for b in src.blocks if b.kind == "table")
    assert table.style == "html" and table.header_rows == 1
    for row in table.rows:
        assert row.cells[1] in lines[row.line - 1]
    assert (table.start_line, table.end_line) == (table.rows[0].line, table.rows[-1].line)
    assert src.line_count == len(lines) - 1
    # coverage counts HTML source lines that yield text, and only those
    used = sorted(line for _, line in src.content_lines)
    assert all(lines[n - 1].strip() for n in used)
    assert not any("ホーム" in lines[n - 1] or "document.write" in lines[n - 1] for n in used)


def test_sections_and_initiatives_under_h2_h3(tmp_path):
    doc = extract(write(tmp_path, PAGE))
    assert doc.source.format == "html"
    assert doc.title == "さくら市行政改革実施計画"
    tree = [
        (s.number, s.title, s.level, [(c.number, c.title, c.level) for c in s.children]) for s in doc.sections
    ]
    assert tree == [
        ("1", "効率的な行政運営", 1, [(None, "窓口の見直し", 2)]),
        ("2", "財政の健全化", 1, []),
    ]
    paths = {item.title: item.section_path for item in doc.initiatives}
    assert paths == {
        "電子申請の拡大": ["効率的な行政運営", "窓口の見直し"],
        "窓口業務の委託": ["効率的な行政運営", "窓口の見直し"],
        "使用料の見直し": ["財政の健全化"],
    }
    assert [item.departments for item in doc.initiatives] == [["情報政策課"], ["市民課"], ["財政課"]]
    assert doc.coverage.ratio == 1.0


SPANS = """<html><body>
<table>
<thead>
<tr><th rowspan="2">改革項目</th><th rowspan="2">番号</th><th rowspan="2">具体的取組</th><th colspan="2">令和5年度</th></tr>
<tr><th>進捗状況</th><th>評価</th></tr>
</thead>
<tbody>
<tr><td rowspan="3">収入の確保</td><td>1</td><td>滞納整理<br>の早期着手</td><td>順調</td><td>A</td></tr>
<tr><td>2</td><td>納付方法の拡大</td><td colspan="2">令和4年度に完了</td></tr>
<tr><td>3</td><td>課税の適正化</td><td>遅れ</td><td>C</td></tr>
<tr><td></td><td></td><td></td><td></td><td></td></tr>
<tr><td>経費の削減</td><td>4</td><td>印刷費の削減</td><td>順調</td><td>B</td></tr>
</tbody>
</table>
</body></html>
"""


def test_rowspan_repeats_text_colspan_leaves_empty_and_th_rows_are_header(tmp_path):
    src = read_source(write(tmp_path, SPANS))
    (table,) = [b for b in src.blocks if b.kind == "table"]
    assert table.header_rows == 2
    assert [r.cells for r in table.rows] == [
        ["改革項目", "番号", "具体的取組", "令和5年度", ""],
        ["", "", "", "進捗状況", "評価"],
        ["収入の確保", "1", "滞納整理\nの早期着手", "順調", "A"],
        ["収入の確保", "2", "納付方法の拡大", "令和4年度に完了", ""],
        ["収入の確保", "3", "課税の適正化", "遅れ", "C"],
        ["経費の削減", "4", "印刷費の削減", "順調", "B"],
    ]
    assert [r.line for r in table.rows] == [4, 5, 8, 9, 10, 12]


def test_th_as_row_label_is_not_a_header_row(tmp_path):
    page = "<html><body><table><tr><th>取組項目名</th><td>電子申請</td></tr><tr><th>担当課</th><td>情報課</td></tr></table>"
    (table,) = read_source(write(tmp_path, page)).blocks
    assert table.header_rows is None
    assert [r.cells for r in table.rows] == [["取組項目名", "電子申請"], ["担当課", "情報課"]]


def test_nested_table_is_flattened_into_the_cell(tmp_path):
    page = (
        "<html><body><table><tr><th>番号</th><th>内容</th></tr><tr><td>1</td><td>概要"
        "<table><tr><td>目標</td><td>10件</td></tr><tr><td>実績</td><td>12件</td></tr></table>"
        "</td></tr></table></body></html>"
    )
    blocks = read_source(write(tmp_path, page)).blocks
    assert len(blocks) == 1
    assert blocks[0].rows[1].cells == ["1", "概要\n目標 10件\n実績 12件"]


def test_lists_become_marker_lines(tmp_path):
    page = """<html><body>
<ul><li>公用車の共同利用</li><li>印刷物の見直し
<ul><li>発行部数</li></ul></li></ul>
<ol start="3"><li>補助金の見直し</li><li>使用料の改定</li></ol>
<p>終わり</p>
</body></html>"""
    src = read_source(write(tmp_path, page))
    assert texts(src) == [
        "・公用車の共同利用",
        "・印刷物の見直し",
        "・発行部数",
        "3. 補助金の見直し",
        "4. 使用料の改定",
        "終わり",
    ]
    assert [b.start_line for b in src.blocks] == [2, 2, 3, 4, 4, 5]


def test_paragraph_lines_entities_and_spaces(tmp_path):
    page = (
        "<html><body><p>A&amp;B&nbsp;&nbsp; C\u3000全角 &#x3042;<br>行政\n改革の\n  推進</p>"
        "<div>一<span>二</span><div>三</div>四</div><dl><dt>期間</dt><dd>令和5年度</dd></dl></body></html>"
    )
    assert texts(read_source(write(tmp_path, page))) == [
        "A&B C\u3000全角 あ",
        "行政改革の推進",
        "一二",
        "三",
        "四",
        "期間",
        "令和5年度",
    ]


def test_shift_jis_page_with_meta_charset(tmp_path):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"></head>'
        "<body><h2>第1 基本方針</h2><p>髙橋　市長の方針</p></body></html>"
    )
    path = tmp_path / "sjis.htm"
    path.write_bytes(page.encode("cp932"))
    src = read_source(path)
    assert src.encoding == "cp932"
    assert [(b.text, b.heading_level) for b in src.blocks] == [
        ("第1 基本方針", 2),
        ("髙橋\u3000市長の方針", None),
    ]


def test_broken_html_is_read(tmp_path):
    page = "<html><body><p>一<b>二<i>三</b>四\n<table><tr><td>a<td>b<tr><td>c</table><ul><li>x<li>y</ul><div>未閉じ"
    src = read_source(write(tmp_path, page))
    assert [(b.kind, b.text, [r.cells for r in b.rows]) for b in src.blocks] == [
        ("text", "一二三四", []),
        ("table", "", [["a", "b"], ["c", ""]]),
        ("text", "・x", []),
        ("text", "・y", []),
        ("text", "未閉じ", []),
    ]
    assert extract(write(tmp_path, page, "b.html")).source.format == "html"


def test_very_deep_nesting_gives_a_document_with_a_warning(tmp_path):
    page = "<html><body><p>前書き</p>" + "<div>" * 10000 + "深い" + "</div>" * 10000 + "</body></html>"
    doc = extract(write(tmp_path, page))
    assert doc.title == "前書き"
    assert any(w.code == "html-too-deep" for w in doc.warnings)


def test_line_numbers_past_65535(tmp_path):
    page = (
        "<html><body>\n"
        + "<p>行</p>\n" * 70000
        + "<p>最後</p>\n<table><tr><td>セル</td><td>二</td></tr></table>\n</body></html>\n"
    )
    src = read_source(write(tmp_path, page))
    assert (src.blocks[-2].text, src.blocks[-2].start_line) == ("最後", 70002)
    assert src.blocks[-1].rows[0].line == 70003


def test_format_detection(tmp_path):
    assert detect_format(Path("a.htm"), b"<p>x</p>") == "html"
    assert detect_format(Path("a.txt"), b"\xef\xbb\xbf  <!DOCTYPE html>\n<html>") == "html"
    assert detect_format(Path("a.txt"), b"<!-- saved -->\n<HTML><body>") == "html"
    assert detect_format(Path("a.txt"), b"1 html pages") == "text"
    assert detect_format(Path("a.md"), b"# title") == "markdown"
    path = write(tmp_path, "<!DOCTYPE html><html><body><p>本文</p></body></html>", "saved.txt")
    assert read_source(path).format == "html"


def test_empty_page(tmp_path):
    doc = extract(write(tmp_path, ""))
    assert doc.source.format == "html" and doc.coverage.lines_total == 0
