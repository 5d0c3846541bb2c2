"""Entity ids depend only on the entity's own name and type group: any document order, any shards.

The corpus is written as ``Name@LABEL verb Name@LABEL.`` sentences ("Michael_Jordan@PERSON visited
Jordan@GPE."), read by a stand-in extractor, so the application's real build paths (one graph, shards)
run without a model.
"""
from __future__ import annotations

import json
import random
import re

import pytest

from kgbuilder.exports.rdf import entity_iri
from kgbuilder.graph.builder import build_graph
from kgbuilder.graph.model import ENTITY, DocumentResult, Mention, Provenance, Triple
from tests.kgbuilder.fakes import install

FACT = re.compile(r"(\S+)@([A-Z]+) (\w+) (\S+)@([A-Z]+)\.")

CORPUS = {
    "a": "Michael_Jordan@PERSON visited Jordan@GPE. Jordan@PERSON met Abdullah@PERSON.",
    "b": "Jordan@GPE hosted John_Kerry@PERSON. Kerry@PERSON thanked Jordan@GPE.",
    "c": "Jordan@PERSON scored Bulls@ORG. Michael_Jordan@PERSON joined Bulls@ORG.",
    "d": "Syrian_Democratic_Forces@ORG fought Islamic_State@ORG. SDF@ORG held Raqqa@GPE.",
    "e": "Recep_Tayyip_Erdoğan@PERSON called Donald_Trump@PERSON. Erdogan@PERSON thanked Trump@PERSON.",
    "f": "Paris_Hilton@PERSON visited Paris@GPE. Hilton@PERSON left Paris@GPE.",
}


def fake_extract(doc, doc_id: str, offset: int = 0) -> DocumentResult:
    """One fact per sentence; underscores stand for spaces inside a name."""
    result = DocumentResult(doc_id, sentences=doc.text.count("."), words=len(doc.text.split()))
    for index, m in enumerate(FACT.finditer(doc.text)):
        ends = []
        for group in (1, 4):
            name = m.group(group).replace("_", " ")
            ends.append(Mention(name, m.group(group + 1), offset + m.start(group), offset + m.end(group), ENTITY))
        prov = Provenance(doc_id, index, m.group(0), offset + m.start(), offset + m.end())
        result.triples.append(Triple(ends[0], m.group(3), ends[1], 0.9, prov, "fake"))
        result.mentions.extend(ends)
    return result


class _Doc:
    def __init__(self, text):
        self.text = text


def results(order: list[str]) -> list[DocumentResult]:
    return [fake_extract(_Doc(CORPUS[k]), k) for k in order]


def view(kg) -> dict:
    """What must not depend on the order: every entity's label, type, names and mentions; the edges."""
    nodes = {n: (d["label"], d["type"], sorted(d["aliases"]), d["mentions"], sorted(map(tuple, d["mention_spans"])))
             for n, d in kg.graph.nodes(data=True)}
    edges = sorted((s, o, k, len(d["evidence"])) for s, o, k, d in kg.graph.edges(keys=True, data=True))
    return {"nodes": nodes, "edges": edges}


def test_the_graph_is_the_same_in_any_document_order():
    order = sorted(CORPUS)
    first = view(build_graph(results(order)))
    for seed in range(5):
        shuffled = order[:]
        random.Random(seed).shuffle(shuffled)
        assert view(build_graph(results(shuffled))) == first
    assert view(build_graph(results(order[::-1]))) == first


def test_a_person_and_a_country_of_one_name_have_ids_of_their_own_whichever_comes_first():
    for order in (["a", "b", "c"], ["c", "b", "a"], ["b"], ["c"]):
        ids = set(build_graph(results(order)).graph.nodes)
        if "b" in order:
            assert "place/Jordan" in ids
        if "c" in order:
            assert "person/Michael_Jordan" in ids
        assert not any(i.startswith("Jordan") or "_(" in i for i in ids)  # no order-made suffixes


def test_a_partition_gives_its_entities_the_ids_the_whole_corpus_gives_them():
    whole = build_graph(results(sorted(CORPUS)))
    spans = {(doc, s, e): n for n, d in whole.graph.nodes(data=True) for doc, s, e in d["mention_spans"]}
    for part in (["a", "d"], ["b", "e"], ["c", "f"], ["e"]):
        shard = build_graph(results(part))
        for node_id, data in shard.graph.nodes(data=True):
            for doc, start, end in data["mention_spans"]:
                assert spans[(doc, start, end)] == node_id, (part, node_id)


def test_shard_iris_are_the_iris_of_the_whole_build(tmp_path, monkeypatch):
    import kgbuilder.extraction
    import kgbuilder.pipeline

    install(monkeypatch)
    monkeypatch.setattr(kgbuilder.extraction, "_extract", fake_extract)
    forward, backward = tmp_path / "forward.jsonl", tmp_path / "backward.jsonl"
    lines = [json.dumps({"id": k, "text": CORPUS[k]}) for k in sorted(CORPUS)]
    forward.write_text("\n".join(lines) + "\n", encoding="utf-8")
    backward.write_text("\n".join(lines[::-1]) + "\n", encoding="utf-8")
    graphs = []
    for src in (forward, backward):
        out = tmp_path / src.stem
        kgbuilder.pipeline.build([src], out, progress=False, formats=("json",), checkpoint="off")
        graphs.append(json.loads((out / "graph.json").read_text(encoding="utf-8")))
    assert [n["id"] for n in graphs[0]["nodes"]] == [n["id"] for n in graphs[1]["nodes"]]
    whole_iris = {entity_iri(n["id"]) for n in graphs[0]["nodes"]}
    out = tmp_path / "sharded"
    kgbuilder.pipeline.build_shards([forward], out, progress=False, shard_size=2)
    shard_text = "".join(p.read_text(encoding="utf-8") for p in sorted((out / "shards").glob("part-*.nt")))
    shard_iris = set(re.findall(r"<(https://kgbuilder\.example/entity/[^>]+)>", shard_text))
    assert len(list((out / "shards").glob("part-*.nt"))) >= 2
    assert entity_iri("person/Michael_Jordan") in shard_iris and entity_iri("place/Jordan") in shard_iris
    assert shard_iris <= whole_iris


@pytest.mark.parametrize("first", ["person", "place"])
def test_incremental_builds_never_put_a_person_and_a_place_under_one_iri(first):
    # "Lincoln" the person and the city (a name the lexicon does not know as a place)
    person = DocumentResult("p", mentions=[Mention("Lincoln", "PERSON", 0, 7, ENTITY)])
    place = DocumentResult("g", mentions=[Mention("Lincoln", "GPE", 0, 7, ENTITY)])
    docs = [person, place] if first == "person" else [place, person]
    kg = build_graph(docs)
    assert {n: d["type"] for n, d in kg.graph.nodes(data=True)} == {"person/Lincoln": "PERSON",
                                                                    "place/Lincoln": "GPE"}


def test_a_country_the_lexicon_knows_is_a_place_even_when_tagged_as_a_person():
    kg = build_graph([DocumentResult("n", mentions=[Mention("Niger", "PERSON", 0, 5, ENTITY),
                                                    Mention("Niger", "GPE", 40, 45, ENTITY)])])
    assert list(kg.graph.nodes) == ["place/Niger"]
