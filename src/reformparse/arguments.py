"""Checks of command-line arguments made before any file is converted.

Each returns None when the argument is fine, else the one line to show (the command exits 2).
"""

from __future__ import annotations

import glob as globbing
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"


def sqlite_problem(path: Path) -> str | None:
    """A --sqlite path that is a folder, is not a SQLite database, or lies where nothing can be written."""
    if path.is_dir():
        return f"--sqlite {path}: is a folder; give a database file"
    if path.exists():
        try:
            with path.open("rb") as stream:
                head = stream.read(len(SQLITE_HEADER))
        except OSError as exc:
            return f"--sqlite {path}: cannot be read: {exc.strerror or exc}"
        if head and head != SQLITE_HEADER:
            return f"--sqlite {path}: not a SQLite database"
        return None
    parent = _existing_parent(path)
    if not parent.is_dir():
        return f"--sqlite {path}: {parent} is not a folder"
    import os

    if not os.access(parent, os.W_OK | os.X_OK):
        return f"--sqlite {path}: cannot write in {parent}"
    return None


def _existing_parent(path: Path) -> Path:
    parent = path.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return parent


def parquet_problem(folder: Path) -> str | None:
    """--parquet without pyarrow, or a path that is a file."""
    from .output.parquet import INSTALL_HINT, available

    if not available():
        return INSTALL_HINT
    if folder.exists() and not folder.is_dir():
        return f"--parquet {folder}: not a folder"
    return None


def expand_inputs(arguments: list[str]) -> tuple[list[str], str | None]:
    """`extract`'s FILE arguments: '-' and existing paths as given, glob patterns expanded (sorted).

    Returns the files and, when a pattern matches nothing, the line that says so.
    """
    files: list[str] = []
    for argument in arguments:
        if argument == "-" or Path(argument).exists() or not globbing.has_magic(argument):
            files.append(argument)
            continue
        found = sorted(p for p in globbing.glob(argument, recursive=True) if Path(p).is_file())
        if not found:
            return files, f"{argument}: no file matches"
        files.extend(found)
    return files, None


#: -o's suffix → the format it asks for
FORMATS_BY_SUFFIX = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".jsonl": "jsonl", ".csv": "csv"}


def format_of(output: str | None, given: str | None) -> str:
    """The output format: --format when given, else the -o file's extension, else json."""
    if given:
        return given
    if output and output != "-":
        return FORMATS_BY_SUFFIX.get(Path(output).suffix.lower(), "json")
    return "json"


def same_file(output: Path, inputs: list[str]) -> str | None:
    """The input that -o names too, if any (writing there would destroy it)."""
    if not output.exists():
        return None
    for name in inputs:
        if name == "-":
            continue
        try:
            if Path(name).exists() and output.samefile(name):
                return name
        except OSError:
            continue
    return None
