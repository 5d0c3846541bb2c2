"""One type per name, from the tagger's labels and the words around them (hand-built parses)."""
from kgbuilder.extractors.entity_repair import repair_entities
from tests.extractors.docs import parse


def labels(doc):
    return [(e.text, e.label_) for e in repair_entities(doc).ents]


def test_a_role_noun_before_a_name_makes_it_a_person():
    # "military spokesperson Yahya Sarea said" with the name tagged ORG
    doc = parse("""
        military military ADJ JJ amod 1
        spokesperson spokesperson NOUN NN compound 3
        Yahya Yahya PROPN NNP compound 3 B-ORG
        Sarea Sarea PROPN NNP nsubj 4 I-ORG
        said say VERB VBD ROOT 4
    """)
    assert labels(doc) == [("Yahya Sarea", "PERSON")]


def test_a_role_before_an_organisation_before_the_name():
    # "Ambassador to the United Nations Nikki Haley wrote"
    doc = parse("""
        Ambassador ambassador PROPN NNP nsubj 7
        to to ADP IN prep 0
        the the DET DT det 4 B-ORG
        United United PROPN NNP compound 4 I-ORG
        Nations Nations PROPN NNP compound 6 I-ORG
        Nikki Nikki PROPN NNP compound 6 B-ORG
        Haley Haley PROPN NNP pobj 1 I-ORG
        wrote write VERB VBD ROOT 7
    """)
    assert labels(doc) == [("the United Nations", "ORG"), ("Nikki Haley", "PERSON")]


def test_who_makes_a_person():
    # "Elijah Cummings , who chairs it , said"
    doc = parse("""
        Elijah Elijah PROPN NNP compound 1 B-ORG
        Cummings Cummings PROPN NNP nsubj 7 I-ORG
        , , PUNCT , punct 1
        who who PRON WP nsubj 4
        chairs chair VERB VBZ relcl 1
        it it PRON PRP dobj 4
        , , PUNCT , punct 1
        said say VERB VBD ROOT 7
    """)
    assert labels(doc) == [("Elijah Cummings", "PERSON")]


def test_a_media_noun_makes_an_organisation():
    # "Greek daily Kathimerini said"
    doc = parse("""
        Greek Greek ADJ JJ amod 2 B-NORP
        daily daily NOUN NN compound 2
        Kathimerini Kathimerini PROPN NNP nsubj 3 B-PERSON
        said say VERB VBD ROOT 3
    """)
    assert labels(doc) == [("Greek", "NORP"), ("Kathimerini", "ORG")]


def test_in_makes_a_place_of_a_name_and_its_conjuncts():
    # "plants in Damietta and Idku" tagged PRODUCT and ORG
    doc = parse("""
        plants plant NOUN NNS ROOT 0
        in in ADP IN prep 0
        Damietta Damietta PROPN NNP pobj 1 B-PRODUCT
        and and CCONJ CC cc 2
        Idku Idku PROPN NNP conj 2 B-ORG
    """)
    assert labels(doc) == [("Damietta", "GPE"), ("Idku", "GPE")]


def test_an_organisation_in_something_stays_an_organisation():
    # "members in Congress"
    doc = parse("""
        members member NOUN NNS ROOT 0
        in in ADP IN prep 0
        Congress Congress PROPN NNP pobj 1 B-ORG
    """)
    assert labels(doc) == [("Congress", "ORG")]


def test_a_place_noun_makes_a_place():
    # "Jolo , and the Sulu region , voted" with both names tagged PERSON
    doc = parse("""
        Jolo Jolo PROPN NNP nsubj 7 B-PERSON
        , , PUNCT , punct 0
        and and CCONJ CC cc 0
        the the DET DT det 5
        Sulu Sulu PROPN NNP compound 5 B-PERSON
        region region NOUN NN conj 0
        , , PUNCT , punct 0
        voted vote VERB VBD ROOT 7
    """)
    assert labels(doc) == [("Jolo", "GPE"), ("Sulu", "GPE")]


