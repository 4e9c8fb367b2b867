"""Checks on a PDF's bytes before pdfplumber opens it: a decompression bomb, a file cut short.

A PDF's streams are mostly zlib (FlateDecode): 1 MB of them may inflate to gigabytes, which pdfminer
would hold in memory. `check_inflation` inflates each stream once, in bounded pieces and without
keeping the result, and refuses the file when one stream or all of them together inflate past the
limits below. `has_end_marker` looks for the `%%EOF` marker anywhere (a valid PDF may carry trailing
bytes after it; a file cut short has none at all).
"""

from __future__ import annotations

import zlib
from pathlib import Path

from ..errors import InputError

#: what one stream, and all streams of one PDF together, may inflate to
MAX_STREAM_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
#: the piece inflated at a time, and the compressed input fed at a time (memory stays about this)
PIECE = 1 << 20
CHUNK = 1 << 16


def has_end_marker(data: bytes) -> bool:
    """Whether the PDF has an end-of-file marker (anywhere: trailing bytes after it are allowed)."""
    return b"%%EOF" in data


def _inflated_size(raw: bytes, limit: int) -> int:
    """How many bytes a zlib stream inflates to (counting stops past `limit`); 0 if it is not zlib."""
    inflater = zlib.decompressobj()
    total = 0
    try:
        for offset in range(0, len(raw), CHUNK):
            pending = raw[offset : offset + CHUNK]
            while pending:
                total += len(inflater.decompress(pending, PIECE))
                if total > limit or inflater.eof:
                    return total
                pending = inflater.unconsumed_tail
    except zlib.error:
        return total
    return total


def _streams(data: bytes):  # noqa: ANN202 - an iterator of memoryviews
    view = memoryview(data)
    position = 0
    while True:
        start = data.find(b"stream", position)
        if start < 0:
            return
        if data[start - 3 : start] == b"end":  # an "endstream" keyword
            position = start + 6
            continue
        body = start + 6
        if data[body : body + 2] == b"\r\n":
            body += 2
        elif data[body : body + 1] in (b"\n", b"\r"):
            body += 1
        else:
            position = body
            continue
        end = data.find(b"endstream", body)
        if end < 0:
            end = len(data)
        yield view[body:end]
        position = end + 9


def inflation_problem(data: bytes) -> str | None:
    """Why the PDF's streams inflate too far (one line), or None when they stay within the limits."""
    total = 0
    for raw in _streams(data):
        size = _inflated_size(raw, MAX_STREAM_BYTES)
        if size > MAX_STREAM_BYTES:
            return f"a stream inflates to more than {MAX_STREAM_BYTES >> 20} MB (a decompression bomb?)"
        total += size
        if total > MAX_TOTAL_BYTES:
            return (
                f"its streams inflate to more than {MAX_TOTAL_BYTES >> 20} MB in all (a decompression bomb?)"
            )
    return None


def check_pdf_bytes(path: Path, data: bytes) -> None:
    """Refuse, with one line, a PDF cut short (no end-of-file marker) or one whose streams inflate
    past the limits."""
    if not has_end_marker(data):
        raise InputError(f"{path}: not a readable PDF (truncated: no end-of-file marker)")
    problem = inflation_problem(data)
    if problem:
        raise InputError(f"{path}: refused: {problem}")
