"""kgbuilder.exports.json_export: graph.json, the node-link contract: deterministic, UTF-8, atomic, round-trips."""
from __future__ import annotations

import json
import os

from kgbuilder.exports.json_export import to_json, write_json
from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.graph.model import Provenance

from .conftest import news_graph


def test_round_trip_keeps_every_attribute(tmp_path, news_kg):
    path = write_json(news_kg, tmp_path / "out" / "graph.json")
    back = KnowledgeGraph.read_json(path)
    assert dict(back.graph.nodes(data=True)) == dict(news_kg.graph.nodes(data=True))
    assert sorted(back.graph.edges(keys=True, data=True), key=str) == \
        sorted(news_kg.graph.edges(keys=True, data=True), key=str)


def test_contract_attribute_names(tmp_path, news_kg):
    data = json.loads(write_json(news_kg, tmp_path / "graph.json").read_text(encoding="utf-8"))
    assert data["directed"] is True and data["multigraph"] is True
    node = next(n for n in data["nodes"] if n["id"] == "John_Kerry")
    assert {"label", "type", "aliases", "mentions", "mention_spans", "attributes"} <= set(node)
    link = next(e for e in data["links"] if e["key"] == "spoke_with")
    assert {"source", "target", "relation", "confidence", "evidence", "negated", "surface"} <= set(link)
    assert {"doc_id", "sentence_index", "sentence", "start_char", "end_char", "confidence", "extractor"} <= \
        set(link["evidence"][0])


def test_output_is_deterministic_whatever_the_insertion_order(tmp_path):
    forward = news_graph()
    backward = KnowledgeGraph(name="seed")
    for node, data in reversed(list(forward.graph.nodes(data=True))):
        backward.graph.add_node(node, **json.loads(json.dumps(data)))
    for s, o, k, data in reversed(list(forward.graph.edges(keys=True, data=True))):
        backward.graph.add_edge(s, o, key=k, **json.loads(json.dumps(data)))
    assert write_json(forward, tmp_path / "a.json").read_bytes() == write_json(backward, tmp_path / "b.json").read_bytes()
    ids = [n["id"] for n in json.loads(to_json(forward))["nodes"]]
    assert ids == sorted(ids)


def test_utf8_not_ascii_escapes(tmp_path):
    kg = KnowledgeGraph()
    kg.add_entity("Zürich", "Zürich", "GPE")
    kg.add_entity("العربية", "العربية 🙂", "")
    kg.add_fact("Zürich", "near", "العربية", 0.5, Provenance("d", 0, "Zürich liegt nah 🙂", 0, 5))
    raw = write_json(kg, tmp_path / "graph.json").read_bytes()
    assert "Zürich".encode("utf-8") in raw and "🙂".encode("utf-8") in raw and b"\\u" not in raw
    assert KnowledgeGraph.read_json(tmp_path / "graph.json").graph.nodes["العربية"]["label"] == "العربية 🙂"


def test_lone_surrogates_still_give_valid_json(tmp_path):
    kg = KnowledgeGraph()
    kg.add_entity("bad\ud800", "bad\ud800", "")
    path = write_json(kg, tmp_path / "graph.json")
    assert json.loads(path.read_bytes().decode("utf-8"))["nodes"][0]["id"] == "bad\ud800"


def test_sets_are_written_as_sorted_lists(tmp_path):
    kg = KnowledgeGraph()
    kg.add_entity("a", "A", "")
    kg.graph.nodes["a"]["tags"] = {"b", "a"}
    assert json.loads(to_json(kg))["nodes"][0]["tags"] == ["a", "b"]


def test_write_is_atomic(tmp_path, news_kg, monkeypatch):
    import kgbuilder.exports.json_export as module

    path = write_json(news_kg, tmp_path / "graph.json")
    before = path.read_bytes()
    monkeypatch.setattr(module, "to_json", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    try:
        write_json(news_kg, path)
    except RuntimeError:
        pass
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["graph.json"]
