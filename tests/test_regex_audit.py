"""Every compiled pattern of reformparse on hostile 100,000-character texts (tests/regex_audit.py): none
takes super-linear time. A pattern past the limit names itself, with a sample of the text."""

from __future__ import annotations

import time

import regex_audit


def test_every_pattern_is_found():
    found = regex_audit.patterns()
    assert len(found) > 80  # module patterns and those the vocabulary builds
    assert any("derived" in where for where in found)


def test_the_audit_catches_a_quadratic_pattern():
    quadratic = regex_audit.regex.compile(r"[ ]+(?=x)")
    started = time.monotonic()
    slow = False
    try:
        import signal

        signal.signal(signal.SIGALRM, regex_audit._alarm)
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        regex_audit.exercise(quadratic, " " * 100_000 + "y", {"finditer"})
    except regex_audit.Slow:
        slow = True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    assert slow or time.monotonic() - started > 0.5


def test_no_pattern_is_super_linear_on_100k_characters():
    # a linear pattern takes milliseconds on one text; a quadratic one minutes: the limit is far from both
    assert regex_audit.slow_patterns(limit=5.0) == []
