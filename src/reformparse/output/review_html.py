"""The review page as HTML: one self-contained file, the source on the left, the document on the right.

Everything taken from the report is escaped (the source is untrusted), and the page's Content Security
Policy lets only its own script and style run (by their hashes) and loads nothing from the network.
The script and the style are `data/review.js` and `data/review.css`. Links between a record and its
lines are ordinary anchors plus `data-lines` ranges, so the page needs one click listener per pane.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources

from ..models import Check, Document, Initiative, Money, Section, Span, Status, Warning, YearEntry
from .review import LineKey, Review, span_keys


def esc(value: object) -> str:
    """Text (or a number) escaped for HTML text and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def asset(name: str) -> str:
    """A file of reformparse/data (the page's script and style)."""
    return resources.files("reformparse").joinpath("data", name).read_text(encoding="utf-8")


def csp_hash(text: str) -> str:
    """The Content Security Policy source that allows exactly this inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def line_id(page: int | None, line: int) -> str:
    """The element id of a source line: L12, or P3L12 on page 3 of a PDF."""
    return f"L{line}" if page is None else f"P{page}L{line}"


# ------------------------------------------------------------------ where each record is in the source


@dataclass
class Links:
    """Which source lines each record covers, and which record each line links back to."""

    page_ends: dict[int | None, int]
    #: line → the id of the element it links to (an initiative card, a group, a section)
    target: dict[LineKey, str]
    headings: set[LineKey]

    def ranges(self, span: Span | None) -> str:
        """A span as the `data-lines` value the script reads: "page:first-last" ranges, comma-separated."""
        if span is None:
            return ""
        return ",".join(
            f"{'' if page is None else page}:{first}-{last}"
            for page, first, last in span_keys(span, self.page_ends)
        )

    def claim(self, span: Span | None, element: str) -> None:
        """Link a span's lines to an element, unless an earlier record already has them."""
        if span is None:
            return
        for page, first, last in span_keys(span, self.page_ends):
            for line in range(first, last + 1):
                self.target.setdefault((page, line), element)


def build_links(review: Review) -> Links:
    """Lines → records: initiatives first (their main span, then where else they are printed), then
    groups, then section headings."""
    page_ends = {page.number: max((n for n, _ in page.lines), default=0) for page in review.pages}
    links = Links(page_ends=page_ends, target={}, headings=set())
    document = review.document
    for index, item in enumerate(document.initiatives):
        links.claim(item.span, f"i{index}")
    for index, item in enumerate(document.initiatives):
        for span in item.appearances:
            links.claim(span, f"i{index}")
    for index, group in enumerate(document.groups):
        links.claim(group.span, f"g{index}")
    for index, section in enumerate(flat_sections(document.sections)):
        key = (section.span.page, section.span.start_line)
        links.headings.add(key)
        links.target.setdefault(key, f"s{index}")
    return links


def flat_sections(sections: list[Section]) -> list[Section]:
    """Sections in document order, children after their parent."""
    out: list[Section] = []
    for section in sections:
        out.append(section)
        out.extend(flat_sections(section.children))
    return out


# ------------------------------------------------------------------ the source pane


def notes_by_line(document: Document) -> dict[LineKey, list[Warning | Check]]:
    """Warnings and checks with a span, by the first line they name."""
    out: dict[LineKey, list[Warning | Check]] = defaultdict(list)
    for note in [*document.warnings, *document.checks]:
        if note.span is not None:
            out[(note.span.page, note.span.start_line)].append(note)
    return out


def check_text(check: Check) -> str:
    """What a check compared: the counts printed and the counts read (keys that are 0 on both sides left out)."""
    keys = [
        k
        for k in dict.fromkeys([*check.expected, *check.found])
        if check.expected.get(k) or check.found.get(k)
    ]
    if not keys:
        return check.message or check.subject

    def counts(values: dict[str, int]) -> str:
        return ", ".join(f"{key} {values.get(key, 0)}" for key in keys)

    return f"{check.subject}: printed {counts(check.expected)}; read {counts(check.found)}"


