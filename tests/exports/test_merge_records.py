"""Why names joined an entity: graph.json ``merged`` and RDF ``skos:editorialNote`` beside ``skos:altLabel``."""
import json

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from kgbuilder.exports.json_export import to_json
from kgbuilder.exports.rdf import entity_iri, to_rdf
from kgbuilder.graph.builder import build_graph
from kgbuilder.graph.model import ENTITY, DocumentResult, Mention


def graph():
    short = Mention("NRA", "ORG", 40, 43, ENTITY)
    result = DocumentResult("a", mentions=[Mention("Northern Rivers Alliance", "ORG", 0, 24, ENTITY), short],
                            attributes=[(short, "abbreviation_of", "Northern Rivers Alliance")])
    return build_graph([result, DocumentResult("b", mentions=[Mention("NRA", "ORG", 0, 3, ENTITY)])])


def test_graph_json_says_why_each_name_joined():
    [node] = json.loads(to_json(graph()))["nodes"]
    assert node["id"] == "org/Northern_Rivers_Alliance"
    assert node["merged"] == [{"alias": "NRA", "reason": "abbreviation defined in another document"},
                              {"alias": "NRA", "reason": "abbreviation defined in text"}]


def test_rdf_has_the_alias_and_a_note_of_why():
    g = to_rdf(graph())
    node = URIRef(entity_iri("org/Northern_Rivers_Alliance"))
    assert (node, SKOS.altLabel, Literal("NRA")) in g
    assert set(g.objects(node, SKOS.editorialNote)) == {
        Literal('"NRA": abbreviation defined in text'), Literal('"NRA": abbreviation defined in another document')}
