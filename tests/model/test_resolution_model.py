"""Entity resolution through the real pipeline, on sentences written for these tests."""
import pytest

from kgbuilder.extractors.triples import extract_document
from kgbuilder.graph.builder import build_graph

pytestmark = pytest.mark.model

TEXTS = {
    "alliance": "The Northern Alliance for Progress (NAP) held a rally in Lusaka on Monday. Party leader Chileshe "
                "Mwamba said the NAP would contest every seat.",
    "alliance2": "The NAP said on Friday that the talks went well.",
    "jordan": "Jordan's King Abdullah met Michael Jordan in Amman. Jordan said the king was a fan.",
    "senator": "Senator Mark Ellison of Ohio met Prime Minister Ana Duarte in Lisbon. Ellison said the talks were "
               "useful. Duarte thanked Ellison.",
    "senator2": "Ellison returned to Washington on Sunday.",
    "ford": "Henry Ford founded the Ford Motor Company in 1903. Ford sold millions of cars in the following "
            "decades, and the company grew.",
    "embassy": "Officials at the U.S. Embassy in Nairobi said the United States Embassy would reopen.",
}


@pytest.fixture(scope="module")
def kg(nlp):
    docs = nlp.pipe([(text, doc_id) for doc_id, text in TEXTS.items()], as_tuples=True)
    return build_graph([extract_document(doc, doc_id) for doc, doc_id in docs])


def holders(kg, doc_id: str, name: str) -> set[str]:
    return {n for n, d in kg.graph.nodes(data=True) if name in d["aliases"]
            and any(span[0] == doc_id for span in d["mention_spans"])}


def test_an_abbreviation_defined_in_parentheses_joins_its_long_form_here_and_elsewhere(kg):
    node = kg.graph.nodes["org/Northern_Alliance_for_Progress"]
    assert "NAP" in node["aliases"]
    assert holders(kg, "alliance2", "NAP") == {"org/Northern_Alliance_for_Progress"}
    assert {"alias": "NAP", "reason": "abbreviation defined in text"} in node["merged"]


def test_a_country_and_a_person_of_one_name_in_one_story(kg):
    assert holders(kg, "jordan", "Jordan") == {"person/Michael_Jordan", "place/Jordan"}
    assert kg.graph.nodes["place/Jordan"]["type"] == "GPE"


def test_a_surname_joins_the_full_name_in_its_story_and_across_stories(kg):
    assert holders(kg, "senator", "Ellison") == {"person/Mark_Ellison"}
    assert holders(kg, "senator2", "Ellison") == {"person/Mark_Ellison"}


def test_a_company_and_its_founder_stay_apart(kg):
    assert "person/Henry_Ford" not in holders(kg, "ford", "Ford")
    assert kg.graph.nodes["person/Henry_Ford"]["aliases"] == ["Henry Ford"]


def test_a_known_abbreviation_inside_a_name(kg):
    assert holders(kg, "embassy", "U.S. Embassy") == holders(kg, "embassy", "United States Embassy") == {
        "org/United_States_Embassy"}
