"""Progress-sheet parts inside a card (records/schedule.py): the schedule (工程表) read by column and by
what each cell holds, the per-year task table (取組内容), the theme marks; and the card rules around them."""

from __future__ import annotations

from reformparse import extract
from reformparse.blocks import Row
from reformparse.records.schedule import (
    TaskTable,
    is_task_header,
    is_task_row,
    is_task_row_start,
    read_schedule,
    split_status,
    theme_marks,
    unwrap,
)

#: a header with two columns a year (plan, status): 工程表 | R2年度 | | R3年度 | | R4年度 |
TWO_A_YEAR = [(1, 2020), (3, 2021), (5, 2022)]


def rows(*lines: str) -> list[Row]:
    return [Row(line.split("|"), number) for number, line in enumerate(lines, start=10)]


def summary(reading):
    return {
        fy: (part.plan, part.status and part.status.code, part.actual)
        for fy, part in sorted(reading.years.items())
    }


def test_a_status_is_a_word_of_its_own_or_runs_on_to_the_end():
    assert split_status("売却候補地の選定 工程どおり") == (
        "売却候補地の選定",
        split_status("工程どおり")[1],
        "",
    )
    before, status, after = split_status("PFI導入可能性調査 工程見直し 事業内容の再検討")
    assert (before, status.raw, status.code, after) == (
        "PFI導入可能性調査",
        "工程見直し",
        "other",
        "事業内容の再検討",
    )
    before, status, _ = split_status("新たな手法の導入 (取組終了)")
    assert (before, status.code) == ("新たな手法の導入", "completed")
    before, status, _ = split_status("対象証明書の拡大工程見直し")  # a PDF cell that wrapped
    assert (before, status.raw) == ("対象証明書の拡大", "工程見直し")
    # a plan that merely contains a status word is a plan
    assert split_status("実施中の課題の検討")[1] is None
    assert split_status("事業の完了")[1] is None


def test_unwrap_joins_japanese_split_by_a_wrap_only():
    assert unwrap("クレジット カード納付の 導入準備") == "クレジットカード納付の導入準備"
    assert unwrap("AI OCR の導入") == "AI OCR の導入"


def test_schedule_with_plan_and_status_columns():
    reading = read_schedule(TWO_A_YEAR, rows("|対象事業の選定|工程どおり|⇒|工程見直し|⇒|"))
    assert summary(reading) == {
        2020: (["対象事業の選定"], "on_track", []),
        2021: (["⇒"], "other", []),
        2022: (["⇒"], None, []),
    }


def test_schedule_cells_with_plan_and_status_run_together():
    columns = [(1, 2020), (2, 2021), (3, 2022)]
    reading = read_schedule(columns, rows("|寄附の募集 工程どおり|⇒ 工程どおり|⇒ 工程どおり|⇒"))
    assert [part.status.code for part in reading.years.values()] == ["on_track"] * 3
    assert [part.plan for part in reading.years.values()] == [["寄附の募集"], ["⇒"], ["⇒"]]


def test_a_status_that_slid_right_grades_the_plan_before_it():
    # R5 has two columns, R6 one: the R5 status printed under R6, the R6 plan after it
    columns = [(1, 2020), (2, 2021), (3, 2022), (4, 2023), (6, 2024)]
    reading = read_schedule(columns, rows("||||窓口の検討||工程どおり|窓口の開設"))
    assert summary(reading) == {
        2023: (["窓口の検討"], "on_track", []),
        2024: (["窓口の開設"], None, []),
    }


def test_a_second_row_says_what_was_done_instead_and_a_later_status_wins():
    reading = read_schedule(
        TWO_A_YEAR,
        rows(
            "|システムの調査||電子申請の導入||⇒|",
            "|工程どおり||システム改修 (取組終了)||||",
        ),
    )
    assert summary(reading) == {
        2020: (["システムの調査"], "on_track", []),
        2021: (["電子申請の導入"], "completed", ["システム改修"]),
        2022: (["⇒"], None, []),
    }


def test_a_second_status_in_one_years_cells_goes_on_to_the_next_year():
    reading = read_schedule(TWO_A_YEAR, rows("|工程どおり|工程見直し|||"))
    assert {fy: part.status.code for fy, part in reading.years.items()} == {2020: "on_track", 2021: "other"}


