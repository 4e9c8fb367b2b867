"""Fuzzing in the suite: mutated samples, seeds and real excerpts (bench/fuzz.py, seeded), each input
with a time limit; no traceback, no hang, strict JSON in valid UTF-8. `make fuzz` runs 10,000."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _fuzz_module():
    spec = importlib.util.spec_from_file_location("reformparse_fuzz", ROOT / "bench" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


fuzz = _fuzz_module()


def test_the_generator_is_seeded_and_varied():
    first = list(fuzz.inputs(40, seed=5))
    assert first == list(fuzz.inputs(40, seed=5))
    assert first != list(fuzz.inputs(40, seed=6))
    assert len({data for _, data in first}) == 40


def test_mutated_reports_never_crash_hang_or_write_invalid_json(tmp_path):
    # reports cut to 6 KB keep the run short; `make fuzz` runs 10,000 from the whole reports
    report = fuzz.fuzz(count=300, seed=2026, limit=20.0, keep=tmp_path / "found", max_bytes=6_000)
    problems = [
        f"{key} (e.g. {finding.example}: {finding.detail})" for key, finding in report.classes().items()
    ]
    assert not problems, problems
    assert report.inputs == 300 and report.documents > 150  # most mutations still read
    assert report.refused > 0  # some are refused with one line (binary, undecodable)
