"""Every compiled pattern of reformparse, run on hostile 100,000-character texts (helper of test_regex_audit).

Patterns are collected from the modules' globals (re and regex patterns, also inside dataclasses and
dicts) and from the default label book's derived values (patterns built from the vocabulary) after one
report has been read. The texts are built from the characters each pattern names: one character
repeated, two alternating, a seeded mix, each followed by a character that makes the match fail.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import random
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import regex

import reformparse

LENGTH = 100_000
PATTERN_TYPES = (re.Pattern, regex.Pattern)
#: how many of a pattern's characters are tried alone, and in pairs
MAX_CHARS = 12
MAX_PAIRS = 5
#: characters tried with every pattern, besides those it names
COMMON = " \u30001aAあ課、：:（(）)・-\t"


def _walk(value: object, where: str, depth: int = 0) -> Iterator[tuple[str, object]]:
    if isinstance(value, PATTERN_TYPES):
        yield where, value
    elif depth > 2:
        return
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{where}[{key!r}]", depth + 1)
    elif isinstance(value, (list, tuple)):
        for number, item in enumerate(value):
            yield from _walk(item, f"{where}[{number}]", depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _walk(getattr(value, field.name), f"{where}.{field.name}", depth + 1)


def patterns() -> dict[str, object]:
    """Every pattern reformparse compiles, by where it lives (deduplicated by pattern and flags)."""
    from reformparse import extract
    from reformparse.labels import active_labels

    root = Path(reformparse.__file__).parent
    extract(root.parent.parent / "samples" / "results_cards.txt")  # builds the derived patterns
    found: dict[str, object] = {}
    seen: set[tuple[str, int, type]] = set()
    names = [info.name for info in pkgutil.walk_packages([str(root)], "reformparse.")]
    sources: list[tuple[str, object]] = []
    for name in sorted(names):
        module = importlib.import_module(name)
        sources += [(f"{name}.{attribute}", value) for attribute, value in vars(module).items()]
    sources += [(f"labels.derived[{key!r}]", value) for key, value in active_labels()._derived.items()]
    for where, value in sources:
        for place, pattern in _walk(value, where):
            key = (pattern.pattern, pattern.flags, type(pattern))
            ALIASES.setdefault(key, []).append(place)
            if key not in seen and isinstance(pattern.pattern, str):
                seen.add(key)
                found[place] = pattern
    return found


#: (pattern, flags, type) → every place that holds the pattern (a module's own, those that import it)
ALIASES: dict[tuple, list[str]] = {}


def _characters(pattern: object) -> str:
    """The literal characters a pattern names (escapes and class syntax left out), then COMMON."""
    source = regex.sub(r"\\[pPN]\{[^}]*\}|\\[a-zA-Z]|\(\?[:=!<P][^)]*?|\{\d+(?:,\d*)?\}", "", pattern.pattern)
    chars = [ch for ch in source if ch not in "()[]{}|?*+^$\\"]
    return "".join(dict.fromkeys(chars + list(COMMON)))


def texts(pattern: object, seed: int = 0) -> Iterator[str]:
    """Hostile texts for one pattern: runs of its characters that may make a backtracking engine
    try every start against every end."""
    chars = _characters(pattern)
    rng = random.Random(seed)
    for ch in chars[:MAX_CHARS]:
        yield ch * LENGTH + "\x00"
    for first, second in zip(chars[:MAX_PAIRS], chars[1 : MAX_PAIRS + 1]):
        yield (first + second) * (LENGTH // 2) + "\x00"
        yield (first + " ") * (LENGTH // 2) + "\x00"
    yield "".join(rng.choice(chars) for _ in range(LENGTH))


#: what the code calls on a pattern, by the name it calls it under (every module's source read once)
USES = regex.compile(r"\b([A-Za-z_]\w*)\.(search|match|fullmatch|finditer|findall|sub|subn|split)\(")
ALL_MATCHES = {"finditer", "findall", "sub", "subn", "split"}


def uses() -> dict[str, set[str]]:
    """ "module.NAME" → the methods the code calls on it: in the module that defines it, and in the
    modules that import it by name (two modules may each have their own pattern of one name)."""
    root = Path(reformparse.__file__).parent
    texts = {
        "reformparse." + ".".join(path.relative_to(root).with_suffix("").parts): path.read_text(
            encoding="utf-8"
        )
        for path in root.rglob("*.py")
    }
    found: dict[str, set[str]] = {}
    for module, text in texts.items():
        module = module.removesuffix(".__init__")
        for name, method in USES.findall(text):
            methods = found.setdefault(f"{module}.{name}", set())
            methods.add("finditer" if method in ALL_MATCHES else method)
            for other, other_text in texts.items():  # where it is imported from
                if other != module and regex.search(
                    rf"^{name}\s*=\s*(?:re|regex)\.compile", other_text, regex.M
                ):
                    if regex.search(rf"import[^\n]*\b{name}\b|^\s+{name},$", text, regex.M):
                        found.setdefault(f"{other.removesuffix('.__init__')}.{name}", set()).update(methods)
    return found


def exercise(pattern: object, text: str, methods: set[str]) -> None:
    """What callers do with a pattern (every match for findall, sub and split)."""
    for method in sorted(methods):
        if method == "finditer":
            for _ in pattern.finditer(text):
                pass
        else:
            getattr(pattern, method)(text)


def methods_of(pattern: object, used: dict[str, set[str]]) -> set[str]:
    """The methods the code calls on a pattern, under any name it is held by; search and every match
    when unknown."""
    places = ALIASES.get((pattern.pattern, pattern.flags, type(pattern)), [])
    methods = set().union(*(used.get(place.split("[", 1)[0], set()) for place in places))
    return methods or {"search", "finditer"}


class Slow(BaseException):
    """Raised by SIGALRM when one pattern runs past its limit."""


def _alarm(_signum: int, _frame: object) -> None:
    raise Slow


def slow_patterns(limit: float = 5.0, only: str | None = None) -> list[tuple[str, str, str]]:
    """(where, pattern, text sample) of every pattern that takes longer than `limit` on one text."""
    slow = []
    used = uses()
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for where, pattern in patterns().items():
            if only and only not in where:
                continue
            for text in texts(pattern):
                signal.setitimer(signal.ITIMER_REAL, limit)
                try:
                    exercise(pattern, text, methods_of(pattern, used))
                except Slow:
                    slow.append((where, pattern.pattern, repr(text[:12])))
                    break
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return slow


if __name__ == "__main__":
    import sys

    found = patterns()
    print(f"{len(found)} patterns")
    for where, pattern, sample in slow_patterns(float(sys.argv[1]) if len(sys.argv) > 1 else 2.0):
        print(f"SLOW {where}: {pattern[:120]!r} on {sample}")
