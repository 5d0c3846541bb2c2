"""Rule tests for the clause engine and its Open IE view, on hand-built parses."""
from kgbuilder.extractors.clauses import find_clauses
from kgbuilder.extractors.openie import extract_openie
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


# ------------------------------------------------------------------ constructions added with the confidence model
def test_possessive_with_a_named_role_holder_states_the_role():
    # "Syria's president, Assad, met Kerry."
    doc = parse("""
        Syria Syria PROPN NNP poss 2 B-GPE
        's 's PART POS case 0
        president president NOUN NN nsubj 6
        , , PUNCT , punct 2
        Assad Assad PROPN NNP appos 2 B-PERSON
        , , PUNCT , punct 2
        met meet VERB VBD ROOT 6
        Kerry Kerry PROPN NNP dobj 6 B-PERSON
        . . PUNCT . punct 6
    """)
    got = tuples(doc)
    assert ("Assad", "is president of", ("Syria",)) in got
    # the apposition set off by commas is a tuple of its own, not part of the subject
    assert ("Syria 's president", "met", ("Kerry",)) in got
    assert ("Syria 's president", "is", ("Assad",)) in got
    # the role replaces the plain reading "Syria has a president"
    assert not any(rel in ("has", "had") for _a, rel, _b in got)


def test_possessive_title_before_a_name():
    # "Google's chief executive Sundar Pichai spoke."
    doc = parse("""
        Google Google PROPN NNP poss 5 B-ORG
        's 's PART POS case 0
        chief chief ADJ JJ amod 3
        executive executive NOUN NN compound 5
        Sundar Sundar PROPN NNP compound 5 B-PERSON
        Pichai Pichai PROPN NNP nsubj 6 I-PERSON
        spoke speak VERB VBD ROOT 6
        . . PUNCT . punct 6
    """)
    assert ("Sundar Pichai", "is chief executive of", ("Google",)) in tuples(doc)


def test_plain_possessive_is_possession_in_the_tense_of_the_sentence():
    # "Childers's book sold well." / "Childers's book sells well."
    rows = """
        Childers childer NOUN NNS poss 2
        's 's PART POS case 0
        book book NOUN NN nsubj 3
        {verb} sell VERB {tag} ROOT 3
        well well ADV RB advmod 3
        . . PUNCT . punct 3
    """
    past = parse(rows.format(verb="sold", tag="VBD"))
    present = parse(rows.format(verb="sells", tag="VBZ"))
    assert ("Childers", "had", ("book",)) in tuples(past)
    assert ("Childers", "has", ("book",)) in tuples(present)


def test_possessive_pronoun_is_left_to_coreference():
    # "Russia denied its role."
    doc = parse("""
        Russia Russia PROPN NNP nsubj 1 B-GPE
        denied deny VERB VBD ROOT 1
        its its PRON PRP$ poss 3
        role role NOUN NN dobj 1
    """)
    assert tuples(doc) == [("Russia", "denied", ("its role",))]


def test_light_verb_noun_and_its_preposition_join_the_relation():
    # "The government made a decision on the budget."
    doc = parse("""
        The the DET DT det 1
        government government NOUN NN nsubj 2
        made make VERB VBD ROOT 2
        a a DET DT det 4
        decision decision NOUN NN dobj 2
        on on ADP IN prep 4
        the the DET DT det 7
        budget budget NOUN NN pobj 5
        . . PUNCT . punct 2
    """)
    assert tuples(doc) == [("The government", "made a decision on", ("the budget",))]
    [clause] = find_clauses(doc[:])
    assert clause.light.text == "decision" and clause.lemma == "make_decision"


def test_light_verb_with_the_preposition_on_the_verb():
    # "He took part in the talks."
    doc = parse("""
        He he PRON PRP nsubj 1
        took take VERB VBD ROOT 1
        part part NOUN NN dobj 1
        in in ADP IN prep 1
        the the DET DT det 5
        talks talk NOUN NNS pobj 3
        . . PUNCT . punct 1
    """)
    assert tuples(doc) == [("He", "took part in", ("the talks",))]


def test_light_verb_without_a_preposition_is_an_ordinary_object():
    # "They made a decision."
    doc = parse("""
        They they PRON PRP nsubj 1
        made make VERB VBD ROOT 1
        a a DET DT det 3
        decision decision NOUN NN dobj 1
    """)
    assert tuples(doc) == [("They", "made", ("a decision",))]


