"""Cross-checks between what a document prints and what was read from it → checks and warnings."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import accumulate

import regex

from .context import Context
from .labels import LabelBook, label_key
from .models import Check, Group, Initiative, Span
from .normalize import numbers, vocab
from .sections import TocEntry
from .tables import TableInfo


def _count(cell: str) -> int | None:
    """The count a cell starts with (12, 12件, １２); None when it starts with no number."""
    return numbers.as_int(numbers.leading_number(cell))


def status_columns(info: TableInfo) -> dict[int, str]:
    """Column → status code for a table whose header names at least three statuses (a status-count
    table such as 実施件数), else {}."""
    if not info.header:
        return {}
    columns: dict[int, str] = {}
    for index, cell in enumerate(info.header[-1].cells):
        status = vocab.status_of(cell) if cell.strip() else None
        if status is not None and status.code != "other":
            columns[index] = status.code
    return columns if len(columns) >= 3 else {}


def status_summary_checks(
    ctx: Context, tables: list[TableInfo], initiatives: list[Initiative]
) -> list[Check]:
    """A table of counts per status (実施済み, 予定どおり進んでいる, ...) against the records' statuses."""
    checks: list[Check] = []
    for info in tables:
        columns = status_columns(info)
        if not columns:
            continue
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
            is_total = label_key(name) in ctx.labels.words("total_labels")
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
    return checks


def toc_checks(ctx: Context, toc: list[TocEntry], initiatives: list[Initiative]) -> list[Check]:
    """Leaf entries of a table of contents that carry a page number against the initiatives."""
    leaves = [entry for entry in toc if entry.page and entry.style == "circled"]
    if len(leaves) < 3:
        return []
    titles = {label_key(item.title) for item in initiatives}
    missing = [entry for entry in leaves if label_key(entry.title) not in titles]
    ok = not missing
    not_read = "; not read as records: " + ", ".join(repr(e.title) for e in missing[:20]) if missing else ""
    return [
        Check(
            code="toc-count",
            subject="目次",
            ok=ok,
            expected={"items": len(leaves)},
            found={"items": len(leaves) - len(missing)},
            message=f"table of contents lists {len(leaves)} items; {len(leaves) - len(missing)} found as records"
            + not_read,
            span=Span(
                start_line=leaves[0].span.start_line,
                end_line=leaves[-1].span.end_line,
                page=leaves[0].span.page,
            ),
        )
    ]


def _prose_count(book: LabelBook) -> regex.Pattern[str]:
    """全95項目: 全, a number, one of the count units (data/labels.yaml: prose_count_units)."""
    units = "|".join(
        regex.escape(w) for w in sorted(dict.fromkeys(book.words("prose_count_units")), key=len, reverse=True)
    )
    return regex.compile(r"全[ \u3000]*([0-9０-９]{1,4})[ \u3000]*(?:" + units + r")")


def prose_count_checks(
    ctx: Context, texts: list[tuple[str, Span]], initiatives: list[Initiative]
) -> list[Check]:
    """「全95項目」 in prose against the number of initiatives, when the sentence is about the initiatives
    (it names one of the count subjects in data/labels.yaml)."""
    checks: list[Check] = []
    subjects = ctx.labels.count_subjects
    prose_count = ctx.labels.derived("checks.prose_count", _prose_count)
    for text, span in texts:
        for found in prose_count.finditer(text):
            sentence_start = max(text.rfind("。", 0, found.start()) + 1, 0)
            sentence_end = text.find("。", found.end())
            sentence = text[sentence_start : sentence_end if sentence_end >= 0 else len(text)]
            if not any(word in sentence for word in subjects):
                continue
            printed = numbers.as_int(numbers.parse_number(found.group(1))) or 0
            ok = printed == len(initiatives)
            checks.append(
                Check(
                    code="prose-count",
                    subject=found.group(0),
                    ok=ok,
                    expected={"initiatives": printed},
                    found={"initiatives": len(initiatives)},
                    message=f"{found.group(0)} printed; {len(initiatives)} initiatives read",
                    span=span,
                )
            )
    return checks


def _number(cell: str) -> float | None:
    """The number a cell starts with (▲1.5, 1,200（見込）); None when it starts with no number."""
    return numbers.leading_number(cell)


