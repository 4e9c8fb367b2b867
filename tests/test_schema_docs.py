"""Every field of the JSON Schema is described, and the warning and check codes are a closed,
documented list (src/reformparse/codes.py and docs/CODES.md)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from reformparse.checks import WARNING_OF_CHECK
from reformparse.codes import CHECK_CODES, WARNING_CODES
from reformparse.models import json_schema

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "reformparse"
CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")


def properties(schema: dict) -> list[tuple[str, str, dict]]:
    """(model, field, its schema) for every field of every model."""
    models = [("Document", schema)] + list(schema["$defs"].items())
    return [
        (name, field, sub) for name, model in models for field, sub in model.get("properties", {}).items()
    ]


def test_every_field_of_the_schema_has_a_description():
    fields = properties(json_schema())
    assert len(fields) > 100
    missing = [
        f"{model}.{field}" for model, field, sub in fields if not (sub.get("description") or "").strip()
    ]
    assert missing == [], "add Field(description=...) in models.py, then `make schema`"


def test_the_committed_schema_carries_the_descriptions():
    committed = json.loads((ROOT / "schemas" / "document.schema.json").read_text(encoding="utf-8"))
    assert all(sub.get("description") for _, _, sub in properties(committed))


def emitted_codes() -> tuple[set[str], set[str]]:
    """The warning and check codes the source emits: the first argument of `warn(...)` and `Check(...)`
    (or their `code=`), and the first item of a `(code, message, span)` note appended by a reader."""
    warnings, checks = set(WARNING_OF_CHECK.values()), set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            first = next(
                (k.value for k in node.keywords if k.arg == "code"), node.args[0] if node.args else None
            )
            if name == "append" and isinstance(first, ast.Tuple) and first.elts:
                first, name = first.elts[0], "warn"
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and CODE.match(first.value):
                if name in ("warn", "Warning"):
                    warnings.add(first.value)
                elif name == "Check":
                    checks.add(first.value)
    if '"check-failed"' in (SRC / "checks.py").read_text(encoding="utf-8"):
        warnings.add("check-failed")
    return warnings, checks


def test_every_code_emitted_is_listed_and_every_listed_code_is_emitted():
    warnings, checks = emitted_codes()
    assert {"row-misaligned", "pdf-cid-font", "html-encoding"} <= warnings  # the scan finds each kind
    assert warnings == set(WARNING_CODES), "update src/reformparse/codes.py and docs/CODES.md"
    assert checks == set(CHECK_CODES), "update src/reformparse/codes.py and docs/CODES.md"
    assert set(WARNING_OF_CHECK) <= set(CHECK_CODES)


def test_docs_list_exactly_these_codes():
    text = (ROOT / "docs" / "CODES.md").read_text(encoding="utf-8")
    warnings_part, checks_part = text.split("## Checks")
    documented = lambda part: set(re.findall(r"^\| `([a-z0-9-]+)` \|", part, re.M))  # noqa: E731
    assert documented(warnings_part) == set(WARNING_CODES)
    assert documented(checks_part) == set(CHECK_CODES)


def test_the_samples_warn_only_with_listed_codes():
    from reformparse import extract

    seen = set()
    for path in sorted((ROOT / "samples").glob("*.txt")):
        document = extract(path)
        seen |= {warning.code for warning in document.warnings}
        assert {check.code for check in document.checks} <= set(CHECK_CODES)
    assert seen and seen <= set(WARNING_CODES)


def test_the_field_guide_is_current():
    from reformparse.field_guide import field_guide

    on_disk = (ROOT / "docs" / "FIELDS.md").read_text(encoding="utf-8")
    assert on_disk == field_guide(), "docs/FIELDS.md is stale: run `make schema`"
    for model, field, _ in properties(json_schema()):
        assert f"| `{field}` |" in on_disk, f"{model}.{field}"
