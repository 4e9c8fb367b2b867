"""Shared test fixtures: paths to the bundled samples and to the founding reports in ../shared/seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"


def seed(prefix: str) -> Path:
    """The founding report whose file name starts with `prefix` (skip when ../shared is absent)."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip(f"seed {prefix} not available in {SEEDS}")
    return matches[0]


@pytest.fixture(scope="session")
def seed_documents():
    """Extracted seed documents, computed once per test session."""
    from reformparse import extract

    cache: dict[str, object] = {}

    def get(prefix: str):
        if prefix not in cache:
            cache[prefix] = extract(seed(prefix))
        return cache[prefix]

    return get