def test_participial_modifier_is_a_passive_clause_in_the_sentence_tense():
    # "Forces led by Assad attacked the town."
    doc = parse("""
        Forces force NOUN NNS nsubj 4
        led lead VERB VBN acl 0
        by by ADP IN agent 1
        Assad Assad PROPN NNP pobj 2 B-PERSON
        attacked attack VERB VBD ROOT 4
        the the DET DT det 6
        town town NOUN NN dobj 4
        . . PUNCT . punct 4
    """)
    got = tuples(doc)
    assert ("Forces", "were led by", ("Assad",)) in got
    assert ("Forces led by Assad", "attacked", ("the town",)) in got


def test_adjective_controls_an_xcomp_chain_and_its_conjunct():
    # "The soldiers were able to reinforce the hotel and defeat the attacks."
    doc = parse("""
        The the DET DT det 1
        soldiers soldier NOUN NNS nsubj 2
        were be AUX VBD ROOT 2
        able able ADJ JJ acomp 2
        to to PART TO aux 5
        reinforce reinforce VERB VB xcomp 3
        the the DET DT det 7
        hotel hotel NOUN NN dobj 5
        and and CCONJ CC cc 5
        defeat defeat VERB VB conj 5
        the the DET DT det 11
        attacks attack NOUN NNS dobj 9
        . . PUNCT . punct 2
    """)
    assert tuples(doc) == [("The soldiers", "were able to reinforce", ("the hotel",)),
                           ("The soldiers", "were able to defeat", ("the attacks",))]


def test_xcomp_chain_takes_the_controllers_adjuncts_and_drops_its_empty_clause():
    # "In 1840, he was appointed to command his regiment."
    doc = parse("""
        In in ADP IN prep 5
        1840 1840 NUM CD pobj 0 B-DATE
        , , PUNCT , punct 5
        he he PRON PRP nsubjpass 5
        was be AUX VBD auxpass 5
        appointed appoint VERB VBN ROOT 5
        to to PART TO aux 7
        command command VERB VB xcomp 5
        his his PRON PRP$ poss 9
        regiment regiment NOUN NN dobj 7
        . . PUNCT . punct 5
    """)
    assert tuples(doc) == [("he", "was appointed to command", ("his regiment", "In 1840"))]


def test_object_control_makes_the_object_the_subject():
    # "They asked him to leave the room."
    doc = parse("""
        They they PRON PRP nsubj 1
        asked ask VERB VBD ROOT 1
        him he PRON PRP dobj 1
        to to PART TO aux 4
        leave leave VERB VB xcomp 1
        the the DET DT det 6
        room room NOUN NN dobj 4
    """)
    got = tuples(doc)
    assert ("They", "asked", ("him",)) in got
    assert ("him", "asked to leave", ("the room",)) in got


def test_conjoined_verbs_share_the_object_of_the_second():
    # "Traders buy and sell stocks."
    doc = parse("""
        Traders trader NOUN NNS nsubj 1
        buy buy VERB VBP ROOT 1
        and and CCONJ CC cc 1
        sell sell VERB VB conj 1
        stocks stock NOUN NNS dobj 3
        . . PUNCT . punct 1
    """)
    assert tuples(doc) == [("Traders", "buy", ("stocks",)), ("Traders", "sell", ("stocks",))]


def test_relative_pronoun_object_stands_for_the_head_noun():
    # "She read the book that he wrote."
    doc = parse("""
        She she PRON PRP nsubj 1
        read read VERB VBD ROOT 1
        the the DET DT det 3
        book book NOUN NN dobj 1
        that that PRON WDT dobj 6
        he he PRON PRP nsubj 6
        wrote write VERB VBD relcl 3
        . . PUNCT . punct 1
    """)
    assert ("he", "wrote", ("the book",)) in tuples(doc)


def test_place_apposition_is_located_in():
    # "He lived in Murray, Utah."
    doc = parse("""
        He he PRON PRP nsubj 1
        lived live VERB VBD ROOT 1
        in in ADP IN prep 1
        Murray Murray PROPN NNP pobj 2 B-GPE
        , , PUNCT , punct 3
        Utah Utah PROPN NNP appos 3 B-GPE
        . . PUNCT . punct 1
    """)
    got = tuples(doc)
    assert ("Murray", "is in", ("Utah",)) in got
    assert not any(rel == "is" for _a, rel, _b in got)


