"""Cross-checks between what a document prints and what was read from it → checks and warnings."""

from __future__ import annotations

from collections import Counter, defaultdict

import regex

from .context import Context
from .labels import label_key
from .models import Check, Group, Initiative, Span
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


PROSE_COUNT = regex.compile(r"全[ \u3000]*([0-9０-９]{1,4})[ \u3000]*(?:項目|件|事業|取組)")


def prose_count_checks(
    ctx: Context, texts: list[tuple[str, Span]], initiatives: list[Initiative]
) -> list[Check]:
    """「全95項目」 in prose against the number of initiatives, when the sentence is about the initiatives
    (it names one of the count subjects in data/labels.yaml)."""
    checks: list[Check] = []
    subjects = ctx.labels.count_subjects
    for text, span in texts:
        for found in PROSE_COUNT.finditer(text):
            sentence_start = max(text.rfind("。", 0, found.start()) + 1, 0)
            sentence_end = text.find("。", found.end())
            sentence = text[sentence_start : sentence_end if sentence_end >= 0 else len(text)]
            if not any(word in sentence for word in subjects):
                continue
            printed = int(found.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
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
            if not ok:
                ctx.warn(
                    "count-mismatch",
                    f"the text says {found.group(0)} but {len(initiatives)} initiatives were read",
                    span,
                )
    return checks


def _number(cell: str) -> float | None:
    found = regex.match(r"^[ \u3000]*([▲△-]?)([0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?)", cell or "")
    if not found:
        return None
    digits = (
        found.group(2).translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,")).replace(",", "")
    )
    value = float(digits)
    return -value if found.group(1) else value


def table_total_checks(ctx: Context, tables: list[TableInfo]) -> list[Check]:
    """A 合計 row against the sum of the rows above it (rows that are subtotals of the rows below them
    counted once), column by column."""
    checks: list[Check] = []
    for info in tables:
        rows = [r for r in info.rows if r.cells and r.cells[0].strip()]
        totals = [
            r
            for r in rows
            if label_key(r.cells[0]) in TOTAL_LABELS or label_key(r.cells[0]).endswith("合計額")
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
            if not ok:
                ctx.warn(
                    "total-mismatch",
                    f"{subject}: printed {expected:g} but the rows add up to {found:g}",
                    total_row.span(),
                )
    return checks


def _top_level_rows(columns: list[list[float]]) -> list[int]:
    """Indices of rows that are not inside a subtotal: a row whose every column equals the sum of the
    run of rows right below it is a subtotal, and those rows are its children."""
    count = len(columns[0])
    top: list[int] = []
    index = 0
    while index < count:
        top.append(index)
        best_end = None
        for end in range(index + 3, count + 1):
            if all(abs(sum(col[index + 1 : end]) - col[index]) < 0.051 for col in columns):
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
                number = _number(field.text)
                printed = int(number) if number is not None else None
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
        if not ok:
            ctx.warn(
                "count-mismatch",
                f"group {group.id} {group.title}: {printed} items printed, {found} read",
                group.span,
            )
    return checks


def detail_checks(ctx: Context, initiatives: list[Initiative]) -> None:
    """Where some items have both a table row and a sheet, an item with only one of them is noted."""
    with_both = [i for i in initiatives if i.layout and "grid" in i.layout and "card" in i.layout]
    if len(with_both) < max(3, len(initiatives) // 4):
        return
    for item in initiatives:
        if item.layout == "grid":
            ctx.warn(
                "missing-detail",
                f"{item.id} {item.title}: listed in a table but no sheet of its own was read",
                item.span,
            )
        elif item.layout == "card":
            ctx.warn("missing-detail", f"{item.title}: a sheet that no table lists", item.span)
