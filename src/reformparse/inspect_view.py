"""`reformparse inspect FILE`: a view of what was read, for a person, readable at 80 columns.

A summary first (facts, counts, coverage, checks, warnings by code); then the section tree, every table with the recognizer that read it (or "unmapped"), how many initiatives
each record layout gave, the warnings, the checks that failed, coverage and — with `--unused` — the
source lines that nothing used (the place to look for a label to add with `--labels`).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text
from rich.tree import Tree

from .errors import ReformParseError
from .models import Document, Section, Span


def where(span: Span | None) -> str:
    """`12` for a text line, `p3:12` for line 12 of PDF page 3."""
    if span is None:
        return ""
    return f"p{span.page}:{span.start_line}" if span.page else str(span.start_line)


#: what the default view lists of each part; --all lists everything
SHOWN = {"tables": 10, "warnings": 10, "depth": 2}


def show(
    document: Document,
    console: Console,
    *,
    unused: bool = False,
    file: str | None = None,
    encoding: str | None = None,
    everything: bool = False,
) -> None:
    """Print the view of `document` (read from `file`) on `console`: a summary first, then the sections,
    tables, record layouts, warnings (sorted by line) and failed checks; `everything` lists all of them."""
    _header(document, console)
    console.print()
    console.print(section_tree(document, None if everything else SHOWN["depth"]))
    if document.tables:
        console.print(tables_table(document, None if everything else SHOWN["tables"]))
    else:
        console.print(Text("tables: none", style="dim"))
    console.print(records_table(document))
    _warnings(document, console, None if everything else SHOWN["warnings"])
    _checks(document, console)
    if not everything and _hidden(document):
        console.print(Text("(reformparse inspect --all shows every section, table and warning)", style="dim"))
    if unused:
        _unused(document, console, file, encoding)


def _hidden(document: Document) -> bool:
    """Whether the default view left something out."""
    deep = any(child.children for section in document.sections for child in section.children)
    return deep or len(document.tables) > SHOWN["tables"] or len(document.warnings) > SHOWN["warnings"]


def _header(document: Document, console: Console) -> None:
    source = document.source
    size = f"{source.pages} pages" if source.pages else f"{source.lines or 0} lines"
    console.print(Text(document.title or source.name, style="bold"))
    place = document.municipality or "-"
    if document.municipality_code:
        place += f" ({document.municipality_code}, {document.prefecture or '-'})"
    layouts = Counter(item.layout or "(none)" for item in document.initiatives)
    read = ", ".join(f"{layout} {n}" for layout, n in layouts.most_common())
    coverage = document.coverage
    unused = coverage.lines_total - coverage.lines_used - coverage.prose_lines
    failed = sum(1 for check in document.checks if not check.ok)
    codes = Counter(warning.code for warning in document.warnings)
    facts = [
        ("source", f"{source.name} ({source.format}, {source.encoding or '-'}, {size})"),
        ("municipality", place),
        ("kind", document.kind),
        ("plan", document.plan_name or "-"),
        ("period", document.period.raw if document.period else "-"),
        ("initiatives", f"{len(document.initiatives)}" + (f" ({read})" if read else "")),
        (
            "also",
            f"{len(document.groups)} groups, {len(document.tables)} tables, {len(document.amounts)} amounts, "
            f"{len(document.paragraphs)} paragraphs",
        ),
        (
            "coverage",
            f"{coverage.lines_used}/{coverage.lines_total} lines became data ({coverage.ratio:.1%}); "
            f"{coverage.prose_lines} kept as prose, {unused} used nowhere",
        ),
        (
            "checks",
            f"{len(document.checks) - failed} of {len(document.checks)} agree" if document.checks else "-",
        ),
        (
            "warnings",
            f"{len(document.warnings)} (" + ", ".join(f"{code} {n}" for code, n in codes.most_common()) + ")"
            if codes
            else "none",
        ),
    ]
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    for name, value in facts:
        grid.add_row(f"  {name}:", Text(value))
    console.print(grid)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def section_tree(document: Document, depth: int | None = None) -> Tree:
    """The heading tree (to `depth` levels; None: all); each heading with its line and initiatives."""
    under: Counter[tuple[str, ...]] = Counter()
    for item in document.initiatives:
        path = tuple(item.section_path)
        for n in range(1, len(path) + 1):
            under[path[:n]] += 1
    tree = Tree(Text("sections", style="bold"))

    def add(node: Tree, sections: list[Section], path: tuple[str, ...], level: int) -> None:
        for section in sections:
            here = (*path, section.title)
            label = Text.assemble(
                (f"{section.number} " if section.number else "", "cyan"),
                section.title,
                (f"  line {where(section.span)}", "dim"),
                (f"  {_count(under[here], 'initiative')}" if under[here] else "", "green"),
            )
            child = node.add(label)
            if depth is None or level < depth:
                add(child, section.children, here, level + 1)
            elif section.children:
                child.add(Text(f"… {_count(len(section.children), 'section')} (--all)", style="dim"))

    add(tree, document.sections, (), 1)
    if not document.sections:
        tree.add(Text("(no headings found)", style="dim"))
    return tree


def _amount_cells(document: Document) -> set[str]:
    return {amount.raw for amount in document.amounts}


def tables_table(document: Document, limit: int | None = None) -> RichTable:
    """One line per table: key, line, size, what read it (a layout, the document's amounts, or
    "unmapped") and its caption."""
    table = RichTable.grid(padding=(0, 2))
    table.title = f"tables ({len(document.tables)})"
    table.title_justify = "left"
    table.title_style = "bold"
    for justify, wrap in (
        ("left", False),
        ("right", False),
        ("right", False),
        ("left", False),
        ("left", True),
    ):
        table.add_column(justify=justify, no_wrap=not wrap)
    amounts = _amount_cells(document)
    for item in document.tables[:limit]:
        width = max((len(row) for row in item.header + item.rows), default=0)
        read = sum(1 for row in item.rows for cell in row if cell and cell in amounts)
        if item.layout:
            layout = Text(item.layout)
        elif read:
            layout = Text(f"amounts ({read})", style="green")
        else:
            layout = Text("unmapped", style="yellow")
        caption = " ".join((item.caption or "").split())
        table.add_row(
            item.key,
            f"line {where(item.span)}",
            f"{len(item.rows)}×{width}",
            layout,
            Text(caption[:60] + ("…" if len(caption) > 60 else "")),
        )
    if limit is not None and len(document.tables) > limit:
        table.add_row("…", "", "", Text(f"{len(document.tables) - limit} more (--all)", style="dim"), "")
    return table


def records_table(document: Document) -> RichTable:
    """How many initiatives each record layout (Initiative.layout) gave."""
    layouts = Counter(item.layout or "(none)" for item in document.initiatives)
    table = RichTable.grid(padding=(0, 2))
    table.title = "record layouts"
    table.title_justify = "left"
    table.title_style = "bold"
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(no_wrap=True)
    first: dict[str, str] = {}
    for item in document.initiatives:
        first.setdefault(item.layout or "(none)", where(item.span))
    for layout, count in layouts.most_common():
        table.add_row(Text(layout), _count(count, "initiative"), f"first at line {first[layout]}")
    if document.groups:
        table.add_row("groups", str(len(document.groups)), f"first at line {where(document.groups[0].span)}")
    if not layouts and not document.groups:
        table.add_row(Text("(no records)", style="dim"), "0", "")
    return table


def _line_of(span: Span | None) -> tuple[int, int]:
    return (0, 0) if span is None else (span.page or 0, span.start_line)


def _warnings(document: Document, console: Console, limit: int | None = None) -> None:
    """The warnings sorted by line (those without a place first): line, code, message."""
    if not document.warnings:
        console.print(Text("warnings: none", style="green"))
        return
    table = RichTable.grid(padding=(0, 2))
    table.title = f"warnings ({len(document.warnings)})"
    table.title_justify = "left"
    table.title_style = "bold"
    table.add_column(justify="right", no_wrap=True)
    table.add_column(style="yellow", no_wrap=True)
    table.add_column()
    ordered = sorted(document.warnings, key=lambda warning: _line_of(warning.span))
    for warning in ordered[:limit]:
        table.add_row(where(warning.span) or "-", Text(warning.code), Text(warning.message))
    if limit is not None and len(ordered) > limit:
        table.add_row("…", "", Text(f"{len(ordered) - limit} more (--all)", style="dim"))
    console.print(table)


def _checks(document: Document, console: Console) -> None:
    if not document.checks:
        return
    failed = [check for check in document.checks if not check.ok]
    if failed:
        console.print(Text(f"checks that failed ({len(failed)})", style="bold red"))
    for check in failed:
        console.print(Text(f"  {check.code} {check.subject}: {check.message}"), soft_wrap=True)


def _unused(document: Document, console: Console, file: str | None, encoding: str | None) -> None:
    coverage = document.coverage
    if not coverage.unused_lines:
        console.print(Text("unused lines: none", style="green"))
        return
    lines: list[str] = []
    readable = file is not None and file != "-" and document.source.format != "pdf"
    if readable:
        try:
            from .read.text import decode, split_lines

            text, _ = decode(Path(file).read_bytes(), file, encoding or document.source.encoding)
            lines = split_lines(text)
        except (OSError, ReformParseError, LookupError):
            lines = []
    table = RichTable(
        title=f"unused lines ({coverage.lines_total - coverage.lines_used})", title_justify="left"
    )
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("text")
    for number in coverage.unused_lines:
        shown = lines[number - 1].strip()[:200] if 0 < number <= len(lines) else ""
        table.add_row(str(number), Text(shown))
    console.print(table)
    missing = coverage.lines_total - coverage.lines_used - len(coverage.unused_lines)
    if missing > 0:
        console.print(
            Text(f"… and {missing} more (the document lists the first {len(coverage.unused_lines)})")
        )
    if document.source.format == "pdf":
        console.print(Text("(line numbers count from the top of each PDF page; text shown for text reports)"))