def test_date_written_with_a_comma_is_no_apposition():
    # "They met on December 31, 1963." (the parser may read "1963" as an apposition)
    doc = parse("""
        They they PRON PRP nsubj 1
        met meet VERB VBD ROOT 1
        on on ADP IN prep 1
        December December PROPN NNP pobj 2 B-DATE
        31 31 NUM CD nummod 3 I-DATE
        , , PUNCT , punct 3 I-DATE
        1963 1963 NUM CD appos 3 I-DATE
        . . PUNCT . punct 1
    """)
    assert tuples(doc) == [("They", "met on", ("December 31 , 1963",))]


def test_adverb_after_a_copula_belongs_to_the_relation():
    # "The successes are mostly small cars."
    doc = parse("""
        The the DET DT det 1
        successes success NOUN NNS nsubj 2
        are be AUX VBP ROOT 2
        mostly mostly ADV RB advmod 2
        small small ADJ JJ amod 5
        cars car NOUN NNS attr 2
        . . PUNCT . punct 2
    """)
    assert tuples(doc) == [("The successes", "are mostly", ("small cars",))]


def test_name_broken_by_the_parser_is_kept_whole():
    # "Kerry met Bashar al-Assad." with the name split over two heads
    doc = parse("""
        Kerry Kerry PROPN NNP nsubj 1 B-PERSON
        met meet VERB VBD ROOT 1
        Bashar Bashar PROPN NNP compound 3 B-PERSON
        al al PROPN NNP dobj 1 I-PERSON
        - - PUNCT HYPH punct 5 I-PERSON
        Assad Assad PROPN NNP npadvmod 1 I-PERSON
    """)
    assert tuples(doc) == [("Kerry", "met", ("Bashar al - Assad",))]


def test_relative_clause_set_off_by_a_comma_is_its_own_tuple_not_part_of_the_object():
    # "The player confronts a boss, who is larger than other enemies."
    doc = parse("""
        The the DET DT det 1
        player player NOUN NN nsubj 2
        confronts confront VERB VBZ ROOT 2
        a a DET DT det 4
        boss boss NOUN NN dobj 2
        , , PUNCT , punct 4
        who who PRON WP nsubj 7
        is be AUX VBZ relcl 4
        larger large ADJ JJR acomp 7
        than than ADP IN prep 8
        other other ADJ JJ amod 11
        enemies enemy NOUN NNS pobj 9
        . . PUNCT . punct 2
    """)
    assert tuples(doc) == [("The player", "confronts", ("a boss",)),
                           ("a boss", "is", ("larger than other enemies",))]


def test_restrictive_relative_clause_stays_in_the_object():
    # "She read the book that he wrote." -- no comma: the clause says which book
    doc = parse("""
        She she PRON PRP nsubj 1
        read read VERB VBD ROOT 1
        the the DET DT det 3
        book book NOUN NN dobj 1
        that that PRON WDT dobj 6
        he he PRON PRP nsubj 6
        wrote write VERB VBD relcl 3
        . . PUNCT . punct 1
    """)
    assert ("She", "read", ("the book that he wrote",)) in tuples(doc)


def test_verb_conjoined_inside_a_relative_clause_gets_the_head_noun():
    # "The campaign, which started last week and runs through November, raised money."
    doc = parse("""
        The the DET DT det 1
        campaign campaign NOUN NN nsubj 12
        , , PUNCT , punct 1
        which which PRON WDT nsubj 4
        started start VERB VBD relcl 1
        last last ADJ JJ amod 6 B-DATE
        week week NOUN NN npadvmod 4 I-DATE
        and and CCONJ CC cc 4
        runs run VERB VBZ conj 4
        through through ADP IN prep 8
        November November PROPN NNP pobj 9 B-DATE
        , , PUNCT , punct 1
        raised raise VERB VBD ROOT 12
        money money NOUN NN dobj 12
        . . PUNCT . punct 12
    """)
    got = tuples(doc)
    assert ("The campaign", "runs through", ("November",)) in got
    assert ("The campaign", "raised", ("money",)) in got
    assert not any(arg1 == "which" for arg1, _r, _a in got)