def table_total_checks(ctx: Context, tables: list[TableInfo]) -> list[Check]:
    """A 合計 row against the sum of the rows above it (rows that are subtotals of the rows below them
    counted once), column by column."""
    checks: list[Check] = []
    for info in tables:
        rows = [r for r in info.rows if r.cells and r.cells[0].strip()]
        totals = [
            r
            for r in rows
            if label_key(r.cells[0]) in ctx.labels.words("total_labels")
            or label_key(r.cells[0]).endswith("合計額")
        ]
        if len(totals) != 1 or rows[-1] is not totals[0] or len(rows) < 3:
            continue
        total_row, body = totals[0], rows[:-1]
        width = len(total_row.cells)
        columns = []
        for column in range(1, width):
            values = [_number(r.cells[column]) if column < len(r.cells) else None for r in body]
            expected = _number(total_row.cells[column])
            if expected is not None and all(v is not None for v in values):
                columns.append((column, values, expected))
        if not columns:
            continue
        plain_ok = all(abs(sum(values) - expected) < 0.051 for _, values, expected in columns)
        top = list(range(len(body))) if plain_ok else _top_level_rows([values for _, values, _ in columns])
        for column, values, expected in columns:
            found = round(sum(values[i] for i in top), 6)
            ok = abs(found - expected) < 0.051
            header = (
                info.header[-1].cells[column]
                if info.header and column < len(info.header[-1].cells)
                else str(column + 1)
            )
            subject = f"{total_row.cells[0].strip()} / {header}"
            checks.append(
                Check(
                    code="table-total",
                    subject=subject,
                    ok=ok,
                    message=f"{subject}: printed {expected:g}, rows add up to {found:g}",
                    span=total_row.span(),
                )
            )
    return checks


#: a subtotal row sums at most this many rows below it (bounds the search: linear in the rows)
MAX_SUBTOTAL_ROWS = 200


def _top_level_rows(columns: list[list[float]]) -> list[int]:
    """Indices of rows that are not inside a subtotal: a row whose every column equals the sum of the
    run of rows right below it is a subtotal, and those rows are its children. Sums come from running
    totals, and a run is at most MAX_SUBTOTAL_ROWS long, so a long table costs linear time."""
    count = len(columns[0])
    totals = [list(accumulate(col, initial=0.0)) for col in columns]
    top: list[int] = []
    index = 0
    while index < count:
        top.append(index)
        best_end = None
        for end in range(index + 3, min(count, index + 1 + MAX_SUBTOTAL_ROWS) + 1):
            if all(abs(run[end] - run[index + 1] - col[index]) < 0.051 for run, col in zip(totals, columns)):
                best_end = end
                break
        index = best_end if best_end is not None else index + 1
    return top


def group_count_checks(ctx: Context, groups: list[Group]) -> list[Check]:
    """A group's printed number of items (実践項目数) against the initiatives linked to it."""
    checks: list[Check] = []
    book = ctx.labels
    for group in groups:
        printed = None
        for field in group.fields:
            if (
                book.field_of(field.label.split(" ")[0]) == "item_count"
                or book.field_of(field.label) == "item_count"
            ):
                printed = numbers.as_int(_number(field.text))
        if printed is None:
            continue
        found = len(group.initiative_keys)
        ok = printed == found
        checks.append(
            Check(
                code="group-count",
                subject=f"{group.id} {group.title}",
                ok=ok,
                expected={"items": printed},
                found={"items": found},
                message=f"{group.title}: {printed} items printed, {found} read",
                span=group.span,
            )
        )
    return checks


#: the warning a failed check of each kind gives
WARNING_OF_CHECK = {
    "status-count": "count-mismatch",
    "prose-count": "count-mismatch",
    "group-count": "count-mismatch",
    "toc-count": "missing-detail",
    "table-total": "total-mismatch",
    "summary-count": "count-mismatch",
}


def warnings_of(checks: list[Check]) -> list[tuple[str, str, Span | None]]:
    """One warning (code, message, span) per failed check."""
    return [
        (WARNING_OF_CHECK.get(check.code, "check-failed"), check.message, check.span)
        for check in checks
        if not check.ok
    ]
