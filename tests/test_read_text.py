"""Reading text: encodings, line ends, binary rejection, blocks."""

from __future__ import annotations

import codecs

import pytest

from reformparse.errors import InputError
from reformparse.read.text import decode, lines_to_blocks, read_text, split_lines

REPORT = "架空市行政改革実施計画\r\n\r\n取組項目名\t窓口の改善\t管理番号\t1\r\n所管部局\t市民部（市民課）\r\n髙橋～Ｈ２４\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "euc_jp"])
def test_each_japanese_encoding_gives_the_same_text(encoding):
    # EUC-JP has no 髙 and spells the wave dash as U+301C
    expected = REPORT if encoding != "euc_jp" else REPORT.replace("髙", "高").replace("～", "〜")
    text, used = decode(expected.encode(encoding), "x.txt")
    assert text == expected
    assert used == encoding


def test_bom_is_detected_and_dropped():
    text, used = decode(codecs.BOM_UTF8 + "取組".encode(), "x.txt")
    assert (text, used) == ("取組", "utf-8-sig")


def test_explicit_encoding_overrides_detection():
    data = "取組内容".encode("cp932")
    assert decode(data, "x.txt", "cp932")[0] == "取組内容"
    with pytest.raises(InputError, match="cannot be decoded as utf-8"):
        decode(data, "x.txt", "utf-8")


def test_nul_bytes_mean_binary():
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "image.txt")


def test_undecodable_bytes_are_rejected():
    with pytest.raises(InputError, match="not text"):
        decode(bytes([0x82, 0xFF, 0xFE, 0x81, 0x7F, 0xA0]) * 10, "x.txt")


def test_crlf_and_cr_line_ends_keep_line_numbers():
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    blocks = lines_to_blocks(split_lines("見出し\r\n\r\nA\tB\r\nC\tD\r\n本文"))
    assert [(b.kind, b.start_line, b.end_line) for b in blocks] == [
        ("text", 1, 1),
        ("table", 3, 4),
        ("text", 5, 5),
    ]
    assert [r.line for r in blocks[1].rows] == [3, 4]


def test_pipe_table_separator_marks_header():
    blocks = lines_to_blocks(["| 項目 | 担当課 |", "|---|---|", "| ①窓口 | 市民課 |", "| ②税 | 税務課 |"])
    assert len(blocks) == 1
    assert blocks[0].header_rows == 1
    assert [r.cells for r in blocks[0].rows] == [["項目", "担当課"], ["①窓口", "市民課"], ["②税", "税務課"]]


def test_html_in_cells_becomes_lines_and_bullets():
    blocks = lines_to_blocks(
        ['取組内容\t<ul style="list-style-type: none"> <li>・一つ目</li><li>二つ目</li></ul>']
    )
    assert blocks[0].rows[0].cells[1] == "・一つ目\n・二つ目"


def test_full_width_spaces_are_kept_inside_text(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("１　スマート化\n", encoding="utf-8")
    doc = read_text(path)
    assert doc.blocks[0].text == "１　スマート化"
    assert doc.line_count == 1


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_pipe_rows_without_the_opening_bar(tmp_path):
    from reformparse.read.text import is_pipe_row

    assert is_pipe_row("No. | 取組項目 | 担当課 |") and is_pipe_row("1 | 窓口 | 市民課")
    assert not is_pipe_row("A|B") and not is_pipe_row("本文 | です")


def test_text_with_html_left_in_it_gives_one_block_per_shown_line(tmp_path):
    from reformparse.read.text import read_text

    path = tmp_path / "br.txt"
    path.write_text("<strong>1&nbsp;概要</strong><br>\n番号<br>取組項目<br>担当課\n", encoding="utf-8")
    texts = [b.text for b in read_text(path).blocks]
    assert texts == ["1 概要", "番号", "取組項目", "担当課"]