def test_a_surname_tagged_as_a_place_is_the_person_named_in_full():
    # "Doug Hurley flew . Hurley landed ." with the bare surname tagged GPE
    doc = parse("""
        Doug Doug PROPN NNP compound 1 B-PERSON
        Hurley Hurley PROPN NNP nsubj 2 I-PERSON
        flew fly VERB VBD ROOT 2
        . . PUNCT . punct 2
        Hurley Hurley PROPN NNP nsubj 5 B-GPE
        landed land VERB VBD ROOT 5
    """)
    assert labels(doc) == [("Doug Hurley", "PERSON"), ("Hurley", "PERSON")]


def test_the_majority_gives_one_label_to_every_mention_of_a_name():
    # "Tarvo Labs hired . Tarvo Labs grew . Tarvo Labs sued" tagged ORG, ORG, PERSON
    rows = []
    for n, label in enumerate(("ORG", "ORG", "PERSON")):
        base = n * 4
        rows += [f"Tarvo Tarvo PROPN NNP compound {base + 1} B-{label}",
                 f"Labs Labs PROPN NNP nsubj {base + 2} I-{label}",
                 f"acted act VERB VBD ROOT {base + 2}",
                 f". . PUNCT . punct {base + 2}"]
    assert {label for _text, label in labels(parse("\n".join(rows)))} == {"ORG"}


def test_a_demonym_keeps_its_label():
    # "Russian forces" stays NORP (the nationality rules read it)
    doc = parse("""
        Russian Russian ADJ JJ amod 1 B-NORP
        forces force NOUN NNS ROOT 1
    """)
    assert labels(doc) == [("Russian", "NORP")]


def test_a_name_loses_a_stance_or_quote_before_it_and_a_possessive_or_preposition_after_it():
    # "pro - Beijing Civic Union 's Lam of won", spans as the small model cuts them
    doc = parse("""
        pro pro ADJ JJ amod 2 B-ORG
        - - PUNCT HYPH punct 2 I-ORG
        Beijing Beijing PROPN NNP compound 4 I-ORG
        Civic Civic PROPN NNP compound 4 I-ORG
        Union Union PROPN NNP poss 7 I-ORG
        's 's PART POS case 4 I-ORG
        Peter Peter PROPN NNP compound 7 B-PERSON
        Lam Lam PROPN NNP nsubj 10 I-PERSON
        of of ADP IN prep 7 I-PERSON
        " " PUNCT `` punct 10 B-GPE
        Chile Chile PROPN NNP nsubj 10 I-GPE
        won win VERB VBD ROOT 10
    """)
    assert [e for e, _label in labels(doc)] == ["Civic Union", "Peter Lam", "Chile"]


def test_a_given_name_left_out_of_a_person_joins_it():
    # "Ethiopians Dejene Debela won" with only "Debela" tagged
    doc = parse("""
        Ethiopians Ethiopians PROPN NNPS nsubj 3 B-NORP
        Dejene Dejene PROPN NNP compound 2
        Debela Debela PROPN NNP appos 0 B-PERSON
        won win VERB VBD ROOT 3
    """)
    assert labels(doc) == [("Ethiopians", "NORP"), ("Dejene Debela", "PERSON")]


def test_a_title_before_a_person_stays_out_of_the_name():
    # "President Debela won"
    doc = parse("""
        President President PROPN NNP compound 1
        Debela Debela PROPN NNP nsubj 2 B-PERSON
        won win VERB VBD ROOT 2
    """)
    assert labels(doc) == [("Debela", "PERSON")]


def test_a_plural_title_or_an_adherent_stays_out_of_the_name():
    # "Representatives Ana Ruiz and Scientologist Tom Hale spoke", only the names tagged
    doc = parse("""
        Representatives Representatives PROPN NNPS compound 2
        Ana Ana PROPN NNP compound 2 B-PERSON
        Ruiz Ruiz PROPN NNP nsubj 7 I-PERSON
        and and CCONJ CC cc 2
        Scientologist Scientologist PROPN NNP compound 6
        Tom Tom PROPN NNP compound 6 B-PERSON
        Hale Hale PROPN NNP conj 2 I-PERSON
        spoke speak VERB VBD ROOT 7
    """)
    assert labels(doc) == [("Ana Ruiz", "PERSON"), ("Tom Hale", "PERSON")]
