"""Counts printed in prose or lists become checks against the records."""

from __future__ import annotations

from reformparse import extract


def _doc(tmp_path, text: str):
    path = tmp_path / "summary.txt"
    path.write_text(text, encoding="utf-8")
    return extract(path)


ITEMS = "No.1 窓口の見直し（市民課） 完了\nNo.2 会議の削減（総務課） 順調\nNo.3 施設の統合（施設課） 遅れ\n"


def test_counts_in_a_sentence_and_in_bullets_are_one_check(tmp_path):
    doc = _doc(
        tmp_path,
        "架空市の取組状況\n\n取組の状況は、「完了」は1項目、「順調」は1項目、「遅れ」は1項目でした。\n\n"
        "・完了 1項目\n・順調 1項目\n・遅れ 1項目\n\n" + ITEMS,
    )
    checks = [c for c in doc.checks if c.code == "summary-count"]
    assert len(checks) == 1 and checks[0].ok
    assert checks[0].expected == {"完了": 1, "順調": 1, "遅れ": 1}


def test_counts_that_disagree_are_warned(tmp_path):
    doc = _doc(tmp_path, "架空町の取組状況\n\n完了 2項目、順調 1項目、遅れ 0項目となりました。\n\n" + ITEMS)
    [check] = [c for c in doc.checks if c.code == "summary-count"]
    assert not check.ok and check.found == {"完了": 1, "順調": 1, "遅れ": 1}
    assert any(w.code == "count-mismatch" for w in doc.warnings)


def test_counts_without_records_to_check_are_not_checks(tmp_path):
    doc = _doc(tmp_path, "架空村の取組状況\n\n48項目のうち「完了」は9項目、「順調」は31項目でした。\n")
    assert not [c for c in doc.checks if c.code == "summary-count"]
