"""Cell text: HTML fragments (<p>, <ul>, <li>, <br>) to plain text with line breaks and bullets."""

from __future__ import annotations

import html

import regex

TAG = regex.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)\b[^<>]{0,2000}?/?\s*>")
#: a run of spaces before a bullet, matched from the run's first space only (linear on long runs)
BULLET_RUN = regex.compile(r"(?<![ \u3000])[ \u3000]+(?=[・●○■□◆◇※])")
SPACE_RUN = regex.compile(r"[ \u3000\t]{2,}")


#: "・・text" from <li> around a printed bullet: the first ・ goes
DOUBLE_BULLET = regex.compile(r"^・[ \u3000]*(?=[・●○■□◆◇])")


def clean_cell(text: str) -> str:
    """Plain text of a cell: tags become line breaks or bullets, entities are decoded."""
    if "<" not in text and "&" not in text:
        return text.strip(" \u3000")
    in_list = False
    out: list[str] = []
    position = 0
    for found in TAG.finditer(text):
        out.append(text[position : found.start()])
        position = found.end()
        closing, name = found.group(1), found.group(2).lower()
        if name in ("ul", "ol"):
            in_list = not closing
            out.append("\n")
        elif name == "li":
            out.append("\n" if closing else "\n・")
        elif name in ("p", "br", "div", "tr"):
            out.append("\n")
        elif name in ("td", "th"):
            out.append(" ")
    out.append(text[position:])
    plain = html.unescape("".join(out))
    if in_list or "・" in plain:
        plain = BULLET_RUN.sub("\n", plain)
    lines = [SPACE_RUN.sub(" ", line).strip(" \u3000") for line in plain.split("\n")]
    lines = [line for line in lines if line]
    # "・・text" from <li> around a printed bullet
    lines = [DOUBLE_BULLET.sub("", line) for line in lines]
    return "\n".join(lines)
