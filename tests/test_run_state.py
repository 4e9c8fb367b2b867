"""What an extraction leaves behind in the process: the garbage collector as it was, no reference
cycles to collect, and memos of a label book that stay bounded over a long batch."""

from __future__ import annotations

import gc

import pytest

from conftest import SAMPLES
from reformparse import extract
from reformparse.labels import MEMO_LIMIT, LabelBook
from reformparse.normalize import numbers
from reformparse.records import grid

SAMPLE_FILES = sorted(
    p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md", ".html") and p.stem != "README"
)


def test_the_collector_is_on_again_after_an_extraction() -> None:
    assert gc.isenabled()
    extract(SAMPLE_FILES[0])
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        extract(SAMPLE_FILES[0])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_is_on_again_after_a_failed_extraction(tmp_path) -> None:
    bad = tmp_path / "binary.txt"
    bad.write_bytes(b"\x00\x01" * 100)
    with pytest.raises(Exception):  # noqa: B017,PT011 - any failure; the point is the state after it
        extract(bad)
    assert gc.isenabled()


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_a_document_leaves_no_reference_cycles(path) -> None:
    """The collector is paused while a document is built because the stages make no cycles:
    everything is freed by reference counting once the document is dropped."""
    gc.collect()
    document = extract(path)
    assert document.initiatives
    del document
    assert gc.collect() == 0


def test_memos_are_emptied_when_full() -> None:
    book = LabelBook()
    with book.activate():
        memo = book.memo("numbers.parse")
        for index in range(MEMO_LIMIT):
            memo[str(index), 1] = float(index)
        assert numbers.parse_number("1,234") == 1234.0
        assert len(book.memo("numbers.parse")) <= 2
        assert numbers.parse_number("1,234") == 1234.0


def test_a_remembered_verdict_belongs_to_its_book() -> None:
    """A grade letter the user adds is a grade for their book, and not for the built-in one."""
    plain = LabelBook()
    with plain.activate():
        assert grid._fits("grade", "Z") is False
    mine = LabelBook({"grade_letters": ["Z"]})
    with mine.activate():
        assert grid._fits("grade", "Z") is True
    with plain.activate():
        assert grid._fits("grade", "Z") is False


def test_a_book_forgets_what_it_remembered_and_keeps_its_words() -> None:
    book = LabelBook({"grade_letters": ["Z"]})
    with book.activate():
        assert numbers.parse_number("1,234") == 1234.0
        assert grid._fits("grade", "Z") is True
        assert book.field_of("具体的取組組") == "title"
        assert book.memo("numbers.parse") and book.memo("grid.fits")
        book.forget()
        assert not book.memo("numbers.parse") and not book.memo("grid.fits")
        assert grid._fits("grade", "Z") is True  # the user's words are still there
        assert numbers.parse_number("1,234") == 1234.0
        assert book.field_of("具体的取組組") == "title"


@pytest.mark.parametrize("path", SAMPLE_FILES[:4], ids=lambda p: p.name)
def test_json_is_the_text_json_dumps_gives(path) -> None:
    """The JSON comes from pydantic's serializer: the same text as json.dumps of the dumped dict."""
    import json

    from reformparse.output.render import render

    document = extract(path)
    data = document.model_dump(mode="json")
    assert render(document, "json") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert (
        render(document, "json", compact=True)
        == json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    )


def test_objects_the_program_froze_stay_frozen() -> None:
    """A program that froze its objects (gc.freeze before forking workers) finds them frozen still."""
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        extract(SAMPLE_FILES[0])
        # unfreezing would have left none; a few of them may have been freed meanwhile
        assert gc.get_freeze_count() > frozen * 0.9
        assert gc.isenabled()
    finally:
        gc.unfreeze()
