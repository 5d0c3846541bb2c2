"""Rule tests for the clause engine and its Open IE view, on hand-built parses."""
from extractors.openie import extract_openie
from tests.extractors.docs import parse


def tuples(doc):
    return [(t.arg1, t.relation, t.args) for t in extract_openie(doc)]


def test_active_clause_with_object_and_preposition():
    doc = parse("""
        Kerry Kerry PROPN NNP nsubj 1 B-PERSON
        met meet VERB VBD ROOT 1
        Lavrov Lavrov PROPN NNP dobj 1 B-PERSON
        in in ADP IN prep 1
        Geneva Geneva PROPN NNP pobj 3 B-GPE
        . . PUNCT . punct 1
    """)
    assert tuples(doc) == [("Kerry", "met", ("Lavrov", "in Geneva"))]


def test_conjoined_subjects_split_into_two_tuples():
    # "Kerry and Lavrov met Toner"
    doc = parse("""
        Kerry Kerry PROPN NNP nsubj 3 B-PERSON
        and and CCONJ CC cc 0
        Lavrov Lavrov PROPN NNP conj 0 B-PERSON
        met meet VERB VBD ROOT 3
        Toner Toner PROPN NNP dobj 3 B-PERSON
    """)
    assert tuples(doc) == [("Kerry", "met", ("Toner",)), ("Lavrov", "met", ("Toner",))]


def test_conjoined_objects_split():
    # "Russia supports Assad and Iran"
    doc = parse("""
        Russia Russia PROPN NNP nsubj 1 B-GPE
        supports support VERB VBZ ROOT 1
        Assad Assad PROPN NNP dobj 1 B-PERSON
        and and CCONJ CC cc 2
        Iran Iran PROPN NNP conj 2 B-GPE
    """)
    assert tuples(doc) == [("Russia", "supports", ("Assad",)), ("Russia", "supports", ("Iran",))]


def test_passive_with_by_agent_folds_preposition_into_relation():
    # "Alloush was killed by an airstrike"
    doc = parse("""
        Alloush Alloush PROPN NNP nsubjpass 2 B-PERSON
        was be AUX VBD auxpass 2
        killed kill VERB VBN ROOT 2
        by by ADP IN agent 2
        an an DET DT det 5
        airstrike airstrike NOUN NN pobj 3
    """)
    assert tuples(doc) == [("Alloush", "was killed by", ("an airstrike",))]


def test_negation_is_kept_and_marked():
    # "Russia did not deny the reports"
    doc = parse("""
        Russia Russia PROPN NNP nsubj 3 B-GPE
        did do AUX VBD aux 3
        not not PART RB neg 3
        deny deny VERB VB ROOT 3
        the the DET DT det 5
        reports report NOUN NNS dobj 3
    """)
    [t] = extract_openie(doc)
    assert (t.relation, t.negated) == ("did not deny", True)


def test_clausal_complement_gives_attribution_and_inner_fact():
    # "Toner said that Kerry called Lavrov"
    doc = parse("""
        Toner Toner PROPN NNP nsubj 1 B-PERSON
        said say VERB VBD ROOT 1
        that that SCONJ IN mark 4
        Kerry Kerry PROPN NNP nsubj 4 B-PERSON
        called call VERB VBD ccomp 1
        Lavrov Lavrov PROPN NNP dobj 4 B-PERSON
    """)
    assert tuples(doc) == [("Toner", "said", ("Kerry called Lavrov",)), ("Kerry", "called", ("Lavrov",))]


def test_relative_clause_subject_is_the_head_noun():
    # "the strike that killed Alloush"
    doc = parse("""
        The the DET DT det 1
        strike strike NOUN NN nsubjpass 5
        that that PRON WDT nsubj 3
        killed kill VERB VBD relcl 1
        Alloush Alloush PROPN NNP dobj 3 B-PERSON
        was be AUX VBD auxpass 5
        reported report VERB VBN ROOT 5
    """)
    assert ("The strike", "killed", ("Alloush",)) in tuples(doc)


def test_apposition_is_a_copula():
    # "Alloush, the head of Jaysh"
    doc = parse("""
        Alloush Alloush PROPN NNP nsubj 5 B-PERSON
        , , PUNCT , punct 0
        the the DET DT det 3
        head head NOUN NN appos 0
        , , PUNCT , punct 0
        died die VERB VBD ROOT 5
    """)
    assert ("Alloush", "is", ("the head",)) in tuples(doc)


def test_xcomp_chain_takes_the_controller_as_subject():
    # "Mistura wants to bring talks"
    doc = parse("""
        Mistura Mistura PROPN NNP nsubj 1 B-PERSON
        wants want VERB VBZ ROOT 1
        to to PART TO aux 3
        bring bring VERB VB xcomp 1
        talks talk NOUN NNS dobj 3
    """)
    assert ("Mistura", "wants to bring", ("talks",)) in tuples(doc)


def test_copula_with_adjective_complement():
    # "Russia was responsible"
    doc = parse("""
        Russia Russia PROPN NNP nsubj 1 B-GPE
        was be AUX VBD ROOT 1
        responsible responsible ADJ JJ acomp 1
    """)
    assert tuples(doc) == [("Russia", "was", ("responsible",))]


def test_modal_is_recorded_in_relation():
    # "Russia may attack Syria"
    doc = parse("""
        Russia Russia PROPN NNP nsubj 2 B-GPE
        may may AUX MD aux 2
        attack attack VERB VB ROOT 2
        Syria Syria PROPN NNP dobj 2 B-GPE
    """)
    assert tuples(doc) == [("Russia", "may attack", ("Syria",))]
