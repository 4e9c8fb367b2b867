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

EXIT_CODES = (
    "Exit codes: 0 success, 1 an input could not be read (one line on stderr), 2 a usage error. "
    "Data goes to stdout, messages to stderr; NO_COLOR=1 turns colour off."
)


def _epilog(*examples: str) -> str:
    """A command's examples (kept as written) and the exit codes."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in examples) + "\n\n" + EXIT_CODES


EXAMPLES = {
    "main": _epilog(
        "reformparse extract samples/results_cards.txt -o report.json",
        "reformparse batch reports/ -o out/ --sqlite all.db",
        "reformparse inspect report.txt",
    ),
    "extract": _epilog(
        "reformparse extract report.txt                  # JSON on stdout",
        "reformparse extract report.pdf -o report.yaml   # the format from the extension",
        "reformparse extract a.txt b.pdf 'reports/*.pdf' -o out/   # one file each",
        "reformparse extract report.txt -f csv --excel -o initiatives.csv",
    ),
    "batch": _epilog(
        "reformparse batch reports/ -o out/ --tables          # + CSV tables",
        "reformparse batch reports/ -o out/ --sqlite all.db   # + the tables in SQLite",
        "reformparse batch reports/ -o out/ --parquet out/parquet --glob '**/*.pdf'",
    ),
    "validate": _epilog(
        "reformparse validate out/*.json",
        "reformparse extract report.txt | reformparse validate -",
    ),
    "inspect": _epilog("reformparse inspect report.txt", "reformparse inspect report.txt --all --unused"),
    "schema": _epilog("reformparse schema -o document.schema.json"),
    "review": _epilog(
        "reformparse review report.pdf -o report.review.html",
        "reformparse review report.txt -o page.html --labels my-labels.yaml",
    ),
}

app = typer.Typer(
    name="reformparse",
    help="Extract initiatives from Japanese administrative-reform reports (行政改革の実施計画・進捗・結果) into JSON.",
    epilog=EXAMPLES["main"],
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: flags shown as flags, like csvkit and sqlite-utils
    context_settings={"help_option_names": ["-h", "--help"]},
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


def _say(line: str) -> None:
    """A plain line on stderr (a summary): through rich where it may style it (a terminal, or
    FORCE_COLOR / TTY_COMPATIBLE=1 set), else written as is — the same text without importing rich."""
    from .page_progress import stderr_is_terminal

    forced = os.environ.get("TTY_COMPATIBLE") == "1" or os.environ.get("FORCE_COLOR", "") != ""
    if forced or stderr_is_terminal():
        _console().print(line, markup=False)
    elif sys.stderr is not None:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise."""
    from .output.safe import one_line

    _console().print(f"[bold red]error:[/] {one_line(message)}", markup=True, soft_wrap=True)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reformparse {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
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


@app.command(epilog=EXAMPLES["extract"])
def extract(
    files: list[str] = typer.Argument(
        ..., metavar="FILE", help="Reports (.txt, .md, .html, .pdf) or glob patterns; '-' reads stdin."
    ),
    target: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="PATH",
        help="A file (format from its extension), or a folder (DIR/) for one file each; '-' = stdout.",
    ),
    fmt: OutputFormat | None = typer.Option(
        None, "--format", "-f", help="json, yaml, jsonl or csv (default: -o's extension, else json)."
    ),
    compact: bool = typer.Option(False, "--compact", help="JSON on one line, no indentation."),
    excel: bool = typer.Option(False, "--excel", help="CSV with a UTF-8 BOM and CRLF, for Excel."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary line on stderr."),
    labels: Path | None = typer.Option(
        None, "--labels", metavar="FILE", help="YAML file of extra label synonyms."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", metavar="NAME", help="Text encoding (default: detected)."
    ),
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
    """Extract reports into JSON, YAML, JSON Lines or CSV.

    One document per report; a summary line (initiatives, warnings, coverage) on stderr.
    """
    from .arguments import expand_inputs, format_of, same_file

    global _EXIT_AT_ONCE
    _EXIT_AT_ONCE = True  # every output below is written and closed before the command returns
    inputs, problem = expand_inputs(files)
    if problem:
        raise fail(_escape_markup(problem), 2)
    output = Path(target) if target else None
    folder = target is not None and (target.endswith(("/", os.sep)) or Path(target).is_dir())
    chosen = format_of(None if folder else target, fmt.value if fmt else None)
    if output is not None and target != "-":
        clash = same_file(output, inputs)
        if clash:
            raise fail(_escape_markup(f"-o {output}: refusing to overwrite the input {clash}"), 2)
    from .read.pdf_options import pdf_options

    if len(inputs) == 1 and not folder:
        from .page_progress import page_progress

        with page_progress(f"reading {Path(inputs[0]).name}") as progress:
            with pdf_options(pdf_engine.value, jobs, progress):
                _extract_one(inputs[0], output, chosen, compact, excel, quiet, labels, encoding, explain)
    else:
        with pdf_options(pdf_engine.value, jobs):
            _extract_many(inputs, output, chosen, compact, excel, quiet, labels, encoding, explain)


def _extract_one(  # noqa: PLR0913 - the command's options
    file: str, output: Path | None, fmt: str, compact: bool, excel: bool, quiet: bool,
    labels: Path | None, encoding: str | None, explain: bool,
) -> None:  # fmt: skip
    from .extract_files import Totals
    from .output.render import render

    document = _read_document(file, labels, encoding)
    text = render(document, fmt, compact=compact, excel=excel)
    try:
        write_output(text, output)
    except OSError as exc:
        from .batch.runner import WRITE_PROBLEMS

        raise fail(
            f"{output}: cannot write: {WRITE_PROBLEMS.get(exc.errno or 0) or exc.strerror or exc}"
        ) from None
    if explain:
        _explain(document, file)
    if not quiet:
        totals = Totals()
        totals.add(document)
        _say(totals.line(document.source.name))


def _extract_many(  # noqa: PLR0913 - the command's options
    files: list[str], output: Path | None, fmt: str, compact: bool, excel: bool, quiet: bool,
    labels: Path | None, encoding: str | None, explain: bool,
) -> None:  # fmt: skip
    """Several inputs: to stdout one after the other, or -o DIR one file each; failures go on."""
    from .extract_files import Totals, joined, output_paths
    from .output.render import render

    to_folder = output is not None and str(output) != "-"
    targets: dict[str, Path] = {}
    if to_folder:
        assert output is not None
        if output.exists() and not output.is_dir():
            raise fail(_escape_markup(f"-o {output}: not a folder; several inputs need -o DIR"), 2)
        targets, problem = output_paths(files, output, fmt)
        if problem:
            raise fail(_escape_markup(problem), 2)
    book = _labels_book(labels)
    totals, texts = Totals(), []
    for file in files:
        document = _try_document(file, book, encoding)
        if document is None:
            totals.failed += 1
            continue
        totals.add(document)
        one_line = compact or (fmt == "json" and not to_folder)  # JSON Lines of documents on stdout
        text = render(document, fmt, compact=one_line, excel=excel)
        if to_folder:
            try:
                write_output(text, targets[file])
            except OSError as exc:
                raise fail(_escape_markup(f"{targets[file]}: cannot write: {exc.strerror or exc}")) from None
        else:
            texts.append(text)
        if explain:
            _explain(document, file)
    if texts:
        write_output(joined(texts, fmt), None)
    if not quiet:
        only = Path(files[0]).name if len(files) == 1 and files[0] != "-" else None
        _say(totals.line(only))
    if totals.failed:
        raise typer.Exit(1)


def _try_document(file: str, book, encoding: str | None):  # noqa: ANN001, ANN202 - LabelBook → Document
    """One report read, or None after one line on stderr."""
    from .pipeline import extract as run

    try:
        return run(file, labels=book, encoding=encoding)
    except ReformParseError as exc:
        _console().print(f"[bold red]error:[/] {_escape_markup(str(exc))}", soft_wrap=True)
    except Exception as exc:  # a bug: still one line, never a traceback
        message = f"{file}: internal error while reading ({type(exc).__name__}: {exc}); please report it"
        _console().print(f"[bold red]error:[/] {_escape_markup(message)}", soft_wrap=True)
    return None


def _explain(document, file: str) -> None:  # noqa: ANN001
    console = _console()
    coverage = document.coverage
    console.print(
        f"coverage: {coverage.lines_used}/{coverage.lines_total} lines became data ({coverage.ratio:.1%}); "
        f"{coverage.prose_lines} kept as prose"
    )
    lines: list[str] = []
    if file != "-" and Path(file).suffix.lower() != ".pdf" and coverage.unused_lines and Path(file).is_file():
        try:
            from .read.text import decode, split_lines

            text, _ = decode(Path(file).read_bytes(), file, document.source.encoding)
            lines = split_lines(text)
        except (OSError, ReformParseError):
            lines = []
    for number in coverage.unused_lines:
        shown = lines[number - 1][:100] if 0 < number <= len(lines) else ""
        console.print(f"  unused line {number}: {shown}", markup=False)


@app.command(epilog=EXAMPLES["schema"])
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


@app.command(epilog=EXAMPLES["batch"])
def batch(
    directory: Path = typer.Argument(
        ..., metavar="DIR", help="Folder of reports (.txt, .md, .html, .pdf), searched recursively."
    ),
    output: Path = typer.Option(
        ...,
        "--output",
        "-o",
        metavar="OUT",
        help="Folder for the outputs (mirrors the input tree) and manifest.jsonl.",
    ),
    fmt: BatchFormat = typer.Option(BatchFormat.json, "--format", "-f", help="json, yaml or jsonl."),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Worker processes (default: the number of CPUs).",
    ),
    glob: str | None = typer.Option(
        None,
        "--glob",
        metavar="PATTERN",
        help="Only files whose relative path or name matches ('*.pdf', '2023/*', '**/*.pdf').",
    ),
    force: bool = typer.Option(False, "--force", help="Convert again files the manifest says are done."),
    tables: bool = typer.Option(
        False, "--tables", help="Also write the tables as CSV files in OUT (initiatives.csv, ...)."
    ),
    excel: bool = typer.Option(
        False, "--excel", help="Write the CSV tables with a UTF-8 BOM (implies --tables)."
    ),
    sqlite: Path | None = typer.Option(
        None, "--sqlite", metavar="FILE", help="Also write the tables into this SQLite database."
    ),
    parquet: Path | None = typer.Option(
        None,
        "--parquet",
        metavar="DIR",
        help="Also write the tables as Parquet files in DIR (extra 'parquet').",
    ),
    prune: bool = typer.Option(
        False, "--prune", help="Drop the outputs, manifest entries and rows of inputs gone from the folder."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Show failures and errors only."),
    labels: Path | None = typer.Option(
        None, "--labels", metavar="FILE", help="YAML file of extra label synonyms."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", metavar="NAME", help="Text encoding (default: detected)."
    ),
    review: bool = typer.Option(
        False, "--review", help="Also write each report's review page beside its output (NAME.review.html)."
    ),
    timeout: float = typer.Option(
        300.0, "--timeout", min=0, help="Seconds one file may take; past it the file fails (0 = no limit)."
    ),
    follow_symlinks: bool = typer.Option(
        False, "--follow-symlinks", help="Follow symlinks to folders and to files outside the folder."
    ),
) -> None:
    """Convert a folder of reports; a re-run skips what is done.

    Workers run in parallel; OUT/manifest.jsonl lists every input, its output and how it went.
    """
    from .batch import BatchOptions, default_jobs

    _check_batch_arguments(directory, labels, encoding)
    _check_batch_targets(directory, output, glob, sqlite, parquet)
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
        parquet=parquet,
        prune=prune,
        review=review,
        timeout=timeout or None,
        follow_symlinks=follow_symlinks,
    )
    _run_batch(options, quiet=quiet)


def _check_batch_targets(
    directory: Path, output: Path, glob: str | None, sqlite: Path | None, parquet: Path | None
) -> None:
    """A --glob that matches nothing, an unusable --sqlite or --parquet: one line, exit 2, nothing converted."""
    from .arguments import parquet_problem, sqlite_problem

    if glob:
        from .batch import find_inputs

        inside = output.resolve() != directory.resolve()
        if not find_inputs(directory, glob, exclude=output if inside else None):
            raise fail(_escape_markup(f"--glob {glob}: no report file in {directory} matches"), 2)
    problem = (sqlite_problem(sqlite) if sqlite is not None else None) or (
        parquet_problem(parquet) if parquet is not None else None
    )
    if problem:
        raise fail(_escape_markup(problem), 2)


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


def _run_batch(options: BatchOptions, quiet: bool = False) -> None:
    """Run the batch with its display on stderr; exit 1 when a file failed, 130 on Ctrl-C."""
    from .batch import BatchError, run_batch
    from .progress import Display

    console = _console()
    display = Display(console, interactive=console.is_terminal and not os.environ.get("CI"), quiet=quiet)
    try:
        with display:  # the progress bar stops before any message
            summary = run_batch(options, display.events())
    except BatchError as exc:
        raise fail(_escape_markup(str(exc))) from None
    except KeyboardInterrupt:
        console.print("interrupted: run the same command again to go on where it stopped", markup=False)
        raise typer.Exit(130) from None
    except OSError as exc:
        from .batch.runner import WRITE_PROBLEMS

        reason = WRITE_PROBLEMS.get(exc.errno or 0) or exc.strerror or exc
        message = f"{exc.filename or options.out}: cannot write: {reason}"
        raise fail(_escape_markup(message)) from None
    display.summary(summary, options.out)
    if summary.failed or summary.errors:
        raise typer.Exit(1)


@app.command(epilog=EXAMPLES["validate"])
def validate(
    files: list[Path] = typer.Argument(
        ...,
        metavar="FILE",
        help="Documents written by reformparse: JSON, JSON Lines or YAML; '-' reads stdin.",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only (no 'ok FILE' lines)."),
) -> None:
    """Check documents against the JSON Schema.

    Each error with its JSON path; exit 1 on any error.
    """
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
        elif not quiet:
            typer.echo(f"ok {path}")
    if bad:
        raise typer.Exit(1)


def _escape_markup(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@app.command(epilog=EXAMPLES["inspect"])
def inspect(
    file: str = typer.Argument(..., help="Report to inspect (.txt, .md or .pdf)."),
    unused: bool = typer.Option(False, "--unused", help="Also list the source lines nothing used."),
    everything: bool = typer.Option(
        False, "--all", "-a", help="Every section, table and warning (default: a summary and the first ones)."
    ),
    labels: Path | None = typer.Option(
        None, "--labels", metavar="FILE", help="YAML file of extra label synonyms."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", metavar="NAME", help="Text encoding (default: detected)."
    ),
) -> None:
    """Show a person what was read from a report.

    A summary first, then sections, tables, record layouts, warnings, checks and coverage.
    """
    from rich.console import Console

    from .inspect_view import show

    document = _read_document(file, labels, encoding)
    console = Console(no_color="NO_COLOR" in os.environ or None, highlight=False)
    show(document, console, unused=unused, file=file, encoding=encoding, everything=everything)


@app.command(epilog=EXAMPLES["review"])
def review(
    file: str = typer.Argument(..., metavar="FILE", help="Report to review (.txt, .md, .html or .pdf)."),
    output: Path = typer.Option(..., "--output", "-o", metavar="FILE", help="The HTML page to write."),
    labels: Path | None = typer.Option(
        None, "--labels", metavar="FILE", help="YAML file of extra label synonyms."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", metavar="NAME", help="Text encoding (default: detected)."
    ),
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


def _terminated(signum: int, _frame: object) -> None:
    """SIGTERM ends the command as Ctrl-C would: temporary files removed, workers stopped."""
    raise SystemExit(128 + signum)


#: set by a command after whose end nothing is left to clean up (extract): the process then ends
#: without the interpreter's teardown
_EXIT_AT_ONCE = False


def main(*, exit_at_once: bool = False) -> None:
    """Run the command line (an in-process caller gets SystemExit as usual). `exit_at_once`: end the
    process without the interpreter's teardown after a command that allows it (the console script)."""
    import signal

    # the command line needs no pydantic plugins: skip looking for them among every installed package's
    # entry points when the models are first built (a few ms, more in a large environment); a value the
    # user set is kept
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    signal.signal(signal.SIGTERM, _terminated)
    try:
        app()
    except BrokenPipeError:  # pragma: no cover - `reformparse ... | head`
        sys.stderr.close()
        sys.exit(0)
    except SystemExit as done:
        if exit_at_once and _EXIT_AT_ONCE:
            _exit_at_once(done.code)
        raise


def console() -> None:
    """The `reformparse` command (console script): main(), the process ended at once after an extract."""
    main(exit_at_once=True)


def _exit_at_once(code: object) -> None:
    """End the process with `code` once stdout and stderr are flushed, skipping the interpreter's
    teardown (freeing every module and object: about 0.05 s after an extract). Only for a command whose
    outputs are all written and closed by then: no atexit handler of ours is left to run."""
    status = code if isinstance(code, int) else (0 if code is None else 1)
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError, OSError):  # closed, or a reader that went away
            pass
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    main()
