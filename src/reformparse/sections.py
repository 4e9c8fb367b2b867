"""Headings and the section tree.

A heading is a short text line that starts with a numbering marker (第1, 1, (1), ①, ア, Ⅰ, No.1,
or a word followed by a number such as 行財政改革の視点1 / 基本方針 I). Nesting follows the order in
which marker styles open: a style already open closes everything below it (a sibling); a style not
open yet nests under the innermost open heading. A heading repeated with the same marker and a
similar title (a page title printed on every page) re-enters the open section instead of making a
new one. A table of contents (目次) is read as such and never becomes the heading tree.

A block whose format marks it as a heading (`Block.heading_level`: HTML h1-h6, Markdown `#`) is a
heading with or without a number; such headings nest by their level among themselves (a level
closes every open leveled heading of the same or a deeper level), and numbered headings under them
nest as above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

import regex

from .blocks import Block
from .labels import LabelBook
from .models import Section, Span
from .normalize.text import ascii_digits

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟"
ROMAN_UPPER = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
ROMAN_ASCII = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
KANJI_DIGITS = "〇一二三四五六七八九十"
KATAKANA_ORDER = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"

SP = r"[ \u3000]"
NUM = r"[0-9０-９]{1,3}"
ROMAN = r"(?:[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|X|IX|IV|V?I{1,3}|V)"

#: (style, pattern); the pattern's groups are (marker, title)
MARKERS: list[tuple[str, regex.Pattern[str]]] = [
    ("md", regex.compile(r"^(#{1,6})" + SP + r"+(.+)$")),
    (
        "dai",
        regex.compile(
            r"^(第(?:" + NUM + r"|[〇一二三四五六七八九十]{1,3})(?:章|節|編|部)?)(?:" + SP + r"+(.*)|$)"
        ),
    ),
    ("no", regex.compile(r"^((?:No|NO|no|Ｎｏ)[.．]?" + SP + r"*" + NUM + r")(?:" + SP + r"*(.*))$")),
    ("paren", regex.compile(r"^([(（]" + NUM + r"[)）])" + SP + r"*(.*)$")),
    (
        "paren-kana",
        regex.compile(r"^([(（][アイウエオカキクケコサシスセソタチツテト][)）])" + SP + r"*(\S.*)$"),
    ),
    ("circled", regex.compile(r"^([" + CIRCLED + r"])" + SP + r"*(.*)$")),
    ("roman", regex.compile(r"^(" + ROMAN + r")(?:[.．、]|" + SP + r")+(.+)$|^(" + ROMAN + r")$")),
    # 2-1, 4-1 :, 1.2.3 — a number within a numbered part
    (
        "multi",
        regex.compile(rf"^({NUM}(?:[-－‐.．]{NUM}){{1,3}})(?:{SP}*[:：]{SP}*|{SP}+)(\S.*)$"),
    ),
    ("num", regex.compile(r"^(" + NUM + r")(?:[.．]" + SP + r"*|" + SP + r"+)(\S.*)$")),
    ("kana", regex.compile(r"^([アイウエオカキクケコサシスセソタチツテト])" + SP + r"+(\S.*)$")),
]

TOC_TITLE = regex.compile(r"^[目][ \u3000]*[次録]$|^もくじ$|^目次[ \u3000]*[:：]?$")
#: a page number ending a table-of-contents line (dot leaders, spaces); each run of leaders is taken
#: whole (possessive), so that a long run cannot be split in every possible way, and tried from its
#: start only (a start inside a run of leaders would find the same end): linear on long runs
PAGE_REF = regex.compile(
    r"(?<![ \u3000\t])(?<![.．・…‥]{2})(?:[.．・…‥]{2,}+|[ \u3000\t]++)+(?:[PpＰｐ][.．]?" + SP + r"*)?"
    r"[0-9０-９ ]{1,5}$|^[0-9０-９]{1,4}$"
)
#: PAGE_REF is looked for in the last characters of a line only (a page reference is short)
PAGE_REF_WINDOW = 120


def page_ref(text: str) -> regex.Match[str] | None:
    """The page reference ending a line (PAGE_REF), searched in its last PAGE_REF_WINDOW characters."""
    return PAGE_REF.search(text, max(0, len(text) - PAGE_REF_WINDOW))


NOT_HEADING_END = regex.compile(r"[。、，,：:]$")
#: a part of a document named in brackets in its table of contents (【本編】, 【資料編】)
PART = regex.compile(r"[【［\[][^】］\]]{1,12}編[】］\]]")
MAX_HEADING_CHARS = 60


@dataclass(slots=True)
class Heading:
    """A heading found on a text block."""

    style: str
    marker: str | None
    title: str
    block_index: int
    span: Span
    title_block: int | None = None
    #: the level the format gave it (Block.heading_level); its style is then "h<level>"
    level: int | None = None


@dataclass(slots=True)
class TocEntry:
    """One line of a table of contents."""

    style: str | None
    marker: str | None
    title: str
    page: str | None
    span: Span


@dataclass
class SectionTree:
    """Result of the section stage."""

    sections: list[Section]
    #: for each block index: the open sections, outermost first
    paths: list[tuple[Section, ...]]
    headings: dict[int, Heading]
    toc: list[TocEntry] = field(default_factory=list)
    toc_blocks: set[int] = field(default_factory=set)
    #: text blocks that are page titles repeated on later pages
    repeated_blocks: set[int] = field(default_factory=set)


#: a space between two Japanese letters (実 施 計 画)
LETTER_SPACE = regex.compile(
    r"(?<=\p{Han}|\p{Hiragana}|\p{Katakana})[ \u3000](?=\p{Han}|\p{Hiragana}|\p{Katakana})"
)


def strip_spaces(text: str) -> str:
    """Fold spaced-out letters (実 施 計 画) and trim."""
    return LETTER_SPACE.sub("", text).strip()


def match_heading(text: str, prefixes: regex.Pattern[str] | None) -> tuple[str, str, str] | None:
    """(style, marker, title) when the line starts with a numbering marker, else None."""
    line = text.strip(" \u3000")
    if not line or len(line) > MAX_HEADING_CHARS + 8:
        return None
    if prefixes is not None:
        found = prefixes.match(line)
        if found:
            word, number, title = found.group(1), found.group(2), (found.group(3) or "").strip(" \u3000")
            return "prefix:" + word, word + number, title
    for style, pattern in MARKERS:
        found = pattern.match(line)
        if not found:
            continue
        groups = [g for g in found.groups()]
        marker = groups[0] if groups[0] is not None else groups[2] if len(groups) > 2 else None
        title = (groups[1] or "").strip(" \u3000") if len(groups) > 1 and groups[1] is not None else ""
        if marker is None:
            continue
        if style == "dai" and title.startswith(("次", "回", "期")):
            return None
        if title and (NOT_HEADING_END.search(title) or "。" in title or len(title) > MAX_HEADING_CHARS):
            return None
        if style in ("num", "kana", "roman") and not title:
            if style != "roman":
                return None
        if style == "num" and regex.match(r"^[0-9０-９,，.．%％]", title):
            return None
        return style, marker.strip(" \u3000"), title
    return None


def _similar(a: str, b: str) -> bool:
    a, b = strip_spaces(a), strip_spaces(b)
    if a == b:
        return True
    if not a or not b:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.8


def _is_toc_line(block: Block) -> bool:
    if block.kind == "table":
        rows = [row for row in block.rows if any(c.strip() for c in row.cells)]
        if not rows:
            return False
        for row in rows:
            filled = [c for c in row.cells if c.strip()]
            if len(filled) > 3:
                return False
            if len(filled) > 1 and not regex.fullmatch(
                r"[PpＰｐ]?[.．]?\s*[0-9０-９ ]{1,5}", filled[-1].strip()
            ):
                return False
        return True
    text = block.text.strip(" \u3000")
    return bool(page_ref(text) or text.startswith(("- ", "・", "【")) or regex.fullmatch(r"【.+】", text))


def _toc_entry(text: str, page: str | None, span: Span, prefixes: regex.Pattern[str] | None) -> TocEntry:
    text = text.strip(" \u3000").removeprefix("- ").strip()
    if page is None:
        found = page_ref(text)
        if found and found.start() > 0:
            page = regex.sub(r"[^0-9０-９]", "", found.group(0)) or None
            text = text[: found.start()]
    text = text.rstrip(" .．・…‥\u3000\t")
    heading = match_heading(text, prefixes)
    if heading:
        return TocEntry(heading[0], heading[1], heading[2], page, span)
    return TocEntry(None, None, text, page, span)


def build_sections(blocks: list[Block], labels: LabelBook) -> SectionTree:
    """Find headings and the table of contents; give every block its open sections."""
    prefixes = labels.heading_prefix_pattern()
    headings: dict[int, Heading] = {}
    toc: list[TocEntry] = []
    toc_blocks: set[int] = set()
    repeated: set[int] = set()
    text_seen: dict[str, int] = {}

    index = 0
    in_toc = False
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "text" and TOC_TITLE.match(strip_spaces(block.text)):
            in_toc = True
            toc_blocks.add(index)
            index += 1
            continue
        if in_toc:
            if _is_toc_line(block):
                toc_blocks.add(index)
                if block.kind == "table":
                    for row in block.rows:
                        filled = [c for c in row.cells if c.strip()]
                        if not filled:
                            continue
                        page = filled[-1] if len(filled) > 1 else None
                        toc.append(_toc_entry(filled[0], page, row.span(), prefixes))
                else:
                    toc.append(_toc_entry(block.text, None, block.span(), prefixes))
                index += 1
                continue
            in_toc = False
        if block.kind == "text":
            key = strip_spaces(block.text)
            if key in text_seen and len(key) <= 120:
                repeated.add(index)
            else:
                text_seen.setdefault(key, index)
            found = match_heading(block.text, prefixes)
            level = block.heading_level
            if level is not None and block.text.strip(" \u3000"):
                if found is None or found[0] == "md":
                    found = ("", None, block.text.strip(" \u3000"))
                found = (f"h{level}", found[1], found[2])
            if found:
                style, marker, title = found
                heading = Heading(style, marker, title, index, block.span(), level=level)
                if not title and index + 1 < len(blocks):
                    nxt = blocks[index + 1]
                    if (
                        nxt.kind == "text"
                        and nxt.heading_level is None
                        and match_heading(nxt.text, prefixes) is None
                        and len(nxt.text) <= MAX_HEADING_CHARS
                        and "。" not in nxt.text
                    ):
                        heading.title = nxt.text.strip(" \u3000")
                        heading.title_block = index + 1
                        heading.span = Span(
                            start_line=block.start_line, end_line=nxt.end_line, page=block.page
                        )
                        index += 1
                headings[heading.block_index] = heading
                repeated.discard(heading.block_index)
        index += 1

    _drop_title_heading(blocks, headings)
    part_starts = _parts(blocks, headings, toc, toc_blocks)
    sections: list[Section] = []
    stack: list[tuple[str, Heading, Section]] = []
    paths: list[tuple[Section, ...]] = []
    counter = 0
    shadow: list[tuple[str, Heading, Section]] | None = None
    for index in range(len(blocks)):
        heading = headings.get(index)
        if heading is not None and shadow is not None and len(stack) < len(shadow):
            # after a repeated page heading, the headings below it may repeat too
            open_style, open_heading, open_section = shadow[len(stack)]
            if (
                open_style == heading.style
                and open_heading.marker == heading.marker
                and _similar(open_heading.title, heading.title)
            ):
                stack.append(shadow[len(stack)])
                repeated.add(index)
                paths.append(tuple(entry[2] for entry in stack))
                continue
            shadow = None
        if index in part_starts:
            entry = part_starts[index]
            counter += 1
            section = Section(key=f"s{counter}", number=None, title=entry.title, level=1, span=entry.span)
            sections.append(section)
            stack = [("part", Heading("part", None, entry.title, index, entry.span), section)]
            shadow = None
            if heading is not None and heading.style == "part":
                paths.append(tuple(e[2] for e in stack))
                continue
        if heading is not None:
            if heading.level is not None:
                levels = [entry[1].level for entry in stack]
                depth = next(
                    (i for i, lv in enumerate(levels) if lv is not None and lv >= heading.level), None
                )
            else:
                depth = _depth_of(stack, heading)
            if depth is not None:
                open_style, open_heading, open_section = stack[depth]
                if (
                    open_style == heading.style
                    and open_heading.marker == heading.marker
                    and _similar(open_heading.title, heading.title)
                ):
                    # a repeated page heading: re-enter the open section
                    shadow = list(stack)
                    del stack[depth + 1 :]
                    open_section.span = Span(
                        start_line=open_section.span.start_line,
                        end_line=max(open_section.span.end_line, heading.span.end_line),
                        page=open_section.span.page,
                    )
                    repeated.add(index)
                    paths.append(tuple(entry[2] for entry in stack))
                    continue
                del stack[depth:]
            shadow = None
            counter += 1
            section = Section(
                key=f"s{counter}",
                number=heading.marker,
                title=strip_title(heading.title),
                level=len(stack) + 1,
                span=heading.span,
            )
            (stack[-1][2].children if stack else sections).append(section)
            stack.append((heading.style, heading, section))
        paths.append(tuple(entry[2] for entry in stack))
    return SectionTree(sections, paths, headings, toc, toc_blocks, repeated)


def _depth_of(stack: list[tuple[str, Heading, Section]], heading: Heading) -> int | None:
    """Where a numbered heading closes the open ones: at the open heading of its style that it
    follows (4 → 5), else — when its numbering starts again (1 under I, after 4) below headings of other
    styles — nowhere (it opens a level under them), else at the first open heading of its style."""
    same = [depth for depth, entry in enumerate(stack) if entry[0] == heading.style]
    if not same:
        return None
    for depth in same:
        if _similar(stack[depth][1].title, heading.title) and stack[depth][1].marker == heading.marker:
            return depth  # a heading repeated on a later page
    number = _ordinal(heading.marker)
    if number is not None:
        following = [depth for depth in same if _ordinal(stack[depth][1].marker) == number - 1]
        if following:
            return following[-1]
        if number == 1 and same[-1] < len(stack) - 1:
            return None
    return same[0]


def _ordinal(marker: str | None) -> int | None:
    """The number a heading's marker counts (② → 2, Ⅳ → 4), or None."""
    number = marker_number(marker)
    return int(number) if number is not None and number.isdigit() else None


