"""The batch run: plan (what to convert, what to skip), the workers, the manifest, then the tables.

So that memory stays flat and a killed batch is never left half-written:

- Each worker extracts one file, writes its output itself (atomically: a temporary file, then
  `os.replace`) and returns a small `FileResult` — counts, coverage, seconds, error — never a Document.
- OUT/manifest.jsonl holds one `ManifestEntry` per input (see manifest.py). A re-run skips inputs whose
  sha256, tool version and settings match an ok (or skipped) entry whose output still exists.
- The tables (`--tables`, `--sqlite`) are built after the workers finish by re-reading the JSON of
  each converted document, one document at a time, and streaming its rows into the CSV files and
  the SQLite database. With `--format json` the outputs themselves are re-read; with yaml or jsonl
  the worker also keeps a JSON copy under OUT/.json/ (jsonl output drops the document-level data
  the tables need, and YAML is slow to parse).

The run reports what happens through `Events` callbacks; showing it is the caller's business.
"""

from __future__ import annotations

import errno
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import __version__
from ..models import document_key
from ..output.files import atomic_write_text
from ..output.safe import one_line
from .inputs import json_source, output_names, relative_name, scan_inputs, sha256_of
from .lock import FolderBusy, OutputLock
from .manifest import MANIFEST, ManifestAppender, ManifestEntry, read_manifest, write_manifest
from .tables import prune_or_keep, write_tables
from .workers import WorkerPool

DIED = "the worker process stopped abruptly (killed, or out of memory)"
#: seconds one file may take by default (--timeout); 0 or None: no limit
DEFAULT_TIMEOUT = 300.0
#: what a failed write says for the usual causes (the system's own words otherwise)
WRITE_PROBLEMS = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
}


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
    #: a folder for the tables as Parquet files
    parquet: Path | None = None
    #: drop the manifest entries, outputs and rows of inputs that are gone
    prune: bool = False
    #: also write each report's review page beside its output (NAME.review.html)
    review: bool = False
    #: seconds one file may take (None or 0: no limit); a file past it fails and the batch goes on
    timeout: float | None = DEFAULT_TIMEOUT
    #: follow symlinks to folders and to files outside the folder
    follow_symlinks: bool = False

    @property
    def want_tables(self) -> bool:
        return self.tables or self.excel or self.sqlite is not None or self.parquet is not None


@dataclass
class BatchSummary:
    """Counts for the summary (initiatives, warnings and coverage over every ok or skipped document)."""

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
    #: (input, reason) of files found but not read: symlinks not followed, pipes, hidden files
    not_read: list[tuple[str, str]] = field(default_factory=list)
    #: the sum and number of the coverage ratios of the documents that have one
    coverage_sum: float = 0.0
    coverage_count: int = 0
    #: inputs gone from DIR whose documents were removed (--prune) or are kept in the outputs and tables
    pruned: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    #: other things worth a line (two inputs with the same content, a database rebuilt)
    notes: list[str] = field(default_factory=list)

    @property
    def mean_coverage(self) -> float | None:
        """The mean `coverage.ratio` of the ok and skipped documents; None when there is none."""
        return self.coverage_sum / self.coverage_count if self.coverage_count else None

    def add(self, entry: ManifestEntry) -> None:
        """Count one input's entry (a skipped input counts with the figures of its earlier run)."""
        if entry.status == "ok":
            self.converted += 1
        elif entry.status == "skipped":
            self.skipped += 1
        else:
            self.failed += 1
            self.failures.append((entry.input, entry.error or "failed"))
        if not entry.done:
            return
        self.initiatives += entry.initiatives
        self.warnings += entry.warnings
        if entry.coverage is not None:
            self.coverage_sum += entry.coverage
            self.coverage_count += 1


def _nothing(*_args: object) -> None:
    return None


@dataclass
class Events:
    """What the run reports as it goes; every callback is optional."""

    #: (inputs found, inputs to convert) once the workers are up
    begin: Callable[[int, int], None] = _nothing
    #: (entry, files done, files in all) after each input, skipped ones included
    result: Callable[[ManifestEntry, int, int], None] = _nothing
    #: (relative input paths being converted now)
    running: Callable[[list[str]], None] = _nothing
    #: (message) once the tables are being written
    note: Callable[[str], None] = _nothing
    #: (input, reason) for each file found but not read (a symlink loop, a named pipe, a hidden file)
    not_read: Callable[[str, str], None] = _nothing


