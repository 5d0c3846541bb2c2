"""The seed article through the real pipeline: the graph should read like an analyst's notes."""
from pathlib import Path

import pytest

from kgbuilder.extractors.pipeline import ModelNotFoundError, load_pipeline
from kgbuilder.extractors.triples import extract_document
from kgbuilder.graph.builder import build_graph

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_89717a7031c64688.txt"
pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def kg():
    try:
        nlp = load_pipeline()
    except ModelNotFoundError as err:
        pytest.skip(str(err))
    doc = nlp(SEED.read_text(encoding="utf-8"))
    return build_graph([extract_document(doc, SEED.name)])


def edges(kg, relation):
    nodes = kg.graph.nodes
    return {(nodes[s]["label"], nodes[o]["label"]): d for s, o, d in kg.graph.edges(data=True)
            if d["relation"] == relation and not d["negated"]}


def test_kerry_and_lavrov_are_one_node_each(kg):
    persons = {d["label"]: d for _, d in kg.graph.nodes(data=True) if d["type"] == "PERSON"}
    assert {"John Kerry", "Sergei Lavrov", "Mark Toner"} <= set(persons)
    assert not {"Kerry", "Lavrov", "Toner"} & set(persons)
    assert {"John Kerry", "Kerry"} <= set(persons["John Kerry"]["aliases"])
    assert {"Sergei Lavrov", "Lavrov"} <= set(persons["Sergei Lavrov"]["aliases"])


def test_kerry_spoke_with_lavrov_with_both_sentences_as_evidence(kg):
    spoke = edges(kg, "spoke_with")
    evidence = spoke[("John Kerry", "Sergei Lavrov")]["evidence"]
    sentences = [e["sentence"] for e in evidence]
    assert any("phone call with Russian Foreign Minister Sergei Lavrov" in s for s in sentences)
    assert any("conversation with Lavrov" in s for s in sentences)
    text = SEED.read_text(encoding="utf-8")
    for e in evidence:  # offsets point into the document
        assert text[e["start_char"]:e["end_char"]] in e["sentence"]


def test_toner_is_the_speaker_of_the_quotes_and_he_said(kg):
    said = [(s, d) for (s, _o), d in edges(kg, "said").items()]
    by_toner = [d["evidence"][0]["sentence"] for s, d in said if s == "Mark Toner"]
    assert any(s.startswith("He said Secretary of State John Kerry") for s in by_toner)
    assert any("We'd like to see that now manifested" in s or "We have at times" in s for s in by_toner)
    assert not any(s in ("He", "he") for s, _ in said)


def test_roles_and_places(kg):
    assert ("Zahran Alloush", "Jaysh al Islam") in edges(kg, "leader_of")
    located = edges(kg, "located_in")
    assert ("Nawa", "Deraa") in located and ("Deraa", "Syria") in located
    assert ("Mark Toner", "State Department") in edges(kg, "spokesperson_of")
    assert ("Sergei Lavrov", "Russia") in edges(kg, "foreign_minister_of")


def test_types_corrected_from_the_text(kg):
    types = {d["label"]: d["type"] for _, d in kg.graph.nodes(data=True)}
    assert types["Jaysh al Islam"] == "ORG"  # "a group called Jaysh al Islam"
    assert types["Staffan de Mistura"] == "PERSON"  # "envoy for Syria Staffan de Mistura"
