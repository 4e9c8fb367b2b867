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


def render(document: Document, fmt: str, *, compact: bool = False, excel: bool = False) -> str:
    """The document as text in one of json, yaml, jsonl, csv (`excel`: with a BOM and CRLF); always
    valid UTF-8 and strict JSON."""
    if fmt == "json":
        try:
            # pydantic's own serializer (compiled): the same text as json.dumps(indent=2) of the
            # dumped dict, about four times faster; non-finite floats become null
            return document.model_dump_json(indent=None if compact else 2) + "\n"
        except (ValueError, UnicodeError):  # a lone surrogate: the careful path below
            pass
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
        return initiatives_csv([data], excel=excel)
    raise ValueError(f"unknown format {fmt!r}")


def jsonl(data: dict) -> str:
    """One line per initiative, each with its document's key, source name, municipality and kind."""
    from .tables import key_of  # the table writers only when asked for (start-up time)

    head = {
        "document": key_of(data),
        "source": data["source"]["name"],
        "municipality": data.get("municipality"),
        "kind": data.get("kind"),
    }
    lines = [
        json.dumps({**head, **item}, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        for item in data["initiatives"]
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def initiatives_csv(documents: list[dict], *, excel: bool = False) -> str:
    """The initiatives table of one or more documents as CSV (`excel`: a UTF-8 BOM and CRLF)."""
    from .tables import INITIATIVE_COLUMNS, initiative_rows

    buffer = io.StringIO()
    if excel:
        buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=INITIATIVE_COLUMNS, lineterminator="\r\n" if excel else "\n")
    writer.writeheader()
    for data in documents:
        writer.writerows(initiative_rows(data))
    return buffer.getvalue()