def test_clause_before_the_verb_is_no_complement():
    # "The base is at the hall; a new base is being built." (the parser makes the first clause a ccomp)
    doc = parse("""
        The the DET DT det 1
        base base NOUN NN nsubj 2
        is be AUX VBZ ccomp 12
        at at ADP IN prep 2
        the the DET DT det 5
        hall hall NOUN NN pobj 3
        ; ; PUNCT : punct 12
        a a DET DT det 9
        new new ADJ JJ amod 9
        base base NOUN NN nsubjpass 12
        is be AUX VBZ aux 12
        being be AUX VBG auxpass 12
        built build VERB VBN ROOT 12
        . . PUNCT . punct 12
    """)
    got = tuples(doc)
    assert ("The base", "is at", ("the hall",)) in got
    assert ("a new base", "is being built", ()) in got


def test_emphatic_pronoun_is_no_apposition():
    # "Dr. Jagan himself was involved in the strike."
    doc = parse("""
        Dr. Dr. PROPN NNP compound 1
        Jagan Jagan PROPN NNP nsubjpass 4 B-PERSON
        himself himself PRON PRP appos 1
        was be AUX VBD auxpass 4
        involved involve VERB VBN ROOT 4
        in in ADP IN prep 4
        the the DET DT det 7
        strike strike NOUN NN pobj 5
        . . PUNCT . punct 4
    """)
    assert [rel for _a, rel, _b in tuples(doc)] == ["was involved in"]


def test_named_place_inside_a_name_phrase_is_located_in():
    # "The orchestra performs at Henry Wood Hall in Glasgow."
    doc = parse("""
        The the DET DT det 1
        orchestra orchestra NOUN NN nsubj 2
        performs perform VERB VBZ ROOT 2
        at at ADP IN prep 2
        Henry Henry PROPN NNP compound 6 B-FAC
        Wood Wood PROPN NNP compound 6 I-FAC
        Hall Hall PROPN NNP pobj 3 I-FAC
        in in ADP IN prep 6
        Glasgow Glasgow PROPN NNP pobj 7 B-GPE
        . . PUNCT . punct 2
    """)
    got = tuples(doc)
    assert ("Henry Wood Hall", "is in", ("Glasgow",)) in got
    assert ("The orchestra", "performs at", ("Henry Wood Hall in Glasgow",)) in got


def test_common_noun_with_a_place_is_left_to_the_verb():
    # "She observed the practice in Istanbul." -- "in Istanbul" may well belong to "observed"
    doc = parse("""
        She she PRON PRP nsubj 1
        observed observe VERB VBD ROOT 1
        the the DET DT det 3
        practice practice NOUN NN dobj 1
        in in ADP IN prep 3
        Istanbul Istanbul PROPN NNP pobj 4 B-GPE
    """)
    assert tuples(doc) == [("She", "observed", ("the practice in Istanbul",))]


def test_quotation_marks_the_parser_attached_elsewhere_close_the_argument():
    # "`` Kormoran '' was a raider ." (the tokenizer splits `` in two)
    doc = parse("""
        ` ` PUNCT `` punct 2
        ` ` PUNCT `` punct 2
        Kormoran Kormoran PROPN NNP nsubj 4
        '' '' PUNCT '' punct 2
        was be AUX VBD ROOT 4
        a a DET DT det 6
        raider raider NOUN NN attr 4
        . . PUNCT . punct 4
    """)
    assert tuples(doc) == [("` ` Kormoran ''", "was", ("a raider",))]
    # quotes go with the title they enclose, not with the noun before it
    film = parse("""
        the the DET DT det 1
        film film NOUN NN nsubj 8
        ` ` PUNCT `` punct 1 B-WORK_OF_ART
        ` ` PUNCT `` punct 1 I-WORK_OF_ART
        A a DET DT det 6 I-WORK_OF_ART
        New New PROPN NNP compound 6 I-WORK_OF_ART
        Oath Oath PROPN NNP appos 1 I-WORK_OF_ART
        '' '' PUNCT '' punct 6 I-WORK_OF_ART
        opened open VERB VBD ROOT 8
    """)
    assert ("the film", "is", ("` ` A New Oath ''",)) in tuples(film)


