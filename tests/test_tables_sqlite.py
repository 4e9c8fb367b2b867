"""`batch --tables / --excel / --sqlite`: the CSV files and the database hold the rows of the JSON outputs."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from reformparse.batch import MANIFEST
from reformparse.output.tables import INITIATIVE_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXE = Path(sys.executable).parent / "reformparse"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(EXE), *args], capture_output=True, env={**os.environ, "NO_COLOR": "1"}, timeout=120
    )


def make_folder(base: Path) -> Path:
    folder = base / "in"
    (folder / "sub").mkdir(parents=True)
    for name in ("results_cards.txt", "plan_cards.txt", "status_table_pages.txt", "evaluation_sheets.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    shutil.copy(SAMPLES / "split_pipe_tables.md", folder / "sub" / "split_pipe_tables.md")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4 garbage")
    return folder


def documents_of(out: Path) -> dict[str, dict]:
    """The JSON of every document the manifest says is done, by input path."""
    documents = {}
    for line in (out / MANIFEST).read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["status"] in ("ok", "skipped"):
            documents[entry["input"]] = json.loads((out / entry["output"]).read_text(encoding="utf-8"))
    return documents


def text(value) -> str:  # noqa: ANN001
    return "" if value is None else str(value)


def expected_rows(documents: dict[str, dict]) -> dict[str, list[tuple]]:
    """The rows computed straight from the JSON, independently of reformparse.output.tables."""
    initiatives, years, amounts, warnings = [], [], [], []
    for data in documents.values():
        name = data["key"]  # the document's key, the same in the JSON and every table
        for item in data["initiatives"]:
            status = item["status"] or {}
            initiatives.append(
                (
                    name,
                    data["municipality"],
                    item["key"],
                    item["id"],
                    item["title"],
                    " / ".join(item["departments"]),
                    " / ".join(item["section_path"]),
                    status.get("code"),
                    item["grade"],
                )
            )
            for entry in item["years"]:
                year_status = entry["status"] or {}
                years.append(
                    (
                        name,
                        item["key"],
                        entry["fiscal_year"],
                        entry["phase"],
                        year_status.get("code"),
                        entry["actual"],
                    )
                )
        for amount in data["amounts"]:
            amounts.append((name, amount["label"], amount["raw"], amount["yen"], amount["fiscal_year"]))
        for warning in data["warnings"]:
            span = warning["span"] or {}
            warnings.append((name, warning["code"], warning["message"], span.get("start_line")))
    return {"initiatives": initiatives, "years": years, "amounts": amounts, "warnings": warnings}


def as_text(rows: list[tuple]) -> list[tuple]:
    return sorted(tuple(text(v) for v in row) for row in rows)


def read_csv(path: Path, columns: list[str], encoding: str = "utf-8") -> list[tuple]:
    with path.open(encoding=encoding, newline="") as stream:
        return [tuple(row[c] for c in columns) for row in csv.DictReader(stream)]


def sql(database: Path, query: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return list(connection.execute(query))


def test_tables_and_sqlite_hold_the_rows_of_the_json(tmp_path):
    folder, out, database = make_folder(tmp_path), tmp_path / "out", tmp_path / "db" / "all.sqlite"
    result = run("batch", str(folder), "-o", str(out), "--tables", "--sqlite", str(database), "--jobs", "2")
    assert result.returncode == 1  # corrupt.pdf
    documents = documents_of(out)
    assert len(documents) == 6
    expected = expected_rows(documents)
    assert (
        len(expected["initiatives"]) > 40
        and expected["years"]
        and expected["amounts"]
        and expected["warnings"]
    )

    initiative_columns = [
        "document", "municipality", "key", "id", "title", "departments", "section_path", "status_code", "grade"
    ]  # fmt: skip
    with (out / "initiatives.csv").open(encoding="utf-8", newline="") as stream:
        assert next(csv.reader(stream)) == INITIATIVE_COLUMNS
    assert as_text(read_csv(out / "initiatives.csv", initiative_columns)) == as_text(expected["initiatives"])
    year_columns = ["document", "key", "fiscal_year", "phase", "status_code", "actual"]
    assert as_text(read_csv(out / "initiative_years.csv", year_columns)) == as_text(expected["years"])
    amount_columns = ["document", "label", "raw", "yen", "fiscal_year"]
    assert as_text(read_csv(out / "amounts.csv", amount_columns)) == as_text(expected["amounts"])
    warning_columns = ["document", "code", "message", "start_line"]
    assert as_text(read_csv(out / "warnings.csv", warning_columns)) == as_text(expected["warnings"])

    # SQLite: the same rows, with integers as integers
    assert sorted(
        sql(database, f"SELECT {', '.join(initiative_columns)} FROM initiatives"), key=str
    ) == sorted(expected["initiatives"], key=str)
    assert sorted(
        sql(database, f"SELECT {', '.join(year_columns)} FROM initiative_years"), key=str
    ) == sorted(expected["years"], key=str)
    assert sorted(sql(database, f"SELECT {', '.join(amount_columns)} FROM amounts"), key=str) == sorted(
        expected["amounts"], key=str
    )
    assert sorted(sql(database, f"SELECT {', '.join(warning_columns)} FROM warnings"), key=str) == sorted(
        expected["warnings"], key=str
    )
    docs = {
        row[0]: row
        for row in sql(database, "SELECT source, document, source_name, sha256, title, kind FROM documents")
    }
    assert set(docs) == set(documents)
    for name, data in documents.items():
        assert docs[name][1:] == (
            data["key"],
            data["source"]["name"],
            data["source"]["sha256"],
            data["title"],
            data["kind"],
        )
    # the SQL the README shows works
    assert (
        sql(
            database,
            "SELECT d.municipality, i.title, y.fiscal_year FROM initiatives i "
            "JOIN initiative_years y USING (document, key) JOIN documents d USING (document) "
            "WHERE y.status_code = 'delayed'",
        )
        is not None
    )


def test_rerun_replaces_rows_and_drops_a_document_that_now_fails(tmp_path):
    folder, out, database = make_folder(tmp_path), tmp_path / "out", tmp_path / "all.db"
    run("batch", str(folder), "-o", str(out), "--sqlite", str(database), "--jobs", "1")
    query = "SELECT d.source, i.key, i.title FROM initiatives i JOIN documents d USING (document)"
    before = sorted(sql(database, query))
    assert any(row[0] == "plan_cards.txt" for row in before)
    again = run("batch", str(folder), "-o", str(out), "--sqlite", str(database), "--force", "--jobs", "2")
    assert again.returncode == 1
    assert sorted(sql(database, query)) == before  # no duplicates
    (folder / "plan_cards.txt").write_bytes(b"\x00binary now")
    run("batch", str(folder), "-o", str(out), "--sqlite", str(database), "--jobs", "1")
    after = sql(database, query)
    assert sorted(after) == [row for row in before if row[0] != "plan_cards.txt"]
    assert sql(database, "SELECT count(*) FROM documents WHERE source = 'plan_cards.txt'") == [(0,)]


def test_excel_and_yaml_outputs_with_skipped_documents(tmp_path):
    folder, out = make_folder(tmp_path), tmp_path / "out"
    (folder / "corrupt.pdf").unlink()
    first = run("batch", str(folder), "-o", str(out), "--format", "yaml", "--excel", "--jobs", "2")
    assert first.returncode == 0, first.stderr.decode()
    raw = (out / "initiatives.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # --excel: BOM and CRLF, implies --tables
    rows = read_csv(out / "initiatives.csv", ["document", "key"], encoding="utf-8-sig")
    # a re-run skips every file and still writes every document's rows (from the JSON copies)
    again = run("batch", str(folder), "-o", str(out), "--format", "yaml", "--excel", "--jobs", "1")
    assert again.returncode == 0 and again.stderr.count(b"] skipped ") == 6
    assert read_csv(out / "initiatives.csv", ["document", "key"], encoding="utf-8-sig") == rows
    assert len(rows) == sum(
        len(json.loads(p.read_text(encoding="utf-8"))["initiatives"]) for p in (out / ".json").rglob("*.json")
    )
    assert not list(out.rglob("*.tmp"))


def test_extract_csv_has_the_columns_of_initiatives_csv(tmp_path):
    result = run("extract", str(SAMPLES / "results_cards.txt"), "--format", "csv")
    assert result.returncode == 0
    header = next(csv.reader(result.stdout.decode().splitlines()))
    assert header == INITIATIVE_COLUMNS
