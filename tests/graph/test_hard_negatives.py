"""Hard negatives: names that look alike but name different things must stay apart.

A wrong merge costs more than a split. Each case here is a pair a careless resolver joins: the same
surname, a city and a person of one name, a company and its founder, two courts of two countries...
"""
from __future__ import annotations

from kgbuilder.graph.builder import build_graph
from kgbuilder.graph.model import ENTITY, DocumentResult, Mention


def m(text: str, label: str, at: int) -> Mention:
    return Mention(text, label, at, at + len(text), ENTITY)


def doc(doc_id: str, *mentions: tuple[str, str]) -> DocumentResult:
    at, out = 0, []
    for text, label in mentions:
        out.append(m(text, label, at))
        at += len(text) + 20
    return DocumentResult(doc_id, mentions=out)


def holder(kg, doc_id: str, name: str) -> str:
    """The node the mention of ``name`` in ``doc_id`` landed on."""
    found = {n for n, d in kg.graph.nodes(data=True)
             for d_id, s, e in d["mention_spans"] if d_id == doc_id and name in d["aliases"]}
    assert len(found) == 1, (name, found)
    return found.pop()


def test_two_people_with_one_surname_in_one_story_stay_two():
    kg = build_graph([doc("a", ("Joe Biden", "PERSON"), ("Hunter Biden", "PERSON"), ("Hunter Biden", "PERSON"))])
    assert holder(kg, "a", "Joe Biden") != holder(kg, "a", "Hunter Biden")


def test_a_bare_surname_shared_by_two_people_of_the_corpus_joins_neither():
    kg = build_graph([doc("a", ("Ed Miliband", "PERSON")), doc("b", ("David Miliband", "PERSON")),
                      doc("c", ("Miliband", "PERSON"))])
    assert holder(kg, "c", "Miliband") == "person/Miliband"
    assert len(kg.graph.nodes) == 3


def test_a_city_and_a_person_of_one_name():
    kg = build_graph([doc("a", ("Paris Hilton", "PERSON"), ("Paris", "GPE"), ("Paris", "GPE"))])
    assert holder(kg, "a", "Paris") == "place/Paris"
    assert holder(kg, "a", "Paris Hilton") == "person/Paris_Hilton"


def test_a_country_and_a_person_named_after_it_in_one_story():
    kg = build_graph([doc("a", ("Michael Jordan", "PERSON"), ("Jordan", "GPE"), ("Jordan", "PERSON"))])
    assert sorted(kg.graph.nodes) == ["person/Michael_Jordan", "place/Jordan"]


def test_a_company_and_its_founder():
    kg = build_graph([doc("a", ("Henry Ford", "PERSON"), ("Ford Motor Company", "ORG"), ("Ford", "ORG"),
                          ("Ford", "ORG"))])
    assert holder(kg, "a", "Ford") != holder(kg, "a", "Henry Ford")
    kg = build_graph([doc("b", ("Trump Organization", "ORG"), ("Trump", "PERSON"), ("Trump", "PERSON"))])
    assert holder(kg, "b", "Trump") != holder(kg, "b", "Trump Organization")


def test_a_person_and_the_place_named_after_them():
    kg = build_graph([doc("a", ("John F. Kennedy", "PERSON"), ("Kennedy Space Center", "FAC"), ("Kennedy", "PERSON"))])
    assert holder(kg, "a", "Kennedy") == holder(kg, "a", "John F. Kennedy") != holder(kg, "a", "Kennedy Space Center")


def test_the_courts_of_two_countries_keep_a_bare_court_to_itself():
    kg = build_graph([doc("a", ("UK Supreme Court", "ORG"), ("Supreme Court of Canada", "ORG"),
                          ("Supreme Court", "ORG"))])
    assert len({holder(kg, "a", n) for n in ("UK Supreme Court", "Supreme Court of Canada", "Supreme Court")}) == 3


