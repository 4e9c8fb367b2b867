"""Money printed anywhere in a record is in its `money`: several amounts in one text cell each."""

from __future__ import annotations

from reformparse import extract

CARD = """架空町行政改革の取組結果

取組項目名\t基金の積立と活用
担当課\t財政課
財源確保目標額\t9,600千円
取組項目実施結果\t標準財政規模は約287億円であり、10%は約29億円になる。基金に3,000万円を積み立てた。
"""


def test_each_amount_of_a_text_cell_is_read_with_the_label_it_was_printed_under(tmp_path):
    path = tmp_path / "card.txt"
    path.write_text(CARD, encoding="utf-8")
    (item,) = extract(path).initiatives
    assert [(m.label, m.yen) for m in item.money] == [
        ("財源確保目標額", 9_600_000),
        ("取組項目実施結果", 28_700_000_000),
        ("取組項目実施結果", 2_900_000_000),
        ("取組項目実施結果", 30_000_000),
    ]