def note_html(note: Warning | Check) -> str:
    """A warning (with its code) or a check (ok / mismatch) shown under a source line."""
    if isinstance(note, Check):
        state = "ok" if note.ok else "mismatch"
        text = check_text(note)
        return f'<div class="nt ck {state}"><b>{esc(note.code)} {state}</b> {esc(text)}</div>'
    return f'<div class="nt wn"><b>{esc(note.code)}</b> {esc(note.message)}</div>'


def line_state(review: Review, key: LineKey) -> str:
    """b: no text; p: kept as prose; u: became nothing; d: became data."""
    if key not in review.content:
        return "b"
    if key in review.line_use.prose:
        return "p"
    return "d" if key in review.line_use.used else "u"


#: source lines are drawn in chunks of this many, which the browser lays out only when they are in view
CHUNK_LINES = 100


def source_lines_html(
    review: Review,
    links: Links,
    notes: dict[LineKey, list[Warning | Check]],
    page: int | None,
    lines: list[tuple[int, str]],
) -> list[str]:
    """A page's (or the text's) lines, in chunks, each note under the line it names."""
    out: list[str] = []
    for count, (number, text) in enumerate(lines):
        if count % CHUNK_LINES == 0:
            out.append('</div><div class="chunk">' if count else '<div class="chunk">')
        key = (page, number)
        classes = line_state(review, key)
        if key in links.headings:
            classes += " h"
        target = links.target.get(key)
        if target is not None and target[0] in "ig":
            classes += " r"
        if target is not None:
            gutter = f'<a href="#{target}">{number}</a>'
        else:
            gutter = f"<i>{number}</i>"
        out.append(f'<div class="{classes}" id="{line_id(page, number)}">{gutter}{esc(text)}</div>')
        out.extend(note_html(note) for note in notes.get(key, ()))
    if out:
        out.append("</div>")
    return out


def source_pane(review: Review, links: Links) -> str:
    notes = notes_by_line(review.document)
    parts: list[str] = []
    for page in review.pages:
        lines = source_lines_html(review, links, notes, page.number, page.lines)
        shown = {number for number, _ in page.lines}
        # notes on a line the reader dropped (a page number, a running title): at the top of the page
        astray = [
            note_html(note)
            for (on_page, line), page_notes in sorted(notes.items(), key=lambda item: item[0][1])
            if on_page == page.number and line not in shown
            for note in page_notes
        ]
        lines = astray + lines
        if page.number is None:
            parts.append('<div class="text">' + "".join(lines) + "</div>")
            continue
        image = (
            f'<img loading="lazy" alt="page {page.number}" src="{esc(page.image)}">'
            if page.image
            else '<p class="noimg">no image</p>'
        )
        parts.append(
            f'<div class="page" id="P{page.number}"><div class="pimg">'
            f'<div class="pno">page {page.number}</div>{image}</div>'
            f'<div class="ptext">{"".join(lines)}</div></div>'
        )
    return "".join(parts)


# ------------------------------------------------------------------ the document pane


def where(span: Span | None) -> str:
    """A span as a reader says it: lines 5–9, or p.3 l.5–9."""
    if span is None:
        return ""
    lines = f"{span.start_line}" if span.end_line == span.start_line else f"{span.start_line}–{span.end_line}"
    return f"p.{span.page} l.{lines}" if span.page is not None else f"lines {lines}"


def jump(span: Span | None, links: Links) -> str:
    """A link that highlights a span's lines."""
    if span is None:
        return ""
    first = line_id(span.page, span.start_line)
    return f'<a class="go" href="#{first}" data-lines="{links.ranges(span)}">{esc(where(span))}</a>'


def status_html(status: Status | None) -> str:
    """A status badge: the words as printed, coloured by its code."""
    if status is None:
        return ""
    return f'<span class="st st-{esc(status.code)}" title="{esc(status.code)}">{esc(status.raw)}</span>'


def dl(pairs: list[tuple[str, str | None]]) -> str:
    """Labelled texts as a definition list (empty texts left out)."""
    rows = "".join(f"<dt>{esc(label)}</dt><dd>{esc(text)}</dd>" for label, text in pairs if text)
    return f"<dl>{rows}</dl>" if rows else ""


YEAR_COLUMNS = ("plan", "actual", "status", "grade", "target", "reason")


