"""The vocabulary, kept as data: data/labels.yaml (printed labels → contract fields, heading prefixes,
document kinds, ...) and data/vocab.yaml (statuses, phases, marks, money and quantity units, ...).

A user's own file (`--labels FILE`) may extend every section of both files; its words come first.
The file is checked (section and field names, value types) and every problem is one `LabelsError`
line naming the file. The book constructed last in a context is the *active* one, which the value
parsers in `normalize/` (status_of, parse_yen, find_quantities, ...) read; `LabelBook.activate()`
makes another one active for a `with` block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from difflib import get_close_matches
from functools import lru_cache, wraps
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

import jaconv
import regex

from .errors import InputError, LabelsError
from .normalize import similarity

PARENTHESISED = regex.compile(r"[（(][^（）()]*[）)]")
SPACES = regex.compile(r"[\s\u3000]+")

#: the built-in data files; their sections are what a user's labels file may hold
DATA_FILES = ("labels.yaml", "vocab.yaml")
#: what the names inside a mapping section are, for messages
NAME_KINDS = {
    "fields": "field",
    "years": "per-year row",
    "statuses": "status code",
    "status_marks": "status code",
    "phases": "phase code",
    "phase_marks": "phase code",
    "document_kinds": "document kind",
}
#: a labels file is sections of lists (at most 3 levels); anything deeper is refused before it is built
MAX_DEPTH = 20
MAX_NODES = 200_000
MAX_BYTES = 5_000_000
MONEY_UNIT = regex.compile(r"^[十百千]?[万億兆]?円$")

T = TypeVar("T")


def label_key(text: str) -> str:
    """The form labels are compared in: no spaces, half-width ASCII, no parenthesised note."""
    return _label_key_cached(text) if len(text) <= CACHED_TEXT else _label_key(text)


#: texts up to this long have their folded forms cached (labels and cells repeat a lot)
CACHED_TEXT = 200
#: at most this many remembered results per memo of a book (LabelBook.memo, label lookups)
MEMO_LIMIT = 100_000


@lru_cache(maxsize=65536)
def _label_key_cached(text: str) -> str:
    return _label_key(text)


def _label_key(text: str) -> str:
    """The form labels are compared in: no spaces, half-width ASCII, no parenthesised note."""
    text = jaconv.z2h(text, kana=False, digit=True, ascii=True)
    text = SPACES.sub("", text)
    stripped = PARENTHESISED.sub("", text)
    return stripped or text


def _load_yaml(text: str, name: str) -> Any:
    """Parse YAML safely: no aliases (billion laughs), no deep nesting, no huge documents."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        depth = nodes = 0
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                raise LabelsError(
                    f"{name}: YAML aliases (*{event.anchor}) are not allowed in a labels file; "
                    "write the labels out"
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise LabelsError(
                        f"{name}: nesting deeper than {MAX_DEPTH} levels; a labels file holds "
                        "sections of label lists"
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            nodes += 1
            if nodes > MAX_NODES:
                raise LabelsError(f"{name}: too large for a labels file (more than {MAX_NODES} YAML nodes)")
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader, checked above
    except yaml.YAMLError as exc:
        raise LabelsError(f"{name}: not a valid YAML file: {_yaml_problem(exc)}") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise LabelsError(f"{name}: nesting too deep") from None


def _yaml_problem(exc: Exception) -> str:
    """One line from a PyYAML error: the problem and where."""
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if problem and mark is not None:
        text = f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    else:
        text = str(exc)
    return " ".join(text.split())


#: the built-in data files merged and stored as JSON by `make vocabulary` (scripts/build_vocabulary.py),
#: with the sha256 of the YAML texts it was made from; read instead of them while those match, which
#: spares a start-up the import of PyYAML and the parse (a stale copy is ignored: the YAML is read)
COMPILED = "vocabulary.json"


def data_text(file_name: str) -> str:
    """A built-in data file's text."""
    return (files("reformparse") / "data" / file_name).read_text(encoding="utf-8")


def source_digests(texts: dict[str, str]) -> dict[str, str]:
    """The sha256 of each data file's text, by name."""
    import hashlib

    return {name: hashlib.sha256(text.encode("utf-8")).hexdigest() for name, text in texts.items()}


@lru_cache(maxsize=1)
def _builtin() -> dict[str, Any]:
    """The sections of the built-in data files, merged (their section names do not overlap)."""
    texts = {file_name: data_text(file_name) for file_name in DATA_FILES}
    compiled = _compiled(texts)
    return compiled if compiled is not None else builtin_from_yaml(texts)


def _compiled(texts: dict[str, str]) -> dict[str, Any] | None:
    """The merged sections stored in data/vocabulary.json, or None when it is missing or was made
    from other texts than these."""
    import json

    try:
        stored = json.loads(data_text(COMPILED))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("sources") != source_digests(texts):
        return None
    return stored.get("sections")


def builtin_from_yaml(texts: dict[str, str]) -> dict[str, Any]:
    """The data files' sections parsed from their YAML texts (by file name) and merged."""
    merged: dict[str, Any] = {}
    for file_name, text in texts.items():
        data = _load_yaml(text, file_name) or {}
        for section, value in data.items():
            if section in merged:  # pragma: no cover - a mistake in the package's own data
                raise RuntimeError(f"data/{file_name}: section {section!r} is also in another data file")
            if isinstance(value, dict):
                merged[section] = {str(k): [str(x) for x in v or []] for k, v in value.items()}
            else:
                merged[section] = [str(x) for x in value or []]
    return merged


def sections() -> dict[str, str]:
    """Every section a labels file may hold: "list" (label strings) or "mapping" (name → labels)."""
    return {name: "mapping" if isinstance(v, dict) else "list" for name, v in _builtin().items()}


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()}; quote it if it is a label)"
    if isinstance(value, (int, float)):
        return f"a number ({value}; quote it if it is a label)"
    if isinstance(value, str):
        return "an empty string" if not value.strip() else "a string"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    return f"a {type(value).__name__} ({value}; quote it if it is a label)"


