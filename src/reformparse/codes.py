"""The closed list of warning and check codes a document may carry (docs/CODES.md explains each).

A test fails when the source emits a code that is not listed here, when a code listed here is no longer
emitted, or when docs/CODES.md and this list differ.
"""

from __future__ import annotations

#: warning code → what it means
WARNING_CODES: dict[str, str] = {
    "empty-input": "the input has no text",
    "no-initiatives": "no initiatives were read; the report became prose or tables only",
    "missing-title": "a record has no title label and no heading above it",
    "layout-guessed": "a table without a usable header was read by what its columns hold",
    "row-misaligned": "a row has cells shifted out of their columns (a converted table)",
    "schedule-cell-unplaced": "a cell of a card's schedule lies under no year column",
    "task-without-year": "a task of a 取組内容 table has no year cell above it",
    "duplicate-id": "two items print the same number",
    "missing-detail": "an item listed in a table has no detail sheet, or a sheet no listing row",
    "count-mismatch": "a count the report prints disagrees with the records read",
    "total-mismatch": "a total row does not add up",
    "check-failed": "a check of another kind failed",
    "table-unread": "short lines that look like a table's cells were kept as prose",
    "html-encoding": "the web page's declared encoding was wrong or missing",
    "html-too-deep": "the web page nests elements too deeply to read all of it",
    "pdf-rotated": "a PDF page is rotated; its text may read out of order",
    "pdf-vertical-text": "a PDF page has vertical text",
    "pdf-page-unreadable": "a PDF page could not be read and was skipped",
    "pdf-cid-font": "many PDF glyphs are (cid:N) codes without a Unicode map",
}

#: check code → what it compares
CHECK_CODES: dict[str, str] = {
    "status-count": "a status-count table (実施件数) against the records' final statuses",
    "prose-count": "a count printed in prose or a list against the records",
    "summary-count": "a summary line (完了 4項目、順調 8項目) against the records' statuses or grades",
    "group-count": "the initiatives a group table counts against those linked to it",
    "toc-count": "a table of contents against the records",
    "table-total": "a 合計 row against the sum of its column",
}
