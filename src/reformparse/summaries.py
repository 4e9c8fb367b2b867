"""Counts a report prints in prose or lists (「完了」は9項目, ・A：順調に進捗 … 9項目, 順調 8項目) checked
against the records' statuses and grades.

Each line that prints counts gives a statement; consecutive list lines that print one count each
are one statement; a statement printed twice (a sentence and its bullets) is checked once. A
statement is checked only when the records carry what it counts (statuses, or grades): a report
that counts 48 items but lists 4 without statuses has nothing to check them against.
"""

from __future__ import annotations

from collections import Counter

import regex

from .context import Context
from .models import Check, Initiative, Paragraph, Span
from .normalize import vocab
from .normalize.numbers import as_int, parse_number

COUNT = regex.compile(
    r"(?:^|(?<=[\s\u3000・「『、，,。]))"
    r"(?:(?P<letter>[SABCDＳＡＢＣＤ])[ \u3000]*[:：][ \u3000]*)?"
    r"「?(?P<word>[^\s\u3000…:：、，,「」『』・。0-9０-９()（）]{1,12}?)」?"
    r"(?:[（(][^）)]{0,12}[）)])?(?:は|が)?[ \u3000]*(?:…+|[:：])?[ \u3000]*"
    r"(?P<count>[0-9０-９]{1,4})[ \u3000]*(?:項目|件|事業)"
)
FULL_LETTERS = str.maketrans("ＳＡＢＣＤ", "SABCD")


def _counts(text: str) -> list[tuple[str, str, str, int]]:
    """(kind, code, word, count) of each count in a line: kind "grade" (S：…) or "status"."""
    out: list[tuple[str, str, str, int]] = []
    for found in COUNT.finditer(text):
        count = as_int(parse_number(found.group("count")))
        if count is None:
            continue
        word = found.group("word")
        if found.group("letter"):
            out.append(("grade", found.group("letter").translate(FULL_LETTERS), word, count))
            continue
        status = vocab.status_of(word)
        if status is not None and status.code != "other":
            out.append(("status", status.code, word, count))
    return out


def _statements(paragraphs: list[Paragraph]) -> list[tuple[list[tuple[str, str, str, int]], Span]]:
    """Counts grouped into statements (a line, or a run of list lines of one count each)."""
    out: list[tuple[list[tuple[str, str, str, int]], Span]] = []
    previous_end = -10
    for paragraph in paragraphs:
        counts = _counts(paragraph.text)
        if not counts:
            previous_end = -10
            continue
        span = paragraph.span
        joined = (
            out
            and len(counts) == 1
            and len(out[-1][0]) >= 1
            and span.start_line - previous_end <= 2
            and span.page == out[-1][1].page
        )
        if joined:
            items, first = out[-1]
            out[-1] = (
                items + counts,
                Span(start_line=first.start_line, end_line=span.end_line, page=span.page),
            )
        else:
            out.append((counts, span))
        previous_end = span.end_line
    return out


def summary_checks(ctx: Context, paragraphs: list[Paragraph], initiatives: list[Initiative]) -> list[Check]:
    """A check per printed statement of counts, against the records' statuses or grades."""
    found: dict[str, Counter[str]] = {
        "status": Counter(i.status.code for i in initiatives if i.status is not None),
        "grade": Counter(i.grade for i in initiatives if i.grade),
    }
    checks: list[Check] = []
    seen: set[tuple] = set()
    for counts, span in _statements(paragraphs):
        for kind in ("status", "grade"):
            mine = [(code, word, n) for k, code, word, n in counts if k == kind]
            key = (kind, tuple(sorted((code, n) for code, _, n in mine)))
            if not mine or key in seen or not found[kind]:
                continue
            seen.add(key)
            expected = {word: n for _, word, n in mine}
            read = {word: found[kind].get(code, 0) for code, word, _ in mine}
            ok = expected == read
            checks.append(
                Check(
                    code="summary-count",
                    subject=" / ".join(expected),
                    ok=ok,
                    expected=expected,
                    found=read,
                    message=f"the text counts {expected}; the records give {read}",
                    span=span,
                )
            )
    return checks
