"""The `reformparse` command line: data on stdout, messages on stderr, exit 0 / 1 / 2."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path

import typer

from . import __version__
from .errors import ReformParseError

app = typer.Typer(
    name="reformparse",
    help="Extract initiatives from Japanese administrative-reform reports (行政改革の実施計画・進捗・結果) into JSON.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


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
) -> None:
    """Extract one report and write one JSON (or YAML / JSON Lines / CSV) document."""
    from .output.render import render
    from .pipeline import extract as run

    try:
        document = run(file, labels=labels, encoding=encoding)
    except ReformParseError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except Exception as exc:  # a bug: still one line, never a traceback
        raise fail(
            f"{file}: internal error while reading ({type(exc).__name__}: {exc}); please report it"
        ) from None
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
    console.print(f"coverage: {coverage.lines_used}/{coverage.lines_total} lines ({coverage.ratio:.1%})")
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


@app.command()
def batch(
    directory: Path = typer.Argument(..., help="Folder of reports (.txt, .md, .pdf), searched recursively."),
    output: Path = typer.Option(
        ..., "--output", "-o", help="Folder for the outputs (mirrors the input tree)."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f", help="json, yaml or jsonl."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (default: the number of CPUs)."),
    glob: str | None = typer.Option(
        None, "--glob", help="Only files whose path or name matches, e.g. '*.pdf'."
    ),
    force: bool = typer.Option(False, "--force", help="Convert again files the manifest says are done."),
    tables: bool = typer.Option(False, "--tables", help="Also write initiatives/years/amounts/warnings CSV."),
    excel: bool = typer.Option(False, "--excel", help="Write the CSV with a UTF-8 BOM for Excel."),
    sqlite: Path | None = typer.Option(None, "--sqlite", help="Also write the tables into this SQLite file."),
    labels: Path | None = typer.Option(None, "--labels", help="YAML file of extra label synonyms."),
    encoding: str | None = typer.Option(None, "--encoding", help="Text encoding (default: detected)."),
) -> None:
    """Convert a folder of reports in parallel, with a manifest that lets a re-run skip what is done."""
    from .batch import BatchOptions, default_jobs, run_batch

    if fmt == OutputFormat.csv:
        raise fail("--format csv is for one document; use --tables for a folder", 2)
    if not directory.exists():
        raise fail(f"{directory}: no such folder")
    if not directory.is_dir():
        raise fail(f"{directory}: not a folder; use `reformparse extract` for one file")
    options = BatchOptions(
        source=directory,
        out=output,
        fmt=fmt.value,
        jobs=jobs or default_jobs(),
        glob=glob,
        force=force,
        labels=str(labels) if labels else None,
        encoding=encoding,
        want_rows=tables or excel or sqlite is not None,
    )
    console = _console()
    interactive = console.is_terminal and not os.environ.get("CI")
    if interactive:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        progress = Progress(
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[failed]} failed  {task.fields[current]}"),
            console=console,
        )
        task = progress.add_task("batch", total=None, failed=0, current="")
        failed = 0

        def on_result(result: dict, done: int, total: int) -> None:
            nonlocal failed
            failed += result["status"] == "failed"
            progress.update(task, completed=done, total=total, failed=failed, current=result["input"])
            if result["status"] == "failed":
                progress.console.print(f"[red]failed[/] {result['input']}: {result['error']}", markup=True)

        with progress:
            summary, parts = run_batch(options, on_result)
    else:

        def on_result(result: dict, done: int, total: int) -> None:
            detail = f": {result['error']}" if result["status"] == "failed" else ""
            console.print(f"[{done}/{total}] {result['status']} {result['input']}{detail}", markup=False)

        summary, parts = run_batch(options, on_result)
    if options.want_rows:
        from .output.tables import merge_rows, write_csv_tables, write_sqlite

        merged = merge_rows(parts)
        if tables or excel:
            write_csv_tables(output, merged, excel=excel)
        if sqlite is not None:
            write_sqlite(sqlite, merged)
    from rich.table import Table as RichTable

    table = RichTable(title="reformparse batch", show_header=True)
    for name in ("files", "converted", "skipped", "initiatives", "warnings", "failed", "seconds"):
        table.add_column(name, justify="right")
    table.add_row(
        *(
            str(getattr(summary, name))
            for name in ("files", "converted", "skipped", "initiatives", "warnings", "failed", "seconds")
        )
    )
    console.print(table)
    for name, error in summary.failures:
        console.print(f"failed: {name}: {error}", markup=False)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def validate(files: list[Path] = typer.Argument(..., help="JSON documents written by reformparse.")) -> None:
    """Check documents against the JSON Schema; each error with its JSON path. Exit 1 on any error."""
    import json

    import jsonschema

    from .models import json_schema

    validator = jsonschema.Draft202012Validator(json_schema())
    console = _console()
    bad = False
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            console.print(f"error: {path}: not a readable JSON document: {exc}", markup=False)
            bad = True
            continue
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if not errors:
            typer.echo(f"ok {path}")
            continue
        bad = True
        for error in errors:
            where = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
            typer.echo(f"{path}: {where}: {error.message}")
    if bad:
        raise typer.Exit(1)


@app.command()
def inspect(
    file: str = typer.Argument(..., help="Report to inspect (.txt, .md or .pdf)."),
    unused: bool = typer.Option(False, "--unused", help="Show the source lines that went unused."),
    labels: Path | None = typer.Option(None, "--labels", help="YAML file of extra label synonyms."),
    encoding: str | None = typer.Option(None, "--encoding", help="Text encoding (default: detected)."),
) -> None:
    """A view for a person: sections, tables, record layouts, warnings, coverage."""
    from collections import Counter

    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.tree import Tree

    from .pipeline import extract as run

    try:
        document = run(file, labels=labels, encoding=encoding)
    except ReformParseError as exc:
        raise fail(str(exc)) from None
    console = Console(no_color="NO_COLOR" in os.environ or None, highlight=False)
    console.print(
        f"[bold]{document.title or document.source.name}[/]  {document.municipality or ''}  "
        f"kind={document.kind}  plan={document.plan_name or '-'}"
    )
    tree = Tree("sections")

    def add(node, sections) -> None:  # noqa: ANN001
        for section in sections:
            child = node.add(
                f"{section.number or ''} {section.title}  [dim]line {section.span.start_line}[/]"
            )
            add(child, section.children)

    add(tree, document.sections)
    console.print(tree)
    tables = RichTable(title="tables")
    for name in ("key", "caption", "unit", "size", "layout", "line"):
        tables.add_column(name)
    for item in document.tables:
        width = max((len(r) for r in item.header + item.rows), default=0)
        tables.add_row(
            item.key,
            (item.caption or "")[:30],
            item.unit or "",
            f"{len(item.rows)}x{width}",
            item.layout or "unmapped",
            str(item.span.start_line),
        )
    console.print(tables)
    layouts = Counter(item.layout or "?" for item in document.initiatives)
    records = RichTable(title="records")
    records.add_column("layout")
    records.add_column("initiatives", justify="right")
    for layout, count in layouts.most_common():
        records.add_row(layout, str(count))
    records.add_row("groups", str(len(document.groups)))
    console.print(records)
    warnings = RichTable(title=f"warnings ({len(document.warnings)})")
    for name in ("code", "line", "message"):
        warnings.add_column(name)
    for warning in document.warnings:
        warnings.add_row(warning.code, str(warning.span.start_line if warning.span else ""), warning.message)
    console.print(warnings)
    coverage = document.coverage
    console.print(f"coverage: {coverage.lines_used}/{coverage.lines_total} lines ({coverage.ratio:.1%})")
    if unused:
        _explain(document, file)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:  # pragma: no cover - `reformparse ... | head`
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
