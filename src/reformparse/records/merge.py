"""One initiative printed in several places (a summary table, a table per group, a progress sheet)
becomes one record: its appearances are merged, and where they disagree a warning says so."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..context import Context
from ..labels import label_key
from ..models import Group, Initiative
from ..normalize import similarity

SAME_TITLE = 0.6  # with the same id: a title printed with a typo is still the same item
SAME_TITLE_WITHOUT_ID = 0.9  # without an id, only a near-identical title merges
MIN_SIMILAR = min(SAME_TITLE, SAME_TITLE_WITHOUT_ID)


EDITORIAL = regex.compile(r"[【［\[][^】］\]]{0,20}[】］\]]")


@lru_cache(maxsize=16384)
def _title_key(title: str) -> str:
    """A title as titles are compared: no spaces, width folded, no editorial note."""
    return label_key(EDITORIAL.sub("", title).replace("*", ""))


@lru_cache(maxsize=65536)
def _similar(a: str, b: str) -> float:
    """Title similarity, ignoring spaces, width and editorial notes such as 【R5内容変更】."""
    a, b = _title_key(a), _title_key(b)
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return similarity.ratio_from(a, b, MIN_SIMILAR)  # below MIN_SIMILAR: a bound, enough for every caller


def _merge_years(ctx: Context, target: Initiative, other: Initiative) -> None:
    by_year = {entry.fiscal_year: entry for entry in target.years}
    for entry in other.years:
        mine = by_year.get(entry.fiscal_year)
        if mine is None:
            by_year[entry.fiscal_year] = entry
            continue
        for name in ("plan", "phase", "actual", "status", "grade", "target", "reason"):
            theirs, ours = getattr(entry, name), getattr(mine, name)
            if ours is None and theirs is not None:
                setattr(mine, name, theirs)
            elif ours is not None and theirs is not None and ours != theirs and name == "grade":
                ctx.warn(
                    "row-misaligned",
                    f"{target.id} {target.title}: fiscal {entry.fiscal_year} grade {ours} here, {theirs} at line "
                    f"{other.span.start_line}; the first is kept",
                    other.span,
                )
        mine.values.extend(v for v in entry.values if v not in mine.values)
        mine.money.extend(m for m in entry.money if m not in mine.money)
        mine.tasks.extend(t for t in entry.tasks if t not in mine.tasks)
        for key, value in entry.other.items():
            mine.other.setdefault(key, value)
    target.years = [by_year[year] for year in sorted(by_year)]


def merge_into(ctx: Context, target: Initiative, other: Initiative) -> None:
    """Fill what `target` lacks from `other`; warn where both have a different value."""
    for name in (
        "group_id",
        "period",
        "background",
        "content",
        "goal",
        "effect",
        "result",
        "next_steps",
        "status",
    ):
        if getattr(target, name) is None and getattr(other, name) is not None:
            setattr(target, name, getattr(other, name))
    if target.grade is None:
        target.grade = other.grade
    elif other.grade is not None and other.grade != target.grade:
        ctx.warn(
            "row-misaligned",
            f"{target.id} {target.title}: overall grade {target.grade} here, {other.grade} at line "
            f"{other.span.start_line}; the first is kept",
            other.span,
        )
    for criterion, value in other.scores.items():
        mine = target.scores.get(criterion)
        if mine is None:
            target.scores[criterion] = value
        elif mine != value:
            ctx.warn(
                "row-misaligned",
                f"{target.id} {target.title}: {criterion} {mine:g} here, {value:g} at line {other.span.start_line}",
                other.span,
            )
    for unit in other.departments:
        if unit not in target.departments:
            target.departments.append(unit)
    for detail in other.department_details:
        if detail not in target.department_details:
            target.department_details.append(detail)
    for unit in other.related_departments:
        if unit not in target.related_departments:
            target.related_departments.append(unit)
    for theme in other.themes:
        if theme not in target.themes:
            target.themes.append(theme)
    seen = {(f.label, f.text) for f in target.fields}
    target.fields.extend(f for f in other.fields if (f.label, f.text) not in seen)
    target.kpis.extend(k for k in other.kpis if k not in target.kpis)
    target.money.extend(m for m in other.money if m not in target.money)
    if target.id is None and other.id is not None:
        target.id, target.id_raw = other.id, other.id_raw
    _merge_years(ctx, target, other)
    if other.layout and other.layout not in (target.layout or "").split("+"):
        target.layout = f"{target.layout}+{other.layout}" if target.layout else other.layout
    target.appearances.append(other.span)


def merge_initiatives(ctx: Context, items: list[Initiative], detail: frozenset[str]) -> list[Initiative]:
    """Merge appearances of the same initiative (same id and a similar title, or a near-identical
    title without an id); order is that of first appearance. `detail` names the layouts whose
    records are per-item sheets (see records/base.py)."""
    kept: list[Initiative] = []
    by_id: dict[str, list[Initiative]] = {}
    #: title (as compared) → the kept items with it, in order: a sheet with the very same title as a
    #: listed item merges into it without comparing it with every other item
    by_title: dict[str, list[Initiative]] = {}
    for item in items:
        match = None
        if item.id is not None:
            for candidate in by_id.get(item.id, []):
                same_group = (
                    item.group_id is None or candidate.group_id is None or item.group_id == candidate.group_id
                )
                # rows of tables may repeat an item anywhere; cards only within the same section
                same_place = item.section_path == candidate.section_path or not (
                    item.layout in detail or candidate.layout in detail
                )
                if same_group and same_place and _similar(candidate.title, item.title) >= SAME_TITLE:
                    match = candidate
                    break
        if match is None and item.layout in detail:
            # a sheet about an item that a table lists: merge by title, with the most similar title
            # (水道管の… and 下水道管の… are two items)
            best = SAME_TITLE_WITHOUT_ID
            key = _title_key(item.title)
            same = by_title.get(key, []) if key else []
            match = next((c for c in same if c.id is not None and c.layout not in detail), None)
            for candidate in kept if match is None else ():  # the first of the equal titles is the answer
                if candidate.id is None or candidate.layout in detail:
                    continue
                similarity = _similar(candidate.title, item.title)
                if similarity >= best and (match is None or similarity > best):
                    match, best = candidate, similarity
                    if similarity == 1.0:
                        break
        if match is not None:
            if match.layout in detail and item.layout in detail:
                ctx.warn(
                    "duplicate-id",
                    f"{item.id_raw or item.id} {item.title} is printed twice in the same section; the two are merged",
                    item.span,
                )
            merge_into(ctx, match, item)
            continue
        kept.append(item)
        by_title.setdefault(_title_key(item.title), []).append(item)
        if item.id is not None:
            by_id.setdefault(item.id, []).append(item)
    return kept


def merge_groups(groups: list[Group]) -> list[Group]:
    """One group per id: later tables fill what the first lacks."""
    kept: dict[str, Group] = {}
    out: list[Group] = []
    for group in groups:
        key = group.id or group.title
        first = kept.get(key)
        if first is None:
            kept[key] = group
            out.append(group)
            continue
        first.grade = first.grade or group.grade
        first.committee = first.committee or group.committee
        for name, value in group.scores.items():
            first.scores.setdefault(name, value)
        first.themes.extend(t for t in group.themes if t not in first.themes)
        first.fields.extend(f for f in group.fields if f not in first.fields)
    return out


def link_groups(ctx: Context, groups: list[Group], items: list[Initiative]) -> None:
    """Each group lists the keys of its initiatives; an initiative naming an unknown group is warned."""
    by_id = {group.id: group for group in groups if group.id}
    for item in items:
        if item.group_id is None:
            continue
        group = by_id.get(item.group_id)
        if group is None:
            if groups:
                ctx.warn(
                    "missing-detail",
                    f"{item.id} {item.title}: group {item.group_id} is not listed",
                    item.span,
                )
            continue
        group.initiative_keys.append(item.key)


def unmatched_appearances(ctx: Context, initiatives: list[Initiative], detail: frozenset[str]) -> None:
    """Where some items have both a listing row and a detail sheet, an item with only one of them is
    noted (`missing-detail`)."""

    def parts(item: Initiative) -> set[str]:
        return set((item.layout or "").split("+")) - {""}

    with_both = [i for i in initiatives if parts(i) & detail and parts(i) - detail]
    if len(with_both) < max(3, len(initiatives) // 4):
        return
    for item in initiatives:
        if parts(item) and not parts(item) & detail:
            ctx.warn(
                "missing-detail",
                f"{item.id} {item.title}: listed in a table but no sheet of its own was read",
                item.span,
            )
        elif parts(item) and parts(item) <= detail:
            ctx.warn("missing-detail", f"{item.title}: a sheet that no table lists", item.span)


__all__ = ["merge_initiatives", "merge_groups", "link_groups", "unmatched_appearances"]