def test_a_cell_under_no_year_column_is_kept_apart():
    reading = read_schedule(TWO_A_YEAR, rows("運用方針の検討|計画策定||||"))
    assert [text for text, _ in reading.unplaced] == ["運用方針の検討"]
    assert reading.unplaced[0][1].start_line == 10
    assert reading.years[2020].plan == ["計画策定"]


def test_task_tables_carry_the_year_down_and_take_a_number_slid_into_the_first_column():
    assert is_task_header(["【取組予定・今後の取組予定】", "", "【取組結果・評価につながる活動指標(効果)】"])
    assert not is_task_header(["令和2年度", "令和3年度"])
    assert is_task_row_start(["R2～R6", "① 未利用地の売却", "(継) 11件を売却した。"])
    assert not is_task_row_start(["検討", "実施"])
    table = TaskTable()
    for cells in (
        ["", "R2", "①", "他市事例の調査", "", "(新) 5市を調べた。"],
        ["", "", "②", "対象施設の選定", "", "(新) 3施設を選んだ。"],
        ["", "", "", "", "", "・体育館を含む。"],  # the outcome wrapped on to the next row
        ["", "R3", "③", "②と同じ", "", "(継) 1施設を追加した。"],
        ["④", "", "契約企業との調整", "", "", "(継) 看板を設置した。"],
    ):
        assert table.read_row(cells)
    assert [(fy, task.number, task.text) for fy, task in table.tasks] == [
        (2020, "①", "他市事例の調査"),
        (2020, "②", "対象施設の選定"),
        (2021, "③", "②と同じ"),
        (2021, "④", "契約企業との調整"),
    ]
    assert table.tasks[1][1].result == "(新) 3施設を選んだ。\n・体育館を含む。"
    assert table.tasks[3][1].years_raw == "R3"
    # a prompt row ends the table
    assert not table.read_row(["", "取組終了の場合記入 →", "", "令和5年3月取組終了"])
    assert is_task_row(["", "R 6", "⑪", "①と同じ"]) and not is_task_row(["進捗度", "2", "3"])


def test_theme_marks_name_the_headers_above_them():
    header = ["テーマ", "財政運営", "市民サービス", "協働", "ICT"]
    assert theme_marks(header, ["", "○", "", "◯", ""]) == ["財政運営", "協働"]
    assert theme_marks(header, ["", "○", "あり", "", ""]) is None  # not a row of marks
    assert theme_marks(header, ["", "", "", "", ""]) is None


SHEETS = """架空町改革プラン 進捗状況

1 取組一覧

No.\t取組項目\t担当課
1\t水道管の更新工事の委託\t水道課
2\t下水道管の更新工事の委託\t下水道課

2 進捗状況シート

実践項目\t下水道管の更新工事の委託
担当部署\t(水) 下水道課
テーマ\t財政運営\t民間活力
\t\t○
工程表\tR5年度\t\tR6年度\t
\t委託の開始\t工程どおり\t⇒\t工程見直し
取組内容\t【取組予定】\t【取組結果】
\tR5\t①\t委託先の選定\t(新) 2社から選んだ。
\tR6\t②\t委託の継続\t(継) 4件を委託した。
取組に対する自己評価\t\tR5\tR6\t総括\t【評価の理由】
\t進捗度\t2\t2\t2\t総括\t予定どおり進めた。
総合評価\t\tB\tB\tB\t総括\t経費を削減した。
"""


def test_a_sheet_merges_into_the_listed_item_of_the_same_title_not_a_similar_one(tmp_path):
    path = tmp_path / "sheets.txt"
    path.write_text(SHEETS, encoding="utf-8")
    document = extract(path)
    by_id = {item.id: item for item in document.initiatives}
    assert set(by_id) == {"1", "2"}
    sewer, water = by_id["2"], by_id["1"]
    assert sewer.themes == ["民間活力"] and not water.themes
    assert [(y.fiscal_year, y.plan, y.status and y.status.raw) for y in sewer.years] == [
        (2023, "委託の開始", "工程どおり"),
        (2024, "⇒", "工程見直し"),
    ]
    assert [[t.text for t in y.tasks] for y in sewer.years] == [["委託先の選定"], ["委託の継続"]]
    assert sewer.grade == "B" and sewer.scores.get("進捗度") == 2
    # the reason after a 総括 mark is kept under the header's last column, without a warning
    assert any(f.label == "進捗度 【評価の理由】" and f.text == "予定どおり進めた。" for f in sewer.fields)
    assert "row-misaligned" not in {w.code for w in document.warnings}