def _suggest(word: Any, known: list[str]) -> str:
    close = get_close_matches(str(word), known, n=1, cutoff=0.6)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (one of: {', '.join(known)})"


def _label_list(value: Any, where: str) -> list[str]:
    """A list of non-empty strings; one string is a one-item list (never split into characters)."""
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    if isinstance(value, list) and value:
        out: list[str] = []
        for number, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise LabelsError(f"{where}[{number}]: expected a label string, got {_describe(item)}")
            out.append(item.strip())
        return out
    raise LabelsError(f"{where}: expected a list of label strings, got {_describe(value)}")


def check_labels(data: Any, name: str) -> dict[str, Any]:
    """A user's labels data, checked against the built-in sections; raises one-line LabelsError."""
    if data is None:
        return {}
    known = sections()
    if not isinstance(data, dict):
        raise LabelsError(
            f"{name}: expected a mapping of sections (fields, years, statuses, ...), got {_describe(data)}"
        )
    builtin = _builtin()
    out: dict[str, Any] = {}
    for section, value in data.items():
        if not isinstance(section, str) or section not in known:
            raise LabelsError(f"{name}: unknown section '{section}'{_suggest(section, list(known))}")
        if known[section] == "list":
            out[section] = _label_list(value, f"{name}: {section}")
            continue
        noun = NAME_KINDS.get(section, "name")
        if not isinstance(value, dict) or not value:
            raise LabelsError(
                f"{name}: {section}: expected a mapping of {noun} names to label lists, got {_describe(value)}"
            )
        names = list(builtin[section])
        checked: dict[str, list[str]] = {}
        for key, synonyms in value.items():
            if not isinstance(key, str) or key not in names:
                raise LabelsError(f"{name}: {section}: unknown {noun} '{key}'{_suggest(key, names)}")
            checked[key] = _label_list(synonyms, f"{name}: {section}.{key}")
        out[section] = checked
    for number, field in enumerate(out.get("record_start", [])):
        if field not in builtin["fields"]:
            raise LabelsError(
                f"{name}: record_start[{number}]: unknown field '{field}'{_suggest(field, list(builtin['fields']))}"
            )
    for number, unit in enumerate(out.get("money_units", [])):
        if not MONEY_UNIT.match(unit):
            raise LabelsError(
                f"{name}: money_units[{number}]: '{unit}' is not a yen unit ([十百千]?[万億兆]?円, e.g. 千円)"
            )
    return out


def _unique(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))


_ACTIVE: ContextVar[LabelBook | None] = ContextVar("reformparse_labels", default=None)


def active_labels() -> LabelBook:
    """The book the value parsers read: the one constructed (or activated) last, else the built-in one."""
    book = _ACTIVE.get()
    if book is None:
        book = _default_book()
    return book