class BatchError(Exception):
    """The batch cannot start (OUT cannot be created, ...); the message is fit for a user."""


# ---------------------------------------------------------------- the worker


@dataclass(frozen=True)
class Task:
    """One input for a worker."""

    #: the input as given to the pipeline
    path: str
    #: the input's path relative to DIR (the manifest's key)
    relative: str
    sha256: str
    size: int
    #: where the output goes, and the same relative to OUT
    output: Path
    output_relative: str
    #: where a compact JSON copy goes for the tables (None: not needed)
    json_copy: Path | None
    fmt: str
    labels: str | None
    encoding: str | None
    settings: str
    #: where the review page goes (None: not asked for)
    review: Path | None = None


@dataclass(frozen=True)
class FileResult:
    """What a worker sends back for one file: small, never the Document."""

    status: str
    initiatives: int = 0
    warnings: int = 0
    #: the document's coverage.ratio (None when it failed)
    coverage: float | None = None
    seconds: float = 0.0
    error: str | None = None
    #: the sha256 of the bytes the worker read (the input may have changed since it was planned)
    sha256: str | None = None
    #: a failure that is not the input's (a write failed): an earlier output stays where it is
    keep_output: bool = False

    @classmethod
    def failed(cls, error: str, *, keep_output: bool = False) -> FileResult:
        return cls(status="failed", error=_one_line(error), keep_output=keep_output)

    def entry(self, task: Task) -> ManifestEntry:
        """The manifest entry of the task this is the result of."""
        sha256 = self.sha256 or task.sha256  # the bytes actually read
        return ManifestEntry(
            input=task.relative,
            sha256=sha256,
            output=task.output_relative if self.status == "ok" else None,
            status=self.status,
            initiatives=self.initiatives,
            warnings=self.warnings,
            coverage=self.coverage,
            seconds=self.seconds,
            error=self.error,
            version=__version__,
            settings=task.settings,
            document=document_key(sha256) if self.status == "ok" else None,
        )


def convert_one(task: Task) -> FileResult:
    """Worker: extract one file, write its output atomically, return a small result."""
    from ..errors import ReformParseError
    from ..output.render import render
    from ..pipeline import extract

    started = time.perf_counter()
    try:
        if task.review is not None:
            from ..output.review import write_review

            document = write_review(task.path, task.review, labels=task.labels, encoding=task.encoding)
        else:
            document = extract(task.path, labels=task.labels, encoding=task.encoding)
        texts = [(task.output, render(document, task.fmt))]
        if task.json_copy is not None:
            texts.append((task.json_copy, render(document, "json", compact=True)))
    except ReformParseError as exc:  # the line names the input already: not twice
        result = FileResult.failed(str(exc).removeprefix(f"{task.path}: "))
    except MemoryError:
        result = FileResult.failed("out of memory while reading")
    except OSError as exc:  # reading fails as a ReformParseError: this is the review page's write
        result = FileResult.failed(
            f"{task.relative}: {write_problem(exc, Path(exc.filename or task.output))}", keep_output=True
        )
    except Exception as exc:  # a bug must not stop the batch
        result = FileResult.failed(
            f"internal error while reading ({type(exc).__name__}: {exc}); please report it"
        )
    else:
        result = _write_outputs(task, texts) or FileResult(
            status="ok",
            initiatives=len(document.initiatives),
            warnings=len(document.warnings),
            coverage=document.coverage.ratio,
            sha256=document.source.sha256,
        )
    return replace(result, seconds=round(time.perf_counter() - started, 3))


def _write_outputs(task: Task, texts: list[tuple[Path, str]]) -> FileResult | None:
    """Write a document's outputs (each atomically); a failure is a write failure, the earlier output
    kept. None when all were written."""
    for path, text in texts:
        try:
            atomic_write_text(path, text)
        except OSError as exc:
            return FileResult.failed(f"{task.relative}: {write_problem(exc, path)}", keep_output=True)
    return None


