"""A table cell's printed lines as one value, the way a reader joins them where the cell wrapped.

- A break inside a word or a number joins with nothing (「業務システムの標準化」「・共通化」 →
  業務システムの標準化・共通化; 「1」「0%」 → 10%; 「2,4」「00千円」 → 2,400千円).
- A break between two complete units stays a break: before a list item (○, ①, (1), and ・ in a cell
  whose lines are ・ items or after a finished sentence), and after a department name when the next line
  is another name (「会計課」「総合政策部（財政課）」).
- A break between two ASCII words, or where an ASCII word meets Japanese, is a space (「ICT」「推進」 stays
  tight only when both sides are Japanese).
"""

from __future__ import annotations

import unicodedata

import regex

from ..labels import LabelBook, active_labels

#: a line that opens a list item (・ is handled apart: it also joins words, 標準化・共通化)
ITEM = regex.compile(r"^(?:[○●◯◆◇■□◎※★☆▶▷►\-－]|[\u2460-\u2473\u2776-\u277f]|[(（][0-9０-９]{1,2}[)）])")
NUMBER_END = regex.compile(r"[0-9０-９][,，.．]?$")
NUMBER_START = regex.compile(r"^[0-9０-９]")
#: what a line that goes on with the sentence of the line before starts with (a particle, punctuation)
CONTINUES = regex.compile(r"^[のをにがはとでへやもか、。，．）)」』】]")
MAX_UNIT_LINE = 24


def _unit_ending(book: LabelBook) -> regex.Pattern[str]:
    endings = sorted(book.words("department_unit_endings"), key=len, reverse=True)
    return regex.compile(r"(?:" + "|".join(regex.escape(e) for e in endings) + r")[）)]?$")


def _letter(ch: str) -> bool:
    return unicodedata.category(ch)[:1] in ("L", "N")


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def join_wrapped(lines: list[str]) -> str:
    """The lines of one cell as one value (see the module's rules)."""
    pieces = [line.strip() for line in lines if line and line.strip()]
    if len(pieces) < 2:
        return pieces[0] if pieces else ""
    dotted = pieces[0].startswith("・")
    unit_end = active_labels().derived("normalize.wrap.units", _unit_ending)
    out = pieces[0]
    for line in pieces[1:]:
        a, b = out[-1], line[0]
        if ITEM.match(line) or (line.startswith("・") and (dotted or a == "。")):
            out += "\n"
        elif NUMBER_END.search(out) and NUMBER_START.match(line):
            pass  # a number cut by the wrap
        elif (
            len(out.rsplit("\n", 1)[-1]) <= MAX_UNIT_LINE
            and unit_end.search(out)
            and not CONTINUES.match(line)
            and len(line) >= 2
        ):
            out += "\n"  # one department name, then another
        elif (_ascii_word(a) and _letter(b)) or (_letter(a) and _ascii_word(b)):
            out += " "
        out += line
    return out
