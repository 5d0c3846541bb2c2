"""A checkpoint is never reused when what extraction read changed: its code or any lexicon file."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kgbuilder import manifest
from kgbuilder.extractors import lexicon
from kgbuilder.graph import names, schema
from kgbuilder.pipeline import build
from tests.kgbuilder.fakes import install
from tests.kgbuilder.test_resume import write_corpus

ROOT = Path(__file__).resolve().parents[2]
#: Every lexicon file of the layers, today and whenever one is added (found, not listed).
LEXICON_FILES = sorted(p.relative_to(ROOT).as_posix() for folder in ("extractors/data", "graph/data")
                       for p in (ROOT / folder).glob("*.json"))


def clear_caches() -> None:
    for loader in (lexicon.load_relations, lexicon.load_confidence, names.load_names, schema.load_schema):
        loader.cache_clear()


@pytest.fixture
def lexicons(tmp_path, monkeypatch):
    """A copy of the lexicon folders that the loaders read instead of the package's own."""
    copy = tmp_path / "lexicons"
    for folder, modules in (("extractors/data", (lexicon,)), ("graph/data", (names, schema))):
        shutil.copytree(ROOT / folder, copy / folder)
        for module in modules:
            monkeypatch.setattr(module, "DATA_DIR", copy / folder)
    clear_caches()
    yield copy
    clear_caches()  # the next tests read the package's own files again


def test_there_are_lexicon_files_to_check():
    assert {"extractors/data/relations.json", "graph/data/names.json"} <= set(LEXICON_FILES)


@pytest.mark.parametrize("name", LEXICON_FILES)
def test_editing_any_lexicon_file_invalidates_the_checkpoint(tmp_path, monkeypatch, lexicons, name):
    install(monkeypatch)
    src = write_corpus(tmp_path / "in", 3)
    out = tmp_path / "out"
    assert build([src], out, formats=["json"], progress=False).parsed == 3
    assert build([src], out, formats=["json"], progress=False).parsed == 0  # unchanged: reused

    path = lexicons / name
    data = json.loads(path.read_text(encoding="utf-8"))
    data["_edited_by_a_test"] = []  # a change the loaders accept
    path.write_text(json.dumps(data), encoding="utf-8")
    clear_caches()  # a new process would read the edited file
    report = build([src], out, formats=["json"], progress=False)
    assert report.parsed == 3
    assert any("changed since the earlier run: the extraction code or its lexicon files" in p.message
               for p in report.problems)


def test_the_fingerprint_is_what_the_loader_read(lexicons):
    before = manifest.lexicon_fingerprint()
    assert manifest.lexicon_fingerprint() == before  # stable
    read = names.lexicon_files_read()
    assert str((lexicons / "graph/data/names.json").resolve()) in read
    assert str((lexicons / "extractors/data/relations.json").resolve()) in read


def test_the_code_fingerprint_reads_the_installed_modules():
    # the layers' modules, wherever they are (a checkout or site-packages), not paths relative to the repo
    files = manifest._source_files("kgbuilder.extractors")
    assert any(p.name == "triples.py" for p in files)
    assert manifest.code_fingerprint(("kgbuilder.extractors",)) != manifest.code_fingerprint(("kgbuilder.graph",))
