"""Document-level facts: title, municipality, kind, plan name, period, headline amounts."""

from __future__ import annotations

import regex

from .context import Context
from .labels import LabelBook, active_labels
from .models import Footnote, Money, Period, Span
from .normalize import era, money
from .normalize.text import ascii_digits
from .sections import strip_spaces
from .tables import COLUMN_UNIT, TableInfo

#: a line that starts with an era date (令和7年7月, 令和7年（2025年）7月30日)
DATE_LINE = regex.compile(
    rf"^{era.ERA_NAME}{era.SP}{era.ERA_NUMBER}{era.SP}年{era.YEAR_NOTE}?{era.SP}[0-9０-９]{{1,2}}{era.SP}月"
)
#: a period: two era years (each with a short note) joined by ～, から or a dash
_RANGE_END = r"(" + era.YEAR_WITH_UNIT_TEXT + r"(?:[（(][^）)]{0,8}[）)])?)"
RANGE = regex.compile(_RANGE_END + era.SP + r"(?:～|〜|~|から|－|-|—|―)" + era.SP + _RANGE_END)


BREADCRUMB = regex.compile(r"\S[ \u3000]*[>＞›»][ \u3000]*\S.*[>＞›»]")
PAGE_COUNTER = regex.compile(
    r"^[(（]?[0-9０-９]{1,4}(?:[/／][0-9０-９]{1,4})?[)）]?$|^[-－―ー][ \u3000]*[0-9０-９]+[ \u3000]*[-－―ー]$"
)
CONTINUES_TITLE = regex.compile(r"^[・･(（]|[・･]$")
GREGORIAN_DATE = regex.compile(r"^[0-9０-９]{4}[年/／.][0-9０-９]{1,2}[月/／.]")
#: 別紙1, 資料2, 参考: a label of the attachment printed before (or above) its title
ATTACHMENT = regex.compile(r"^(?:別紙|別添|資料|参考|様式)[0-9０-９IⅠⅡⅢ]*(?:[ \u3000]+|$)")
#: a line after the first that is longer than this is not part of the title (a menu, a lead sentence)
MAX_TITLE_CONTINUATION = 40
#: the cover is looked for in this many blocks from the top
COVER_WINDOW = 40


def is_boilerplate(text: str, book: LabelBook | None = None) -> bool:
    """A web page's or a conversion site's furniture: menus, breadcrumbs, update dates, counters."""
    book = book or active_labels()
    if BREADCRUMB.search(text) or PAGE_COUNTER.match(text) or text.startswith("/"):
        return True
    if GREGORIAN_DATE.match(text) and len(text) <= 30:
        return True
    if text in book.words("boilerplate_lines"):
        return True
    return any(word in text for word in book.words("boilerplate")) and len(text) <= 80


def _ends_title(ctx: Context, lines: list[str], text: str) -> bool:
    """Whether a line after the first title line is no longer part of the title."""
    if len(text) > MAX_TITLE_CONTINUATION or "…" in text or "。" in text:
        return True
    continues = CONTINUES_TITLE.search(text) or CONTINUES_TITLE.search(lines[-1])
    if text[:1] in "○●■◆□" and not continues:
        return True  # a bullet or heading mark opens the body
    if len(strip_spaces(text)) < 5 and kind_of(strip_spaces(text), ctx.labels) == "unknown" and not continues:
        return True  # a word of its own (区分, 歳出): a label or a cell, not the rest of the title
    said = kind_of(strip_spaces(lines[0]), ctx.labels) != "unknown"
    # the title said what it is; a line that does not is not part of it
    return bool(said and kind_of(strip_spaces(text), ctx.labels) == "unknown" and not continues)


