"""The batch under faults: a file that hangs, a full disk, two runs at once, the main process killed, an
input changed while it is read, symlinks, pipes and hidden files, names that are not UTF-8."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reformparse.batch import LOCK, MANIFEST, BatchError, BatchOptions, OutputLock, run_batch
from reformparse.batch import runner as batch_runner

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXE = Path(sys.executable).parent / "reformparse"
NAMES = ("results_cards.txt", "plan_cards.txt", "list_bullets.txt")


def folder_of(base: Path, names: tuple[str, ...] = NAMES) -> Path:
    folder = base / "in"
    folder.mkdir()
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def manifest(out: Path) -> dict[str, dict]:
    lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    return {entry["input"]: entry for entry in map(json.loads, lines)}


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([str(EXE), *args], capture_output=True, env=env, timeout=timeout)


# ---------------------------------------------------------------- a file that takes too long


def _hangs_on_plan_cards(task):  # noqa: ANN001, ANN201 - a runner.Task, a runner.FileResult
    if task.relative == "plan_cards.txt":
        time.sleep(60)
    return batch_runner.__dict__["_real_convert_one"](task)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_past_its_time_limit_fails_and_the_batch_goes_on(tmp_path, monkeypatch, jobs):
    folder, out = folder_of(tmp_path), tmp_path / "out"
    monkeypatch.setitem(batch_runner.__dict__, "_real_convert_one", batch_runner.convert_one)
    monkeypatch.setattr(batch_runner, "convert_one", _hangs_on_plan_cards)
    started = time.monotonic()
    summary = run_batch(BatchOptions(source=folder, out=out, jobs=jobs, timeout=1.5, tables=True))
    assert time.monotonic() - started < 40  # not the minute the file would take
    entries = manifest(out)
    assert entries["plan_cards.txt"]["status"] == "failed"
    assert "gave up after 1.5 s (--timeout)" in entries["plan_cards.txt"]["error"]
    assert summary.converted == 2 and summary.failed == 1
    assert (out / "initiatives.csv").is_file()  # the tables are still written


# ---------------------------------------------------------------- a full disk


def _disk_full(path, text, encoding="utf-8"):  # noqa: ANN001, ANN202
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))


def test_a_failed_write_keeps_the_earlier_output_and_says_disk_full(tmp_path, monkeypatch):
    folder, out = folder_of(tmp_path), tmp_path / "out"
    assert run_batch(BatchOptions(source=folder, out=out, jobs=1, timeout=None)).converted == 3
    before = (out / "results_cards.json").read_bytes()
    monkeypatch.setattr(batch_runner, "atomic_write_text", _disk_full)
    summary = run_batch(BatchOptions(source=folder, out=out, jobs=1, timeout=None, force=True))
    assert summary.failed == 3
    entry = manifest(out)["results_cards.txt"]
    assert entry["status"] == "failed" and "disk full" in entry["error"]
    assert "internal error" not in entry["error"]
    assert (out / "results_cards.json").read_bytes() == before  # --force never removed it


def test_tables_on_a_full_disk_keep_the_earlier_tables(tmp_path, monkeypatch):
    from reformparse.output import tables

    folder, out = folder_of(tmp_path), tmp_path / "out"
    run_batch(BatchOptions(source=folder, out=out, jobs=1, timeout=None, tables=True))
    names = sorted(tables.TABLES)
    before = {name: (out / f"{name}.csv").read_bytes() for name in names}
    (folder / "plan_cards.txt").unlink()  # the new tables would differ from the old ones
    calls = []

    class SecondFsyncFails:  # the tables module's os, whose fsync fails on the second table
        def __getattr__(self, name: str) -> object:
            return getattr(os, name)

        @staticmethod
        def fsync(handle: int) -> None:
            calls.append(handle)
            if len(calls) == 2:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tables, "os", SecondFsyncFails())
    summary = run_batch(BatchOptions(source=folder, out=out, jobs=1, timeout=None, tables=True, force=True))
    assert summary.tables == []  # nothing listed as written
    assert any("disk full" in error for error in summary.errors)
    after = {name: (out / f"{name}.csv").read_bytes() for name in names}
    assert after == before  # every table whole, none half replaced
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def _small_filesystem(path: Path) -> bool:
    """A 256 KB tmpfs at `path` (root only, where the machine allows mounts)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    path.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(path)], capture_output=True
    )
    return done.returncode == 0


