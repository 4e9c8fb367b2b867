"""Rendering a Document as JSON, YAML, JSON Lines or CSV text."""

from __future__ import annotations

import csv
import io
import json

from ..models import Document
from .safe import clean_data


def to_data(document: Document) -> dict:
    """The JSON-ready dict of the contract: strict JSON (no NaN or Infinity) and valid UTF-8 (a lone
    surrogate becomes U+FFFD)."""
    data = document.model_dump(mode="json")
    try:
        json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (ValueError, UnicodeError):
        return clean_data(data)
    return data


def _json(data: dict, compact: bool) -> str:
    if compact:
        return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, allow_nan=False, indent=2) + "\n"


def render(document: Document, fmt: str, *, compact: bool = False) -> str:
    """The document as text in one of json, yaml, jsonl, csv (always valid UTF-8, strict JSON)."""
    if fmt == "json":
        data = document.model_dump(mode="json")
        try:
            text = _json(data, compact)
            text.encode("utf-8")
        except (ValueError, UnicodeError):
            text = _json(clean_data(data), compact)
        return text
    data = to_data(document)
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    if fmt == "jsonl":
        return jsonl(data)
    if fmt == "csv":
        return initiatives_csv([data])
    raise ValueError(f"unknown format {fmt!r}")


def jsonl(data: dict) -> str:
    """One line per initiative, each with its document's source name, municipality and kind."""
    head = {
        "document": data["source"]["name"],
        "municipality": data.get("municipality"),
        "kind": data.get("kind"),
    }
    lines = [
        json.dumps({**head, **item}, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        for item in data["initiatives"]
    ]
    return "\n".join(lines) + ("\n" if lines else "")


INITIATIVE_COLUMNS = [
    "document",
    "municipality",
    "kind",
    "key",
    "id",
    "title",
    "group_id",
    "section_path",
    "departments",
    "period_start",
    "period_end",
    "status",
    "status_code",
    "grade",
]


def initiative_rows(data: dict) -> list[dict]:
    """One flat row per initiative (lists joined with ' / ')."""
    rows = []
    for item in data["initiatives"]:
        period = item.get("period") or {}
        status = item.get("status") or {}
        rows.append(
            {
                "document": data["source"]["name"],
                "municipality": data.get("municipality"),
                "kind": data.get("kind"),
                "key": item["key"],
                "id": item.get("id"),
                "title": item["title"],
                "group_id": item.get("group_id"),
                "section_path": " / ".join(item.get("section_path") or []),
                "departments": " / ".join(item.get("departments") or []),
                "period_start": period.get("start_fiscal_year"),
                "period_end": period.get("end_fiscal_year"),
                "status": status.get("raw"),
                "status_code": status.get("code"),
                "grade": item.get("grade"),
            }
        )
    return rows


def initiatives_csv(documents: list[dict]) -> str:
    """The initiatives table of one or more documents as CSV."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=INITIATIVE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for data in documents:
        writer.writerows(initiative_rows(data))
    return buffer.getvalue()
