"""`kgbuilder view`: graph.json in, viewer page out (whole graph or a focused cut)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kgbuilder.graph.io import write_atomic
from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.graph.model import Provenance
from kgbuilder.cmd_view import view

from .pages import page_data


@pytest.fixture
def graph_json(tmp_path):
    kg = KnowledgeGraph(name="seed corpus")
    for node, label, type_ in [("John_Kerry", "John Kerry", "PERSON"), ("Sergei_Lavrov", "Sergei Lavrov", "PERSON"),
                               ("Russia", "Russia", "GPE"), ("Syria", "Syria", "GPE"),
                               ("Geneva", "Geneva", "GPE")]:
        kg.add_entity(node, label, type_, alias=label.split()[-1], span=("seed.txt", 0, 1))
    facts = [("John_Kerry", "discuss_with", "Sergei_Lavrov"), ("Sergei_Lavrov", "foreign_minister_of", "Russia"),
             ("Russia", "attack", "Syria"), ("Syria", "talks_in", "Geneva")]
    for i, (s, r, o) in enumerate(facts):
        kg.add_fact(s, r, o, 0.8, Provenance("seed.txt", i, f"sentence {i}", 0, 1))
    path = tmp_path / "out" / "graph.json"
    write_atomic(path, json.dumps(kg.to_node_link()))
    return path


def run(*args):
    return CliRunner().invoke(view, [str(a) for a in args], catch_exceptions=False)


def test_whole_graph_goes_beside_the_json(graph_json):
    result = run(graph_json)
    assert result.exit_code == 0, result.output
    page = graph_json.with_name("graph.html")
    assert f"wrote {page}: 5 entities, 4 relations" in result.output
    data = page_data(page)
    assert data["meta"]["title"] == "seed corpus" and data["meta"]["cut"] is None
    assert len(data["nodes"]) == 5


def test_around_and_hops_make_a_cut_view_that_says_so(graph_json, tmp_path):
    out = tmp_path / "kerry.html"
    result = run(graph_json, "--around", "kerry", "--hops", 2, "-o", out, "--title", "Kerry")
    assert result.exit_code == 0, result.output
    assert "3 entities, 2 relations (of 5 and 4)" in result.output
    data = page_data(out)
    assert sorted(n["kgId"] for n in data["nodes"]) == ["John_Kerry", "Russia", "Sergei_Lavrov"]
    assert data["meta"]["cut"] == {"nodes": 5, "edges": 4, "around": "John Kerry", "hops": 2}
    assert data["meta"]["title"] == "Kerry"


def test_top_by_degree_default_name(graph_json):
    result = run(graph_json, "--top", 2, "--size-by", "mentions")
    assert result.exit_code == 0, result.output
    data = page_data(graph_json.with_name("graph.view.html"))
    assert len(data["nodes"]) == 2 and data["meta"]["cut"]["top"] == 2
    assert data["meta"]["sizeBy"] == "mentions"
    assert not graph_json.with_name("graph.html").exists()  # a cut never overwrites the full viewer


def test_unknown_entity_suggests_close_names(graph_json):
    result = run(graph_json, "--around", "Jon Kery")
    assert result.exit_code == 1
    assert "no entity called 'Jon Kery'" in result.output and "'John Kerry'" in result.output


def test_hops_without_around_is_a_usage_error(graph_json):
    result = run(graph_json, "--hops", 2)
    assert result.exit_code == 2 and "--hops needs --around" in result.output


def test_missing_or_wrong_file_gives_a_clear_error(tmp_path):
    result = run(tmp_path / "nope.json")
    assert result.exit_code == 1 and "no such file" in result.output and "kgbuilder build" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    result = run(bad)
    assert result.exit_code == 1 and "not a kgbuilder graph.json" in result.output
    bad.write_text("{not json", encoding="utf-8")
    assert run(bad).exit_code == 1


def test_help():
    result = run("--help")
    assert result.exit_code == 0
    assert "--around" in result.output and "--top" in result.output and "offline" in result.output