def cover_lines(ctx: Context) -> tuple[list[str], list[int]]:
    """The title lines at the top: after any site boilerplate, short text lines before a date, a
    heading, a table or prose (up to three; a line of boilerplate ends them)."""
    lines: list[str] = []
    indices: list[int] = []
    skipped: list[int] = []
    window = ctx.blocks[:COVER_WINDOW]
    # a breadcrumb (トップ > 市政 > …) ends a web page's menus: the title comes after it
    crumbs = [i for i, b in enumerate(window) if b.kind == "text" and BREADCRUMB.search(b.text)]
    start = crumbs[-1] + 1 if crumbs else 0
    menus = [i for i in range(start) if window[i].kind == "text" and len(window[i].text.strip()) <= 20]
    for index, block in enumerate(window):
        if index < start:
            continue
        if block.kind != "text" or index in ctx.tree.headings and lines or index in ctx.tree.toc_blocks:
            break
        text = block.text.strip()
        if is_boilerplate(text, ctx.labels) or (not lines and ATTACHMENT.fullmatch(text)):
            if lines:
                break
            skipped.append(index)
            continue
        if lines and text in lines:
            indices.append(index)  # the title printed twice (a page heading and the title)
            continue
        if lines and _ends_title(ctx, lines, text):
            break
        text = ATTACHMENT.sub("", text) if not lines else text
        titled_range = not lines and kind_of(text, ctx.labels) != "unknown"
        if DATE_LINE.match(text) or (RANGE.search(text) and not titled_range):
            break
        if "。" in text or len(text) > 80:
            skipped.append(index)
            if len(skipped) > COVER_WINDOW // 2:
                break
            continue
        lines.append(text)
        indices.append(index)
        if len(lines) == 3:
            break
    furniture = [i for i in skipped if is_boilerplate(ctx.blocks[i].text.strip(), ctx.labels)]
    return lines, indices + furniture + menus + crumbs


def _fold_letter_spacing(line: str) -> str:
    """A letter-spaced line closes up (実 施 計 画 → 実施計画); a line with words keeps one space
    between them, as printed (上越市行政改革推進計画 令和5年度の取組状況)."""
    tokens = line.split()
    if len(tokens) >= 3 and sum(1 for t in tokens if len(t) == 1) >= 0.6 * len(tokens):
        return strip_spaces(line)
    return " ".join(tokens)


def title_of(lines: list[str]) -> str | None:
    """Cover lines joined: `・` and spaced-out letters close up."""
    if not lines:
        return None
    parts = [_fold_letter_spacing(line) for line in lines]
    title = parts[0]
    for part in parts[1:]:
        if part in ("・", "･") or title.endswith(("・", "･")):
            title += part
        else:
            title = f"{title} {part}"
    return title.replace(" ・ ", "・")


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(dict.fromkeys(words), key=len, reverse=True))


def kind_of(text: str, labels: LabelBook | None = None) -> str:
    """plan / progress / results / evaluation / unknown from the title's words (labels: document_kinds;
    a user's words are tried first)."""
    for kind, word in (labels or active_labels()).pairs("document_kinds"):
        if word in text:
            return kind
    return "unknown"


def _plan_suffixes(book: LabelBook) -> regex.Pattern[str]:
    """The endings of a title that are not part of the plan's name (plan_name_suffixes, plan_name_cuts)."""
    suffixes = _alternation(book.words("plan_name_suffixes"))
    cuts = _alternation(book.words("plan_name_cuts"))
    return regex.compile(r"(?:(?:" + suffixes + r")|(?:" + cuts + r").*)$")


def plan_name_of(title_lines: list[str], labels: LabelBook | None = None) -> str | None:
    """The reform plan the document is about."""
    if not title_lines:
        return None
    quoted = regex.search(r"「([^」]+)」", title_lines[0])
    if quoted:
        return quoted.group(1)
    suffixes = (labels or active_labels()).derived("document.plan_suffixes", _plan_suffixes)
    name = suffixes.sub("", strip_spaces(title_lines[0])).strip()
    return name or None


