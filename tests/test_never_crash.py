"""Each crash class a fuzz run found, with a small crafted input: numbers too long for Python, values
out of range, lone surrogates, names that are not UTF-8, symlink loops, named pipes, SIGTERM mid-write,
PDF trailing bytes and decompression bombs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from reformparse import extract
from reformparse.errors import InputError
from reformparse.output.render import render
from reformparse.output.safe import clean_text, shown_name

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).parent / "reformparse"
NINES = "9" * 4301


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([str(EXE), *args], capture_output=True, env=env, timeout=timeout)


def strict(text: str) -> dict:
    def refuse(name: str) -> object:
        raise ValueError(f"not strict JSON: {name}")

    return json.loads(text.encode("utf-8").decode("utf-8"), parse_constant=refuse)


@pytest.mark.parametrize(
    "report",
    [
        f"取組項目名\t窓口の改善\n管理番号\t{NINES}\n担当課\t市民課\n",
        f"管理番号\t取組項目名\t担当課\t進捗状況\n{NINES}\t窓口の改善\t市民課\t完了\n2\t電子申請\t情報課\t順調\n",
        f"実施件数\n区分\t実施済み\t予定どおり進んでいる\t遅れ\n合計\t{NINES}\t3\t1\n",
        f"1. 窓口の改善（市民課）完了\n2. 電子申請（情報課）順調\n・完了 {NINES}項目\n",
        f"No.{NINES}\n窓口の改善\n市民課\n完了\nNo.2\n電子申請\n情報課\n順調\n",
        "取組項目名\t窓口の改善\n担当課\t市民課\n目標値\t1e400\n現状値\t1"
        + "0" * 400
        + "件\n効果額\t1e400千円\n",
    ],
    ids=["card-id", "grid-id", "status-count", "prose-count", "id-record", "kpi-1e400"],
)
def test_numbers_too_long_or_out_of_range_stay_text(tmp_path, report):
    path = tmp_path / "report.txt"
    path.write_text(report, encoding="utf-8")
    document = extract(path)
    for fmt in ("json", "yaml", "jsonl", "csv"):
        text = render(document, fmt)
        text.encode("utf-8")
        assert "Infinity" not in text and "NaN" not in text
    strict(render(document, "json"))


def test_lone_surrogates_from_unicode_escape_become_replacement_characters(tmp_path):
    path = tmp_path / "escaped.txt"
    path.write_bytes(b"1. \\ud800 \\udfff kaizen (\\u7dcf\\u52d9\\u8ab2)\n")
    for encoding in ("unicode_escape", "raw_unicode_escape"):
        result = run("extract", str(path), "--encoding", encoding)
        assert result.returncode == 0, result.stderr
        strict(result.stdout.decode("utf-8"))
        out = tmp_path / f"{encoding}.json"
        assert run("extract", str(path), "--encoding", encoding, "-o", str(out)).returncode == 0
        strict(out.read_text(encoding="utf-8"))


def test_names_are_shown_escaped_and_stay_one_line():
    assert shown_name("report.txt") == "report.txt"
    assert shown_name(os.fsdecode(b"\xff\xfe.txt")) == "\\xff\\xfe.txt"
    assert shown_name("two\nlines\t.txt") == "two\\nlines\\t.txt"
    assert clean_text("a\ud800b") == "a\ufffdb"


def test_a_symlink_loop_and_a_broken_link_say_so(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "gone.txt")
    with pytest.raises(InputError, match="symlink loop"):
        extract(loop)
    with pytest.raises(InputError, match="broken symlink"):
        extract(broken)
    result = run("extract", str(loop))
    assert (
        result.returncode == 1 and b"symlink loop" in result.stderr and b"no such file" not in result.stderr
    )


def _feed(fifo: Path, data: bytes) -> subprocess.Popen:
    code = "import sys; open(sys.argv[1], 'wb').write(sys.stdin.buffer.read())"
    writer = subprocess.Popen([sys.executable, "-c", code, str(fifo)], stdin=subprocess.PIPE)
    writer.stdin.write(data)
    writer.stdin.close()
    return writer


def test_a_named_pipe_is_read_once(tmp_path):
    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    writer = _feed(fifo, (ROOT / "samples" / "list_bullets.txt").read_bytes())
    result = run("extract", str(fifo), "--explain", timeout=60)  # --explain must not read it again
    writer.wait(timeout=30)
    assert result.returncode == 0 and json.loads(result.stdout)["initiatives"]


def test_a_pdf_from_a_named_pipe_is_read_once(tmp_path):
    pdf_fixtures = pytest.importorskip("pdf_fixtures")
    if pdf_fixtures.japanese_font() is None:
        pytest.skip("no Japanese font to render a PDF")
    source = pdf_fixtures.build_report(tmp_path / "report.pdf")
    fifo = tmp_path / "piped.pdf"
    os.mkfifo(fifo)
    writer = _feed(fifo, source.read_bytes())
    result = run("extract", str(fifo), timeout=60)
    writer.wait(timeout=30)
    assert result.returncode == 0 and json.loads(result.stdout)["source"]["format"] == "pdf"


def test_a_pdf_with_bytes_after_its_end_marker_is_read(tmp_path):
    pdf_fixtures = pytest.importorskip("pdf_fixtures")
    if pdf_fixtures.japanese_font() is None:
        pytest.skip("no Japanese font to render a PDF")
    path = pdf_fixtures.build_report(tmp_path / "report.pdf")
    path.write_bytes(path.read_bytes() + b"\n% trailing bytes a mailer added\n" * 400)  # > 4 KB
    assert extract(path).source.format == "pdf"


def test_a_pdf_decompression_bomb_is_refused_in_one_line(tmp_path, monkeypatch):
    from reformparse.read import pdf_guard

    monkeypatch.setattr(pdf_guard, "MAX_STREAM_BYTES", 8 * 1024 * 1024)  # the same check, a smaller bomb
    bomb = zlib.compress(b"\0" * (16 * 1024 * 1024), 9)
    data = (
        b"%PDF-1.4\n1 0 obj\n<< /Length "
        + str(len(bomb)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + bomb
        + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    path = tmp_path / "bomb.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError, match="decompression bomb"):
        extract(path)
    assert (
        pdf_guard.inflation_problem(b"%PDF-1.4\nstream\n" + zlib.compress(b"x" * 1000) + b"\nendstream\n")
        is None
    )


SLOW_WRITE = """
import os, sys, time
from reformparse import cli
real = os.fsync
def slow(handle):
    print("writing", flush=True)
    time.sleep(30)
    real(handle)
os.fsync = slow
sys.argv = ["reformparse", "extract", sys.argv[1], "-o", sys.argv[2]]
cli.main()
"""


def test_extract_stopped_by_sigterm_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITE, str(ROOT / "samples" / "list_bullets.txt"), str(out / "a.json")],
        stdout=subprocess.PIPE,
    )
    assert process.stdout.readline().strip() == b"writing"
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")]  # the temporary file is there
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 128 + signal.SIGTERM
    time.sleep(0.1)
    assert list(out.iterdir()) == []
