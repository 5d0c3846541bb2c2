"""The graph view: entity mentions, coreference, nested relations, nominal facts, on hand-built parses."""
from kgbuilder.extractors.triples import extract_document
from tests.extractors.docs import parse


def facts(doc):
    result = extract_document(doc, "doc")
    return {(t.subject.key_text, t.relation, t.object.key_text, t.negated) for t in result.triples}


def test_nested_entity_in_phone_call_is_spoke_with():
    # "Kerry discussed concerns in a call with Lavrov"
    doc = parse("""
        Kerry Kerry PROPN NNP nsubj 1 B-PERSON
        discussed discuss VERB VBD ROOT 1
        concerns concern NOUN NNS dobj 1
        in in ADP IN prep 2
        a a DET DT det 5
        call call NOUN NN pobj 3
        with with ADP IN prep 5
        Lavrov Lavrov PROPN NNP pobj 6 B-PERSON
    """)
    assert ("Kerry", "spoke_with", "Lavrov", False) in facts(doc)
    assert ("Kerry", "discuss", "concerns", False) in facts(doc)


def test_he_said_resolves_to_the_last_speaker_not_the_nearest_person():
    # "Toner said Kerry left . He said Lavrov agreed"
    doc = parse("""
        Toner Toner PROPN NNP nsubj 1 B-PERSON
        said say VERB VBD ROOT 1
        Kerry Kerry PROPN NNP nsubj 3 B-PERSON
        left leave VERB VBD ccomp 1
        . . PUNCT . punct 1
        He he PRON PRP nsubj 6
        said say VERB VBD ROOT 6
        Lavrov Lavrov PROPN NNP nsubj 8 B-PERSON
        agreed agree VERB VBD ccomp 6
    """)
    result = extract_document(doc, "doc")
    speakers = {t.subject.key_text for t in result.triples if t.relation == "said"}
    assert speakers == {"Toner"}


def test_unresolved_pronoun_never_becomes_a_node():
    doc = parse("""
        He he PRON PRP nsubj 1
        met meet VERB VBD ROOT 1
        Lavrov Lavrov PROPN NNP dobj 1 B-PERSON
    """)
    assert facts(doc) == set()


#: "Acme opened a plant in Ohio ." : a name, then a place something is in, before a referring word
ACME_IN_OHIO = """
    Acme Acme PROPN NNP nsubj 1 B-ORG
    opened open VERB VBD ROOT 1
    a a DET DT det 3
    plant plant NOUN NN dobj 1
    in in ADP IN prep 3
    Ohio Ohio PROPN NNP pobj 4 B-GPE
    . . PUNCT . punct 1"""


def antecedents(rows: str) -> dict[str, str]:
    from kgbuilder.extractors.coref import resolve
    doc = parse(rows)
    return {doc[i].text: ant.text for i, ant in resolve(doc).items()}


def test_its_skips_a_place_something_is_in_for_the_name_before_it():
    # "... Its profits rose": the plant's place is no antecedent
    assert antecedents(ACME_IN_OHIO + """
        Its its PRON PRP$ poss 8
        profits profit NOUN NNS nsubj 9
        rose rise VERB VBD ROOT 9
    """) == {"Its": "Acme"}


def test_them_skips_its_own_clause_subject_as_well_as_a_place():
    # "... Beta chose them": not Beta (the subject), not Ohio (a place): Acme
    assert antecedents(ACME_IN_OHIO + """
        Beta Beta PROPN NNP nsubj 8 B-ORG
        chose choose VERB VBD ROOT 8
        them they PRON PRP dobj 8
    """) == {"them": "Acme"}


def test_possessive_its_resolves_to_organisation():
    # "Russia denied reports about its campaign in Syria"
    doc = parse("""
        Russia Russia PROPN NNP nsubj 1 B-GPE
        denied deny VERB VBD ROOT 1
        its its PRON PRP$ poss 3
        campaign campaign NOUN NN dobj 1
        in in ADP IN prep 3
        Syria Syria PROPN NNP pobj 4 B-GPE
    """)
    from kgbuilder.extractors.coref import resolve

    assert resolve(doc)[2].text == "Russia"


