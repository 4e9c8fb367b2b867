"""Each hang class a fuzz run found, with a small crafted input that took from 20 seconds to minutes
before: every one must now finish well inside the limit (SIGALRM stops a hang instead of the suite)."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from reformparse import extract

LIMIT = 20  # seconds; each input takes well under one now


class Hang(BaseException):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise Hang


def _extract_within_limit(path: Path):  # noqa: ANN202 - a Document
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(LIMIT)
    try:
        return extract(path)
    except Hang:
        pytest.fail(f"{path.name} took more than {LIMIT} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


HEADER = "番号\t取組項目\t担当課\t評価\n"
CASES = {
    # GRADE_PAIR tried every start against every end of a long grade cell (40k: over a minute)
    "long-grade-cell": HEADER
    + "1\t窓口改善\t市民課\t"
    + "総務課A財政課" * 8000
    + "\n2\t電子申請\t情報課\tB\n",
    # the numbered-row chain compared every number with every later one, and split the rest of the
    # line for each number
    "numbers-on-one-line": " ".join(f"{n % 90 + 1} 取組{n} 総務課 順調" for n in range(6000)) + "\n",
    # a card label row repeated: one card per row
    "repeated-card-label": "取組項目名\t窓口の改善\n" * 8000,
    # a run of list headings: each measured the whole run, and each item walked up the document
    "heading-run": "".join(f"({n % 50 + 1}) 取組{n}（総務課）\n" for n in range(6000)),
    # short lines in one run: a one-cell-per-line header was looked for from every start
    "short-line-run": "".join(f"取組{n % 7}\n" for n in range(30000)) + "12\n",
    # long lines of similar length: an inline card's paragraph was collected from every start
    "long-paragraph": ("基本方針1 取組内容 現状と課題 " + "あ" * 80 + "\n") * 3000,
    # TOC dot leaders: the page-number pattern split a run of dots in every possible way
    "dot-leaders": "目次\n第1章 概要" + "." * 50000 + "x\n",
    # a total that does not add up: subtotal runs were summed from every row to every later row
    "total-not-adding-up": "区分\t件数\t金額\n"
    + "".join(f"項目{n}\t{n % 7}\t{n % 11}\n" for n in range(3000))
    + "合計\t5\t7\n",
    # department names run together without a separator
    "departments-run-together": HEADER
    + "1\t窓口\t"
    + "総務" * 20000
    + "\tA\n2\t電子\t情報課\tB\n3\t税\t税務課\tC\n",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_layouts_finish(tmp_path, name):
    path = tmp_path / f"{name}.txt"
    path.write_text(CASES[name], encoding="utf-8")
    document = _extract_within_limit(path)
    assert document.coverage.lines_total > 0
