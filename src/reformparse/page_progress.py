"""Page progress of a PDF being read, on stderr, for the CLI: a rich progress bar when stderr is a
terminal, nothing otherwise (pipes, files, CI logs). Rich is imported only once a page is read."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

from .read.pdf_options import ProgressCallback

#: documents shorter than this read too quickly for a bar to help
MIN_PAGES = 5


def stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def page_progress(label: str, *, enabled: bool | None = None) -> Iterator[ProgressCallback | None]:
    """A callback (pages read, pages) that draws a transient bar named `label`, or None when
    stderr is not a terminal. The bar is removed when the block ends."""
    if not (stderr_is_terminal() if enabled is None else enabled):
        yield None
        return
    state: dict[str, object] = {}

    def update(done: int, total: int) -> None:
        if total < MIN_PAGES:
            return
        if "bar" not in state:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            console = Console(stderr=True, no_color="NO_COLOR" in os.environ or None)
            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("pages"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            bar.start()
            state["bar"] = bar
            state["task"] = bar.add_task(label, total=total)
        state["bar"].update(state["task"], completed=done, total=total)  # type: ignore[attr-defined]

    try:
        yield update
    finally:
        if "bar" in state:
            state["bar"].stop()  # type: ignore[attr-defined]
