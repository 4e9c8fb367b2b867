"""`reformparse extract` over one or more files: where each document goes, and the closing summary.

One input and no `-o`, or `-o FILE`: the document as asked (json, yaml, jsonl, csv). Several inputs:
on stdout one after the other — JSON as one compact document a line (JSON Lines), YAML as `---`
documents, JSON Lines and CSV as one stream (the CSV header once) — or with `-o DIR` one file per input
named after it. A file that fails is one line on stderr; the others go on and the exit code is 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

EXTENSIONS = {"json": ".json", "yaml": ".yaml", "jsonl": ".jsonl", "csv": ".csv"}


@dataclass
class Totals:
    """What the summary line counts."""

    files: int = 0
    failed: int = 0
    initiatives: int = 0
    warnings: int = 0
    coverage: list[float] = field(default_factory=list)

    def add(self, document) -> None:  # noqa: ANN001 - a Document
        self.files += 1
        self.initiatives += len(document.initiatives)
        self.warnings += len(document.warnings)
        self.coverage.append(document.coverage.ratio)

    def line(self, name: str | None = None) -> str:
        """`name: 10 initiatives, 0 warnings, coverage 93.7%` (several files: their totals)."""

        def plural(n: int, noun: str) -> str:
            return f"{n} {noun}" + ("" if n == 1 else "s")

        ratio = sum(self.coverage) / len(self.coverage) if self.coverage else None
        shown = "-" if ratio is None else f"{ratio:.1%}"
        head = f"{name}: " if name else f"{plural(self.files + self.failed, 'file')}: "
        tail = f", {self.failed} failed" if self.failed else ""
        mean = "coverage" if self.files <= 1 else "mean coverage"
        return (
            f"{head}{plural(self.initiatives, 'initiative')}, {plural(self.warnings, 'warning')}, "
            f"{mean} {shown}{tail}"
        )


def output_paths(inputs: list[str], folder: Path, fmt: str) -> tuple[dict[str, Path], str | None]:
    """Each input's file in `folder` (report.txt → report.json; report.txt.json where two share a stem).

    Returns the paths and, when two inputs would still write the same file, the line that says so.
    """
    extension = EXTENSIONS[fmt]
    stems: dict[str, int] = {}
    for name in inputs:
        stem = "stdin" if name == "-" else Path(name).stem.casefold()
        stems[stem] = stems.get(stem, 0) + 1
    paths: dict[str, Path] = {}
    taken: dict[Path, str] = {}
    for name in inputs:
        base = "stdin" if name == "-" else Path(name).name
        stem = "stdin" if name == "-" else Path(name).stem
        target = folder / ((base if stems[stem.casefold()] > 1 else stem) + extension)
        if target in taken:
            return paths, f"{taken[target]} and {name} would both be written to {target}"
        taken[target] = name
        paths[name] = target
    return paths, None


def joined(texts: list[str], fmt: str) -> str:
    """Several documents' texts as one stream on stdout."""
    if fmt == "yaml":
        return "".join(("---\n" if i else "") + text for i, text in enumerate(texts))
    if fmt == "csv":  # the header once
        return "".join(text if i == 0 else text.split("\n", 1)[1] for i, text in enumerate(texts))
    return "".join(texts)
