"""Acceptance on the evaluation report with progress sheets (001).

Its own tables print 22 取組項目 and the 実践項目 numbered 1..70 and N1..N25 (全95項目).
"""

from __future__ import annotations

from collections import Counter


def test_001_groups_and_initiatives(seed_documents):
    doc = seed_documents("001")
    assert doc.kind == "evaluation" and doc.municipality == "苫小牧市"
    assert [g.id for g in doc.groups] == [str(n) for n in range(1, 23)]
    ids = [item.id for item in doc.initiatives]
    assert Counter(ids).most_common(1)[0][1] == 1, "an initiative is duplicated"
    assert set(ids) == {str(n) for n in range(1, 71)} | {f"N{n}" for n in range(1, 26)}
    group_ids = {g.id for g in doc.groups}
    complete = 0
    for item in doc.initiatives:
        assert item.group_id in group_ids, item.id
        assert item.departments, item.id
        if item.grade and any(y.grade for y in item.years):
            complete += 1
    assert complete >= 94
    assert sum(len(g.initiative_keys) for g in doc.groups) == 95


def test_001_committee_scores_and_yearly_grades(seed_documents):
    doc = seed_documents("001")
    for group in doc.groups:
        assert group.committee and group.committee.scale == 5, group.id
        assert 1 <= group.committee.score <= 5 and group.committee.comments, group.id
    first = next(item for item in doc.initiatives if item.id == "1")
    assert [(y.fiscal_year, y.grade) for y in first.years if y.grade] == [
        (2020, "B"),
        (2021, "A"),
        (2022, "C"),
        (2023, "C"),
    ]
    assert first.scores["進捗度"] == 3 and first.grade == "A"
    assert [d.bureau for d in first.department_details] == ["政", "財"]
    ended = [y for item in doc.initiatives for y in item.years if item.id == "8"]
    assert [y.fiscal_year for y in ended if y.grade] == [2020, 2021, 2022]  # "-" in R5: the item had ended


def test_001_amounts_in_yen(seed_documents):
    doc = seed_documents("001")
    yen = {a.yen for a in doc.amounts}
    assert {3_760_000_000, 2_800_000_000, 770_000_000, 110_000_000} <= yen
    headline = next(a for a in doc.amounts if a.yen == 3_760_000_000)
    assert "財政効果額" in headline.label
