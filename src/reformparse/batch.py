"""`reformparse batch DIR -o OUT`: convert a folder of reports in parallel worker processes.

Design, so that memory stays flat and a killed batch is never left half-written:

- Each worker extracts one file, writes its output itself (atomically: a temporary file, then
  `os.replace`) and returns a small result dict — counts, seconds, error — never a Document.
- OUT/manifest.jsonl holds one line per input. It is rewritten atomically at the start and the end of a
  run; in between, each finished file appends its line (one write, flushed and fsynced), so the cost per
  file stays constant however long the batch. A re-run ignores lines that do not parse and takes the
  last line of an input. It skips inputs whose sha256, tool version and settings match an ok (or
  skipped) entry whose output still exists.
- The tables (`--tables`, `--sqlite`) are built after the workers finish by re-reading the JSON of
  each converted document, one document at a time, and streaming its rows into the CSV files and
  the SQLite database. With `--format json` the outputs themselves are re-read; with yaml or jsonl
  the worker also keeps a JSON copy under OUT/.json/ (jsonl output drops the document-level data
  the tables need, and YAML is slow to parse).
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .output.files import atomic_write_text

SUFFIXES = (".txt", ".md", ".pdf")
EXTENSIONS = {"json": ".json", "yaml": ".yaml", "jsonl": ".jsonl"}
MANIFEST = "manifest.jsonl"
#: where the JSON copies that feed the tables are kept when the output format is not JSON
JSON_COPIES = ".json"
DONE = ("ok", "skipped")


@dataclass
class BatchOptions:
    """What the user asked for."""

    source: Path
    out: Path
    fmt: str = "json"
    jobs: int = 1
    glob: str | None = None
    force: bool = False
    labels: str | None = None
    encoding: str | None = None
    tables: bool = False
    excel: bool = False
    sqlite: Path | None = None

    @property
    def want_tables(self) -> bool:
        return self.tables or self.excel or self.sqlite is not None


@dataclass
class BatchSummary:
    """Counts for the summary table (initiatives and warnings over every ok document of the batch)."""

    files: int = 0
    converted: int = 0
    skipped: int = 0
    failed: int = 0
    initiatives: int = 0
    warnings: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: problems of the batch as a whole (the tables could not be written, ...)
    errors: list[str] = field(default_factory=list)
    tables: list[Path] = field(default_factory=list)


@dataclass
class Events:
    """Callbacks for the display; every one is optional."""

    #: (inputs found, inputs to convert) once the workers are up
    begin: Callable[[int, int], None] | None = None
    #: (result, files done, files in all) after each input, skipped ones included
    result: Callable[[dict, int, int], None] | None = None
    #: (relative input paths being converted now)
    running: Callable[[list[str]], None] | None = None
    #: (message) once the tables are being written
    note: Callable[[str], None] | None = None


class BatchError(Exception):
    """The batch cannot start (OUT cannot be created, ...); the message is fit for a user."""


# ---------------------------------------------------------------- inputs and names


def find_inputs(source: Path, pattern: str | None = None, exclude: Path | None = None) -> list[Path]:
    """Report files under `source`, sorted; `pattern` (a glob on the relative path or name) narrows.

    Hidden files and folders (a leading dot) and anything under `exclude` (OUT, when it lies inside
    DIR) are left out.
    """
    exclude_resolved = exclude.resolve() if exclude is not None else None
    found = []
    for path in sorted(_report_files(source)):
        relative = path.relative_to(source)
        if exclude_resolved is not None and _is_under(path.resolve(), exclude_resolved):
            continue
        if pattern and not (
            fnmatch.fnmatch(relative.as_posix(), pattern) or fnmatch.fnmatch(path.name, pattern)
        ):
            continue
        found.append(path)
    return found


def _report_files(source: Path):  # noqa: ANN202 - a generator of Path
    for root, dirs, files in os.walk(source):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.startswith(".") or not name.lower().endswith(SUFFIXES):
                continue
            path = Path(root) / name
            if path.is_file():
                yield path


def _is_under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def output_names(inputs: list[Path], source: Path, fmt: str) -> dict[Path, str]:
    """Each input's output path relative to OUT: report.txt → report.json.

    Where one folder holds reports with the same stem (report.txt and report.pdf), each keeps its
    suffix (report.txt.json, report.pdf.json) so that neither overwrites the other; a top-level input
    whose name would be the manifest's keeps its suffix too. Collisions are judged over every report
    file in DIR (not only those `--glob` selects), so a file's output name does not depend on --glob.
    """
    extension = EXTENSIONS[fmt]
    stems: dict[tuple[str, str], int] = {}
    for path in _report_files(source):
        relative = path.relative_to(source)
        key = (relative.parent.as_posix(), relative.stem.casefold())
        stems[key] = stems.get(key, 0) + 1
    names = {}
    for path in inputs:
        relative = path.relative_to(source)
        name = relative.with_suffix(extension)
        clash = stems.get((relative.parent.as_posix(), relative.stem.casefold()), 1) > 1
        if clash or name.as_posix().casefold() == MANIFEST:
            name = relative.with_name(relative.name + extension)
        names[path] = name.as_posix()
    return names


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def json_source(out: Path, fmt: str, output: str) -> Path:
    """The JSON file the tables are built from for one output (the output itself for --format json)."""
    if fmt == "json":
        return out / output
    return out / JSON_COPIES / (output + ".json")


# ---------------------------------------------------------------- the worker


def convert_one(task: dict) -> dict:
    """Worker: extract one file, write its output atomically, return a small result dict."""
    from .errors import ReformParseError
    from .output.render import render
    from .pipeline import extract

    started = time.perf_counter()
    result = {
        "input": task["relative"],
        "sha256": task["sha256"],
        "output": task["output_relative"],
        "status": "ok",
        "initiatives": 0,
        "warnings": 0,
        "seconds": 0.0,
        "error": None,
        "version": __version__,
        "settings": task["settings"],
    }
    try:
        document = extract(task["path"], labels=task["labels"], encoding=task["encoding"])
        atomic_write_text(Path(task["output"]), render(document, task["fmt"]))
        if task["json_copy"]:
            atomic_write_text(Path(task["json_copy"]), render(document, "json", compact=True))
        result["initiatives"] = len(document.initiatives)
        result["warnings"] = len(document.warnings)
    except ReformParseError as exc:
        result.update(status="failed", error=_one_line(str(exc)), output=None)
    except MemoryError:
        result.update(status="failed", error="out of memory while reading", output=None)
    except Exception as exc:  # a bug must not stop the batch
        result.update(
            status="failed",
            error=_one_line(f"internal error while reading ({type(exc).__name__}: {exc}); please report it"),
            output=None,
        )
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]


# ---------------------------------------------------------------- the manifest


def read_manifest(out: Path) -> dict[str, dict]:
    """The last entry per input; lines that do not parse (a killed run, a hand edit) are ignored."""
    entries: dict[str, dict] = {}
    path = out / MANIFEST
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return entries
    for line in text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("input"), str):
            entries[entry["input"]] = entry
    return entries


def write_manifest(out: Path, entries: dict[str, dict]) -> None:
    """Rewrite the manifest atomically (entries sorted by input path)."""
    text = "".join(json.dumps(entries[k], ensure_ascii=False) + "\n" for k in sorted(entries))
    atomic_write_text(out / MANIFEST, text)


class _Appender:
    """Appends one manifest line per finished file, flushed and fsynced before the next file counts.

    A line goes out in one write, so a killed run leaves whole lines; should a line be cut short (a full
    disk, a power cut), the next run ignores it and rewrites the manifest whole before appending.
    """

    def __init__(self, path: Path) -> None:
        self.stream = path.open("a", encoding="utf-8", newline="\n")

    def __enter__(self) -> _Appender:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stream.close()

    def add(self, entry: dict) -> None:
        self.stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.stream.flush()
        os.fsync(self.stream.fileno())


def _clean_temporaries(out: Path) -> None:
    """Remove temporary files a killed run left behind (`.name.XXXX.tmp`, see atomic_write_text)."""
    for root, _dirs, files in os.walk(out):
        for name in files:
            if name.startswith(".") and name.endswith(".tmp"):
                try:
                    os.unlink(os.path.join(root, name))
                except OSError:
                    pass


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:
        pass


# ---------------------------------------------------------------- the run


def run_batch(options: BatchOptions, events: Events | None = None) -> BatchSummary:
    """Convert every input, then (when asked) write the tables; returns the summary."""
    events = events or Events()
    started = time.perf_counter()
    source, out = options.source, options.out
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from None
    if not out.is_dir():
        raise BatchError(f"{out}: not a folder")
    _clean_temporaries(out)
    try:
        settings = settings_of(options.labels, options.encoding)
    except OSError as exc:
        raise BatchError(f"{options.labels}: cannot read labels file: {exc.strerror or exc}") from None
    inside = out.resolve() != source.resolve()
    inputs = find_inputs(source, options.glob, exclude=out if inside else None)
    names = output_names(inputs, source, options.fmt)
    manifest = read_manifest(out)
    summary = BatchSummary(files=len(inputs))
    done = 0

    def finish(entry: dict) -> None:
        nonlocal done
        done += 1
        if entry["status"] in DONE:
            summary.initiatives += entry.get("initiatives") or 0
            summary.warnings += entry.get("warnings") or 0
        if events.result:
            events.result(entry, done, len(inputs))

    tasks: list[dict] = []
    early: list[dict] = []  # skipped inputs and unreadable ones, reported before the workers start
    outputs: dict[str, str] = {}
    for path in inputs:
        relative = path.relative_to(source).as_posix()
        output = outputs[relative] = names[path]
        try:
            digest = sha256_of(path)
        except OSError as exc:
            entry = _failed(relative, None, f"{relative}: cannot be read: {exc.strerror or exc}")
            manifest[relative] = entry
            summary.failed += 1
            summary.failures.append((relative, entry["error"]))
            early.append(entry)
            continue
        previous = manifest.get(relative)
        if (
            not options.force
            and previous
            and previous.get("status") in DONE
            and previous.get("sha256") == digest
            and previous.get("version") == __version__
            and previous.get("settings") == settings
            and previous.get("output") == output
            and (out / output).is_file()
            and (not options.want_tables or json_source(out, options.fmt, output).is_file())
        ):
            entry = {**previous, "status": "skipped", "seconds": 0.0, "error": None}
            manifest[relative] = entry
            summary.skipped += 1
            early.append(entry)
            continue
        copy = None
        if options.want_tables and options.fmt != "json":
            copy = str(json_source(out, options.fmt, output))
        tasks.append(
            {
                "path": str(path),
                "relative": relative,
                "sha256": digest,
                "output": str(out / output),
                "output_relative": output,
                "json_copy": copy,
                "fmt": options.fmt,
                "labels": options.labels,
                "encoding": options.encoding,
                "settings": settings,
                "size": path.stat().st_size,
            }
        )
    # compacted (one line per input, no partial line from a killed run) before lines are appended
    write_manifest(out, manifest)

    def record(result: dict) -> None:
        manifest[result["input"]] = result
        if result["status"] == "ok":
            summary.converted += 1
        else:
            summary.failed += 1
            summary.failures.append((result["input"], result["error"] or "failed"))
            # an output left from an earlier run no longer matches its input
            stale = outputs[result["input"]]
            _remove(out / stale)
            if options.fmt != "json":
                _remove(json_source(out, options.fmt, stale))
        appender.add(result)
        finish(result)

    with _Runner(tasks, options.jobs) as runner, _Appender(out / MANIFEST) as appender:
        if events.begin:
            events.begin(len(inputs), len(tasks))
        for entry in early:
            finish(entry)
        for result in runner.results(events.running):
            record(result)
    write_manifest(out, manifest)

    if options.want_tables:
        if events.note:
            events.note("writing tables")
        _write_tables(options, [p.relative_to(source).as_posix() for p in inputs], manifest, summary)
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def _write_tables(options: BatchOptions, inputs: list[str], manifest: dict, summary: BatchSummary) -> None:
    """Stream every ok document's rows, one document at a time, into the CSV files and SQLite."""
    from .output.tables import TableWriter

    writer = TableWriter(
        options.out if (options.tables or options.excel) else None,
        options.sqlite,
        excel=options.excel,
    )
    try:
        with writer:
            for relative in inputs:
                entry = manifest.get(relative) or {}
                if entry.get("status") not in DONE:
                    writer.forget(relative)  # a failed input keeps no rows from an earlier run
                    continue
                source = json_source(options.out, options.fmt, entry["output"])
                try:
                    data = json.loads(source.read_text(encoding="utf-8"))
                    writer.add(relative, data)
                except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
                    error = f"{relative}: its JSON ({source}) cannot be read for the tables: {exc}"
                    summary.errors.append(_one_line(error))
                    writer.forget(relative)
    except (OSError, sqlite3.Error) as exc:
        target = options.sqlite if isinstance(exc, sqlite3.Error) else options.out
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        summary.errors.append(_one_line(f"the tables could not be written ({target}): {detail}"))
        return
    summary.tables = writer.written


