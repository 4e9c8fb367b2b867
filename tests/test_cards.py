"""The card recognizer on small fictional cards."""

from __future__ import annotations

from reformparse.labels import LabelBook
from reformparse.pipeline import build_document
from reformparse.read.text import read_text

CARD_REPORT = """架空市行財政改革プログラムの取組結果

改革の視点1 効率的な行政運営

1 デジタル化

(1) 電子申請の推進

取組項目名\t電子申請の拡大\t\t\t管理番号\t1
所管部局\t総務部（情報課、行政課）各部局\t\t\t財源確保目標額\t—
経過や背景\t<p>平成30年度から検討した。</p>
作業工程\t令和2年度\t令和3年度\t令和4年度\t令和5年度
計画\t検討\t→\t実施
実績\t調査した。\t試行した。\t導入した。\t拡大した。
進行状況\t予定どおり進んでいる\t予定どおり進んでいる\t予定より遅れている\t実施済み
財源確保額（当初予算時）\t\t1,200千円\t\t
取組項目実施結果\t利用が増えた。
今後の予定\t対象手続を増やす。
独自の欄\t記録しておく値

取組項目名\t窓口の混雑緩和\t\t\t管理番号\t2
所管部局\t市民部（市民課）
作業工程\t令和2年度\t令和3年度\t令和4年度\t令和5年度
計画\t実施\t→\t→\t→\t→
進行状況\t予定どおり進んでいる\t予定どおり進んでいる\t実施不可\t実施不可
"""


def extract_text(tmp_path, text: str, labels: LabelBook | None = None):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return build_document(read_text(path), labels or LabelBook())


def test_cards_become_initiatives(tmp_path):
    doc = extract_text(tmp_path, CARD_REPORT)
    assert [i.id for i in doc.initiatives] == ["1", "2"]
    first, second = doc.initiatives
    assert first.title == "電子申請の拡大"
    assert first.section_path == ["効率的な行政運営", "デジタル化", "電子申請の推進"]
    assert first.departments == ["情報課", "行政課", "各部局"]
    assert [d.bureau for d in first.department_details] == ["総務部", "総務部", None]
    assert first.background == "平成30年度から検討した。"
    assert [(y.fiscal_year, y.phase) for y in first.years] == [
        (2020, "study"),
        (2021, "continue"),
        (2022, "implement"),
        (2023, None),
    ]
    assert [y.status.code for y in first.years] == ["on_track", "on_track", "delayed", "completed"]
    assert first.status.code == "completed"
    assert first.years[2].actual == "導入した。"
    assert [(m.fiscal_year, m.yen) for m in first.money] == [(2021, 1_200_000)]
    assert first.result == "利用が増えた。" and first.next_steps == "対象手続を増やす。"
    assert {"label": "独自の欄", "text": "記録しておく値"} in [f.model_dump() for f in first.fields]
    assert second.status.code == "infeasible"


def test_a_row_with_more_cells_than_years_is_flagged(tmp_path):
    doc = extract_text(tmp_path, CARD_REPORT)
    misaligned = [w for w in doc.warnings if w.code == "row-misaligned"]
    assert len(misaligned) == 1
    assert misaligned[0].span.start_line == CARD_REPORT.splitlines().index("計画\t実施\t→\t→\t→\t→") + 1
    assert len(doc.initiatives[1].years) == 4


def test_card_without_title_label_takes_the_heading_above(tmp_path):
    text = """1 市民との協働

(1) 情報提供

① 広報の充実

担当課\t広報課\t関係課\t全課
現状と課題\t読まれていない。
目標の状態\t読まれる広報\t現状の数値
\t\t閲覧数 1,000件
\t\t目標の数値
\t\t閲覧数 2,000件
年次計画\t年度\t令和2年度\t令和3年度\t令和4年度
\t進捗状況\t検討\t実施\t実施
\t数値\t閲覧数 1,200件\t閲覧数 1,500件\t閲覧数 2,000件

1 市民との協働

(1) 情報提供

② 広聴の充実

担当課\t秘書課\t関係課\t
取組内容\t意見を集める。
"""
    doc = extract_text(tmp_path, text)
    assert [(i.id, i.title, i.section_path) for i in doc.initiatives] == [
        ("1", "広報の充実", ["市民との協働", "情報提供"]),
        ("2", "広聴の充実", ["市民との協働", "情報提供"]),
    ]
    first = doc.initiatives[0]
    assert first.related_departments == ["全課"]
    assert [(y.fiscal_year, y.phase) for y in first.years] == [
        (2020, "study"),
        (2021, "implement"),
        (2022, "implement"),
    ]
    kpi = first.kpis[0]
    assert (kpi.baseline.value, kpi.target.value) == (1000, 2000)
    assert {fy: q.value for fy, q in kpi.yearly.items()} == {2020: 1200, 2021: 1500, 2022: 2000}
    assert len(doc.sections) == 1 and len(doc.sections[0].children) == 1


def test_user_labels_map_without_code(tmp_path):
    text = "取組項目名\t窓口改善\t管理番号\t7\n推進担当\t市民課\n改革の内容\t窓口を一つにする。\n今後の予定\t続ける。\n"
    plain = extract_text(tmp_path, text)
    assert plain.initiatives[0].departments == []
    assert {"label": "推進担当", "text": "市民課"} in [f.model_dump() for f in plain.initiatives[0].fields]
    book = LabelBook({"fields": {"departments": ["推進担当"], "content": ["改革の内容"]}})
    doc = extract_text(tmp_path, text, book)
    assert doc.initiatives[0].departments == ["市民課"]
    assert doc.initiatives[0].content == "窓口を一つにする。"


def test_departments_one_unit_a_string_with_its_bureau():
    from reformparse.records.common import split_departments

    def units(text):
        return [(d.unit, d.bureau) for d in split_departments(text)]

    assert units("総務部（総務課、管財課）各部局") == [
        ("総務課", "総務部"),
        ("管財課", "総務部"),
        ("各部局", None),
    ]
    assert units("(政)政策推進課、(財)財政課") == [("政策推進課", "政"), ("財政課", "財")]
    assert units("上下水道局 経営企画課") == units("上下水道局経営企画課") == [("経営企画課", "上下水道局")]
    assert units("契約検査課・財政課") == [("契約検査課", None), ("財政課", None)]
    assert units("協働・男女平等参画室") == [("協働・男女平等参画室", None)]
    assert units("市民部") == [("市民部", None)]
    assert units("(政) 政策推進課、(財) 財政課") == [("政策推進課", "政"), ("財政課", "財")]
    assert units("人事課・教育 総務課") == [("人事課", None), ("教育総務課", None)]
    assert units("市民課 (とりまとめ)") == [("市民課", None)]
