"""OUT/manifest.jsonl: one `ManifestEntry` per input, rewritten atomically, appended to line by line.

The manifest is rewritten whole (a temporary file, then a rename) at the start and the end of a run;
in between each finished file appends its line in one write, flushed and fsynced, so the cost per file
stays constant however long the batch. Reading ignores lines that do not parse (a killed run, a hand
edit) and keeps the last line of each input.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from ..output.files import atomic_write_text

MANIFEST = "manifest.jsonl"
#: the statuses of an input whose output is there and up to date
DONE = ("ok", "skipped")


@dataclass(frozen=True)
class ManifestEntry:
    """One input of the batch: what was read, where it went, and how it went."""

    #: the input's path relative to the folder (posix)
    input: str
    sha256: str | None = None
    #: the output's path relative to OUT; None when the input failed
    output: str | None = None
    #: ok, failed or skipped (converted by an earlier run, unchanged since)
    status: str = "failed"
    initiatives: int = 0
    warnings: int = 0
    #: the document's `coverage.ratio`; None for a failed input (or an entry written before it existed)
    coverage: float | None = None
    seconds: float = 0.0
    error: str | None = None
    version: str | None = None
    #: a fingerprint of --labels and --encoding (see runner.settings_of)
    settings: str | None = None
    #: the document's key (`Document.key`, as in its JSON and the tables); None when it failed
    document: str | None = None

    @property
    def done(self) -> bool:
        return self.status in DONE

    def skipped(self) -> ManifestEntry:
        """This entry for a run that found the input unchanged."""
        return replace(self, status="skipped", seconds=0.0, error=None)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: object) -> ManifestEntry | None:
        """An entry from a parsed line; None unless it is an object naming its input and its status."""
        if not isinstance(data, dict) or not isinstance(data.get("input"), str):
            return None
        if not isinstance(data.get("status"), str):
            return None
        known = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        for name in ("initiatives", "warnings", "seconds", "coverage"):  # hand edits must not break sums
            value = known.get(name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                known.pop(name, None)
        return cls(**known)


def read_manifest(out: Path) -> dict[str, ManifestEntry]:
    """The last entry per input; lines that do not parse (a killed run, a hand edit) are ignored."""
    entries: dict[str, ManifestEntry] = {}
    try:
        text = (out / MANIFEST).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return entries
    for line in text.splitlines():
        try:
            entry = ManifestEntry.from_dict(json.loads(line))
        except ValueError:
            continue
        if entry is not None:
            entries[entry.input] = entry
    return entries


def write_manifest(out: Path, entries: dict[str, ManifestEntry]) -> None:
    """Rewrite the manifest atomically, one line per input, sorted by input path (compacts it)."""
    text = "".join(entries[key].to_json() + "\n" for key in sorted(entries))
    atomic_write_text(out / MANIFEST, text)


class ManifestAppender:
    """Appends one manifest line per finished file, flushed and fsynced before the next file counts.

    A line goes out in one write, so a killed run leaves whole lines; should a line be cut short (a full
    disk, a power cut), the next run ignores it and rewrites the manifest whole before appending.
    """

    def __init__(self, out: Path) -> None:
        self.stream = (out / MANIFEST).open("a", encoding="utf-8", newline="\n")

    def __enter__(self) -> ManifestAppender:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stream.close()

    def add(self, entry: ManifestEntry) -> None:
        self.stream.write(entry.to_json() + "\n")
        self.stream.flush()
        os.fsync(self.stream.fileno())