def per_book(name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorator: a function of texts whose result depends on the active book's words, remembered in
    that book's memo `name` (keyed by the positional arguments; see LabelBook.memo)."""

    def decorate(function: Callable[..., T]) -> Callable[..., T]:
        @wraps(function)
        def remembered(*args: Any) -> T:
            memo = active_labels().memo(name)
            try:
                return memo[args]
            except KeyError:
                value = memo[args] = function(*args)
                return value

        return remembered

    return decorate


@lru_cache(maxsize=1)
def _default_book() -> LabelBook:
    return LabelBook()


#: synonym length → (position in the vocabulary, synonym, name, its characters) of synonyms of 4 or more
FuzzyTable = dict[int, list[tuple[int, str, str, frozenset[str]]]]
#: the ratio a label must reach to map to a synonym it does not equal
FUZZY_RATIO = 0.9


def _fuzzy_table(index: dict[str, str]) -> FuzzyTable:
    table: FuzzyTable = {}
    for position, (synonym, name) in enumerate(index.items()):
        if len(synonym) >= 4:
            table.setdefault(len(synonym), []).append((position, synonym, name, frozenset(synonym)))
    return table


class LabelBook:
    """The vocabulary: label synonyms for record fields and per-year rows, and every other section."""

    def __init__(self, extra: dict | None = None, *, name: str = "labels") -> None:
        base = _builtin()
        #: the user's checked sections (their words win over the built-in ones)
        self.user: dict[str, Any] = check_labels(extra, name) if extra is not None else {}
        #: every section, the user's words first
        self.sections: dict[str, Any] = {}
        for section, value in base.items():
            mine = self.user.get(section)
            if isinstance(value, dict):
                mine = mine or {}
                self.sections[section] = {k: _unique(mine.get(k, []) + v) for k, v in value.items()}
            else:
                self.sections[section] = _unique((mine or []) + value)
        self.heading_prefixes: list[str] = self.sections["heading_prefixes"]
        self.fields: dict[str, list[str]] = self.sections["fields"]
        self.years: dict[str, list[str]] = self.sections["years"]
        self.record_start: list[str] = self.sections["record_start"]
        self.legend_words: list[str] = self.sections["legend_words"]
        self.score_criteria: list[str] = self.sections["score_criteria"]
        self.group_titles: list[str] = self.sections["group_titles"]
        self.committee_labels: list[str] = self.sections["committee_labels"]
        self.count_subjects: list[str] = self.sections["count_subjects"]
        self._field_index = self._index("fields")
        self._year_index = self._index("years")
        self._field_fuzzy = _fuzzy_table(self._field_index)
        self._year_fuzzy = _fuzzy_table(self._year_index)
        self._cache: dict[str, tuple[str | None, str | None]] = {}
        self._derived: dict[str, Any] = {}
        self._memo_keys: set[str] = set()  # the keys of _derived that are memos (see memo)
        _ACTIVE.set(self)

    def words(self, section: str) -> list[str]:
        """A list section's words, the user's first."""
        return self.sections[section]

    def pairs(self, section: str) -> list[tuple[str, str]]:
        """(name, word) of a mapping section: every user word first, then the built-in ones, each
        group in the section's order — so a user's word wins even over another name's built-in one."""
        out: list[tuple[str, str]] = []
        mine = self.user.get(section) or {}
        for name in self.sections[section]:
            out.extend((name, word) for word in mine.get(name, []))
        for name, value in self.sections[section].items():
            out.extend((name, word) for word in value if word not in mine.get(name, []))
        return out

    def derived(self, key: str, build: Callable[[LabelBook], T]) -> T:
        """Something built once per book from its sections (compiled patterns, lookup tables)."""
        try:
            return self._derived[key]
        except KeyError:
            value = self._derived[key] = build(self)
            return value

    def memo(self, key: str) -> dict:
        """A dict kept with the book for results that depend on its words (a cell's verdict, a
        parsed number), so that repeated cells are worked out once per book; emptied when it holds
        MEMO_LIMIT entries, so that a long batch does not grow it without end."""
        try:
            found = self._derived[key]
        except KeyError:
            found = self._derived[key] = {}
            self._memo_keys.add(key)
        if len(found) >= MEMO_LIMIT:
            found.clear()
        return found

    def forget(self) -> None:
        """Empty what the book remembers of the texts read so far (its memos and label lookups);
        its vocabulary and compiled patterns stay."""
        for key in self._memo_keys:
            self._derived[key].clear()
        self._cache.clear()

    @contextmanager
    def activate(self) -> Iterator[LabelBook]:
        """Make this the book the value parsers read, for a `with` block."""
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)

    def _index(self, section: str) -> dict[str, str]:
        index: dict[str, str] = {}
        for name, synonym in self.pairs(section):
            index.setdefault(label_key(synonym), name)
        return index

    @classmethod
    def from_file(cls, path: str | Path | None) -> LabelBook:
        """The built-in vocabulary plus a user's file (UTF-8 with or without BOM, CP932 or EUC-JP).

        Raises LabelsError, one line naming the file, for every problem with it."""
        if path is None:
            return _default_book()
        path = Path(path)
        name = str(path)
        if path.is_dir():
            raise LabelsError(f"{name}: is a directory, not a labels file")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise LabelsError(f"{name}: no such labels file") from None
        except OSError as exc:
            raise LabelsError(f"{name}: cannot read labels file: {exc.strerror or exc}") from None
        if len(data) > MAX_BYTES:
            raise LabelsError(f"{name}: too large for a labels file ({len(data):,} bytes)")
        from .read.text import decode

        try:
            text, _ = decode(data, name)
        except InputError:
            raise LabelsError(
                f"{name}: a labels file must be text in UTF-8, Shift_JIS (CP932) or EUC-JP"
            ) from None
        return cls(_load_yaml(text, name), name=name)

    def _lookup(self, text: str) -> tuple[str | None, str | None]:
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        key = label_key(text)
        result = (self._field_index.get(key), self._year_index.get(key))
        if result == (None, None) and 4 <= len(key) <= 30:
            result = (self._fuzzy(key, self._field_fuzzy), self._fuzzy(key, self._year_fuzzy))
        if len(self._cache) >= MEMO_LIMIT:
            self._cache.clear()
        self._cache[text] = result
        return result

    def exact(self, text: str) -> tuple[str | None, str | None]:
        """(field, per-year role) of a label printed exactly as a known one (spaces and width
        ignored; no fuzzy match): for scanning running text for labels."""
        key = label_key(text)
        return self._field_index.get(key), self._year_index.get(key)

    @staticmethod
    def _fuzzy(key: str, table: FuzzyTable) -> str | None:
        """A label with a doubled or dropped character (財源確保額額) still maps: the synonym (of at
        least 4 characters, at most 2 longer or shorter) with the highest ratio, if that is 0.9 or more;
        the first in the vocabulary's order of equally good ones."""
        candidates = [
            entry for length in range(len(key) - 2, len(key) + 3) for entry in table.get(length, ())
        ]
        candidates.sort()
        characters = set(key)
        best, best_ratio = None, 0.0
        for _, synonym, name, synonym_characters in candidates:
            if len(synonym_characters & characters) < 0.8 * len(synonym_characters):
                continue  # cheap test before the exact ratio
            # a bound below the threshold never beats a ratio that reaches it: the answer is unchanged
            ratio = similarity.ratio_from(key, synonym, FUZZY_RATIO)
            if ratio > best_ratio:
                best, best_ratio = name, ratio
        return best if best_ratio >= FUZZY_RATIO else None

    def label_of(self, text: str) -> tuple[str | None, str | None]:
        """(field, per-year role) of a label: field_of and year_role_of in one lookup."""
        if not text or len(text) > 40:
            return None, None
        return self._lookup(text)

    def field_of(self, text: str) -> str | None:
        """The contract field a record label maps to."""
        if not text or len(text) > 40:
            return None
        return self._lookup(text)[0]

    def year_role_of(self, text: str) -> str | None:
        """The role of a per-year row label (header, plan, actual, status, ...)."""
        if not text or len(text) > 40:
            return None
        return self._lookup(text)[1]

    def is_label(self, text: str) -> bool:
        """Whether the cell is a known label of either kind."""
        if not text or len(text) > 40:
            return False
        return self._lookup(text) != (None, None)

    def heading_prefix_pattern(self) -> regex.Pattern[str] | None:
        """`<prefix><number> <title>` for the heading prefixes (行財政改革の視点1 ...)."""
        if not self.heading_prefixes:
            return None
        words = "|".join(regex.escape(p) for p in sorted(self.heading_prefixes, key=len, reverse=True))
        number = r"[0-9０-９]{1,2}|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|IX|X|IV|V?I{1,3}|V"
        return regex.compile(
            r"^(" + words + r")[ \u3000]*(" + number + r")(?![0-9０-９])(?:[ \u3000:：]+(.*))?$"
        )
