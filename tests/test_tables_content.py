"""The batch tables hold what the JSON holds: each document is rebuilt from the CSV files, the SQLite
database and the Parquet files and compared with its JSON. Also: one document key everywhere, two
batches with the same relative file names in one database, `--prune`."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"
EXE = Path(sys.executable).parent / "reformparse"
TABLE_NAMES = [
    "documents", "initiatives", "initiative_years", "initiative_departments", "initiative_money",
    "initiative_fields", "year_values", "year_tasks", "kpis", "kpi_values", "scores", "groups", "amounts", "checks",
    "warnings",
]  # fmt: skip


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(EXE), *args], capture_output=True, env={**os.environ, "NO_COLOR": "1"}, timeout=300, text=True
    )


def blank(value):  # noqa: ANN001, ANN201
    """CSV cannot tell an empty text from a null: both compare as None."""
    return None if value in ("", None) else value


# ---------------------------------------------------------------- reading the tables back


def csv_tables(folder: Path) -> dict[str, list[dict]]:
    """Every CSV table, its cells converted by what the Parquet schema says each column holds."""
    pyarrow = pytest.importorskip("pyarrow", reason="the column types come from the Parquet schema")
    del pyarrow
    from reformparse.output.tables import TABLES

    convert = {"int": int, "float": float, "bool": lambda v: v == "True", "str": str}
    tables = {}
    for name in TABLE_NAMES:
        kinds = {column.name: column.kind for column in TABLES[name]}
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as stream:
            tables[name] = [
                {c: (None if v == "" else convert[kinds[c]](v)) for c, v in row.items()}
                for row in csv.DictReader(stream)
            ]
    return tables


def sqlite_tables(database: Path) -> dict[str, list[dict]]:
    with sqlite3.connect(database) as connection:
        connection.row_factory = sqlite3.Row
        tables = {
            name: [dict(row) for row in connection.execute(f"SELECT * FROM {name}")] for name in TABLE_NAMES
        }
    for row in tables["checks"]:  # SQLite keeps a bool as 0/1
        row["ok"] = bool(row["ok"])
    return tables


def parquet_tables(folder: Path) -> dict[str, list[dict]]:
    parquet = pytest.importorskip("pyarrow.parquet", reason="pyarrow (extra 'parquet') is not installed")
    return {name: parquet.read_table(folder / f"{name}.parquet").to_pylist() for name in TABLE_NAMES}


def by_document(rows: list[dict]) -> dict[str, list[dict]]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["document"]].append(row)
    return grouped


def split(text):  # noqa: ANN001, ANN201
    return text.split(" / ") if text else []


def quantity(row: dict, prefix: str = "") -> dict | None:
    if row[f"{prefix}raw"] is None:
        return None
    return {"raw": row[f"{prefix}raw"], "value": row[f"{prefix}value"], "unit": row[f"{prefix}unit"]}


def money(row: dict) -> dict:
    names = ("raw", "yen", "label", "fiscal_year", "row_label", "column_label")
    return {name: row[name] for name in names}


def rebuild(tables: dict[str, list[dict]]) -> dict[str, dict]:
    """Documents rebuilt from the table rows alone, by key, in the shape of the JSON (the parts tabled)."""
    rows = {name: by_document(tables[name]) for name in TABLE_NAMES}
    documents = {}
    for head in tables["documents"]:
        key = head["document"]
        items = {}
        for row in rows["initiatives"][key]:
            items[row["key"]] = _initiative(row)
        _fill_initiatives(items, rows, key)
        documents[key] = {
            "key": key,
            "source": {"name": head["source_name"], "sha256": head["sha256"], "format": head["format"]},
            "title": head["title"],
            "municipality": head["municipality"],
            "municipality_code": head["municipality_code"],
            "prefecture": head["prefecture"],
            "kind": head["kind"],
            "plan_name": head["plan_name"],
            "period_start": head["period_start"],
            "period_end": head["period_end"],
            "coverage": head["coverage"],
            "initiatives": items,
            "groups": _groups(rows, key),
            "amounts": [money(r) for r in sorted(rows["amounts"][key], key=lambda r: r["position"])],
            "checks": sorted((r["code"], r["subject"], r["ok"]) for r in rows["checks"][key]),
            "warnings": sorted((r["code"], r["message"], r["start_line"]) for r in rows["warnings"][key]),
        }
    return documents


def _initiative(row: dict) -> dict:
    text_fields = (
        "background",
        "content",
        "goal",
        "effect",
        "result",
        "next_steps",
        "grade",
        "id",
        "group_id",
    )
    return {
        "title": row["title"],
        "section_path": split(row["section_path"]),
        "themes": split(row["themes"]),
        "status": row["status_code"],
        **{name: blank(row[name]) for name in text_fields},
        "departments": [],
        "department_details": [],
        "related_departments": [],
        "years": {},
        "money": [],
        "fields": [],
        "kpis": [],
        "scores": {},
    }


def _fill_initiatives(items: dict[str, dict], rows: dict, key: str) -> None:
    for row in sorted(rows["initiative_departments"][key], key=lambda r: r["position"]):
        item = items[row["key"]]
        if row["role"] == "responsible":
            if row["unit"] not in item["departments"]:  # one unit may be printed under two bureaus
                item["departments"].append(row["unit"])
            item["department_details"].append({"unit": row["unit"], "bureau": row["bureau"]})
        else:
            item["related_departments"].append(row["unit"])
    for row in rows["initiative_years"][key]:
        items[row["key"]]["years"][row["fiscal_year"]] = {
            "plan": row["plan"], "phase": row["phase"], "actual": blank(row["actual"]),
            "status": row["status_code"], "grade": row["grade"], "values": [], "tasks": [],
        }  # fmt: skip
    for row in sorted(rows["year_values"][key], key=lambda r: r["position"]):
        items[row["key"]]["years"][row["fiscal_year"]]["values"].append(quantity(row))
    for row in sorted(rows["year_tasks"][key], key=lambda r: r["position"]):
        task = {name: row[name] for name in ("number", "text", "result", "years_raw")}
        items[row["key"]]["years"][row["fiscal_year"]]["tasks"].append(task)
    for row in sorted(rows["initiative_money"][key], key=lambda r: r["position"]):
        items[row["key"]]["money"].append(money(row))
    for row in sorted(rows["initiative_fields"][key], key=lambda r: r["position"]):
        items[row["key"]]["fields"].append({"label": blank(row["label"]), "text": blank(row["text"])})
    kpis = {}
    for row in sorted(rows["kpis"][key], key=lambda r: r["kpi"]):
        kpis[(row["key"], row["kpi"])] = {
            "name": row["name"], "baseline": quantity(row, "baseline_"), "target": quantity(row, "target_"),
            "yearly": {}, "raw": blank(row["raw"]),
        }  # fmt: skip
        items[row["key"]]["kpis"].append(kpis[(row["key"], row["kpi"])])
    for row in rows["kpi_values"][key]:
        kpis[(row["key"], row["kpi"])]["yearly"][str(row["fiscal_year"])] = quantity(row)
    for row in rows["scores"][key]:
        if row["owner"] == "initiative":
            items[row["key"]]["scores"][row["name"]] = row["value"]


def _groups(rows: dict, key: str) -> dict[str, dict]:
    groups = {}
    for row in rows["groups"][key]:
        groups[row["key"]] = {
            "title": row["title"],
            "grade": row["grade"],
            "committee": (row["committee_score"], row["committee_scale"], split(row["committee_comments"])),
            "initiative_keys": split(row["initiative_keys"]),
            "scores": {},
        }
    for row in rows["scores"][key]:
        if row["owner"] == "group":
            groups[row["key"]]["scores"][row["name"]] = row["value"]
    return groups


def from_json(data: dict) -> dict:
    """The same parts taken straight from a document's JSON."""
    period = data["period"] or {}
    items = {}
    for item in data["initiatives"]:
        text_fields = (
            "background",
            "content",
            "goal",
            "effect",
            "result",
            "next_steps",
            "grade",
            "id",
            "group_id",
        )
        items[item["key"]] = {
            "title": item["title"],
            "section_path": item["section_path"],
            "themes": item["themes"],
            "status": (item["status"] or {}).get("code"),
            **{name: blank(item[name]) for name in text_fields},
            "departments": item["departments"],
            "department_details": item["department_details"]
            or [{"unit": unit, "bureau": None} for unit in item["departments"]],
            "related_departments": item["related_departments"],
            "years": {
                y["fiscal_year"]: {
                    "plan": y["plan"],
                    "phase": y["phase"],
                    "actual": blank(y["actual"]),
                    "status": (y["status"] or {}).get("code"),
                    "grade": y["grade"],
                    "values": y["values"],
                    "tasks": y["tasks"],
                }  # fmt: skip
                for y in item["years"]
            },
            "money": item["money"],
            "fields": [{"label": blank(f["label"]), "text": blank(f["text"])} for f in item["fields"]],
            "kpis": [{**kpi, "raw": blank(kpi["raw"])} for kpi in item["kpis"]],
            "scores": item["scores"],
        }
    groups = {
        group["key"]: {
            "title": group["title"],
            "grade": group["grade"],
            "committee": (
                (group["committee"] or {}).get("score"),
                (group["committee"] or {}).get("scale"),
                (group["committee"] or {}).get("comments") or [],
            ),
            "initiative_keys": group["initiative_keys"],
            "scores": group["scores"],
        }
        for group in data["groups"]
    }
    return {
        "key": data["key"],
        "source": {k: data["source"][k] for k in ("name", "sha256", "format")},
        **{
            k: data[k]
            for k in ("title", "municipality", "municipality_code", "prefecture", "kind", "plan_name")
        },
        "period_start": period.get("start_fiscal_year"),
        "period_end": period.get("end_fiscal_year"),
        "coverage": data["coverage"]["ratio"],
        "initiatives": items,
        "groups": groups,
        "amounts": data["amounts"],
        "checks": sorted((c["code"], c["subject"], c["ok"]) for c in data["checks"]),
        "warnings": sorted(
            (w["code"], w["message"], (w["span"] or {}).get("start_line")) for w in data["warnings"]
        ),
    }