def year_cell(year: YearEntry, column: str) -> str:
    """One cell of the fiscal-year table."""
    if column == "status":
        return status_html(year.status)
    if column == "plan":
        text = year.plan or ""
        return esc(text) + (f' <span class="ph">{esc(year.phase)}</span>' if year.phase else "")
    return esc(getattr(year, column) or "")


def year_extra(year: YearEntry) -> str:
    """A year's values, money and unmapped rows, in one cell."""
    parts = [value.raw for value in year.values] + [money_text(money) for money in year.money]
    parts += [
        " ".join(filter(None, [task.number, task.text])) + (f" → {task.result}" if task.result else "")
        for task in year.tasks
    ]
    parts += [f"{label}: {text}" for label, text in year.other.items()]
    return esc("; ".join(parts))


def years_table(years: list[YearEntry]) -> str:
    """The fiscal years of a record, with only the columns some year fills."""
    if not years:
        return ""
    columns = [c for c in YEAR_COLUMNS if any(getattr(y, c) or (c == "plan" and y.phase) for y in years)]
    extra = any(y.values or y.money or y.tasks or y.other for y in years)
    head = "".join(f"<th>{c}</th>" for c in columns) + ("<th>other</th>" if extra else "")
    body = "".join(
        f"<tr><th>FY{year.fiscal_year}</th>"
        + "".join(f"<td>{year_cell(year, c)}</td>" for c in columns)
        + (f"<td>{year_extra(year)}</td>" if extra else "")
        + "</tr>"
        for year in years
    )
    return f'<table class="yr"><tr><th>year</th>{head}</tr>{body}</table>'


def money_text(money: Money) -> str:
    """A money figure as printed, with its yen, label and fiscal year."""
    yen = f" = ¥{money.yen:,}" if money.yen is not None else ""
    label = f"{money.label}: " if money.label else ""
    year = f" (FY{money.fiscal_year})" if money.fiscal_year else ""
    return f"{label}{money.raw}{yen}{year}"


def kpi_list(item: Initiative) -> str:
    """A record's KPIs: name, baseline, target, per-year values."""
    rows = []
    for kpi in item.kpis:
        parts = [kpi.name or "KPI"]
        if kpi.baseline:
            parts.append(f"baseline {kpi.baseline.raw}")
        if kpi.target:
            parts.append(f"target {kpi.target.raw}")
        parts += [f"FY{year} {value.raw}" for year, value in sorted(kpi.yearly.items())]
        rows.append("<li>" + esc(" · ".join(parts)) + "</li>")
    return f'<ul class="kpi">{"".join(rows)}</ul>' if rows else ""


def card_html(index: int, item: Initiative, links: Links, groups: dict[str, int]) -> str:
    """One initiative: heading, badges, departments, texts, years, KPIs, money, printed fields."""
    deps = "\n".join(item.departments)
    status = item.status.code if item.status else "none"
    badges = status_html(item.status)
    if item.grade:
        badges += f' <span class="gr">grade {esc(item.grade)}</span>'
    meta = [esc(", ".join(item.departments)) if item.departments else "no department"]
    if item.group_id is not None and item.group_id in groups:
        meta.append(f'<a href="#g{groups[item.group_id]}">group {esc(item.group_id)}</a>')
    if item.layout:
        meta.append(f"read as {esc(item.layout)}")
    if item.period:
        meta.append(esc(item.period.raw))
    texts = dl(
        [
            ("background", item.background),
            ("content", item.content),
            ("goal", item.goal),
            ("effect", item.effect),
            ("result", item.result),
            ("next steps", item.next_steps),
        ]
    )
    money = "".join(f"<li>{esc(money_text(m))}</li>" for m in item.money)
    scores = ", ".join(f"{name} {value:g}" for name, value in item.scores.items())
    extra = dl([("scores", scores), ("themes", ", ".join(item.themes))])
    also = " ".join(jump(span, links) for span in item.appearances)
    fields = ""
    if item.fields:
        fields = (
            f"<details><summary>printed fields ({len(item.fields)})</summary>"
            f"{dl([(f.label, f.text) for f in item.fields])}</details>"
        )
    return (
        f'<article class="card" id="i{index}" data-lines="{links.ranges(item.span)}" '
        f'data-st="{esc(status)}" data-dep="{esc(deps)}">'
        f'<h3><span class="sid">{esc(item.id or item.key)}</span> {esc(item.title)} {badges}</h3>'
        f'<p class="meta">{" · ".join(meta)} · {jump(item.span, links)}'
        f"{' · also ' + also if also else ''}</p>"
        f"{texts}{years_table(item.years)}{kpi_list(item)}"
        f"{'<ul class=money>' + money + '</ul>' if money else ''}{extra}{fields}</article>"
    )


