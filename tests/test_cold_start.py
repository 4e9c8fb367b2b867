"""Start-up of `reformparse extract` on a text report (issue 14: cold start under 0.3 s, measured by
`make bench`, never here): what a run imports, checked in a fresh interpreter. With stderr not a
terminal the summary line is written without rich; a text report needs no PDF engine, no HTML or
YAML library and no table writers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

#: runs the console script's entry point in-process and prints what it imported
CHILD = """
import io, json, sys
sys.argv = ["reformparse", "extract", *sys.argv[1:]]
from reformparse.cli import main
real, sys.stdout = sys.stdout, io.StringIO()
try:
    main()
    code = 0
except SystemExit as exc:
    code = exc.code
data, sys.stdout = sys.stdout.getvalue(), real
print(json.dumps({"code": code, "data": data, "modules": sorted(sys.modules)}))
"""

#: packages and modules a text extract with a plain stderr must not import
NOT_NEEDED = (
    "rich",
    "yaml",
    "pdfplumber",
    "pdfminer",
    "pypdfium2",
    "pdf_oxide",
    "lxml",
    "reformparse.read.pdf",
    "reformparse.read.pdf_fast",
    "reformparse.read.html",
    "reformparse.output.tables",
    "reformparse.output.sqlite",
    "reformparse.batch",
)


def run_extract(*args: str, env: dict | None = None) -> tuple[dict, str]:
    """(what the child printed, its stderr) for `reformparse extract ARGS`, stderr a pipe."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(done.stdout), done.stderr


def imported(modules: list[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_a_text_extract_imports_no_rich_no_pdf_engine_no_yaml():
    result, stderr = run_extract(str(SAMPLES / "results_cards.txt"))
    assert result["code"] == 0
    assert json.loads(result["data"])["initiatives"]
    assert [name for name in NOT_NEEDED if imported(result["modules"], name)] == []
    # the summary line, written plainly: the name, counts and coverage, nothing else
    assert stderr.startswith("results_cards.txt: ")
    assert "initiative" in stderr and "coverage" in stderr
    assert stderr.count("\n") == 1 and "\x1b" not in stderr


def test_the_summary_line_is_the_same_with_rich(monkeypatch):
    # FORCE_COLOR makes rich treat the pipe as a terminal: the summary has no style, so same text
    plain = run_extract(str(SAMPLES / "results_cards.txt"))[1]
    env = dict(__import__("os").environ, FORCE_COLOR="1")
    result, forced = run_extract(str(SAMPLES / "results_cards.txt"), env=env)
    assert imported(result["modules"], "rich")
    assert forced == plain


def test_quiet_prints_nothing_and_an_error_still_goes_through_rich():
    result, stderr = run_extract("-q", str(SAMPLES / "results_cards.txt"))
    assert stderr == ""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(SAMPLES / "no_such_report.txt")], capture_output=True, text=True
    )
    result = json.loads(done.stdout)
    assert result["code"] != 0
    assert done.stderr.startswith("error: ") and "no_such_report.txt" in done.stderr


def test_the_stored_vocabulary_is_that_of_the_yaml_files():
    # data/vocabulary.json spares a start-up PyYAML; after editing labels.yaml or vocab.yaml: make vocabulary
    sys.path.insert(0, str(SAMPLES.parent / "scripts"))
    try:
        from build_vocabulary import OUT, compiled_vocabulary
    finally:
        sys.path.remove(str(SAMPLES.parent / "scripts"))
    stored = json.loads(OUT.read_text(encoding="utf-8"))
    assert stored == compiled_vocabulary(), "data/vocabulary.json is stale: run `make vocabulary`"


def test_a_stale_stored_vocabulary_is_ignored():
    from reformparse import labels

    texts = {name: labels.data_text(name) for name in labels.DATA_FILES}
    assert labels._compiled(texts) == labels.builtin_from_yaml(texts)
    edited = dict(texts, **{"vocab.yaml": texts["vocab.yaml"] + "\n# edited\n"})
    assert labels._compiled(edited) is None  # then _builtin parses the YAML


def test_extract_ends_at_once_with_every_output_flushed(tmp_path):
    """extract skips the interpreter's teardown (os._exit): what it wrote to a pipe, to a file and to
    stderr is all there, and the exit status is the command's."""
    exe = Path(sys.executable).with_name("reformparse")
    largest = max((p for p in SAMPLES.iterdir() if p.suffix == ".txt"), key=lambda p: p.stat().st_size)
    piped = subprocess.run([str(exe), "extract", str(largest)], capture_output=True, timeout=120)
    assert piped.returncode == 0
    assert json.loads(piped.stdout)["initiatives"]
    assert piped.stderr.decode().startswith(largest.name) and piped.stderr.endswith(b"\n")
    target = tmp_path / "out.yaml"
    written = subprocess.run(
        [str(exe), "extract", str(largest), "-o", str(target)], capture_output=True, timeout=120
    )
    assert written.returncode == 0
    assert "initiatives:" in target.read_text(encoding="utf-8")
    missing = subprocess.run(
        [str(exe), "extract", str(tmp_path / "none.txt")], capture_output=True, timeout=120
    )
    assert missing.returncode == 1 and missing.stderr.startswith(b"error:")
    bad_labels = subprocess.run(
        [str(exe), "extract", str(largest), "--labels", str(tmp_path / "none.yaml")],
        capture_output=True,
        timeout=120,
    )
    assert bad_labels.returncode == 2
