"""A stand-in for the spaCy pipeline and the extractor, so the application layer is tested without a model.

The fake "extractor" reads every sentence shaped ``Subject verb Object.`` as one fact between two
PERSON mentions, with real document offsets, so the graph builder and the writers see real data.
"""
from __future__ import annotations

import re

from kgbuilder.graph.model import ENTITY, DocumentResult, Mention, Provenance, Triple

SENTENCE = re.compile(r"([A-Z]\w+) (\w+) ([A-Z]\w+)\.")


class FakeDoc:
    def __init__(self, text: str):
        self.text = text


class FakeNLP:
    """Has what the pipeline uses: max_length, meta, pipe(as_tuples=True). Records the calls."""

    def __init__(self, max_length: int = 1_000_000):
        self.max_length = max_length
        self.meta = {"lang": "en", "name": "fake", "version": "0.0"}
        self.calls: list[dict] = []
        self.texts: list[str] = []

    def pipe(self, texts, as_tuples=False, batch_size=None, n_process=1):
        assert as_tuples
        self.calls.append({"batch_size": batch_size, "n_process": n_process})
        for text, context in texts:
            if len(text) > self.max_length:
                raise ValueError(f"[E088] Text of length {len(text)} exceeds maximum of {self.max_length}")
            self.texts.append(text)
            yield FakeDoc(text), context


def fake_extract(doc: FakeDoc, doc_id: str, offset: int = 0) -> DocumentResult:
    if "EXPLODE" in doc.text:
        raise RuntimeError("the fake extractor was told to fail")
    result = DocumentResult(doc_id)
    for index, m in enumerate(SENTENCE.finditer(doc.text)):
        subject = Mention(m.group(1), "PERSON", offset + m.start(1), offset + m.end(1), ENTITY)
        obj = Mention(m.group(3), "PERSON", offset + m.start(3), offset + m.end(3), ENTITY)
        prov = Provenance(doc_id, index, m.group(0), offset + m.start(), offset + m.end())
        result.triples.append(Triple(subject, m.group(2), obj, 0.9, prov, "fake"))
        result.mentions.extend([subject, obj])
    result.sentences = doc.text.count(".")
    result.words = len(doc.text.split())
    return result


def install(monkeypatch, nlp: FakeNLP | None = None) -> FakeNLP:
    """Make kgbuilder's pipeline use the fakes (load_pipeline and extract_document)."""
    import kgbuilder.extraction
    import kgbuilder.extractors.pipeline

    nlp = nlp or FakeNLP()
    monkeypatch.setattr(kgbuilder.extractors.pipeline, "load_pipeline", lambda name=None, *a, **k: nlp)
    monkeypatch.setattr(kgbuilder.extraction, "_extract", fake_extract)
    return nlp
