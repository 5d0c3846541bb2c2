"""The results codec: JSON data, derived from graph.model's dataclasses, validated when read."""
from __future__ import annotations

import dataclasses
import json
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgbuilder import codec
from kgbuilder.codec import CodecError, dump_results, load_results
from kgbuilder.graph import model
from kgbuilder.graph.model import ENTITY, LITERAL, DocumentResult, Mention, Provenance, Triple


def sample() -> list[DocumentResult]:
    kerry = Mention("John Kerry", "PERSON", 10, 20, ENTITY)
    he = Mention("He", "PERSON", 30, 32, ENTITY, resolved="John Kerry")
    said = Mention("talks will go on", "STATEMENT", 40, 56, LITERAL)
    result = DocumentResult("news/é\udcff.txt", [
        Triple(he, "say", said, 0.75, Provenance("news/é.txt", 3, "He said talks will go on.", 30, 56), "rules-v1",
               negated=True, surface="said", modality="may")],
        [kerry, he], [(kerry, "title", "Secretary of State")], sentences=4, words=33)
    return [result, DocumentResult("bad", error="extraction failed: boom"), DocumentResult("empty")]


def test_results_survive_the_trip_and_the_bytes_are_json():
    data = dump_results(sample())
    assert load_results(data) == sample()
    document = json.loads(data)
    assert document["codec"] == "kgbuilder-results" and document["version"] == codec.VERSION


def test_the_header_names_the_fields_of_graph_model():
    fields = json.loads(dump_results([]))["fields"]
    for cls in (Mention, Provenance, Triple, DocumentResult):
        assert fields[cls.__name__] == [f.name for f in dataclasses.fields(cls)]


def drop_field(data: bytes, type_name: str, field: str) -> bytes:
    """The bytes an older kgbuilder would have written, before ``field`` existed."""
    document = json.loads(data)
    names = document["fields"][type_name]
    index = names.index(field)
    del names[index]

    def strip(value, hint):
        if dataclasses.is_dataclass(hint):
            hints = codec._hints(hint)
            row = [strip(v, hints[f.name]) for v, f in zip(value, dataclasses.fields(hint))]
            if hint.__name__ == type_name:
                del row[index]
            return row
        if isinstance(value, list) and getattr(hint, "__args__", None):
            args = hint.__args__
            if hint.__origin__ is list:
                return [strip(v, args[0]) for v in value]
            return [strip(v, a) for v, a in zip(value, args)]
        return value

    document["results"] = [strip(row, DocumentResult) for row in document["results"]]
    return json.dumps(document).encode()


def test_data_written_before_a_field_existed_reads_with_its_default():
    old = drop_field(dump_results(sample()), "Triple", "modality")
    [first, *_rest] = load_results(old)
    assert first.triples[0].modality == "" and first.triples[0].surface == "said"
    assert load_results(drop_field(dump_results(sample()), "DocumentResult", "attributes"))[0].attributes == []


def test_data_without_a_field_that_has_no_default_is_refused_by_name():
    with pytest.raises(CodecError, match="Triple.confidence, which has no default"):
        load_results(drop_field(dump_results(sample()), "Triple", "confidence"))


# What another engineer does to graph.model: Triple gains a field with a default ("schema").
@dataclasses.dataclass(frozen=True, slots=True)
class TripleWithSchema(Triple):
    schema: str = ""


@dataclasses.dataclass(slots=True)
class ResultWithSchema:
    doc_id: str
    triples: list[TripleWithSchema] = dataclasses.field(default_factory=list)
    mentions: list[Mention] = dataclasses.field(default_factory=list)
    attributes: list[tuple[Mention, str, str]] = dataclasses.field(default_factory=list)
    sentences: int = 0
    words: int = 0
    error: str = ""


@pytest.fixture
def grown_model(monkeypatch):
    caches = (codec._types, codec.schema, codec._object_encoder, codec._results_decoder)
    monkeypatch.setattr(codec, "DocumentResult", ResultWithSchema)
    for cache in caches:
        cache.cache_clear()
    yield
    monkeypatch.undo()
    for cache in caches:
        cache.cache_clear()


def test_a_field_added_to_the_model_needs_no_codec_change(grown_model):
    t = sample()[0].triples[0]
    result = ResultWithSchema("d", [TripleWithSchema(t.subject, "works_for", t.object, 0.5, t.provenance,
                                                     schema="works_for")], [t.subject], [], 1, 2)
    data = dump_results([result])
    assert json.loads(data)["fields"]["TripleWithSchema"][-1] == "schema"
    assert load_results(data) == [result]


@pytest.mark.parametrize("data, why", [
    (b"not json", "not JSON"),
    (pickle.dumps(sample()), "not JSON"),
    (json.dumps({"codec": "kgbuilder-results", "version": 1, "fields": {}, "results": []}).encode(), "version 1"),
    (json.dumps({"codec": "something else"}).encode(), "not kgbuilder results"),
])
def test_what_is_not_results_is_refused(data, why):
    with pytest.raises(CodecError, match=why):
        load_results(data)


def test_values_of_the_wrong_type_are_refused():
    document = json.loads(dump_results(sample()))
    document["results"][0][1][0][3] = "0.75"  # the confidence, as a string
    with pytest.raises(CodecError, match="Triple.confidence: expected a number"):
        load_results(json.dumps(document).encode())
    document = json.loads(dump_results(sample()))
    document["results"][0][1][0] = {"subject": "x"}  # an object where a row belongs
    with pytest.raises(CodecError):
        load_results(json.dumps(document).encode())


TEXT = st.text(max_size=12)  # lone surrogates included


@given(st.lists(st.builds(DocumentResult, TEXT, st.lists(st.builds(
    Triple, st.builds(Mention, TEXT, TEXT, st.integers(), st.integers()), TEXT,
    st.builds(Mention, TEXT), st.floats(allow_nan=False), st.builds(Provenance, TEXT, st.integers(), TEXT,
                                                                     st.integers(), st.integers()),
    TEXT, st.booleans(), TEXT, TEXT), max_size=3), sentences=st.integers(), error=TEXT), max_size=3))
def test_any_results_round_trip(results):
    assert load_results(dump_results(results)) == results
