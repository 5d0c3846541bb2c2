"""Entity resolution across mentions and documents, and the graph it builds."""
from kgbuilder.graph.builder import GraphBuilder, build_graph
from kgbuilder.graph.model import ENTITY, DocumentResult, Mention, Provenance, Triple


def person(text, start, label="PERSON"):
    return Mention(text, label, start, start + len(text), ENTITY)


def fact(s, rel, o, doc="d", sent=0):
    return Triple(s, rel, o, 0.8, Provenance(doc, sent, "sentence", s.start_char, o.end_char))


def labels(kg):
    return sorted(d["label"] for _, d in kg.graph.nodes(data=True))


def test_surname_joins_full_name_in_the_same_document():
    kg = build_graph([DocumentResult("d", mentions=[person("John Kerry", 0), person("Kerry", 50)])])
    assert labels(kg) == ["John Kerry"]
    node = kg.graph.nodes[kg.find("Kerry")]
    assert node["mentions"] == 2 and set(node["aliases"]) == {"John Kerry", "Kerry"}


def test_a_fact_between_two_names_of_one_entity_is_dropped():
    # "Kerry's son, John Kerry": both names resolve to one node, and a relation to itself says nothing
    kerry, john = person("Kerry", 0), person("John Kerry", 14)
    triples = [fact(john, "family_of", kerry), fact(john, "met_with", person("Ann Lee", 40))]
    kg = build_graph([DocumentResult("d", triples=triples, mentions=[kerry, john])])
    g = kg.graph
    assert [(g.nodes[s]["label"], d["relation"], g.nodes[o]["label"]) for s, o, d in g.edges(data=True)] == \
        [("John Kerry", "met_with", "Ann Lee")]


def test_same_surname_different_people_do_not_merge():
    docs = [DocumentResult("a", mentions=[person("John Smith", 0), person("Smith", 30)]),
            DocumentResult("b", mentions=[person("Jane Smith", 0), person("Smith", 30)]),
            DocumentResult("c", mentions=[person("Smith", 0)])]
    kg = build_graph(docs)
    assert labels(kg) == ["Jane Smith", "John Smith", "Smith"]
    assert kg.graph.nodes[kg.find("John Smith")]["mentions"] == 2
    assert kg.graph.nodes[kg.find("Jane Smith")]["mentions"] == 2


def test_nearest_full_name_wins_within_a_document():
    doc = DocumentResult("a", mentions=[person("John Smith", 0), person("Jane Smith", 100), person("Smith", 150)])
    kg = build_graph([doc])
    assert kg.graph.nodes[kg.find("Jane Smith")]["mentions"] == 2


def test_unique_surname_joins_across_documents():
    kg = build_graph([DocumentResult("a", mentions=[person("John Kerry", 0)]),
                      DocumentResult("b", mentions=[person("Kerry", 0)])])
    assert labels(kg) == ["John Kerry"]


def test_aliases_of_a_country_join():
    gpe = lambda text, at: Mention(text, "GPE", at, at + len(text), ENTITY)  # noqa: E731
    kg = build_graph([DocumentResult("a", mentions=[gpe("U.S.", 0), gpe("the United States", 10), gpe("US", 40)])])
    assert labels(kg) == ["United States"]


def test_demonym_points_to_the_country_not_a_new_node():
    russian = Mention("Russian", "NORP", 0, 7, ENTITY)
    russia = Mention("Russia", "GPE", 20, 26, ENTITY)
    kg = build_graph([DocumentResult("a", mentions=[russian, russia])])
    assert labels(kg) == ["Russia"]


def test_a_person_and_a_place_with_one_name_stay_apart_with_stable_ids():
    # Michael Jordan visits Jordan: the surname and the country keep their own labels
    docs = [DocumentResult("a", mentions=[person("Michael Jordan", 0), Mention("Jordan", "GPE", 30, 36, ENTITY),
                                          person("Jordan", 50)])]
    first = sorted(build_graph(docs).graph.nodes)
    second = sorted(build_graph(docs).graph.nodes)
    assert first == second == ["person/Michael_Jordan", "place/Jordan"]


def test_same_fact_in_two_sentences_is_one_edge_with_two_evidence_records():
    k, l2 = person("Kerry", 0), person("Lavrov", 20)
    doc = DocumentResult("a", triples=[fact(k, "spoke_with", l2, sent=0), fact(k, "spoke_with", l2, sent=3)])
    kg = build_graph([doc])
    [(s, o, data)] = list(kg.graph.edges(data=True))
    assert data["relation"] == "spoke_with" and len(data["evidence"]) == 2
    assert data["confidence"] > 0.8  # two independent pieces of evidence


def test_negated_fact_is_a_separate_edge():
    r, s = Mention("Russia", "GPE", 0, 6, ENTITY), Mention("Syria", "GPE", 20, 25, ENTITY)
    neg = Triple(r, "attacked", s, 0.7, Provenance("a", 0, "x", 0, 25), negated=True)
    kg = build_graph([DocumentResult("a", triples=[neg, fact(r, "attacked", s, sent=1)])])
    flags = sorted(d["negated"] for _, _, d in kg.graph.edges(data=True))
    assert flags == [False, True]