def _parts(
    blocks: list[Block], headings: dict[int, Heading], toc: list[TocEntry], toc_blocks: set[int]
) -> dict[int, TocEntry]:
    """The block where each part of a document in parts begins (【本編】, 【資料編】: bracketed lines of
    its table of contents). A part printed again in the body begins at that line (which becomes a
    heading of style "part"); the first part, when it is not printed again, begins at the first heading
    after the table of contents."""
    parts = [entry for entry in toc if entry.style is None and PART.fullmatch(entry.title.strip())]
    if len(parts) < 2 or not toc_blocks:
        return {}
    after_toc = max(toc_blocks) + 1
    lines: dict[str, int] = {}
    for index in range(after_toc, len(blocks)):
        if blocks[index].kind == "text":
            lines.setdefault(strip_spaces(blocks[index].text), index)
    starts: dict[int, TocEntry] = {}
    for position, entry in enumerate(parts):
        name = entry.title.strip("【】［］[] \u3000")
        index = lines.get(strip_spaces(entry.title))
        if index is not None:
            starts[index] = TocEntry("part", None, name, None, blocks[index].span())
        elif position == 0:
            first = next((i for i in sorted(headings) if i >= after_toc), None)
            if first is not None:
                starts[first] = TocEntry("part", None, name, None, entry.span)
    if len(starts) < 2:
        return {}
    for index, entry in starts.items():
        if strip_spaces(blocks[index].text) in {strip_spaces(p.title) for p in parts}:
            headings[index] = Heading("part", None, entry.title, index, entry.span)
    return starts


