"""Name variants that join one entity, each with the reason it records (graph.json ``merged``)."""
from __future__ import annotations

import pytest

from kgbuilder.graph.builder import build_graph
from kgbuilder.graph.entity_types import document_types
from kgbuilder.graph.model import ENTITY, DocumentResult, Mention
from kgbuilder.graph.names import initials, is_acronym, load_names, name_key, surnames


def doc(doc_id: str, *mentions: tuple[str, str], attributes=()) -> DocumentResult:
    at, out = 0, []
    for text, label in mentions:
        out.append(Mention(text, label, at, at + len(text), ENTITY))
        at += len(text) + 20
    return DocumentResult(doc_id, mentions=out, attributes=list(attributes))


def only_node(kg) -> dict:
    [(node_id, data)] = [(n, d) for n, d in kg.graph.nodes(data=True)]
    return {"id": node_id, **data}


def reasons(node: dict) -> dict[str, str]:
    return {r["alias"]: r["reason"] for r in node.get("merged", [])}


@pytest.mark.parametrize("mentions, label, alias, reason", [
    ([("Iranian Revolutionary Guard Corps", "ORG"), ("IRGC", "GPE")], "Iranian Revolutionary Guard Corps",
     "IRGC", "initials"),
    ([("Korean Central News Agency", "ORG"), ("KCNA", "ORG")], "Korean Central News Agency", "KCNA", "initials"),
    ([("Labour Party", "ORG"), ("Labour", "ORG")], "Labour Party", "Labour", "organisation suffix"),
    ([("Houthi", "ORG"), ("Houthis", "NORP")], "Houthi", "Houthis", "plural"),
    ([("Texas", "GPE"), ("State of Texas", "ORG")], "Texas", "State of Texas", "designator"),
    ([("Iran", "GPE"), ("Islamic Republic of Iran", "GPE")], "Iran", "Islamic Republic of Iran", "designator"),
    ([("Parliament of the United Kingdom", "ORG"), ("Parliament", "ORG")], "Parliament of the United Kingdom",
     "Parliament", "short form"),
    ([("Italian Constitutional Court", "ORG"), ("Constitutional Court", "ORG")], "Italian Constitutional Court",
     "Constitutional Court", "short form"),
    ([("Robert Gabriel Mugabe", "PERSON"), ("Robert Mugabe", "PERSON"), ("Robert Mugabe", "PERSON")],
     "Robert Mugabe", "Robert Gabriel Mugabe", "middle name"),
    ([("Yahya Sarea", "PERSON"), ("Saree", "ORG")], "Yahya Sarea", "Saree", "spelling variant"),
    ([("Bashar al-Assad", "PERSON"), ("Assad", "PERSON")], "Bashar al-Assad", "Assad", "surname"),
    ([("Elizabeth Warren", "PERSON"), ("Warren", "GPE"), ("Warren", "GPE")], "Elizabeth Warren", "Warren", "surname"),
    ([("General Qasem Soleimani", "PERSON"), ("General Soleimani", "PERSON")], "Qasem Soleimani",
     "General Soleimani", "title + surname"),
    ([("U.S. Embassy", "ORG"), ("United States Embassy", "ORG")], "United States Embassy", "U.S. Embassy",
     "abbreviation expanded"),
    ([("New People's Party", "ORG"), ("New People Party", "ORG"), ("New People's Party", "ORG")],
     "New People's Party", "New People Party", "same normalised name"),
])
def test_variants_in_one_document_join_with_their_reason(mentions, label, alias, reason):
    node = only_node(build_graph([doc("a", *mentions)]))
    assert node["label"] == label
    if alias is not None:
        assert reasons(node)[alias] == reason


def test_a_name_with_its_own_of_phrase_in_a_qualified_name():
    kg = build_graph([doc("a", ("United States House of Representatives", "ORG"), ("House of Representatives", "ORG"))])
    assert len(kg.graph.nodes) == 1


def test_house_joins_both_of_its_fuller_names():
    kg = build_graph([doc("a", ("House of Representatives", "ORG"), ("U.S. House", "ORG"), ("House", "ORG"))])
    assert len(kg.graph.nodes) == 1


def test_an_abbreviation_the_text_defines_joins_and_says_so():
    short = Mention("PMF", "ORG", 40, 43, ENTITY)
    result = doc("a", ("Popular Mobilization Forces", "ORG"),
                 attributes=[(short, "abbreviation_of", "the Popular Mobilization Forces")])
    result.mentions.append(short)
    node = only_node(build_graph([result]))
    assert node["label"] == "Popular Mobilization Forces" and node["mentions"] == 2
    assert reasons(node) == {"PMF": "abbreviation defined in text"}
    assert "abbreviation_of" not in node["attributes"]  # evidence for resolution, not a fact


