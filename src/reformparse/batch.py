"""`reformparse batch DIR -o OUT`: convert a folder of reports in parallel worker processes.

Workers write their own output file (atomically) and return a small result dict, so memory stays
flat however many files there are. OUT/manifest.jsonl records one line per input; a re-run skips
inputs whose sha256 and tool version match an ok entry whose output still exists.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .output.files import atomic_write_text

SUFFIXES = {".txt", ".md", ".pdf"}
EXTENSIONS = {"json": ".json", "yaml": ".yaml", "jsonl": ".jsonl"}
MANIFEST = "manifest.jsonl"


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
    want_rows: bool = False


@dataclass
class BatchResult:
    """Counts for the summary."""

    files: int = 0
    converted: int = 0
    skipped: int = 0
    failed: int = 0
    initiatives: int = 0
    warnings: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)


def find_inputs(source: Path, pattern: str | None) -> list[Path]:
    """Report files under `source`, sorted; `pattern` (a glob on the relative path or name) narrows."""
    found = []
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in SUFFIXES:
            continue
        if any(part.startswith(".") for part in path.relative_to(source).parts):
            continue
        relative = path.relative_to(source).as_posix()
        if pattern and not (fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern)):
            continue
        found.append(path)
    return found


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def output_path(options: BatchOptions, path: Path) -> Path:
    relative = path.relative_to(options.source)
    return options.out / relative.with_suffix(relative.suffix + EXTENSIONS[options.fmt])


def convert_one(task: dict) -> dict:
    """Worker: extract one file, write its output atomically, return a small result."""
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
        "error": None,
        "version": __version__,
    }
    try:
        document = extract(task["path"], labels=task["labels"], encoding=task["encoding"])
        atomic_write_text(Path(task["output"]), render(document, task["fmt"]))
        result["initiatives"] = len(document.initiatives)
        result["warnings"] = len(document.warnings)
        if task["want_rows"]:
            from .output.tables import rows_of

            result["rows"] = rows_of(document.model_dump(mode="json"), task["relative"])
    except ReformParseError as exc:
        result.update(status="failed", error=str(exc), output=None)
    except Exception as exc:  # a bug must not stop the batch
        result.update(status="failed", error=f"internal error ({type(exc).__name__}: {exc})", output=None)
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def read_manifest(out: Path) -> dict[str, dict]:
    """The last entry per input; lines that do not parse (a killed run) are ignored."""
    entries: dict[str, dict] = {}
    path = out / MANIFEST
    if not path.exists():
        return entries
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict) and "input" in entry:
            entries[entry["input"]] = entry
    return entries


def write_manifest(out: Path, entries: dict[str, dict]) -> None:
    atomic_write_text(
        out / MANIFEST, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries.values())
    )


def run_batch(
    options: BatchOptions, on_result: Callable[[dict, int, int], None] | None = None
) -> tuple[BatchResult, list[dict]]:
    """Convert every input; returns the summary and (when asked) each document's table rows."""
    started = time.perf_counter()
    inputs = find_inputs(options.source, options.glob)
    options.out.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(options.out)
    summary = BatchResult(files=len(inputs))
    documents: list[dict] = []
    tasks: list[dict] = []
    for path in inputs:
        relative = path.relative_to(options.source).as_posix()
        target = output_path(options, path)
        digest = sha256_of(path)
        previous = manifest.get(relative)
        if (
            not options.force
            and previous
            and previous.get("status") == "ok"
            and previous.get("sha256") == digest
            and previous.get("version") == __version__
            and target.exists()
        ):
            summary.skipped += 1
            if options.want_rows and options.fmt == "json":
                from .output.tables import rows_of

                documents.append(rows_of(json.loads(target.read_text(encoding="utf-8")), relative))
            if on_result:
                on_result(
                    {**previous, "status": "skipped"},
                    summary.converted + summary.failed + summary.skipped,
                    len(inputs),
                )
            continue
        tasks.append(
            {
                "path": str(path),
                "relative": relative,
                "sha256": digest,
                "output": str(target),
                "output_relative": target.relative_to(options.out).as_posix(),
                "fmt": options.fmt,
                "labels": options.labels,
                "encoding": options.encoding,
                "want_rows": options.want_rows,
            }
        )

    def record(result: dict) -> None:
        rows = result.pop("rows", None)
        if rows is not None:
            documents.append(rows)
        manifest[result["input"]] = result
        write_manifest(options.out, manifest)
        if result["status"] == "ok":
            summary.converted += 1
            summary.initiatives += result["initiatives"]
            summary.warnings += result["warnings"]
        else:
            summary.failed += 1
            summary.failures.append((result["input"], result["error"]))
        if on_result:
            on_result(result, summary.converted + summary.failed + summary.skipped, len(inputs))

    for result in _results(tasks, options.jobs):
        record(result)
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary, documents


def _results(tasks: list[dict], jobs: int) -> Iterator[dict]:
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield convert_one(task)
        return
    # import the pipeline before the workers start: forked workers then share it instead of each importing it
    from . import pipeline  # noqa: F401

    # largest first, so that no big file is left running alone at the end
    ordered = sorted(tasks, key=lambda task: Path(task["path"]).stat().st_size, reverse=True)
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
        futures = [pool.submit(convert_one, task) for task in ordered]
        for future in as_completed(futures):
            yield future.result()


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)
