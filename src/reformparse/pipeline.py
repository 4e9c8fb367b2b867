"""The pipeline: read → blocks → sections → records → tables → document → checks."""

from __future__ import annotations

from pathlib import Path

from . import __version__
from .blocks import SourceDoc
from .checks import (
    assign_keys,
    detail_checks,
    duplicate_id_checks,
    group_count_checks,
    prose_count_checks,
    status_summary_checks,
    table_total_checks,
    toc_checks,
)
from .context import Context
from .document import (
    cover_lines,
    footnotes_of,
    headline_amounts,
    kind_of,
    municipality_of,
    period_of,
    plan_name_of,
    table_amounts,
    title_of,
)
from .labels import LabelBook
from .models import Coverage, Document, Initiative, Paragraph, Source, Span
from .read import read_source
from .records.cards import read_cards
from .records.grid import read_grids
from .records.groups import committee_scores
from .records.merge import link_groups, merge_groups, merge_initiatives
from .sections import build_sections
from .tables import build_tables, to_table


def extract(
    source: str | Path, *, labels: str | Path | LabelBook | None = None, encoding: str | None = None
) -> Document:
    """Extract one report into a Document (raises ReformParseError with a user-fit message)."""
    book = labels if isinstance(labels, LabelBook) else LabelBook.from_file(labels)
    return build_document(read_source(source, encoding=encoding), book)


def build_document(src: SourceDoc, book: LabelBook) -> Document:
    """Run every stage after reading."""
    tree = build_sections(src.blocks, book)
    ctx = Context(src, book, tree)
    for code, message, span in src.notes:
        ctx.warn(code, message, span)

    initiatives: list[Initiative] = read_cards(ctx)
    for item in initiatives:
        for line in range(item.span.start_line, item.span.end_line + 1):
            if item.span.page is None:
                ctx.used.add((None, line))

    all_tables = build_tables(ctx)
    infos = [info for info in all_tables if not set(info.blocks) & ctx.consumed]
    grid_initiatives, groups = read_grids(ctx, infos)
    initiatives.extend(grid_initiatives)
    initiatives.sort(key=lambda item: (item.span.page or 0, item.span.start_line))
    initiatives = merge_initiatives(ctx, initiatives)
    groups = merge_groups(groups)
    committee_scores(ctx, groups)
    infos = [info for info in infos if not set(info.blocks) & ctx.consumed]
    for info in infos:
        for index in info.blocks + [b for b in (info.caption_block, info.unit_block) if b is not None]:
            ctx.use_block(index)

    lines, title_indices = cover_lines(ctx)
    title = title_of(lines)
    for index in title_indices:
        ctx.use_block(index)

    duplicate_id_checks(ctx, initiatives, all_tables)
    assign_keys(initiatives, ctx)
    for group in groups:
        group.key = f"g{group.id}" if group.id else f"g{groups.index(group) + 1}"
    link_groups(ctx, groups, initiatives)
    checks = status_summary_checks(ctx, infos, initiatives) + toc_checks(ctx, tree.toc, initiatives)

    amounts = headline_amounts(ctx)
    for info in infos:
        amounts.extend(table_amounts(info))

    tables = [to_table(info, f"t{n}") for n, info in enumerate(infos, 1)]
    footnotes, footnote_blocks = footnotes_of(ctx)
    for index in footnote_blocks:
        ctx.use_block(index)
    paragraphs = _paragraphs(ctx, set(title_indices) | footnote_blocks)
    checks += prose_count_checks(ctx, [(p.text, p.span) for p in paragraphs], initiatives)
    checks += table_total_checks(ctx, infos)
    checks += group_count_checks(ctx, groups)
    detail_checks(ctx, initiatives)
    _use_structure(ctx)

    content = src.content_lines
    used = sum(1 for key in content if key in ctx.used)
    unused = [line for page, line in content if (page, line) not in ctx.used][:1000]
    coverage = Coverage(
        lines_total=len(content),
        lines_used=used,
        ratio=round(used / len(content), 4) if content else 1.0,
        unused_lines=unused,
    )
    if not content:
        ctx.warn("empty-input", f"{src.name}: the input has no text", None)

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
        title=title,
        municipality=municipality_of(ctx, title),
        kind=kind_of(" ".join(lines)) if lines else "unknown",
        plan_name=plan_name_of(lines),
        period=period_of(ctx),
        sections=tree.sections,
        groups=groups,
        initiatives=initiatives,
        tables=tables,
        amounts=amounts,
        paragraphs=paragraphs,
        footnotes=footnotes,
        checks=checks,
        warnings=ctx.warnings,
        coverage=coverage,
    )


def _paragraphs(ctx: Context, skip: set[int]) -> list[Paragraph]:
    """Text lines that are neither headings, TOC, page titles nor table captions: kept as prose."""
    out: list[Paragraph] = []
    for index, block in enumerate(ctx.blocks):
        if (
            block.kind != "text"
            or index in skip
            or index in ctx.tree.headings
            or index in ctx.tree.toc_blocks
            or index in ctx.tree.repeated_blocks
            or index in ctx.consumed
        ):
            continue
        if (block.page, block.start_line) in ctx.used:
            continue
        if any(h.title_block == index for h in ctx.tree.headings.values()):
            continue
        path = ctx.tree.paths[index]
        out.append(
            Paragraph(
                text=block.text,
                section_key=path[-1].key if path else None,
                span=Span(start_line=block.start_line, end_line=block.end_line, page=block.page),
            )
        )
        ctx.use_block(index)
    return out


def _use_structure(ctx: Context) -> None:
    """Headings, table-of-contents lines and repeated page titles ended in the section tree."""
    for index in list(ctx.tree.headings) + sorted(ctx.tree.toc_blocks) + sorted(ctx.tree.repeated_blocks):
        ctx.use_block(index)
    for heading in ctx.tree.headings.values():
        if heading.title_block is not None:
            ctx.use_block(heading.title_block)