def test_a_really_full_disk(tmp_path):
    small = tmp_path / "small"
    if not _small_filesystem(small):
        pytest.skip("no private small file system on this machine")
    try:
        folder, out = folder_of(tmp_path), small / "out"
        assert run("batch", str(folder), "-o", str(out), "--tables").returncode == 0
        before = {
            p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.suffix in (".json", ".csv")
        }
        filler = os.open(small / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while True:  # fill what is left
                os.write(filler, b"\0" * 1024)
        except OSError:
            pass
        finally:
            os.close(filler)
        result = run("batch", str(folder), "-o", str(out), "--tables", "--force")
        assert result.returncode == 1
        assert b"Traceback" not in result.stderr
        assert b"disk full" in result.stderr
        after = {
            p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.suffix in (".json", ".csv")
        }
        assert after == before
    finally:
        subprocess.run(["umount", str(small)], capture_output=True)


# ---------------------------------------------------------------- two runs at once, a killed run

SLOW_RUN = """
import sys, time
from pathlib import Path
from reformparse.batch import BatchOptions, run_batch, runner
real = runner.convert_one
def slow(task):
    time.sleep(float(sys.argv[3]))
    return real(task)
runner.convert_one = slow
run_batch(BatchOptions(source=Path(sys.argv[1]), out=Path(sys.argv[2]), jobs=2))
"""


def _start_slow_run(folder: Path, out: Path, seconds: float) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", SLOW_RUN, str(folder), str(out), str(seconds)])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _children(process.pid):
        time.sleep(0.1)
    return process


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(word) for word in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


needs_proc = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc")


@needs_proc
def test_a_second_run_on_the_same_folder_refuses_with_one_line(tmp_path):
    folder, out = folder_of(tmp_path), tmp_path / "out"
    first = _start_slow_run(folder, out, 3)
    try:
        result = run("batch", str(folder), "-o", str(out))
        assert result.returncode == 1
        lines = result.stderr.decode().strip().splitlines()
        assert len(lines) == 1 and "another reformparse batch is writing to this folder" in lines[0]
    finally:
        first.wait(timeout=60)
    entries = manifest(out)  # the first run was not disturbed
    assert {entry["status"] for entry in entries.values()} == {"ok"} and len(entries) == 3
    with OutputLock(out):  # released when that run ended
        pass
    assert (out / LOCK).exists()


def test_the_lock_is_refused_in_process_too(tmp_path):
    folder, out = folder_of(tmp_path), tmp_path / "out"
    out.mkdir()
    with OutputLock(out), pytest.raises(BatchError, match="another reformparse batch"):
        run_batch(BatchOptions(source=folder, out=out, jobs=1))


@needs_proc
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_workers_die_with_the_main_process(tmp_path, how):
    folder, out = folder_of(tmp_path), tmp_path / "out"
    main = _start_slow_run(folder, out, 30)
    workers = _children(main.pid)
    assert workers, "the batch started no workers"
    main.send_signal(how)
    main.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    # a re-run goes on where it stopped and leaves no temporary file
    assert run("batch", str(folder), "-o", str(out)).returncode == 0
    assert not [p for p in out.rglob("*.tmp")]


# ---------------------------------------------------------------- an input changed while it is read


def test_an_input_changed_mid_run_is_recorded_with_what_was_read(tmp_path, monkeypatch):
    folder, out = folder_of(tmp_path), tmp_path / "out"
    changed = (SAMPLES / "label_blocks.txt").read_bytes()
    real = batch_runner.convert_one

    def change_then_read(task):  # noqa: ANN001, ANN202
        if task.relative == "results_cards.txt":
            (folder / "results_cards.txt").write_bytes(changed)
        return real(task)

    monkeypatch.setattr(batch_runner, "convert_one", change_then_read)
    run_batch(BatchOptions(source=folder, out=out, jobs=1, timeout=None))
    entry = manifest(out)["results_cards.txt"]
    assert entry["sha256"] == hashlib.sha256(changed).hexdigest()
    data = json.loads((out / "results_cards.json").read_text(encoding="utf-8"))
    assert data["source"]["sha256"] == entry["sha256"]
    monkeypatch.setattr(batch_runner, "convert_one", real)
    assert run_batch(BatchOptions(source=folder, out=out, jobs=1, timeout=None)).skipped == 3


# ---------------------------------------------------------------- what is not read, and why


def test_links_pipes_and_hidden_files_are_listed_not_silently_skipped(tmp_path):
    folder, out = folder_of(tmp_path), tmp_path / "out"
    outside = tmp_path / "secret.txt"
    outside.write_text("1. 秘密の取組（総務課）\n", encoding="utf-8")
    (folder / "secret.txt").symlink_to(outside)
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    (folder / "inside.txt").symlink_to(folder / "results_cards.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / ".dot.txt").write_text("1. 隠し（総務課）\n", encoding="utf-8")
    (folder / "linked").symlink_to(tmp_path, target_is_directory=True)
    result = run("batch", str(folder), "-o", str(out), timeout=60)
    assert result.returncode == 0, result.stderr
    stderr = result.stderr.decode()
    for name, reason in [
        ("secret.txt", "outside the folder"),
        ("loop.txt", "symlink loop"),
        ("dangling.txt", "broken symlink"),
        ("pipe.txt", "named pipe"),
        (".dot.txt", "starts with a dot"),
        ("linked", "symlink"),
    ]:
        assert f"not read {name}: " in stderr and reason in stderr, name
    entries = manifest(out)
    assert "secret.txt" not in entries and "inside.txt" in entries  # a link inside the folder is read
    assert "not read: 6 files" in stderr
    followed = run("batch", str(folder), "-o", str(tmp_path / "out2"), "--follow-symlinks", timeout=60)
    assert "secret.txt" in manifest(tmp_path / "out2")
    assert b"not read secret.txt" not in followed.stderr


def test_a_file_name_that_is_not_utf8_is_converted_and_shown_escaped(tmp_path):
    folder, out = folder_of(tmp_path, ("results_cards.txt",)), tmp_path / "out"
    odd = os.fsencode(folder) + b"/\xff\xfe report.txt"
    with open(odd, "wb") as stream:
        stream.write((SAMPLES / "list_bullets.txt").read_bytes())
    newline = folder / "two\nlines.txt"
    shutil.copy(SAMPLES / "label_blocks.txt", newline)
    result = run("batch", str(folder), "-o", str(out))
    assert result.returncode == 0, result.stderr
    result.stderr.decode("utf-8")  # valid UTF-8
    assert "Traceback" not in result.stderr.decode()
    entries = manifest(out)
    assert set(entries) == {"\\xff\\xfe report.txt", "two\\nlines.txt", "results_cards.txt"}
    data = json.loads((out / entries["\\xff\\xfe report.txt"]["output"]).read_bytes().decode("utf-8"))
    assert data["source"]["name"] == "\\xff\\xfe report.txt" and data["initiatives"]
    assert all("\n" not in line[:-1] for line in result.stderr.decode().splitlines(keepends=True))
    # extract: to a file, and to stdout as valid UTF-8
    single = run("extract", os.fsdecode(odd), "-o", str(tmp_path / "one.json"))
    assert single.returncode == 0 and json.loads((tmp_path / "one.json").read_bytes().decode("utf-8"))
    to_stdout = run("extract", os.fsdecode(odd))
    assert json.loads(to_stdout.stdout.decode("utf-8"))["source"]["name"] == "\\xff\\xfe report.txt"
