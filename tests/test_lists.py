"""The list recognizer: initiatives printed as list lines with markers."""

from __future__ import annotations

from reformparse import extract
from reformparse.records.lists import parse_marker


def _doc(tmp_path, text: str):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return extract(path)


def test_markers_are_read():
    assert parse_marker("No.R5-1 窓口の見直し")[:2] == ("no", "R5-1")
    assert parse_marker("重点項目2 No.12 窓口の見直し")[:3] == ("no", "12", "重点項目2")
    assert parse_marker("①窓口の見直し")[:2] == ("circled", "①")
    assert parse_marker("（3）窓口の見直し")[:2] == ("paren", "3")
    assert parse_marker("2. 窓口の見直し")[:2] == ("dot", "2")
    assert parse_marker("・窓口の見直し")[:2] == ("bullet", None)
    assert parse_marker("取組項目4：窓口の見直し")[:2] == ("label", "4")
    assert parse_marker("2.5%の削減") is None


def test_a_list_with_departments_amounts_and_statuses(tmp_path):
    doc = _doc(
        tmp_path,
        "架空町行政改革の取組状況\n\n"
        "No.R5-1 電子申請の拡大（所管課：情報推進課）\n"
        "No.R5-2 公用車の削減（財産管理課） 効果額 1,250万円 完了\n"
        "No.R5-3 窓口の一本化【担当：市民課・税務課】 順調\n",
    )
    items = doc.initiatives
    assert [i.id for i in items] == ["R5-1", "R5-2", "R5-3"]
    assert [i.title for i in items] == ["電子申請の拡大", "公用車の削減", "窓口の一本化"]
    assert items[0].departments == ["情報推進課"]
    assert items[2].departments == ["市民課", "税務課"]
    assert [m.yen for m in items[1].money] == [12_500_000]
    assert items[1].status.code == "completed" and items[2].status.code == "on_track"
    assert {i.layout for i in items} == {"list"}


def test_bullets_under_a_category_with_tags(tmp_path):
    doc = _doc(
        tmp_path,
        "改革の取組一覧\n\n事務の見直し\n※ 新規2項目\n・窓口受付時間の見直し【新規】\n・会議資料の電子化【新規】\n"
        "・庁舎清掃の委託【修正】\n",
    )
    assert [i.title for i in doc.initiatives] == [
        "窓口受付時間の見直し",
        "会議資料の電子化",
        "庁舎清掃の委託",
    ]
    assert all(i.section_path[-1] == "事務の見直し" for i in doc.initiatives)
    assert any(f.text == "【新規】" for f in doc.initiatives[0].fields)


def test_lists_that_are_not_initiatives_stay_prose(tmp_path):
    doc = _doc(
        tmp_path,
        "お問い合わせ\n\n・電話：0000-00-0000\n・FAX：0000-00-0001\n・メール：info@example.jp\n\n"
        "評価の区分\n\n・S：特に良好に進んでいる\n・A：良好に進んでいる\n・B：おおむね進んでいる\n\n"
        "本計画の柱\n\n1. 定員管理の適正化\n2. 事務事業の見直し\n3. 財政運営の健全化\n",
    )
    assert doc.initiatives == []
    assert any(w.code == "no-initiatives" for w in doc.warnings)
    assert doc.coverage.prose_lines >= 5


def test_a_lead_line_names_the_list(tmp_path):
    doc = _doc(
        tmp_path, "部局の評価\n\n改革項目\n- 市税の収納率の向上\n- 公共施設の再配置\n- 職員研修の充実\n"
    )
    assert [i.title for i in doc.initiatives] == ["市税の収納率の向上", "公共施設の再配置", "職員研修の充実"]


def test_amount_breakdowns_are_document_amounts_not_initiatives(tmp_path):
    doc = _doc(
        tmp_path,
        "架空市の取組結果\n\n令和5年度の効果額は次のとおりです。\n\n・効果額合計 3億2,150万円\n・うち増収額 2億9,740万円\n"
        "・うち削減額 2,410万円\n",
    )
    assert doc.initiatives == []
    assert [(a.label, a.yen) for a in doc.amounts][-3:] == [
        ("効果額合計", 321_500_000),
        ("うち増収額", 297_400_000),
        ("うち削減額", 24_100_000),
    ]


def test_numbered_items_with_a_department_are_items_not_headings(tmp_path):
    doc = _doc(
        tmp_path,
        "架空町の取組結果\n\n■主な取組\n\n1. 公共施設の再編（資産経営課）\n 集会施設を譲渡した。\n"
        "2. 電子申請の拡大（情報政策課）\n 手続を増やした。\n",
    )
    assert [(i.id, i.title, i.departments) for i in doc.initiatives] == [
        ("1", "公共施設の再編", ["資産経営課"]),
        ("2", "電子申請の拡大", ["情報政策課"]),
    ]


def test_sub_bullets_belong_to_their_item_and_links_are_not_items(tmp_path):
    doc = _doc(
        tmp_path,
        "- [ホーム](/)\n- [市政情報](/shisei/)\n\n# 架空市の実施状況\n\n## (1) デジタル化\n\n"
        "- **行政手続のオンライン化**（担当：DX推進課）\n  - 進捗：完了\n"
        "- **庁内ペーパーレス化**（担当：総務課）\n  - 効果額：3,600千円\n  - 進捗：順調\n",
    )
    assert [(i.title, i.departments) for i in doc.initiatives] == [
        ("行政手続のオンライン化", ["DX推進課"]),
        ("庁内ペーパーレス化", ["総務課"]),
    ]
    assert [i.status.code for i in doc.initiatives] == ["completed", "on_track"]
    assert [m.yen for m in doc.initiatives[1].money] == [3_600_000]


def test_detail_bullets_under_an_item_of_a_higher_mark(tmp_path):
    doc = _doc(
        tmp_path,
        "架空市推進計画\n\n■基本方針Ⅰ　市民とともに\n\n○市公式アプリの活用\n・子育て情報を配信する\n・担当　広報課\n\n"
        "○オープンデータの公開\n・毎年10件追加する\n・削減目標額　年間 3,000千円\n・担当　情報政策課\n",
    )
    assert [(i.title, i.departments) for i in doc.initiatives] == [
        ("市公式アプリの活用", ["広報課"]),
        ("オープンデータの公開", ["情報政策課"]),
    ]
    assert [m.yen for m in doc.initiatives[1].money] == [3_000_000]
