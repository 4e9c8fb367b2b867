"""Tables flattened one cell per line."""

from __future__ import annotations

from reformparse import extract


def test_one_cell_per_line_with_a_dropped_cell_and_two_line_department(tmp_path):
    cells = [
        "番号", "取組項目", "担当課", "進捗状況", "評価",
        "1", "電子申請の拡大", "情報課", "予定どおり", "A",
        "2", "補助金の見直し", "財政課", "企画課", "遅れ", "C",
        "3", "窓口の一本化", "市民課", "完了",
    ]  # fmt: skip
    path = tmp_path / "cells.txt"
    path.write_text("架空町の進捗状況\n\n" + "\n\n".join(cells) + "\n", encoding="utf-8")
    doc = extract(path)
    items = doc.initiatives
    assert [(i.id, i.title) for i in items] == [
        ("1", "電子申請の拡大"),
        ("2", "補助金の見直し"),
        ("3", "窓口の一本化"),
    ]
    assert items[1].departments == ["財政課", "企画課"]
    assert [i.status.code for i in items] == ["on_track", "delayed", "completed"]
    assert [i.grade for i in items] == ["A", "C", None]
    assert {i.layout for i in items} == {"cell-per-line"}


def test_a_short_label_list_without_records_is_not_a_table(tmp_path):
    path = tmp_path / "labels.txt"
    path.write_text("番号\n取組項目\n担当課\n\n本文が続きます。\n", encoding="utf-8")
    assert extract(path).initiatives == []


def test_records_without_a_header_opened_by_id_lines(tmp_path):
    lines = [
        "重点項目1 行政サービス",
        "No.1", "窓口の一本化", "市民課", "完了",
        "No.2", "電子申請の", "対象拡大", "情報課・市民課", "順調", "効果額 1,200千円",
        "No.3", "会議の削減", "総務課", "遅れ", "※入札不調のため延期",
    ]  # fmt: skip
    path = tmp_path / "records.txt"
    path.write_text("架空町の取組一覧\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    doc = extract(path)
    items = doc.initiatives
    assert [(i.id, i.title) for i in items] == [
        ("1", "窓口の一本化"),
        ("2", "電子申請の対象拡大"),
        ("3", "会議の削減"),
    ]
    assert items[1].departments == ["情報課", "市民課"] and [m.yen for m in items[1].money] == [1_200_000]
    assert [i.status.code for i in items] == ["completed", "on_track", "delayed"]
    assert any(w.code == "layout-guessed" for w in doc.warnings)
