"""Readers: the input's format is detected once here and its bytes are read once.

Every reader returns a `SourceDoc` (blocks with spans); only the PDF reader knows about pages.
The PDF and HTML readers (and pdfplumber, lxml) are imported only when such a file is read.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import sys
from pathlib import Path

from ..blocks import SourceDoc
from ..errors import InputError
from ..output.safe import shown_name
from .text import read_bytes, read_text


def looks_like_html(data: bytes) -> bool:
    """Content that starts (after a BOM, white space, an XML declaration or comments) with
    <!DOCTYPE html or <html."""
    head = data[:1024].removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip() if b"?>" in head else head
    while head.startswith(b"<!--") and b"-->" in head:
        head = head[head.find(b"-->") + 3 :].lstrip()
    return head.startswith((b"<!doctype html", b"<html"))


PDF_MAGIC = b"%PDF-"
HTML_SUFFIXES = (".html", ".htm")


def detect_format(path: Path | None, data: bytes) -> str:
    """ "pdf", "html", "markdown" or "text", from the content first and the suffix second."""
    suffix = path.suffix.lower() if path else ""
    if data[:5] == PDF_MAGIC or (suffix == ".pdf" and PDF_MAGIC in data[:1024]):
        return "pdf"
    if suffix == ".pdf":
        raise InputError(f"{path}: named .pdf but is not a PDF file")
    if suffix in HTML_SUFFIXES or looks_like_html(data):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


def read_source(source: str | Path, *, encoding: str | None = None) -> SourceDoc:
    """Read a path (or "-" for stdin) into blocks with the reader its format needs."""
    if str(source) == "-":
        data = sys.stdin.buffer.read()
        if data.startswith(PDF_MAGIC):
            raise InputError("<stdin>: PDF input must be given as a file path, not on stdin")
        if looks_like_html(data):
            from .html import read_html

            return read_html(None, data, encoding, name="<stdin>")
        return read_text(None, data=data, name="<stdin>", encoding=encoding)
    path = Path(source)
    _check_path(path)
    data = read_bytes(path)  # read once: a named pipe cannot be read twice
    kind = detect_format(path, data)
    if kind == "pdf":
        from .pdf import read_pdf

        document = read_pdf(path, data)
    elif kind == "html":
        from .html import read_html

        document = read_html(path, data, encoding)
    else:
        document = read_text(path, data=data, encoding=encoding)
    # a file name that is not UTF-8 or holds a line break is shown escaped (output/safe.py)
    document.name = shown_name(document.name)
    document.path = shown_name(document.path) if document.path is not None else None
    return document


def _check_path(path: Path) -> None:
    """A symlink loop, a dangling symlink, a socket or a device: one line that says which."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{shown_name(str(path))}: a symlink loop (too many levels of links)") from None
        if os.path.islink(path):
            raise InputError(
                f"{shown_name(str(path))}: a broken symlink (its target does not exist)"
            ) from None
        return  # read_bytes says what is wrong (no such file, permission denied, ...)
    mode = os.stat(path).st_mode
    if stat.S_ISSOCK(mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise InputError(f"{shown_name(str(path))}: not a regular file (a socket or a device)")
