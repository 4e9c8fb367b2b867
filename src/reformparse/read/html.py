"""Reading saved web pages (.html/.htm) into blocks, with lxml (libxml2's forgiving HTML parser).

lxml was chosen for its speed (about 35 ms to parse and walk a 1 MB page, against 1.4 s for
html5lib), for recovering from broken HTML (unclosed tags, stray cells) and because it is the only
fast parser that knows each element's source line (`sourceline`), which spans and coverage need.

What becomes a block:

- dropped, with their content: <script>, <style>, <noscript>, <template>, <head>, comments, form
  controls, elements marked `hidden`, and the page chrome: <nav>, a page-level <header>/<footer>
  (not one inside <article>/<main>/<section>/<aside>) and elements with role navigation, banner or
  contentinfo;
- h1-h6: one text block with `heading_level` (lines joined by a space);
- <ul>/<ol>: one text block per <li>, starting with `・` (ul) or `1. `, `2. `… (ol, `start` and
  `value` honoured), so that list recognizers see list lines;
- <table>: one table block (style "html"): rowspan and colspan expanded to a full grid; the text
  of a cell spanning rows is repeated in every body row it covers (so category columns carry
  down), while the cells a colspan covers, and rowspan cells inside header rows, are "" (the
  table stage carries an upper header label right itself); the leading rows that are all <th> (or
  in <thead>) are `header_rows`; a cell's lines (<br>, <p>, …) are joined with "\\n" and a table
  nested in a cell becomes lines of its cells joined by spaces; a table whose rows have one cell at
  most, or that holds headings, is page layout and is read as ordinary content; a <caption> is a
  text line above the table;
- everything else: a text block per line, lines being broken by <br> and by block elements
  (<p>, <div>, <dd>, <dt>, …); <pre> keeps its own line breaks.

Text: entities decoded, runs of white space collapsed to one space (a line break between two
Japanese characters is dropped, as browsers do), full-width spaces kept. Spans give HTML source
line numbers; `content_lines` lists every source line that yields text. libxml2 numbers lines up to
65,535; past that, lines are counted from the text read.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import regex
from lxml import etree

from ..blocks import Block, Row, SourceDoc
from ..errors import InputError
from ..models import Span
from .text import decode, split_lines

DROP_TAGS = frozenset(
    "script style noscript template head title meta link base iframe object embed canvas svg math "
    "select option optgroup button input textarea datalist".split()
)
CHROME_TAGS = frozenset(("nav",))
LANDMARK_TAGS = frozenset(("header", "footer"))
SECTIONING = frozenset(("article", "main", "section", "aside"))
CHROME_ROLES = frozenset(("navigation", "banner", "contentinfo"))
HEADINGS = {f"h{n}": n for n in range(1, 7)}
#: elements that end the line before them and after them
BLOCK_TAGS = frozenset(
    "html body address article aside blockquote center details dialog dir div dl dd dt fieldset "
    "figcaption figure footer form header hgroup hr li main menu nav ol p pre section summary ul "
    "legend caption table tr td th thead tbody tfoot".split()
) | frozenset(HEADINGS)
LINE_CAP = 65535
BREAK = "\n\x00"  # a <br> inside the pending text (never in real text: NUL is refused earlier)
WIDE = r"[\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\uff01-\uff60ー]"
JOINED_BREAK = regex.compile(r"(?<=" + WIDE + r")[ \t\f]*\n[ \t\n\f]*(?=" + WIDE + r")")
SPACES = regex.compile(r"[ \t\n\r\f\xa0]+")
META_CHARSET = regex.compile(
    rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", regex.IGNORECASE
)
XML_ENCODING = regex.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""")
#: declared charset names (lower case, "_" as "-") to the codec read with
CHARSET_ALIASES = {
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms-kanji": "cp932",
    "csshiftjis": "cp932",
    "windows-31j": "cp932",
    "cp932": "cp932",
    "ms932": "cp932",
    "euc-jp": "euc_jp",
    "x-euc-jp": "euc_jp",
    "iso-2022-jp": "iso2022_jp",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "utf-16": "utf-8",  # a byte stream declaring UTF-16 in ASCII is not UTF-16 (WHATWG)
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
}


