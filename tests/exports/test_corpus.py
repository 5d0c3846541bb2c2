"""The 40 Wikinews articles built end to end: the layers in graph.json and in the RDF, read by Oxigraph."""
from __future__ import annotations

import json
from collections import defaultdict

import pyoxigraph as ox
import pytest

from kgbuilder.exports import rdf
from kgbuilder.exports.rdf import entity_iri, relation_iri

pytestmark = pytest.mark.model


def test_graph_json_says_every_layer_and_no_phrase_joins_two_documents(corpus):
    data = json.loads(corpus.graph_json.read_text(encoding="utf-8"))
    kinds = {n["id"]: n["kind"] for n in data["nodes"]}
    assert {n["layer"] for n in data["nodes"]} == {"entity", "claims"}
    assert all(n["layer"] == ("entity" if n["kind"] == "entity" else "claims") for n in data["nodes"])
    assert all(e["layer"] == ("entity" if kinds[e["source"]] == kinds[e["target"]] == "entity" else "claims")
               for e in data["links"])
    documents = defaultdict(set)
    for link in data["links"]:
        for end in (link["source"], link["target"]):
            if kinds[end] != "entity":
                documents[end].update(ev["doc_id"] for ev in link["evidence"])
    assert len(documents) > 1000  # the claims layer is most of the nodes
    assert [node for node, docs in documents.items() if len(docs) > 1] == []


def test_sparql_over_the_turtle_selects_the_entity_layer_alone(corpus):
    store = ox.Store()
    store.load(path=str(corpus.turtle), format=ox.RdfFormat.TURTLE)
    prefixes = rdf.prefixes()
    rows = store.query("SELECT ?s ?p ?o WHERE { ?s a kg:Entity . ?o a kg:Entity . ?s ?p ?o }", prefixes=prefixes)
    got = {(row["s"].value, row["p"].value, row["o"].value) for row in rows}
    kg = corpus.kg
    asserted = {(entity_iri(s), relation_iri(d["relation"]), entity_iri(o)) for s, o, _k, d in kg.edges("entity")
                if not d["negated"] and not d["modality"]}
    assert got == asserted and len(got) > 150
    # a phrase or a value is never an entity, and its statements come from one document
    assert not bool(store.query("ASK { ?x a kg:Entity . ?x a ?c FILTER(?c IN (kg:Concept, kg:Value)) }",
                                prefixes=prefixes))
    assert bool(store.query("ASK { ?x a kg:Concept }", prefixes=prefixes))
    mixed = store.query("""SELECT ?c WHERE { ?c a kg:Concept . ?st rdf:subject|rdf:object ?c ; dcterms:source ?doc }
        GROUP BY ?c HAVING (COUNT(DISTINCT ?doc) > 1)""", prefixes=prefixes)
    assert list(mixed) == []
    # hypothetical readings are statements with their modality, never plain triples (unless another
    # sentence asserts the same fact)
    every_asserted = {(entity_iri(s), relation_iri(d["relation"]), entity_iri(o)) for s, o, _k, d in kg.edges()
                      if not d["negated"] and not d["modality"]}
    hypothetical = list(store.query("""SELECT ?s ?p ?o WHERE { ?st kg:modality ?m ; rdf:subject ?s ;
        rdf:predicate ?p ; rdf:object ?o }""", prefixes=prefixes))
    assert len(hypothetical) > 20
    for row in hypothetical:
        triple = (row["s"], row["p"], row["o"])
        in_store = bool(list(store.quads_for_pattern(*triple)))
        assert in_store == (tuple(term.value for term in triple) in every_asserted)
