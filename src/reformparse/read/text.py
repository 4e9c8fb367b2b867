"""Reading converted-text reports (.txt, .md): encoding detection, line ends, blocks.

Lines keep the file's own 1-based numbering. Consecutive lines that hold a TAB form one TAB table;
consecutive lines that start with `|` form one pipe table (a `|---|` separator marks the header
above it). Every other non-blank line is a text block of its own. In Markdown (.md) an ATX heading
line (`## 1 基本方針`) becomes a text block without its `#` marks, carrying the heading level; list
lines (`- `, `* `, `1. `) keep their markers and lines inside ``` fences are never headings.
"""

from __future__ import annotations

import codecs
import hashlib
import html
from pathlib import Path

import regex

from ..blocks import Block, Row, SourceDoc
from ..cells import clean_cell
from ..errors import InputError
from .layout import aligned_tables

#: tried in this order after a BOM; the first that decodes strictly wins unless chardet breaks a tie
ENCODINGS = ("utf-8", "cp932", "euc_jp")

MD_HEADING = regex.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
MD_FENCE = regex.compile(r"^ {0,3}(`{3,}|~{3,})")

HTML_BREAK = regex.compile(r"<br\s*/?>|</?p\b[^>]*>|</?li\b[^>]*>", regex.IGNORECASE)
HTML_TAG = regex.compile(r"<[^<>]{1,200}>")
#: control characters other than tab and the line and page breaks
CONTROL_CHARS = regex.compile(r"[\x00-\x08\x0e-\x1f]")
PIPE_SEPARATOR = regex.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode bytes of a Japanese text file; returns (text, encoding used)."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"{name}: cannot be decoded as {encoding}: {exc}") from None
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            raise InputError(f"{name}: starts with a UTF-8 BOM but is not valid UTF-8") from None
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), "utf-16"
            except UnicodeDecodeError:
                raise InputError(f"{name}: starts with a UTF-16 BOM but is not valid UTF-16") from None
    if b"\x00" in data:
        raise InputError(f"{name}: looks binary (contains NUL bytes); expected a text or PDF report")
    candidates: list[tuple[str, str]] = []
    for enc in ENCODINGS:
        try:
            candidates.append((enc, data.decode(enc)))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise InputError(
            f"{name}: not text in UTF-8, Shift_JIS (CP932) or EUC-JP; use --encoding to say which"
        )
    if len(candidates) > 1 and candidates[0][0] != "utf-8":
        # cp932 and euc_jp can both decode short inputs; let chardet break the tie
        try:
            import chardet

            guess = (chardet.detect(data).get("encoding") or "").lower().replace("-", "_")
        except Exception:  # pragma: no cover - chardet is optional at run time
            guess = ""
        for enc, text in candidates:
            if (enc == "euc_jp" and "euc" in guess) or (
                enc == "cp932" and ("shift" in guess or "932" in guess)
            ):
                return text, enc
    enc, text = candidates[0]
    if _looks_binary(text):
        raise InputError(f"{name}: looks binary (control characters); expected a text or PDF report")
    return text, enc