def declared_charset(data: bytes) -> str | None:
    """The codec a `<meta charset>` (or an XML declaration) in the first 4 KB names, if known."""
    head = data[:4096]
    found = XML_ENCODING.match(head) or META_CHARSET.search(head)
    if not found:
        return None
    name = found.group(1).decode("ascii").lower().replace("_", "-")
    if name in CHARSET_ALIASES:
        return CHARSET_ALIASES[name]
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str, list[str]]:
    """(text, encoding used, notes): an explicit encoding, a BOM, the declared charset, else the
    text reader's detection."""
    if encoding or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, used = decode(data, name, encoding)
        return text, used, []
    declared = declared_charset(data)
    if declared and b"\x00" not in data:
        try:
            return data.decode(declared), declared, []
        except UnicodeDecodeError:
            pass
        try:
            text, used = decode(data, name)
        except InputError:
            text = data.decode(declared, errors="replace")
            return (
                text,
                declared,
                [f"{name}: not valid {declared} as its <meta charset> says; bad bytes replaced"],
            )
        return text, used, [f"{name}: declares {declared} but is {used}; read as {used}"]
    text, used = decode(data, name)
    return text, used, []


class _Reader:
    """Walks the parsed tree in document order, keeping the source line it is at."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.content: set[int] = set()
        self.line = 1
        #: pending inline text: (raw text, source line it starts on)
        self.parts: list[tuple[str, int]] = []
        self.muted = 0
        self.pre = 0
        #: while reading a heading or a list item: its level / marker, and lines join with a space
        self.heading: int | None = None
        self.marker: str | None = None
        self.joined = 0

    # --- text and lines -------------------------------------------------------------------

    def sync(self, element: etree._Element) -> None:
        line = element.sourceline
        if line and line < LINE_CAP:
            self.line = line

    def text(self, text: str | None) -> None:
        if not text:
            return
        if not self.muted and (self.parts or self.pre or not text.isspace()):
            if self.pre:
                text = text.replace("\n", BREAK)
            self.parts.append((text, self.line))
        self.line += text.count("\n")

    def flush(self) -> None:
        """The pending text as text blocks: one a line (one in all for a heading or list item)."""
        if not self.parts:
            return
        lines: list[list[tuple[str, int]]] = [[]]
        for text, line in self.parts:
            pieces = text.split(BREAK)
            for n, piece in enumerate(pieces):
                if n:
                    lines.append([])
                    line += 1
                lines[-1].append((piece, line))
                line += piece.count("\n")
        self.parts = []
        made: list[tuple[str, list[int]]] = []
        for parts in lines:
            text, numbers = _clean(parts)
            if text:
                made.append((text, numbers))
        if not made:
            return
        if self.joined:
            made = [(" ".join(t for t, _ in made), [n for _, ns in made for n in ns])]
        for text, numbers in made:
            if self.marker is not None:
                text, self.marker = self.marker + text, None
            self.content.update(numbers)
            self.blocks.append(
                Block("text", min(numbers), max(numbers), text=text, heading_level=self.heading)
            )

    # --- the walk -------------------------------------------------------------------------

    def children(self, element: etree._Element) -> None:
        self.text(element.text)
        for child in element:
            self.node(child)
            self.text(child.tail)

    def node(self, element: etree._Element) -> None:
        tag = element.tag
        if not isinstance(tag, str):  # a comment, processing instruction or entity
            self.sync(element)
            self.line += (element.text or "").count("\n") if tag is etree.Comment else 0
            return
        tag = tag.lower()
        self.sync(element)
        if _dropped(element, tag):
            self.muted += 1
            self.children(element)
            self.muted -= 1
            return
        if tag == "br":
            if not self.muted:
                self.parts.append((BREAK, self.line))
            return
        if tag not in BLOCK_TAGS:
            self.children(element)
            return
        self.flush()
        if tag == "table":
            self.table(element)
        elif tag in HEADINGS:
            self.heading, self.joined = HEADINGS[tag], self.joined + 1
            self.children(element)
            self.flush()
            self.heading, self.joined = None, self.joined - 1
        elif tag in ("ul", "ol", "menu", "dir"):
            self.list(element, ordered=tag == "ol")
        elif tag == "pre":
            self.pre += 1
            self.children(element)
            self.pre -= 1
        else:
            self.children(element)
        self.flush()

    def list(self, element: etree._Element, ordered: bool) -> None:
        number = _int(element.get("start"), 1)
        self.text(element.text)
        for child in element:
            if isinstance(child.tag, str) and child.tag.lower() == "li" and not _dropped(child, "li"):
                self.sync(child)
                self.flush()
                number = _int(child.get("value"), number)
                saved = self.marker
                self.marker, self.joined = (f"{number}. " if ordered else "・"), self.joined + 1
                self.children(child)
                self.flush()
                self.marker, self.joined = saved, self.joined - 1
                number += 1
            else:
                self.node(child)
            self.text(child.tail)

    def table(self, element: etree._Element) -> None:
        rows = _rows(element)
        if _is_layout(element, rows):
            self.children(element)
            return
        for child in element:
            if isinstance(child.tag, str) and child.tag.lower() == "caption":
                self.node(child)
        self.flush()
        carried: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text)
        made: list[tuple[Row, bool]] = []
        for tr, in_head in rows:
            row, is_header = self.row(tr, in_head, carried, made[-1][1] if made else False)
            made.append((row, is_header))
        # rows left empty (spacers) are dropped; rows are padded to the table's width
        made = [(row, head) for row, head in made if any(c.strip() for c in row.cells)]
        width = max((len(row.cells) for row, _ in made), default=0)
        if not made or width == 0:
            return
        header = next((n for n, (_, is_header) in enumerate(made) if not is_header), len(made))
        block_rows = [row for row, _ in made]
        for row in block_rows:
            row.cells.extend([""] * (width - len(row.cells)))
        self.blocks.append(
            Block(
                "table",
                min(r.line for r in block_rows),
                max(r.end_line or r.line for r in block_rows),
                rows=block_rows,
                style="html",
                header_rows=header or None,
            )
        )

    def row(
        self, tr: etree._Element, in_head: bool, carried: dict[int, tuple[int, str]], after_header: bool
    ) -> tuple[Row, bool]:
        """One <tr> as a full row of the grid, and whether it is a header row. `carried` holds the
        cells of rows above that span into this one (their text is repeated in body rows)."""
        self.sync(tr)
        start = self.line
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        row: dict[int, str] = {}
        numbers: list[int] = []
        opened: list[tuple[int, int, int, str]] = []
        column = 0
        for cell in cells:
            while column in carried:
                column += 1
            text, cell_lines = self.cell(cell)
            numbers.extend(cell_lines)
            width = min(max(_int(cell.get("colspan"), 1), 1), 1000)
            height = max(_int(cell.get("rowspan"), 1), 0)
            row.update((column + k, "") for k in range(1, width))
            row[column] = text
            if height != 1:
                opened.append((column, width, height, text))
            column += width
        is_header = in_head or (all(c.tag.lower() == "th" for c in cells) if cells else after_header)
        for col, (left, text) in list(carried.items()):
            row[col] = "" if is_header else text
            if left <= 1:
                del carried[col]
            else:
                carried[col] = (left - 1, text)
        for col, width, height, text in opened:
            left = height - 1 if height else 65534  # rowspan=0: to the end of the table
            carried.update((col + k, (left, text if k == 0 else "")) for k in range(width))
        first, last = (min(numbers), max(numbers)) if numbers else (start, start)
        return Row(
            [row.get(c, "") for c in range(max(row) + 1 if row else 0)], first, end_line=last
        ), is_header

    def cell(self, cell: etree._Element) -> tuple[str, list[int]]:
        """A cell's text (lines joined with "\\n") and the source lines it came from."""
        self.sync(cell)
        if len(cell) == 0:  # text only: the common case, read directly
            raw = cell.text or ""
            text, numbers = _clean([(raw, self.line)]) if not self.muted else ("", [])
            self.line += raw.count("\n")
            self.content.update(numbers)
            return text, numbers
        saved = (self.blocks, self.parts, self.heading, self.marker, self.joined)
        self.blocks, self.parts, self.heading, self.marker, self.joined = [], [], None, None, 0
        self.children(cell)
        self.flush()
        made = self.blocks
        self.blocks, self.parts, self.heading, self.marker, self.joined = saved
        lines: list[str] = []
        numbers: list[int] = []
        for block in made:
            if block.kind == "table":
                for row in block.rows:
                    text = " ".join(c.replace("\n", " ") for c in row.cells if c.strip())
                    if text:
                        lines.append(text)
                    numbers.extend((row.line, row.end_line or row.line))
            else:
                lines.append(block.text)
                numbers.extend((block.start_line, block.end_line))
        return "\n".join(lines), numbers


