"""Flat tables across documents, for spreadsheets (CSV), SQL (SQLite) and data frames (Parquet).

`rows_of(data, source)` turns one document's JSON (the contract's dict) into the rows of the tables
`TABLES` lists, each column typed (`int`, `float`, `bool`, `str`). Every row carries the document's
key (`document`: `Document.key`, the first 16 hex digits of the source's sha256), the same key the JSON,
the JSON Lines, the batch manifest and the database use. `TableWriter` streams the rows of one document
at a time into CSV files, a SQLite database (output/sqlite.py) and Parquet files (output/parquet.py).
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..models import document_key


@dataclass(frozen=True)
class Column:
    """A table column and its type: int, float, bool or str."""

    name: str
    kind: str = "str"


def _columns(spec: str) -> tuple[Column, ...]:
    """`"document key fiscal_year:int"` → columns (str unless a type follows the colon)."""
    columns = []
    for word in spec.split():
        name, _, kind = word.partition(":")
        columns.append(Column(name, kind or "str"))
    return tuple(columns)


#: every table: its columns, in order (lists in a cell are joined with ' / ')
TABLES: dict[str, tuple[Column, ...]] = {
    "documents": _columns(
        "document source source_name sha256 format encoding pages:int lines:int title municipality "
        "municipality_code prefecture kind plan_name period_start:int period_end:int period_start_date "
        "period_end_date period_raw initiatives:int groups:int warnings:int coverage:float"
    ),
    "initiatives": _columns(
        "document source municipality kind key id id_raw title group_id section_path departments "
        "related_departments period_start:int period_end:int status status_code grade themes background "
        "content goal effect result next_steps layout start_line:int end_line:int page:int"
    ),
    "initiative_years": _columns(
        "document key fiscal_year:int plan phase actual status status_code grade target reason"
    ),
    "initiative_departments": _columns("document key position:int role unit bureau"),
    "initiative_money": _columns(
        "document key position:int label raw yen:int fiscal_year:int row_label column_label"
    ),
    "initiative_fields": _columns("document key position:int label text"),
    "year_values": _columns("document key fiscal_year:int position:int raw value:float unit"),
    "year_tasks": _columns("document key fiscal_year:int position:int number text result years_raw"),
    "kpis": _columns(
        "document key kpi:int name baseline_raw baseline_value:float baseline_unit target_raw "
        "target_value:float target_unit raw"
    ),
    "kpi_values": _columns("document key kpi:int fiscal_year:int raw value:float unit"),
    "scores": _columns("document owner key name value:float"),
    "groups": _columns(
        "document key id title section_path grade committee_score:float committee_scale:float "
        "committee_comments themes initiative_keys"
    ),
    "amounts": _columns("document position:int label raw yen:int fiscal_year:int row_label column_label"),
    "checks": _columns("document code subject ok:bool message start_line:int"),
    "warnings": _columns("document code message start_line:int end_line:int page:int"),
}
#: columns that identify a row (a primary key in SQLite)
PRIMARY_KEYS = {
    "documents": ("document",),
    "initiatives": ("document", "key"),
    "initiative_years": ("document", "key", "fiscal_year"),
    "initiative_departments": ("document", "key", "position"),
    "initiative_money": ("document", "key", "position"),
    "initiative_fields": ("document", "key", "position"),
    "year_values": ("document", "key", "fiscal_year", "position"),
    "year_tasks": ("document", "key", "fiscal_year", "position"),
    "kpis": ("document", "key", "kpi"),
    "kpi_values": ("document", "key", "kpi", "fiscal_year"),
    "scores": ("document", "owner", "key", "name"),
    "groups": ("document", "key"),
    "amounts": ("document", "position"),
}
INITIATIVE_COLUMNS = [column.name for column in TABLES["initiatives"]]
SEPARATOR = " / "


def _joined(values: list[str] | None) -> str:
    return SEPARATOR.join(values or [])


def key_of(data: dict) -> str:
    """The document's key: `key` in the JSON, else (an output of an earlier version) from its sha256."""
    return data.get("key") or document_key(data["source"]["sha256"])


