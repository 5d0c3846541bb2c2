"""The KnowledgeGraph API that notebook users touch."""
import json

import pytest

from kgbuilder.graph.io import atomic_path, write_atomic
from kgbuilder.graph.knowledge_graph import KnowledgeGraph, edge_key, layer_of_edge, layer_of_node
from kgbuilder.graph.model import Provenance


@pytest.fixture
def kg():
    kg = KnowledgeGraph()
    kg.add_entity("John_Kerry", "John Kerry", "PERSON", alias="Kerry", span=("d", 0, 10))
    kg.add_entity("Sergei_Lavrov", "Sergei Lavrov", "PERSON", span=("d", 20, 33))
    kg.add_entity("Russia", "Russia", "GPE")
    kg.add_entity("Syria", "Syria", "GPE")
    kg.add_fact("John_Kerry", "spoke_with", "Sergei_Lavrov", 0.8, Provenance("d", 0, "s0", 0, 33))
    kg.add_fact("Sergei_Lavrov", "foreign_minister_of", "Russia", 0.9, Provenance("d", 1, "s1", 0, 9))
    kg.add_fact("Russia", "attacked", "Syria", 0.6, Provenance("d", 2, "s2", 0, 9))
    return kg


def test_find_by_alias_case_insensitive(kg):
    assert kg.find("kerry") == "John_Kerry"
    assert kg.find("nobody") is None


def test_neighbors_and_error_for_unknown_name(kg):
    assert kg.neighbors("Sergei Lavrov") == ["John Kerry", "Russia"]
    assert kg.neighbors("Lavrov") == ["John Kerry", "Russia"]  # a unique surname finds the person
    with pytest.raises(KeyError, match="no entity called"):
        kg.neighbors("Nobody")


def test_subgraph_by_hops_and_top(kg):
    one = kg.subgraph(around="John Kerry", hops=1)
    assert sorted(one.graph.nodes) == ["John_Kerry", "Sergei_Lavrov"]
    two = kg.subgraph(around="John Kerry", hops=2)
    assert "Russia" in two.graph and "Syria" not in two.graph
    assert two.graph.graph["cut_from"] == {"nodes": 4, "edges": 3}
    assert len(kg.subgraph(top=2)) == 2


def test_tables(kg):
    entities = kg.entities()
    assert list(entities.columns[:3]) == ["id", "label", "type"]
    assert entities.iloc[0]["label"] in ("John Kerry", "Sergei Lavrov")
    triples = kg.triples()
    assert len(triples) == 3 and triples.iloc[0]["relation"] == "foreign_minister_of"


def test_merge_unions_evidence(kg):
    other = KnowledgeGraph()
    other.add_entity("John_Kerry", "John Kerry", "PERSON", span=("e", 0, 5))
    other.add_entity("Sergei_Lavrov", "Sergei Lavrov", "PERSON")
    other.add_fact("John_Kerry", "spoke_with", "Sergei_Lavrov", 0.7, Provenance("e", 4, "t", 0, 5))
    kg.merge(other)
    edge = kg.graph.edges["John_Kerry", "Sergei_Lavrov", "spoke_with"]
    assert [e["doc_id"] for e in edge["evidence"]] == ["d", "e"]
    assert kg.graph.nodes["John_Kerry"]["mentions"] == 2


def test_json_round_trip(kg, tmp_path):
    path = write_atomic(tmp_path / "graph.json", json.dumps(kg.to_node_link()))
    back = KnowledgeGraph.read_json(path)
    assert sorted(back.graph.edges(keys=True)) == sorted(kg.graph.edges(keys=True))
    assert back.graph.nodes["John_Kerry"]["aliases"] == ["John Kerry", "Kerry"]


