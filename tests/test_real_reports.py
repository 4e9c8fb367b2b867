"""Reports of local governments the tool was not built on (../shared/real): initiatives, departments,
municipality and an honest coverage, measured against the facts a careful reader found in them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from reformparse import extract
from reformparse.labels import label_key

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real"
FACTS = sorted(REAL.glob("*.facts.json")) if REAL.is_dir() else []
pytestmark = pytest.mark.skipif(not FACTS, reason="../shared/real is not present")


@cache
def read(facts_path: Path):
    facts = json.loads(facts_path.read_text(encoding="utf-8"))
    return facts, extract(facts_path.with_name(facts_path.name.replace(".facts.json", ".txt")))


def _found(facts, doc) -> dict[str, object]:
    by_title = {label_key(item.title): item for item in doc.initiatives}
    return {item["title"]: by_title.get(label_key(item["title"])) for item in facts["items"]}


def test_most_initiatives_are_found():
    wanted = found = 0
    for path in FACTS:
        facts, doc = read(path)
        matches = _found(facts, doc)
        wanted += len(matches)
        found += sum(1 for item in matches.values() if item is not None)
    assert wanted and found / wanted >= 0.8, f"{found} of {wanted}"


@pytest.mark.parametrize("path", FACTS, ids=lambda p: p.name.split(".")[0])
def test_departments_wherever_printed(path):
    facts, doc = read(path)
    matches = _found(facts, doc)
    for item in facts["items"]:
        got = matches[item["title"]]
        if got is not None and item.get("departments"):
            assert got.departments == item["departments"], item["title"]
        if got is not None and item.get("id"):
            assert got.id == item["id"], item["title"]


@pytest.mark.parametrize("path", FACTS, ids=lambda p: p.name.split(".")[0])
def test_municipality_right_or_null(path):
    facts, doc = read(path)
    assert doc.municipality == facts["document"].get("municipality")
    if doc.municipality:
        assert doc.municipality_code and len(doc.municipality_code) == 6 and doc.prefecture


@pytest.mark.parametrize("path", FACTS, ids=lambda p: p.name.split(".")[0])
def test_coverage_is_honest(path):
    facts, doc = read(path)
    coverage = doc.coverage
    assert coverage.ratio < 1.0 or not coverage.lines_total
    if not doc.initiatives:
        # read into prose only: a low figure, and a warning that says so
        assert coverage.ratio <= 0.6, coverage
        assert any(w.code == "no-initiatives" for w in doc.warnings)