def _clean(parts: list[tuple[str, int]]) -> tuple[str, list[int]]:
    """One line's text (white space collapsed) and the source lines holding its characters."""
    numbers: list[int] = []
    for text, line in parts:
        for n, piece in enumerate(text.split("\n")):
            if piece.strip(" \t\r\f\xa0"):
                numbers.append(line + n)
    if not numbers:
        return "", []
    raw = "".join(text for text, _ in parts)
    raw = JOINED_BREAK.sub("", raw)
    text = SPACES.sub(" ", raw).strip(" \u3000")
    return text, numbers


def _int(value: str | None, default: int) -> int:
    if value is None:
        return default
    try:
        return int((value or "").strip())
    except ValueError:
        return default


def _dropped(element: etree._Element, tag: str) -> bool:
    """Content nobody reads (scripts, styles, forms) or page chrome (navigation, banner, footer)."""
    if tag in DROP_TAGS or tag in CHROME_TAGS or element.get("hidden") is not None:
        return True
    if (element.get("role") or "").strip().lower() in CHROME_ROLES:
        return True
    if tag in LANDMARK_TAGS:
        return not any(
            isinstance(a.tag, str) and a.tag.lower() in SECTIONING for a in element.iterancestors()
        )
    return False


def _rows(table: etree._Element) -> list[tuple[etree._Element, bool]]:
    """The table's own rows (not those of a nested table) and whether each is in <thead>."""
    out: list[tuple[etree._Element, bool]] = []
    for child in table:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.lower()
        if tag == "tr":
            out.append((child, False))
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(
                (tr, tag == "thead") for tr in child if isinstance(tr.tag, str) and tr.tag.lower() == "tr"
            )
    return out


