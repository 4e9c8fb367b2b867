"""Fuzzing the whole pipeline: mutated samples, seeds and real excerpts, seeded, each with a time limit.

`make fuzz` (or `python bench/fuzz.py --count 10000`) runs the long version and prints the counts;
`tests/test_fuzz.py` runs a few hundred inputs of the same generator on every test run.

Each input is extracted in process and its output rendered as JSON, YAML and CSV. A finding is:

- crash: any exception other than ReformParseError (the one-line errors);
- slow: the extraction took longer than the per-input limit (it is interrupted by SIGALRM);
- invalid: the JSON is not strict (NaN, Infinity) or the output is not valid UTF-8.

Findings are grouped by class (exception type and the innermost frame in reformparse), so that one
class is reported once however many inputs hit it.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"

#: tokens a hostile or broken report may hold: huge numbers, out-of-range floats, odd characters
HOSTILE = [
    "9" * 4301,
    "管理番号\t" + "9" * 4400,
    "1e400",
    "-1e400",
    "1" + "0" * 400 + "件",
    "NaN",
    "Infinity",
    "\x00",
    "\u202e",
    "\ufeff",
    "\\ud800",
    "①" * 300,
    "令和" * 300,
    "（" * 2000,
    "A" * 5000,
    "ＡＢ評価" * 500,
    "1-" * 2000,
    "・" * 2000,
    "%PDF-1.4",
    "<html>",
    "<br>" * 500,
    "\r",
    "\t" * 300,
    " " * 3000,
    "年度" * 1000,
    "千円" * 1000,
    "課" * 3000,
    "令和5年度 " * 500,
    "0." + "9" * 5000,
]


#: how much larger than its report a mutated input may grow
GROWTH = 20


def corpus(max_bytes: int = 30_000) -> list[tuple[str, bytes]]:
    """The reports mutations start from: the samples, the seeds and the real excerpts (each cut to
    `max_bytes`)."""
    found = [
        (path.name, path.read_bytes()[:max_bytes])
        for path in sorted(SAMPLES.glob("*"))
        if path.suffix in (".txt", ".md") and path.name != "README.md"
    ]
    for folder in (SHARED / "seeds", SHARED / "real"):
        if folder.is_dir():
            found += [(path.name, path.read_bytes()[:max_bytes]) for path in sorted(folder.glob("*.txt"))]
    return found


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8", "ignore").split("\n")


def _join(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _long_cell(lines: list[str], rng: random.Random) -> list[str]:
    index = rng.randrange(len(lines))
    cells = lines[index].split("\t")
    position = rng.randrange(len(cells))
    alphabet = "ABCSＡＢＣ評価判定123４５6年度月日令和課部・-－/／ 　、。()（）→"
    unit = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6)))
    cells[position] = unit * rng.randint(2_000, 12_000 // len(unit) + 2_000)
    lines[index] = "\t".join(cells)
    return lines


def _cells(lines: list[str], rng: random.Random) -> list[str]:
    for index, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) > 2 and rng.random() < 0.4:
            position = rng.randrange(len(cells))
            if rng.random() < 0.5:
                del cells[position]
            else:
                cells.insert(position, cells[position])
        lines[index] = "\t".join(cells)
    return lines


def mutate(data: bytes, other: bytes, rng: random.Random) -> bytes:  # noqa: C901 - one branch a kind
    """One mutation of `data` (`other` is a second report to splice from)."""
    kind = rng.randrange(12)
    if not data:
        return rng.choice(HOSTILE).encode("utf-8")
    if kind == 0:  # cut anywhere, even inside a character
        return data[: rng.randrange(1, len(data) + 1)]
    if kind == 1:  # random bytes
        buffer = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
        return bytes(buffer)
    lines = _lines(data)
    if kind == 2:
        rng.shuffle(lines)
    elif kind == 3:
        lines = _cells(lines, rng)
    elif kind == 4:
        return data.replace(b"\t", b" " * rng.randint(1, 3))
    elif kind == 5:
        lines = [line for line in lines if rng.random() < 0.6]
    elif kind == 6:  # hostile tokens in cells and lines
        for _ in range(rng.randint(1, 4)):
            index = rng.randrange(len(lines))
            cells = lines[index].split("\t")
            position = rng.randrange(len(cells))
            cells[position] = cells[position][: rng.randint(0, 8)] + rng.choice(HOSTILE)
            lines[index] = "\t".join(cells)
    elif kind == 7:  # lines of another report spliced in
        theirs = _lines(other)
        start = rng.randrange(len(theirs))
        at = rng.randrange(len(lines) + 1)
        lines[at:at] = theirs[start : start + rng.randint(1, 60)]
    elif kind == 8:  # one line repeated many times
        line = rng.choice(lines)
        at = rng.randrange(len(lines) + 1)
        lines[at:at] = [line] * rng.randint(50, 3_000)
    elif kind == 9:
        lines = _long_cell(lines, rng)
    elif kind == 10:  # another encoding, or another line ending
        text = "\n".join(lines)
        choice = rng.choice(["cp932", "euc_jp", "utf-16", "utf-8-sig", "crlf", "cr"])
        if choice == "crlf":
            return text.replace("\n", "\r\n").encode("utf-8")
        if choice == "cr":
            return text.replace("\n", "\r").encode("utf-8")
        return text.encode(choice, "replace")
    else:  # a line cut into words one a line, or lines joined
        if rng.random() < 0.5:
            index = rng.randrange(len(lines))
            lines[index : index + 1] = lines[index].split()
        else:
            index = rng.randrange(len(lines))
            lines[index : index + 8] = [" ".join(lines[index : index + 8])]
    return _join(lines)


def inputs(count: int, seed: int, max_bytes: int = 30_000) -> Iterator[tuple[str, bytes]]:
    """`count` mutated reports, the same ones for the same seed; names say which report and which step."""
    rng = random.Random(seed)
    reports = corpus(max_bytes)
    for number in range(count):
        name, data = reports[number % len(reports)]
        _, other = rng.choice(reports)
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            data = mutate(data, other, rng)
        # repeated lines compound: a few MB of dense lines is a throughput test (bench), not a fuzz input
        data = data[: max_bytes * GROWTH]
        suffix = rng.choice((".txt", ".txt", ".txt", ".md", ".html"))
        yield f"{number:05d}-{Path(name).stem}{suffix}", data


class _Timeout(BaseException):
    """Raised by SIGALRM when one input runs past its limit (BaseException: no except Exception eats it)."""


def _alarm(_signum: int, _frame: object) -> None:
    raise _Timeout


@dataclass
class Finding:
    kind: str  # crash, slow, invalid
    key: str  # the class: exception type and innermost reformparse frame
    example: str  # the input's name
    detail: str


@dataclass
class Report:
    inputs: int = 0
    documents: int = 0
    refused: int = 0
    seconds: float = 0.0
    slowest: tuple[float, str] = (0.0, "")
    findings: list[Finding] = field(default_factory=list)

    def classes(self) -> dict[str, Finding]:
        first: dict[str, Finding] = {}
        for finding in self.findings:
            first.setdefault(f"{finding.kind}: {finding.key}", finding)
        return first


def _where(exc: BaseException) -> str:
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if "reformparse" in frame.filename]
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.name}"


def check_output(document: object) -> str | None:
    """Why the rendered document is not strict JSON / valid UTF-8; None when it is."""
    from reformparse.output.render import render

    for fmt in ("json", "yaml", "csv"):
        text = render(document, fmt)
        text.encode("utf-8")  # a lone surrogate raises here
        if fmt == "json":
            json.loads(text, parse_constant=_no_constant)
    return None


def _no_constant(name: str) -> object:
    raise ValueError(f"not strict JSON: {name}")


def run_one(path: Path, limit: float, report: Report) -> None:
    """Extract one file under a time limit and record what happened."""
    from reformparse import extract
    from reformparse.errors import ReformParseError

    report.inputs += 1
    started = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        document = extract(path)
        check_output(document)
        report.documents += 1
    except ReformParseError:
        report.refused += 1
    except _Timeout:
        report.findings.append(Finding("slow", "over the time limit", path.name, f"> {limit} s"))
    except (UnicodeError, ValueError) as exc:
        kind = "invalid" if "strict JSON" in str(exc) or isinstance(exc, UnicodeEncodeError) else "crash"
        report.findings.append(Finding(kind, _where(exc), path.name, str(exc)[:200]))
    except Exception as exc:  # noqa: BLE001 - every other exception is a finding
        report.findings.append(Finding("crash", _where(exc), path.name, str(exc)[:200]))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.perf_counter() - started
    report.seconds += elapsed
    if elapsed > report.slowest[0]:
        report.slowest = (elapsed, path.name)


def fuzz(
    count: int, seed: int, limit: float, keep: Path | None = None, max_bytes: int = 30_000, progress: int = 0
) -> Report:
    """Run `count` inputs; inputs with findings are copied to `keep` when given."""
    report = Report()
    with tempfile.TemporaryDirectory(prefix="reformparse-fuzz-") as folder:
        for name, data in inputs(count, seed, max_bytes):
            path = Path(folder) / name
            path.write_bytes(data)
            before = len(report.findings)
            run_one(path, limit, report)
            if keep is not None and len(report.findings) > before:
                keep.mkdir(parents=True, exist_ok=True)
                (keep / name).write_bytes(data)
            path.unlink()
            if progress and report.inputs % progress == 0:
                print(f"{report.inputs} inputs, {len(report.findings)} findings", file=sys.stderr, flush=True)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=float, default=10.0, help="seconds per input")
    parser.add_argument("--keep", type=Path, help="copy inputs with findings here")
    arguments = parser.parse_args()
    report = fuzz(arguments.count, arguments.seed, arguments.limit, arguments.keep, progress=500)
    kinds = Counter(finding.kind for finding in report.findings)
    print(
        f"inputs {report.inputs}: documents {report.documents}, refused with one line {report.refused}, "
        f"crashes {kinds['crash']}, over {arguments.limit:g} s {kinds['slow']}, invalid output {kinds['invalid']}; "
        f"{report.seconds:.1f} s, slowest {report.slowest[0]:.2f} s ({report.slowest[1]})"
    )
    for key, finding in report.classes().items():
        print(f"  {key}  e.g. {finding.example}: {finding.detail}")
    return 1 if report.findings else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
