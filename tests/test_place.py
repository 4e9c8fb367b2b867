"""The official list of local governments and find_municipality."""

from __future__ import annotations

import json
import time
from importlib import resources
from pathlib import Path

import pytest

from reformparse.normalize.place import (
    Place,
    check_digit,
    find_municipality,
    municipalities,
    place_by_code,
    places_named,
)

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"


def rows() -> list[list[str]]:
    text = resources.files("reformparse").joinpath("data/municipalities.tsv").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


# --- the list -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code, name",
    [
        ("012041", "旭川市"),
        ("011002", "札幌市"),
        ("131016", "千代田区"),
        ("100005", "群馬県"),
        ("143219", "寒川町"),
        ("262145", "木津川市"),
        ("271004", "大阪市"),
        ("090000", "栃木県"),  # remainder 1 → 0
        ("110001", "埼玉県"),  # remainder 0 → 1
    ],
)
def test_known_codes(code: str, name: str) -> None:
    assert check_digit(code[:5]) == code[5]
    place = place_by_code(code)
    assert place is not None and place.name == name
    assert place_by_code(code[:5]) == place


def test_list_shape() -> None:
    table = rows()
    assert 1700 <= len(table) <= 1900
    codes = [r[0] for r in table]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    assert all(len(c) == 6 and c.isdigit() and check_digit(c[:5]) == c[5] for c in codes)
    kinds = [r[3] for r in table]
    assert kinds.count("prefecture") == 47
    assert kinds.count("ward") == 23
    assert set(kinds) == {"prefecture", "city", "ward", "town", "village"}
    names = {r[2] for r in table}
    assert "札幌市中央区" not in names and "中央区" in names  # Tokyo's 中央区 only
    assert [p.prefecture for p in places_named("中央区")] == ["東京都"]
    assert {p.prefecture for p in places_named("朝日町")} == {"山形県", "富山県", "三重県"}
    assert {p.prefecture for p in places_named("府中市")} == {"東京都", "広島県"}
    assert places_named("次寒川町") == [] and places_named("市町村") == []
    assert len(municipalities()) == len(table)
    # designated cities are in, with their own codes
    assert places_named("川崎市")[0].code == "141305"
    assert places_named("堺市")[0].code == "271403"


# --- finding the name -----------------------------------------------------------------------------


def find(*lines: str, title: str | None = None) -> Place | None:
    return find_municipality(title, list(lines))


def test_ordinal_prefix_is_not_part_of_the_name() -> None:
    assert find("第5次寒川町行政改革実施計画 令和6年度実施報告") == Place("寒川町", "143219", "神奈川県")
    assert find("第 2 次寒川町行政改革大綱") == Place("寒川町", "143219", "神奈川県")
    assert find("令和元年度木津川市行財政改革の進捗").name == "木津川市"


@pytest.mark.parametrize(
    "line",
    [
        "すべては市民のために取り組みます。",
        "本市では旧町村の施設を統合します。",
        "全市的な取組として各市町村と連携し、他市の事例を研究する。",
        "市町村合併の効果を検証した。",
        "中央市場の再整備と市街地の活性化",
        "天津市との友好交流事業",
        "観光市場調査を実施",
        "以上市町村の状況",
        "",
    ],
)
def test_generic_words_are_not_names(line: str) -> None:
    assert find(line) is None
    assert find(line, title=line or None) is None


def test_longest_name_at_a_position() -> None:
    assert find("北名古屋市行政改革大綱の実施計画").name == "北名古屋市"
    assert find("東京都府中市の取組").name == "府中市"  # not 京都府
    assert find("大津市行政改革プラン").name == "大津市"  # not 津市


def test_wards_of_designated_cities_are_not_tokyo_wards() -> None:
    assert find("札幌市中央区の窓口サービス", "札幌市中央区役所") == Place("札幌市", "011002", "北海道")
    assert find("大阪市北区との調整").name == "大阪市"
    assert find("東京都中央区行政改革計画") == Place("中央区", "131024", "東京都")


def test_title_wins() -> None:
    body = ["高崎市との連携を進めた。", "高崎市の事例", "高崎市への派遣"]
    assert find(*body, title="前橋市行政改革大綱").name == "前橋市"


def test_reform_words_beat_a_passing_mention() -> None:
    lines = [
        "お知らせ",
        "ホーム",
        "「第3次木津川市行財政改革行動計画」の進捗状況をお知らせします。",
        *["項目"] * 20,
        "高槻市との連携",
        "高槻市と共同で研修を実施",
    ]
    assert find(*lines).name == "木津川市"
    assert find("市政改革プラン", "大阪市政改革の取組", "堺市との連携", "堺市と協議").name == "大阪市"


def test_first_lines_then_frequency() -> None:
    lines = ["伊勢崎市 行政経営課", *["取組内容"] * 15, "太田市と連携", "太田市の事例", "太田市方式"]
    assert find(*lines).name == "伊勢崎市"
    lines = [*["取組内容"] * 15, "太田市と連携", "館林市の事例", "館林市方式"]
    assert find(*lines).name == "館林市"


def test_prefecture_report_and_city_report() -> None:
    assert find("群馬県行政改革大綱(令和2~6年度)", "市町村との連携") == Place("群馬県", "100005", "群馬県")
    assert find("の評価", title="群馬県行財政改革大綱") == Place("群馬県", "100005", "群馬県")
    city = find("群馬県の補助制度を活用", "群馬県と協議", "群馬県へ報告", title="高崎市行政改革大綱")
    assert city == Place("高崎市", "102024", "群馬県")
    assert find("群馬県高崎市行政改革大綱").name == "高崎市"
    # same standing: the city keeps it over its own prefecture
    assert find("群馬県 行政改革の取組", "高崎市 行政改革の取組", "群馬県の補助").name == "高崎市"


def test_homonyms_need_a_prefecture() -> None:
    assert find("朝日町行政改革大綱", "町民とともに") == Place("朝日町", None, None)
    assert find("山形県朝日町行政改革大綱") == Place("朝日町", "063231", "山形県")
    assert find("朝日町行政改革大綱", "富山県の補助金を活用") == Place("朝日町", "163431", "富山県")
    assert find("西村山郡朝日町 集中改革プラン") == Place("朝日町", "063231", "山形県")
    assert find("三重県三重郡朝日町行政改革").code == "243434"
    assert find("広島 府中市行政改革大綱") == Place("府中市", "342084", "広島県")
    assert find("東京都府中市行財政改革推進プラン") == Place("府中市", "132063", "東京都")
    assert find("府中市行政改革", "東京都と広島県の事例") == Place("府中市", None, None)


def test_variant_small_ke() -> None:
    assert find("鶴ケ島市行政改革大綱").name == "鶴ヶ島市"
    assert find("茅ケ崎市行政改革").code == "142077"


def test_kana_names_need_a_boundary() -> None:
    assert find("さいたま市行財政改革推進プラン").code == "111007"
    assert find("本市はいわき市行財政改革を進める").name == "いわき市"
    assert find("おおかみどり市の伝説") is None


def _timed(text: str) -> float:
    start = time.perf_counter()
    find_municipality(None, [text])
    find_municipality(text, text.split("。"))
    return time.perf_counter() - start


def test_no_hang_on_long_input() -> None:
    """A hang guard, not a speed measurement (that is `make bench`): 200k characters of place-like
    words finish far inside a limit a quadratic scan would blow by minutes."""
    unit = "第5次寒川町行政改革の市町村県都道府区市民と北名古屋市、すべては市民。ケケケ村村町町市市"
    big = unit * (200_000 // len(unit))
    assert len(big) >= 199_000
    assert _timed(big) < 20.0
    assert _timed("市" * 100_000) < 20.0


# --- real excerpts --------------------------------------------------------------------------------


def _real_cases() -> list[Path]:
    if not REAL.is_dir():
        return []
    return sorted(p for p in REAL.glob("*.txt") if p.with_suffix(".facts.json").exists())


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is absent")
@pytest.mark.parametrize("path", _real_cases(), ids=lambda p: p.stem)
def test_real_excerpts(path: Path) -> None:
    facts = json.loads(path.with_suffix(".facts.json").read_text(encoding="utf-8"))
    expected = facts.get("document", {}).get("municipality")
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next((line for line in lines if line.strip()), None)
    for title in (None, first):
        found = find_municipality(title, lines)
        if expected is None:
            assert found is None, (title, found)
        else:
            assert found is not None and found.name == expected, (title, found)
            assert found.code is not None and found.prefecture is not None


def test_a_title_naming_one_place_settles_it_without_reading_the_lines():
    read: list[str] = []

    def lines(texts):
        for text in texts:
            read.append(text)
            yield text

    body = ["山形県朝日町との連携", "高崎市の事例", "高崎市の事例"]
    assert find_municipality("第3次寒川町行政改革実施計画", lines(body)).name == "寒川町"
    assert read == []
    # a name several places share is resolved by the lines: they are read
    assert find_municipality("朝日町行財政改革", lines(["山形県西村山郡朝日町"])).prefecture == "山形県"
    assert read == ["山形県西村山郡朝日町"]
