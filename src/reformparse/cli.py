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

    return Console(stderr=True, no_color="NO_COLOR" in os.environ or None, highlight=False)


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


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:  # pragma: no cover - `reformparse ... | head`
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":  # pragma: no cover
    main()