def test_an_acronym_defined_in_one_document_joins_its_long_form_in_another():
    short = Mention("PMF", "ORG", 40, 43, ENTITY)
    defined = doc("a", ("Popular Mobilization Forces", "ORG"),
                  attributes=[(short, "abbreviation_of", "Popular Mobilization Forces")])
    defined.mentions.append(short)
    for docs in ([defined, doc("b", ("PMF", "ORG"))], [doc("b", ("PMF", "ORG")), defined]):
        node = only_node(build_graph(docs))
        assert node["id"] == "org/Popular_Mobilization_Forces" and node["mentions"] == 3
        assert {"alias": "PMF", "reason": "abbreviation defined in another document"} in node["merged"]


def test_a_surname_joins_the_one_person_of_the_corpus_so_named_and_says_why():
    node = only_node(build_graph([doc("b", ("Tsvangirai", "PERSON")), doc("a", ("Morgan Tsvangirai", "PERSON"))]))
    assert node["id"] == "person/Morgan_Tsvangirai" and node["mentions"] == 2
    assert reasons(node) == {"Tsvangirai": "surname of the one person so named"}


def test_the_label_prefers_diacritics_and_ids_fold_them():
    node = only_node(build_graph([doc("a", ("Recep Tayyip Erdogan", "PERSON")), doc("b", ("Recep Tayyip Erdoğan", "PERSON"))]))
    assert node["id"] == "person/Recep_Tayyip_Erdogan" and node["label"] == "Recep Tayyip Erdoğan"
    assert node["merged"] == [{"alias": "Recep Tayyip Erdogan", "reason": "same normalised name"}]


def test_demonyms_and_their_plurals_are_the_country():
    kg = build_graph([doc("a", ("Saudis", "NORP"), ("Saudi Arabia", "GPE"), ("Belgians", "NORP"))])
    assert sorted(kg.graph.nodes) == ["place/Belgium", "place/Saudi_Arabia"]
    assert {kg.graph.nodes[n]["type"] for n in kg.graph.nodes} == {"GPE"}


def test_one_name_one_type_by_majority_and_the_lexicon():
    names = load_names()
    votes = {"Cyprus": {"GPE": 1, "ORG": 2}, "Crete": {"ORG": 1, "LOC": 2}, "Warren": {"GPE": 2},
             "Elizabeth Warren": {"PERSON": 1}, "Gleneagles Hospital": {"ORG": 2},
             "Dries Mertens": {"PRODUCT": 1}, "Mertens": {"PERSON": 1}, "Saudi Aramco": {"NORP": 1}}
    assert document_types(votes, names) == {
        "Cyprus": "GPE", "Crete": "LOC", "Warren": "PERSON", "Elizabeth Warren": "PERSON",
        "Gleneagles Hospital": "FAC", "Dries Mertens": "PERSON", "Mertens": "PERSON", "Saudi Aramco": "ORG"}


def test_name_forms():
    assert name_key("the New People's Party") == name_key("New People Party") == "new people party"
    assert name_key("U.N.") == name_key("UN")
    assert name_key("World Health Organisation") == name_key("World Health Organization")
    assert initials("Wright-Patterson Air Force Base") == "WPAFB"
    assert initials("Democratic People's Republic of Korea") == "DPRK"
    assert is_acronym("IRGC") and is_acronym("G7") and is_acronym("U.S.") and not is_acronym("Iran")
    assert surnames("Bashar al-Assad") == ["al-Assad", "Assad"] and surnames("John Kerry") == ["Kerry"]
    assert load_names().demonym("Ethiopians") == "Ethiopia" and load_names().demonym("Kurds") is None


def test_names_the_recogniser_missed_join_and_take_a_type():
    kg = build_graph([doc("a", ("United States House of Representatives", ""), ("House of Representatives", "ORG"))])
    assert [(n, d["type"]) for n, d in kg.graph.nodes(data=True)] == [
        ("org/United_States/House_of_Representatives", "ORG")]
    node = only_node(build_graph([doc("b", ("Princess Ubolratana Mahidol", ""), ("Princess Ubolratana", ""))]))
    assert (node["id"], node["type"]) == ("person/Ubolratana_Mahidol", "PERSON")
