"""The row-grid recognizer: columns named by the header, one initiative per row."""

from __future__ import annotations

from reformparse import extract


def _doc(tmp_path, text: str):
    path = tmp_path / "grid.txt"
    path.write_text(text, encoding="utf-8")
    return extract(path)


def test_category_columns_follow_the_headings_in_the_section_path(tmp_path):
    doc = _doc(
        tmp_path,
        "架空市の実施計画\n\n(1) 財政の健全化\n\n"
        "改革項目\t具体的取組\t所管課\t令和5年度\t令和6年度\n"
        "①歳入の確保\t市税収納率の向上\t納税課\t実施\t→\n"
        "\t使用料の見直し\t財政課\t検討\t実施\n"
        "②歳出の削減\t補助金の整理\t財政課\t\t実施\n",
    )
    items = doc.initiatives
    assert [i.section_path for i in items] == [
        ["財政の健全化", "歳入の確保"],
        ["財政の健全化", "歳入の確保"],
        ["財政の健全化", "歳出の削減"],
    ]
    assert [(f.label, f.text) for f in items[1].fields if f.label == "改革項目"] == [
        ("改革項目", "①歳入の確保")
    ]
    # bare fiscal-year columns are read by what the cells hold; an empty cell is a year with no plan
    assert [(y.fiscal_year, y.phase) for y in items[2].years] == [(2023, None), (2024, "implement")]
    assert [(y.fiscal_year, y.phase) for y in items[0].years] == [(2023, "implement"), (2024, "continue")]


def test_a_list_of_items_with_departments_is_not_a_group_table(tmp_path):
    doc = _doc(tmp_path, "番号\t取組項目\t担当課\n1\t窓口の見直し\t市民課\n2\t会議の削減\t総務課\n")
    assert [i.title for i in doc.initiatives] == ["窓口の見直し", "会議の削減"] and doc.groups == []


def test_a_total_row_is_a_document_amount(tmp_path):
    doc = _doc(
        tmp_path,
        "番号\t取組項目\t担当課\t効果額（千円）\n1\t窓口の見直し\t市民課\t1,000\n2\t会議の削減\t総務課\t500\n"
        "\t合計\t\t1,500\n",
    )
    assert len(doc.initiatives) == 2
    assert any(a.yen == 1_500_000 and "合計" in (a.label or "") for a in doc.amounts)


def test_a_table_whose_cells_are_separated_by_single_spaces(tmp_path):
    doc = _doc(
        tmp_path,
        "架空市の取組状況\n\n番号 取組項目 担当課 令和4年度 令和5年度\n"
        "1 窓口業務の民間委託 市民課 取組中 完了\n2 公共施設の 統廃合 資産経営課 取組中 一部達成\n"
        "3 電子契約の導入 契約課・財政課 － 完了\n",
    )
    items = doc.initiatives
    assert [(i.id, i.title, i.departments) for i in items] == [
        ("1", "窓口業務の民間委託", ["市民課"]),
        ("2", "公共施設の統廃合", ["資産経営課"]),
        ("3", "電子契約の導入", ["契約課", "財政課"]),
    ]
    assert [(y.fiscal_year, y.status.code) for y in items[1].years] == [(2022, "on_track"), (2023, "delayed")]


def test_single_space_rows_with_section_lines_and_a_wrapped_title(tmp_path):
    doc = _doc(
        tmp_path,
        "架空市の評価\n\n評価 取組項目 担当課\n\n改革の柱１ 市民サービス\nA 窓口のオンライン化 情報課\n"
        "B 証明書交付手数料の\nキャッシュレス化 市民課\nB 会議の削減 総務課\n",
    )
    assert [(i.title, i.departments, i.grade) for i in doc.initiatives] == [
        ("窓口のオンライン化", ["情報課"], "A"),
        ("証明書交付手数料のキャッシュレス化", ["市民課"], "B"),
        ("会議の削減", ["総務課"], "B"),
    ]
    assert all(i.section_path[-1] == "市民サービス" for i in doc.initiatives)


SLID_ROWS = """架空市行政改革 実践項目別の評価

No.\t実践項目\tテーマ\t\t\t平均値\t\t総合評価\t担当課
\t\t財政\t協働\tICT\t進捗度\t連携度\t\t
1\t財源の確保\t○\t\t\t2.5\t2.0\tA\t財政課
2\t窓口の改善\t\t○\t○\t○\t2.0\t3.0\tB\t市民課
3\t施設の最適化\t○\t\t\t2.0\t2.5\tB\t管財課
4\t電子申請の拡充\t\t\t○\t3.0\t3.0\tA\t情報政策課
5\t職員研修の充実\t\t○\t\t2.0\t2.0\tB\t人事課
"""


def test_a_row_with_one_cell_too_many_is_read_by_what_its_cells_hold(tmp_path):
    path = tmp_path / "slid.txt"
    path.write_text(SLID_ROWS, encoding="utf-8")
    document = extract(path)
    by_id = {item.id: item for item in document.initiatives}
    assert len(by_id) == 5
    slid = by_id["2"]
    assert slid.grade == "B" and slid.scores == {"進捗度": 2.0, "連携度": 3.0}
    assert slid.themes == ["協働", "ICT"] and any(f.text == "○" for f in slid.fields)
    assert slid.departments == ["市民課"]
    assert all(by_id[n].grade in ("A", "B") for n in "1345")
    warned = [w for w in document.warnings if w.code == "row-misaligned"]
    assert len(warned) == 1 and "窓口の改善" in warned[0].message


SLID_REPORT = """架空市 令和5年度取組状況と総括

改革項目\t具体的取組\t内容\t所管課\tR5取組状況\t総括\t最終評価
①窓口の改善\t証明書のコンビニ交付\t対象の証明書を増やす。\t税務課\t税証明の交付を始めた。\t目標どおり進んだ。\tB
市民課\t\t\t住民票のPRを行った。\t交付件数が増えた。\tA\t
"""


def test_a_department_report_row_that_slid_left_is_put_back_under_its_columns(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(SLID_REPORT, encoding="utf-8")
    document = extract(path)
    first, report = document.initiatives
    assert report.title == first.title == "証明書のコンビニ交付"
    assert report.departments == ["市民課"] and report.grade == "A"
    assert report.result == "交付件数が増えた。"
    assert any("slid left" in w.message for w in document.warnings if w.code == "row-misaligned")
