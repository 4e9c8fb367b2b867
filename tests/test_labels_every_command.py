"""Issue 10: a broken `--labels` file is one line naming it and exit 2 in every command that takes one
(`extract`, `inspect`, `batch`), run as a user runs them; a CP932 labels file works in all three."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).parent / "reformparse"

#: a small fictional card report whose department label (推進担当) only a user's labels file knows
REPORT = "取組項目名\t窓口改善\t管理番号\t1\n推進担当\t市民課\n"

#: 9**9 strings if aliases were followed
ALIAS_BOMB = (
    b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + b"".join(f"{b}: &{b} [{','.join([f'*{a}'] * 9)}]\n".encode() for a, b in zip("abcdefgh", "bcdefghi"))
    + b"fields: {title: *i}\n"
)

#: (case id, labels file bytes or None for a missing file, what the one line must say)
BROKEN = [
    # 0xFF never occurs in UTF-8, CP932 or EUC-JP (and FF FE + an odd byte count is no UTF-16 either)
    ("not-japanese-text", b"\xff\xfe\x00fields", "UTF-8, Shift_JIS (CP932) or EUC-JP"),
    (
        "empty-value",
        b"fields:\n  departments:\n",
        "fields.departments: expected a list of label strings, got null",
    ),
    ("unknown-section", b"feilds:\n  title: [x]\n", "unknown section 'feilds' (did you mean 'fields'?)"),
    # one string is a one-item list (README), so a number and a mapping are what a list section refuses
    (
        "number-for-list",
        b"heading_prefixes: 12\n",
        "heading_prefixes: expected a list of label strings, got a number",
    ),
    (
        "mapping-for-list",
        "heading_prefixes:\n  a: [改革の柱]\n".encode(),
        "heading_prefixes: expected a list of label strings, got a mapping",
    ),
    (
        "string-for-mapping",
        "fields: 推進担当\n".encode(),
        "fields: expected a mapping of field names to label lists, got a string",
    ),
    ("alias-bomb", ALIAS_BOMB, "aliases"),
    ("missing-file", None, "no such labels file"),
]
COMMANDS = ["extract", "inspect", "batch"]


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    return subprocess.run([str(EXE), *args], capture_output=True, env=env, timeout=60)


def _setup(tmp_path: Path, labels_data: bytes | None) -> tuple[Path, Path, Path]:
    """(report folder, the report in it, labels file) — the labels file written unless None."""
    folder = tmp_path / "in"
    folder.mkdir()
    report = folder / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    labels = tmp_path / "city labels.yaml"
    if labels_data is not None:
        labels.write_bytes(labels_data)
    return folder, report, labels


def _command(command: str, folder: Path, report: Path, out: Path, labels: Path | None) -> list[str]:
    args = (
        ["batch", str(folder), "-o", str(out), "--jobs", "1"]
        if command == "batch"
        else [command, str(report)]
    )
    return args + (["--labels", str(labels)] if labels is not None else [])


def _files_under(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.is_file()] if out.exists() else []


def test_alias_bomb_is_the_362_byte_one():
    assert len(ALIAS_BOMB) == 362


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("case", "data", "fragment"), BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_labels_file_is_one_line_and_exit_2(tmp_path, command, case, data, fragment):
    folder, report, labels = _setup(tmp_path, data)
    out = tmp_path / "out"
    result = _run(*_command(command, folder, report, out, labels))
    stderr = result.stderr.decode()
    assert result.returncode == 2, (result.returncode, stderr)
    assert result.stdout == b""
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert labels.name in lines[0] and str(labels) in lines[0], lines[0]
    assert fragment in lines[0], lines[0]
    assert "report.txt" not in lines[0]  # the labels file is to blame, not the report
    if command == "batch":
        assert _files_under(out) == []  # nothing converted, not even a manifest


@pytest.mark.parametrize("command", COMMANDS)
def test_cp932_labels_file_works_in_every_command(tmp_path, command):
    data = "# 推進担当 is how this city names the responsible unit\nfields:\n  departments: [推進担当]\n"
    data = data.encode("cp932")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really CP932, not ASCII-compatible UTF-8
    folder, report, labels = _setup(tmp_path, data)
    out = tmp_path / "out"
    result = _run(*_command(command, folder, report, out, labels))
    assert result.returncode == 0, result.stderr.decode()
    without = _run(*_command(command, folder, report, tmp_path / "out2", None))
    assert without.returncode == 0, without.stderr.decode()
    if command == "inspect":
        # inspect names no departments; the file is what makes the card a record
        assert re.search(r"initiatives:\s+1 ", result.stdout.decode()), result.stdout.decode()
        assert re.search(r"initiatives:\s+0\s", without.stdout.decode()), without.stdout.decode()
        return
    if command == "extract":
        document, plain = json.loads(result.stdout), json.loads(without.stdout)
    else:
        document = json.loads((out / "report.json").read_text(encoding="utf-8"))
        plain = json.loads((tmp_path / "out2" / "report.json").read_text(encoding="utf-8"))
    (initiative,) = document["initiatives"]
    assert initiative["title"] == "窓口改善"
    assert initiative["departments"] == ["市民課"]
    # the synonym came from the file: without it, 推進担当 is no label and no record is read
    assert all(i["departments"] != ["市民課"] for i in plain["initiatives"])
