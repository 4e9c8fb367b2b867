"""Committee assessments of groups: a row 「委員評価 | 4.4 /5 | 意見 | comments」 in a group's section."""

from __future__ import annotations

import regex

from ..context import Context
from ..labels import label_key
from ..models import Committee, Group
from ..normalize import numbers

#: 4.4 /5: the scale the score is out of, after a slash
SCALE = regex.compile(r"[/／][ \u3000]*([0-9０-９]+)")


def committee_scores(ctx: Context, groups: list[Group]) -> set[int]:
    """Attach each committee row to the group whose title is the title of the row's section;
    returns the blocks read."""
    read: set[int] = set()
    if not groups:
        return read
    labels = {label_key(word) for word in ctx.labels.committee_labels}
    comment_labels = set(ctx.labels.words("committee_comment_labels"))
    by_title = {label_key(group.title): group for group in groups}
    for index, block in enumerate(ctx.blocks):
        if block.kind != "table":
            continue
        for row in block.rows:
            if not row.cells or label_key(row.cells[0].strip()) not in labels:
                continue
            cells = [c.strip() for c in row.cells]
            group = _group_of(ctx, index, by_title)
            if group is None:
                ctx.warn(
                    "missing-detail",
                    f"a committee score outside any group's section: {cells[:2]}",
                    row.span(),
                )
                continue
            rest = [c for c in cells[1:] if c]
            score = scale = None
            comments: list[str] = []
            for cell in rest:
                leading = numbers.leading_number(cell) if score is None else None
                if leading is not None:
                    score = leading
                    found = SCALE.search(cell)
                    scale = numbers.parse_number(found.group(1)) if found else scale
                elif SCALE.fullmatch(cell.strip()):
                    scale = numbers.parse_number(SCALE.fullmatch(cell.strip()).group(1))
                elif cell in comment_labels:
                    continue
                else:
                    comments.extend(
                        line.lstrip("・ ").strip() for line in cell.split("\n") if line.strip(" ・")
                    )
            committee = group.committee or Committee()
            if score is not None:
                committee.score = score
            if scale is not None:
                committee.scale = scale
            committee.comments.extend(comments)
            group.committee = committee
            read.add(index)
    return read


def _group_of(ctx: Context, index: int, by_title: dict[str, Group]) -> Group | None:
    for section in reversed(ctx.tree.paths[index]):
        group = by_title.get(label_key(section.title))
        if group is not None:
            return group
    return None