def write_problem(exc: OSError, path: Path) -> str:
    """`cannot write OUT/a.json: disk full` — what a failed write says."""
    reason = WRITE_PROBLEMS.get(exc.errno or 0) or exc.strerror or str(exc)
    return f"cannot write {path}: {reason}"


def _one_line(text: str) -> str:
    return one_line(" ".join(text.split()))[:500]


# ---------------------------------------------------------------- planning: what to convert, what to skip


@dataclass
class _Plan:
    """The inputs of this run and what becomes of each before any worker starts."""

    manifest: dict[str, ManifestEntry]
    #: relative input paths, sorted
    inputs: list[str] = field(default_factory=list)
    #: relative input path → output path relative to OUT
    outputs: dict[str, str] = field(default_factory=dict)
    tasks: list[Task] = field(default_factory=list)
    #: skipped inputs and unreadable ones, reported before the workers' results
    early: list[ManifestEntry] = field(default_factory=list)
    #: (input, reason) of files found but not read
    not_read: list[tuple[str, str]] = field(default_factory=list)


def _plan(options: BatchOptions, settings: str) -> _Plan:
    source, out = options.source, options.out
    inside = out.resolve() != source.resolve()
    found = scan_inputs(
        source, options.glob, exclude=out if inside else None, follow_symlinks=options.follow_symlinks
    )
    paths = found.inputs
    names = output_names(paths, source, options.fmt)
    plan = _Plan(manifest=read_manifest(out), not_read=found.skipped)
    for path in paths:
        relative = relative_name(path, source)
        plan.inputs.append(relative)
        plan.outputs[relative] = names[path]
        step = _plan_one(options, settings, path, names[path], plan.manifest.get(relative))
        if isinstance(step, Task):
            plan.tasks.append(step)
        else:
            plan.manifest[relative] = step
            plan.early.append(step)
    return plan


def _plan_one(
    options: BatchOptions, settings: str, path: Path, output: str, previous: ManifestEntry | None
) -> Task | ManifestEntry:
    """A task for the workers, or the entry of an input that is unchanged or cannot be read."""
    relative = relative_name(path, options.source)
    try:
        digest, size = sha256_of(path), path.stat().st_size
    except OSError as exc:
        error = f"{relative}: cannot be read: {exc.strerror or exc}"
        return ManifestEntry(input=relative, error=error, version=__version__, settings=settings)
    if (
        previous is not None
        and not options.force
        and _up_to_date(previous, options, digest, output, settings)
    ):
        return previous.skipped()
    copy = None
    if options.want_tables and options.fmt != "json":
        copy = json_source(options.out, options.fmt, output)
    return Task(
        path=str(path),
        relative=relative,
        sha256=digest,
        size=size,
        output=options.out / output,
        output_relative=output,
        json_copy=copy,
        fmt=options.fmt,
        labels=options.labels,
        encoding=options.encoding,
        settings=settings,
        review=review_path(options.out / output) if options.review else None,
    )


def review_path(output: Path) -> Path:
    """Where the review page of an output goes: beside it, NAME.review.html."""
    return output.with_suffix(".review.html")


def _up_to_date(
    previous: ManifestEntry, options: BatchOptions, digest: str, output: str, settings: str
) -> bool:
    """Whether an earlier run converted this very input, with this version and these settings."""
    return (
        previous.done
        and previous.sha256 == digest
        and previous.version == __version__
        and previous.settings == settings
        and previous.output == output
        and (options.out / output).is_file()
        and (not options.want_tables or json_source(options.out, options.fmt, output).is_file())
        and (not options.review or review_path(options.out / output).is_file())
    )


def settings_of(labels: str | None, encoding: str | None) -> str:
    """A fingerprint of the options that change an output (the labels file's content, --encoding)."""
    digest = hashlib.sha256()
    if labels:
        digest.update(Path(labels).read_bytes())
    digest.update(b"\0" + (encoding or "").encode())
    return digest.hexdigest()[:16]


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------- the run


