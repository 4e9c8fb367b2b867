"""`reformparse validate FILE.json ...`: check documents against the JSON Schema of the contract."""

from __future__ import annotations

import json
import re
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
    """Validate one JSON document; never raises for a bad file."""
    checker = checker or validator()
    report = Report(Path(path))
    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8-sig"))
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
    except json.JSONDecodeError as exc:
        report.unreadable = f"{path}: not a JSON document ({exc.msg} at line {exc.lineno} column {exc.colno})"
        return report
    except (ValueError, RecursionError) as exc:
        report.unreadable = f"{path}: not a JSON document ({exc})"
        return report
    errors = sorted(
        (_cause(error) for error in checker.iter_errors(data)),
        key=lambda e: [_order(p) for p in e.absolute_path],
    )
    report.errors = [f"{json_path(error.absolute_path)}: {_short(error.message)}" for error in errors]
    return report


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