# ---------------------------------------------------------------- the tests


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    """Every sample and the founding seeds, batched once into CSV, SQLite and Parquet."""
    base = tmp_path_factory.mktemp("tables")
    folder = base / "in"
    folder.mkdir()
    for path in SAMPLES.iterdir():
        if path.suffix in (".txt", ".md", ".html"):
            shutil.copy(path, folder / path.name)
    if SEEDS.is_dir():
        shutil.copytree(SEEDS, folder / "seeds")
    out = base / "out"
    arguments = [
        "batch",
        str(folder),
        "-o",
        str(out),
        "--tables",
        "--sqlite",
        str(base / "all.db"),
        "-j",
        "2",
    ]
    from reformparse.output.parquet import available

    if available():
        arguments += ["--parquet", str(base / "parquet")]
    result = run(*arguments)
    assert result.returncode == 0, result.stderr
    documents = {}
    for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        data = json.loads((out / entry["output"]).read_text(encoding="utf-8"))
        assert entry["document"] == data["key"] == data["source"]["sha256"][:16]  # one key, manifest and JSON
        documents[data["key"]] = data
    return base, documents


def _compare(rebuilt: dict[str, dict], documents: dict[str, dict]) -> None:
    assert set(rebuilt) == set(documents)
    for key, data in documents.items():
        expected = from_json(data)
        for part in expected:
            assert rebuilt[key][part] == expected[part], (data["source"]["name"], part)


