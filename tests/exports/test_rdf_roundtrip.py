"""Hypothesis round trips: hostile strings everywhere (tests/exports/hostile.py), every format parses back
in rdflib AND pyoxigraph."""
from __future__ import annotations

import json
import warnings

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from kgbuilder.exports import rdf
from kgbuilder.exports.rdf import iter_ntriples, iter_triples, iter_turtle, to_jsonld, to_rdf, validate
from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.graph.model import Provenance

from .hostile import graphs


def ox_to_rdflib(triples) -> rdflib.Graph:
    """pyoxigraph triples as an rdflib Graph, term by term (no serializer in between)."""
    g = rdflib.Graph()
    for t in triples:
        obj = t.object
        if isinstance(obj, ox.NamedNode):
            obj = rdflib.URIRef(obj.value)
        elif obj.language:
            obj = rdflib.Literal(obj.value, lang=obj.language)
        elif obj.datatype.value == str(rdflib.XSD.string):
            obj = rdflib.Literal(obj.value)
        else:
            obj = rdflib.Literal(obj.value, datatype=rdflib.URIRef(obj.datatype.value))
        g.add((rdflib.URIRef(t.subject.value), rdflib.URIRef(t.predicate.value), obj))
    return g


def parse_everywhere(text: str, rdflib_format: str, ox_format) -> tuple[rdflib.Graph, set]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's JSON-LD parser uses ConjunctiveGraph
        parsed = rdflib.Graph().parse(data=text, format=rdflib_format)
    return parsed, {quad.triple for quad in ox.parse(text.encode("utf-8"), ox_format)}


FORMATS = {
    "turtle": (lambda kg, mode: "".join(iter_turtle(kg, provenance=mode)), "turtle", ox.RdfFormat.TURTLE),
    "ntriples": (lambda kg, mode: "".join(iter_ntriples(kg, provenance=mode)), "nt", ox.RdfFormat.N_TRIPLES),
    "jsonld": (lambda kg, mode: json.dumps(to_jsonld(kg, provenance=mode), ensure_ascii=False), "json-ld",
               ox.RdfFormat.JSON_LD),
}


@pytest.mark.parametrize("name", sorted(FORMATS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kg=graphs(), mode=st.sampled_from(["statements", "none"]))
def test_hostile_graphs_round_trip(name, kg, mode):
    render, rdflib_format, ox_format = FORMATS[name]
    expected = to_rdf(kg, provenance=mode)
    expected_ox = set(iter_triples(kg, provenance=mode))
    text = render(kg, mode)
    parsed, parsed_ox = parse_everywhere(text, rdflib_format, ox_format)
    assert isomorphic(parsed, expected)
    assert parsed_ox == expected_ox
    assert isomorphic(ox_to_rdflib(parsed_ox), expected)  # rdflib's and pyoxigraph's views agree


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kg=graphs())
def test_hostile_graphs_conform_to_the_shapes(kg):
    ok, report = validate(to_rdf(kg))
    assert ok, report


@settings(max_examples=30, deadline=None)
@given(kg=graphs())
def test_hostile_graphs_trig_round_trip(tmp_path_factory, kg):
    path = rdf.write_trig(kg, tmp_path_factory.mktemp("trig") / "graph.trig")
    dataset = set(ox.parse(path=str(path)))
    assert dataset == set(rdf.iter_quads(kg, by_document=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ds = rdflib.Dataset()
        ds.parse(path, format="trig")
    assert len(list(ds.quads((None, None, None, None)))) == len(dataset)


@pytest.mark.parametrize("writer, fmt", [(rdf.write_turtle, "turtle"), (rdf.write_ntriples, "nt"),
                                         (rdf.write_jsonld, "json-ld")])
def test_lone_surrogates_become_replacement_characters(tmp_path, writer, fmt):
    kg = KnowledgeGraph()
    kg.add_entity("a\ud800", "bad \udfff label", "PERSON")
    kg.add_fact("a\ud800", "r", "a\ud800", 0.5, Provenance("d", 0, "s\ud83d", 0, 1))
    path = writer(kg, tmp_path / "graph.x")
    text = path.read_text(encoding="utf-8")  # valid UTF-8: no surrogate survives
    parsed, parsed_ox = parse_everywhere(text, fmt, ox.RdfFormat.from_extension({"nt": "nt"}.get(fmt, "ttl"))
                                         if fmt != "json-ld" else ox.RdfFormat.JSON_LD)
    assert isomorphic(parsed, to_rdf(kg))
    assert parsed_ox == set(iter_triples(kg))
    assert rdflib.Literal("bad \ufffd label") in set(parsed.objects())
