"""`reformparse inspect` and `reformparse validate` on the samples, the seeds and broken files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from reformparse import extract
from reformparse.cli import app
from reformparse.inspect_view import show
from reformparse.output.render import render
from reformparse.validate import json_path, validate_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(
    p for p in (ROOT / "samples").iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md"
)
SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEEDS = sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []
needs_seeds = pytest.mark.skipif(not SEEDS, reason=f"no seeds in {SEEDS_DIR}")


def invoke(*args: str):  # noqa: ANN201
    return CliRunner(env={"NO_COLOR": "1", "COLUMNS": "250"}).invoke(app, list(args))


# ---------------------------------------------------------------- inspect


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_inspect_a_sample(path):
    result = invoke("inspect", str(path), "--all")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    document = extract(path)
    assert document.title in out
    assert "sections" in out and "record layouts" in out and "coverage:" in out
    for section in document.sections:
        assert section.title in out
    for layout in {item.layout for item in document.initiatives if item.layout}:
        assert layout in out
    for table in document.tables:
        assert (table.layout or "unmapped") in out or "amounts (" in out
    if document.warnings:
        assert f"warnings ({len(document.warnings)})" in out
        assert document.warnings[0].code in out
    assert "\x1b[" not in out


@needs_seeds
def test_inspect_the_seeds():
    for path in SEEDS:
        result = invoke("inspect", str(path), "--unused")
        assert result.exit_code == 0, (path, result.stderr)
        assert "record layouts" in result.stdout and "unused lines" in result.stdout


def test_inspect_unused_lines_shows_their_text():
    path = ROOT / "samples" / "plan_cards.txt"
    document = extract(path)
    coverage = document.coverage
    assert coverage.unused_lines, "the sample has prose lines, which are not used"
    buffer = io.StringIO()
    show(document, Console(file=buffer, width=200, no_color=True), unused=True, file=str(path))
    text = buffer.getvalue()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert f"unused lines ({coverage.lines_total - coverage.lines_used})" in text
    first = lines[coverage.unused_lines[0] - 1].strip()[:15]
    assert first in text


def test_inspect_errors_are_one_line(tmp_path):
    missing = invoke("inspect", str(tmp_path / "missing.txt"))
    assert missing.exit_code == 1 and len(missing.stderr.strip().splitlines()) == 1
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    result = invoke("inspect", str(binary))
    assert result.exit_code == 1 and "binary" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- validate


@pytest.fixture(scope="module")
def sample_json(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("json")
    paths = []
    for path in SAMPLES:
        target = folder / (path.stem + ".json")
        target.write_text(render(extract(path), "json"), encoding="utf-8")
        paths.append(target)
    return paths


def test_validate_the_samples(sample_json):
    result = invoke("validate", *map(str, sample_json))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines() == [f"ok {path}" for path in sample_json]


@needs_seeds
def test_validate_the_seeds(tmp_path, seed_documents):
    paths = []
    for path in SEEDS:
        target = tmp_path / (path.stem + ".json")
        target.write_text(render(seed_documents(path.name[:3]), "json", compact=True), encoding="utf-8")
        paths.append(target)
    result = invoke("validate", *map(str, paths))
    assert result.exit_code == 0, result.stdout
    assert len(result.stdout.splitlines()) == len(SEEDS)


def test_validate_lists_errors_with_their_json_path(tmp_path, sample_json):
    source = next(p for p in sample_json if '"fiscal_year"' in p.read_text(encoding="utf-8"))
    other = next(p for p in sample_json if p != source)
    data = json.loads(source.read_text(encoding="utf-8"))
    item = next(i for i in data["initiatives"] if i["years"])
    index = data["initiatives"].index(item)
    item["years"][0]["fiscal_year"] = "x"
    data["initiatives"][index]["title"] = None
    data["kind"] = "novel"
    del data["coverage"]
    if data["period"]:
        data["period"]["start_date"] = "2020-13-45"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = invoke("validate", str(other), str(broken))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"ok {other}"
    assert f"{broken}: $.initiatives[{index}].years[0].fiscal_year: 'x' is not of type 'integer'" in lines
    assert f"{broken}: $.initiatives[{index}].title: None is not of type 'string'" in lines
    assert f"{broken}: $: 'coverage' is a required property" in lines
    assert any(line.startswith(f"{broken}: $.kind: 'novel' is not one of") for line in lines)
    if data["period"]:
        assert f"{broken}: $.period.start_date: '2020-13-45' is not a 'date'" in lines


def test_validate_a_file_that_is_not_json(tmp_path, sample_json):
    for name, content in (
        ("cut.json", b'{"schema_version": "1", "sour'),
        ("latin.json", b"\xff\xfe{"),
        ("empty.json", b""),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        result = invoke("validate", str(path))
        assert result.exit_code == 1
        assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
        assert name in result.stderr and "not a JSON document" in result.stderr
    missing = invoke("validate", str(tmp_path / "missing.json"), str(sample_json[0]))
    assert missing.exit_code == 1 and "no such file" in missing.stderr
    assert missing.stdout.strip() == f"ok {sample_json[0]}"


def test_validate_reports_and_json_paths(tmp_path):
    assert json_path(["initiatives", 3, "years", 0, "fiscal_year"]) == "$.initiatives[3].years[0].fiscal_year"
    assert json_path(["scores", "進捗度"]) == '$.scores["進捗度"]'
    assert json_path([]) == "$"
    not_object = tmp_path / "list.json"
    not_object.write_text("[]", encoding="utf-8")
    report = validate_file(not_object)
    assert not report.ok and report.errors == ["$: [] is not of type 'object'"]


def test_inspect_a_pdf(tmp_path):
    from pdf_fixtures import japanese_font, render_text_report

    if japanese_font() is None:
        pytest.skip("no Japanese font to render a PDF")
    pdf = tmp_path / "plan.pdf"
    render_text_report(ROOT / "samples" / "plan_cards.txt", pdf)
    result = invoke("inspect", str(pdf), "--unused")
    assert result.exit_code == 0, result.stderr
    assert "(pdf," in result.stdout and "p1:" in result.stdout and "card" in result.stdout


def test_inspect_reads_at_80_columns_with_a_summary_first():
    from reformparse.models import Span, Warning

    document = extract(ROOT / "samples" / "evaluation_sheets.txt")
    made_up = [  # out of line order, enough to be cut short
        Warning(
            code="row-misaligned",
            message=f"made-up warning number {n} about a row whose cells were shifted out of their columns",
            span=Span(start_line=(n * 37) % 200 + 1, end_line=(n * 37) % 200 + 1),
        )
        for n in range(15)
    ]
    document = document.model_copy(update={"warnings": document.warnings + made_up})
    buffer = io.StringIO()
    show(document, Console(file=buffer, width=80, no_color=True))
    text = buffer.getvalue()
    lines = text.splitlines()
    assert max(len(line.rstrip()) for line in lines if line.isascii()) <= 80
    assert lines[0] == document.title
    head = "\n".join(lines[:14])
    assert "coverage:" in head and "warnings:" in head and f"{len(document.initiatives)} (" in head
    # warnings sorted by line, the first ten only, and a pointer to --all
    shown = [
        line.split()[0] for line in text.split(f"warnings ({len(document.warnings)})")[1].splitlines()[1:11]
    ]
    numbers = [int(n) for n in shown if n.isdigit()]
    assert numbers == sorted(numbers) and len(shown) == 10
    assert f"{len(document.warnings) - 10} more (--all)" in text and "--all" in lines[-1]
    every = io.StringIO()
    show(document, Console(file=every, width=80, no_color=True), everything=True)
    assert all(warning.message[:20] in every.getvalue() for warning in document.warnings)


def test_inspect_shows_a_table_read_into_amounts():
    document = extract(ROOT / "samples" / "results_cards.txt")
    buffer = io.StringIO()
    show(document, Console(file=buffer, width=80, no_color=True))
    unit_tables = [table for table in document.tables if table.unit and not table.layout]
    assert unit_tables and document.amounts
    assert "amounts (" in buffer.getvalue()
