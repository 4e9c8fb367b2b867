"""Flat tables across documents, for spreadsheets (CSV) and SQL (SQLite)."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

from .files import atomic_write_text
from .render import INITIATIVE_COLUMNS, initiative_rows

YEAR_COLUMNS = [
    "document",
    "key",
    "fiscal_year",
    "plan",
    "phase",
    "actual",
    "status",
    "status_code",
    "grade",
    "target",
    "reason",
]
AMOUNT_COLUMNS = ["document", "label", "raw", "yen", "fiscal_year"]
WARNING_COLUMNS = ["document", "code", "message", "start_line", "end_line", "page"]
DOCUMENT_COLUMNS = [
    "document",
    "source_name",
    "sha256",
    "format",
    "title",
    "municipality",
    "kind",
    "plan_name",
    "period_start",
    "period_end",
    "initiatives",
    "warnings",
]
TABLES = {
    "documents": DOCUMENT_COLUMNS,
    "initiatives": INITIATIVE_COLUMNS,
    "initiative_years": YEAR_COLUMNS,
    "amounts": AMOUNT_COLUMNS,
    "warnings": WARNING_COLUMNS,
}
KEYS = {
    "documents": ["document"],
    "initiatives": ["document", "key"],
    "initiative_years": ["document", "key", "fiscal_year"],
}


def rows_of(data: dict, document: str) -> dict[str, list[dict]]:
    """The rows one document contributes to each table; `document` is its key (the input's path)."""
    period = data.get("period") or {}
    initiatives = initiative_rows(data)
    for row in initiatives:
        row["document"] = document
    years = []
    for item in data["initiatives"]:
        for entry in item.get("years") or []:
            status = entry.get("status") or {}
            years.append(
                {
                    "document": document,
                    "key": item["key"],
                    "fiscal_year": entry["fiscal_year"],
                    "plan": entry.get("plan"),
                    "phase": entry.get("phase"),
                    "actual": entry.get("actual"),
                    "status": status.get("raw"),
                    "status_code": status.get("code"),
                    "grade": entry.get("grade"),
                    "target": entry.get("target"),
                    "reason": entry.get("reason"),
                }
            )
    amounts = [
        {
            "document": document,
            "label": a.get("label"),
            "raw": a.get("raw"),
            "yen": a.get("yen"),
            "fiscal_year": a.get("fiscal_year"),
        }
        for a in data.get("amounts") or []
    ]
    warnings = []
    for warning in data.get("warnings") or []:
        span = warning.get("span") or {}
        warnings.append(
            {
                "document": document,
                "code": warning["code"],
                "message": warning["message"],
                "start_line": span.get("start_line"),
                "end_line": span.get("end_line"),
                "page": span.get("page"),
            }
        )
    documents = [
        {
            "document": document,
            "source_name": data["source"]["name"],
            "sha256": data["source"]["sha256"],
            "format": data["source"]["format"],
            "title": data.get("title"),
            "municipality": data.get("municipality"),
            "kind": data.get("kind"),
            "plan_name": data.get("plan_name"),
            "period_start": period.get("start_fiscal_year"),
            "period_end": period.get("end_fiscal_year"),
            "initiatives": len(data["initiatives"]),
            "warnings": len(data.get("warnings") or []),
        }
    ]
    return {
        "documents": documents,
        "initiatives": initiatives,
        "initiative_years": years,
        "amounts": amounts,
        "warnings": warnings,
    }


def merge_rows(parts: list[dict[str, list[dict]]]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {name: [] for name in TABLES}
    for part in parts:
        for name, rows in part.items():
            out[name].extend(rows)
    return out


def write_csv_tables(out: Path, tables: dict[str, list[dict]], *, excel: bool = False) -> list[Path]:
    """initiatives.csv, initiative_years.csv, amounts.csv, warnings.csv (utf-8-sig with `excel`)."""
    written = []
    for name in ("initiatives", "initiative_years", "amounts", "warnings"):
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=TABLES[name], lineterminator="\r\n" if excel else "\n")
        writer.writeheader()
        writer.writerows(tables[name])
        path = out / f"{name}.csv"
        atomic_write_text(path, buffer.getvalue(), encoding="utf-8-sig" if excel else "utf-8")
        written.append(path)
    return written


def write_sqlite(path: Path, tables: dict[str, list[dict]]) -> None:
    """The same tables in one SQLite database; a document's earlier rows are replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    try:
        with connection:
            for name, columns in TABLES.items():
                keys = KEYS.get(name)
                key_sql = f", PRIMARY KEY ({', '.join(keys)})" if keys else ""
                connection.execute(f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(columns)}{key_sql})")
            documents = {row["document"] for row in tables["documents"]}
            for name in TABLES:
                connection.executemany(f"DELETE FROM {name} WHERE document = ?", [(d,) for d in documents])
            for name, columns in TABLES.items():
                placeholders = ", ".join("?" for _ in columns)
                connection.executemany(
                    f"INSERT OR REPLACE INTO {name} ({', '.join(columns)}) VALUES ({placeholders})",
                    [tuple(row.get(c) for c in columns) for row in tables[name]],
                )
    finally:
        connection.close()
