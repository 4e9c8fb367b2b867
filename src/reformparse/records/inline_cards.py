"""A whole card on one line (a digital book's page, a PDF copied as one paragraph):
`基本方針2 … (1) … 取組No.7 title 所管課：… 現状と 課題 … 取組 内容 … スケジュール 令和4年度 検討 … 評価 B`.

Known labels are found in the line even where the conversion broke them with spaces (現状と 課題);
at least `MIN_LABELS` different ones make the line a card. The text before the first label is a
chain of numbered headings ending with the item's own number and title (改革の柱1 … (2) … カ title);
each label's value runs to the next label. A schedule value (令和4年度 検討 令和5年度 実施) gives the
years' phases.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..context import Context
from ..labels import LabelBook, label_key
from ..models import Initiative
from ..normalize import era, vocab
from ..tables import TableInfo
from .base import Reading, Recognizer
from .common import Draft, split_departments, to_initiative

MIN_LABELS = 3
MIN_LENGTH = 60
#: a line at least this long may wrap on to the next
WRAP_WIDTH = 25
#: a card wrapped over more lines than this is not read as one (bounds the work from every start)
MAX_PARAGRAPH_LINES = 40
PAGE_MARK = regex.compile(r"^[―—－-][ \u3000]*[0-9０-９]+[ \u3000]*[―—－-][ \u3000]*")
MARKER = regex.compile(
    r"^(?:(?:取組|取り組み)?(?:No|NO)[.．]?[0-9０-９]{1,4}|[(（][0-9０-９]{1,2}[)）]|[0-9０-９]{1,2}|[①-⑳]"
    r"|[アイウエオカキクケコサシスセソタチツテト]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])$"
)
YEAR_AND_WORD = regex.compile(
    r"((?:令和|平成|R|H)[ \u3000]*(?:[0-9０-９]{1,2}|元)[ \u3000]*年度)[ \u3000]+([^ \u3000]+)"
)


@dataclass(frozen=True)
class LabelHit:
    """A known label found in running text: where it starts and ends, and as printed."""

    start: int
    end: int
    text: str


TOKEN = regex.compile(r"[^ \u3000]+")
#: a label broken by spaces (現状と 課題, 戦略 ・ 取組の 方向性) spans at most this many words
MAX_LABEL_WORDS = 4
MAX_LABEL_CHARS = 12


def _labels(ctx: Context, text: str) -> list[tuple[LabelHit, str | None, str | None]]:
    """Known labels in a line, whole words (a label may be split by spaces, or end at a colon)."""
    book = ctx.labels
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    out: list[tuple[LabelHit, str | None, str | None]] = []
    index = 0
    while index < len(tokens):
        hit = None
        for width in range(min(MAX_LABEL_WORDS, len(tokens) - index), 0, -1):
            parts = tokens[index : index + width]
            words = "".join(word for _, _, word in parts)
            colon = regex.search(r"[:：]", words)
            if colon and colon.start() < len(words) - len(parts[-1][2]):
                continue  # a colon inside an earlier word: not one label
            label = words[: colon.start()] if colon else words
            if not 2 <= len(label_key(label)) <= MAX_LABEL_CHARS:
                continue
            name, role = book.exact(label)
            if name or role:
                end = parts[-1][0] + (len(parts[-1][2]) - (len(words) - len(label)))
                hit = (LabelHit(parts[0][0], end, label), name, role, width)
                break
        if hit is None:
            index += 1
            continue
        out.append(hit[:3])
        index += hit[3]
    return out


def _chain(head: str, book: LabelBook) -> list[tuple[str | None, str]]:
    """(marker, title) pairs of the numbered headings run together before the first label."""
    head = PAGE_MARK.sub("", head.strip())
    prefixes = book.heading_prefix_pattern()
    pairs: list[tuple[str | None, list[str]]] = []
    for token in head.split():
        prefixed = prefixes.match(token) if prefixes is not None else None
        if MARKER.match(token) or (prefixed and not prefixed.group(3)):
            pairs.append((token, []))
        elif pairs:
            pairs[-1][1].append(token)
        else:
            pairs.append((None, [token]))
    return [(marker, "".join(words)) for marker, words in pairs if words]


def _paragraph(ctx: Context, start: int) -> list[int]:
    """A block and the lines that wrap on from it: consecutive lines (no blank between), each but the
    last nearly as long as the first (a card wrapped at the page width, as pdftotext gives it)."""
    blocks = [start]
    width = len(ctx.blocks[start].text)
    while True:
        last = ctx.blocks[blocks[-1]]
        following = blocks[-1] + 1
        if following >= len(ctx.blocks) or len(last.text) < max(WRAP_WIDTH, 0.8 * width):
            return blocks
        if len(blocks) >= MAX_PARAGRAPH_LINES:
            return blocks
        block = ctx.blocks[following]
        if block.kind != "text" or following in ctx.consumed or block.start_line != last.end_line + 1:
            return blocks
        blocks.append(following)


def read_inline_cards(ctx: Context, tables: list[TableInfo] | None = None) -> Reading:
    """Initiatives printed as a whole card on one line (or on one wrapped paragraph)."""
    reading = Reading()
    index = 0
    while index < len(ctx.blocks):
        block = ctx.blocks[index]
        if block.kind != "text" or index in ctx.consumed or len(block.text) < WRAP_WIDTH:
            index += 1
            continue
        blocks = _paragraph(ctx, index)
        text = " ".join(ctx.blocks[i].text.strip() for i in blocks)
        labels = _labels(ctx, text)
        chain = _chain(text[: labels[0][0].start], ctx.labels) if labels else []
        distinct = len({label_key(f.text) for f, _, _ in labels})
        if len(text) < MIN_LENGTH or distinct < MIN_LABELS or not chain:
            # a wrapped paragraph with too few labels in all: none of its later lines starts a card
            index = blocks[-1] + 1 if distinct < MIN_LABELS and len(blocks) > 1 else index + 1
            continue
        reading.initiatives.append(_initiative(ctx, blocks, text, chain, labels))
        reading.blocks.update(blocks)
        index = blocks[-1] + 1
    return reading


def _initiative(
    ctx: Context,
    blocks: list[int],
    text: str,
    chain: list[tuple[str | None, str]],
    labels: list[tuple[LabelHit, str | None, str | None]],
) -> Initiative:
    block, index = ctx.blocks[blocks[0]], blocks[0]
    end = ctx.blocks[blocks[-1]].end_line
    draft = Draft(span_start=block.start_line, span_end=end, page=block.page, layout="inline-card")
    marker, draft.title = chain[-1]
    draft.id_raw = marker
    draft.section_path = [s.title for s in ctx.tree.paths[index]] + [title for _, title in chain[:-1]]
    for number, (found, name, role) in enumerate(labels):
        end = labels[number + 1][0].start if number + 1 < len(labels) else len(text)
        value = text[found.end : end].strip(" \u3000:：")
        label = found.text
        if role == "header" and not name:
            for year, word in YEAR_AND_WORD.findall(value):
                fiscal_year = era.fiscal_year(year)
                if fiscal_year:
                    entry = draft.year(fiscal_year)
                    entry.plan, entry.phase = word, vocab.phase_of(word)
        elif name == "grade":
            value = value.split()[0] if value.split() else value
        elif name == "departments":
            value = "、".join(unit.unit for unit in split_departments(value))
        draft.add_field(label, name, value)
    return to_initiative(draft, key="")


INLINE_CARDS = Recognizer(
    name="inline-card",
    reads="lines",
    read=read_inline_cards,
    detail=True,
    description="a whole card on one line: numbered headings, the item's number and title, then label/value pairs",
)