def test_negated_fact_is_marked():
    doc = parse("""
        Russia Russia PROPN NNP nsubj 3 B-GPE
        did do AUX VBD aux 3
        not not PART RB neg 3
        attack attack VERB VB ROOT 3
        Syria Syria PROPN NNP dobj 3 B-GPE
    """)
    assert facts(doc) == {("Russia", "attacked", "Syria", True)}


def test_passive_agent_becomes_the_subject():
    doc = parse("""
        Alloush Alloush PROPN NNP nsubjpass 2 B-PERSON
        was be AUX VBD auxpass 2
        killed kill VERB VBN ROOT 2
        by by ADP IN agent 2
        Russia Russia PROPN NNP pobj 3 B-GPE
    """)
    assert ("Russia", "killed", "Alloush", False) in facts(doc)


def test_title_before_a_name_states_a_role():
    # "State Department spokesman Mark Toner spoke"
    doc = parse("""
        State State PROPN NNP compound 1 B-ORG
        Department Department PROPN NNP compound 2 I-ORG
        spokesman spokesman NOUN NN compound 4
        Mark Mark PROPN NNP compound 4 B-PERSON
        Toner Toner PROPN NNP nsubj 5 I-PERSON
        spoke speak VERB VBD ROOT 5
    """)
    assert ("Mark Toner", "spokesperson_of", "State Department", False) in facts(doc)


def test_demonym_title_links_person_to_country():
    # "Russian Foreign Minister Sergei Lavrov spoke"
    doc = parse("""
        Russian russian ADJ JJ amod 2 B-NORP
        Foreign Foreign PROPN NNP compound 2
        Minister Minister PROPN NNP compound 4
        Sergei Sergei PROPN NNP compound 4 B-PERSON
        Lavrov Lavrov PROPN NNP nsubj 5 I-PERSON
        spoke speak VERB VBD ROOT 5
    """)
    result = extract_document(doc, "doc")
    assert ("Sergei Lavrov", "foreign_minister_of", "Russia") in {
        (t.subject.text, t.relation, t.object.text) for t in result.triples}
    assert ("nationality", "Russia") in {(k, v) for _m, k, v in result.attributes}


def test_group_called_x_is_an_organisation_led_by_the_head():
    # "Alloush , the head of a group called Jaysh"
    doc = parse("""
        Alloush Alloush PROPN NNP nsubj 9 B-PERSON
        , , PUNCT , punct 0
        the the DET DT det 3
        head head NOUN NN appos 0
        of of ADP IN prep 3
        a a DET DT det 6
        group group NOUN NN pobj 4
        called call VERB VBN acl 6
        Jaysh Jaysh PROPN NNP oprd 7 B-PERSON
        died die VERB VBD ROOT 9
    """)
    result = extract_document(doc, "doc")
    leader = [t for t in result.triples if t.relation == "leader_of"]
    assert [(t.subject.text, t.object.text, t.object.label) for t in leader] == [("Alloush", "Jaysh", "ORG")]


def test_place_chain_is_located_in():
    # "in Nawa city , Deraa , Syria"
    doc = parse("""
        Strikes strike NOUN NNS nsubj 1
        hit hit VERB VBD ROOT 1
        in in ADP IN prep 1
        Nawa Nawa PROPN NNP compound 4 B-GPE
        city city NOUN NN pobj 2
        , , PUNCT , punct 4
        Deraa Deraa PROPN NNP conj 4 B-GPE
        , , PUNCT , punct 6
        Syria Syria PROPN NNP conj 6 B-GPE
    """)
    got = facts(doc)
    assert ("Nawa", "located_in", "Deraa", False) in got
    assert ("Deraa", "located_in", "Syria", False) in got


