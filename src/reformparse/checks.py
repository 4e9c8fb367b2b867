"""Cross-checks between what a document prints and what was read from it → checks and warnings."""

from __future__ import annotations

from collections import Counter, defaultdict

import regex

from .context import Context
from .labels import label_key
from .models import Check, Initiative, Span
from .normalize import vocab
from .sections import CIRCLED, TocEntry
from .tables import TableInfo

COUNT = regex.compile(r"^[ \u3000]*([0-9０-９][0-9０-９,，]*)")
TOTAL_LABELS = ("合計", "計", "総計", "全体", "小計")


def _count(cell: str) -> int | None:
    found = COUNT.match(cell)
    if not found:
        return None
    digits = (
        found.group(1)
        .translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        .replace(",", "")
        .replace("，", "")
    )
    return int(digits)


def status_summary_checks(
    ctx: Context, tables: list[TableInfo], initiatives: list[Initiative]
) -> list[Check]:
    """A table of counts per status (実施済み, 予定どおり進んでいる, ...) against the records' statuses."""
    checks: list[Check] = []
    for info in tables:
        if not info.header:
            continue
        header = info.header[-1].cells
        columns: dict[int, str] = {}
        for index, cell in enumerate(header):
            status = vocab.status_of(cell) if cell.strip() else None
            if status is not None and status.code != "other":
                columns[index] = status.code
        if len(columns) < 3:
            continue
        info.layout = info.layout or "status-summary"
        by_category: dict[str, Counter[str]] = defaultdict(Counter)
        for item in initiatives:
            if item.status is None:
                continue
            for key in {label_key(title) for title in item.section_path}:
                by_category[key][item.status.code] += 1
        all_counts: Counter[str] = Counter(i.status.code for i in initiatives if i.status is not None)
        for row in info.rows:
            cells = row.cells
            if not cells or not cells[0].strip():
                continue
            name = cells[0].strip()
            printed = {code: _count(cells[index]) for index, code in columns.items() if index < len(cells)}
            printed = {code: value for code, value in printed.items() if value is not None}
            if not printed:
                continue
            is_total = label_key(name) in TOTAL_LABELS
            found_counts = all_counts if is_total else by_category.get(label_key(name))
            if found_counts is None:
                matches = [k for k in by_category if label_key(name) in k or k in label_key(name)]
                found_counts = by_category[matches[0]] if len(matches) == 1 else None
            if found_counts is None:
                checks.append(
                    Check(
                        code="status-count",
                        subject=name,
                        ok=False,
                        expected=printed,
                        found={},
                        message=f"{name}: no initiatives found under a section of that name",
                        span=row.span(),
                    )
                )
                ctx.warn(
                    "count-mismatch",
                    f"status table row {name!r}: no initiatives found under a section of that name",
                    row.span(),
                )
                continue
            found = {code: found_counts.get(code, 0) for code in printed}
            ok = found == printed
            message = f"{name}: printed {printed}, read {found}"
            checks.append(
                Check(
                    code="status-count",
                    subject=name,
                    ok=ok,
                    expected=printed,
                    found=found,
                    message=message,
                    span=row.span(),
                )
            )
            if not ok:
                ctx.warn("count-mismatch", f"status counts disagree with the records: {message}", row.span())
    return checks


def toc_checks(ctx: Context, toc: list[TocEntry], initiatives: list[Initiative]) -> list[Check]:
    """Leaf entries of a table of contents that carry a page number against the initiatives."""
    leaves = [entry for entry in toc if entry.page and entry.style == "circled"]
    if len(leaves) < 3:
        return []
    titles = {label_key(item.title) for item in initiatives}
    missing = [entry for entry in leaves if label_key(entry.title) not in titles]
    for entry in missing:
        ctx.warn(
            "missing-detail",
            f"the table of contents lists {entry.title!r} but no record of it was read",
            entry.span,
        )
    ok = not missing
    return [
        Check(
            code="toc-count",
            subject="目次",
            ok=ok,
            expected={"items": len(leaves)},
            found={"items": len(leaves) - len(missing)},
            message=f"table of contents lists {len(leaves)} items; {len(leaves) - len(missing)} found as records",
            span=Span(
                start_line=leaves[0].span.start_line,
                end_line=leaves[-1].span.end_line,
                page=leaves[0].span.page,
            ),
        )
    ]


NUMBERED_ENTRY = regex.compile(r"([" + CIRCLED + r"])[ \u3000]*([^" + CIRCLED + r"\n]+)")


def numbering_elsewhere(tables: list[TableInfo]) -> dict[str, str]:
    """Plan titles → numbers as another table lists them (a 体系 table: 「⑦公共施設… ⑧橋梁…」)."""
    numbers: dict[str, str] = {}
    for info in tables:
        for row in info.rows:
            for cell in row.cells:
                entries = NUMBERED_ENTRY.findall(cell)
                if len(entries) < 2 and not (len(entries) == 1 and cell.strip().startswith(entries[0][0])):
                    continue
                for marker, title in entries:
                    numbers.setdefault(label_key(title.strip()), str(CIRCLED.index(marker) + 1))
    return numbers


def duplicate_id_checks(ctx: Context, initiatives: list[Initiative], tables: list[TableInfo]) -> None:
    """Two initiatives with the same id in the same section: warn, and take the number another table
    prints for the same title where there is one (the record keeps `id_raw` as printed)."""
    seen: dict[tuple[str, tuple[str, ...]], Initiative] = {}
    numbering: dict[str, str] | None = None
    for item in initiatives:
        if item.id is None:
            continue
        key = (item.id, tuple(item.section_path))
        first = seen.get(key)
        if first is not None and first.title != item.title and first.group_id == item.group_id:
            if numbering is None:
                numbering = numbering_elsewhere(tables)
            elsewhere = numbering.get(label_key(item.title))
            note = ""
            if elsewhere and elsewhere != item.id:
                note = f"; another table numbers it {CIRCLED[int(elsewhere) - 1]}, so its id is {elsewhere}"
                item.id = elsewhere
            ctx.warn(
                "duplicate-id",
                f"id {item.id_raw or key[0]} is printed for both {first.title!r} and {item.title!r}{note}",
                item.span,
            )
            key = (item.id, tuple(item.section_path))
        seen.setdefault(key, item)


def assign_keys(initiatives: list[Initiative], ctx: Context) -> None:
    """Keys unique within the document and stable between runs: the id where it is unique,
    else the section numbers and the id, else the position."""
    ids = Counter(item.id for item in initiatives if item.id)
    numbers = {section.title: section.number for path in ctx.tree.paths for section in path}
    used: set[str] = set()
    for position, item in enumerate(initiatives, 1):
        if item.id and ids[item.id] == 1:
            key = item.id
        elif item.id:
            prefix = ".".join(
                _marker_key(numbers.get(title)) for title in item.section_path if numbers.get(title)
            )
            key = f"{prefix}.{item.id}" if prefix else item.id
        else:
            key = f"r{position}"
        base, suffix = key, 2
        while key in used:
            key = f"{base}-{suffix}"
            suffix += 1
        used.add(key)
        item.key = key


def _marker_key(marker: str | None) -> str:
    from .sections import marker_number

    return marker_number(marker) or ""
