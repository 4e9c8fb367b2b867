"""The batch's worker processes: one file at a time each, a time limit per file, death with the parent.

Each worker is a process forked from the batch (after the pipeline is imported, so that it is shared)
with a pipe to it. The batch sends a worker one task, waits on every busy worker's pipe and process at
once, and so knows which file each worker holds:

- a file that runs past `timeout` seconds: its worker is killed, the file fails ("gave up after …"),
  a new worker takes the next file;
- a worker that dies (out of memory, killed): only the file it held fails, a new worker goes on;
- the batch that dies (SIGKILL, SIGTERM, Ctrl-C): its workers die with it — on Linux the kernel
  kills them (PR_SET_PDEATHSIG), elsewhere they notice their parent is gone within a second; either
  way none goes on writing outputs or holding the batch's stdout open.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .runner import FileResult, Task

#: PR_SET_PDEATHSIG of prctl(2)
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make this process die when the process `parent` does (called first thing in a worker)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl
            _watch_parent(parent)
    else:  # pragma: no cover - not Linux
        _watch_parent(parent)
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _watch_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _serve(connection: Connection, parent: int) -> None:
    """A worker: convert the tasks it is sent, one at a time, until the pipe closes."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from . import runner  # looked up per task, so that a test may replace convert_one

    while True:
        try:
            task = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send(runner.convert_one(task))
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    task: Task | None = None
    deadline: float = float("inf")


class WorkerPool:
    """Runs tasks in `jobs` worker processes, yielding (task, result) as each file finishes.

    `died` and `timed_out` make the results of a worker that died and of a file past its limit.
    """

    def __init__(
        self,
        tasks: list[Task],
        jobs: int,
        timeout: float | None,
        died: Callable[[], FileResult],
        timed_out: Callable[[float], FileResult],
    ) -> None:
        self.pending = list(reversed(tasks))  # pop() takes the first
        self.jobs = max(1, min(jobs, len(tasks)))
        self.timeout = timeout if timeout and timeout > 0 else None
        self.died = died
        self.timed_out = timed_out
        self.workers: list[_Worker] = []
        context = "fork" if sys.platform.startswith("linux") else "spawn"
        self.context = multiprocessing.get_context(context)

    def __enter__(self) -> WorkerPool:
        # the pipeline is imported before the workers fork, so that they share it
        from .. import pipeline  # noqa: F401
        from ..output import render  # noqa: F401

        for _ in range(self.jobs if self.pending else 0):
            self.workers.append(self._start())
        return self

    def __exit__(self, *exc_info: object) -> None:
        for worker in self.workers:
            self._stop(worker)
        self.workers.clear()

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe(duplex=True)
        process = self.context.Process(target=_serve, args=(theirs, os.getpid()), daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours)

    @staticmethod
    def _stop(worker: _Worker) -> None:
        try:
            worker.connection.close()
        except OSError:  # pragma: no cover
            pass
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)

    def _replace(self, worker: _Worker) -> None:
        self._stop(worker)
        index = self.workers.index(worker)
        if self.pending:
            self.workers[index] = self._start()
        else:
            del self.workers[index]

    def _assign(self) -> None:
        for worker in list(self.workers):
            if worker.task is not None or not self.pending:
                continue
            task = self.pending.pop()
            try:
                worker.connection.send(task)
            except (BrokenPipeError, OSError):  # it died idle: a new one takes the task
                self.pending.append(task)
                self._replace(worker)
                continue
            worker.task = task
            worker.deadline = time.monotonic() + self.timeout if self.timeout else float("inf")

    def results(self, on_running: Callable[[list[str]], None]) -> Iterator[tuple[Task, FileResult]]:
        while True:
            self._assign()
            busy = [worker for worker in self.workers if worker.task is not None]
            if not busy:
                if self.pending and not self.workers:  # every worker gone: start again
                    self.workers.append(self._start())
                    continue
                return
            on_running([worker.task.relative for worker in busy])
            nearest = min(worker.deadline for worker in busy)
            wait_for = None if nearest == float("inf") else max(0.0, nearest - time.monotonic())
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout=wait_for)
            yield from self._collect(busy, set(ready))

    def _collect(self, busy: list[_Worker], ready: set) -> Iterator[tuple[Task, FileResult]]:
        now = time.monotonic()
        for worker in busy:
            task = worker.task
            assert task is not None
            if worker.connection in ready or worker.process.sentinel in ready:
                try:
                    result = worker.connection.recv() if worker.connection.poll() else None
                except (EOFError, OSError):
                    result = None
                worker.task, worker.deadline = None, float("inf")
                if result is None:  # the process ended without an answer
                    self._replace(worker)
                    result = self.died()
                yield task, result
            elif worker.deadline <= now:
                worker.task = None
                self._replace(worker)
                yield task, self.timed_out(self.timeout or 0.0)
