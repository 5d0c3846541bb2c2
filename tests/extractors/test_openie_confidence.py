"""The confidence of Open IE tuples ranks them: properties that make a tuple less often right lower it."""
from kgbuilder.extractors.clauses import clause_features, confidence_weights, find_clauses, logistic
from kgbuilder.extractors.openie import extract_openie
from tests.extractors.docs import parse


def confidence(doc, relation):
    [t] = [t for t in extract_openie(doc) if t.relation == relation]
    return t.confidence


SAID = parse("""
    Toner Toner PROPN NNP nsubj 1 B-PERSON
    said say VERB VBD ROOT 1
    that that SCONJ IN mark 4
    Kerry Kerry PROPN NNP nsubj 4 B-PERSON
    called call VERB VBD ccomp 1
    Lavrov Lavrov PROPN NNP dobj 4 B-PERSON
""")


def test_attribution_outranks_the_fact_it_reports():
    # the reported clause is embedded (ccomp, two heads deep): more room for a wrong reading
    assert confidence(SAID, "said") > confidence(SAID, "called")


def test_clause_with_an_object_outranks_an_intransitive_one():
    # "Kerry left and Lavrov met Toner"
    doc = parse("""
        Kerry Kerry PROPN NNP nsubj 1 B-PERSON
        left leave VERB VBD ROOT 1
        and and CCONJ CC cc 1
        Lavrov Lavrov PROPN NNP nsubj 4 B-PERSON
        met meet VERB VBD conj 1
        Toner Toner PROPN NNP dobj 4 B-PERSON
    """)
    assert confidence(doc, "met") > 0.5 > confidence(doc, "left")


def test_plain_possessive_ranks_below_the_verb_clause():
    # "Childers's book sold millions"
    doc = parse("""
        Childers childer NOUN NNS poss 2
        's 's PART POS case 0
        book book NOUN NN nsubj 3
        sold sell VERB VBD ROOT 3
        millions million NOUN NNS dobj 3
    """)
    assert confidence(doc, "sold") > confidence(doc, "had")


def test_split_subject_and_long_object_lower_confidence():
    # "Kerry met Toner" vs "Kerry and Lavrov met Toner" vs "Kerry met Toner ... <long object>"
    single = parse("""
        Kerry Kerry PROPN NNP nsubj 1 B-PERSON
        met meet VERB VBD ROOT 1
        Toner Toner PROPN NNP dobj 1 B-PERSON
    """)
    split = parse("""
        Kerry Kerry PROPN NNP nsubj 3 B-PERSON
        and and CCONJ CC cc 0
        Lavrov Lavrov PROPN NNP conj 0 B-PERSON
        met meet VERB VBD ROOT 3
        Toner Toner PROPN NNP dobj 3 B-PERSON
    """)
    long_object = parse("\n".join(
        ["Kerry Kerry PROPN NNP nsubj 1 B-PERSON", "met meet VERB VBD ROOT 1", "the the DET DT det 3",
         "spokesman spokesman NOUN NN dobj 1"]
        + [f"w{k} w ADJ JJ amod 3" for k in range(14)]))
    base = confidence(single, "met")
    assert all(t.confidence < base for t in extract_openie(split))
    assert confidence(long_object, "met") < base


def test_confidence_is_the_logistic_of_the_clause_features():
    [attribution, _reported] = find_clauses(SAID[:])
    features = clause_features(attribution)
    assert features["kind_attribution"] == 1.0 and "no_arguments" not in features
    assert attribution.confidence == round(logistic(features, confidence_weights()), 3)
    assert 0.0 < attribution.confidence < 1.0