def _looks_binary(text: str) -> bool:
    """Many control characters other than tab/newline: not a report."""
    sample = text[:20000]
    if not sample:
        return False
    controls = len(CONTROL_CHARS.findall(sample))
    return controls > max(8, len(sample) // 200)


def split_lines(text: str) -> list[str]:
    """Split on CRLF, CR or LF (not on the other separators str.splitlines knows)."""
    return regex.split(r"\r\n|\r|\n", text)


def is_pipe_row(line: str) -> bool:
    """A Markdown pipe-table row."""
    stripped = line.strip()
    if stripped.count("|") < 2:
        return False
    # `| a | b |`, or without the opening bar as some converters write it: `a | b |`, `a | b | c`
    return stripped.startswith("|") or stripped.endswith("|") or stripped.count(" | ") >= 2


def pipe_cells(line: str) -> list[str]:
    """Cells of a pipe row, without the outer pipes; `\\|` stays a literal bar."""
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    return [cell.replace("\\|", "|").strip() for cell in regex.split(r"(?<!\\)\|", stripped)]


def indent_of(line: str) -> int:
    """The width of a line's leading spaces (a full-width space counts two, a TAB four)."""
    lead = line[: len(line) - len(line.lstrip(" \u3000\t\f\v"))]
    return sum(2 if ch == "\u3000" else 4 if ch == "\t" else 1 if ch == " " else 0 for ch in lead)


def lines_to_blocks(lines: list[str], page: int | None = None) -> list[Block]:
    """Group source lines into text and table blocks (line numbers 1-based)."""
    blocks: list[Block] = []
    current: Block | None = None
    for index, line in enumerate(lines):
        number = index + 1
        if not line.strip(" \t\u3000\f\v"):
            current = None
            continue
        if "|" in line and is_pipe_row(line):
            if PIPE_SEPARATOR.match(line):
                if current is not None and current.style == "pipe" and current.header_rows is None:
                    current.header_rows = len(current.rows)
                    current.end_line = number
                    continue
                if current is not None and current.style == "pipe":
                    current.end_line = number
                    continue
            if current is None or current.style != "pipe":
                current = Block("table", number, number, page=page, style="pipe")
                blocks.append(current)
            current.rows.append(Row([clean_cell(c) for c in pipe_cells(line)], number, page))
            current.end_line = number
            continue
        if "\t" in line:
            if current is None or current.style != "tab":
                current = Block("table", number, number, page=page, style="tab")
                blocks.append(current)
            if "<" in line or "&" in line:
                cells = [clean_cell(cell) for cell in line.split("\t")]
            else:  # clean_cell's own shortcut for plain text, without a call per cell
                cells = [cell.strip(" \u3000") for cell in line.split("\t")]
            current.rows.append(Row(cells, number, page))
            current.end_line = number
            continue
        current = None
        if HTML_BREAK.search(line):
            # text with HTML left in it (<br>, <strong>, &nbsp;): one block per line the page showed
            for part in HTML_BREAK.split(line):
                shown = html.unescape(HTML_TAG.sub("", part)).replace("\xa0", " ").strip(" \u3000\t\f\v")
                if shown:
                    blocks.append(Block("text", number, number, page=page, text=shown))
            continue
        text = line.strip(" \u3000\t\f\v")
        blocks.append(Block("text", number, number, page=page, text=text, indent=indent_of(line)))
    return blocks


def markdown_headings(blocks: list[Block], lines: list[str]) -> None:
    """Mark ATX heading lines (`#` to `######`) as headings: the marks go, the level stays."""
    fenced: set[int] = set()
    fence: str | None = None
    for number, line in enumerate(lines, 1):
        found = MD_FENCE.match(line)
        if fence is None and found:
            fence = found.group(1)
            fenced.add(number)
        elif fence is not None:
            fenced.add(number)
            if found and found.group(1)[0] == fence[0] and len(found.group(1)) >= len(fence):
                fence = None
    for block in blocks:
        if block.kind != "text" or block.start_line in fenced or not block.text.startswith("#"):
            continue
        found = MD_HEADING.match(lines[block.start_line - 1])
        if found is None:
            continue
        text = (found.group(2) or "").strip(" \u3000\t")
        if text:
            block.text = text
            block.heading_level = len(found.group(1))


def read_text(
    path: Path | None, *, data: bytes | None = None, name: str | None = None, encoding: str | None = None
) -> SourceDoc:
    """Read a .txt/.md report from `path` (or from `data` for stdin) into blocks."""
    display = name or (str(path) if path else "<stdin>")
    if data is None:
        assert path is not None
        data = read_bytes(path)
    text, used = decode(data, display, encoding)
    lines = split_lines(text)
    if lines and lines[-1] == "":
        lines.pop()
    is_markdown = bool(path and path.suffix.lower() in (".md", ".markdown"))
    blocks = lines_to_blocks(lines)
    if is_markdown:
        markdown_headings(blocks, lines)
    blocks = aligned_tables(blocks, lines)
    content = [(None, i + 1) for i, line in enumerate(lines) if line.strip(" \t\u3000\f\v")]
    return SourceDoc(
        blocks=blocks,
        name=Path(display).name if path else display,
        path=str(path) if path else None,
        sha256=hashlib.sha256(data).hexdigest(),
        format="markdown" if is_markdown else "text",
        encoding=used,
        line_count=len(lines),
        content_lines=content,
    )


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or an InputError that says why not."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory; use `reformparse batch` for folders")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
