"""Save or compare what `extract` gives on the samples and seeds (before/after a refactor).

    python scripts/snapshot.py save /tmp/before     # write one JSON per report
    python scripts/snapshot.py diff /tmp/before     # list every difference against it

Compared: initiatives, groups, tables and amounts (coverage, warnings and checks are reported as
counts only, since a refactor may change them on purpose).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reformparse import extract

ROOT = Path(__file__).resolve().parent.parent
COMPARED = ("initiatives", "groups", "tables", "amounts")


def reports() -> list[Path]:
    """The bundled samples and, when present, the founding seeds and the real excerpts."""
    found = sorted(
        p
        for p in (ROOT / "samples").iterdir()
        if p.suffix in (".txt", ".md", ".html") and p.name != "README.md"
    )
    for folder in ("seeds", "real"):
        shared = ROOT.parent / "shared" / folder
        if shared.is_dir():
            found += sorted(shared.glob("*.txt"))
    return found


def snapshot(path: Path) -> dict:
    data = extract(path).model_dump(mode="json")
    out = {key: data.get(key) for key in COMPARED}
    out["counts"] = {
        "warnings": len(data.get("warnings") or []),
        "checks": len(data.get("checks") or []),
        "coverage": (data.get("coverage") or {}).get("ratio"),
    }
    return out


def without_new_empty(before, now):  # noqa: ANN001, ANN201 - JSON values
    """`now` without the keys `before` lacks whose value is empty: a field added to the models with an
    empty default is not a difference."""
    if isinstance(before, dict) and isinstance(now, dict):
        return {
            key: without_new_empty(before.get(key), value)
            for key, value in now.items()
            if key in before or value not in (None, [], {}, "")
        }
    if isinstance(before, list) and isinstance(now, list):
        return [without_new_empty(b, n) for b, n in zip(before, now)] + now[len(before) :]
    return now


def differences(before, now, path: str = "$", limit: int = 8) -> list[str]:  # noqa: ANN001
    """Where two JSON values differ, at most `limit` places."""
    if before == now:
        return []
    if isinstance(before, dict) and isinstance(now, dict):
        out: list[str] = []
        for key in dict.fromkeys([*before, *now]):
            out += differences(before.get(key), now.get(key), f"{path}.{key}", limit - len(out))
            if len(out) >= limit:
                break
        return out
    if isinstance(before, list) and isinstance(now, list) and len(before) == len(now):
        out = []
        for number, (b, n) in enumerate(zip(before, now)):
            out += differences(b, n, f"{path}[{number}]", limit - len(out))
            if len(out) >= limit:
                break
        return out
    return [
        f"{path}: {json.dumps(before, ensure_ascii=False)[:120]} → {json.dumps(now, ensure_ascii=False)[:120]}"
    ]


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("save", "diff"):
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    changed = 0
    for path in reports():
        target = folder / f"{path.name}.json"
        now = snapshot(path)
        if argv[1] == "save":
            target.write_text(json.dumps(now, ensure_ascii=False, indent=1), encoding="utf-8")
            continue
        if not target.exists():
            print(f"{path.name}: new report")
            continue
        before = json.loads(target.read_text(encoding="utf-8"))
        now = without_new_empty(before, now)
        for key in COMPARED:
            if before.get(key) != now.get(key):
                changed += 1
                print(f"{path.name}: {key} differ ({len(before.get(key) or [])} → {len(now.get(key) or [])})")
                for line in differences(before.get(key), now.get(key), key):
                    print(f"    {line}")
        if before.get("counts") != now.get("counts"):
            print(f"{path.name}: counts {before.get('counts')} → {now.get('counts')}")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