def _failed(relative: str, digest: str | None, error: str) -> dict:
    return {
        "input": relative,
        "sha256": digest,
        "output": None,
        "status": "failed",
        "initiatives": 0,
        "warnings": 0,
        "seconds": 0.0,
        "error": error,
        "version": __version__,
    }


class _Runner:
    """Runs the tasks in process (`--jobs 1`) or in a process pool, yielding results as they come.

    The pool is started (its workers forked) when the runner is entered — before any display thread
    starts — and at most two tasks per worker are in flight, largest files first, so that no big
    file is left running alone at the end and no long queue of results builds up.
    """

    def __init__(self, tasks: list[dict], jobs: int) -> None:
        self.tasks = sorted(tasks, key=lambda task: task["size"], reverse=True)
        self.jobs = max(1, min(jobs, len(tasks)))
        self.pool: ProcessPoolExecutor | None = None
        self.pending = list(reversed(self.tasks))  # pop() takes the largest
        self.running: dict[Future, dict] = {}

    def __enter__(self) -> _Runner:
        if self.jobs > 1:
            self._start_pool()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=exc_info[0] is None, cancel_futures=True)
            self.pool = None

    def _start_pool(self) -> None:
        # the pipeline is imported before the workers fork, so that they share it instead of each
        # importing it again
        from . import pipeline  # noqa: F401
        from .output import render  # noqa: F401

        context = None
        if sys.platform.startswith("linux"):
            import multiprocessing

            context = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(
            max_workers=self.jobs, mp_context=context, initializer=_ignore_interrupts
        )
        self._fill()

    def _fill(self) -> None:
        assert self.pool is not None
        while self.pending and len(self.running) < 2 * self.jobs:
            task = self.pending.pop()
            try:
                future = self.pool.submit(convert_one, task)
            except BrokenProcessPool:  # a worker died; the running tasks will say so
                self.pending.append(task)
                return
            self.running[future] = task

    def results(self, on_running: Callable[[list[str]], None] | None = None):  # noqa: ANN201
        if self.pool is None:
            for task in self.tasks:
                if on_running:
                    on_running([task["relative"]])
                yield convert_one(task)
            return
        while self.running or self.pending:
            if not self.running:  # the pool broke before it took any of the remaining tasks
                self._restart()
                if not self.running:  # even a new pool takes nothing: give up on one task, go on
                    task = self.pending.pop()
                    yield _failed(task["relative"], task["sha256"], DIED)
                continue
            if on_running:
                # the pool takes tasks in order: the first `jobs` unfinished ones are the running ones
                on_running([task["relative"] for task in list(self.running.values())[: self.jobs]])
            finished, _ = wait(list(self.running), return_when=FIRST_COMPLETED)
            broken = False
            for future in finished:
                task = self.running.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken = True
                    yield _failed(task["relative"], task["sha256"], DIED)
            if broken:
                # every task still in the broken pool fails with it; a new pool takes the rest
                for future, task in list(self.running.items()):
                    self.running.pop(future)
                    yield _failed(task["relative"], task["sha256"], DIED)
                if self.pending:
                    self._restart()
                continue
            self._fill()

    def _restart(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self._start_pool()


DIED = "the worker process stopped abruptly (killed, or out of memory)"


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops the batch (no traceback from every worker)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def settings_of(labels: str | None, encoding: str | None) -> str:
    """A fingerprint of the options that change an output (the labels file's content, --encoding)."""
    digest = hashlib.sha256()
    if labels:
        digest.update(Path(labels).read_bytes())
    digest.update(b"\0" + (encoding or "").encode())
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------- the display


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


class Display:
    """What the batch shows on stderr: a rich progress bar on a terminal, else a line per file."""

    def __init__(self, console, interactive: bool) -> None:  # noqa: ANN001 - a rich Console
        self.console = console
        self.interactive = interactive
        self.progress = None
        self.task = None
        self.failures = 0

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

    def result(self, entry: dict, done: int, total: int) -> None:
        status = entry["status"]
        self.failures += status == "failed"
        if self.progress is not None:
            self.progress.update(self.task, completed=done, failures=self.failures)
            if status == "failed":
                self._line(f"failed {entry['input']}: {entry['error']}", style="red")
            return
        if status == "failed":
            self._line(f"[{done}/{total}] failed {entry['input']}: {entry['error']}")
        elif status == "skipped":
            self._line(f"[{done}/{total}] skipped {entry['input']} (unchanged)")
        else:
            self._line(
                f"[{done}/{total}] ok {entry['input']} -> {entry['output']} "
                f"({_count(entry['initiatives'], 'initiative')}, {_count(entry['warnings'], 'warning')}, "
                f"{entry['seconds']:.2f} s)"
            )

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
        from rich.text import Text

        self.console.print(Text(text, style=style or ""), soft_wrap=True)

    def summary(self, summary: BatchSummary, out: Path) -> None:
        from rich.table import Table
        from rich.text import Text

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
        self.console.print(table)
        for name, error in summary.failures:
            self._line(f"failed: {name}: {error}", style="red")
        for error in summary.errors:
            self._line(f"error: {error}", style="red")
        if summary.tables:
            self._line("tables: " + ", ".join(str(path) for path in summary.tables))
        self._line(f"manifest: {out / MANIFEST}")