def test_passive_agent_joins_the_relation_before_other_prepositions():
    # "The school was founded in 1851 by a group of Germans ."
    doc = parse("""
        The the DET DT det 1
        school school NOUN NN nsubjpass 3
        was be AUX VBD auxpass 3
        founded found VERB VBN ROOT 3
        in in ADP IN prep 3
        1851 1851 NUM CD pobj 4 B-DATE
        by by ADP IN agent 3
        a a DET DT det 8
        group group NOUN NN pobj 6
        of of ADP IN prep 8
        Germans Germans PROPN NNPS pobj 9 B-NORP
        . . PUNCT . punct 3
    """)
    assert tuples(doc) == [("The school", "was founded by", ("a group of Germans", "in 1851"))]


def test_conjoined_places_beside_the_object_stay_one_argument():
    # "Lavrov met Kerry in Geneva and Vienna ."
    doc = parse("""
        Lavrov Lavrov PROPN NNP nsubj 1
        met meet VERB VBD ROOT 1
        Kerry Kerry PROPN NNP dobj 1 B-PERSON
        in in ADP IN prep 1
        Geneva Geneva PROPN NNP pobj 3 B-GPE
        and and CCONJ CC cc 4
        Vienna Vienna PROPN NNP conj 4 B-GPE
        . . PUNCT . punct 1
    """)
    assert tuples(doc) == [("Lavrov", "met", ("Kerry", "in Geneva and Vienna"))]
    # the clause itself still has one argument per place, for the graph view
    [clause] = find_clauses(doc[:])
    assert [a.head.text for a in clause.arguments if a.role == "prep"] == ["Geneva", "Vienna"]


def test_adverb_phrase_with_a_complement_is_an_argument():
    # "The two routes diverge northeast of Tarboro ."
    doc = parse("""
        The the DET DT det 2
        two two NUM CD nummod 2 B-CARDINAL
        routes route NOUN NNS nsubj 3
        diverge diverge VERB VBP ROOT 3
        northeast northeast ADV RB advmod 3
        of of ADP IN prep 4
        Tarboro Tarboro PROPN NNP pobj 5 B-ORG
        . . PUNCT . punct 3
    """)
    assert tuples(doc) == [("The two routes", "diverge", ("northeast of Tarboro",))]


def test_common_noun_before_a_name_describes_the_person_but_an_honorific_does_not():
    # "He recorded albums with producer Leo Graham ." / "Mr. Boyd said it ."
    producer = parse("""
        He he PRON PRP nsubj 1
        recorded record VERB VBD ROOT 1
        albums album NOUN NNS dobj 1
        with with ADP IN prep 2
        producer producer NOUN NN compound 6
        Leo Leo PROPN NNP compound 6 B-PERSON
        Graham Graham PROPN NNP pobj 3 I-PERSON
        . . PUNCT . punct 1
    """)
    mister = parse("""
        Mr. Mr. PROPN NNP compound 1
        Boyd Boyd PROPN NNP nsubj 2 B-PERSON
        said say VERB VBD ROOT 2
        it it PRON PRP dobj 2
        . . PUNCT . punct 2
    """)
    assert ("Leo Graham", "is", ("producer",)) in tuples(producer)
    assert tuples(mister) == [("Mr. Boyd", "said", ("it",))]


def test_perfect_participle_is_active_and_takes_the_main_subject():
    # "The army moved on Wednesday, having first placed Mugabe under house arrest."
    doc = parse("""
        The the DET DT det 1
        army army NOUN NN nsubj 2
        moved move VERB VBD ROOT 2
        on on ADP IN prep 2
        Wednesday Wednesday PROPN NNP pobj 3 B-DATE
        , , PUNCT , punct 2
        having having AUX VBG aux 8
        first first ADV RB advmod 8 B-ORDINAL
        placed place VERB VBN advcl 2
        Mugabe Mugabe PROPN NNP dobj 8 B-PERSON
        under under ADP IN prep 8
        house house NOUN NN compound 12
        arrest arrest NOUN NN pobj 10
        . . PUNCT . punct 2
    """)
    [_moved, placed] = find_clauses(doc[:])
    assert not placed.passive and placed.subject.head.text == "army"
    assert ("The army", "having first placed", ("Mugabe", "under house arrest")) in tuples(doc)
