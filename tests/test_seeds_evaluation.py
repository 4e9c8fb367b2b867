"""Acceptance on the evaluation report with progress sheets (001).

Its own tables print 22 取組項目 and the 実践項目 numbered 1..70 and N1..N25 (全95項目).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter

import pytest

from reformparse.normalize import vocab
from reformparse.normalize.text import fold_width
from reformparse.sections import CIRCLED

#: status marks that stand for a status on their own (data/vocab.yaml status_marks)
MARKS = {"○", "〇", "◯", "◎", "△", "×", "✕", "✖"}


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


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_year_status_is_a_status_phrase(seed_documents, prefix):
    """No year's status holds a task number, a header or another table's text."""
    doc = seed_documents(prefix)
    for item in doc.initiatives:
        for year in item.years:
            if year.status is not None:
                raw = year.status.raw
                assert vocab.exact_status(raw) or raw in MARKS, (item.id, year.fiscal_year, raw)


def _sheets(text: str) -> dict[str, list[list[str]]]:
    """The rows of each progress sheet of 001, by its 実践項目 title (cells split at TABs)."""
    sheets: dict[str, list[list[str]]] = {}
    rows: list[list[str]] | None = None
    for line in text.split("\n"):
        cells = [c.strip() for c in line.split("\t")]
        filled = [c for c in cells if c]
        if filled and filled[0] == "実践項目" and len(filled) > 1:
            rows = sheets.setdefault(filled[1], [])
        elif rows is not None:
            rows.append(cells)
    return sheets


def test_001_sheets_give_each_year_its_plan_status_tasks_and_the_marked_themes(seed_documents):
    from conftest import seed

    text = seed("001").read_text(encoding="utf-8")
    doc = seed_documents("001")

    def bare(title: str) -> str:  # without editorial notes (【R5内容変更】) and spaces
        return "".join(re.sub(r"【[^】]*】", "", fold_width(title)).split())

    by_title = {bare(item.title): item for item in doc.initiatives}
    status_words = ("工程どおり", "工程見直し", "取組終了")
    checked = 0
    for title, rows in _sheets(text).items():
        if vocab.is_empty(title):
            continue  # 「実践項目 | -」: the sheet is titled by the heading above it
        # the summary table may print a title with a typo (再導入 for 再エネ導入): the closest one
        close = difflib.get_close_matches(bare(title), list(by_title), n=1, cutoff=0.9)
        assert close, title
        item = by_title[close[0]]
        schedule_start = next(i for i, r in enumerate(rows) if any(c.startswith("工程表") for c in r))
        tasks_start = next(i for i, r in enumerate(rows) if r and r[0].startswith("取組内容"))
        schedule = rows[schedule_start + 1 : tasks_start]
        years = item.years
        assert any(y.plan for y in years), title
        if any(word in cell for row in schedule for cell in row for word in status_words):
            assert any(y.status for y in years), title
        marks = next(rows[i + 1] for i, r in enumerate(rows) if r and r[0] == "テーマ")
        assert len(item.themes) == sum(1 for c in marks if c == "○"), title
        # every numbered task with text in the task table is in one year's tasks
        numbered = 0
        for row in rows[tasks_start + 1 :]:
            filled = [c for c in row if c]
            if not filled or filled[0].startswith(("取組に対する", "No.")) or "取組終了の場合" in filled[0]:
                break
            first = next((i for i, c in enumerate(filled[:3]) if c[0] in CIRCLED), None)
            if first is not None and (len(filled[first]) > 1 or len(filled) > first + 1):
                numbered += 1
        read = sum(len(y.tasks) for y in years)
        assert read >= numbered, (title, read, numbered)
        checked += 1
    assert checked >= 90
