"""`reformparse batch`: good and bad files, manifest re-runs, --force, a killed run, CSV and SQLite."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "reformparse"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(EXE), *args], capture_output=True, env={**os.environ, "NO_COLOR": "1"}, timeout=300
    )


def make_folder(base: Path) -> Path:
    folder = base / "in"
    (folder / "sub").mkdir(parents=True)
    for name in ("results_cards.txt", "plan_cards.txt", "status_table_pages.txt"):
        shutil.copy(ROOT / "samples" / name, folder / name)
    shutil.copy(ROOT / "samples" / "split_pipe_tables.md", folder / "sub" / "split_pipe_tables.md")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    (folder / "undecodable.txt").write_bytes(bytes([0x82, 0xFF, 0xFE, 0x81, 0x7F, 0xA0]) * 40)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4 garbage")
    (folder / "notes.docx").write_bytes(b"ignored: not a report type")
    return folder


def manifest(out: Path) -> dict[str, dict]:
    return {
        e["input"]: e
        for e in map(json.loads, (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines())
    }


def test_good_files_convert_and_bad_ones_are_reported(tmp_path):
    folder, out = make_folder(tmp_path), tmp_path / "out"
    result = run("batch", str(folder), "-o", str(out), "--jobs", "2")
    assert result.returncode == 1
    entries = manifest(out)
    assert set(entries) == {
        "results_cards.txt",
        "plan_cards.txt",
        "status_table_pages.txt",
        "sub/split_pipe_tables.md",
        "empty.txt",
        "image.txt",
        "undecodable.txt",
        "corrupt.pdf",
    }
    failed = {name for name, e in entries.items() if e["status"] == "failed"}
    assert failed == {"image.txt", "undecodable.txt", "corrupt.pdf"}
    stderr = result.stderr.decode()
    for name in failed:
        assert name in stderr and entries[name]["error"]
        assert "Traceback" not in stderr
    data = json.loads((out / "sub" / "split_pipe_tables.md.json").read_text(encoding="utf-8"))
    assert len(data["initiatives"]) == entries["sub/split_pipe_tables.md"]["initiatives"] == 8
    assert not list(out.rglob("*.tmp"))


def test_second_run_skips_and_force_redoes(tmp_path):
    folder, out = make_folder(tmp_path), tmp_path / "out"
    for bad in ("image.txt", "undecodable.txt", "corrupt.pdf"):
        (folder / bad).unlink()
    assert run("batch", str(folder), "-o", str(out), "--jobs", "1").returncode == 0
    again = run("batch", str(folder), "-o", str(out), "--jobs", "1")
    assert again.returncode == 0
    assert all(e["status"] == "ok" for e in manifest(out).values())
    assert b"skipped" in again.stderr and b"ok results_cards.txt" not in again.stderr
    forced = run("batch", str(folder), "-o", str(out), "--force", "--jobs", "1")
    assert forced.stderr.count(b"] ok ") == 5
    (folder / "plan_cards.txt").write_text(
        (ROOT / "samples" / "plan_cards.txt").read_text(encoding="utf-8") + "\n追記\n", encoding="utf-8"
    )
    changed = run("batch", str(folder), "-o", str(out), "--jobs", "1")
    assert changed.stderr.count(b"] ok ") == 1 and b"ok plan_cards.txt" in changed.stderr


def test_a_killed_run_can_be_finished(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(60):
        shutil.copy(ROOT / "samples" / "results_cards.txt", folder / f"r{n:03}.txt")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [str(EXE), "batch", str(folder), "-o", str(out), "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        path = out / "manifest.jsonl"
        if path.exists() and len(path.read_text(encoding="utf-8").splitlines()) >= 5:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    finished = run("batch", str(folder), "-o", str(out), "--jobs", "2")
    assert finished.returncode == 0
    outputs = sorted(out.glob("r*.txt.json"))
    assert len(outputs) == 60
    for path in outputs:
        assert json.loads(path.read_text(encoding="utf-8"))["initiatives"]
    assert len(manifest(out)) == 60


def test_tables_and_sqlite_match_the_json(tmp_path):
    folder, out = make_folder(tmp_path), tmp_path / "out"
    database = tmp_path / "all.db"
    run("batch", str(folder), "-o", str(out), "--tables", "--excel", "--sqlite", str(database), "--jobs", "2")
    documents = {
        e["input"]: json.loads((out / e["output"]).read_text(encoding="utf-8"))
        for e in manifest(out).values()
        if e["status"] == "ok"
    }
    expected = sorted((name, i["key"], i["title"]) for name, d in documents.items() for i in d["initiatives"])
    raw = (out / "initiatives.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # --excel: a BOM
    with (out / "initiatives.csv").open(encoding="utf-8-sig", newline="") as stream:
        from_csv = sorted((r["document"], r["key"], r["title"]) for r in csv.DictReader(stream))
    assert from_csv == expected
    expected_years = sorted(
        (name, i["key"], y["fiscal_year"])
        for name, d in documents.items()
        for i in d["initiatives"]
        for y in i["years"]
    )
    with sqlite3.connect(database) as connection:
        from_sql = sorted(connection.execute("SELECT document, key, title FROM initiatives"))
        years = sorted(connection.execute("SELECT document, key, fiscal_year FROM initiative_years"))
        amounts = connection.execute("SELECT count(*) FROM amounts").fetchone()[0]
        document_count = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert from_sql == expected
    assert years == expected_years
    assert amounts == sum(len(d["amounts"]) for d in documents.values())
    assert document_count == len(documents)
    # a second run replaces, never duplicates
    run("batch", str(folder), "-o", str(out), "--sqlite", str(database), "--force", "--jobs", "1")
    with sqlite3.connect(database) as connection:
        assert sorted(connection.execute("SELECT document, key, title FROM initiatives")) == expected


def test_missing_folder(tmp_path):
    result = run("batch", str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and b"no such folder" in result.stderr


def test_validate_and_inspect(tmp_path):
    good = tmp_path / "good.json"
    good.write_bytes(run("extract", str(ROOT / "samples" / "results_cards.txt")).stdout)
    assert run("validate", str(good)).returncode == 0
    broken = tmp_path / "broken.json"
    data = json.loads(good.read_text(encoding="utf-8"))
    data["initiatives"][0]["years"][0]["fiscal_year"] = "二〇二〇"
    del data["coverage"]
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("validate", str(good), str(broken))
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert f"ok {good}" in lines
    assert any("$.initiatives[0].years[0].fiscal_year" in line for line in lines)
    assert any("coverage" in line for line in lines)
    not_json = tmp_path / "x.json"
    not_json.write_text("{", encoding="utf-8")
    assert run("validate", str(not_json)).returncode == 1
    shown = run("inspect", str(ROOT / "samples" / "evaluation_sheets.txt"), "--unused")
    assert shown.returncode == 0
    text = shown.stdout.decode()
    assert "sections" in text and "tables" in text and "grid" in text and "coverage:" in text
    assert run("inspect", str(tmp_path / "missing.txt")).returncode == 1
