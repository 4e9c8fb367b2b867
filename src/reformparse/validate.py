"""`reformparse validate FILE ...`: check documents (JSON, JSON Lines, YAML; `-` for stdin) against the
JSON Schema of the contract."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class Report:
    """What validating one file found: `unreadable` (one line) or schema `errors` (path: message)."""

    path: Path
    unreadable: str | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.unreadable is None and not self.errors


def json_path(parts) -> str:  # noqa: ANN001 - a deque of str | int
    """`$.initiatives[3].years[0].fiscal_year` for ["initiatives", 3, "years", 0, "fiscal_year"]."""
    out = "$"
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _NAME.match(str(part)):
            out += f".{part}"
        else:
            out += "[" + json.dumps(str(part), ensure_ascii=False) + "]"
    return out


def validator():  # noqa: ANN201 - a jsonschema validator
    """A Draft 2020-12 validator of `reformparse.models.json_schema()`, checking formats (dates) too."""
    from jsonschema import Draft202012Validator

    from .models import json_schema

    return Draft202012Validator(json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def validate_file(path: Path, checker=None) -> Report:  # noqa: ANN001
    """Validate one file (JSON, JSON Lines or YAML; '-' is stdin); never raises for a bad file."""
    checker = checker or validator()
    report = Report(Path(path))
    try:
        raw = sys.stdin.buffer.read() if str(path) == "-" else Path(path).read_bytes()
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        report.unreadable = f"{path}: no such file"
        return report
    except IsADirectoryError:
        report.unreadable = f"{path}: is a folder, not a JSON document"
        return report
    except OSError as exc:
        report.unreadable = f"{path}: cannot be read: {exc.strerror or exc}"
        return report
    except UnicodeDecodeError:
        report.unreadable = f"{path}: not a JSON document (not UTF-8 text)"
        return report
    try:
        documents = load_documents(text, Path(str(path)).suffix.lower())
    except ValueError as exc:
        report.unreadable = f"{path}: {exc}"
        return report
    for where, data, kind in documents:
        prefix = f"{where}: " if where else ""
        report.errors += [prefix + error for error in schema_errors(data, checker, kind)]
    return report


def schema_errors(data: object, checker, kind: str = "document") -> list[str]:  # noqa: ANN001
    """Each error of one document (or one JSON Lines initiative) with its JSON path, in path order."""
    if kind == "initiative":
        from jsonschema import Draft202012Validator

        schema = checker.schema
        checker = Draft202012Validator(
            {**schema["$defs"]["Initiative"], "$defs": schema["$defs"]},
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        data = {k: v for k, v in data.items() if k not in JSONL_HEAD} if isinstance(data, dict) else data
    errors = sorted(
        (_cause(error) for error in checker.iter_errors(data)),
        key=lambda e: [_order(p) for p in e.absolute_path],
    )
    return [f"{json_path(error.absolute_path)}: {_short(error.message)}" for error in errors]


#: what `extract --format jsonl` adds to each initiative line
JSONL_HEAD = ("document", "source", "municipality", "kind")


def load_documents(text: str, suffix: str = "") -> list[tuple[str, object, str]]:
    """The documents a file holds: (where, data, kind) for JSON, JSON Lines (documents or initiatives,
    `line N`) and YAML (`document N` when several); ValueError with a short reason when none parse."""
    if suffix in (".yaml", ".yml"):
        return _yaml_documents(text)
    try:
        return [("", json.loads(text), "document")]
    except json.JSONDecodeError as exc:
        lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        if exc.msg == "Extra data" and len(lines) > 1 or suffix == ".jsonl":
            return _jsonl_documents(lines)
        if not text.lstrip().startswith(("{", "[")) and suffix != ".json":
            try:
                return _yaml_documents(text)
            except ValueError:
                pass
        raise ValueError(f"not a JSON document ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except RecursionError as exc:
        raise ValueError(f"not a JSON document ({exc})") from None


def _jsonl_documents(lines: list[tuple[int, str]]) -> list[tuple[str, object, str]]:
    found = []
    for number, line in lines:
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {number}: not a JSON document ({exc.msg})") from None
        kind = "document" if isinstance(data, dict) and "coverage" in data else "initiative"
        found.append((f"line {number}", data, kind))
    return found


def _yaml_documents(text: str) -> list[tuple[str, object, str]]:
    import yaml

    try:
        loaded = [data for data in yaml.safe_load_all(text) if data is not None]
    except yaml.YAMLError as exc:
        raise ValueError(f"not a YAML document ({' '.join(str(exc).split())[:200]})") from None
    if not loaded:
        raise ValueError("not a document (empty)")
    # dates and the like as JSON would hold them
    loaded = [json.loads(json.dumps(data, default=str, ensure_ascii=False)) for data in loaded]
    if len(loaded) == 1:
        return [("", loaded[0], "document")]
    return [(f"document {n}", data, "document") for n, data in enumerate(loaded, 1)]


def _cause(error):  # noqa: ANN001, ANN202 - a jsonschema ValidationError
    """For "not valid under any of the given schemas" (an optional value: anyOf [X, null]), the error
    inside the branch the value was meant for: `$.period.start_date: '2020-13-45' is not a 'date'`."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        depth = len(error.absolute_path)
        meant = [e for e in error.context if not (e.validator == "type" and len(e.absolute_path) == depth)]
        if not meant:
            break
        error = max(meant, key=lambda e: len(e.absolute_path))
    return error


def _order(part) -> tuple:  # noqa: ANN001
    return (0, part, "") if isinstance(part, int) else (1, 0, str(part))


def _short(message: str, limit: int = 300) -> str:
    """One line, and not the whole of a large instance jsonschema quotes."""
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"
