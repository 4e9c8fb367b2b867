"""`reformparse batch DIR -o OUT`: convert a folder of reports in parallel worker processes.

Design, so that memory stays flat and a killed batch is never left half-written:

- Each worker extracts one file, writes its output itself (atomically: a temporary file, then
  `os.replace`) and returns a small result dict — counts, seconds, error — never a Document.
- OUT/manifest.jsonl holds one line per input and is rewritten atomically after every file, so it
  is never left with a partial line (a re-run also ignores lines that do not parse). A re-run skips
  inputs whose sha256 and tool version match an ok (or skipped) entry whose output still exists.
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
    inputs = find_inputs(source, options.glob, exclude=out)
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
    skipped: list[dict] = []
    for path in inputs:
        relative = path.relative_to(source).as_posix()
        output = names[path]
        try:
            digest = sha256_of(path)
        except OSError as exc:
            entry = _failed(relative, None, f"{relative}: cannot be read: {exc.strerror or exc}")
            manifest[relative] = entry
            summary.failed += 1
            summary.failures.append((relative, entry["error"]))
            skipped.append(entry)  # reported with the skipped ones, before the workers start
            continue
        previous = manifest.get(relative)
        if (
            not options.force
            and previous
            and previous.get("status") in DONE
            and previous.get("sha256") == digest
            and previous.get("version") == __version__
            and previous.get("output") == output
            and (out / output).is_file()
            and (not options.want_tables or json_source(out, options.fmt, output).is_file())
        ):
            entry = {**previous, "status": "skipped", "seconds": 0.0, "error": None}
            manifest[relative] = entry
            summary.skipped += 1
            skipped.append(entry)
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
                "size": path.stat().st_size,
            }
        )
    if skipped:
        write_manifest(out, manifest)

    def record(result: dict) -> None:
        manifest[result["input"]] = result
        if result["status"] == "ok":
            summary.converted += 1
        else:
            summary.failed += 1
            summary.failures.append((result["input"], result["error"] or "failed"))
            # an output left from an earlier run no longer matches its input
            previous_output = names.get(source / result["input"])
            if previous_output:
                _remove(out / previous_output)
                if options.fmt != "json":
                    _remove(json_source(out, options.fmt, previous_output))
        write_manifest(out, manifest)
        finish(result)

    with _Runner(tasks, options.jobs) as runner:
        if events.begin:
            events.begin(len(inputs), len(tasks))
        for entry in skipped:
            finish(entry)
        for result in runner.results(events.running):
            record(result)

    if options.want_tables:
        if events.note:
            events.note("writing tables")
        from .output.tables import write_tables

        write_tables(options, inputs, manifest, summary)
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


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
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=context)
        self._fill()

    def _fill(self) -> None:
        assert self.pool is not None
        while self.pending and len(self.running) < 2 * self.jobs:
            task = self.pending.pop()
            self.running[self.pool.submit(convert_one, task)] = task

    def results(self, on_running: Callable[[list[str]], None] | None = None):  # noqa: ANN201
        if self.pool is None:
            for task in self.tasks:
                if on_running:
                    on_running([task["relative"]])
                yield convert_one(task)
            return
        while self.running:
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
                    yield _failed(
                        task["relative"],
                        task["sha256"],
                        "the worker process stopped abruptly (killed, or out of memory)",
                    )
            if broken:
                # every task still in the broken pool fails with it; a new pool takes the rest
                for future, task in list(self.running.items()):
                    self.running.pop(future)
                    yield _failed(
                        task["relative"],
                        task["sha256"],
                        "the worker process stopped abruptly (killed, or out of memory)",
                    )
                self.pool.shutdown(wait=False, cancel_futures=True)
                if self.pending:
                    self._start_pool()
                else:
                    self.pool = None
                    return
                continue
            self._fill()


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)
