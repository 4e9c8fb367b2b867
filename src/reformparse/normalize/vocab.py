"""Status, phase and grade vocabularies (data/vocab.yaml)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import regex

from ..models import Status
from .text import fold_width

EMPTY = {"", "-", "—", "－", "―", "ー", "‐", "/", "／", "*", "＊"}
ARROWS = regex.compile(r"^[\s\u3000]*[-―ー─━]*[→⇒➡➔⟶↓]+[\s\u3000]*$")
GRADE = regex.compile(r"^[\s\u3000]*([A-ES])[\s\u3000]*(?:評価|判定)?[\s\u3000]*$")


@cache
def _vocab() -> dict:
    import yaml

    return yaml.safe_load((files("reformparse") / "data" / "vocab.yaml").read_text(encoding="utf-8"))


def _key(text: str) -> str:
    return regex.sub(r"[\s\u3000]+", "", fold_width(text or ""))


@cache
def _phrases(kind: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    ordered: list[tuple[str, str]] = []
    for code, phrases in (_vocab().get(kind) or {}).items():
        for phrase in phrases or []:
            key = _key(str(phrase))
            exact.setdefault(key, code)
            ordered.append((key, code))
    ordered.sort(key=lambda kv: -len(kv[0]))
    return exact, ordered


@cache
def _marks(kind: str) -> dict[str, str]:
    return {
        str(mark): code
        for code, marks in (_vocab().get(f"{kind}_marks") or {}).items()
        for mark in marks or []
    }


def _match(kind: str, text: str) -> str | None:
    key = _key(text)
    if not key or len(key) > 400:
        return None
    if key in _marks(kind):
        return _marks(kind)[key]
    exact, ordered = _phrases(kind)
    if key in exact:
        return exact[key]
    for phrase, code in ordered:
        if phrase and phrase in key:
            return code
    return None


def status_of(text: str) -> Status | None:
    """The contract status of a printed status; None for a blank or dash cell."""
    if text is None:
        return None
    stripped = text.strip()
    if _key(stripped) in EMPTY:
        return None
    return Status(raw=stripped, code=_match("status", stripped) or "other")


def phase_of(text: str) -> str | None:
    """The phase code of a plan cell (検討 → study, → → continue); None when blank."""
    if text is None or _key(text) in EMPTY:
        return None
    if ARROWS.match(text):
        return "continue"
    return _match("phase", text) or "other"


def is_status_text(text: str) -> bool:
    """Whether the text is a known status phrase."""
    return bool(text) and _match("status", text) is not None


def is_phase_text(text: str) -> bool:
    """Whether the text is a known phase phrase (or an arrow)."""
    return bool(text) and (bool(ARROWS.match(text)) or _match("phase", text) is not None)


def grade_of(text: str) -> str | None:
    """A letter grade (A–E, S) when the cell is just a grade; full-width and lower case folded."""
    if not text or len(text) > 12:
        return None
    found = GRADE.match(fold_width(text).upper())
    return found.group(1) if found else None
