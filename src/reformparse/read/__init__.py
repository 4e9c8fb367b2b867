"""Readers: the input's format is detected once here and its bytes are read once.

Every reader returns a `SourceDoc` (blocks with spans); only the PDF reader knows about pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..blocks import SourceDoc
from ..errors import InputError
from .text import read_bytes, read_text

PDF_MAGIC = b"%PDF-"


def detect_format(path: Path | None, data: bytes) -> str:
    """ "pdf", "markdown" or "text", from the content first and the suffix second."""
    suffix = path.suffix.lower() if path else ""
    if data[:5] == PDF_MAGIC or (suffix == ".pdf" and PDF_MAGIC in data[:1024]):
        return "pdf"
    if suffix == ".pdf":
        raise InputError(f"{path}: named .pdf but is not a PDF file")
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


def read_source(source: str | Path, *, encoding: str | None = None) -> SourceDoc:
    """Read a path (or "-" for stdin) into blocks with the reader its format needs."""
    if str(source) == "-":
        data = sys.stdin.buffer.read()
        if data.startswith(PDF_MAGIC):
            raise InputError("<stdin>: PDF input must be given as a file path, not on stdin")
        return read_text(None, data=data, name="<stdin>", encoding=encoding)
    path = Path(source)
    data = read_bytes(path)
    kind = detect_format(path, data)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(path, data)
    return read_text(path, data=data, encoding=encoding)
