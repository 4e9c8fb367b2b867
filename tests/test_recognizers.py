"""The recognizer registry: a layout is added through the registry alone; coverage tells the truth."""

from __future__ import annotations

from reformparse import extract
from reformparse.models import Initiative, Span
from reformparse.records import registry
from reformparse.records.base import Reading, Recognizer


def _toy_read(ctx, tables) -> Reading:  # noqa: ANN001
    """Every text line starting with 「TOY:」 is an initiative."""
    reading = Reading()
    for index, block in enumerate(ctx.blocks):
        if block.kind == "text" and block.text.startswith("TOY:") and index not in ctx.consumed:
            reading.initiatives.append(
                Initiative(
                    key="",
                    title=block.text[4:].strip(),
                    span=Span(start_line=block.start_line, end_line=block.end_line),
                )
            )
            reading.blocks.add(index)
    return reading


def test_a_toy_recognizer_added_through_the_registry_alone(tmp_path, monkeypatch):
    report = tmp_path / "toy.txt"
    report.write_text(
        "架空の報告\n\nTOY: 一つ目の取組\nただの文章です。\nTOY: 二つ目の取組\n", encoding="utf-8"
    )
    before = extract(report)
    assert not before.initiatives and any(w.code == "no-initiatives" for w in before.warnings)
    toy = Recognizer(name="toy", reads="lines", read=_toy_read)
    monkeypatch.setattr(registry, "RECOGNIZERS", [*registry.RECOGNIZERS, toy])
    after = extract(report)
    assert [i.title for i in after.initiatives] == ["一つ目の取組", "二つ目の取組"]
    assert {i.layout for i in after.initiatives} == {"toy"}
    assert [i.key for i in after.initiatives] == ["r1", "r2"]
    assert after.coverage.lines_used > before.coverage.lines_used
    assert not any(w.code == "no-initiatives" for w in after.warnings)


def test_merging_asks_the_detail_property_not_the_name():
    names = {r.name: r.detail for r in registry.RECOGNIZERS}
    assert names["card"] is True and names["grid"] is False
    assert registry.detail_layouts() == frozenset(n for n, d in names.items() if d)


def test_prose_is_not_coverage(tmp_path):
    report = tmp_path / "prose.txt"
    report.write_text(
        "行政改革の取組について\n\n"
        + "\n".join(f"本市は第{n}の取組を進めました。" for n in range(1, 9))
        + "\n",
        encoding="utf-8",
    )
    doc = extract(report)
    assert doc.coverage.prose_lines == 8
    assert doc.coverage.ratio < 0.2
    assert len(doc.coverage.unused_lines) == doc.coverage.lines_total - doc.coverage.lines_used
    assert any(w.code == "no-initiatives" for w in doc.warnings)


def test_mojibake_reports_low_coverage(tmp_path):
    text = "".join(f"本市は第{n}の改革を進めた。\n" for n in range(12))
    report = tmp_path / "latin.txt"
    report.write_bytes(text.encode("utf-8"))
    doc = extract(report, encoding="latin-1")
    assert doc.coverage.ratio < 0.5, doc.coverage
    assert any(w.code == "no-initiatives" for w in doc.warnings)


def test_a_table_flattened_column_by_column_is_warned(tmp_path):
    cells = ["区分", "決定件数", "実施件数", "第1次", "120", "118", "第2次", "95", "90", "第3次", "60", "58"]
    report = tmp_path / "flat.txt"
    report.write_text("架空県の行政改革の成果\n\n" + "\n\n".join(cells) + "\n", encoding="utf-8")
    doc = extract(report)
    [warning] = [w for w in doc.warnings if w.code == "table-unread"]
    assert warning.span.start_line == 3 and warning.span.end_line == 3 + 2 * (len(cells) - 1)
    assert doc.coverage.prose_lines == len(cells)
