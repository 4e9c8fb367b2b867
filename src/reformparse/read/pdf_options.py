"""How PDFs are read: which engine, on how many cores, and who hears about each page read.

A light module (nothing heavy imported): the CLI sets the options around one extraction with
`pdf_options(...)`; `read_pdf` reads them with `current_options()`. Engines:

* ``fast`` — characters and ruling lines from pdf_oxide (Rust), tables by pdfplumber's own table
  geometry (edges → intersections → cells → tables) on them; needs the ``fast`` extra
  (``pip install 'reformparse[fast]'``);
* ``pdfplumber`` — pdfplumber (pdfminer.six) throughout: the reference engine, slower;
* ``auto`` (the default) — ``fast`` when pdf_oxide is installed, else ``pdfplumber``.

The environment variable ``REFORMPARSE_PDF_ENGINE`` sets the engine where no option does (batch
workers, Python callers).
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib.util
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

ENGINES = ("auto", "fast", "pdfplumber")
ENGINE_VARIABLE = "REFORMPARSE_PDF_ENGINE"

#: called with (pages read, pages in the document) as a PDF is read
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class PdfOptions:
    """The engine asked for, worker processes for one PDF's pages, and a page progress callback."""

    engine: str = "auto"
    jobs: int = 1
    progress: ProgressCallback | None = None


_OPTIONS: contextvars.ContextVar[PdfOptions | None] = contextvars.ContextVar("pdf_options", default=None)


def current_options() -> PdfOptions:
    """The options set by `pdf_options`, else the defaults (engine from the environment)."""
    options = _OPTIONS.get()
    if options is not None:
        return options
    return PdfOptions(engine=os.environ.get(ENGINE_VARIABLE, "auto").strip().lower() or "auto")


@contextlib.contextmanager
def pdf_options(
    engine: str = "auto", jobs: int = 1, progress: ProgressCallback | None = None
) -> Iterator[PdfOptions]:
    """Read PDFs with these options inside the `with` block."""
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r} (one of {', '.join(ENGINES)})")
    token = _OPTIONS.set(PdfOptions(engine, max(1, jobs), progress))
    try:
        yield _OPTIONS.get()  # type: ignore[misc]
    finally:
        _OPTIONS.reset(token)


def fast_engine_available() -> bool:
    """pdf_oxide is installed (located, not imported)."""
    return importlib.util.find_spec("pdf_oxide") is not None


def resolve_engine(engine: str | None) -> str:
    """``fast`` or ``pdfplumber``: ``auto`` (or an unknown name) and a missing fast engine fall back."""
    name = (engine or "auto").lower()
    if name == "pdfplumber":
        return "pdfplumber"
    return "fast" if fast_engine_available() else "pdfplumber"
