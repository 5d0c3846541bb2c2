"""Shared fixtures: the spaCy pipeline (loaded once per session) and the repository's seeds/ folder."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def nlp():
    """The default English pipeline, loaded once; tests that need it skip when none is installed."""
    from kgbuilder.extractors.pipeline import ModelNotFoundError, load_pipeline

    try:
        return load_pipeline()
    except ModelNotFoundError as err:
        pytest.skip(f"no spaCy pipeline installed: {err}")


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    """seeds/: the seed article, a few Wikinews articles, README.md and SOURCES.md."""
    path = ROOT / "seeds"
    assert path.is_dir(), f"{path} is missing: the repository's sample input"
    return path