def test_two_space_centres_share_no_short_form():
    kg = build_graph([doc("a", ("Kennedy Space Center", "FAC"), ("Johnson Space Center", "FAC"), ("Space Center", "FAC"))])
    assert holder(kg, "a", "Kennedy Space Center") != holder(kg, "a", "Johnson Space Center")
    assert holder(kg, "a", "Space Center") not in {holder(kg, "a", "Kennedy Space Center"),
                                                   holder(kg, "a", "Johnson Space Center")}


def test_a_national_council_is_not_the_council():
    kg = build_graph([doc("a", ("National Security Council", "ORG"), ("Security Council", "ORG"))])
    assert holder(kg, "a", "Security Council") != holder(kg, "a", "National Security Council")


def test_initials_shared_by_two_long_names_join_neither():
    kg = build_graph([doc("a", ("African Union", "ORG"), ("Australian Unity", "ORG"), ("AU", "ORG"))])
    assert holder(kg, "a", "AU") == "org/AU"


def test_a_city_and_a_person_whose_first_name_it_is():
    kg = build_graph([doc("a", ("Lincoln Chafee", "PERSON"), ("Lincoln", "GPE"), ("Lincoln", "GPE"))])
    assert holder(kg, "a", "Lincoln") == "place/Lincoln"


def test_a_surname_one_letter_from_two_people_joins_neither():
    kg = build_graph([doc("a", ("Ann Kaplan", "PERSON"), ("Bo Kaplin", "PERSON"), ("Kaplen", "PERSON"))])
    assert holder(kg, "a", "Kaplen") == "person/Kaplen"
    kg = build_graph([doc("b", ("Ann Kaplan", "PERSON"), ("Kaplen", "PERSON"))])
    assert holder(kg, "b", "Kaplen") == "person/Ann_Kaplan"  # one person that close: a spelling variant


def test_same_names_of_different_types_in_two_documents_stay_apart():
    kg = build_graph([doc("a", ("Lincoln", "GPE"), ("Lincoln", "GPE")),
                      doc("b", ("Abraham Lincoln", "PERSON"), ("Lincoln", "PERSON"))])
    assert holder(kg, "a", "Lincoln") == "place/Lincoln"
    assert holder(kg, "b", "Lincoln") == "person/Abraham_Lincoln"


def test_one_institution_name_in_stories_about_two_countries():
    us = doc("us", ("U.S. House", "ORG"), ("Democratic Party", "ORG"))
    hk = doc("hk", ("Democratic Party", "ORG"), ("Civic Party", "ORG"))
    us2 = doc("us2", ("United States Democratic Party", "ORG"))
    kg = build_graph([us, hk, us2])
    assert holder(kg, "us", "Democratic Party") == holder(kg, "us2", "United States Democratic Party") == \
        "org/United_States/Democratic_Party"
    assert holder(kg, "hk", "Democratic Party") == "org/Democratic_Party"


def test_a_party_named_for_a_region_does_not_give_the_story_its_country():
    kg = build_graph([doc("uk", ("Scottish National Party", "ORG"), ("Parliament", "ORG")),
                      doc("uk2", ("Parliament of the United Kingdom", "ORG"), ("Parliament", "ORG"))])
    assert holder(kg, "uk", "Parliament") == "org/Parliament"
    assert holder(kg, "uk2", "Parliament") == "org/United_Kingdom/Parliament"


def test_a_compass_short_form_joins_its_one_country_but_not_a_country_or_continent_of_its_own():
    def one(*mentions):
        return build_graph([doc("a", *mentions)])
    kg = one(("South Korea", "GPE"), ("Korea", "GPE"))
    assert holder(kg, "a", "Korea") == holder(kg, "a", "South Korea")
    kg = one(("North Korea", "GPE"), ("South Korea", "GPE"), ("Korea", "GPE"))
    assert holder(kg, "a", "Korea") not in (holder(kg, "a", "North Korea"), holder(kg, "a", "South Korea"))
    kg = one(("South Sudan", "GPE"), ("Sudan", "GPE"))
    assert holder(kg, "a", "Sudan") != holder(kg, "a", "South Sudan")
    kg = one(("South Africa", "GPE"), ("Africa", "LOC"))
    assert holder(kg, "a", "Africa") != holder(kg, "a", "South Africa")
