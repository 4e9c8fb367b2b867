"""Pydantic models of the output contract (../shared/CONTRACT.md, version 1).

These models are the source of truth; `schemas/document.schema.json` is generated from them
(`reformparse schema`, `make schema`). No `from __future__ import annotations` here: pydantic would
compile and evaluate every field's annotation string when the models are built, on every start-up.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "2"

StatusCode = Literal["completed", "on_track", "delayed", "not_due", "infeasible", "other"]
PhaseCode = Literal["study", "prepare", "implement", "continue", "achieve", "other"]
DocumentKind = Literal["plan", "progress", "results", "evaluation", "unknown"]
SourceFormat = Literal["text", "markdown", "pdf", "html"]


def empty_list() -> list:
    """A new empty list: the default of list fields (a Python function, whose signature pydantic reads
    at once, where `list`'s is parsed from its text signature: 6 ms of the start-up for 32 fields)."""
    return []


class Model(BaseModel):
    """Base: forbid unknown attributes so that typos fail loudly."""

    model_config = ConfigDict(extra="forbid")


class Span(Model):
    """Where something is in the source: 1-based lines of the text as read (per page for PDF)."""

    start_line: int = Field(description="first line, 1-based, of the text as read (per page for a PDF)")
    end_line: int = Field(description="last line, 1-based, inclusive")
    page: int | None = Field(None, description="the PDF page, 1-based; null for other formats")


class Period(Model):
    """A span of fiscal years (a fiscal year runs 1 April to 31 March)."""

    start_fiscal_year: int | None = Field(None, description="first fiscal year (Gregorian: 令和2年度 → 2020)")
    end_fiscal_year: int | None = Field(None, description="last fiscal year (Gregorian)")
    start_date: date | None = Field(None, description="1 April of the first fiscal year")
    end_date: date | None = Field(None, description="31 March after the last fiscal year")
    raw: str = Field(description="the period as printed (令和2年度から令和5年度)")


class Status(Model):
    """A progress status as printed, with its contract code."""

    raw: str = Field(description="the status as printed (予定どおり進んでいる)")
    code: StatusCode = Field(
        description="completed, on_track, delayed, not_due, infeasible, or other for wording the vocabulary does not know"
    )


class Quantity(Model):
    """A number with its unit as printed (%, 件, 人, 円, ...)."""

    raw: str = Field(description="as printed (456,456件)")
    value: float | None = Field(None, description="the number (456456.0); null when none could be read")
    unit: str | None = Field(None, description="the unit as printed (%, 件, 人, 円, ...); null when none")


class Money(Model):
    """A money figure converted to integer yen."""

    raw: str = Field(description="as printed (56億6千万円, 1,253千円, or a bare 12.2 under a unit line)")
    yen: int | None = Field(
        None, description="the amount in integer yen; null when it could not be converted"
    )
    label: str | None = Field(
        None, description="what the amount is, from its row and column labels as printed (財源確保目標額)"
    )
    fiscal_year: int | None = Field(
        None, description="the fiscal year it belongs to (Gregorian), null when none"
    )
    row_label: str | None = Field(
        None, description="for a figure read from a money table: its row's label as printed (収入の確保)"
    )
    column_label: str | None = Field(
        None,
        description="for a figure read from a money table: its column's header as printed (財源確保目標額)",
    )


class Kpi(Model):
    """A numeric indicator with baseline, target and per-year values."""

    name: str | None = Field(None, description="the indicator's name as printed")
    baseline: Quantity | None = Field(None, description="the starting value (現状値, 基準値)")
    target: Quantity | None = Field(None, description="the target value (目標値)")
    yearly: dict[int, Quantity] = Field(
        default_factory=dict, description="fiscal year → the value planned or reached that year"
    )
    raw: str = Field("", description="the indicator's text as printed")


class Task(Model):
    """One numbered task of a year's work (取組内容: ② 対象事業を選定) and what came of it."""

    number: str | None = Field(default=None, description="its number as printed (②, (2), 2.)")
    text: str = Field(description="the task as printed")
    result: str | None = Field(default=None, description="its outcome as printed (取組結果), or null")
    years_raw: str | None = Field(
        default=None, description="the year cell it was listed under (R2, R2～R6); null where none"
    )


class YearEntry(Model):
    """What a record says about one fiscal year."""

    fiscal_year: int = Field(description="the fiscal year (Gregorian: 令和2年度 → 2020)")
    plan: str | None = Field(None, description="what was planned for the year, as printed (計画, 年次計画)")
    phase: PhaseCode | None = Field(
        None, description="the plan as a code: study, prepare, implement, continue, achieve, other"
    )
    actual: str | None = Field(None, description="what was done that year, as printed (実績, 取組状況)")
    status: Status | None = Field(None, description="the year's progress status")
    grade: str | None = Field(None, description="the year's letter grade (A–E, S), ASCII")
    target: str | None = Field(None, description="the year's target as printed (年度目標)")
    reason: str | None = Field(None, description="why it is delayed or infeasible, as printed")
    values: list[Quantity] = Field(
        default_factory=empty_list, description="numbers printed for the year (数値)"
    )
    money: list[Money] = Field(
        default_factory=empty_list, description="money printed for the year (財源確保額)"
    )
    tasks: list[Task] = Field(
        default_factory=empty_list,
        description="the year's numbered tasks and their outcomes (取組内容 tables)",
    )
    other: dict[str, str] = Field(default_factory=dict, description="per-year rows with no mapped meaning")


class LabelledText(Model):
    """One labelled value of a record, as printed."""

    label: str = Field(description="the label as printed (empty when the value had none)")
    text: str = Field(description="the value as printed")


class Department(Model):
    """One responsible unit, with the bureau printed around it (総務部（総務課） → bureau 総務部)."""

    unit: str = Field(description="the responsible unit (課, 室, センター, ...)")
    bureau: str | None = Field(
        None,
        description="the bureau printed around it (総務部), or its short mark ((政) → 政); null when none",
    )


class Committee(Model):
    """A committee's assessment of a group."""

    score: float | None = Field(None, description="the committee's score (4.4)")
    scale: float | None = Field(None, description="the score's maximum (5)")
    comments: list[str] = Field(default_factory=empty_list, description="the committee's comments as printed")


class Group(Model):
    """A middle level that carries data of its own (e.g. 取組項目 above 実践項目)."""

    key: str = Field(description="unique within the document")
    id: str | None = Field(None, description="the number as printed, digits in ASCII")
    id_raw: str | None = Field(None, description="the number as printed")
    title: str = Field(description="the group's title as printed (取組項目)")
    section_path: list[str] = Field(
        default_factory=empty_list,
        description="enclosing heading titles without their numbering, outermost first",
    )
    grade: str | None = Field(None, description="the group's letter grade, ASCII")
    committee: Committee | None = Field(None, description="the committee's assessment (委員評価)")
    scores: dict[str, float] = Field(default_factory=dict, description="criterion name → number")
    themes: list[str] = Field(default_factory=empty_list, description="themes marked ○")
    fields: list[LabelledText] = Field(
        default_factory=empty_list, description="every labelled value as printed"
    )
    initiative_keys: list[str] = Field(
        default_factory=empty_list, description="keys of the initiatives in the group"
    )
    span: Span | None = Field(None, description="where the group is printed")


class Initiative(Model):
    """A leaf-level reform initiative."""

    key: str = Field(
        description="unique within the document, stable between runs: the id where it is unique, else section numbers and the id"
    )
    id: str | None = Field(
        None,
        description="the number as printed, digits in ASCII (① → 1, No.3 → 3, N1 stays N1); null where none is printed",
    )
    id_raw: str | None = Field(None, description="the number as printed")
    title: str = Field(
        description="the initiative's title without its number (取組項目名, 実践項目, 具体的取組, ...)"
    )
    group_id: str | None = Field(None, description="the id of the Group it belongs to")
    section_path: list[str] = Field(
        default_factory=empty_list,
        description="enclosing heading titles without their numbering, outermost first, then the category cells a table carries down",
    )
    departments: list[str] = Field(
        default_factory=empty_list, description="responsible units (所管課, 担当課, ...), one unit a string"
    )
    department_details: list[Department] = Field(
        default_factory=empty_list, description="each responsible unit with the bureau printed around it"
    )
    related_departments: list[str] = Field(default_factory=empty_list, description="related units (関係課)")
    period: Period | None = Field(None, description="the initiative's own period (取組期間)")
    fields: list[LabelledText] = Field(
        default_factory=empty_list, description="every labelled value of the record as printed (lossless)"
    )
    background: str | None = Field(None, description="経過や背景, 現状と課題")
    content: str | None = Field(None, description="取組内容, 内容")
    goal: str | None = Field(None, description="目標の状態, 目標・指標")
    effect: str | None = Field(None, description="得られる効果, 効果")
    result: str | None = Field(None, description="取組結果, 総括")
    next_steps: str | None = Field(None, description="今後の予定, 今後の方向性")
    years: list[YearEntry] = Field(
        default_factory=empty_list, description="one entry per fiscal year the record covers, ascending"
    )
    status: Status | None = Field(None, description="the latest assessed status")
    grade: str | None = Field(None, description="the overall letter grade (総合評価, 最終評価), ASCII")
    scores: dict[str, float] = Field(
        default_factory=dict, description="criterion name → number (進捗度, 連携度, ...)"
    )
    kpis: list[Kpi] = Field(default_factory=empty_list, description="numeric indicators")
    money: list[Money] = Field(
        default_factory=empty_list, description="money printed in the record, the years' amounts included"
    )
    themes: list[str] = Field(default_factory=empty_list, description="themes marked ○")
    layout: str | None = Field(default=None, description="which record recognizer read it")
    span: Span = Field(description="where the record is printed")
    appearances: list[Span] = Field(
        default_factory=empty_list, description="other places the same initiative is printed"
    )


class Section(Model):
    """A heading and what it encloses."""

    key: str = Field(description="unique within the document")
    number: str | None = Field(default=None, description="the numbering marker as printed (第1, (1), ①, ...)")
    title: str = Field(description="the heading without its number")
    level: int = Field(description="depth in the heading tree, 1 outermost")
    span: Span = Field(description="where the heading is printed")
    children: list["Section"] = Field(default_factory=empty_list, description="the sections under it")


class Table(Model):
    """A table as printed: header rows and body rows of cell text."""

    key: str = Field(description="unique within the document")
    caption: str | None = Field(None, description="the caption printed above it")
    unit: str | None = Field(
        None, description="the unit its amounts are in (千円), from a unit line or column"
    )
    header: list[list[str]] = Field(default_factory=empty_list, description="header rows of cell text")
    rows: list[list[str]] = Field(default_factory=empty_list, description="body rows of cell text")
    section_path: list[str] = Field(default_factory=empty_list, description="enclosing heading titles")
    layout: str | None = Field(default=None, description="which recognizer read it, null when none did")
    span: Span = Field(description="where the table is printed")


class Warning(Model):
    """Something that could not be read cleanly, or a defect found in the source."""

    code: str = Field(description="a short stable code (docs/CODES.md lists them all)")
    message: str = Field(description="what was found, for a person")
    span: Span | None = Field(None, description="where, when it has a place")


class Check(Model):
    """One cross-check between a count the document prints and what was read."""

    code: str = Field(description="what was compared (docs/CODES.md)")
    subject: str = Field(description="the count's subject as printed (合計, a status, a category)")
    ok: bool = Field(description="whether the counts agree")
    expected: dict[str, int] = Field(default_factory=dict, description="the counts the document prints")
    found: dict[str, int] = Field(default_factory=dict, description="the counts read from the records")
    message: str = Field("", description="the mismatch, for a person")
    span: Span | None = Field(None, description="where the printed count is")


class Footnote(Model):
    """A footnote definition (※1 BPR ...)."""

    mark: str = Field(description="the mark as printed (※1)")
    term: str = Field(description="the term it explains")
    text: str = Field(description="the explanation as printed")
    span: Span = Field(description="where it is printed")


class Paragraph(Model):
    """A line of prose, kept so that nothing printed is lost."""

    text: str = Field(description="the line as printed")
    section_key: str | None = Field(
        None, description="the key of the section it is in; null before the first heading"
    )
    span: Span = Field(description="where it is printed")


class Coverage(Model):
    """How much of the source became data: non-blank lines that ended in a section heading, a table,
    an initiative or a group (or the document's own facts: title, amounts, footnotes). Prose kept in
    `paragraphs` is counted apart (`prose_lines`) and is not used."""

    lines_total: int = Field(description="non-blank source lines")
    lines_used: int = Field(description="non-blank lines that became data")
    ratio: float = Field(description="lines_used / lines_total")
    prose_lines: int = Field(0, description="non-blank lines kept only as paragraphs")
    unused_lines: list[int] = Field(
        default_factory=empty_list,
        description="non-blank lines that became no data (prose included), first 1,000",
    )


class Source(Model):
    """Which file the document was read from."""

    name: str = Field(description="the file name (<stdin> for standard input)")
    path: str | None = Field(None, description="the path as given")
    sha256: str = Field(description="the SHA-256 of the bytes read")
    format: SourceFormat = Field(description="text, markdown, pdf or html")
    encoding: str | None = Field(None, description="the text encoding detected or given")
    pages: int | None = Field(None, description="number of pages (PDF)")
    lines: int | None = Field(None, description="number of lines (text formats)")


def document_key(sha256: str) -> str:
    """A document's key: the first 16 hex digits of its source's sha256 (the same bytes, the same key)."""
    return sha256[:16]


class Document(Model):
    """One extracted report."""

    schema_version: str = Field(SCHEMA_VERSION, description="the contract's version (2)")
    generator: str = Field("", description="the program and version that wrote it")
    key: str | None = Field(
        None,
        description="the document's key, the same in every output (JSON Lines, CSV, SQLite, Parquet, batch "
        "manifest): the first 16 hex digits of source.sha256",
    )
    source: Source = Field(description="which file it was read from")
    title: str | None = Field(None, description="the document's title as printed")
    municipality: str | None = Field(
        None, description="the local government, as the official list spells it; null rather than a guess"
    )
    municipality_code: str | None = Field(
        None, description="全国地方公共団体コード (6 digits: JIS X 0402 plus check digit)"
    )
    prefecture: str | None = Field(None, description="the prefecture (北海道)")
    kind: DocumentKind = Field("unknown", description="plan, progress, results, evaluation or unknown")
    plan_name: str | None = Field(None, description="the reform plan the document is about")
    period: Period | None = Field(None, description="the plan's own period")
    sections: list[Section] = Field(default_factory=empty_list, description="the heading tree")
    groups: list[Group] = Field(
        default_factory=empty_list,
        description="a middle level that carries data of its own (取組項目 above 実践項目)",
    )
    initiatives: list[Initiative] = Field(
        default_factory=empty_list, description="the leaf-level initiatives, in document order"
    )
    tables: list[Table] = Field(
        default_factory=empty_list, description="tables no recognizer read into initiatives, as printed"
    )
    amounts: list[Money] = Field(
        default_factory=empty_list,
        description="document-level money figures (summary tables, headline 財政効果額)",
    )
    paragraphs: list[Paragraph] = Field(
        default_factory=empty_list, description="prose lines, kept so that nothing printed is lost"
    )
    footnotes: list[Footnote] = Field(default_factory=empty_list, description="footnote definitions")
    checks: list[Check] = Field(
        default_factory=empty_list, description="printed counts compared with what was read"
    )
    warnings: list[Warning] = Field(
        default_factory=empty_list, description="what could not be read cleanly, and source defects found"
    )
    coverage: Coverage = Field(description="how much of the source became data")

    @model_validator(mode="after")
    def _key_from_source(self) -> "Document":
        if self.key is None:
            self.key = document_key(self.source.sha256)
        return self


def json_schema() -> dict:
    """The JSON Schema of `Document`."""
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://reformparse.invalid/schemas/document.schema.json"
    return schema