def cards_html(document: Document, links: Links) -> str:
    """The initiatives in order, a box per run with the same section path."""
    groups = {group.id: index for index, group in enumerate(document.groups) if group.id is not None}
    out: list[str] = []
    path: list[str] | None = None
    for index, item in enumerate(document.initiatives):
        if item.section_path != path:
            if path is not None:
                out.append("</section>")
            path = item.section_path
            out.append(f'<section class="run"><h2>{esc(" › ".join(path) or "(no section)")}</h2>')
        out.append(card_html(index, item, links, groups))
    if path is not None:
        out.append("</section>")
    return "".join(out)


def outline_html(document: Document, links: Links) -> str:
    """The section tree, each heading a link that highlights its span (ids s0, s1, … in document order)."""
    counter = iter(range(1 << 30))

    def items(sections: list[Section]) -> str:
        rows = []
        for section in sections:
            number = f"{section.number} " if section.number else ""
            rows.append(
                f'<li id="s{next(counter)}"><a class="go" href="#{line_id(section.span.page, section.span.start_line)}" '
                f'data-lines="{links.ranges(section.span)}">{esc(number + section.title)}</a>'
                f"{items(section.children)}</li>"
            )
        return f"<ul>{''.join(rows)}</ul>" if rows else ""

    return items(document.sections)


def groups_html(document: Document, links: Links) -> str:
    """The groups, with grade, committee score and their span."""
    rows = []
    for index, group in enumerate(document.groups):
        committee = ""
        if group.committee and group.committee.score is not None:
            committee = f" · committee {group.committee.score:g}/{group.committee.scale or '?'}"
        grade = f" · grade {group.grade}" if group.grade else ""
        rows.append(
            f'<li id="g{index}" class="grp" data-lines="{links.ranges(group.span)}">'
            f'<span class="sid">{esc(group.id or group.key)}</span> {esc(group.title)}{esc(grade + committee)} '
            f"· {len(group.initiative_keys)} initiatives {jump(group.span, links)}</li>"
        )
    return f"<ul>{''.join(rows)}</ul>"


def tables_html(document: Document, links: Links) -> str:
    """The tables no recognizer read, with their span."""
    rows = [
        f"<li>{esc(table.caption or table.key)} · {len(table.rows)} rows"
        f"{' · ' + esc(table.layout) if table.layout else ''} {jump(table.span, links)}</li>"
        for table in document.tables
    ]
    return f"<ul>{''.join(rows)}</ul>"


def details(title: str, body: str, count: int, *, open_: bool = False) -> str:
    """A folded list (nothing when it is empty)."""
    if not count:
        return ""
    return f"<details{' open' if open_ else ''}><summary>{esc(title)} ({count})</summary>{body}</details>"


def doc_pane(document: Document, links: Links) -> str:
    """The right side: outline, groups, other tables, then the initiative cards."""
    return (
        details("sections", outline_html(document, links), len(document.sections))
        + details("groups", groups_html(document, links), len(document.groups))
        + details("tables not read as records", tables_html(document, links), len(document.tables))
        + (cards_html(document, links) or '<p class="none">no initiatives were read</p>')
    )


# ------------------------------------------------------------------ the header


def facts_html(document: Document) -> str:
    """Title, place and code, kind, period, source."""
    place = document.municipality or "municipality unknown"
    if document.municipality_code:
        place += f" ({document.municipality_code})"
    if document.prefecture:
        place = f"{document.prefecture} {place}"
    source = document.source
    size = f"{source.pages} pages" if source.pages else f"{source.lines or 0} lines"
    facts = [
        place,
        f"kind: {document.kind}",
        f"period: {document.period.raw}" if document.period else "period unknown",
        f"{source.name} ({source.format}, {size})",
        document.generator,
    ]
    return f'<h1>{esc(document.title or "(no title)")}</h1><p class="facts">{esc(" · ".join(facts))}</p>'