def test_resolved_pronoun_joins_its_antecedent_without_becoming_an_alias():
    he = Mention("He", "PERSON", 40, 42, ENTITY, resolved="Mark Toner")
    statement = Mention("it is bad", "STATEMENT", 48, 57, "literal")
    kg = build_graph([DocumentResult("a", mentions=[person("Mark Toner", 0)],
                                     triples=[fact(he, "said", statement)])])
    toner = kg.graph.nodes[kg.find("Mark Toner")]
    assert "He" not in toner["aliases"]
    assert [d["relation"] for _, _, d in kg.graph.out_edges(kg.find("Mark Toner"), data=True)] == ["said"]


def test_builder_is_incremental_and_counts_documents():
    builder = GraphBuilder()
    builder.add(DocumentResult("a", mentions=[person("John Kerry", 0)], sentences=2, words=10))
    builder.add(DocumentResult("b", mentions=[person("Kerry", 0)], sentences=1, words=5))
    assert (builder.documents, builder.sentences, builder.words) == (2, 3, 15)
    assert labels(builder.graph) == ["John Kerry"]


def test_long_statements_sharing_a_prefix_stay_apart():
    toner = person("Mark Toner", 0)
    start = "We have at times in the past six months to a year seen Russia play a more positive role "
    one = Mention(start + "on the political side.", "STATEMENT", 20, 120, "literal")
    two = Mention(start + "on the kinetic side.", "STATEMENT", 200, 300, "literal")
    kg = build_graph([DocumentResult("a", triples=[fact(toner, "said", one), fact(toner, "said", two, sent=2)])])
    assert len(kg.graph.out_edges(kg.find("Mark Toner"))) == 2


def test_a_bare_surname_means_the_person_named_most_often():
    # "Joe Biden ... Joe Biden and his son, Hunter Biden ... Biden is a front runner"
    doc = DocumentResult("a", mentions=[person("Joe Biden", 0), person("Joe Biden", 40),
                                        person("Hunter Biden", 70), person("Biden", 120)])
    kg = build_graph([doc])
    assert kg.graph.nodes[kg.find("Joe Biden")]["mentions"] == 3
    assert kg.graph.nodes[kg.find("Hunter Biden")]["mentions"] == 1


def test_spellings_with_and_without_diacritics_are_one_person():
    docs = [DocumentResult("a", mentions=[person("Recep Tayyip Erdoğan", 0), person("Erdogan", 40)]),
            DocumentResult("b", mentions=[person("Recep Tayyip Erdogan", 0)])]
    kg = build_graph(docs)
    assert labels(kg) == ["Recep Tayyip Erdoğan"]
    assert kg.graph.nodes[kg.find("Erdogan")]["mentions"] == 3


def test_a_surname_tagged_org_is_the_person_named_in_full_in_the_document():
    org = Mention("Trump", "ORG", 50, 55, ENTITY)
    kg = build_graph([DocumentResult("a", mentions=[person("Donald Trump", 0), org,
                                                    Mention("Pentagon", "ORG", 70, 78, ENTITY)]),
                      DocumentResult("b", mentions=[Mention("Trump", "ORG", 0, 5, ENTITY)])])
    # in document a "Trump" is the person; in b, with no full name to go by, the label stands
    assert sorted((d["label"], d["type"]) for _, d in kg.graph.nodes(data=True)) == [
        ("Donald Trump", "PERSON"), ("Pentagon", "ORG"), ("Trump", "ORG")]
    assert kg.graph.nodes[kg.find("Donald Trump")]["mentions"] == 2


def test_an_acronym_tagged_org_stays_an_organisation():
    # "Pro-Beijing DAB" mis-tagged PERSON must not pull the party "DAB" into a person
    kg = build_graph([DocumentResult("a", mentions=[person("Pro-Beijing DAB", 0),
                                                    Mention("DAB", "ORG", 40, 43, ENTITY)])])
    assert kg.graph.nodes[kg.find("DAB")]["type"] == "ORG"


def test_phrases_and_values_stay_in_their_document_while_names_join_documents():
    from kgbuilder.graph.model import LITERAL, PHRASE

    def doc(doc_id):
        putin = person("Vladimir Putin", 0)
        statement = Mention("statement", "", 30, 39, PHRASE)
        monday = Mention("Monday", "DATE", 45, 51, LITERAL)
        return DocumentResult(doc_id, [fact(putin, "issue", statement, doc_id), fact(putin, "on", monday, doc_id)],
                              [putin])

    kg = build_graph([doc("a"), doc("b")])
    by_label: dict[str, list[str]] = {}
    for node_id, data in kg.graph.nodes(data=True):
        by_label.setdefault(data["label"], []).append(node_id)
    assert len(by_label["Vladimir Putin"]) == 1
    assert len(by_label["statement"]) == 2 and len(by_label["Monday"]) == 2
    for node_id in by_label["statement"] + by_label["Monday"]:
        docs = {ev["doc_id"] for _s, _o, d in kg.graph.in_edges(node_id, data=True) for ev in d["evidence"]}
        assert len(docs) == 1
