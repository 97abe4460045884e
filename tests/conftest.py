"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "seeds"
SHARED_BENCH = REPO_ROOT.parent / "shared" / "bench"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The embedded default input: the five seed articles and their sources.csv."""
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the seeds, shared by the tests that read its output."""
    from mapper.pipeline import build

    out = tmp_path_factory.mktemp("seeds-build")
    build([SEEDS_DIR], out)
    return out
