"""The fast PDF engine (pdf_oxide + pdfplumber's table geometry) against the reference engine
(pdfplumber throughout): the same blocks, rows, pages and notes on rendered samples and on the
fixture report; pages read on several processes put back in order; the fallback when pdf_oxide is
missing; page progress only on a terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import pdf_fixtures as fx
from reformparse.read import pdf_fast, pdf_options
from reformparse.read.pdf import read_pdf

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.skipif(
        fx.japanese_font() is None, reason="no Japanese font (pip install japanize-matplotlib)"
    ),
    pytest.mark.skipif(not pdf_options.fast_engine_available(), reason="pdf_oxide not installed"),
]
#: samples with ruled tables over pages, merged header rows, run-on lines with wide gaps and spaces
SAMPLES = ["results_cards.txt", "evaluation_sheets.txt", "inline_cards.txt", "numbered_runon.txt"]


def reading(document) -> list[tuple]:
    """Every block as the later stages see it: kind, page, lines, text or rows, header rows."""
    out = []
    for block in document.blocks:
        content = block.text if block.kind == "text" else [(r.cells, r.page, r.line) for r in block.rows]
        out.append((block.kind, block.page, block.start_line, block.end_line, content, block.header_rows))
    return out


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("engines")
    made = {"report.pdf": fx.build_report(folder / "report.pdf")}
    for name in SAMPLES:
        target = folder / (Path(name).stem + ".pdf")
        fx.render_text_report(ROOT / "samples" / name, target)
        made[name] = target
    return made


@pytest.mark.parametrize("name", ["report.pdf", *SAMPLES])
def test_fast_engine_reads_what_the_reference_engine_reads(name, pdfs):
    fast, reference = read_pdf(pdfs[name], engine="fast"), read_pdf(pdfs[name], engine="pdfplumber")
    assert reading(fast) == reading(reference)
    assert fast.notes == reference.notes
    assert (fast.pages, fast.line_count, fast.content_lines) == (
        reference.pages,
        reference.line_count,
        reference.content_lines,
    )


def test_pages_read_on_two_processes_come_back_in_order(pdfs, monkeypatch):
    monkeypatch.setattr(pdf_fast, "PARALLEL_MIN_PAGES", 2)
    seen: list[tuple[int, int]] = []
    with pdf_options.pdf_options("fast", jobs=2, progress=lambda done, total: seen.append((done, total))):
        parallel = read_pdf(pdfs["report.pdf"])
    assert reading(parallel) == reading(read_pdf(pdfs["report.pdf"], engine="fast"))
    assert seen and seen[-1] == (parallel.pages, parallel.pages)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_progress_is_told_each_page(pdfs):
    seen: list[tuple[int, int]] = []
    for engine in ("fast", "pdfplumber"):
        seen.clear()
        with pdf_options.pdf_options(engine, progress=lambda done, total: seen.append((done, total))):
            document = read_pdf(pdfs["report.pdf"])
        assert seen == [(n, document.pages) for n in range(1, document.pages + 1)]


def test_without_pdf_oxide_the_reference_engine_reads(pdfs, monkeypatch):
    monkeypatch.setattr(pdf_options, "fast_engine_available", lambda: False)
    assert pdf_options.resolve_engine("auto") == pdf_options.resolve_engine("fast") == "pdfplumber"
    monkeypatch.setattr(pdf_fast, "read_pages", lambda *a: pytest.fail("the fast engine ran"))
    document = read_pdf(pdfs["report.pdf"])
    assert reading(document) == reading(read_pdf(pdfs["report.pdf"], engine="pdfplumber"))


def test_engine_from_the_environment(monkeypatch):
    monkeypatch.setenv(pdf_options.ENGINE_VARIABLE, "pdfplumber")
    assert pdf_options.current_options().engine == "pdfplumber"
    with pytest.raises(ValueError, match="unknown PDF engine"):
        with pdf_options.pdf_options("mupdf"):
            pass


def test_fast_engine_unusable_files_give_the_reference_message(tmp_path):
    for make, message in ((fx.encrypted_pdf, "encrypted"), (fx.corrupt_pdf, "not a readable PDF")):
        path = make(tmp_path / "bad.pdf")
        with pytest.raises(Exception, match=message):
            read_pdf(path, engine="fast")


def test_no_pdf_engine_is_imported_to_start(tmp_path):
    code = (
        "import sys, reformparse, reformparse.cli, reformparse.read.pdf, reformparse.read.pdf_options;"
        "bad = [m for m in ('pdf_oxide', 'pypdfium2', 'pdfplumber', 'pdfminer', 'rich.progress') if m in sys.modules];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_extract_shows_no_progress_when_stderr_is_not_a_terminal(pdfs):
    exe = Path(sys.executable).parent / "reformparse"
    done = subprocess.run(
        [str(exe), "extract", str(pdfs["results_cards.txt"]), "--jobs", "2", "--quiet", "-o", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and done.stderr == ""
    assert '"initiatives"' in done.stdout