def rows_of(data: dict, source: str | None = None) -> dict[str, list[dict]]:
    """The rows one document gives each table; `source` names its input (default: the file name)."""
    document = key_of(data)
    source = source or data["source"]["name"]
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    tables["documents"].append(_document_row(data, document, source))
    for item in data["initiatives"]:
        _initiative_rows(tables, data, item, document, source)
    for group in data.get("groups") or []:
        _group_rows(tables, group, document)
    for position, amount in enumerate(data.get("amounts") or [], 1):
        tables["amounts"].append({"document": document, "position": position, **_money(amount)})
    for check in data.get("checks") or []:
        span = check.get("span") or {}
        tables["checks"].append(
            {
                "document": document,
                "code": check["code"],
                "subject": check["subject"],
                "ok": check["ok"],
                "message": check.get("message"),
                "start_line": span.get("start_line"),
            }
        )
    for warning in data.get("warnings") or []:
        span = warning.get("span") or {}
        tables["warnings"].append(
            {
                "document": document,
                "code": warning["code"],
                "message": warning["message"],
                "start_line": span.get("start_line"),
                "end_line": span.get("end_line"),
                "page": span.get("page"),
            }
        )
    return tables


def _document_row(data: dict, document: str, source: str) -> dict:
    period = data.get("period") or {}
    found = data["source"]
    return {
        "document": document,
        "source": source,
        "source_name": found["name"],
        "sha256": found["sha256"],
        "format": found.get("format"),
        "encoding": found.get("encoding"),
        "pages": found.get("pages"),
        "lines": found.get("lines"),
        "title": data.get("title"),
        "municipality": data.get("municipality"),
        "municipality_code": data.get("municipality_code"),
        "prefecture": data.get("prefecture"),
        "kind": data.get("kind"),
        "plan_name": data.get("plan_name"),
        "period_start": period.get("start_fiscal_year"),
        "period_end": period.get("end_fiscal_year"),
        "period_start_date": period.get("start_date"),
        "period_end_date": period.get("end_date"),
        "period_raw": period.get("raw"),
        "initiatives": len(data["initiatives"]),
        "groups": len(data.get("groups") or []),
        "warnings": len(data.get("warnings") or []),
        "coverage": (data.get("coverage") or {}).get("ratio"),
    }


def _money(money: dict) -> dict:
    return {
        "label": money.get("label"),
        "raw": money.get("raw"),
        "yen": money.get("yen"),
        "fiscal_year": money.get("fiscal_year"),
        "row_label": money.get("row_label"),
        "column_label": money.get("column_label"),
    }


def _quantity(prefix: str, quantity: dict | None) -> dict:
    quantity = quantity or {}
    return {
        f"{prefix}raw": quantity.get("raw"),
        f"{prefix}value": quantity.get("value"),
        f"{prefix}unit": quantity.get("unit"),
    }


def initiative_row(data: dict, item: dict, document: str, source: str) -> dict:
    """The initiatives table's row of one initiative."""
    period = item.get("period") or {}
    status = item.get("status") or {}
    span = item.get("span") or {}
    return {
        "document": document,
        "source": source,
        "municipality": data.get("municipality"),
        "kind": data.get("kind"),
        "key": item["key"],
        "id": item.get("id"),
        "id_raw": item.get("id_raw"),
        "title": item["title"],
        "group_id": item.get("group_id"),
        "section_path": _joined(item.get("section_path")),
        "departments": _joined(item.get("departments")),
        "related_departments": _joined(item.get("related_departments")),
        "period_start": period.get("start_fiscal_year"),
        "period_end": period.get("end_fiscal_year"),
        "status": status.get("raw"),
        "status_code": status.get("code"),
        "grade": item.get("grade"),
        "themes": _joined(item.get("themes")),
        "background": item.get("background"),
        "content": item.get("content"),
        "goal": item.get("goal"),
        "effect": item.get("effect"),
        "result": item.get("result"),
        "next_steps": item.get("next_steps"),
        "layout": item.get("layout"),
        "start_line": span.get("start_line"),
        "end_line": span.get("end_line"),
        "page": span.get("page"),
    }


