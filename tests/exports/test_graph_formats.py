"""GraphML and GEXF: both layers, each node and edge saying its layer; back to the same KnowledgeGraph."""
from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings

from kgbuilder.exports import registry
from kgbuilder.exports.graph_formats import (read_gexf, read_graphml, to_flat_graph, write_gexf, write_graphml,
                                             xml_id)
from kgbuilder.exports.palette import TYPE_COLORS
from kgbuilder.graph.knowledge_graph import edge_key

from .conftest import SEED
from .hostile import graphs

FORMATS = [(write_graphml, read_graphml, "graphml"), (write_gexf, read_gexf, "gexf")]


def same_graph(a, b) -> None:
    """Node and edge attributes equal, keys included (the derived layer aside)."""
    assert dict(a.graph.nodes(data=True)) == dict(b.graph.nodes(data=True))
    assert sorted(a.graph.edges(keys=True, data=True), key=repr) == sorted(b.graph.edges(keys=True, data=True), key=repr)


@pytest.mark.parametrize("write, read, suffix", FORMATS)
def test_round_trip_gives_back_the_graph(layered_kg, tmp_path, write, read, suffix):
    path = write(layered_kg, tmp_path / f"graph.{suffix}")
    back = read(path)
    same_graph(back, layered_kg)
    assert back.edge("John_Kerry", "Sergei_Lavrov", "will:meet")["modality"] == "will"
    assert back.edge("Sergei_Lavrov", "Russia", "foreign_minister_of")["schema"] == "works_for"
    assert back.node(f"concept/{SEED}/concerns")["kind"] == "phrase"


@pytest.mark.parametrize("write, read, suffix", FORMATS)
def test_attributes_the_formats_do_not_know_travel_as_json(layered_kg, tmp_path, write, read, suffix):
    layered_kg.node("John_Kerry")["merged"] = [{"alias": "Kerry", "reason": "surname"}]
    layered_kg.edge("John_Kerry", "Sergei_Lavrov", "spoke_with")["checked"] = True
    back = read(write(layered_kg, tmp_path / f"graph.{suffix}"))
    assert back.node("John_Kerry")["merged"] == [{"alias": "Kerry", "reason": "surname"}]
    assert back.edge("John_Kerry", "Sergei_Lavrov", "spoke_with")["checked"] is True
    same_graph(back, layered_kg)


@pytest.mark.parametrize("write, read, suffix", FORMATS)
def test_every_node_and_edge_says_its_layer_and_one_layer_can_be_written(layered_kg, tmp_path, write, read, suffix):
    flat = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}[suffix](write(layered_kg, tmp_path / f"all.{suffix}"))
    layers = {n: d["layer"] for n, d in flat.nodes(data=True)}
    assert layers["John_Kerry"] == "entity" and layers[f"literal/{SEED}/Tuesday"] == "claims"
    assert {d["relation"] for _s, _o, d in flat.edges(data=True) if d["layer"] == "claims"} == {"discuss", "say_on"}
    entity = read(write(layered_kg, tmp_path / f"entity.{suffix}", layer="entity"))
    same_graph(entity, layered_kg.layer("entity"))
    assert f"concept/{SEED}/concerns" not in entity.graph


def test_gexf_nodes_carry_the_viewer_colours(layered_kg, tmp_path):
    flat = nx.read_gexf(write_gexf(layered_kg, tmp_path / "graph.gexf"))
    color = flat.nodes["John_Kerry"]["viz"]["color"]
    assert "#%02X%02X%02X" % (color["r"], color["g"], color["b"]) == TYPE_COLORS["PERSON"]


def test_registered_formats_write_beside_the_others(layered_kg, tmp_path):
    assert registry.get_format("graphml").filename == "graph.graphml"
    assert registry.get_format("gexf").filename == "graph.gexf"
    path = registry.write(layered_kg, "graphml", tmp_path)
    assert path == tmp_path / "graph.graphml"
    same_graph(read_graphml(path), layered_kg)


def test_ids_that_xml_cannot_hold_stay_distinct():
    assert xml_id("John_Kerry") == "John_Kerry"
    assert len({xml_id("a\x00"), xml_id("a\x01"), xml_id("a\ufffd")}) == 3


@pytest.mark.parametrize("write, read, suffix", FORMATS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(kg=graphs())
def test_hostile_graphs_round_trip(tmp_path, write, read, suffix, kg):
    back = read(write(kg, tmp_path / f"graph.{suffix}"))
    # what XML cannot hold is cleaned on the way out, so compare the flattened graphs; edge keys are made
    # again from the (cleaned) relation
    flat, again = to_flat_graph(kg), to_flat_graph(back)
    assert dict(flat.nodes(data=True)) == dict(again.nodes(data=True))
    assert sorted(flat.edges(data=True), key=repr) == sorted(again.edges(data=True), key=repr)
    assert all(k == edge_key(d["relation"], d["negated"], d["modality"]) for _s, _o, k, d in back.edges())
