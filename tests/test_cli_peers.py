"""The command line behaves like its peers (jq, csvkit, sqlite-utils): several inputs and globs, the
format from -o's extension, no overwriting of an input, validate from stdin, help with flags, examples,
exit codes and NO_COLOR, -h and -V, batch --quiet, --glob and --sqlite checked before any work."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXE = Path(sys.executable).parent / "reformparse"


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    return subprocess.run([str(EXE), *args], input=stdin, capture_output=True, env=env, timeout=120, cwd=cwd)


def titles(data: dict) -> list[str]:
    return [item["title"] for item in data["initiatives"]]


def three_reports(base: Path) -> Path:
    folder = base / "reports"
    folder.mkdir()
    for name in ("results_cards.txt", "plan_cards.txt", "list_bullets.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def test_extract_several_files_and_globs_to_stdout_as_json_lines(tmp_path):
    folder = three_reports(tmp_path)
    result = run("extract", str(folder / "results_cards.txt"), str(folder / "p*.txt"), str(folder / "l*.txt"))
    assert result.returncode == 0, result.stderr
    documents = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [d["source"]["name"] for d in documents] == [
        "results_cards.txt",
        "plan_cards.txt",
        "list_bullets.txt",
    ]
    single = json.loads(run("extract", str(folder / "plan_cards.txt")).stdout)
    assert titles(documents[1]) == titles(single)
    total = sum(len(d["initiatives"]) for d in documents)
    assert result.stderr.decode().strip().startswith(f"3 files: {total} initiatives, ")
    # a pattern that matches nothing is a usage error
    nothing = run("extract", str(folder / "*.pdf"))
    assert nothing.returncode == 2 and b"no file matches" in nothing.stderr and nothing.stdout == b""


def test_extract_several_files_into_a_folder_and_a_failure_goes_on(tmp_path):
    folder = three_reports(tmp_path)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    out = tmp_path / "out"
    result = run("extract", str(folder / "*"), "-o", str(out), "-f", "yaml")
    assert result.returncode == 1  # broken.pdf
    assert sorted(p.name for p in out.iterdir()) == [
        "list_bullets.yaml",
        "plan_cards.yaml",
        "results_cards.yaml",
    ]
    data = yaml.safe_load((out / "plan_cards.yaml").read_text(encoding="utf-8"))
    assert titles(data) == titles(json.loads(run("extract", str(folder / "plan_cards.txt")).stdout))
    total = sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))["initiatives"]) for p in out.iterdir())
    lines = result.stderr.decode().splitlines()
    assert "broken.pdf" in lines[0] and lines[-1].startswith(f"4 files: {total} initiatives, ")
    assert lines[-1].endswith(", 1 failed")


def test_output_format_from_the_extension_unless_format_says(tmp_path):
    sample = str(SAMPLES / "results_cards.txt")
    data = json.loads(run("extract", sample).stdout)
    for name, load in (
        ("out.yaml", lambda text: yaml.safe_load(text)["initiatives"][0]["title"]),
        ("out.jsonl", lambda text: json.loads(text.splitlines()[0])["title"]),
        ("out.csv", lambda text: next(csv.DictReader(text.splitlines()))["title"]),
        ("out.json", lambda text: json.loads(text)["initiatives"][0]["title"]),
    ):
        assert run("extract", sample, "-o", str(tmp_path / name)).returncode == 0
        assert load((tmp_path / name).read_text(encoding="utf-8")) == data["initiatives"][0]["title"], name
    run("extract", sample, "-o", str(tmp_path / "forced.yaml"), "--format", "json")
    assert json.loads((tmp_path / "forced.yaml").read_text(encoding="utf-8")) == data


def test_csv_for_excel(tmp_path):
    run("extract", str(SAMPLES / "results_cards.txt"), "-o", str(tmp_path / "i.csv"), "--excel")
    raw = (tmp_path / "i.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdocument,") and raw.count(b"\r\n") >= 2


def test_output_refuses_to_overwrite_its_input(tmp_path):
    report = tmp_path / "report.txt"
    shutil.copy(SAMPLES / "results_cards.txt", report)
    before = report.read_bytes()
    result = run("extract", str(report), "-o", str(report))
    assert result.returncode == 2 and b"refusing to overwrite" in result.stderr
    assert report.read_bytes() == before
    same = run("extract", "report.txt", "-o", "./report.txt", "--format", "json", cwd=tmp_path)
    assert same.returncode == 2 and report.read_bytes() == before


def test_validate_reads_stdin_yaml_and_json_lines(tmp_path):
    sample = str(SAMPLES / "results_cards.txt")
    piped = run("validate", "-", stdin=run("extract", sample).stdout)
    assert piped.returncode == 0 and piped.stdout == b"ok -\n"
    run("extract", sample, "-o", str(tmp_path / "d.yaml"))
    run("extract", sample, "-o", str(tmp_path / "d.jsonl"))
    checked = run("validate", str(tmp_path / "d.yaml"), str(tmp_path / "d.jsonl"))
    assert checked.returncode == 0, checked.stdout
    assert run("validate", "--quiet", str(tmp_path / "d.yaml")).stdout == b""
    broken = run("extract", sample, "-q", "-f", "jsonl").stdout.replace(
        b'"fiscal_year":2020', b'"fiscal_year":"R2"'
    )
    bad = run("validate", "-", stdin=broken)
    assert bad.returncode == 1
    assert bad.stdout.decode().splitlines()[0].startswith("-: line 1: $.years[0].fiscal_year: 'R2'")
    several = run("extract", sample, str(SAMPLES / "plan_cards.txt"), "-q").stdout  # JSON Lines of documents
    assert run("validate", "-", stdin=several).returncode == 0
    assert run("validate", "-", stdin=b"not json at all {").returncode == 1


def test_help_shows_flags_examples_exit_codes_and_no_color():
    for command in ("extract", "batch", "validate", "inspect", "schema", "review"):
        text = run(command, "-h").stdout.decode()
        assert text == run(command, "--help").stdout.decode()
        assert "Examples:" in text and f"reformparse {command}" in text.split("Examples:")[1]
        assert "Exit codes: 0" in text and "NO_COLOR" in text, command
        assert "<bool>" not in text and "<BOOLEAN>" not in text.upper(), command
    extract = run("extract", "-h").stdout.decode()
    assert "  --compact " in extract and "-q, --quiet" in extract
    top = run("-h").stdout.decode()
    assert "--install-completion" in top and "-V, --version" in top
    assert run("-V").stdout.decode().startswith("reformparse ")


def test_batch_glob_quiet_and_sqlite_checked_first(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES / "results_cards.txt", folder / "top.txt")
    shutil.copy(SAMPLES / "plan_cards.txt", folder / "sub" / "deep.txt")
    out = tmp_path / "out"
    # ** matches the top level too
    result = run("batch", str(folder), "-o", str(out), "--glob", "**/*.txt", "-j", "1", "--quiet")
    assert result.returncode == 0 and result.stderr == b""  # --quiet: nothing but failures
    inputs = [json.loads(line)["input"] for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert inputs == ["sub/deep.txt", "top.txt"]
    # a pattern that matches nothing is a usage error
    none = run("batch", str(folder), "-o", str(tmp_path / "o2"), "--glob", "*.pdf")
    assert none.returncode == 2 and b"--glob" in none.stderr and not (tmp_path / "o2").exists()
    # --sqlite is checked before anything is converted
    not_db = tmp_path / "notes.db"
    not_db.write_text("my notes", encoding="utf-8")
    bad = run("batch", str(folder), "-o", str(tmp_path / "o3"), "--sqlite", str(not_db))
    assert bad.returncode == 2 and b"not a SQLite database" in bad.stderr
    assert not (tmp_path / "o3").exists() and not_db.read_text(encoding="utf-8") == "my notes"
    folder_db = run("batch", str(folder), "-o", str(tmp_path / "o4"), "--sqlite", str(tmp_path))
    assert folder_db.returncode == 2 and not (tmp_path / "o4").exists()


def test_batch_goes_on_when_nobody_reads_its_messages(tmp_path):
    folder = three_reports(tmp_path)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [str(EXE), "batch", str(folder), "-o", str(out), "-j", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert process.stderr is not None
    process.stderr.close()  # like `2>&1 | head -1`: the reader has gone
    assert process.wait(timeout=120) == 0
    entries = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert [entry["status"] for entry in entries] == ["ok", "ok", "ok"]


def test_one_input_into_a_folder_named_with_a_slash(tmp_path):
    result = run("extract", str(SAMPLES / "plan_cards.txt"), "-o", f"{tmp_path / 'new'}/", "-f", "yaml")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["plan_cards.yaml"]
    assert result.stderr.decode().startswith("plan_cards.txt: ")
