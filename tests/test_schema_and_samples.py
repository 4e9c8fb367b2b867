"""Outputs validate against schemas/; schemas/ is not stale; samples match their expected facts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from reformparse import extract
from reformparse.models import json_schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "document.schema.json"
#: samples whose layout is not read completely yet, with the reason
PENDING_LAYOUTS: dict[str, str] = {}
SAMPLES = sorted(
    p for p in (ROOT / "samples").glob("*") if p.suffix in (".txt", ".md", ".html") and p.name != "README.md"
)


def test_schema_file_is_current():
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert on_disk == json_schema(), "schemas/ is stale: run `make schema`"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def test_there_are_samples():
    assert SAMPLES, "samples/ must hold fictional reports"


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_validates(path, validator):
    data = extract(path).model_dump(mode="json")
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_output_validates(prefix, seed_documents, validator):
    data = seed_documents(prefix).model_dump(mode="json")
    errors = list(validator.iter_errors(data))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def subset_mismatches(expected, actual, path="$"):
    """Where `expected` (a hand-written subset) differs from `actual`."""
    out = []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        for key, value in expected.items():
            out.extend(subset_mismatches(value, actual.get(key), f"{path}.{key}"))
    elif isinstance(expected, list) and path.endswith(".years"):
        # years: the listed entries must be present (matched by fiscal year); others may exist
        by_year = {entry.get("fiscal_year"): entry for entry in actual or []}
        for entry in expected:
            out.extend(
                subset_mismatches(entry, by_year.get(entry["fiscal_year"]), f"{path}[{entry['fiscal_year']}]")
            )
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} items, got {actual!r:.200}"]
        for n, (e, a) in enumerate(zip(expected, actual)):
            out.extend(subset_mismatches(e, a, f"{path}[{n}]"))
    elif isinstance(expected, str) and isinstance(actual, dict) and "code" in actual:
        # a status given by its code
        if expected != actual["code"]:
            out.append(f"{path}: expected status {expected!r}, got {actual!r}")
    elif expected != actual:
        out.append(f"{path}: expected {expected!r}, got {actual!r}")
    return out


def expected_facts(path: Path) -> dict | None:
    facts = path.with_name(path.stem + ".expected.json")
    return json.loads(facts.read_text(encoding="utf-8")) if facts.exists() else None


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_matches_expected_facts(path):
    if path.name in PENDING_LAYOUTS:
        pytest.xfail(PENDING_LAYOUTS[path.name])
    facts = expected_facts(path)
    if facts is None:
        pytest.skip(f"{path.name} has no expected facts")
    data = extract(path).model_dump(mode="json")
    if "initiative_count" in facts:
        assert len(data["initiatives"]) == facts.pop("initiative_count")
    if "group_count" in facts:
        assert len(data["groups"]) == facts.pop("group_count")
    codes = facts.pop("warnings", None)
    if codes is not None:
        found = {w["code"] for w in data["warnings"]}
        assert set(codes) <= found, (codes, found)
    status_counts = facts.pop("status_counts", None)
    if status_counts is not None:
        # counts printed in prose become checks wherever the records carry what they count
        summaries = [c for c in data["checks"] if c["code"] == "summary-count"]
        assert all(status_counts.get(word) == n for c in summaries for word, n in c["expected"].items())
        if any(item.get("status") for item in data["initiatives"]):
            assert summaries and all(c["ok"] for c in summaries), summaries
    expected_amounts = facts.pop("amounts", None)
    if expected_amounts is not None:
        actual = [(a["label"] or "", a["yen"]) for a in data["amounts"]]
        for amount in expected_amounts:
            assert any(amount["label"] in label and amount["yen"] == yen for label, yen in actual), (
                amount,
                actual,
            )
    problems = subset_mismatches(facts, data)
    assert not problems, problems[:10]
