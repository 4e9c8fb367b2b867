"""Cross-checks: totals, prose counts, duplicate ids, status tables."""

from __future__ import annotations

from reformparse.labels import LabelBook
from reformparse.pipeline import build_document
from reformparse.read.text import read_text


def extract_text(tmp_path, text: str):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return build_document(read_text(path), LabelBook())


MONEY_TABLE = """[単位：億円]

項目\t目標額\t累計
収入の確保\t1.5\t0.9
使用料の見直し\t0.5\t0.4
その他収入\t1.0\t0.5
支出の抑制\t2.0\t{spend}
事務の見直し\t1.2\t1.0
補助金の見直し\t0.8\t0.6
取組合計額\t3.5\t2.5
"""


def test_subtotals_are_counted_once(tmp_path):
    doc = extract_text(tmp_path, MONEY_TABLE.format(spend="1.6"))
    totals = [c for c in doc.checks if c.code == "table-total"]
    assert len(totals) == 2 and all(c.ok for c in totals)
    assert not [w for w in doc.warnings if w.code == "total-mismatch"]
    assert [a.yen for a in doc.amounts if a.label == "取組合計額 目標額"] == [350_000_000]


def test_a_total_that_does_not_add_up_is_warned(tmp_path):
    doc = extract_text(
        tmp_path, MONEY_TABLE.replace("取組合計額\t3.5\t2.5", "取組合計額\t3.5\t2.9").format(spend="1.6")
    )
    warnings = [w for w in doc.warnings if w.code == "total-mismatch"]
    assert len(warnings) == 1 and "2.9" in warnings[0].message
    assert warnings[0].span.start_line == 10


def test_prose_count_about_initiatives(tmp_path):
    cards = "".join(
        f"取組項目名\t項目{n}\t管理番号\t{n}\n所管部局\t総務部（総務課）\n今後の予定\t続ける。\n\n"
        for n in range(1, 4)
    )
    good = extract_text(tmp_path, "全3項目の取組を進めた。\n\n" + cards)
    assert [(c.code, c.ok) for c in good.checks] == [("prose-count", True)]
    bad = extract_text(tmp_path, "全4項目の取組を進めた。\n\n" + cards)
    assert [w.code for w in bad.warnings] == ["count-mismatch"]
    unrelated = extract_text(tmp_path, "指標は全7項目中6項目で目標を達成した。\n\n" + cards)
    assert not unrelated.checks and not unrelated.warnings


def test_status_table_mismatch_is_warned(tmp_path):
    text = """区分\t取組数\t実施済み\t予定どおり進んでいる\t予定より遅れている
窓口\t2\t2\t0\t0
合計\t2\t2\t0\t0

1 窓口

取組項目名\t甲\t管理番号\t1
作業工程\t令和2年度\t令和3年度
進行状況\t予定どおり進んでいる\t実施済み

取組項目名\t乙\t管理番号\t2
作業工程\t令和2年度\t令和3年度
進行状況\t予定どおり進んでいる\t予定より遅れている
"""
    doc = extract_text(tmp_path, text)
    status_checks = [c for c in doc.checks if c.code == "status-count"]
    assert [c.ok for c in status_checks] == [False, False]
    assert status_checks[0].found == {"completed": 1, "on_track": 0, "delayed": 1}
    assert len([w for w in doc.warnings if w.code == "count-mismatch"]) == 2


def test_a_column_unit_in_the_header_makes_that_column_money(tmp_path):
    doc = extract_text(tmp_path, "取組\t件数\t効果額（千円）\n窓口委託\t3\t1,200\n広告収入\t5\t300\n")
    assert [(a.label, a.yen) for a in doc.amounts] == [
        ("窓口委託 効果額（千円）", 1_200_000),
        ("広告収入 効果額（千円）", 300_000),
    ]
