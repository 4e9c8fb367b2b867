"""The batch's tables (`--tables`, `--excel`, `--sqlite`, `--parquet`) and `--prune`.

After the workers, the tables hold the documents the manifest says are done — the inputs of this run,
those outside its `--glob`, and those whose input is gone (kept, and said so in the summary, unless
`--prune` removes them: their manifest entries, outputs and rows). CSV, SQLite and Parquet thus hold the
same documents. Each document is read back from its JSON one at a time and keyed by `Document.key`.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from .inputs import find_inputs, json_source
from .manifest import ManifestEntry

if TYPE_CHECKING:
    from .runner import BatchOptions, BatchSummary


def present_inputs(options: BatchOptions) -> set[str]:
    """The relative paths of every report file in DIR now (whatever --glob says)."""
    source, out = options.source, options.out
    inside = out.resolve() != source.resolve()
    return {
        p.relative_to(source).as_posix() for p in find_inputs(source, None, exclude=out if inside else None)
    }


def prune_or_keep(options: BatchOptions, manifest: dict[str, ManifestEntry], summary: BatchSummary) -> None:
    """Entries whose input is gone: removed with their outputs (--prune), else kept and listed."""
    present = present_inputs(options)
    gone = sorted(name for name in manifest if name not in present)
    if not options.prune:
        summary.kept = [name for name in gone if manifest[name].done]
        return
    for name in gone:
        entry = manifest.pop(name)
        if entry.output:
            _remove(options.out / entry.output)
            _remove((options.out / entry.output).with_suffix(".review.html"))  # batch --review's page
            if options.fmt != "json":
                _remove(json_source(options.out, options.fmt, entry.output))
    summary.pruned = gone


def write_tables(options: BatchOptions, manifest: dict[str, ManifestEntry], summary: BatchSummary) -> None:
    """Stream every done document's rows, one document at a time, into the CSV, SQLite and Parquet."""
    from ..output.tables import TableWriter

    writer = TableWriter(
        options.out if (options.tables or options.excel) else None,
        options.sqlite,
        excel=options.excel,
        parquet_dir=options.parquet,
        folder=options.source.resolve().as_posix(),
    )
    try:
        with writer:
            done = set()
            for relative in sorted(manifest):
                if _add_document(writer, options, relative, manifest[relative], summary):
                    done.add(relative)
            if options.prune:
                summary.pruned = sorted(set(summary.pruned) | set(writer.prune(done)))
            elif writer.db is not None:
                summary.kept = sorted(set(summary.kept) | set(writer.db.stale(done)))
    except (OSError, sqlite3.Error) as exc:
        target = options.sqlite if isinstance(exc, sqlite3.Error) else (options.parquet or options.out)
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        summary.errors.append(" ".join(f"the tables could not be written ({target}): {detail}".split()))
        return
    summary.tables = writer.written
    if writer.db is not None:
        summary.notes.extend(writer.db.notes)


def _add_document(
    writer,  # noqa: ANN001 - a TableWriter
    options: BatchOptions,
    relative: str,
    entry: ManifestEntry,
    summary: BatchSummary,
) -> bool:
    """Add one input's document; False (and its rows dropped) when it has none."""
    if not entry.done or entry.output is None:
        writer.forget(relative)  # a failed input keeps no rows from an earlier run
        return False
    source = json_source(options.out, options.fmt, entry.output)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        same = writer.add(relative, data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        name = source.relative_to(options.out).as_posix()
        summary.errors.append(
            " ".join(f"{relative}: its JSON ({name}) cannot be read for the tables: {exc}".split())
        )
        writer.forget(relative)
        return False
    if same is not None:
        summary.notes.append(f"{relative}: the same content as {same}, one document in the tables")
    return True


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
