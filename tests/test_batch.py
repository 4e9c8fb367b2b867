"""`reformparse batch`: good and bad files, manifest re-runs, --force, a killed run, names, display."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reformparse.batch import MANIFEST, BatchOptions, find_inputs, output_names, run_batch

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXE = Path(sys.executable).parent / "reformparse"
GOOD = {
    "results_cards.txt": "results_cards.json",
    "plan_cards.txt": "plan_cards.json",
    "status_table_pages.txt": "status_table_pages.json",
    "sub/split_pipe_tables.md": "sub/split_pipe_tables.json",
    "sub/deeper/evaluation_sheets.txt": "sub/deeper/evaluation_sheets.json",
    "empty.txt": "empty.json",
}
BAD = {"image.txt": "binary", "undecodable.txt": "UTF-8", "corrupt.pdf": "PDF"}


def run(*args: str, env: dict[str, str | None] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("FORCE_COLOR", None)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return subprocess.run([str(EXE), *args], capture_output=True, env=environment, timeout=120)


def make_folder(base: Path, *, bad: bool = True) -> Path:
    folder = base / "in"
    (folder / "sub" / "deeper").mkdir(parents=True)
    for name in ("results_cards.txt", "plan_cards.txt", "status_table_pages.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    shutil.copy(SAMPLES / "split_pipe_tables.md", folder / "sub" / "split_pipe_tables.md")
    shutil.copy(SAMPLES / "evaluation_sheets.txt", folder / "sub" / "deeper" / "evaluation_sheets.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.docx").write_bytes(b"not a report type: ignored")
    (folder / ".hidden.txt").write_text("hidden files are ignored", encoding="utf-8")
    if bad:
        (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR binary")
        # 0xFF never occurs in UTF-8, CP932 or EUC-JP text
        (folder / "undecodable.txt").write_bytes(bytes([0x82, 0xFF, 0xFE, 0x81, 0x7F, 0xA0]) * 40)
        (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4 garbage")
    return folder


def manifest(out: Path) -> dict[str, dict]:
    lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    return {entry["input"]: entry for entry in map(json.loads, lines)}


def test_good_files_convert_and_bad_ones_are_reported(tmp_path):
    folder, out = make_folder(tmp_path), tmp_path / "out"
    result = run("batch", str(folder), "-o", str(out), "--jobs", "2")
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    entries = manifest(out)
    assert set(entries) == set(GOOD) | set(BAD)
    for name, output in GOOD.items():
        entry = entries[name]
        assert entry["status"] == "ok" and entry["output"] == output and entry["error"] is None
        assert len(entry["sha256"]) == 64 and entry["version"] and entry["seconds"] >= 0
        data = json.loads((out / output).read_text(encoding="utf-8"))
        assert len(data["initiatives"]) == entry["initiatives"]
        assert len(data["warnings"]) == entry["warnings"]
    assert entries["sub/split_pipe_tables.md"]["initiatives"] == 8
    assert entries["empty.txt"]["initiatives"] == 0 and entries["empty.txt"]["warnings"] == 1
    for name, word in BAD.items():
        entry = entries[name]
        assert entry["status"] == "failed" and entry["output"] is None
        assert word in entry["error"] and "\n" not in entry["error"]
        assert f"failed: {name}: {entry['error']}" in stderr  # listed with its one-line error
    # the summary table
    for column in ("files", "converted", "skipped", "initiatives", "warnings", "failures", "seconds"):
        assert column in stderr
    assert not list(out.rglob("*.tmp"))
    assert not (out / "notes.json").exists() and not (out / ".hidden.json").exists()


def test_second_run_skips_and_force_redoes(tmp_path):
    folder, out = make_folder(tmp_path, bad=False), tmp_path / "out"
    first = run("batch", str(folder), "-o", str(out), "--jobs", "1")
    assert first.returncode == 0, first.stderr.decode()
    assert first.stderr.count(b"] ok ") == len(GOOD)
    stamps = {name: (out / output).stat().st_mtime_ns for name, output in GOOD.items()}

    again = run("batch", str(folder), "-o", str(out), "--jobs", "2")
    assert again.returncode == 0
    assert again.stderr.count(b"] skipped ") == len(GOOD) and b"] ok " not in again.stderr
    assert {e["status"] for e in manifest(out).values()} == {"skipped"}
    assert all((out / GOOD[name]).stat().st_mtime_ns == stamp for name, stamp in stamps.items())

    forced = run("batch", str(folder), "-o", str(out), "--force", "--jobs", "1")
    assert forced.returncode == 0 and forced.stderr.count(b"] ok ") == len(GOOD)

    # a changed input and a deleted output are converted again; the rest is skipped
    text = (SAMPLES / "plan_cards.txt").read_text(encoding="utf-8")
    (folder / "plan_cards.txt").write_text(text + "\n追記\n", encoding="utf-8")
    (out / "sub" / "split_pipe_tables.json").unlink()
    changed = run("batch", str(folder), "-o", str(out), "--jobs", "1")
    converted = re.findall(rb"\] ok (\S+)", changed.stderr)
    assert sorted(converted) == [b"plan_cards.txt", b"sub/split_pipe_tables.md"]


def test_a_killed_run_can_be_finished(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    big = (SAMPLES / "results_cards.txt").read_text(encoding="utf-8") * 6
    for n in range(40):
        (folder / f"r{n:02}.txt").write_text(big + f"\n{n}\n", encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [str(EXE), "batch", str(folder), "-o", str(out), "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    lines = 0
    while time.time() < deadline and process.poll() is None:
        try:
            lines = len((out / MANIFEST).read_text(encoding="utf-8").splitlines())
        except FileNotFoundError:
            lines = 0
        if lines >= 3:
            break
        time.sleep(0.01)
    assert process.poll() is None, "the batch finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed = manifest(out)  # every line parses: the manifest is replaced whole
    assert 3 <= len(killed) < 40
    for path in out.glob("r*.json"):  # whatever was written is whole
        json.loads(path.read_text(encoding="utf-8"))

    finished = run("batch", str(folder), "-o", str(out), "--jobs", "2")
    assert finished.returncode == 0, finished.stderr.decode()
    assert finished.stderr.count(b"] skipped ") == len(killed)
    outputs = sorted(out.glob("r*.json"))
    assert len(outputs) == 40
    for path in outputs:
        assert json.loads(path.read_text(encoding="utf-8"))["initiatives"]
    assert {e["status"] for e in manifest(out).values()} <= {"ok", "skipped"}
    assert len(manifest(out)) == 40
    assert not list(out.rglob("*.tmp"))


def test_a_manifest_with_a_broken_line_still_works(tmp_path):
    folder, out = make_folder(tmp_path, bad=False), tmp_path / "out"
    options = BatchOptions(source=folder, out=out, jobs=1)
    assert run_batch(options).converted == len(GOOD)
    with (out / MANIFEST).open("a", encoding="utf-8") as stream:
        stream.write('{"input": "plan_cards.txt", "sha256": "ab')  # as if cut off mid-line
    summary = run_batch(options)
    assert summary.skipped == len(GOOD) and summary.converted == 0
    assert len(manifest(out)) == len(GOOD)


def test_a_file_that_now_fails_loses_its_old_output(tmp_path):
    folder, out = make_folder(tmp_path, bad=False), tmp_path / "out"
    options = BatchOptions(source=folder, out=out, jobs=1)
    run_batch(options)
    assert (out / "plan_cards.json").exists()
    (folder / "plan_cards.txt").write_bytes(b"\x00\x01binary now")
    summary = run_batch(options)
    assert summary.failed == 1 and summary.failures[0][0] == "plan_cards.txt"
    assert not (out / "plan_cards.json").exists()
    assert manifest(out)["plan_cards.txt"]["status"] == "failed"


def test_usage_mistakes(tmp_path):
    missing = run("batch", str(tmp_path / "nope"), "-o", str(tmp_path / "out"))
    assert missing.returncode == 1
    assert missing.stderr.decode().strip().splitlines() == [f"error: {tmp_path / 'nope'}: no such folder"]
    a_file = tmp_path / "report.txt"
    shutil.copy(SAMPLES / "plan_cards.txt", a_file)
    not_dir = run("batch", str(a_file), "-o", str(tmp_path / "out"))
    assert not_dir.returncode == 1 and len(not_dir.stderr.decode().strip().splitlines()) == 1
    assert run("batch", str(tmp_path), "-o", str(tmp_path / "out"), "--format", "csv").returncode == 2
    assert run("batch", str(tmp_path), "-o", str(tmp_path / "out"), "--jobs", "0").returncode == 2
    assert run("batch", str(tmp_path)).returncode == 2  # -o is required
    labels = run("batch", str(tmp_path), "-o", str(tmp_path / "out"), "--labels", str(tmp_path / "x.yaml"))
    assert labels.returncode == 2 and b"x.yaml" in labels.stderr


def test_glob_and_output_names(tmp_path):
    folder = tmp_path / "in"
    (folder / "a").mkdir(parents=True)
    for name in ("plan.txt", "plan.md", "a/plan.txt", "a/other.md", "manifest.txt"):
        shutil.copy(SAMPLES / "plan_cards.txt", folder / name)
    names = {
        p.relative_to(folder).as_posix(): n
        for p, n in output_names(find_inputs(folder), folder, "jsonl").items()
    }
    assert names == {
        "plan.txt": "plan.txt.jsonl",  # two reports with one stem keep their suffixes
        "plan.md": "plan.md.jsonl",
        "a/plan.txt": "a/plan.jsonl",
        "a/other.md": "a/other.jsonl",
        "manifest.txt": "manifest.txt.jsonl",  # never the manifest's name
    }
    out = tmp_path / "out"
    result = run("batch", str(folder), "-o", str(out), "--glob", "*.md", "--format", "yaml", "--jobs", "1")
    assert result.returncode == 0
    assert set(manifest(out)) == {"plan.md", "a/other.md"}
    assert (out / "plan.md.yaml").exists() and (out / "a" / "other.yaml").exists()
    # narrowing with --glob keeps the other entries of the manifest; a folder pattern works too
    run("batch", str(folder), "-o", str(out), "--glob", "a/*", "--format", "yaml", "--jobs", "1")
    assert set(manifest(out)) == {"plan.md", "a/other.md", "a/plan.txt"}


def test_output_inside_the_input_folder_is_not_read(tmp_path):
    folder = make_folder(tmp_path, bad=False)
    out = folder / "converted"
    assert run("batch", str(folder), "-o", str(out), "--jobs", "1").returncode == 0
    (out / "stray.txt").write_text("第1 はじめに\n", encoding="utf-8")
    again = run("batch", str(folder), "-o", str(out), "--jobs", "1")
    assert again.returncode == 0 and b"stray" not in again.stderr


def test_progress_bar_on_a_terminal_and_no_color(tmp_path):
    folder, out = make_folder(tmp_path, bad=False), tmp_path / "out"
    color = run(
        "batch",
        str(folder),
        "-o",
        str(out),
        "--jobs",
        "2",
        env={"FORCE_COLOR": "1", "NO_COLOR": None, "CI": None},
    )
    assert color.returncode == 0
    text = color.stderr.decode()
    assert "] ok " not in text  # a bar, not a line per file
    assert f"{len(GOOD)}/{len(GOOD)}" in text and "reformparse batch" in text
    plain = run("batch", str(folder), "-o", str(out), "--force", env={"FORCE_COLOR": "1", "CI": None})
    assert plain.returncode == 0
    assert not re.search(rb"\x1b\[(3|9)\d(;\d+)*m", plain.stderr)  # NO_COLOR: no colours


def test_a_pdf_report_in_the_folder(tmp_path):
    from pdf_fixtures import japanese_font, render_text_report

    if japanese_font() is None:
        pytest.skip("no Japanese font to render a PDF")
    folder = tmp_path / "in"
    folder.mkdir()
    render_text_report(SAMPLES / "results_cards.txt", folder / "results.pdf")
    shutil.copy(SAMPLES / "results_cards.txt", folder / "results.txt")
    out = tmp_path / "out"
    summary = run_batch(BatchOptions(source=folder, out=out, jobs=2))
    assert summary.converted == 2 and summary.failed == 0
    from_pdf = json.loads((out / "results.pdf.json").read_text(encoding="utf-8"))
    from_text = json.loads((out / "results.txt.json").read_text(encoding="utf-8"))
    assert from_pdf["source"]["format"] == "pdf"
    assert [i["title"] for i in from_pdf["initiatives"]] == [i["title"] for i in from_text["initiatives"]]


def _dies_on_plan_cards(task):  # noqa: ANN001, ANN201 - a runner.Task, a runner.FileResult
    from reformparse.batch import runner as batch

    if task.relative == "plan_cards.txt":
        os._exit(9)  # as if killed (out of memory)
    return batch.__dict__["_real_convert_one"](task)


def test_a_worker_that_dies_fails_its_file_and_the_batch_goes_on(tmp_path, monkeypatch):
    from reformparse.batch import runner as batch

    folder, out = make_folder(tmp_path, bad=False), tmp_path / "out"
    for n in range(6):
        shutil.copy(SAMPLES / "results_cards.txt", folder / f"copy{n}.txt")
    monkeypatch.setitem(batch.__dict__, "_real_convert_one", batch.convert_one)
    monkeypatch.setattr(batch, "convert_one", _dies_on_plan_cards)
    summary = run_batch(BatchOptions(source=folder, out=out, jobs=2))
    entries = manifest(out)
    assert entries["plan_cards.txt"]["status"] == "failed"
    assert "stopped abruptly" in entries["plan_cards.txt"]["error"]
    assert summary.converted + summary.failed == summary.files == len(GOOD) + 6
    assert summary.converted >= summary.files - 4  # only the files in flight with it fail


def test_coverage_in_the_manifest_and_the_summary(tmp_path):
    folder, out = make_folder(tmp_path), tmp_path / "out"
    result = run("batch", str(folder), "-o", str(out), "--jobs", "2")
    assert result.returncode == 1
    stderr = result.stderr.decode()
    entries = manifest(out)
    ratios = []
    for name, output in GOOD.items():
        data = json.loads((out / output).read_text(encoding="utf-8"))
        assert entries[name]["coverage"] == data["coverage"]["ratio"]
        assert isinstance(entries[name]["coverage"], float)
        ratios.append(data["coverage"]["ratio"])
        assert re.search(rf"\] ok {re.escape(name)} -> .*coverage \d+\.\d%", stderr)
    for name in BAD:
        assert entries[name]["coverage"] is None
    mean = sum(ratios) / len(ratios)
    assert f"mean coverage: {mean:.1%} of the source lines used (over {len(GOOD)} documents)" in stderr
    # a skipped file counts with the coverage of its earlier run
    summary = run_batch(BatchOptions(source=folder, out=out, jobs=1))
    assert summary.skipped == len(GOOD) and summary.mean_coverage == pytest.approx(mean)


def test_a_manifest_written_before_coverage_still_skips(tmp_path):
    folder, out = make_folder(tmp_path, bad=False), tmp_path / "out"
    options = BatchOptions(source=folder, out=out, jobs=1)
    run_batch(options)
    lines = [json.loads(line) for line in (out / MANIFEST).read_text(encoding="utf-8").splitlines()]
    old = [{key: value for key, value in entry.items() if key != "coverage"} for entry in lines]
    (out / MANIFEST).write_text("".join(json.dumps(entry) + "\n" for entry in old), encoding="utf-8")
    summary = run_batch(options)
    assert summary.skipped == len(GOOD) and summary.mean_coverage is None
    assert {entry["coverage"] for entry in manifest(out).values()} == {None}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("fields: [unclosed\n", "YAML"), ("- 推進担当\n- 担当課\n", "mapping")],
    ids=["yaml-syntax-error", "a-list"],
)
def test_a_bad_labels_file_stops_the_batch_before_anything(tmp_path, text, fragment):
    folder, out = make_folder(tmp_path, bad=False), tmp_path / "out"
    labels = tmp_path / "my labels.yaml"
    labels.write_text(text, encoding="utf-8")
    result = run("batch", str(folder), "-o", str(out), "--labels", str(labels), "--jobs", "2")
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert str(labels) in stderr and fragment in stderr
    assert not out.exists()  # nothing converted, not even the manifest


def test_a_labels_file_that_cannot_be_read(tmp_path):
    folder, out = make_folder(tmp_path, bad=False), tmp_path / "out"
    a_folder, not_text = tmp_path / "labels_dir", tmp_path / "binary.yaml"
    a_folder.mkdir()
    not_text.write_bytes(bytes([0x82, 0xFF, 0xFE, 0x81, 0x7F, 0xA0]) * 40)  # no Japanese encoding
    for path in (a_folder, not_text):
        result = run("batch", str(folder), "-o", str(out), "--labels", str(path), "--jobs", "1")
        stderr = result.stderr.decode()
        assert result.returncode == 2 and "Traceback" not in stderr
        assert len(stderr.strip().splitlines()) == 1 and str(path) in stderr, stderr
    assert not out.exists()
