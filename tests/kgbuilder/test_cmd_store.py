"""`kgbuilder load` and `kgbuilder query` through click's CliRunner (the command objects directly)."""
from __future__ import annotations

import csv
import io
import json

import pytest

from kgbuilder.exports.rdf import write_trig, write_turtle
from kgbuilder.cmd_store import load, query
from tests.exports.conftest import CALL, news_graph

PEOPLE = "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name"
CALL_SENTENCE = ("SELECT ?s WHERE { ?st rdf:subject entity:John_Kerry ; rdf:predicate rel:spoke_with ; "
                 "kg:sentence ?s ; dcterms:source doc:000_89717a7031c64688.txt }")


@pytest.fixture
def ttl(tmp_path):
    return write_turtle(news_graph(), tmp_path / "out" / "graph.ttl")


def test_load_into_the_default_store_folder(runner, ttl, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(load, [str(ttl)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kgstore" / "CURRENT").is_file()
    assert "loaded 1 file into kgstore:" in result.output and "new triples" in result.output


def test_load_twice_adds_nothing_and_query_answers(runner, ttl, tmp_path):
    store = str(tmp_path / "db")
    first = runner.invoke(load, [str(ttl), "--store", store])
    assert first.exit_code == 0, first.output
    again = runner.invoke(load, [str(ttl), "--store", store])
    assert again.exit_code == 0 and ": 0 new triples" in again.output
    result = runner.invoke(query, [store, CALL_SENTENCE])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["s", "-" * len(CALL), CALL, "(1 row)"]


def test_load_a_folder_and_a_trig_file(runner, tmp_path):
    out = tmp_path / "out"
    write_turtle(news_graph(), out / "graph.ttl")
    write_trig(news_graph(), out / "graph.trig")
    result = runner.invoke(load, [str(out), "--store", str(tmp_path / "db")])
    assert result.exit_code == 0, result.output
    assert "loaded 2 files" in result.output
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert runner.invoke(query, [str(tmp_path / "db"), graphs]).output.splitlines()[2] == "3"


def test_query_a_file_in_every_format(runner, ttl):
    table = runner.invoke(query, [str(ttl), PEOPLE])
    assert table.exit_code == 0 and table.output.splitlines()[2:4] == ["Bashar al-Assad", "John Kerry"]
    as_csv = runner.invoke(query, [str(ttl), PEOPLE, "--format", "csv"])
    assert list(csv.reader(io.StringIO(as_csv.output)))[-1] == ["Sergei Lavrov"]
    as_json = runner.invoke(query, [str(ttl), PEOPLE, "--format", "json"])
    assert len(json.loads(as_json.output)["results"]["bindings"]) == 4
    ask = runner.invoke(query, [str(ttl), "ASK { entity:John_Kerry rel:meet ?x }"])
    assert ask.output == "false\n"


def test_query_the_union_of_a_trig_file(runner, tmp_path):
    trig = write_trig(news_graph(), tmp_path / "graph.trig")
    assert runner.invoke(query, [str(trig), CALL_SENTENCE]).output.splitlines()[-1] == "(0 rows)"
    result = runner.invoke(query, [str(trig), CALL_SENTENCE, "--union"])
    assert result.exit_code == 0 and result.output.splitlines()[2:] == [CALL, "(1 row)"]


def test_query_from_stdin(runner, ttl):
    result = runner.invoke(query, [str(ttl), "-"], input=PEOPLE)
    assert result.exit_code == 0 and "Mark Toner" in result.output


def test_missing_file_names_it_and_suggests_the_fix(runner, tmp_path):
    result = runner.invoke(load, [str(tmp_path / "out" / "graph.ttl"), "--store", str(tmp_path / "db")])
    assert result.exit_code == 1
    assert "graph.ttl: no such file or folder; build one with `kgbuilder build PATH -o out/`" in result.output
    assert not (tmp_path / "db").exists()
    result = runner.invoke(query, [str(tmp_path / "nothing.ttl"), PEOPLE])
    assert result.exit_code == 1 and "nothing.ttl: no such store or file" in result.output


def test_bad_sparql_shows_the_parser_message(runner, ttl):
    result = runner.invoke(query, [str(ttl), "SELECT ?x WHERE { ?x ?y }"])
    assert result.exit_code == 1
    assert "Error: invalid SPARQL: error at 1:" in result.output
    assert "SELECT ?x WHERE { ?x ?y }\n" in result.output and "^" in result.output


def test_store_and_endpoint_are_exclusive(runner, ttl, tmp_path):
    result = runner.invoke(load, [str(ttl), "--store", str(tmp_path / "db"), "--endpoint", "http://x/store"])
    assert result.exit_code == 2 and "either --store or --endpoint" in result.output


def test_unreachable_endpoint_is_a_clear_error(runner, ttl):
    result = runner.invoke(load, [str(ttl), "--endpoint", "http://127.0.0.1:9/store"])
    assert result.exit_code == 1 and "cannot reach http://127.0.0.1:9/store" in result.output


def test_load_needs_a_path(runner):
    result = runner.invoke(load, [])
    assert result.exit_code == 2 and "Missing argument 'FILE_OR_DIR...'" in result.output

