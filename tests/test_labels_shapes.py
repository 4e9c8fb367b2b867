"""No shape of labels file gets past the check: any YAML either gives a LabelBook that extraction can
use, or one LabelsError line naming the file (hypothesis builds the shapes: lists where mappings are
expected, nulls and numbers as synonyms, deep nesting, odd keys and bytes)."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reformparse import extract
from reformparse.errors import LabelsError, ReformParseError
from reformparse.labels import LabelBook, sections

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "list_bullets.txt"
SECTIONS = sorted(sections())
NAMES = ["title", "departments", "content", "status", "on_track", "completed", "plan", "header", "x"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["担当課", "", " ", "[", "*", "&a", "!!python/name:os.system", "課" * 200]),
)
KEYS = st.one_of(st.sampled_from(SECTIONS + NAMES), st.text(max_size=8))
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)),
    max_leaves=25,
)
SHAPES = st.one_of(VALUES, st.dictionaries(st.sampled_from(SECTIONS), VALUES, max_size=4))
CHECKS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _use(path: Path) -> None:
    try:
        book = LabelBook.from_file(path)
    except LabelsError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(str(path))
        return
    try:
        extract(SAMPLE, labels=book)
    except ReformParseError:
        pass


@CHECKS
@given(SHAPES)
def test_any_yaml_shape_is_usable_or_one_line(tmp_path, shape):
    path = tmp_path / "labels.yaml"
    path.write_text(yaml.safe_dump(shape, allow_unicode=True), encoding="utf-8")
    _use(path)


@CHECKS
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_are_usable_or_one_line(tmp_path, data):
    path = tmp_path / "labels.yaml"
    path.write_bytes(data)
    _use(path)


def test_deep_nesting_and_alias_bombs_are_one_line(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("fields:\n  title: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")
    bomb = tmp_path / "bomb.yaml"
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for path in (deep, bomb):
        try:
            LabelBook.from_file(path)
        except LabelsError as exc:
            assert "\n" not in str(exc)
        else:
            raise AssertionError(f"{path.name} was accepted")


def test_a_section_name_with_a_line_break_is_shown_on_one_line(tmp_path):
    path = tmp_path / "labels.yaml"
    path.write_text(yaml.safe_dump({"\n": None, "a\nb": ["x"]}), encoding="utf-8")
    _use(path)
