"""The label vocabulary: printed labels → contract fields, kept as data (data/labels.yaml).

A user's own synonyms (`--labels FILE`, same YAML shape) are merged in without code.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import jaconv
import regex

from .errors import InputError

PARENTHESISED = regex.compile(r"[（(][^（）()]*[）)]")
SPACES = regex.compile(r"[\s\u3000]+")


def label_key(text: str) -> str:
    """The form labels are compared in: no spaces, half-width ASCII, no parenthesised note."""
    text = jaconv.z2h(text, kana=False, digit=True, ascii=True)
    text = SPACES.sub("", text)
    stripped = PARENTHESISED.sub("", text)
    return stripped or text


def _load_yaml(text: str, name: str) -> dict:
    import yaml

    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"{name}: not a valid labels YAML file: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise InputError(f"{name}: a labels file must be a mapping with 'fields' and/or 'years'")
    return data


@lru_cache(maxsize=1)
def _builtin() -> dict:
    text = (files("reformparse") / "data" / "labels.yaml").read_text(encoding="utf-8")
    return _load_yaml(text, "labels.yaml")


class LabelBook:
    """Label synonyms for record fields and per-year rows."""

    def __init__(self, extra: dict | None = None) -> None:
        base = _builtin()
        self.heading_prefixes: list[str] = list(base.get("heading_prefixes") or [])
        self.fields: dict[str, list[str]] = {k: list(v) for k, v in (base.get("fields") or {}).items()}
        self.years: dict[str, list[str]] = {k: list(v) for k, v in (base.get("years") or {}).items()}
        self.record_start: list[str] = list(base.get("record_start") or ["title", "id"])
        self.legend_words: list[str] = list(base.get("legend_words") or [])
        self.score_criteria: list[str] = [str(x) for x in base.get("score_criteria") or []]
        self.group_titles: list[str] = [str(x) for x in base.get("group_titles") or []]
        self.committee_labels: list[str] = [str(x) for x in base.get("committee_labels") or []]
        self.count_subjects: list[str] = [str(x) for x in base.get("count_subjects") or []]
        if extra:
            self.heading_prefixes += [
                p for p in extra.get("heading_prefixes") or [] if p not in self.heading_prefixes
            ]
            for section, target in (("fields", self.fields), ("years", self.years)):
                for name, synonyms in (extra.get(section) or {}).items():
                    if isinstance(synonyms, str):
                        synonyms = [synonyms]
                    # a user's synonyms come first: they win over built-in ones
                    target[name] = [str(s) for s in synonyms] + target.get(name, [])
        self._field_index = self._index(self.fields)
        self._year_index = self._index(self.years)
        self._cache: dict[str, tuple[str | None, str | None]] = {}

    @staticmethod
    def _index(table: dict[str, list[str]]) -> dict[str, str]:
        index: dict[str, str] = {}
        for name, synonyms in table.items():
            for synonym in synonyms:
                index.setdefault(label_key(str(synonym)), name)
        return index

    @classmethod
    def from_file(cls, path: str | Path | None) -> LabelBook:
        """The built-in vocabulary plus a user's file."""
        if path is None:
            return cls()
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise InputError(f"{path}: cannot read labels file: {exc.strerror or exc}") from None
        return cls(_load_yaml(text, str(path)))

    def _lookup(self, text: str) -> tuple[str | None, str | None]:
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        key = label_key(text)
        result = (self._field_index.get(key), self._year_index.get(key))
        if result == (None, None) and 4 <= len(key) <= 30:
            result = (self._fuzzy(key, self._field_index), self._fuzzy(key, self._year_index))
        self._cache[text] = result
        return result

    @staticmethod
    def _fuzzy(key: str, index: dict[str, str]) -> str | None:
        """A label with a doubled or dropped character (財源確保額額) still maps."""
        best, best_ratio = None, 0.0
        for synonym, name in index.items():
            if len(synonym) < 4 or abs(len(synonym) - len(key)) > 2:
                continue
            if len(set(synonym) & set(key)) < 0.8 * len(set(synonym)):
                continue  # cheap test before the exact ratio
            ratio = SequenceMatcher(None, key, synonym).ratio()
            if ratio > best_ratio:
                best, best_ratio = name, ratio
        return best if best_ratio >= 0.9 else None

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