def _initiative_rows(
    tables: dict[str, list[dict]], data: dict, item: dict, document: str, source: str
) -> None:
    key = item["key"]
    ids = {"document": document, "key": key}
    tables["initiatives"].append(initiative_row(data, item, document, source))
    for entry in item.get("years") or []:
        status = entry.get("status") or {}
        year = entry["fiscal_year"]
        tables["initiative_years"].append(
            {
                **ids,
                "fiscal_year": year,
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
        for position, value in enumerate(entry.get("values") or [], 1):
            tables["year_values"].append(
                {**ids, "fiscal_year": year, "position": position, **_quantity("", value)}
            )
        for position, task in enumerate(entry.get("tasks") or [], 1):
            tables["year_tasks"].append(
                {
                    **ids,
                    "fiscal_year": year,
                    "position": position,
                    "number": task.get("number"),
                    "text": task.get("text"),
                    "result": task.get("result"),
                    "years_raw": task.get("years_raw"),
                }
            )
    _department_rows(tables, item, ids)
    for position, money in enumerate(item.get("money") or [], 1):
        tables["initiative_money"].append({**ids, "position": position, **_money(money)})
    for position, field in enumerate(item.get("fields") or [], 1):
        tables["initiative_fields"].append(
            {**ids, "position": position, "label": field["label"], "text": field["text"]}
        )
    for number, kpi in enumerate(item.get("kpis") or [], 1):
        tables["kpis"].append(
            {
                **ids,
                "kpi": number,
                "name": kpi.get("name"),
                **_quantity("baseline_", kpi.get("baseline")),
                **_quantity("target_", kpi.get("target")),
                "raw": kpi.get("raw"),
            }
        )
        for year, value in sorted((kpi.get("yearly") or {}).items(), key=lambda pair: int(pair[0])):
            tables["kpi_values"].append(
                {**ids, "kpi": number, "fiscal_year": int(year), **_quantity("", value)}
            )
    for name, value in (item.get("scores") or {}).items():
        tables["scores"].append(
            {"document": document, "owner": "initiative", "key": key, "name": name, "value": value}
        )


def _department_rows(tables: dict[str, list[dict]], item: dict, ids: dict) -> None:
    """One row per responsible unit (with its bureau), then one per related unit."""
    details = item.get("department_details") or [{"unit": unit} for unit in item.get("departments") or []]
    rows = [("responsible", detail["unit"], detail.get("bureau")) for detail in details]
    rows += [("related", unit, None) for unit in item.get("related_departments") or []]
    for position, (role, unit, bureau) in enumerate(rows, 1):
        tables["initiative_departments"].append(
            {**ids, "position": position, "role": role, "unit": unit, "bureau": bureau}
        )


def _group_rows(tables: dict[str, list[dict]], group: dict, document: str) -> None:
    committee = group.get("committee") or {}
    tables["groups"].append(
        {
            "document": document,
            "key": group["key"],
            "id": group.get("id"),
            "title": group["title"],
            "section_path": _joined(group.get("section_path")),
            "grade": group.get("grade"),
            "committee_score": committee.get("score"),
            "committee_scale": committee.get("scale"),
            "committee_comments": _joined(committee.get("comments")),
            "themes": _joined(group.get("themes")),
            "initiative_keys": _joined(group.get("initiative_keys")),
        }
    )
    for name, value in (group.get("scores") or {}).items():
        tables["scores"].append(
            {"document": document, "owner": "group", "key": group["key"], "name": name, "value": value}
        )


def initiative_rows(data: dict) -> list[dict]:
    """The initiatives table's rows of one document (as `extract --format csv` prints them)."""
    document, source = key_of(data), data["source"]["name"]
    return [initiative_row(data, item, document, source) for item in data["initiatives"]]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class CsvTables:
    """One CSV file per table in a folder, each written to a temporary file and renamed at the end."""

    def __init__(self, folder: Path, *, excel: bool = False) -> None:
        self.folder = folder
        self.excel = excel
        self._open: dict[str, tuple[IO[str], str, csv.DictWriter]] = {}

    def open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, columns in TABLES.items():
            handle, temp = tempfile.mkstemp(prefix=f".{name}.csv.", suffix=".tmp", dir=self.folder)
            os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; a table is for others to read
            stream = os.fdopen(handle, "w", encoding="utf-8-sig" if self.excel else "utf-8", newline="")
            writer = csv.DictWriter(
                stream, fieldnames=[c.name for c in columns], lineterminator="\r\n" if self.excel else "\n"
            )
            self._open[name] = (stream, temp, writer)
            writer.writeheader()

    def add(self, tables: dict[str, list[dict]]) -> None:
        for name, (_stream, _temp, writer) in self._open.items():
            writer.writerows(tables[name])

    def commit(self) -> list[Path]:
        written = []
        for name, (stream, temp, _writer) in list(self._open.items()):
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()
            target = self.folder / f"{name}.csv"
            os.replace(temp, target)
            del self._open[name]
            written.append(target)
        return written

    def abort(self) -> None:
        for stream, temp, _writer in self._open.values():
            try:
                stream.close()
            except OSError:
                pass
            try:
                os.unlink(temp)
            except OSError:
                pass
        self._open.clear()


class TableWriter:
    """Streams documents' rows into CSV files (`csv_dir`), a SQLite database and Parquet files.

    Use as a context manager: the files appear (atomically) and the database commits only when the
    block ends without an exception. `folder` (the batch's input folder) and each document's `source`
    (its path relative to that folder) tell the database which input a document came from, so that a
    re-run replaces that input's document and `prune` can drop the inputs that are gone.
    """

    def __init__(
        self,
        csv_dir: Path | None,
        sqlite: Path | None,
        *,
        excel: bool = False,
        parquet_dir: Path | None = None,
        folder: str = "",
    ) -> None:
        from .parquet import ParquetTables
        from .sqlite import SqliteTables

        self.csv = CsvTables(Path(csv_dir), excel=excel) if csv_dir is not None else None
        self.db = SqliteTables(Path(sqlite), folder) if sqlite is not None else None
        self.parquet = ParquetTables(Path(parquet_dir)) if parquet_dir is not None else None
        self.written: list[Path] = []
        #: the keys written in this run: a second input with the same content is the same document
        self.keys: dict[str, str] = {}

    def _sinks(self) -> list:
        return [sink for sink in (self.csv, self.db, self.parquet) if sink is not None]

    def __enter__(self) -> TableWriter:
        try:
            for sink in self._sinks():
                sink.open()
        except BaseException:
            self._abort()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:  # noqa: ANN001
        if exc_type is not None:
            self._abort()
            return
        try:
            for sink in self._sinks():
                self.written.extend(sink.commit())
        except BaseException:
            self._abort()
            raise

    def add(self, source: str, data: dict) -> str | None:
        """Write one document's rows; returns the input already written with the same key, if any."""
        tables = rows_of(data, source)  # computed first: a malformed document writes nothing
        document = tables["documents"][0]["document"]
        if self.db is not None:
            self.db.link(source, document)
        if document in self.keys:
            return self.keys[document]
        self.keys[document] = source
        if self.csv is not None:
            self.csv.add(tables)
        if self.parquet is not None:
            self.parquet.add(tables)
        if self.db is not None:
            self.db.add(document, tables)
        return None

    def forget(self, source: str) -> None:
        """This input has no document now (it failed or is gone): drop its rows from the database."""
        if self.db is not None:
            self.db.unlink(source)

    def prune(self, keep: set[str]) -> list[str]:
        """Drop from the database the inputs of this folder not in `keep`; returns them."""
        return self.db.prune(keep) if self.db is not None else []

    def _abort(self) -> None:
        for sink in self._sinks():
            sink.abort()
