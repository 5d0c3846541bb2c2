"""Abbreviations and other names the text itself defines, on hand-built parses."""
import pytest

from kgbuilder.extractors.abbreviations import ABBREVIATION_OF, ALIAS_OF, find_abbreviations, matches
from kgbuilder.extractors.entity_repair import repair_entities
from kgbuilder.extractors.triples import extract_document
from tests.extractors.docs import parse

# "The Northern Rivers Alliance (NRA) said the NRA won ."
DEFINED = """
    The the DET DT det 3
    Northern Northern PROPN NNP compound 3 B-ORG
    Rivers Rivers PROPN NNP compound 3 I-ORG
    Alliance Alliance PROPN NNP nsubj 7 I-ORG
    ( ( PUNCT -LRB- punct 3
    NRA NRA PROPN NNP appos 3
    ) ) PUNCT -RRB- punct 3
    said say VERB VBD ROOT 7
    the the DET DT det 9
    NRA NRA PROPN NNP nsubj 10 B-GPE
    won win VERB VBD ccomp 7
    . . PUNCT . punct 7
"""


@pytest.mark.parametrize("short, long, expected", [
    ("SDF", "the Syrian Democratic Forces", True),
    ("KPA", "Korean People's Army", True),
    ("G7", "Group of Seven", True),
    ("JAXA", "Japan Aerospace Exploration Agency", True),
    ("UCL", "University College London", True),
    ("AU", "Australian Broadcasting Corporation News", False),  # far too short for five words
    ("PKK", "Kurdistan Workers' Party", False),  # an acronym of another language's name
    ("US", "Syrian Democratic Forces", False),
])
def test_a_short_form_matches_a_long_form(short, long, expected):
    assert matches(short, long) is expected


def test_a_definition_in_parentheses_types_every_use_of_the_short_form():
    doc = repair_entities(parse(DEFINED))
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Northern Rivers Alliance", "ORG"), ("NRA", "ORG"), ("NRA", "ORG")]
    [pair] = find_abbreviations(doc, doc.ents)
    assert (pair.short.text, pair.long.text, pair.key) == ("NRA", "Northern Rivers Alliance", ABBREVIATION_OF)


def test_the_definition_reaches_the_graph_as_an_attribute():
    result = extract_document(parse(DEFINED), "doc")
    [(short, key, value)] = [a for a in result.attributes if a[1] == ABBREVIATION_OF]
    assert (short.text, short.label, value) == ("NRA", "ORG", "Northern Rivers Alliance")


def test_a_short_form_before_its_long_form_in_parentheses():
    # "the NRA ( Northern Rivers Alliance ) said"
    doc = parse("""
        the the DET DT det 1
        NRA NRA PROPN NNP nsubj 7 B-ORG
        ( ( PUNCT -LRB- punct 1
        Northern Northern PROPN NNP compound 5 B-ORG
        Rivers Rivers PROPN NNP compound 5 I-ORG
        Alliance Alliance PROPN NNP appos 1 I-ORG
        ) ) PUNCT -RRB- punct 1
        said say VERB VBD ROOT 7
    """)
    [pair] = find_abbreviations(doc, doc.ents)
    assert (pair.short.text, pair.long.text) == ("NRA", "Northern Rivers Alliance")


def test_or_defines_a_short_form_either_way():
    # "G9 , or the Group of Nine , met ."
    doc = parse("""
        G9 G9 PROPN NNP nsubj 8
        , , PUNCT , punct 0
        or or CCONJ CC cc 0
        the the DET DT det 5
        Group Group PROPN NNP conj 0 B-ORG
        of of ADP IN prep 4 I-ORG
        Nine Nine PROPN NNP pobj 5 I-ORG
        , , PUNCT , punct 0
        met meet VERB VBD ROOT 8
    """)
    [pair] = find_abbreviations(doc, doc.ents)
    assert (pair.short.text, pair.long.text) == ("G9", "Group of Nine")


def test_also_spelled_equates_two_spellings():
    # "Qasim Sulaymani , also spelled Soleimani , died ."
    doc = parse("""
        Qasim Qasim PROPN NNP compound 1 B-PERSON
        Sulaymani Sulaymani PROPN NNP nsubj 7 I-PERSON
        , , PUNCT , punct 1
        also also ADV RB advmod 4
        spelled spell VERB VBN acl 1
        Soleimani Soleimani PROPN NNP oprd 4
        , , PUNCT , punct 1
        died die VERB VBD ROOT 7
    """)
    [pair] = find_abbreviations(doc, doc.ents)
    assert (pair.short.text, pair.short.label_, pair.long.text, pair.key) == (
        "Soleimani", "PERSON", "Qasim Sulaymani", ALIAS_OF)


def test_a_definition_tagged_inside_one_entity_is_split():
    # "the Movement for Democratic Change ( MDC ) won" tagged as one ORG up to "MDC"
    doc = parse("""
        the the DET DT det 1
        Movement Movement PROPN NNP nsubj 8 B-ORG
        for for ADP IN prep 1 I-ORG
        Democratic Democratic PROPN NNP compound 4 I-ORG
        Change Change PROPN NNP pobj 2 I-ORG
        ( ( PUNCT -LRB- punct 1 I-ORG
        MDC MDC PROPN NNP appos 1 I-ORG
        ) ) PUNCT -RRB- punct 1
        won win VERB VBD ROOT 8
    """)
    doc = repair_entities(doc)
    assert [e.text for e in doc.ents] == ["Movement for Democratic Change", "MDC"]


def test_an_unrelated_parenthesis_defines_nothing():
    # "the Northern Rivers Alliance ( USA ) said"
    doc = parse("""
        the the DET DT det 3
        Northern Northern PROPN NNP compound 3 B-ORG
        Rivers Rivers PROPN NNP compound 3 I-ORG
        Alliance Alliance PROPN NNP nsubj 7 I-ORG
        ( ( PUNCT -LRB- punct 3
        USA USA PROPN NNP appos 3 B-GPE
        ) ) PUNCT -RRB- punct 3
        said say VERB VBD ROOT 7
    """)
    assert find_abbreviations(doc, doc.ents) == []
