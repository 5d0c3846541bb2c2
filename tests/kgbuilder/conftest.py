"""Fixtures shared by the application-layer tests: the fake spaCy pipeline and a Click runner."""
import pytest
from click.testing import CliRunner

from tests.kgbuilder.fakes import install


@pytest.fixture
def fake(monkeypatch):
    """The fake pipeline in place of spaCy's (see tests/kgbuilder/fakes.py); it records its calls."""
    return install(monkeypatch)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
