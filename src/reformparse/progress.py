"""What `reformparse batch` shows on stderr: a rich progress bar on a terminal, else a line per file;
then the summary table. The batch runner knows nothing of this: it calls the `Events` given to it."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text

from .batch import MANIFEST, BatchSummary, Events, ManifestEntry


def count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def percent(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.1%}"


class Display:
    """The batch's display; `events()` gives the runner its callbacks."""

    def __init__(self, console: Console, interactive: bool, quiet: bool = False) -> None:
        self.console = console
        # rich exits on a broken pipe; a batch whose stderr nobody reads any more goes on silently
        console.on_broken_pipe = silence_stderr  # type: ignore[method-assign]
        #: quiet: failures and errors only
        self.quiet = quiet
        self.interactive = interactive and not quiet
        self.progress = None
        self.task = None
        self.failures = 0

    def __enter__(self) -> Display:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def events(self) -> Events:
        return Events(begin=self.begin, result=self.result, running=self.running, note=self.note)

    def begin(self, found: int, to_convert: int) -> None:
        if not self.interactive:
            self._line(f"{found} files found: {to_convert} to convert, {found - to_convert} unchanged")
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failures]} failed"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}", markup=False),
            console=self.console,
        )
        self.task = self.progress.add_task("batch", total=found, failures=0, current="")
        self.progress.start()

    def result(self, entry: ManifestEntry, done: int, total: int) -> None:
        self.failures += entry.status == "failed"
        if self.progress is not None:
            self.progress.update(self.task, completed=done, failures=self.failures)
            if entry.status == "failed":
                self._line(f"failed {entry.input}: {entry.error}", style="red")
            return
        self._line(f"[{done}/{total}] " + file_line(entry))

    def running(self, names: list[str]) -> None:
        if self.progress is not None:
            self.progress.update(self.task, current=", ".join(names)[:80])

    def note(self, message: str) -> None:
        if self.progress is not None:
            self.progress.update(self.task, current=message)
        else:
            self._line(message)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.update(self.task, current="")
            self.progress.stop()
            self.progress = None

    def _line(self, text: str, style: str | None = None) -> None:
        if self.quiet and style != "red":
            return
        self._print(Text(text, style=style or ""), soft_wrap=True)

    def _print(self, *objects: object, **options: object) -> None:
        """Print on stderr; when nobody reads it any more (a closed pipe) the batch goes on silently."""
        try:
            self.console.print(*objects, **options)
        except BrokenPipeError:
            silence_stderr()

    def summary(self, summary: BatchSummary, out: Path) -> None:
        from rich.table import Table

        table = Table(title="reformparse batch", title_justify="left")
        columns = ("files", "converted", "skipped", "initiatives", "warnings", "failures", "seconds")
        for name in columns:
            table.add_column(name, justify="right")
        table.add_row(
            str(summary.files),
            str(summary.converted),
            str(summary.skipped),
            str(summary.initiatives),
            str(summary.warnings),
            Text(str(summary.failed), style="red" if summary.failed else ""),
            f"{summary.seconds:.2f}",
        )
        if not self.quiet:
            self._print(table)
        # a line of its own: an eighth column would not fit 80 characters
        self._line(coverage_line(summary))
        for name, error in summary.failures:
            self._line(f"failed: {name}: {error}", style="red")
        for error in summary.errors:
            self._line(f"error: {error}", style="red")
        for line in table_lines(summary):
            self._line(line)
        if summary.tables:
            self._line("tables: " + tables_written(summary.tables))
        self._line(f"manifest: {out / MANIFEST}")


def silence_stderr() -> None:
    """Point stderr at /dev/null, so that later messages (and the flush at exit) do not fail."""
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stderr.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def file_line(entry: ManifestEntry) -> str:
    """One input's line for a log (no terminal): ok, skipped or failed, with its figures."""
    if entry.status == "failed":
        return f"failed {entry.input}: {entry.error}"
    if entry.status == "skipped":
        return f"skipped {entry.input} (unchanged)"
    return (
        f"ok {entry.input} -> {entry.output} ({count(entry.initiatives, 'initiative')}, "
        f"{count(entry.warnings, 'warning')}, coverage {percent(entry.coverage)}, {entry.seconds:.2f} s)"
    )


def table_lines(summary: BatchSummary) -> list[str]:
    """What became of inputs that are gone (--prune), and other notes on the outputs and tables."""
    lines = []
    if summary.pruned:
        lines.append(
            f"pruned {count(len(summary.pruned), 'input')} gone from the folder: {_names(summary.pruned)}"
        )
    if summary.kept:
        lines.append(
            f"kept {count(len(summary.kept), 'document')} whose input is gone (--prune removes them): "
            f"{_names(summary.kept)}"
        )
    return lines + summary.notes


def tables_written(paths: list[Path]) -> str:
    """The files the tables went to, those of a folder and kind together (`out/*.csv (14 tables)`)."""
    groups: dict[tuple[Path, str], list[Path]] = {}
    for path in paths:
        groups.setdefault((path.parent, path.suffix), []).append(path)
    parts = []
    for (folder, suffix), found in groups.items():
        many = len(found) > 1 and suffix in (".csv", ".parquet")
        parts.append(
            f"{folder / ('*' + suffix)} ({len(found)} tables)" if many else ", ".join(map(str, found))
        )
    return ", ".join(parts)


def _names(names: list[str], shown: int = 5) -> str:
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def coverage_line(summary: BatchSummary) -> str:
    """The mean coverage of the converted and skipped documents."""
    if summary.mean_coverage is None:
        return "mean coverage: - (no document converted)"
    return (
        f"mean coverage: {summary.mean_coverage:.1%} of the source lines used "
        f"(over {count(summary.coverage_count, 'document')})"
    )