def period_of(ctx: Context) -> Period | None:
    """The plan's own period: the first year range near the top of the document; else one that a
    period heading or label (取組期間, 計画期間 — the `period` labels) or a sentence naming the period
    gives (令和2年度から令和6年度までの5年間の取組期間), else a start and a length
    (令和2年度からスタートした…5年間)."""
    top = [(block.text, _range_in(block.text)) for block in ctx.blocks[:40] if block.kind == "text"]
    # ranges that stand alone on their lines, one after another (実施年度 昭和56年度~昭和57年度, then
    # 昭和58年度~…): a list of past plans' periods, none of them this document's own
    listed = {(p.start_fiscal_year, p.end_fiscal_year) for text, p in top if p is not None and _bare(text, p)}
    for text, period in top:
        if period is not None and not (len(listed) > 1 and _bare(text, period)):
            return period
    words = _period_words(ctx)
    for index, block in enumerate(ctx.blocks):
        text = block.text if block.kind == "text" else " ".join(c for row in block.rows for c in row.cells)
        if not any(word in text for word in words):
            continue
        # the label's or heading's own line, else the line right after it
        for candidate in (text, *(b.text for b in ctx.blocks[index + 1 : index + 2] if b.kind == "text")):
            period = _range_in(candidate)
            if period is not None:
                return period
    for block in ctx.blocks:
        if block.kind == "text":
            period = _start_and_length(block.text)
            if period is not None:
                return period
    return None


def _period_words(ctx: Context) -> list[str]:
    """The period labels (取組期間, 計画期間 …) of three characters or more."""
    return [word for name, word in ctx.labels.pairs("fields") if name == "period" and len(word) >= 3]


#: a range written short: the unit only at the end, the era only at the start (平成29~令和元年度,
#: 令和2~6年度, 平成18年度から22年度まで)
SHORT_RANGE = regex.compile(
    r"(?P<start>(?P<era>"
    + era.ERA_NAME
    + r")"
    + era.SP
    + era.ERA_NUMBER
    + r"(?:"
    + era.SP
    + r"年度)?)"
    + era.SP
    + r"(?:～|〜|~|から|－|-)"
    + era.SP
    + r"(?P<end>(?:"
    + era.ERA_NAME
    + r")?"
    + era.SP
    + era.ERA_NUMBER
    + era.SP
    + r"年度)"
)


def _range_in(text: str) -> Period | None:
    """The first range of fiscal years in a text, in full or written short."""
    found = RANGE.search(text)
    if found:
        start, end = found.group(1), found.group(2)
    else:
        found = SHORT_RANGE.search(text)
        if not found:
            return None
        start, end = found.group("start"), found.group("end").strip()
        if not regex.match(era.ERA_NAME, end):
            end = found.group("era") + end  # 平成18年度から22年度: the end takes the start's era
    period = era.parse_period(f"{start}～{end}")
    if period and period.start_fiscal_year and period.end_fiscal_year:
        period.raw = found.group(0)
        return period
    return None


def _bare(text: str, period: Period) -> bool:
    """The text is the range and nothing else (brackets and spaces aside)."""
    return not (text.replace(period.raw or "", "", 1).strip(" \u3000()（）[]［］【】"))


#: 令和2年度からスタートした…5年間: a start year and a length in years
START_AND_LENGTH = regex.compile(
    r"(" + era.YEAR_WITH_UNIT_TEXT + r")から(?:スタート|開始|始ま)[^。]{0,60}?([0-9０-９]{1,2})年間"
)


def _start_and_length(text: str) -> Period | None:
    found = START_AND_LENGTH.search(text)
    if not found:
        return None
    start = era.fiscal_year(found.group(1))
    years = int(ascii_digits(found.group(2)))
    if start is None or not 1 <= years <= 20:
        return None
    period = era.parse_period(f"{found.group(1)}～{start + years - 1}年度")
    if period is None or period.start_fiscal_year is None:
        return None
    period.raw = found.group(0)
    return period


#: where the words naming an amount begin: after the clause or sentence before it
LABEL_START = regex.compile(r"^.*[。、，,；;]|^.*(?:は|が|を)、")
MAX_AMOUNT_LABEL = 40


def _amount_label(text: str, raw: str) -> str | None:
    """The words right before an amount in a line (経費削減額7億…円、歳入増額8182万円 → 歳入増額)."""
    if raw not in text:
        return None
    before = text[: text.find(raw)].rstrip()
    strip = " \u3000・:：-－(（【】)）|"
    label = LABEL_START.sub("", before).strip(strip)
    if len(label) < 2 or label in active_labels().words("money_prefixes"):
        # only 約 or nothing after the last comma: the clause before it names the amount
        label = LABEL_START.sub("", regex.sub(r"[。、，,；;][^。、，,；;]*$", "", before)).strip(strip)
    return label[-MAX_AMOUNT_LABEL:] or None


