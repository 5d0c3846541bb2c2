"""The KnowledgeGraph API that notebook users touch."""
import json

import pytest

from kgbuilder.graph.knowledge_graph import KnowledgeGraph, atomic_path, write_atomic
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
