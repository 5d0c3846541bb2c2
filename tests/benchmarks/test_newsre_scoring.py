"""benchmarks.newsre_scoring: the README's rules on hand-made gold and graphs."""
from kgbuilder.graph.schema import load_schema

from benchmarks.newsre_scoring import (
    GoldDocument,
    GoldEntity,
    GoldFact,
    document_views,
    normalise,
    relation_table,
    score_document,
    score_resolution,
)

SCHEMA = load_schema()


def gold(facts, entities):
    return GoldDocument("d1", {e.id: e for e in entities}, tuple(GoldFact(*f, "") for f in facts))


def entity(id_, type_, *aliases):
    return GoldEntity(id_, type_, frozenset(normalise(a) for a in aliases))


def node(id_, label, type_="PERSON", aliases=(), doc="d1", kind="entity"):
    return {"id": id_, "label": label, "type": type_, "kind": kind, "aliases": list(aliases),
            "mention_spans": [[doc, 0, 1]]}


def link(s, o, relation, schema, doc="d1", **extra):
    return {"source": s, "target": o, "key": relation, "relation": relation, "schema": schema,
            "evidence": [{"doc_id": doc, "sentence": "A sentence."}], **extra}


ALICE = entity("alice", "PERSON", "Alice Smith", "Smith")
BOB = entity("bob", "PERSON", "Bob Jones")
ACME = entity("acme", "ORG", "the Acme Corporation", "Acme")


def score(g, graph):
    view = document_views(graph)["d1"]
    return score_document(g, view, SCHEMA.is_symmetric, SCHEMA.generalises)


def test_normalise_drops_leading_the_and_final_punctuation():
    assert normalise("The  United States.") == "united states"
    assert normalise("U.S.") == "u.s"  # final punctuation only
    assert normalise("the Acme Corporation") == normalise("Acme Corporation")


def test_a_specific_relation_counts_through_its_schema_and_the_hierarchy_goes_one_way():
    g = gold([("alice", "works_for", "acme"), ("bob", "leader_of", "acme")], [ALICE, BOB, ACME])
    graph = {"nodes": [node("a", "Alice Smith"), node("b", "Bob Jones"), node("c", "Acme", "ORG")],
             "links": [link("a", "c", "president_of", "leader_of"),  # leader_of satisfies works_for
                       link("b", "c", "official_of", "works_for")]}  # works_for does not satisfy leader_of
    s = score(g, graph)
    assert [(p.head, f.relation) for p, f in s.matched] == [("a", "works_for")]
    assert [(p.head, p.relation) for p in s.false_positives] == [("b", "works_for")]
    assert [f.head for f in s.misses] == ["bob"]


def test_symmetric_relations_match_in_either_order_and_count_once():
    g = gold([("alice", "met_with", "bob")], [ALICE, BOB])
    graph = {"nodes": [node("a", "Smith"), node("b", "Bob Jones")],
             "links": [link("b", "a", "spoke_with", "met_with"), link("a", "b", "met_with", "met_with")]}
    s = score(g, graph)
    assert len(s.matched) == 1 and not s.false_positives and not s.misses


def test_unscored_edges_are_not_predictions():
    g = gold([("alice", "works_for", "acme")], [ALICE, ACME])
    graph = {"nodes": [node("a", "Alice Smith"), node("c", "Acme", "ORG"), node("p", "employer", "", kind="phrase")],
             "links": [link("a", "c", "works_for", "works_for", negated=True),
                       link("a", "c", "works_for", "works_for", modality="will"),
                       link("a", "c", "praise", ""),
                       link("a", "p", "works_for", "works_for"),
                       link("a", "c", "works_for", "works_for", doc="d2")]}
    s = score(g, graph)
    assert not s.matched and not s.false_positives and len(s.misses) == 1


def test_micro_and_per_relation_counts():
    g = gold([("alice", "works_for", "acme"), ("alice", "met_with", "bob")], [ALICE, BOB, ACME])
    graph = {"nodes": [node("a", "Alice Smith"), node("b", "Bob Jones"), node("c", "Acme", "ORG")],
             "links": [link("a", "c", "works_for", "works_for"), link("c", "b", "works_for", "works_for")]}
    table = relation_table([score(g, graph)], [g])
    assert (table["micro"].predicted, table["micro"].correct, table["micro"].gold) == (2, 1, 2)
    assert table["works_for"].precision == 0.5 and table["works_for"].recall == 1.0
    assert table["met_with"].recall == 0.0


def test_resolution_whole_split_mixed_and_mistyped():
    carol = entity("carol", "PERSON", "Carol White", "White")
    g = gold([], [ALICE, BOB, ACME, carol])
    graph = {"nodes": [node("w", "Carol White", aliases=["White"]),  # whole
                       node("c1", "Acme Corporation", "ORG"), node("c2", "Acme", "GPE"),  # split, one mistyped
                       node("a", "Alice Smith"), node("m", "Bob Jones", aliases=["Smith"])],  # mixed: Smith is Alice
             "links": []}
    res = score_resolution([g], document_views(graph))
    assert res.multi_form == 3 and res.whole == 1  # Carol; Acme and Alice are split
    assert res.split == [("d1", "alice", ["Alice Smith", "Bob Jones"]), ("d1", "acme", ["Acme Corporation", "Acme"])]
    assert res.mixed == [("d1", "Bob Jones", ["alice", "bob"])]
    assert [row[1] for row in res.mistyped] == ["acme"]
    assert res.found == 4
