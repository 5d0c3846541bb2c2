"""Resolution and graph assembly at scale: 20k synthetic triples, hot edges with thousands of evidence records.

These tests assert structure and growth, never wall time (the speed benchmark measures time): adding
evidence to an edge reads a bounded number of its records however long the list is, so a quadratic
step (scanning an edge's evidence list per added fact, say) fails a test instead of slowing the run.
"""
from __future__ import annotations

import random
from collections import defaultdict

import pytest

from kgbuilder.graph.builder import build_graph
from kgbuilder.graph.knowledge_graph import KnowledgeGraph, combine_confidence
from kgbuilder.graph.model import ENTITY, DocumentResult, Mention, Provenance, Triple

DOCS, PER_DOC, PEOPLE, ORGS = 200, 100, 5000, 3000
HOT = ("Person1 Surname1", "works_for", "Org 2")


def synthetic(docs: int = DOCS, per_doc: int = PER_DOC, seed: int = 7):
    """Documents of PERSON -rel-> ORG facts; every 10th fact of a document is the same hot fact."""
    rnd = random.Random(seed)
    for d in range(docs):
        doc_id = f"doc{d:05d}"
        result = DocumentResult(doc_id, sentences=per_doc, words=per_doc * 12)
        for i in range(per_doc):
            if i % 10 == 0:
                person, relation, org = HOT
            else:
                person = f"Person{rnd.randrange(PEOPLE)} Surname{rnd.randrange(50)}"
                relation = f"rel{rnd.randrange(40)}"
                org = f"Org {rnd.randrange(ORGS)}"
            start = i * 40
            subject = Mention(person, "PERSON", start, start + len(person), ENTITY)
            obj = Mention(org, "ORG", start + 25, start + 25 + len(org), ENTITY)
            # sentence i // 2: two facts share each sentence, so some evidence is a repeat of the same place
            prov = Provenance(doc_id, i // 2, f"Sentence {i // 2} of {doc_id}.", start, start + 38)
            result.triples.append(Triple(subject, relation, obj, 0.3 + (i % 7) / 10, prov, "synthetic"))
            result.mentions.extend([subject, obj])
        yield result


def expected():
    """What the graph must hold, computed without the graph: edges and their evidence places."""
    places = defaultdict(dict)  # (s, rel, o) -> {(doc, sentence): first confidence}
    nodes = set()
    for result in synthetic():
        for t in result.triples:
            nodes.update((t.subject.text, t.object.text))
            key = (t.subject.text, t.relation, t.object.text)
            places[key].setdefault((t.provenance.doc_id, t.provenance.sentence_index), round(t.confidence, 4))
    return nodes, places


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return build_graph(synthetic())


def test_20k_triples_make_the_graph_they_describe(kg):
    nodes, places = expected()
    g = kg.graph
    assert sum(len(r.triples) for r in synthetic(docs=3)) == 3 * PER_DOC
    assert kg.graph.graph["documents"] == DOCS
    assert {d["label"] for _, d in g.nodes(data=True)} == nodes
    assert g.number_of_nodes() == len(nodes)
    assert g.number_of_edges() == len(places)
    for s, o, key, data in g.edges(keys=True, data=True):
        want = places[(g.nodes[s]["label"], key, g.nodes[o]["label"])]
        got = [(e["doc_id"], e["sentence_index"]) for e in data["evidence"]]
        assert got == list(want)  # first-seen order, one record per sentence
        assert data["confidence"] == combine_confidence(want.values())


def test_the_hot_edge_holds_one_record_per_sentence(kg):
    s, o = kg.find(HOT[0]), kg.find(HOT[2])
    data = kg.graph.edges[s, o, HOT[1]]
    # 10 hot facts a document, in sentences 0, 5, 10, ... 45: ten distinct places per document
    assert len(data["evidence"]) == DOCS * 10
    assert len({(e["doc_id"], e["sentence_index"]) for e in data["evidence"]}) == DOCS * 10
    assert data["confidence"] == combine_confidence(e["confidence"] for e in data["evidence"])
    # every node mention counted once per NER mention
    assert kg.graph.nodes[s]["mentions"] == DOCS * 10


def test_a_hot_edge_changed_outside_add_fact_is_still_deduplicated():
    kg = KnowledgeGraph()
    kg.add_entity("a", "A")
    kg.add_entity("b", "B")
    for n in range(40):
        kg.add_fact("a", "r", "b", 0.1, Provenance("d", n, "s", 0, 1))
    records = kg.graph.edges["a", "b", "r"]["evidence"]
    del records[-5:]  # someone trims the list: sentences 35..39 are no longer evidence
    kg.add_fact("a", "r", "b", 0.1, Provenance("d", 36, "s", 0, 1))
    kg.add_fact("a", "r", "b", 0.1, Provenance("d", 3, "s", 0, 1))  # already there: ignored
    assert [e["sentence_index"] for e in records] == [*range(35), 36]
    assert kg.graph.edges["a", "b", "r"]["confidence"] == combine_confidence([0.1] * 36)
    # a graph read back from JSON (new lists) keeps deduplicating
    again = KnowledgeGraph.from_node_link(kg.to_node_link())
    again.add_fact("a", "r", "b", 0.1, Provenance("d", 36, "s", 0, 1))
    again.add_fact("a", "r", "b", 0.1, Provenance("d", 99, "s", 0, 1))
    assert len(again.graph.edges["a", "b", "r"]["evidence"]) == 37


class CountingList(list):
    """An evidence list that counts how many records are read from it."""

    reads = 0

    def __iter__(self):
        for item in super().__iter__():
            self.reads += 1
            yield item

    def __getitem__(self, index):
        self.reads += 1
        return super().__getitem__(index)


def test_adding_evidence_reads_each_record_a_bounded_number_of_times():
    kg = KnowledgeGraph()
    kg.add_entity("a", "A")
    kg.add_entity("b", "B")
    kg.add_fact("a", "r", "b", 0.1, Provenance("d", 0, "s", 0, 1))
    records = kg.graph.edges["a", "b", "r"]["evidence"] = CountingList(kg.graph.edges["a", "b", "r"]["evidence"])
    n = 4000
    for i in range(1, n):
        kg.add_fact("a", "r", "b", 0.1, Provenance("d", i, "s", 0, 1))
        kg.add_fact("a", "r", "b", 0.1, Provenance("d", i // 2, "s", 0, 1))  # a repeat: ignored
    assert len(records) == n
    assert records.reads <= 3 * n  # linear: scanning the list per added fact would read about n * n records
    assert kg.graph.edges["a", "b", "r"]["confidence"] == combine_confidence([0.1] * n)


def test_merging_two_halves_gives_the_graph_of_the_whole():
    first = build_graph(synthetic(docs=50))
    second = build_graph(r for n, r in enumerate(synthetic(docs=100)) if n >= 50)
    whole = build_graph(synthetic(docs=100))
    merged = first.merge(second)
    edges = lambda kg: {(s, o, k): (len(d["evidence"]), d["confidence"])  # noqa: E731
                        for s, o, k, d in kg.graph.edges(keys=True, data=True)}
    assert edges(merged) == edges(whole)