def run_batch(options: BatchOptions, events: Events | None = None) -> BatchSummary:
    """Convert every input, then (when asked) write the tables; returns the summary.

    Only one run at a time writes to one OUT (a second one raises BatchError at once)."""
    events = events or Events()
    started = time.perf_counter()
    _create(options.out)
    try:
        with OutputLock(options.out):
            summary = _run_locked(options, events)
    except FolderBusy as exc:
        raise BatchError(str(exc)) from None
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def _run_locked(options: BatchOptions, events: Events) -> BatchSummary:
    _clean_temporaries(options.out)
    try:
        settings = settings_of(options.labels, options.encoding)
    except OSError as exc:
        raise BatchError(f"{options.labels}: cannot read labels file: {exc.strerror or exc}") from None
    plan = _plan(options, settings)
    # compacted (one line per input, no partial line from a killed run) before lines are appended
    write_manifest(options.out, plan.manifest)
    run = _Run(options, plan, events)
    run.summary.not_read = plan.not_read
    with _pool(plan.tasks, options) as pool, ManifestAppender(options.out) as appender:
        events.begin(len(plan.inputs), len(plan.tasks))
        for relative, reason in plan.not_read:
            events.not_read(relative, reason)
        for entry in plan.early:
            run.finish(entry)
        for task, result in pool.results(events.running):
            run.record(result.entry(task), appender, kept=result.keep_output)
        if appender.error is not None:
            run.summary.errors.append(_one_line(write_problem(appender.error, options.out / MANIFEST)))
    prune_or_keep(options, plan.manifest, run.summary)
    try:
        write_manifest(options.out, plan.manifest)
    except OSError as exc:
        run.summary.errors.append(_one_line(write_problem(exc, options.out / MANIFEST)))
    if options.want_tables:
        events.note("writing tables")
        write_tables(options, plan.manifest, run.summary)
    return run.summary


def _create(out: Path) -> None:
    """OUT exists (a folder)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"{out}: cannot create the output folder: {exc.strerror or exc}") from None
    if not out.is_dir():
        raise BatchError(f"{out}: not a folder")


class _Run:
    """The state of one run: the summary, the files done, the manifest as it grows."""

    def __init__(self, options: BatchOptions, plan: _Plan, events: Events) -> None:
        self.options = options
        self.plan = plan
        self.events = events
        self.summary = BatchSummary(files=len(plan.inputs))
        self.done = 0

    def finish(self, entry: ManifestEntry) -> None:
        self.done += 1
        self.summary.add(entry)
        self.events.result(entry, self.done, self.summary.files)

    def record(self, entry: ManifestEntry, appender: ManifestAppender, kept: bool = False) -> None:
        """A worker's result: into the manifest (appended at once), the summary and the display."""
        self.plan.manifest[entry.input] = entry
        if entry.status != "ok" and not kept:
            # an output left from an earlier run no longer matches its input
            stale = self.plan.outputs[entry.input]
            _remove(self.options.out / stale)
            _remove(review_path(self.options.out / stale))
            if self.options.fmt != "json":
                _remove(json_source(self.options.out, self.options.fmt, stale))
        appender.add(entry)
        self.finish(entry)


def _clean_temporaries(out: Path) -> None:
    """Remove temporary files a killed run left behind (`.name.XXXX.tmp`, see atomic_write_text)."""
    for root, _dirs, files in os.walk(out):
        for name in files:
            if name.startswith(".") and name.endswith(".tmp"):
                _remove(Path(root) / name)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:  # gone already, or not ours to remove
        pass


# ---------------------------------------------------------------- the pool


def _pool(tasks: list[Task], options: BatchOptions) -> WorkerPool | _InProcess:
    """Worker processes (largest files first); in process only for `--jobs 1 --timeout 0`."""
    ordered = sorted(tasks, key=lambda task: task.size, reverse=True)
    if options.jobs <= 1 and not options.timeout:
        return _InProcess(ordered)
    return WorkerPool(ordered, options.jobs, options.timeout, _died, _timed_out)


def _died() -> FileResult:
    return FileResult.failed(DIED)


def _timed_out(seconds: float) -> FileResult:
    return FileResult.failed(
        f"gave up after {seconds:g} s (--timeout): the file takes too long to read", keep_output=False
    )


class _InProcess:
    """`--jobs 1 --timeout 0`: every file in this process, one after the other."""

    def __init__(self, tasks: list[Task]) -> None:
        self.tasks = tasks

    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def results(self, on_running: Callable[[list[str]], None]) -> Iterator[tuple[Task, FileResult]]:
        for task in self.tasks:
            on_running([task.relative])
            yield task, convert_one(task)
