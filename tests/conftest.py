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


@pytest.fixture(scope="session")
def gazetteer():  # type: ignore[no-untyped-def]
    """The project's gazetteer, loaded once."""
    from mapper.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def seed_incidents():  # type: ignore[no-untyped-def]
    """The incidents the pipeline finds in the five seeds, analysed once."""
    from mapper.ingest import read_articles
    from mapper.pipeline import analyse_articles

    articles = read_articles([SEEDS_DIR]).articles
    return articles, analyse_articles(articles).incidents
