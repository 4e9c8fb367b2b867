"""`reformparse batch DIR -o OUT`: convert a folder of reports in parallel worker processes.

- inputs.py: which files are read (DIR, --glob, OUT left out) and where each output goes;
- manifest.py: OUT/manifest.jsonl, one `ManifestEntry` per input, read, appended to and compacted;
- runner.py: the plan (convert or skip), the run, the tables after it;
- workers.py: the worker processes (a time limit per file, death with the parent);
- lock.py: one run at a time per output folder.

The run reports progress through `Events` callbacks and never draws anything itself: the command line
shows it (reformparse.progress).
"""

from .inputs import (
    EXTENSIONS,
    JSON_COPIES,
    SUFFIXES,
    Scan,
    find_inputs,
    json_source,
    output_names,
    scan_inputs,
    sha256_of,
)
from .lock import LOCK, OutputLock
from .manifest import DONE, MANIFEST, ManifestAppender, ManifestEntry, read_manifest, write_manifest
from .runner import (
    DEFAULT_TIMEOUT,
    DIED,
    BatchError,
    BatchOptions,
    BatchSummary,
    Events,
    FileResult,
    Task,
    default_jobs,
    run_batch,
    settings_of,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "DIED",
    "LOCK",
    "OutputLock",
    "Scan",
    "scan_inputs",
    "DONE",
    "EXTENSIONS",
    "JSON_COPIES",
    "MANIFEST",
    "SUFFIXES",
    "BatchError",
    "BatchOptions",
    "BatchSummary",
    "Events",
    "FileResult",
    "ManifestAppender",
    "ManifestEntry",
    "Task",
    "default_jobs",
    "find_inputs",
    "json_source",
    "output_names",
    "read_manifest",
    "run_batch",
    "settings_of",
    "sha256_of",
    "write_manifest",
]
