"""The pipeline: read → blocks → sections → tables → records → merge → identity → checks → document.

`build_document` is the sequence of named stages; each takes and returns typed values. The only
shared sink is `Context.warn` (and the registry's record of the blocks that recognizers consumed).
docs/ARCHITECTURE.md describes the stages and how to add a recognizer.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import regex

from . import __version__
from .blocks import SourceDoc
from .checks import (
    group_count_checks,
    prose_count_checks,
    status_columns,
    status_summary_checks,
    table_total_checks,
    toc_checks,
    warnings_of,
)
from .context import Context
from .document import (
    cover_lines,
    footnotes_of,
    headline_amounts,
    is_boilerplate,
    kind_of,
    period_of,
    plan_name_of,
    table_amounts,
    title_of,
)
from .identity import assign_identity
from .labels import LabelBook
from .models import Check, Coverage, Document, Footnote, Money, Paragraph, Period, Source, Span, Table
from .normalize.place import find_municipality
from .read import read_source
from .records.groups import committee_scores
from .records.merge import merge_groups, merge_initiatives, unmatched_appearances
from .records.registry import RECOGNIZERS, Records, detail_layouts, read_records
from .sections import build_sections
from .summaries import summary_checks
from .tables import TableInfo, build_tables, to_table

#: at most this many unused line numbers are listed in `coverage.unused_lines`
MAX_UNUSED_LISTED = 1000


def extract(
    source: str | Path, *, labels: str | Path | LabelBook | None = None, encoding: str | None = None
) -> Document:
    """Extract one report into a Document (raises ReformParseError with a user-fit message)."""
    book = labels if isinstance(labels, LabelBook) else LabelBook.from_file(labels)
    return build_document(read_source(source, encoding=encoding), book)


@dataclass
class Facts:
    """What the document says about itself: title, kind, municipality, plan, period."""

    title: str | None
    title_blocks: list[int]
    kind: str
    municipality: str | None
    municipality_code: str | None
    prefecture: str | None
    plan_name: str | None
    period: Period | None


@dataclass
class Extras:
    """Document-level content outside records: tables, amounts, footnotes, prose."""

    tables: list[Table] = field(default_factory=list)
    table_blocks: set[int] = field(default_factory=set)
    amounts: list[Money] = field(default_factory=list)
    amount_blocks: set[int] = field(default_factory=set)
    footnotes: list[Footnote] = field(default_factory=list)
    footnote_blocks: set[int] = field(default_factory=set)
    paragraphs: list[Paragraph] = field(default_factory=list)
    paragraph_blocks: set[int] = field(default_factory=set)


@dataclass
class LineUse:
    """Which (page, line) pairs of the source became data and which were kept as prose (for a review)."""

    used: set[tuple[int | None, int]] = field(default_factory=set)
    prose: set[tuple[int | None, int]] = field(default_factory=set)


def build_document(src: SourceDoc, book: LabelBook, line_use: LineUse | None = None) -> Document:
    """Run every stage after reading, with the document's own book active: the value parsers in
    normalize/ and records/common.py read `labels.active_labels()`, not the book built last.
    A `line_use` given is filled with the lines coverage counted."""
    with book.activate(), _gc_paused():
        return _build(src, book, line_use or LineUse())


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while one document is built: the stages make many objects
    and no reference cycles, so its passes (about a tenth of the time) would find nothing; reference
    counting still frees everything, and the collector is back on (if it was) when the build ends.
    Everything alive then is in the oldest generation (see below), as if it had survived a collection."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                # the objects made meanwhile go to the oldest generation at once (freeze, then
                # unfreeze: two list splices) instead of being traversed by the young generation's pass
                # that turning the collector on would run at the next allocation; not where the program
                # froze objects of its own (unfreeze would thaw them too)
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _build(src: SourceDoc, book: LabelBook, line_use: LineUse) -> Document:
    """The stages, in order."""
    tree = build_sections(src.blocks, book)
    ctx = Context(src, book, tree)
    for code, message, span in src.notes:
        ctx.warn(code, message, span)
    all_tables = build_tables(ctx)
    records = read_records(ctx, all_tables)
    records = merge_records(ctx, records)
    facts = document_facts(ctx)
    free_tables = [info for info in all_tables if not set(info.blocks) & ctx.consumed]
    assign_identity(ctx, records.initiatives, records.groups, all_tables)
    inside_records = record_lines(records)
    extras = document_extras(ctx, free_tables, set(facts.title_blocks), inside_records)
    extras.amounts = records.amounts + extras.amounts
    warn_unread_tables(ctx, extras.paragraphs)
    checks = run_checks(ctx, records, free_tables, extras.paragraphs)
    for code, message, span in warnings_of(checks):
        ctx.warn(code, message, span)
    coverage = measure_coverage(ctx, records, facts, extras, inside_records, line_use)
    if not src.content_lines:
        ctx.warn("empty-input", f"{src.name}: the input has no text", None)
    elif not records.initiatives:
        ctx.warn(
            "no-initiatives",
            f"no initiatives were read; {coverage.lines_used} of {coverage.lines_total} lines became data "
            f"({coverage.prose_lines} kept as prose)",
            None,
        )
    return Document(
        generator=f"reformparse {__version__}",
        source=Source(
            name=src.name,
            path=src.path,
            sha256=src.sha256,
            format=src.format,
            encoding=src.encoding,
            pages=src.pages,
            lines=src.line_count if src.format != "pdf" else None,
        ),
        title=facts.title,
        municipality=facts.municipality,
        municipality_code=facts.municipality_code,
        prefecture=facts.prefecture,
        kind=facts.kind,
        plan_name=facts.plan_name,
        period=facts.period,
        sections=tree.sections,
        groups=records.groups,
        initiatives=records.initiatives,
        tables=extras.tables,
        amounts=extras.amounts,
        paragraphs=extras.paragraphs,
        footnotes=extras.footnotes,
        checks=checks,
        warnings=ctx.warnings,
        coverage=coverage,
    )


def merge_records(ctx: Context, records: Records) -> Records:
    """One initiative per item however often it is printed; one group per id; committee rows."""
    detail = detail_layouts(RECOGNIZERS)
    initiatives = merge_initiatives(ctx, records.initiatives, detail)
    groups = merge_groups(records.groups)
    committee_blocks = committee_scores(ctx, groups)
    ctx.consumed |= committee_blocks
    unmatched_appearances(ctx, initiatives, detail)
    return Records(
        initiatives=initiatives,
        groups=groups,
        blocks=records.blocks | committee_blocks,
        amounts=records.amounts,
        layouts=records.layouts,
    )


def document_facts(ctx: Context) -> Facts:
    """Title, kind, municipality, plan name and period."""
    lines, title_blocks = cover_lines(ctx)
    title = title_of(lines)
    place = find_municipality(title, _text_lines(ctx))
    return Facts(
        title=title,
        title_blocks=title_blocks,
        kind=document_kind(ctx, lines),
        municipality=place.name if place else None,
        municipality_code=place.code if place else None,
        prefecture=place.prefecture if place else None,
        plan_name=plan_name_of(lines),
        period=period_of(ctx),
    )


def record_lines(records: Records) -> set[tuple[int | None, int]]:
    """The lines inside the records' spans (a record's span covers its heading and the lines between
    its blocks); for a PDF, where a span is per page, none."""
    out: set[tuple[int | None, int]] = set()
    for item in records.initiatives:
        if item.span.page is None:
            out.update((None, line) for line in range(item.span.start_line, item.span.end_line + 1))
    return out


def document_kind(ctx: Context, title_lines: list[str]) -> str:
    """The kind the title says; a title that says none (or only `plan`) takes an evaluation or a
    kind named by the first lines of the body (群馬県行政改革大綱 … 実施計画の評価について)."""
    kind = kind_of(" ".join(title_lines)) if title_lines else "unknown"
    if kind not in ("unknown", "plan"):
        return kind
    for line in _text_lines(ctx, limit=15):
        found = kind_of(line) if len(line) <= 80 else "unknown"
        if found == "evaluation" or (kind == "unknown" and found != "unknown"):
            return found
    return kind


def _text_lines(ctx: Context, limit: int = 2000) -> Iterator[str]:
    """The document's text in reading order (text lines and table cells), for finding its place;
    made as they are read (the title often settles the place before any is needed)."""
    made = 0
    for block in ctx.blocks:
        if block.kind == "text":
            yield block.text
            made += 1
        else:
            for row in block.rows:
                yield " ".join(row.cells)
            made += len(block.rows)
        if made >= limit:
            break


def document_extras(
    ctx: Context,
    free_tables: list[TableInfo],
    title_blocks: set[int],
    inside_records: set[tuple[int | None, int]],
) -> Extras:
    """Tables no recognizer read, document-level amounts, footnotes and prose."""
    out = Extras()
    for number, info in enumerate(free_tables, 1):
        out.tables.append(to_table(info, f"t{number}", "status-summary" if status_columns(info) else None))
        out.table_blocks.update(info.blocks)
        out.table_blocks.update(b for b in (info.caption_block, info.unit_block) if b is not None)
    out.amounts, out.amount_blocks = headline_amounts(ctx)
    for info in free_tables:
        out.amounts.extend(table_amounts(info))
    out.footnotes, out.footnote_blocks = footnotes_of(ctx)
    skip = title_blocks | out.footnote_blocks | out.table_blocks
    skip |= {i for i, b in enumerate(ctx.blocks) if (b.page, b.start_line) in inside_records}
    out.paragraphs, out.paragraph_blocks = _paragraphs(ctx, skip)
    return out


#: a run of this many short prose lines in a row looks like a table flattened one cell per line
UNREAD_TABLE_LINES = 8
NUMBER_CELL = regex.compile(r"^[▲△-]?[0-9０-９][0-9０-９,，.．]*$")
SHORT_CELL = 16


def warn_unread_tables(ctx: Context, paragraphs: list[Paragraph]) -> None:
    """Runs of short prose lines (cells of a table that came out one per line, column by column, that
    no layout read): say so, since their content is only kept as prose."""
    run: list[Paragraph] = []

    def flush() -> None:
        if len(run) >= UNREAD_TABLE_LINES:
            span = Span(
                start_line=run[0].span.start_line, end_line=run[-1].span.end_line, page=run[0].span.page
            )
            ctx.warn(
                "table-unread",
                f"{len(run)} short lines in a row look like the cells of a table that no layout could read; "
                "they are kept as prose",
                span,
            )
        run.clear()

    prose = {
        (p.span.page, line) for p in paragraphs for line in range(p.span.start_line, p.span.end_line + 1)
    }
    content = set(ctx.source.content_lines)
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        close = run and (
            paragraph.span.page != run[-1].span.page
            or paragraph.span.start_line - run[-1].span.end_line > 3
            # a line that became data (a record, a heading) stands between them
            or any(
                (paragraph.span.page, line) in content and (paragraph.span.page, line) not in prose
                for line in range(run[-1].span.end_line + 1, paragraph.span.start_line)
            )
        )
        if close or len(text) > SHORT_CELL or "。" in text:
            flush()
        furniture = is_boilerplate(text, ctx.labels) and not NUMBER_CELL.match(text)
        if len(text) <= SHORT_CELL and "。" not in text and not furniture:
            run.append(paragraph)
    flush()


def run_checks(
    ctx: Context, records: Records, free_tables: list[TableInfo], paragraphs: list[Paragraph]
) -> list[Check]:
    """Counts and totals the document prints against what was read (Check values only)."""
    initiatives = records.initiatives
    return (
        status_summary_checks(ctx, free_tables, initiatives)
        + toc_checks(ctx, ctx.tree.toc, initiatives)
        + prose_count_checks(ctx, [(p.text, p.span) for p in paragraphs], initiatives)
        + table_total_checks(ctx, free_tables)
        + group_count_checks(ctx, records.groups)
        + summary_checks(ctx, paragraphs, initiatives)
    )


def structure_blocks(ctx: Context) -> set[int]:
    """Headings (and their title lines), table-of-contents lines and repeated page titles."""
    tree = ctx.tree
    out = set(tree.headings) | set(tree.toc_blocks) | set(tree.repeated_blocks)
    out.update(h.title_block for h in tree.headings.values() if h.title_block is not None)
    return out


def measure_coverage(
    ctx: Context,
    records: Records,
    facts: Facts,
    extras: Extras,
    inside_records: set[tuple[int | None, int]],
    line_use: LineUse | None = None,
) -> Coverage:
    """Lines that became data (headings, tables, records and the lines inside their spans, groups, the
    title, amounts, footnotes) over all non-blank lines; prose is counted apart and is not used."""
    data_blocks = (
        structure_blocks(ctx)
        | records.blocks
        | extras.table_blocks
        | extras.amount_blocks
        | extras.footnote_blocks
        | set(facts.title_blocks)
    )
    used = ctx.lines_of(data_blocks) | inside_records
    prose = ctx.lines_of(extras.paragraph_blocks) - used
    if line_use is not None:
        line_use.used, line_use.prose = used, prose
    content = ctx.source.content_lines
    used_count = sum(1 for key in content if key in used)
    unused = [line for page, line in content if (page, line) not in used]
    return Coverage(
        lines_total=len(content),
        lines_used=used_count,
        ratio=round(used_count / len(content), 4) if content else 1.0,
        prose_lines=sum(1 for key in content if key in prose),
        unused_lines=unused[:MAX_UNUSED_LISTED],
    )


def _paragraphs(ctx: Context, skip: set[int]) -> tuple[list[Paragraph], set[int]]:
    """Text lines that are neither headings, TOC, page titles, records nor table captions: prose."""
    out: list[Paragraph] = []
    blocks: set[int] = set()
    structure = structure_blocks(ctx)
    for index, block in enumerate(ctx.blocks):
        if block.kind != "text" or index in skip or index in structure or index in ctx.consumed:
            continue
        path = ctx.tree.paths[index]
        out.append(
            Paragraph(
                text=block.text,
                section_key=path[-1].key if path else None,
                span=Span(start_line=block.start_line, end_line=block.end_line, page=block.page),
            )
        )
        blocks.add(index)
    return out, blocks
