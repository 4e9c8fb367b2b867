"""Which files a batch reads (DIR, --glob, OUT left out) and where each one's output goes."""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..output.safe import shown_name
from .manifest import MANIFEST

SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm")
EXTENSIONS = {"json": ".json", "yaml": ".yaml", "jsonl": ".jsonl"}
#: where the JSON copies that feed the tables are kept when the output format is not JSON
JSON_COPIES = ".json"


@dataclass
class Scan:
    """What a folder holds: the report files to read, and those left out with the reason why."""

    inputs: list[Path] = field(default_factory=list)
    #: (path relative to the folder as shown, reason) of report files and folders not read
    skipped: list[tuple[str, str]] = field(default_factory=list)


def scan_inputs(
    source: Path, pattern: str | None = None, exclude: Path | None = None, *, follow_symlinks: bool = False
) -> Scan:
    """Report files under `source`, sorted; `pattern` (a glob on the relative path or name) narrows.

    Left out, and listed in `skipped` with the reason: hidden files and folders (a leading dot), symlink
    loops, broken symlinks, named pipes and other special files, symlinks to folders, and symlinks to
    files outside `source` (both followed with `follow_symlinks`). Anything under `exclude` (OUT, when it
    lies inside DIR) is left out without a word.
    """
    exclude_resolved = exclude.resolve() if exclude is not None else None
    found = Scan()
    root = source.resolve()
    for path, reason in sorted(_walk(source, root, follow_symlinks), key=lambda item: item[0]):
        if exclude_resolved is not None and _is_under(Path(os.path.abspath(path)), exclude_resolved):
            continue
        if exclude_resolved is not None and reason is None and _is_under(path.resolve(), exclude_resolved):
            continue
        relative = path.relative_to(source)
        if pattern and not matches(relative, pattern) and not (reason and reason.startswith(_FOLDER)):
            continue
        if reason is None:
            found.inputs.append(path)
        else:
            found.skipped.append((shown_name(relative.as_posix()), reason))
    return found


def find_inputs(source: Path, pattern: str | None = None, exclude: Path | None = None) -> list[Path]:
    """The report files `scan_inputs` reads (see there)."""
    return scan_inputs(source, pattern, exclude).inputs


def matches(relative: Path, pattern: str) -> bool:
    """--glob: the path relative to DIR or the file name matches; `**/` also matches no folder at all
    (`'**/*.pdf'` takes the PDFs at the top level too)."""
    path = relative.as_posix()
    patterns = {pattern, pattern.replace("**/", "")}
    return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(relative.name, p) for p in patterns)


_FOLDER = "a folder"
_HIDDEN = "a hidden file (its name starts with a dot)"


def _walk(source: Path, root: Path, follow: bool) -> Iterator[tuple[Path, str | None]]:
    """(path, None) for each report file to read, (path, reason) for each one left out."""
    visited = {str(root)}
    for folder, dirs, files in os.walk(source, followlinks=follow):
        kept = []
        for name in sorted(dirs):
            path = Path(folder) / name
            if name.startswith("."):
                yield path, f"{_FOLDER} whose name starts with a dot (hidden)"
            elif os.path.islink(path) and not follow:
                yield path, f"{_FOLDER} reached by a symlink (not followed; use --follow-symlinks)"
            elif follow and os.path.realpath(path) in visited:
                yield path, f"{_FOLDER} symlink loop (a folder already read)"
            else:
                visited.add(os.path.realpath(path))
                kept.append(name)
        dirs[:] = kept
        for name in files:
            if not name.lower().endswith(SUFFIXES):
                continue
            path = Path(folder) / name
            yield path, _HIDDEN if name.startswith(".") else _why_not(path, root, follow)


def _why_not(path: Path, root: Path, follow: bool) -> str | None:
    """Why a report file is not read (None: it is read)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symlink loop"
        if path.is_symlink():
            return "a broken symlink (its target does not exist)"
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISFIFO(mode):
        return "a named pipe, not a regular file"
    if not stat.S_ISREG(mode):
        return "not a regular file (a socket or a device)"
    if path.is_symlink() and not follow and not _is_under(path.resolve(), root):
        return "a symlink to a file outside the folder (not followed; use --follow-symlinks)"
    return None


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
    for path, reason in _walk(source, source.resolve(), False):
        if reason is None:
            key = _stem_key(Path(shown_name(path.relative_to(source).as_posix())))
            stems[key] = stems.get(key, 0) + 1
    names = {}
    for path in inputs:
        relative = Path(shown_name(path.relative_to(source).as_posix()))
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


def relative_name(path: Path, source: Path) -> str:
    """An input's key in the manifest and the display: its path relative to DIR, shown safely."""
    return shown_name(path.relative_to(source).as_posix())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