def test_she_skips_a_nearer_man_known_by_his_title():
    # "Ms. Pelosi met Mr. Trump . She said talks failed"
    doc = parse("""
        Ms. Ms. PROPN NNP compound 1
        Pelosi Pelosi PROPN NNP nsubj 2 B-PERSON
        met meet VERB VBD ROOT 2
        Mr. Mr. PROPN NNP compound 4
        Trump Trump PROPN NNP dobj 2 B-PERSON
        . . PUNCT . punct 2
        She she PRON PRP nsubj 7
        said say VERB VBD ROOT 7
        talks talk NOUN NNS nsubj 9
        failed fail VERB VBD ccomp 7
    """)
    from kgbuilder.extractors.coref import resolve

    assert resolve(doc)[6].text == "Pelosi"


def test_light_verb_noun_joins_the_relation():
    # "Kerry held talks with Lavrov"
    doc = parse("""
        Kerry Kerry PROPN NNP nsubj 1 B-PERSON
        held hold VERB VBD ROOT 1
        talks talk NOUN NNS dobj 1
        with with ADP IN prep 1
        Lavrov Lavrov PROPN NNP pobj 3 B-PERSON
    """)
    assert ("Kerry", "spoke_with", "Lavrov", False) in facts(doc)


def test_a_list_of_places_is_not_a_place_chain():
    # "Biden won Alabama , Oklahoma and Texas"
    doc = parse("""
        Biden Biden PROPN NNP nsubj 1 B-PERSON
        won win VERB VBD ROOT 1
        Alabama Alabama PROPN NNP dobj 1 B-GPE
        , , PUNCT , punct 2
        Oklahoma Oklahoma PROPN NNP conj 2 B-GPE
        and and CCONJ CC cc 4
        Texas Texas PROPN NNP conj 4 B-GPE
    """)
    assert not [f for f in facts(doc) if f[1] == "located_in"]


def test_relation_type_constraints_fall_back_to_the_verb_frame():
    # "Kosgei joined Radcliffe" is no membership; "Kosgei joined NATO" would be
    doc = parse("""
        Kosgei Kosgei PROPN NNP nsubj 1 B-PERSON
        joined join VERB VBD ROOT 1
        Radcliffe Radcliffe PROPN NNP dobj 1 B-PERSON
    """)
    assert facts(doc) == {("Kosgei", "join", "Radcliffe", False)}
    doc = parse("""
        Benin Benin PROPN NNP nsubj 1 B-GPE
        joined join VERB VBD ROOT 1
        NATO NATO PROPN NNP dobj 1 B-ORG
    """)
    assert facts(doc) == {("Benin", "member_of", "NATO", False)}


def test_a_title_tagged_as_a_person_on_its_own_is_no_entity():
    from kgbuilder.extractors.entity_repair import repair_entities

    # "Cde [ comrade ] Robert Mugabe spoke": the small model tags the bracketed-off "Cde" as a PERSON
    doc = parse("""
        Cde Cde PROPN NNP nmod 5 B-PERSON
        [ [ PUNCT -LRB- punct 0 O
        comrade comrade NOUN NN appos 0 O
        ] ] PUNCT -RRB- punct 0 O
        Robert Robert PROPN NNP compound 5 B-PERSON
        Mugabe Mugabe PROPN NNP nsubj 6 I-PERSON
        spoke speak VERB VBD ROOT 6 O
    """)
    assert [(e.text, e.label_) for e in repair_entities(doc).ents] == [("Robert Mugabe", "PERSON")]
    mentions = extract_document(doc, "d").mentions
    assert [m.text for m in mentions] == ["Robert Mugabe"]


def test_editorial_brackets_are_not_part_of_a_name():
    # "... align with [Bashir al] Assad": spaCy's entity starts inside the brackets
    doc = parse("""
        Kurds Kurds PROPN NNPS nsubj 1 B-NORP
        align align VERB VBP ROOT 1 O
        with with ADP IN prep 1 O
        [ [ PUNCT -LRB- punct 6 O
        Bashir Bashir PROPN NNP compound 6 B-PERSON
        al] al] PROPN NNP compound 6 I-PERSON
        Assad Assad PROPN NNP pobj 2 I-PERSON
    """)
    assert "Bashir al Assad" in {m.text for m in extract_document(doc, "d").mentions}