def test_the_json_is_what_the_csv_tables_hold(batch):
    base, documents = batch
    tables = csv_tables(base / "out")
    assert sum(len(d["initiatives"]) for d in documents.values()) > 100
    assert tables["kpis"] and tables["kpi_values"] and tables["initiative_money"] and tables["groups"]
    _compare(rebuild(tables), documents)


def test_the_json_is_what_the_sqlite_tables_hold(batch):
    base, documents = batch
    tables = sqlite_tables(base / "all.db")
    _compare(rebuild(tables), documents)
    with sqlite3.connect(base / "all.db") as connection:  # integers stay integers
        kinds = set(connection.execute("SELECT typeof(yen), typeof(position) FROM initiative_money"))
        assert kinds == {("integer", "integer")}


def test_the_json_is_what_the_parquet_tables_hold(batch):
    pytest.importorskip(
        "pyarrow", reason="pyarrow (extra 'parquet') is not installed: pip install '.[parquet]'"
    )
    base, documents = batch
    _compare(rebuild(parquet_tables(base / "parquet")), documents)
    import pyarrow.parquet as pq

    schema = pq.read_schema(base / "parquet" / "initiative_money.parquet")
    assert str(schema.field("yen").type) == "int64" and str(schema.field("label").type) == "string"


def test_jsonl_and_extract_csv_carry_the_document_key(tmp_path):
    data = json.loads(run("extract", str(SAMPLES / "results_cards.txt")).stdout)
    lines = run("extract", str(SAMPLES / "results_cards.txt"), "--format", "jsonl").stdout.splitlines()
    assert lines and all(json.loads(line)["document"] == data["key"] for line in lines)
    rows = list(
        csv.DictReader(
            run("extract", str(SAMPLES / "results_cards.txt"), "--format", "csv").stdout.splitlines()
        )
    )
    assert {row["document"] for row in rows} == {data["key"]}


