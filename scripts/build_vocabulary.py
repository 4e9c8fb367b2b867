"""Build ``src/reformparse/data/vocabulary.json``: the built-in vocabulary (data/labels.yaml and
data/vocab.yaml) merged and stored as JSON, with the sha256 of the YAML texts it was made from.

A start-up reads this file instead of parsing the YAML (no PyYAML import: about 15 ms of the cold start);
when the YAML has changed since, the stored copy no longer matches and the YAML is read as before. Run
after editing either YAML file (tests/test_cold_start.py fails while the copy is stale)::

    make vocabulary
"""

from __future__ import annotations

import json
from pathlib import Path

from reformparse.labels import COMPILED, DATA_FILES, builtin_from_yaml, data_text, source_digests

OUT = Path(__file__).resolve().parents[1] / "src" / "reformparse" / "data" / COMPILED


def compiled_vocabulary() -> dict:
    """What data/vocabulary.json should hold for the YAML files as they are now."""
    texts = {name: data_text(name) for name in DATA_FILES}
    return {
        "generated": "by scripts/build_vocabulary.py from " + " and ".join(DATA_FILES) + "; do not edit",
        "sources": source_digests(texts),
        "sections": builtin_from_yaml(texts),
    }


def main() -> None:
    OUT.write_text(json.dumps(compiled_vocabulary(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
