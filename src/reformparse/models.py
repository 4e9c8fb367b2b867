"""Pydantic models of the output contract (../shared/CONTRACT.md, version 1).

These models are the source of truth; `schemas/document.schema.json` is generated from them
(`reformparse schema`, `make schema`).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "2"

StatusCode = Literal["completed", "on_track", "delayed", "not_due", "infeasible", "other"]
PhaseCode = Literal["study", "prepare", "implement", "continue", "achieve", "other"]
DocumentKind = Literal["plan", "progress", "results", "evaluation", "unknown"]
SourceFormat = Literal["text", "markdown", "pdf", "html"]


class Model(BaseModel):
    """Base: forbid unknown attributes so that typos fail loudly."""

    model_config = ConfigDict(extra="forbid")


class Span(Model):
    """Where something is in the source: 1-based lines of the text as read (per page for PDF)."""

    start_line: int
    end_line: int
    page: int | None = None


class Period(Model):
    """A span of fiscal years (a fiscal year runs 1 April to 31 March)."""

    start_fiscal_year: int | None = None
    end_fiscal_year: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    raw: str


class Status(Model):
    """A progress status as printed, with its contract code."""

    raw: str
    code: StatusCode


class Quantity(Model):
    """A number with its unit as printed (%, 件, 人, 円, ...)."""

    raw: str
    value: float | None = None
    unit: str | None = None


class Money(Model):
    """A money figure converted to integer yen."""

    raw: str
    yen: int | None = None
    label: str | None = None
    fiscal_year: int | None = None


class Kpi(Model):
    """A numeric indicator with baseline, target and per-year values."""

    name: str | None = None
    baseline: Quantity | None = None
    target: Quantity | None = None
    yearly: dict[int, Quantity] = Field(default_factory=dict)
    raw: str = ""


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

    fiscal_year: int
    plan: str | None = None
    phase: PhaseCode | None = None
    actual: str | None = None
    status: Status | None = None
    grade: str | None = None
    target: str | None = None
    reason: str | None = None
    values: list[Quantity] = Field(default_factory=list)
    money: list[Money] = Field(default_factory=list)
    tasks: list[Task] = Field(
        default_factory=list, description="the year's numbered tasks and their outcomes (取組内容 tables)"
    )
    other: dict[str, str] = Field(default_factory=dict, description="per-year rows with no mapped meaning")


class LabelledText(Model):
    """One labelled value of a record, as printed."""

    label: str
    text: str


class Department(Model):
    """One responsible unit, with the bureau printed around it (総務部（総務課） → bureau 総務部)."""

    unit: str
    bureau: str | None = None


class Committee(Model):
    """A committee's assessment of a group."""

    score: float | None = None
    scale: float | None = None
    comments: list[str] = Field(default_factory=list)


class Group(Model):
    """A middle level that carries data of its own (e.g. 取組項目 above 実践項目)."""

    key: str
    id: str | None = None
    id_raw: str | None = None
    title: str
    section_path: list[str] = Field(default_factory=list)
    grade: str | None = None
    committee: Committee | None = None
    scores: dict[str, float] = Field(default_factory=dict)
    themes: list[str] = Field(default_factory=list)
    fields: list[LabelledText] = Field(default_factory=list)
    initiative_keys: list[str] = Field(default_factory=list)
    span: Span | None = None


class Initiative(Model):
    """A leaf-level reform initiative."""

    key: str
    id: str | None = None
    id_raw: str | None = None
    title: str
    group_id: str | None = None
    section_path: list[str] = Field(default_factory=list)
    departments: list[str] = Field(default_factory=list)
    department_details: list[Department] = Field(default_factory=list)
    related_departments: list[str] = Field(default_factory=list)
    period: Period | None = None
    fields: list[LabelledText] = Field(default_factory=list)
    background: str | None = None
    content: str | None = None
    goal: str | None = None
    effect: str | None = None
    result: str | None = None
    next_steps: str | None = None
    years: list[YearEntry] = Field(default_factory=list)
    status: Status | None = None
    grade: str | None = None
    scores: dict[str, float] = Field(default_factory=dict)
    kpis: list[Kpi] = Field(default_factory=list)
    money: list[Money] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    layout: str | None = Field(default=None, description="which record recognizer read it")
    span: Span
    appearances: list[Span] = Field(
        default_factory=list, description="other places the same initiative is printed"
    )


class Section(Model):
    """A heading and what it encloses."""

    key: str
    number: str | None = Field(default=None, description="the numbering marker as printed (第1, (1), ①, ...)")
    title: str
    level: int
    span: Span
    children: list[Section] = Field(default_factory=list)


class Table(Model):
    """A table as printed: header rows and body rows of cell text."""

    key: str
    caption: str | None = None
    unit: str | None = None
    header: list[list[str]] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    section_path: list[str] = Field(default_factory=list)
    layout: str | None = Field(default=None, description="which recognizer read it, null when none did")
    span: Span


class Warning(Model):
    """Something that could not be read cleanly, or a defect found in the source."""

    code: str
    message: str
    span: Span | None = None


class Check(Model):
    """One cross-check between a count the document prints and what was read."""

    code: str
    subject: str
    ok: bool
    expected: dict[str, int] = Field(default_factory=dict)
    found: dict[str, int] = Field(default_factory=dict)
    message: str = ""
    span: Span | None = None


class Footnote(Model):
    """A footnote definition (※1 BPR ...)."""

    mark: str
    term: str
    text: str
    span: Span


class Paragraph(Model):
    """A line of prose, kept so that nothing printed is lost."""

    text: str
    section_key: str | None = None
    span: Span


class Coverage(Model):
    """How much of the source became data: non-blank lines that ended in a section heading, a table,
    an initiative or a group (or the document's own facts: title, amounts, footnotes). Prose kept in
    `paragraphs` is counted apart (`prose_lines`) and is not used."""

    lines_total: int
    lines_used: int
    ratio: float
    prose_lines: int = Field(0, description="non-blank lines kept only as paragraphs")
    unused_lines: list[int] = Field(
        default_factory=list, description="non-blank lines that became no data (prose included), first 1,000"
    )


class Source(Model):
    """Which file the document was read from."""

    name: str
    path: str | None = None
    sha256: str
    format: SourceFormat
    encoding: str | None = None
    pages: int | None = None
    lines: int | None = None


class Document(Model):
    """One extracted report."""

    schema_version: str = SCHEMA_VERSION
    generator: str = ""
    source: Source
    title: str | None = None
    municipality: str | None = None
    municipality_code: str | None = Field(
        None, description="全国地方公共団体コード (6 digits: JIS X 0402 plus check digit)"
    )
    prefecture: str | None = None
    kind: DocumentKind = "unknown"
    plan_name: str | None = None
    period: Period | None = None
    sections: list[Section] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    initiatives: list[Initiative] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    amounts: list[Money] = Field(default_factory=list)
    paragraphs: list[Paragraph] = Field(default_factory=list)
    footnotes: list[Footnote] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)
    coverage: Coverage


def json_schema() -> dict:
    """The JSON Schema of `Document`."""
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://reformparse.invalid/schemas/document.schema.json"
    return schema
