"""The command line as a user runs it: data on stdout, one-line errors on stderr, exit codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "results_cards.txt"
EXE = Path(sys.executable).parent / "reformparse"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([str(EXE), *args], input=stdin, capture_output=True, env=env, timeout=120)


def test_extract_writes_json_to_stdout():
    result = run("extract", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema_version"] == "2" and data["initiatives"]
    # one summary line on stderr (none with --quiet)
    coverage = f"{data['coverage']['ratio']:.1%}"
    initiatives = len(data["initiatives"])
    assert result.stderr.decode().splitlines() == [
        f"results_cards.txt: {initiatives} initiatives, {len(data['warnings'])} warnings, coverage {coverage}"
    ]
    assert run("extract", str(SAMPLE), "--quiet").stderr == b""


def test_output_file_yaml_jsonl_and_compact(tmp_path):
    out = tmp_path / "out.json"
    assert run("extract", str(SAMPLE), "-o", str(out)).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    as_yaml = yaml.safe_load(run("extract", str(SAMPLE), "--format", "yaml").stdout)
    assert as_yaml["initiatives"][0]["title"] == data["initiatives"][0]["title"]
    lines = run("extract", str(SAMPLE), "--format", "jsonl").stdout.decode().splitlines()
    assert len(lines) == len(data["initiatives"])
    assert json.loads(lines[0])["key"] == data["initiatives"][0]["key"]
    compact = run("extract", str(SAMPLE), "--compact", "-o", "-").stdout.decode()
    assert compact.count("\n") == 1 and json.loads(compact) == data


def test_csv_prints_the_initiatives_table():
    text = run("extract", str(SAMPLE), "--format", "csv").stdout.decode()
    assert text.startswith("document,source,municipality,kind,key,id,id_raw,title")
    rows = list(csv.DictReader(io.StringIO(text)))  # cells may hold line breaks
    data = json.loads(run("extract", str(SAMPLE)).stdout)
    assert [row["title"] for row in rows] == [item["title"] for item in data["initiatives"]]
    assert [row["content"] or None for row in rows] == [item["content"] for item in data["initiatives"]]


def test_stdin_input():
    result = run("extract", "-", stdin=SAMPLE.read_bytes())
    assert result.returncode == 0
    assert json.loads(result.stdout)["source"]["name"] == "<stdin>"


def one_line_error(result: subprocess.CompletedProcess, fragment: str, code: int = 1) -> None:
    assert result.returncode == code
    assert result.stdout == b""
    message = result.stderr.decode().strip()
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1, message
    assert fragment in message


def test_bad_inputs_give_one_line_and_exit_1(tmp_path):
    one_line_error(run("extract", str(tmp_path / "missing.txt")), "no such file")
    one_line_error(run("extract", str(tmp_path)), "directory")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    one_line_error(run("extract", str(binary)), "binary")
    undecodable = tmp_path / "bad.txt"
    undecodable.write_bytes(bytes([0x82, 0xFF, 0xFE, 0x81, 0x7F, 0xA0]) * 50)
    one_line_error(run("extract", str(undecodable)), "not text")
    fake_pdf = tmp_path / "fake.pdf"
    fake_pdf.write_text("これはPDFではない", encoding="utf-8")
    one_line_error(run("extract", str(fake_pdf)), "not a PDF")


def test_empty_file_is_a_valid_document_with_a_warning(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("extract", str(empty))
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["initiatives"] == [] and [w["code"] for w in data["warnings"]] == ["empty-input"]


def test_usage_error_exits_2():
    assert run("extract").returncode == 2
    assert run("extract", str(SAMPLE), "--format", "xml").returncode == 2


def test_schema_and_version(tmp_path):
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "Document"
    assert run("schema", "-o", str(tmp_path / "s.json")).returncode == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == schema
    assert run("--version").stdout.decode().startswith("reformparse ")


def test_labels_file_adds_synonyms(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(
        "取組項目名\t窓口改善\t管理番号\t1\n推進担当\t市民課\n今後の予定\t続ける。\n", encoding="utf-8"
    )
    labels = tmp_path / "labels.yaml"
    labels.write_text("fields:\n  departments: [推進担当]\n", encoding="utf-8")
    data = json.loads(run("extract", str(report), "--labels", str(labels)).stdout)
    assert data["initiatives"][0]["departments"] == ["市民課"]
    broken = tmp_path / "broken.yaml"
    broken.write_text("fields: [unclosed", encoding="utf-8")
    one_line_error(run("extract", str(report), "--labels", str(broken)), "broken.yaml", code=2)


def test_explain_lists_unused_lines_on_stderr(tmp_path):
    result = run("extract", str(SAMPLE), "--explain")
    assert result.returncode == 0
    assert b"coverage:" in result.stderr
    json.loads(result.stdout)


def test_output_file_has_the_usual_permissions(tmp_path):
    out = tmp_path / "out.json"
    assert run("extract", str(SAMPLE), "-o", str(out)).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask
