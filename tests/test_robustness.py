"""Nothing makes extraction crash or hang: property tests on the normalizers, mutated and adversarial
reports, the same report in every Japanese encoding."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reformparse import extract
from reformparse.errors import ReformParseError
from reformparse.normalize import era, money, quantity, text, vocab

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [
    p for p in sorted((ROOT / "samples").glob("*")) if p.suffix in (".txt", ".md") and p.name != "README.md"
]
SEEDS = ROOT.parent / "shared" / "seeds"
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
JAPANESE = st.text(
    alphabet=st.sampled_from(
        list("令和平成元年度月日～〜~-−▲△億千万百十円0123456789０１２３４５６７８９.,，、 （）()RH%件人※①ⅡNo")
    ),
    max_size=40,
)
ANY_TEXT = st.one_of(st.text(max_size=60), JAPANESE)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@FAST
@given(ANY_TEXT)
def test_normalizers_never_raise(value):
    era.fiscal_year(value), era.fiscal_years(value), era.parse_date(value), era.parse_period(value)
    money.parse_yen(value), money.parse_yen(value, default_unit="千円"), money.find_money(value)
    money.find_money(value, default_unit="億円"), money.parse_unit(value)
    quantity.parse_quantity(value), quantity.find_quantities(value)
    vocab.status_of(value), vocab.phase_of(value), vocab.grade_of(value)
    text.fold_width(value), text.fold_variants(value), text.clean(value)


@FAST
@given(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.sampled_from(["円", "千円", "万円", "百万円", "億円"]),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["▲", "△", "-"]),
)
def test_money_round_trip(number, unit, commas, full_width, minus):
    printed = f"{abs(number):,}" if commas else str(abs(number))
    if full_width:
        printed = printed.translate(FULL_WIDTH)
    if number < 0:
        printed = minus + printed
    assert money.parse_yen(printed + unit) == number * money.UNIT_MULTIPLIERS[unit]
    assert money.parse_yen(printed, default_unit=unit) == number * money.UNIT_MULTIPLIERS[unit]


@FAST
@given(st.integers(min_value=1989, max_value=2060), st.booleans(), st.booleans(), st.booleans())
def test_era_round_trip(year, short, fiscal, full_width):
    if year >= 2019:
        name, number = ("R" if short else "令和"), year - 2018
    else:
        name, number = ("H" if short else "平成"), year - 1988
    printed_number = "元" if number == 1 and not short else str(number)
    if full_width:
        printed_number = printed_number.translate(FULL_WIDTH)
    printed = f"{name}{printed_number}{'年度' if fiscal else ('' if short else '年')}"
    assert era.fiscal_year(printed) == year
    period = era.parse_period(f"{printed}～{printed}")
    assert (period.start_fiscal_year, period.end_fiscal_year) == (year, year)


@FAST
@given(st.text(alphabet="0123456789,%件人億千万円R令和年度", max_size=20))
def test_full_and_half_width_agree(value):
    wide = value.translate(FULL_WIDTH)
    assert money.parse_yen(value) == money.parse_yen(wide)
    assert era.fiscal_years(value) == era.fiscal_years(wide)
    assert [q.value for q in quantity.find_quantities(value)] == [
        q.value for q in quantity.find_quantities(wide)
    ]


def extract_bytes(tmp_path: Path, data: bytes, name: str = "report.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    try:
        return extract(path)
    except ReformParseError:
        return None


def sources() -> list[bytes]:
    found = [p.read_bytes() for p in SAMPLES]
    if SEEDS.is_dir():
        found += [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))[:3]]
    return found


def mutate(data: bytes, kind: int, rng: random.Random) -> bytes:
    if kind == 0:  # cut anywhere, even inside a character
        return data[: rng.randrange(1, len(data))]
    lines = data.decode("utf-8", "ignore").split("\n")
    if kind == 1:
        rng.shuffle(lines)
    elif kind == 2:  # drop or duplicate cells
        for index, line in enumerate(lines):
            cells = line.split("\t")
            if len(cells) > 2 and rng.random() < 0.4:
                position = rng.randrange(len(cells))
                if rng.random() < 0.5:
                    del cells[position]
                else:
                    cells.insert(position, cells[position])
            lines[index] = "\t".join(cells)
    elif kind == 3:
        return data.replace(b"\t", b" ")
    elif kind == 4:
        lines = [line for line in lines if rng.random() < 0.6]
    return "\n".join(lines).encode("utf-8")


def test_mutated_reports_never_crash(tmp_path):
    rng = random.Random(20261123)
    for data in sources():
        for kind in range(5):
            document = extract_bytes(tmp_path, mutate(data, kind, rng))
            assert document is None or document.coverage.lines_total >= 0


@pytest.mark.parametrize("name", ["long_line", "nested_tags", "wide_table", "deep_numbers"])
def test_adversarial_inputs_finish_in_linear_time(tmp_path, name):
    def make(scale: int) -> str:
        if name == "long_line":
            return "取組内容の説明" * (20000 * scale) + "\n"
        if name == "nested_tags":
            return (
                "取組内容\t"
                + "<ul><li>" * (1250 * scale)
                + "x"
                + "</li></ul>" * (1250 * scale)
                + "\n所管部局\t総務課\n"
            )
        if name == "wide_table":
            return (
                "\t".join(f"列{i}" for i in range(625 * scale))
                + "\n"
                + "\t".join(str(i) for i in range(625 * scale))
                + "\n"
            )
        return "1,2,3,4,5億6千万円、" * (5000 * scale) + "\n"

    timings = []
    for scale in (1, 8):
        started = time.perf_counter()
        document = extract_bytes(tmp_path, make(scale).encode("utf-8"))
        timings.append(time.perf_counter() - started)
        assert document is not None
    assert timings[1] < 30 * max(timings[0], 0.02), timings  # coarse: 8x the input, far below 64x the time


def test_twenty_megabyte_single_line(tmp_path):
    document = extract_bytes(tmp_path, ("ア" * (20 * 1024 * 1024 // 3)).encode("utf-8"))
    assert document is not None and document.initiatives == []


def test_every_encoding_gives_the_same_initiatives(tmp_path):
    # characters every legacy encoding has (the em dash and 髙 are not in all of them)
    original = (ROOT / "samples" / "results_cards.txt").read_text(encoding="utf-8").replace("—", "-")
    sample = tmp_path / "original.txt"
    sample.write_text(original, encoding="utf-8")

    def signature(document):
        return [
            (
                i.id,
                i.title,
                tuple(i.departments),
                tuple((y.fiscal_year, y.phase, y.status and y.status.code) for y in i.years),
            )
            for i in document.initiatives
        ]

    expected = signature(extract(sample))
    variants = {
        "utf-8-sig": original.encode("utf-8-sig"),
        "cp932": original.encode("cp932"),
        "euc_jp": original.replace("～", "〜").encode("euc_jp"),
        "crlf": original.replace("\n", "\r\n").encode("utf-8"),
        "cr": original.replace("\n", "\r").encode("utf-8"),
    }
    for name, data in variants.items():
        document = extract_bytes(tmp_path, data, f"{name}.txt")
        assert signature(document) == expected, name
