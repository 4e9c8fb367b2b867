"""Which files a batch reads (DIR, --glob, OUT left out) and where each one's output goes."""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from .manifest import MANIFEST

SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm")
EXTENSIONS = {"json": ".json", "yaml": ".yaml", "jsonl": ".jsonl"}
#: where the JSON copies that feed the tables are kept when the output format is not JSON
JSON_COPIES = ".json"


def find_inputs(source: Path, pattern: str | None = None, exclude: Path | None = None) -> list[Path]:
    """Report files under `source`, sorted; `pattern` (a glob on the relative path or name) narrows.

    Hidden files and folders (a leading dot) and anything under `exclude` (OUT, when it lies inside
    DIR) are left out.
    """
    exclude_resolved = exclude.resolve() if exclude is not None else None
    found = []
    for path in sorted(_report_files(source)):
        if exclude_resolved is not None and _is_under(path.resolve(), exclude_resolved):
            continue
        if pattern and not matches(path.relative_to(source), pattern):
            continue
        found.append(path)
    return found


def matches(relative: Path, pattern: str) -> bool:
    """--glob: the path relative to DIR or the file name matches; `**/` also matches no folder at all
    (`'**/*.pdf'` takes the PDFs at the top level too)."""
    path = relative.as_posix()
    patterns = {pattern, pattern.replace("**/", "")}
    return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(relative.name, p) for p in patterns)


def _report_files(source: Path) -> Iterator[Path]:
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
        key = _stem_key(path.relative_to(source))
        stems[key] = stems.get(key, 0) + 1
    names = {}
    for path in inputs:
        relative = path.relative_to(source)
        name = relative.with_suffix(extension)
        if stems.get(_stem_key(relative), 1) > 1 or name.as_posix().casefold() == MANIFEST:
            name = relative.with_name(relative.name + extension)
        names[path] = name.as_posix()
    return names


def _stem_key(relative: Path) -> tuple[str, str]:
    return relative.parent.as_posix(), relative.stem.casefold()


def json_source(out: Path, fmt: str, output: str) -> Path:
    """The JSON file the tables are built from for one output (the output itself for --format json)."""
    if fmt == "json":
        return out / output
    return out / JSON_COPIES / (output + ".json")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
