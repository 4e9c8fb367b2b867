"""The `reformparse` command line: data on stdout, messages on stderr, exit 0 / 1 / 2."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from . import __version__
from .errors import ReformParseError

if TYPE_CHECKING:
    from .batch import BatchOptions

app = typer.Typer(
    name="reformparse",
    help="Extract initiatives from Japanese administrative-reform reports (行政改革の実施計画・進捗・結果) into JSON.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class PdfEngine(str, Enum):
    auto = "auto"
    fast = "fast"
    pdfplumber = "pdfplumber"


class OutputFormat(str, Enum):
    json = "json"
    yaml = "yaml"
    jsonl = "jsonl"
    csv = "csv"


def _console():
    from rich.console import Console

    return Console(stderr=True, no_color="NO_COLOR" in os.environ or None, highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise."""
    _console().print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reformparse {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """reformparse: one report in, one validated JSON document out."""


def write_output(text: str, output: Path | None) -> None:
    """Write to stdout (no path, or "-") or atomically to a file."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from .output.files import atomic_write_text

    atomic_write_text(output, text)


def _read_document(file: str, labels: Path | None, encoding: str | None):  # noqa: ANN202 - a Document
    """Extract one report, turning every failure into one line on stderr and exit 1 (2: bad --labels)."""
    from .pipeline import extract as run

    book = _labels_book(labels)
    try:
        return run(file, labels=book, encoding=encoding)
    except ReformParseError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except Exception as exc:  # a bug: still one line, never a traceback
        raise fail(
            f"{file}: internal error while reading ({type(exc).__name__}: {exc}); please report it"
        ) from None


def _labels_book(labels: Path | None):  # noqa: ANN202 - a LabelBook
    """The `--labels` file read and checked: a bad one is one line naming it and exit 2 (usage)."""
    from .errors import LabelsError
    from .labels import LabelBook

    try:
        return LabelBook.from_file(labels)
    except LabelsError as exc:
        raise fail(_escape_markup(str(exc)), 2) from None
    except Exception as exc:  # a bug: still one line naming the labels file, never a traceback
        raise fail(
            _escape_markup(
                f"{labels}: internal error while reading the labels file ({type(exc).__name__}: {exc}); "
                "please report it"
            ),
            2,
        ) from None


@app.command()
def extract(
    file: str = typer.Argument(..., help="Report to read: .txt, .md or .pdf; '-' reads text from stdin."),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write here instead of stdout ('-' = stdout)."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f", help="json, yaml, jsonl or csv."),
    compact: bool = typer.Option(False, "--compact", help="JSON on one line, no indentation."),
    labels: Path | None = typer.Option(None, "--labels", help="YAML file of extra label synonyms."),
    encoding: str | None = typer.Option(None, "--encoding", help="Text encoding (default: detected)."),
    explain: bool = typer.Option(
        False, "--explain", help="List on stderr the source lines that were not used."
    ),
    pdf_engine: PdfEngine = typer.Option(
        PdfEngine.auto,
        "--pdf-engine",
        help="PDF engine: fast (pdf_oxide, the 'fast' extra), pdfplumber (the reference), auto (fast if installed).",
    ),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Processes reading the pages of one PDF."),
) -> None:
    """Extract one report and write one JSON (or YAML / JSON Lines / CSV) document."""
    from .output.render import render
    from .page_progress import page_progress
    from .read.pdf_options import pdf_options

    with page_progress(f"reading {Path(file).name}") as progress:
        with pdf_options(pdf_engine.value, jobs, progress):
            document = _read_document(file, labels, encoding)
    text = render(document, fmt.value, compact=compact)
    try:
        write_output(text, output)
    except OSError as exc:
        raise fail(f"{output}: cannot write: {exc.strerror or exc}") from None
    if explain:
        _explain(document, file)


def _explain(document, file: str) -> None:  # noqa: ANN001
    console = _console()
    coverage = document.coverage
    console.print(
        f"coverage: {coverage.lines_used}/{coverage.lines_total} lines became data ({coverage.ratio:.1%}); "
        f"{coverage.prose_lines} kept as prose"
    )
    lines: list[str] = []
    if file != "-" and Path(file).suffix.lower() != ".pdf" and coverage.unused_lines:
        try:
            from .read.text import decode, split_lines

            text, _ = decode(Path(file).read_bytes(), file, document.source.encoding)
            lines = split_lines(text)
        except (OSError, ReformParseError):
            lines = []
    for number in coverage.unused_lines:
        shown = lines[number - 1][:100] if 0 < number <= len(lines) else ""
        console.print(f"  unused line {number}: {shown}", markup=False)


@app.command()
def schema(
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the schema here instead of stdout."
    ),
) -> None:
    """Print the JSON Schema of the output document."""
    import json

    from .models import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    try:
        write_output(text, output)
    except OSError as exc:
        raise fail(f"{output}: cannot write: {exc.strerror or exc}") from None


class BatchFormat(str, Enum):
    json = "json"
    yaml = "yaml"
    jsonl = "jsonl"


@app.command()
def batch(
    directory: Path = typer.Argument(..., help="Folder of reports (.txt, .md, .pdf), searched recursively."),
    output: Path = typer.Option(
        ..., "--output", "-o", help="Folder for the outputs (mirrors the input tree) and manifest.jsonl."
    ),
    fmt: BatchFormat = typer.Option(BatchFormat.json, "--format", "-f", help="json, yaml or jsonl."),
    jobs: int | None = typer.Option(
        None, "--jobs", "-j", min=1, help="Worker processes (default: the number of CPUs; 1 = in process)."
    ),
    glob: str | None = typer.Option(
        None, "--glob", help="Only files whose relative path or name matches, e.g. '*.pdf' or '2023/*'."
    ),
    force: bool = typer.Option(False, "--force", help="Convert again files the manifest says are done."),
    tables: bool = typer.Option(
        False, "--tables", help="Also write OUT/initiatives, initiative_years, amounts, warnings .csv."
    ),
    excel: bool = typer.Option(
        False, "--excel", help="Write the CSV tables with a UTF-8 BOM (implies --tables)."
    ),
    sqlite: Path | None = typer.Option(None, "--sqlite", help="Also write the tables into this SQLite file."),
    labels: Path | None = typer.Option(None, "--labels", help="YAML file of extra label synonyms."),
    encoding: str | None = typer.Option(None, "--encoding", help="Text encoding (default: detected)."),
    review: bool = typer.Option(
        False, "--review", help="Also write each report's review page beside its output (NAME.review.html)."
    ),
) -> None:
    """Convert a folder of reports in parallel; a manifest lets a re-run skip what is done."""
    from .batch import BatchOptions, default_jobs

    _check_batch_arguments(directory, labels, encoding)
    options = BatchOptions(
        source=directory,
        out=output,
        fmt=fmt.value,
        jobs=jobs or default_jobs(),
        glob=glob,
        force=force,
        labels=str(labels.resolve()) if labels else None,
        encoding=encoding,
        tables=tables or excel,
        excel=excel,
        sqlite=sqlite,
        review=review,
    )
    _run_batch(options)


def _check_batch_arguments(directory: Path, labels: Path | None, encoding: str | None) -> None:
    """Mistakes found before anything is converted: one line each, exit 1 or 2."""
    import codecs

    if not directory.exists():
        raise fail(f"{directory}: no such folder")
    if not directory.is_dir():
        raise fail(f"{directory}: not a folder; use `reformparse extract` for one file")
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise fail(f"--encoding {encoding}: unknown encoding", 2) from None
    if labels is not None:
        _check_labels(labels)


def _check_labels(labels: Path) -> None:
    """A bad or missing --labels file is one line naming it and exit 2 (a usage error, as in extract)."""
    from .labels import LabelBook

    try:
        LabelBook.from_file(labels)  # one error now rather than one per file
    except ReformParseError as exc:
        raise fail(_escape_markup(str(exc)), 2) from None
    except Exception as exc:  # a shape LabelBook does not check yet: still one line
        message = f"{labels}: not a valid labels file ({type(exc).__name__}: {exc})"
        raise fail(_escape_markup(" ".join(message.split())), 2) from None


def _run_batch(options: BatchOptions) -> None:
    """Run the batch with its display on stderr; exit 1 when a file failed, 130 on Ctrl-C."""
    from .batch import BatchError, run_batch
    from .progress import Display

    console = _console()
    display = Display(console, interactive=console.is_terminal and not os.environ.get("CI"))
    try:
        with display:  # the progress bar stops before any message
            summary = run_batch(options, display.events())
    except BatchError as exc:
        raise fail(_escape_markup(str(exc))) from None
    except KeyboardInterrupt:
        console.print("interrupted: run the same command again to go on where it stopped", markup=False)
        raise typer.Exit(130) from None
    except OSError as exc:
        message = f"{exc.filename or options.out}: cannot write: {exc.strerror or exc}"
        raise fail(_escape_markup(message)) from None
    display.summary(summary, options.out)
    if summary.failed or summary.errors:
        raise typer.Exit(1)


@app.command()
def validate(
    files: list[Path] = typer.Argument(..., help="JSON documents written by reformparse."),
) -> None:
    """Check JSON documents against the JSON Schema; each error with its JSON path. Exit 1 on any error."""
    from .validate import validate_file, validator

    checker = validator()
    bad = False
    for path in files:
        report = validate_file(path, checker)
        if report.unreadable:
            bad = True
            _console().print(f"[bold red]error:[/] {_escape_markup(report.unreadable)}", soft_wrap=True)
        elif report.errors:
            bad = True
            for error in report.errors:
                typer.echo(f"{path}: {error}")
        else:
            typer.echo(f"ok {path}")
    if bad:
        raise typer.Exit(1)


def _escape_markup(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@app.command()
def inspect(
    file: str = typer.Argument(..., help="Report to inspect (.txt, .md or .pdf)."),
    unused: bool = typer.Option(False, "--unused", help="Also list the source lines nothing used."),
    labels: Path | None = typer.Option(None, "--labels", help="YAML file of extra label synonyms."),
    encoding: str | None = typer.Option(None, "--encoding", help="Text encoding (default: detected)."),
) -> None:
    """Show a person what was read: sections, tables, record layouts, warnings, coverage."""
    from rich.console import Console

    from .inspect_view import show

    document = _read_document(file, labels, encoding)
    console = Console(no_color="NO_COLOR" in os.environ or None, highlight=False)
    show(document, console, unused=unused, file=file, encoding=encoding)


@app.command()
def review(
    file: str = typer.Argument(..., help="Report to review (.txt, .md, .html or .pdf)."),
    output: Path = typer.Option(..., "--output", "-o", help="The HTML page to write."),
    labels: Path | None = typer.Option(None, "--labels", help="YAML file of extra label synonyms."),
    encoding: str | None = typer.Option(None, "--encoding", help="Text encoding (default: detected)."),
    images: bool = typer.Option(True, "--images/--no-images", help="Draw each PDF page as an image."),
) -> None:
    """Write one self-contained HTML page: the source beside what was read from it."""
    from .output.review import write_review

    book = _labels_book(labels)
    if file == "-":
        raise fail("review needs the report as a file path, not stdin", 2)
    try:
        write_review(file, output, labels=book, encoding=encoding, images=images)
    except ReformParseError as exc:
        raise fail(_escape_markup(str(exc))) from None
    except OSError as exc:
        raise fail(_escape_markup(f"{output}: cannot write: {exc.strerror or exc}")) from None
    except Exception as exc:  # a bug: still one line, never a traceback
        raise fail(
            _escape_markup(
                f"{file}: internal error while reviewing ({type(exc).__name__}: {exc}); please report it"
            )
        ) from None


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:  # pragma: no cover - `reformparse ... | head`
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