def _two_cities(base: Path) -> tuple[Path, Path]:
    first, second = base / "first", base / "second"
    for folder, sample in ((first, "results_cards.txt"), (second, "plan_cards.txt")):
        (folder / "x").mkdir(parents=True)
        shutil.copy(SAMPLES / sample, folder / "x" / "report.txt")
    return first, second


def test_two_batches_with_the_same_file_names_keep_both_documents(tmp_path):
    first, second = _two_cities(tmp_path)
    database = tmp_path / "all.db"
    for folder in (first, second):
        result = run(
            "batch",
            str(folder),
            "-o",
            str(tmp_path / f"out-{folder.name}"),
            "--sqlite",
            str(database),
            "-j",
            "1",
        )
        assert result.returncode == 0, result.stderr
    with sqlite3.connect(database) as connection:
        titles = sorted(
            row[0] for row in connection.execute("SELECT title FROM documents WHERE source = 'x/report.txt'")
        )
        counts = dict(connection.execute("SELECT document, count(*) FROM initiatives GROUP BY document"))
    expected = {}
    for folder in (first, second):
        data = json.loads((tmp_path / f"out-{folder.name}" / "x" / "report.json").read_text(encoding="utf-8"))
        expected[data["key"]] = len(data["initiatives"])
    assert len(titles) == 2 and titles[0] != titles[1]
    assert counts == expected
    # a re-run of one folder after its report changed replaces that document only
    shutil.copy(SAMPLES / "evaluation_sheets.txt", first / "x" / "report.txt")
    run("batch", str(first), "-o", str(tmp_path / "out-first"), "--sqlite", str(database), "-j", "1")
    with sqlite3.connect(database) as connection:
        titles_after = sorted(row[0] for row in connection.execute("SELECT title FROM documents"))
    new_titles = [
        json.loads((tmp_path / f"out-{folder.name}" / "x" / "report.json").read_text(encoding="utf-8"))[
            "title"
        ]
        for folder in (first, second)
    ]
    assert titles_after == sorted(new_titles) and new_titles[0] not in titles


def test_prune_drops_what_is_gone_and_the_summary_says_what_was_kept(tmp_path):
    first, _ = _two_cities(tmp_path)
    shutil.copy(SAMPLES / "plan_cards.txt", first / "plan.txt")
    out, database = tmp_path / "out", tmp_path / "all.db"
    arguments = ["batch", str(first), "-o", str(out), "--sqlite", str(database), "--tables", "-j", "1"]
    assert run(*arguments).returncode == 0
    (first / "plan.txt").unlink()
    kept = run(*arguments)
    assert "kept 1 document whose input is gone (--prune removes them): plan.txt" in kept.stderr
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (2,)
    with (out / "documents.csv").open(encoding="utf-8") as stream:  # CSV and SQLite hold the same documents
        assert sorted(row["source"] for row in csv.DictReader(stream)) == ["plan.txt", "x/report.txt"]
    pruned = run(*arguments, "--prune")
    assert pruned.returncode == 0 and "pruned 1 input gone from the folder: plan.txt" in pruned.stderr
    with sqlite3.connect(database) as connection:
        assert [row[0] for row in connection.execute("SELECT source FROM documents")] == ["x/report.txt"]
        assert connection.execute("SELECT count(*) FROM initiatives").fetchone()[0] > 0
        assert [row[0] for row in connection.execute("SELECT input FROM inputs")] == ["x/report.txt"]
    with (out / "documents.csv").open(encoding="utf-8") as stream:
        assert [row["source"] for row in csv.DictReader(stream)] == ["x/report.txt"]
    assert not (out / "plan.json").exists()
    assert "plan.txt" not in (out / "manifest.jsonl").read_text(encoding="utf-8")
