"""Indicators (KPIs) of a record: every measure printed under 現状の数値 / 目標の数値 / 数値, with its name.

A cell may hold several measures (「時間外23人 年休取得11.9日」): each number with a unit is one measure,
named by the words before it. A value without a number (「3月」, 「N年度決算分をN+2年6月に公表」) is kept as
text. The measures of the baseline, the target and each year are matched by their order in the cell.
"""

from __future__ import annotations

import regex

from ..models import Kpi, Quantity
from ..normalize import quantity, vocab

#: what is trimmed around a measure's name
NAME_EDGES = " \u3000：:・、，,()（）[]［］"
#: words before a number that are no part of the measure's name
NAME_TAIL = regex.compile(r"(?:平均|約|計|合計)$")
#: a short text value after the measure's name (「…時期 3月」)
TEXT_VALUE = regex.compile(r"^(.{2,}?)[ \u3000]+(\S{1,10})$")

Measure = tuple[str | None, Quantity]


def _name(text: str) -> str | None:
    name = NAME_TAIL.sub("", text.strip(NAME_EDGES)).strip(NAME_EDGES)
    return name or None


def measures(text: str) -> list[Measure]:
    """(name, value) of each measure in a cell: 「時間外23人 年休取得11.9日」 → 時間外 23人, 年休取得 11.9日."""
    text = (text or "").strip()
    if not text or vocab.is_empty(text):
        return []
    spans = quantity.quantity_spans(text)
    if not spans:
        found = TEXT_VALUE.match(text)
        if found and not quantity.quantity_spans(found.group(2)):
            return [(_name(found.group(1)), Quantity(raw=found.group(2)))]
        return [(None, Quantity(raw=text))]
    out: list[Measure] = []
    position = 0
    for start, end, value in spans:
        out.append((_name(text[position:start]), value))
        position = end
    return out


def kpis_of(baselines: list[str], targets: list[str], yearly: dict[int, list[str]]) -> list[Kpi]:
    """One KPI per measure position: the n-th measure of the baseline, the target and every year."""
    baselines, targets = list(dict.fromkeys(baselines)), list(dict.fromkeys(targets))  # printed twice
    base = [m for text in baselines for m in measures(text)]
    goal = [m for text in targets for m in measures(text)]
    years = {fy: [m for text in texts for m in measures(text)] for fy, texts in sorted(yearly.items())}
    count = max([len(base), len(goal), *(len(found) for found in years.values())], default=0)
    raw = "\n".join(baselines + targets)
    out: list[Kpi] = []
    for position in range(count):
        picked = [found[position] for found in (base, goal, *years.values()) if position < len(found)]
        name = next((name for name, _ in picked if name), None)
        out.append(
            Kpi(
                name=name,
                baseline=base[position][1] if position < len(base) else None,
                target=goal[position][1] if position < len(goal) else None,
                yearly={fy: found[position][1] for fy, found in years.items() if position < len(found)},
                raw=raw,
            )
        )
    return out