def _drop_title_heading(blocks: list[Block], headings: dict[int, Heading]) -> None:
    """The document's first line, an unnumbered heading alone at the top level its format gives
    (a page's one <h1>, a Markdown file's one `#`), is the document's title, not a section."""
    leveled = [h for h in headings.values() if h.level is not None]
    if not leveled:
        return
    top = min(h.level or 0 for h in leveled)
    tops = [h for h in leveled if h.level == top]
    first = next((i for i, block in enumerate(blocks) if block.kind == "text"), None)
    if len(tops) == 1 and tops[0].block_index == first and tops[0].marker is None:
        del headings[first]


def strip_title(title: str) -> str:
    """A heading title as printed, spaced-out letters folded."""
    return strip_spaces(title)


def marker_number(marker: str | None) -> str | None:
    """The number a marker prints, digits in ASCII: ① → 1, (３) → 3, No.1 → 1, Ⅱ → 2, イ → 2."""
    if not marker:
        return None
    marker = marker.strip()
    if len(marker) == 1 and marker in CIRCLED:
        return str(CIRCLED.index(marker) + 1)
    if len(marker) == 1 and marker in ROMAN_UPPER:
        return str(ROMAN_UPPER.index(marker) + 1)
    digits = regex.search(r"[0-9０-９]+", marker)
    if digits:
        return str(int(ascii_digits(digits.group(0))))
    roman = regex.search(r"(IX|X|IV|V?I{1,3}|V|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])$", marker)
    if roman:
        token = roman.group(1)
        if token in ROMAN_UPPER:
            return str(ROMAN_UPPER.index(token) + 1)
        return str(ROMAN_ASCII.index(token) + 1)
    bare = marker.strip("()（）")
    if len(bare) == 1 and bare in KATAKANA_ORDER:
        return str(KATAKANA_ORDER.index(bare) + 1)
    kanji = regex.search(r"[〇一二三四五六七八九十]+", marker)
    if kanji:
        return str(_kanji_small(kanji.group(0)))
    return marker


def _kanji_small(text: str) -> int:
    value = 0
    if "十" in text:
        head, _, tail = text.partition("十")
        value = (KANJI_DIGITS.index(head) if head else 1) * 10
        text = tail
    return value + (KANJI_DIGITS.index(text) if text else 0)