def counts_html(review: Review) -> str:
    """What was read, and how much of the source it covers (with the line colours' key)."""
    document = review.document
    cov = document.coverage
    bad = sum(1 for check in document.checks if not check.ok)
    unread = len(review.content - review.line_use.used - review.line_use.prose)
    return (
        f'<p class="counts"><b>{len(document.initiatives)}</b> initiatives · {len(document.groups)} groups · '
        f"{len(document.sections)} top sections · {len(document.tables)} other tables · "
        f"{len(document.warnings)} warnings · {len(document.checks)} checks ({bad} mismatch) · "
        f"coverage {cov.lines_used}/{cov.lines_total} lines ({cov.ratio:.1%}), "
        f'<button type="button" class="key p" data-next="p" title="show the next prose line"'
        f"{' disabled' if not cov.prose_lines else ''}>{cov.prose_lines} prose ›</button> "
        f'<button type="button" class="key u" data-next="u" title="show the next line that became nothing"'
        f"{' disabled' if not unread else ''}>{unread} unread ›</button> "
        f'<span class="key r">record</span> <span class="key d">other data</span></p>'
    )


def notes_html(document: Document, links: Links) -> str:
    """Checks, warnings and document amounts, folded."""
    checks = "".join(
        f'<li class="{"ok" if c.ok else "mismatch"}"><b>{"ok" if c.ok else "mismatch"}</b> '
        f"{esc(c.code)} · {esc(check_text(c))} "
        f"{jump(c.span, links)}</li>"
        for c in document.checks
    )
    warnings = "".join(
        f"<li><b>{esc(w.code)}</b> {esc(w.message)} {jump(w.span, links)}</li>" for w in document.warnings
    )
    amounts = "".join(f"<li>{esc(money_text(m))}</li>" for m in document.amounts)
    return (
        details("checks", f'<ul class="checks">{checks}</ul>', len(document.checks))
        + details(
            "warnings", f"<ul>{warnings}</ul>", len(document.warnings), open_=len(document.warnings) <= 3
        )
        + details("amounts", f"<ul>{amounts}</ul>", len(document.amounts))
    )


def filter_html(document: Document) -> str:
    """The filter box: text, status, department (each option with its count)."""
    statuses = Counter(item.status.code if item.status else "none" for item in document.initiatives)
    departments = Counter(dep for item in document.initiatives for dep in set(item.departments))
    status_options = "".join(
        f'<option value="{esc(s)}">{esc(s)} ({n})</option>' for s, n in sorted(statuses.items())
    )
    dep_options = "".join(
        f'<option value="{esc(d)}">{esc(d)} ({n})</option>' for d, n in sorted(departments.items())
    )
    return (
        '<div id="filter"><input id="fq" type="search" placeholder="filter: text in a card" '
        'aria-label="text"> <select id="fs" aria-label="status"><option value="">any status</option>'
        f'{status_options}</select> <select id="fd" aria-label="department">'
        f'<option value="">any department</option>{dep_options}</select> '
        f'<span id="shown">{len(document.initiatives)} shown</span></div>'
    )


def render_review(review: Review) -> str:
    """The whole page."""
    document = review.document
    links = build_links(review)
    script, style = asset("review.js"), asset("review.css")
    policy = (
        f"default-src 'none'; img-src data:; style-src {csp_hash(style)}; script-src {csp_hash(script)}; "
        "base-uri 'none'; form-action 'none'"
    )
    kind = "kind-pdf" if review.is_pdf else "kind-text"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="ja"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(policy)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>review: {esc(document.title or document.source.name)}</title><style>{style}</style></head>"
        f'<body class="{kind}"><header>{facts_html(document)}{counts_html(review)}'
        f"{notes_html(document, links)}{filter_html(document)}</header>"
        f'<main><section id="src" class="pane" aria-label="source">{source_pane(review, links)}</section>'
        f'<section id="doc" class="pane" aria-label="document">{doc_pane(document, links)}</section></main>'
        f"<script>{script}</script></body></html>\n"
    )
