"""Status, phase and grade vocabularies (data/vocab.yaml, extended by a `--labels` file).

The words are read from the active LabelBook (`labels.active_labels()`): the built-in data plus the
user's file of the extraction under way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..labels import LabelBook, active_labels, per_book
from ..models import Status
from .text import fold_width

#: the vocabulary section of each kind of value, and of the marks that mean it when alone in a cell
SECTIONS = {"status": ("statuses", "status_marks"), "phase": ("phases", "phase_marks")}


SPACES = regex.compile(r"[\s\u3000]+")


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return SPACES.sub("", fold_width(text or ""))


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(dict.fromkeys(words), key=len, reverse=True))


@dataclass
class _Words:
    """One book's value vocabularies, compiled."""

    exact: dict[str, dict[str, str]]
    ordered: dict[str, list[tuple[str, str]]]
    marks: dict[str, dict[str, str]]
    empty: frozenset[str]
    arrows: regex.Pattern[str]
    grade: regex.Pattern[str]


def _build(book: LabelBook) -> _Words:
    exact: dict[str, dict[str, str]] = {}
    ordered: dict[str, list[tuple[str, str]]] = {}
    marks: dict[str, dict[str, str]] = {}
    for kind, (section, mark_section) in SECTIONS.items():
        exact[kind], ordered[kind], marks[kind] = {}, [], {}
        for code, phrase in book.pairs(section) if section in book.sections else []:
            key = _key(phrase)
            exact[kind].setdefault(key, code)
            ordered[kind].append((key, code))
        ordered[kind].sort(key=lambda kv: -len(kv[0]))  # stable: the user's phrases first
        for code, mark in book.pairs(mark_section) if mark_section in book.sections else []:
            marks[kind].setdefault(mark, code)
    empty = frozenset(["", *book.words("empty_marks"), *(_key(m) for m in book.words("empty_marks"))])
    arrows = regex.compile(
        r"^[\s\u3000]*(?:" + _alternation(book.words("arrow_shafts")) + r")*"
        r"(?:" + _alternation(book.words("arrow_marks")) + r")+[\s\u3000]*$"
    )
    letters = [fold_width(letter).upper() for letter in book.words("grade_letters")]
    grade = regex.compile(
        r"^[\s\u3000]*(" + _alternation(letters) + r")[\s\u3000]*"
        r"(?:" + _alternation(book.words("grade_suffixes")) + r")?[\s\u3000]*$"
    )
    return _Words(exact, ordered, marks, empty, arrows, grade)


def _words() -> _Words:
    return active_labels().derived("normalize.vocab", _build)


def _match(kind: str, text: str) -> str | None:
    key = _key(text)
    if not key or len(key) > 400:
        return None
    return _lookup(kind, key)


@per_book("normalize.vocab.match")
def _lookup(kind: str, key: str) -> str | None:
    """The code of a status or phase key: a mark, an exact phrase, else the longest phrase in it."""
    words = _words()
    marks = words.marks[kind]
    if key in marks:
        return marks[key]
    exact = words.exact[kind]
    if key in exact:
        return exact[key]
    for phrase, code in words.ordered[kind]:
        if phrase and phrase in key:
            return code
    return None


def is_empty(text: str | None) -> bool:
    """A cell that means "nothing": blank, or only a dash or slash of data/vocab.yaml `empty_marks`
    (spaces and width ignored: －, ―, ／, ＊)."""
    return text is None or _key(text.strip()) in _words().empty


def status_of(text: str) -> Status | None:
    """The contract status of a printed status; None for a blank or dash cell."""
    if text is None:
        return None
    stripped = text.strip()
    if is_empty(stripped):
        return None
    return Status(raw=stripped, code=_match("status", stripped) or "other")


def phase_of(text: str) -> str | None:
    """The phase code of a plan cell (検討 → study, → → continue); None when blank."""
    if is_empty(text):
        return None
    if _words().arrows.match(text):
        return "continue"
    return _match("phase", text) or "other"


def is_status_text(text: str) -> bool:
    """Whether the text is a known status phrase."""
    return bool(text) and _match("status", text) is not None


def exact_status(text: str) -> Status | None:
    """The status of a text that is a status phrase as a whole (工程どおり), not one that merely
    contains one (実施中の課題の検討); None otherwise."""
    code = _words().exact["status"].get(_key(text or ""))
    return Status(raw=text.strip(), code=code) if code else None


def trailing_status(text: str, shortest: int = 4) -> tuple[str, Status] | None:
    """(text before, status) of a status phrase run on to the end of a text without a space, as a PDF
    cell that wrapped leaves it (対象証明書の拡大工程見直し); phrases shorter than `shortest` are not
    looked for (a plan may well end in 完了)."""
    stripped = (text or "").strip()
    for phrase, code in _words().ordered["status"]:
        if len(phrase) >= shortest and len(stripped) > len(phrase) and stripped.endswith(phrase):
            return stripped[: -len(phrase)].rstrip(), Status(raw=phrase, code=code)
    return None


def is_phase_text(text: str) -> bool:
    """Whether the text is a known phase phrase (or an arrow)."""
    return bool(text) and (bool(_words().arrows.match(text)) or _match("phase", text) is not None)


def grade_of(text: str) -> str | None:
    """A letter grade (A–E, S) when the cell is just a grade; full-width and lower case folded."""
    if not text or len(text) > 12:
        return None
    found = _words().grade.match(fold_width(text).upper())
    return found.group(1) if found else None
