"""One batch at a time per output folder: an exclusive lock on OUT/.reformparse.lock.

Two runs on one folder would each remove the other's temporary files and drop the other's manifest
lines; the second run therefore refuses at once with one line. The lock is the kernel's (flock): it
goes with the process, so a killed run never leaves a stale lock behind. The lock file itself stays
(removing it would let a third run lock a different file).
"""

from __future__ import annotations

import os
from pathlib import Path

LOCK = ".reformparse.lock"


class FolderBusy(Exception):
    """Another run holds the lock; the message names the folder and that run's process id."""


class OutputLock:
    """`with OutputLock(out):` holds OUT's lock for the block, or raises FolderBusy."""

    def __init__(self, out: Path) -> None:
        self.path = Path(out) / LOCK
        self.handle: int | None = None

    def __enter__(self) -> OutputLock:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no lock
            return self
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _holder(handle)
            os.close(handle)
            who = f" (process {holder})" if holder else ""
            raise FolderBusy(
                f"{self.path.parent}: another reformparse batch is writing to this folder{who}; "
                "wait for it to finish or choose another output folder"
            ) from None
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        self.handle = handle
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.handle is not None:
            os.close(self.handle)  # closing releases the lock
            self.handle = None


def _holder(handle: int) -> str:
    try:
        return os.pread(handle, 32, 0).decode("ascii", "replace").strip()
    except OSError:  # pragma: no cover
        return ""