def headline_amounts(ctx: Context) -> tuple[list[Money], set[int]]:
    """Money printed in prose or short label/value lines outside records (財政効果額 37億6千万円),
    and the blocks it was read from."""
    out: list[Money] = []
    blocks: set[int] = set()
    previous_label: str | None = None
    for index, block in enumerate(ctx.blocks):
        if index in ctx.consumed:
            continue
        texts: list[tuple[str, str | None]] = []
        if block.kind == "text":
            texts.append((block.text, None))
        elif len(block.rows) <= 8:
            for row in block.rows:
                cells = [c for c in row.cells if c.strip()]
                if len(cells) == 1:
                    texts.append((cells[0], None))
                elif len(cells) == 2:
                    texts.append((cells[1], cells[0].lstrip("・ ")))
        for text, label in texts:
            for item in money.find_money(text):
                if item.yen is None:
                    continue
                item.label = _amount_label(text, item.raw) or label or previous_label
                out.append(item)
                blocks.add(index)
            stripped = text.strip()
            previous_label = stripped if len(stripped) <= 30 and not money.find_money(text) else None
    return out, blocks


def table_amounts(info: TableInfo) -> list[Money]:
    """Every number of a table that declares a money unit ([単位：億円] for the table, or 効果額（千円）
    for one column), labelled `row label / column header`."""
    header = info.header[-1].cells if info.header else []
    units: dict[int, str] = {}
    for column, cell in enumerate(header):
        found = COLUMN_UNIT.search(cell)
        if found and money.unit_multiplier(found.group(1)):
            units[column] = found.group(1)
    if info.unit and money.unit_multiplier(info.unit) is not None:
        default = info.unit
    elif units:
        default = None
    else:
        return []
    out: list[Money] = []
    for row in info.rows:
        cells = row.cells
        if not cells:
            continue
        for column in range(1, len(cells)):
            text = cells[column].strip()
            unit = units.get(column, default)
            if not text or unit is None:
                continue
            yen = money.parse_yen(text, default_unit=unit)
            if yen is None:
                continue
            column_name = header[column].strip() if column < len(header) else ""
            row_name = cells[0].strip()
            label = f"{row_name} {column_name}".strip()
            out.append(
                Money(
                    raw=text,
                    yen=yen,
                    label=label,
                    fiscal_year=era.fiscal_year(column_name),
                    row_label=row_name or None,
                    column_label=column_name or None,
                )
            )
    return out


FOOTNOTE = regex.compile(r"^(※[ \u3000]*[0-9０-９]{1,3})[ \u3000]+(\S.{0,60})$")


def footnotes_of(ctx: Context) -> tuple[list[Footnote], set[int]]:
    """「※1 BPR」 lines and the explanation lines that follow them (until a heading, table or the next ※)."""
    out: list[Footnote] = []
    used: set[int] = set()
    blocks = ctx.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        found = FOOTNOTE.match(block.text.strip()) if block.kind == "text" else None
        if not found or index in ctx.tree.headings:
            index += 1
            continue
        lines: list[str] = []
        end = index + 1
        while (
            end < len(blocks)
            and blocks[end].kind == "text"
            and end not in ctx.tree.headings
            and not FOOTNOTE.match(blocks[end].text.strip())
            and len(lines) < 6
            and blocks[end].start_line - blocks[end - 1].end_line <= 2
        ):
            lines.append(blocks[end].text.strip())
            end += 1
        out.append(
            Footnote(
                mark=found.group(1).replace(" ", "").replace("\u3000", ""),
                term=found.group(2).strip(),
                text="\n".join(lines),
                span=Span(start_line=block.start_line, end_line=blocks[end - 1].end_line, page=block.page),
            )
        )
        used.update(range(index, end))
        index = end
    return out, used
