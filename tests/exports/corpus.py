"""The 40 Wikinews articles (``shared/corpus/wikinews`` beside the checkout) built once per test process.

The exports and browser tests both look at the corpus build: their conftests import the ``corpus``
fixture from here, and ``build_corpus`` builds on first use and then returns the same build.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from kgbuilder.graph.knowledge_graph import KnowledgeGraph

ROOT = Path(__file__).resolve().parents[2]
CORPUS_ENV = "KGBUILDER_CORPUS"


@dataclass(frozen=True)
class CorpusBuild:
    out: Path  # the build folder: graph.json, graph.ttl, graph.html
    kg: KnowledgeGraph

    @property
    def graph_json(self) -> Path:
        return self.out / "graph.json"

    @property
    def turtle(self) -> Path:
        return self.out / "graph.ttl"

    @property
    def html(self) -> Path:
        return self.out / "graph.html"


def corpus_dir() -> Path | None:
    """$KGBUILDER_CORPUS, else the first ``shared/corpus/wikinews`` in a folder above the checkout."""
    if os.environ.get(CORPUS_ENV):
        return Path(os.environ[CORPUS_ENV])
    for folder in ROOT.parents:
        candidate = folder / "shared" / "corpus" / "wikinews"
        if candidate.is_dir():
            return candidate
    return None


_built: dict[Path, CorpusBuild] = {}


def build_corpus(corpus: Path, nlp) -> CorpusBuild:
    """Build ``corpus`` once (graph.json, Turtle and the viewer) into a temporary folder."""
    if corpus not in _built:
        from kgbuilder.parallel import engine_for
        from kgbuilder.pipeline import build

        out = Path(tempfile.mkdtemp(prefix="kgbuilder-corpus-"))
        atexit.register(shutil.rmtree, out, ignore_errors=True)
        report = build([corpus], out, formats="json,ttl,html", progress=False, engine=engine_for(nlp=nlp),
                       checkpoint="off")
        assert not report.failed, report.problems
        _built[corpus] = CorpusBuild(out, report.graph)
    return _built[corpus]


@pytest.fixture(scope="session")
def corpus(nlp) -> CorpusBuild:
    """The 40 Wikinews articles built once per session (graph.json, graph.ttl, graph.html)."""
    found = corpus_dir()
    if found is None:
        pytest.skip("the 40-article Wikinews corpus is not here (shared/corpus/wikinews beside the checkout, "
                    f"or {CORPUS_ENV}=DIR)")
    return build_corpus(found, nlp)