def test_read_json_errors_name_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.json"):
        KnowledgeGraph.read_json(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    with pytest.raises(ValueError, match="bad.json"):
        KnowledgeGraph.read_json(bad)


def test_atomic_path_leaves_nothing_on_error(tmp_path):
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("crash")
    assert list(tmp_path.iterdir()) == []


def test_repr_html_summarises(kg):
    html = kg._repr_html_()
    assert "4 entities" in html and "3 relations" in html


def test_atomic_files_get_normal_permissions(tmp_path):
    import os

    path = write_atomic(tmp_path / "graph.json", "{}")
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.fixture
def layered(kg):
    """kg plus a claims layer: a phrase and a value node, a hypothetical fact and a denied one."""
    kg.add_entity("concept/d/concerns", "concerns", "", kind="phrase")
    kg.add_entity("literal/d/Sunday", "Sunday", "DATE", kind="literal")
    kg.add_fact("John_Kerry", "discuss", "concept/d/concerns", 0.7, Provenance("d", 3, "s3", 0, 9))
    kg.add_fact("concept/d/concerns", "on", "literal/d/Sunday", 0.5, Provenance("d", 3, "s3", 0, 9))
    kg.add_fact("John_Kerry", "meet", "Russia", 0.6, Provenance("d", 4, "s4", 0, 9), modality="will")
    kg.add_fact("John_Kerry", "meet", "Russia", 0.6, Provenance("d", 5, "s5", 0, 9), negated=True)
    return kg


def test_layers_follow_the_kind_of_the_nodes(layered):
    assert layer_of_node({"kind": "entity"}) == layer_of_node({}) == "entity"
    assert layer_of_node({"kind": "phrase"}) == layer_of_node({"kind": "literal"}) == "claims"
    assert layer_of_edge({"kind": "entity"}, {"kind": "literal"}) == "claims"
    assert layered.node_layer("concept/d/concerns") == "claims"
    assert layered.edge_layer("John_Kerry", "Russia") == "entity"
    assert sorted(n for n, _d in layered.nodes("claims")) == ["concept/d/concerns", "literal/d/Sunday"]
    assert sorted((s, k) for s, _o, k, _d in layered.edges("claims")) == [
        ("John_Kerry", "discuss"), ("concept/d/concerns", "on")]
    assert len(list(layered.edges("entity"))) == 5 and len(list(layered.edges())) == 7
    with pytest.raises(ValueError, match="entity, claims"):
        list(layered.nodes("phrases"))


def test_layer_gives_either_layer_as_a_graph(layered):
    entity = layered.layer("entity")
    assert sorted(entity.graph.nodes) == ["John_Kerry", "Russia", "Sergei_Lavrov", "Syria"]
    assert sorted(k for _s, _o, k in entity.graph.edges(keys=True)) == [
        "attacked", "foreign_minister_of", "not:meet", "spoke_with", "will:meet"]
    assert entity.metadata["layer"] == "entity"
    claims = layered.layer("claims")
    # the claims and the entity each claim is about
    assert sorted(claims.graph.nodes) == ["John_Kerry", "concept/d/concerns", "literal/d/Sunday"]
    assert claims.graph.number_of_edges() == 2
    # a copy: changing it leaves the graph alone
    entity.node("Russia")["label"] = "changed"
    assert layered.node("Russia")["label"] == "Russia"
    with pytest.raises(ValueError, match="choose one of entity, claims"):
        layered.layer("phrase")


def test_accessors_read_nodes_edges_and_metadata(layered):
    assert layered.node("John_Kerry")["label"] == "John Kerry"
    with pytest.raises(KeyError, match="no node with id 'Nobody'"):
        layered.node("Nobody")
    assert layered.edge("John_Kerry", "Russia", edge_key("meet", modality="will"))["modality"] == "will"
    with pytest.raises(KeyError, match="no edge"):
        layered.edge("Russia", "John_Kerry", "meet")
    assert layered.degree("John_Kerry") == 4
    assert layered.name == "kgbuilder graph"
    layered.metadata["documents"] = 3
    assert layered.to_node_link()["graph"]["documents"] == 3
    assert layered.stats()["layers"] == {"entity": {"nodes": 4, "edges": 5}, "claims": {"nodes": 2, "edges": 2}}


def test_node_link_data_says_the_layer_and_reads_back_without_it(layered):
    data = layered.to_node_link()
    assert {n["id"]: n["layer"] for n in data["nodes"]}["literal/d/Sunday"] == "claims"
    assert {(e["source"], e["key"]): e["layer"] for e in data["links"]}[("John_Kerry", "discuss")] == "claims"
    assert {(e["source"], e["key"]): e["layer"] for e in data["links"]}[("John_Kerry", "will:meet")] == "entity"
    back = KnowledgeGraph.from_node_link(data)
    assert dict(back.graph.nodes(data=True)) == dict(layered.graph.nodes(data=True))
    assert "layer" not in back.edge("John_Kerry", "Russia", "not:meet")


def test_triples_table_says_schema_modality_and_layer(layered):
    layered.add_fact("Sergei_Lavrov", "minister_of", "Russia", 0.9, Provenance("d", 9, "s9", 0, 9),
                     schema="works_for")
    table = layered.triples()
    meet = table[table["relation"] == "meet"].set_index("modality")
    assert meet.loc["will", "negated"] == False and meet.loc["", "negated"] == True  # noqa: E712
    assert set(table.loc[table["layer"] == "claims", "relation"]) == {"discuss", "on"}
    assert table.loc[table["relation"] == "minister_of", "schema"].tolist() == ["works_for"]
