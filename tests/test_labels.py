"""`--labels FILE`: every section of the built-in data extendable, the file checked, one line and exit 2
when it is bad (never a traceback, never blamed on the report)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reformparse import labels as labels_module
from reformparse.cli import app
from reformparse.document import kind_of, plan_name_of
from reformparse.errors import LabelsError, ReformParseError
from reformparse.labels import LabelBook, sections
from reformparse.normalize import money, quantity, vocab

EXE = Path(sys.executable).parent / "reformparse"

#: a small fictional card report: a department label only a user's file knows (推進担当課), and a
#: status wording the built-in vocabulary does not know (見込みどおり)
REPORT = (
    "取組項目名\t窓口改善\n"
    "管理番号\t1\n"
    "推進担当課\t市民課\n"
    "作業工程\t令和2年度\t令和3年度\n"
    "計画\t実施\t実施\n"
    "進行状況\t見込みどおり\t遅れ\n"
)

#: 362 bytes that would expand to 9**9 strings if aliases were followed (the old reader turned
#: fields.title into text, which never finished)
ALIAS_BOMB = (
    b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    b"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    b"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    b"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    b"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    b"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
    b"fields: {title: *i}\n"
)

#: (case id, labels file bytes, what the one line must say)
BAD_FILES = [
    ("undecodable", b"fields:\n  departments: [\x85\x7f\xfd]\n", "UTF-8, Shift_JIS (CP932) or EUC-JP"),
    (
        "empty-value",
        b"fields:\n  departments:\n",
        "fields.departments: expected a list of label strings, got null",
    ),
    (
        "unknown-section",
        "feilds:\n  departments: [推進担当課]\n".encode(),
        "unknown section 'feilds' (did you mean 'fields'?)",
    ),
    (
        "misspelt-field",
        "fields:\n  departmnts: [推進担当課]\n".encode(),
        "fields: unknown field 'departmnts' (did you mean 'departments'?)",
    ),
    (
        "list-for-mapping",
        "statuses: [見込みどおり]\n".encode(),
        "statuses: expected a mapping of status code names to label lists, got a list",
    ),
    ("number", b"heading_prefixes: [1]\n", "heading_prefixes[0]: expected a label string, got a number (1"),
    (
        "mapping-for-list",
        "heading_prefixes:\n  a: 改革の方向性\n".encode(),
        "heading_prefixes: expected a list of label strings, got a mapping",
    ),
    ("alias-bomb", ALIAS_BOMB, "aliases"),
    ("deep-nesting", b"fields:\n  departments: " + b"[" * 10_000 + b"]" * 10_000 + b"\n", "nesting"),
]


@pytest.fixture(autouse=True)
def _restore_active_book():
    """A book constructed here must not stay the active vocabulary of later tests."""
    saved = labels_module._ACTIVE.get()
    yield
    labels_module._ACTIVE.set(saved)


def _write(tmp_path: Path, data: bytes, name: str = "my.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _invoke(*args: str):  # noqa: ANN202 - a typer Result
    return CliRunner(env={"NO_COLOR": "1"}).invoke(app, list(args))


def _extract(tmp_path: Path, labels: Path) -> dict:
    result = _invoke("extract", str(_report(tmp_path)), "--labels", str(labels))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _assert_one_line_exit_2(result, labels: Path, fragment: str) -> None:  # noqa: ANN001
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    message = result.stderr.strip()
    assert "\n" not in message, message
    assert str(labels) in message and fragment in message, message
    assert "Traceback" not in message and "internal error" not in message
    assert "report.txt" not in message  # the labels file is to blame, not the report
    assert result.stdout == ""


# --- encodings ------------------------------------------------------------------------------------


def test_cp932_labels_file_takes_effect(tmp_path):
    text = "fields:\n  departments: [推進担当課]\n"
    labels = _write(tmp_path, text.encode("cp932"))
    assert _extract(tmp_path, labels)["initiatives"][0]["departments"] == ["市民課"]
    without = _invoke("extract", str(_report(tmp_path)))
    assert json.loads(without.stdout)["initiatives"][0]["departments"] == []


@pytest.mark.parametrize("encoding", ["utf-8-sig", "euc_jp"])
def test_bom_and_euc_jp_labels_files(tmp_path, encoding):
    text = "# みどり市の所管課の書き方\nfields:\n  departments: [推進担当課]\n  content: [改革の内容]\n"
    labels = _write(tmp_path, text.encode(encoding))
    assert _extract(tmp_path, labels)["initiatives"][0]["departments"] == ["市民課"]


# --- every bad file: one line naming it, exit 2, in extract and inspect ----------------------------


@pytest.mark.parametrize("command", ["extract", "inspect"])
@pytest.mark.parametrize(("case", "data", "fragment"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_labels_file_is_one_line_and_exit_2(tmp_path, command, case, data, fragment):
    labels = _write(tmp_path, data)
    started = time.perf_counter()
    result = _invoke(command, str(_report(tmp_path)), "--labels", str(labels))
    assert time.perf_counter() - started < 5
    _assert_one_line_exit_2(result, labels, fragment)


@pytest.mark.parametrize(("case", "data", "fragment"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_labels_file_raises_labels_error(tmp_path, case, data, fragment):
    labels = _write(tmp_path, data)
    with pytest.raises(LabelsError) as raised:
        LabelBook.from_file(labels)
    assert str(raised.value).startswith(f"{labels}: ") and fragment in str(raised.value)
    assert isinstance(raised.value, ReformParseError)


@pytest.mark.parametrize("case", ["undecodable", "alias-bomb", "deep-nesting"])
def test_bad_labels_file_in_a_real_process(tmp_path, case):
    data, fragment = next((d, f) for c, d, f in BAD_FILES if c == case)
    labels = _write(tmp_path, data)
    started = time.perf_counter()
    result = subprocess.run(
        [str(EXE), "extract", str(_report(tmp_path)), "--labels", str(labels)],
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
    )
    assert time.perf_counter() - started < 10
    assert result.returncode == 2, result.stderr
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and str(labels) in lines[0] and fragment in lines[0], lines
    assert result.stdout == b""


def test_alias_bomb_is_362_bytes():
    assert len(ALIAS_BOMB) == 362


def test_missing_labels_file_is_exit_2(tmp_path):
    labels = tmp_path / "nowhere.yaml"
    _assert_one_line_exit_2(
        _invoke("extract", str(_report(tmp_path)), "--labels", str(labels)), labels, "no such labels file"
    )


# --- values -------------------------------------------------------------------------------------------


def test_a_string_is_one_label_never_split_into_characters(tmp_path):
    labels = _write(tmp_path, "fields:\n  departments: 推進担当課\nheading_prefixes: 改革の方向性\n".encode())
    assert _extract(tmp_path, labels)["initiatives"][0]["departments"] == ["市民課"]
    book = LabelBook.from_file(labels)
    assert book.fields["departments"][0] == "推進担当課"
    assert book.field_of("推") is None and book.field_of("課") is None
    assert book.heading_prefixes[0] == "改革の方向性" and "改" not in book.heading_prefixes


def test_user_statuses_map_a_new_status_word(tmp_path):
    without = json.loads(_invoke("extract", str(_report(tmp_path))).stdout)
    assert without["initiatives"][0]["years"][0]["status"] == {"raw": "見込みどおり", "code": "other"}
    labels = _write(tmp_path, "statuses:\n  on_track: [見込みどおり]\n".encode())
    years = _extract(tmp_path, labels)["initiatives"][0]["years"]
    assert years[0]["status"] == {"raw": "見込みどおり", "code": "on_track"}
    assert years[1]["status"]["code"] == "delayed"  # the built-in words still apply


def test_user_words_come_first(tmp_path):
    # 評価 is a built-in grade label; a user may make it mean the result instead
    book = LabelBook({"fields": {"result": ["評価"]}, "statuses": {"delayed": ["完了予定"]}})
    assert book.field_of("評価") == "result" and LabelBook().field_of("評価") == "grade"
    assert vocab.status_of("完了予定").code == "completed"  # 完了: the built-in book, constructed last
    with book.activate():
        assert vocab.status_of("完了予定").code == "delayed"
    assert vocab.status_of("完了予定").code == "completed"


def test_every_section_of_both_data_files_can_be_extended():
    known = sections()
    for section in (
        "fields", "years", "heading_prefixes", "record_start", "legend_words", "score_criteria",
        "group_titles", "committee_labels", "count_subjects", "document_kinds", "plan_name_suffixes",
        "plan_name_cuts",
        "statuses", "phases", "status_marks", "empty_marks", "arrow_marks", "arrow_shafts",
        "grade_letters", "grade_suffixes", "money_prefixes", "money_units", "money_negative_marks",
        "quantity_units",
    ):  # fmt: skip
        assert section in known, section
    extra: dict = {}
    for section, kind in known.items():
        if kind == "list":
            extra[section] = (
                ["千億円"]
                if section == "money_units"
                else ["title"]
                if section == "record_start"
                else ["新語"]
            )
        else:
            extra[section] = {name: ["新語"] for name in LabelBook().sections[section]}
    book = LabelBook(extra)
    for section, kind in known.items():
        value = book.sections[section]
        first = value[0] if kind == "list" else next(iter(value.values()))[0]
        assert first == extra[section][0] if kind == "list" else first == "新語", section


def test_value_vocabularies_follow_the_labels_file(tmp_path):
    labels = _write(
        tmp_path,
        (
            "money_prefixes: [最大]\n"
            "money_units: [千億円]\n"
            "money_negative_marks: [マイナス]\n"
            "quantity_units: [灯]\n"
            "phases:\n  study: [勉強会]\n"
            "status_marks:\n  delayed: ['▽']\n"
            "empty_marks: [該当なし]\n"
            "grade_letters: [F]\n"
            "document_kinds:\n  results: [成果報告]\n"
            "plan_name_suffixes: [の成果報告]\n"
        ).encode(),
    )
    assert money.parse_yen("最大500千円") is None and quantity.find_quantities("街路灯 120灯") == []
    assert vocab.phase_of("勉強会") == "other" and vocab.grade_of("F") is None
    LabelBook.from_file(labels)  # the book constructed last is the one the value parsers read
    assert money.parse_yen("最大500千円") == 500_000
    assert money.parse_yen("2", default_unit="千億円") == 200_000_000_000
    assert money.parse_unit("[単位：千億円]") == "千億円"
    assert money.parse_yen("マイナス3万円") == -30_000
    assert [(q.value, q.unit) for q in quantity.find_quantities("街路灯 120灯")] == [(120, "灯")]
    assert vocab.phase_of("勉強会") == "study"
    assert vocab.status_of("▽").code == "delayed" and vocab.status_of("該当なし") is None
    assert vocab.grade_of("F") == "F"
    assert kind_of("みどり市改革プランの成果報告") == "results"
    assert plan_name_of(["みどり市改革プランの成果報告"]) == "みどり市改革プラン"


def test_document_vocabulary_in_a_report(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text("みどり市改革プランの成果報告\n\n" + REPORT, encoding="utf-8")
    before = json.loads(_invoke("extract", str(report)).stdout)
    assert before["kind"] == "plan" and before["plan_name"] == "みどり市改革プランの成果報告"
    labels = _write(
        tmp_path, "document_kinds:\n  results: [成果報告]\nplan_name_suffixes: [の成果報告]\n".encode()
    )
    after = json.loads(_invoke("extract", str(report), "--labels", str(labels)).stdout)
    assert after["kind"] == "results" and after["plan_name"] == "みどり市改革プラン"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("fields:\n  departments: []\n", "got an empty list"),
        (
            "fields:\n  departments: ['']\n",
            "fields.departments[0]: expected a label string, got an empty string",
        ),
        ("fields:\n  departments: [[推進担当課]]\n", "expected a label string, got a list"),
        ("fields:\n  departments: [yes]\n", "got a boolean (true"),
        ("fields:\n", "fields: expected a mapping of field names to label lists, got null"),
        ("- fields\n", "expected a mapping of sections"),
        ("status:\n  on_track: [見込みどおり]\n", "did you mean 'statuses'?"),
        (
            "statuses:\n  ontrack: [見込みどおり]\n",
            "unknown status code 'ontrack' (did you mean 'on_track'?)",
        ),
        ("years:\n  stauts: [達成度]\n", "unknown per-year row 'stauts' (did you mean 'status'?)"),
        ("record_start: [titel]\n", "record_start[0]: unknown field 'titel' (did you mean 'title'?)"),
        ("money_units: [ドル]\n", "money_units[0]: 'ドル' is not a yen unit"),
        ("fields: [unclosed\n", "not a valid YAML file"),
        ("fields: !!python/object:os.system {}\n", "not a valid YAML file"),
        ("a: 1\n---\nb: 2\n", "not a valid YAML file"),
    ],
)
def test_checks_name_what_is_wrong(tmp_path, text, fragment):
    labels = _write(tmp_path, text.encode())
    with pytest.raises(LabelsError) as raised:
        LabelBook.from_file(labels)
    message = str(raised.value)
    assert message.startswith(f"{labels}: ") and fragment in message and "\n" not in message, message


def test_builtin_vocabulary_unchanged_without_a_labels_file():
    book = LabelBook()
    assert money.UNIT_MULTIPLIERS["百万円"] == 1_000_000 and money.UNIT_MULTIPLIERS["円"] == 1
    assert book.sections["statuses"]["completed"][0] == "実施済み"
    assert vocab.phase_of("―→") == "continue" and vocab.grade_of("Ａ評価") == "A"
    assert kind_of("行財政改革大綱の進捗状況") == "progress"