def _is_layout(table: etree._Element, rows: list[tuple[etree._Element, bool]]) -> bool:
    """A table used for page layout: one cell a row at most, role=presentation, or headings inside."""
    if (table.get("role") or "").strip().lower() in ("presentation", "none"):
        return True
    widths = [
        sum(1 for c in tr if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")) for tr, _ in rows
    ]
    if max(widths, default=0) <= 1:
        return True
    return any(True for _ in table.iter(*HEADINGS))


def read_html(
    path: Path | None, data: bytes, encoding: str | None = None, *, name: str | None = None
) -> SourceDoc:
    """Read a saved web page into blocks (see the module's docstring for what becomes what)."""
    display = name or (str(path) if path else "<stdin>")
    text, used, notes = decode_html(data, display, encoding)
    lines = split_lines(text)
    if lines and lines[-1] == "":
        lines.pop()
    source = "\n".join(lines)
    reader = _Reader()
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=False)
    root = etree.fromstring(source.encode("utf-8"), parser) if source.strip() else None
    if root is not None:
        reader.node(root)
        reader.flush()
    doc = SourceDoc(
        blocks=reader.blocks,
        name=Path(display).name if path else display,
        path=str(path) if path else None,
        sha256=hashlib.sha256(data).hexdigest(),
        format="html",
        encoding=used,
        line_count=len(lines),
        content_lines=[(None, n) for n in sorted(reader.content)],
    )
    for message in notes:
        doc.notes.append(("html-encoding", message, None))
    for error in parser.error_log:
        if "Excessive depth" in error.message:
            doc.notes.append(
                (
                    "html-too-deep",
                    f"{doc.name}: elements nested more than 255 deep at line {error.line}; "
                    "the rest of the page was not read",
                    Span(start_line=error.line, end_line=error.line),
                )
            )
            break
    return doc
