"""`reformparse inspect FILE`: a view of what was read, for a person.

The section tree, every table with the recognizer that read it (or "unmapped"), how many initiatives
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


def show(
    document: Document,
    console: Console,
    *,
    unused: bool = False,
    file: str | None = None,
    encoding: str | None = None,
) -> None:
    """Print the whole view of `document` (read from `file`) on `console`."""
    _header(document, console)
    console.print(section_tree(document))
    if document.tables:
        console.print(tables_table(document))
    else:
        console.print(Text("tables: none", style="dim"))
    console.print(records_table(document))
    _warnings(document, console)
    _checks(document, console)
    coverage = document.coverage
    console.print(
        Text(
            f"coverage: {coverage.lines_used}/{coverage.lines_total} lines became data ({coverage.ratio:.1%}); "
            f"{coverage.prose_lines} kept as prose, "
            f"{coverage.lines_total - coverage.lines_used - coverage.prose_lines} used nowhere",
            style="bold",
        )
    )
    if unused:
        _unused(document, console, file, encoding)


def _header(document: Document, console: Console) -> None:
    source = document.source
    size = f"{source.pages} pages" if source.pages else f"{source.lines or 0} lines"
    console.print(Text(document.title or source.name, style="bold"), soft_wrap=True)
    facts = [
        ("source", f"{source.name} ({source.format}, {source.encoding or '-'}, {size})"),
        ("municipality", document.municipality or "-"),
        ("kind", document.kind),
        ("plan", document.plan_name or "-"),
        ("period", document.period.raw if document.period else "-"),
        (
            "found",
            f"{len(document.sections)} top sections, {len(document.initiatives)} initiatives, "
            f"{len(document.groups)} groups, {len(document.tables)} tables, {len(document.amounts)} amounts, "
            f"{len(document.paragraphs)} paragraphs, {len(document.warnings)} warnings",
        ),
    ]
    for name, value in facts:
        console.print(Text.assemble((f"  {name}: ", "dim"), value), soft_wrap=True)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def section_tree(document: Document) -> Tree:
    """The heading tree; each heading with its line and how many initiatives lie under it."""
    under: Counter[tuple[str, ...]] = Counter()
    for item in document.initiatives:
        path = tuple(item.section_path)
        for n in range(1, len(path) + 1):
            under[path[:n]] += 1
    tree = Tree(Text("sections", style="bold"))

    def add(node: Tree, sections: list[Section], path: tuple[str, ...]) -> None:
        for section in sections:
            here = (*path, section.title)
            label = Text.assemble(
                (f"{section.number} " if section.number else "", "cyan"),
                section.title,
                (f"  line {where(section.span)}", "dim"),
                (f"  {_count(under[here], 'initiative')}" if under[here] else "", "green"),
            )
            add(node.add(label), section.children, here)

    add(tree, document.sections, ())
    if not document.sections:
        tree.add(Text("(no headings found)", style="dim"))
    return tree


def tables_table(document: Document) -> RichTable:
    table = RichTable(title=f"tables ({len(document.tables)})", title_justify="left")
    for name, justify in (
        ("key", "left"),
        ("caption", "left"),
        ("unit", "left"),
        ("rows×columns", "right"),
        ("layout", "left"),
        ("line", "right"),
    ):
        table.add_column(name, justify=justify)
    for item in document.tables:
        width = max((len(row) for row in item.header + item.rows), default=0)
        table.add_row(
            item.key,
            Text((item.caption or "")[:40]),
            Text(item.unit or ""),
            f"{len(item.rows)}×{width}",
            Text(item.layout or "unmapped", style="" if item.layout else "yellow"),
            where(item.span),
        )
    return table


def records_table(document: Document) -> RichTable:
    """How many initiatives each record layout (Initiative.layout) gave."""
    layouts = Counter(item.layout or "(none)" for item in document.initiatives)
    table = RichTable(title="record layouts", title_justify="left")
    table.add_column("layout")
    table.add_column("initiatives", justify="right")
    table.add_column("first line", justify="right")
    first: dict[str, str] = {}
    for item in document.initiatives:
        first.setdefault(item.layout or "(none)", where(item.span))
    for layout, count in layouts.most_common():
        table.add_row(Text(layout), str(count), first[layout])
    if document.groups:
        table.add_row("groups", str(len(document.groups)), where(document.groups[0].span))
    if not layouts and not document.groups:
        table.add_row(Text("(no records)", style="dim"), "0", "")
    return table


def _warnings(document: Document, console: Console) -> None:
    if not document.warnings:
        console.print(Text("warnings: none", style="green"))
        return
    table = RichTable(title=f"warnings ({len(document.warnings)})", title_justify="left")
    table.add_column("code", style="yellow", no_wrap=True)
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("message")
    for warning in document.warnings:
        table.add_row(Text(warning.code), where(warning.span), Text(warning.message))
    console.print(table)


def _checks(document: Document, console: Console) -> None:
    if not document.checks:
        return
    failed = [check for check in document.checks if not check.ok]
    console.print(
        Text(
            f"checks: {len(document.checks) - len(failed)} of {len(document.checks)} agree",
            style="red" if failed else "green",
        )
    )
    for check in failed:
        console.print(Text(f"  {check.code} {check.subject}: {check.message}"), soft_wrap=True)


def _unused(document: Document, console: Console, file: str | None, encoding: str | None) -> None:
    coverage = document.coverage
    if not coverage.unused_lines:
        console.print(Text("unused lines: none", style="green"))
        return
    lines: list[str] = []
    # a named pipe cannot be read a second time
    readable = file is not None and file != "-" and document.source.format != "pdf" and Path(file).is_file()
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
