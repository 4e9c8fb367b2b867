"""Identity: ids reconciled where the same number is printed for two plans, keys unique in the
document and stable between runs, groups keyed and linked to their initiatives.

Runs after the records are read and merged and before the checks.
"""

from __future__ import annotations

from collections import Counter

import regex

from .context import Context
from .labels import label_key
from .models import Group, Initiative
from .sections import CIRCLED, marker_number
from .tables import TableInfo

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


def heading_path(ctx: Context, item: Initiative) -> tuple[str, ...]:
    """The section path without the category cells a table carried down (a plan's numbering runs
    across its categories)."""
    categories = [f.text for f in item.fields if ctx.labels.field_of(f.label) == "category"]
    return tuple(p for p in item.section_path if not any(p in text for text in categories))


def reconcile_ids(ctx: Context, initiatives: list[Initiative], tables: list[TableInfo]) -> None:
    """Two initiatives with the same id in the same section: warn, and take the number another table
    prints for the same title where there is one (the record keeps `id_raw` as printed)."""
    seen: dict[tuple[str, tuple[str, ...]], Initiative] = {}
    numbering: dict[str, str] | None = None
    for item in initiatives:
        if item.id is None:
            continue
        key = (item.id, heading_path(ctx, item))
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
            key = (item.id, heading_path(ctx, item))
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
    return marker_number(marker) or ""


def key_groups(groups: list[Group]) -> None:
    """A group's key: g + its id, else g + its position."""
    for position, group in enumerate(groups, 1):
        group.key = f"g{group.id}" if group.id else f"g{position}"


def assign_identity(
    ctx: Context, initiatives: list[Initiative], groups: list[Group], tables: list[TableInfo]
) -> None:
    """The identity stage: ids reconciled, keys assigned, groups keyed and linked."""
    from .records.merge import link_groups

    reconcile_ids(ctx, initiatives, tables)
    assign_keys(initiatives, ctx)
    key_groups(groups)
    link_groups(ctx, groups, initiatives)
