"""Flat tables across documents, for spreadsheets (CSV) and SQL (SQLite).

`rows_of(data, document)` turns one document's JSON (the contract's dict) into rows of five tables:
documents, initiatives, initiative_years, amounts and warnings. `TableWriter` streams the rows of one
document at a time into OUT/<table>.csv (written to temporary files and renamed at the end, so a
killed run leaves the previous CSV files whole) and into a SQLite database (one transaction; a
document's earlier rows are replaced).
"""

from __future__ import annotations

import csv
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import IO

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
    "period_raw",
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
#: the tables written as CSV (the documents table is for SQL only)
CSV_TABLES = ("initiatives", "initiative_years", "amounts", "warnings")
PRIMARY_KEYS = {
    "documents": ("document",),
    "initiatives": ("document", "key"),
    "initiative_years": ("document", "key", "fiscal_year"),
}
INTEGER_COLUMNS = {
    "period_start",
    "period_end",
    "initiatives",
    "warnings",
    "fiscal_year",
    "yen",
    "start_line",
    "end_line",
    "page",
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
            "label": amount.get("label"),
            "raw": amount.get("raw"),
            "yen": amount.get("yen"),
            "fiscal_year": amount.get("fiscal_year"),
        }
        for amount in data.get("amounts") or []
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
    source = data["source"]
    documents = [
        {
            "document": document,
            "source_name": source["name"],
            "sha256": source["sha256"],
            "format": source.get("format"),
            "title": data.get("title"),
            "municipality": data.get("municipality"),
            "kind": data.get("kind"),
            "plan_name": data.get("plan_name"),
            "period_start": period.get("start_fiscal_year"),
            "period_end": period.get("end_fiscal_year"),
            "period_raw": period.get("raw"),
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class TableWriter:
    """Streams documents' rows into CSV files in `csv_dir` and/or a SQLite database at `sqlite`.

    Use as a context manager: the CSV files appear (atomically) and the database commits only when
    the block ends without an exception.
    """

    def __init__(self, csv_dir: Path | None, sqlite: Path | None, *, excel: bool = False) -> None:
        self.csv_dir = Path(csv_dir) if csv_dir is not None else None
        self.sqlite = Path(sqlite) if sqlite is not None else None
        self.excel = excel
        self.written: list[Path] = []
        self._csv: dict[str, tuple[IO[str], str, csv.DictWriter]] = {}
        self._db: sqlite3.Connection | None = None

    # -- context
    def __enter__(self) -> TableWriter:
        try:
            if self.csv_dir is not None:
                self._open_csv()
            if self.sqlite is not None:
                self._open_sqlite()
        except BaseException:
            self._abort()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:  # noqa: ANN001
        if exc_type is not None:
            self._abort()
            return
        try:
            self._commit()
        except BaseException:
            self._abort()
            raise

    # -- rows
    def add(self, document: str, data: dict) -> None:
        """Write one document's rows (replacing its earlier rows in SQLite)."""
        tables = rows_of(data, document)  # computed first: a malformed document writes nothing
        for name in CSV_TABLES:
            if name in self._csv:
                self._csv[name][2].writerows(tables[name])
        if self._db is not None:
            self._delete(document)
            for name, columns in TABLES.items():
                self._db.executemany(
                    f"INSERT OR REPLACE INTO {name} ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' for _ in columns)})",
                    [tuple(row.get(column) for column in columns) for row in tables[name]],
                )

    def forget(self, document: str) -> None:
        """Drop a document's rows from the database (it failed this time)."""
        if self._db is not None:
            self._delete(document)

    # -- CSV
    def _open_csv(self) -> None:
        assert self.csv_dir is not None
        self.csv_dir.mkdir(parents=True, exist_ok=True)
        for name in CSV_TABLES:
            handle, temp = tempfile.mkstemp(prefix=f".{name}.csv.", suffix=".tmp", dir=self.csv_dir)
            os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; a table is for others to read
            stream = os.fdopen(handle, "w", encoding="utf-8-sig" if self.excel else "utf-8", newline="")
            writer = csv.DictWriter(
                stream, fieldnames=TABLES[name], lineterminator="\r\n" if self.excel else "\n"
            )
            self._csv[name] = (stream, temp, writer)
            writer.writeheader()

    # -- SQLite
    def _open_sqlite(self) -> None:
        assert self.sqlite is not None
        self.sqlite.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.sqlite, isolation_level=None)
        self._db.execute("BEGIN")
        for name, columns in TABLES.items():
            definitions = [f"{c} {'INTEGER' if c in INTEGER_COLUMNS else 'TEXT'}" for c in columns]
            key = PRIMARY_KEYS.get(name)
            if key:
                definitions.append(f"PRIMARY KEY ({', '.join(key)})")
            self._db.execute(f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(definitions)})")
            present = {row[1] for row in self._db.execute(f"PRAGMA table_info({name})")}
            for column in columns:  # a database written by an earlier version
                if column not in present:
                    kind = "INTEGER" if column in INTEGER_COLUMNS else "TEXT"
                    self._db.execute(f"ALTER TABLE {name} ADD COLUMN {column} {kind}")
            if name not in PRIMARY_KEYS:
                self._db.execute(f"CREATE INDEX IF NOT EXISTS {name}_document ON {name} (document)")

    def _delete(self, document: str) -> None:
        assert self._db is not None
        for name in TABLES:
            self._db.execute(f"DELETE FROM {name} WHERE document = ?", (document,))

    # -- end
    def _commit(self) -> None:
        # every CSV file complete on disk before the first is renamed: a full disk leaves all the
        # earlier tables, never some new and some old
        for stream, _temp, _writer in self._csv.values():
            stream.flush()
            os.fsync(stream.fileno())
        for name, (stream, temp, _writer) in list(self._csv.items()):
            stream.close()
            assert self.csv_dir is not None
            target = self.csv_dir / f"{name}.csv"
            os.replace(temp, target)
            del self._csv[name]
            self.written.append(target)
        if self._db is not None:
            self._db.execute("COMMIT")
            self._db.close()
            self._db = None
            assert self.sqlite is not None
            self.written.append(self.sqlite)

    def _abort(self) -> None:
        for stream, temp, _writer in self._csv.values():
            try:
                stream.close()
            except OSError:
                pass
            try:
                os.unlink(temp)
            except OSError:
                pass
        self._csv.clear()
        if self._db is not None:
            try:
                self._db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            self._db.close()
            self._db = None
