"""exports.store with the embedded Oxigraph store: load (idempotent), shards, datasets, query, output."""
from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from kgbuilder.exports.json_export import write_json
from kgbuilder.exports.rdf import write_jsonld, write_ntriples, write_trig, write_turtle
from kgbuilder.exports.store import (LoadReport, QueryError, StoreError, format_results, is_store, load_into_store,
                           query, rdf_files)
from kgbuilder.graph.knowledge_graph import KnowledgeGraph

from .conftest import CALL, NOT_MET, TONER_QUOTE, news_graph

# The three questions of issue 5, with the kgbuilder prefixes predeclared.
SENTENCE_BEHIND_CALL = """SELECT ?sentence ?doc WHERE {
    ?st rdf:subject ?kerry ; rdf:predicate rel:spoke_with ; rdf:object ?lavrov ; kg:negated false ;
        kg:sentence ?sentence ; dcterms:source/dcterms:identifier ?doc .
    ?kerry rdfs:label "John Kerry" . ?lavrov skos:altLabel "Lavrov" .
} ORDER BY ?doc"""
ALL_PEOPLE = "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name"
SAID_BY_TONER = """SELECT ?what ?sentence WHERE {
    ?toner skos:altLabel "Toner" .
    ?st rdf:subject ?toner ; rdf:predicate rel:said ; rdf:object ?o ; kg:sentence ?sentence .
    ?o rdfs:label ?what .
} ORDER BY ?what"""


def rows(result) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in solution) for solution in result]


def answer_the_three_questions(source) -> None:
    assert rows(query(source, SENTENCE_BEHIND_CALL)) == [
        (CALL, "000_89717a7031c64688.txt"), ("Kerry had a conversation with Lavrov.", "wikinews/002.txt")]
    assert rows(query(source, ALL_PEOPLE)) == [
        ("Bashar al-Assad",), ("John Kerry",), ("Mark Toner",), ("Sergei Lavrov",)]
    assert rows(query(source, SAID_BY_TONER)) == [
        ("Russia play a more positive or constructive role", TONER_QUOTE),
        ("Secretary of State John Kerry discussed concerns", CALL)]


@pytest.fixture
def ttl(tmp_path, news_kg):
    return write_turtle(news_kg, tmp_path / "out" / "graph.ttl")


def test_load_into_a_store_folder_and_query_it(tmp_path, ttl):
    store = tmp_path / "kgstore"
    report = load_into_store([ttl], store)
    assert isinstance(report, LoadReport) and report.files == [ttl]
    assert report.added == report.total > 100
    assert is_store(store)
    answer_the_three_questions(store)


def test_loading_twice_adds_nothing(tmp_path, ttl, news_kg):
    store = tmp_path / "kgstore"
    first = load_into_store([ttl], store)
    again = load_into_store([ttl], store)
    assert again.added == 0 and again.total == first.total
    # the same corpus in another syntax is the same set of triples
    nt = write_ntriples(news_kg, tmp_path / "graph.nt")
    assert load_into_store([nt], store).added == 0
    # and a rebuild of the same corpus (a new KnowledgeGraph, a new file) too
    rebuilt = write_turtle(news_graph(), tmp_path / "rebuilt.ttl")
    assert load_into_store([rebuilt], store).added == 0
    assert "0 new triples" in load_into_store([rebuilt], store).summary()


def test_a_folder_of_shards_loads_every_file(tmp_path, news_kg):
    lines = "".join(open(write_ntriples(news_kg, tmp_path / "all.nt"), encoding="utf-8")).splitlines(True)
    shards = tmp_path / "shards"
    (shards / "part").mkdir(parents=True)
    for i in range(3):
        (shards / ("part" if i == 2 else "") / f"shard{i}.nt").write_text("".join(lines[i::3]), encoding="utf-8")
    (shards / "notes.txt").write_text("not RDF", encoding="utf-8")
    (shards / ".git").mkdir()
    (shards / ".git" / "old.nt").write_text("<broken", encoding="utf-8")
    (shards / ".graph.nt.123.tmp").write_text("half a file", encoding="utf-8")
    assert rdf_files([shards]) == [shards / "part" / "shard2.nt", shards / "shard0.nt", shards / "shard1.nt"]
    report = load_into_store([shards], tmp_path / "new" / "kgstore")  # parent folders are created
    assert len(report.files) == 3 and report.total == len(lines)


def test_trig_loads_into_named_graphs(tmp_path, news_kg):
    trig = write_trig(news_kg, tmp_path / "graph.trig")
    store = tmp_path / "kgstore"
    load_into_store([trig], store)
    graphs = rows(query(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"))
    assert len(graphs) == 3
    # the default graph has the descriptions, the documents' graphs the facts and their statements
    assert rows(query(store, ALL_PEOPLE))[0] == ("Bashar al-Assad",)
    assert not rows(query(store, SENTENCE_BEHIND_CALL))
    with_graph = """SELECT ?sentence ?doc WHERE {
        GRAPH ?g { ?st rdf:subject entity:John_Kerry ; rdf:predicate rel:spoke_with ; kg:sentence ?sentence }
        ?g dcterms:identifier ?doc } ORDER BY ?doc"""
    assert rows(query(store, with_graph)) == rows(query(tmp_path / "graph.trig", with_graph)) == [
        (CALL, "000_89717a7031c64688.txt"), ("Kerry had a conversation with Lavrov.", "wikinews/002.txt")]
    # or query the union of all graphs
    answers = [rows(query(store, q, union=True)) for q in (SENTENCE_BEHIND_CALL, ALL_PEOPLE, SAID_BY_TONER)]
    assert [len(r) for r in answers] == [2, 4, 2]


def test_jsonld_and_graph_json_load_to_the_same_triples(tmp_path, news_kg, ttl):
    reference = load_into_store([ttl], ox.Store()).total
    for path in (write_jsonld(news_kg, tmp_path / "graph.jsonld"), write_json(news_kg, tmp_path / "graph.json")):
        store = ox.Store()
        assert load_into_store([path], store).total == reference
        answer_the_three_questions(path)


def test_load_into_a_named_graph(tmp_path, ttl):
    store = ox.Store()
    load_into_store([ttl], store, graph="https://example.org/graphs/seed")
    assert list(store.named_graphs()) == [ox.NamedNode("https://example.org/graphs/seed")]
    assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    with pytest.raises(StoreError, match="dataset file"):
        load_into_store([write_trig(news_graph(), ttl.parent / "g.trig")], store, graph="https://example.org/g")


def test_query_a_file_directly(ttl):
    answer_the_three_questions(ttl)
    assert bool(query(ttl, "ASK { entity:John_Kerry rel:spoke_with entity:Sergei_Lavrov }"))
    assert not bool(query(ttl, "ASK { entity:John_Kerry rel:meet ?someone }"))  # negated: never asserted
    assert rows(query(ttl, "SELECT ?s WHERE { ?st kg:negated true ; kg:sentence ?s }")) == [(NOT_MET,)]


def test_missing_inputs_name_the_file_and_the_fix(tmp_path):
    with pytest.raises(StoreError, match=r"nope\.ttl: no such file or folder; build one with `kgbuilder build"):
        load_into_store([tmp_path / "nope.ttl"], tmp_path / "kgstore")
    with pytest.raises(StoreError, match=r"nope: no such store or file; build one with `kgbuilder build"):
        query(tmp_path / "nope", "ASK {}")
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="no RDF files"):
        load_into_store([tmp_path / "empty"], tmp_path / "kgstore")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        query(tmp_path / "empty", "ASK {}")
    (tmp_path / "afile").write_text("?", encoding="utf-8")
    with pytest.raises(StoreError, match="is a file, not a store folder"):
        load_into_store([write_turtle(news_graph(), tmp_path / "g.ttl")], tmp_path / "afile")
    (tmp_path / "x.docx").write_text("?", encoding="utf-8")
    with pytest.raises(StoreError, match="unknown RDF file type '.docx'"):
        load_into_store([tmp_path / "x.docx"], ox.Store())


def test_invalid_rdf_is_reported_with_the_file_name(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> ", encoding="utf-8")
    with pytest.raises(StoreError, match=r"bad\.ttl: not valid Turtle: .*line 1"):
        load_into_store([bad], ox.Store())


def test_a_bad_graph_json_is_reported(tmp_path):
    bad = tmp_path / "graph.json"
    bad.write_text('{"nodes": []}', encoding="utf-8")
    with pytest.raises(StoreError, match="not a kgbuilder graph.json"):
        load_into_store([bad], ox.Store())


def test_bad_sparql_shows_the_parser_message_and_where(ttl):
    with pytest.raises(QueryError) as err:
        query(ttl, "SELECT ?x WHERE {\n  ?x rdfs:label ?y\n  FILTR(?y)\n}")
    text = str(err.value)
    assert text.startswith("invalid SPARQL: error at 3:")
    assert "\n    FILTR(?y)\n" in text and text.endswith("^")


def test_results_as_a_table(ttl):
    text = format_results(query(ttl, ALL_PEOPLE + " LIMIT 2"))
    assert text.splitlines() == ["name", "---------------", "Bashar al-Assad", "John Kerry", "(2 rows)"]
    text = format_results(query(ttl, "SELECT ?p ?n WHERE { ?p skos:altLabel ?n } ORDER BY ?n LIMIT 1"))
    assert text.splitlines()[2] == "entity:Bashar_al-Assad  Assad"


def test_table_cells_keep_one_row_per_line(tmp_path):
    kg = KnowledgeGraph()
    kg.add_entity("x", "two\nlines\tand a tab", "PERSON")
    path = write_turtle(kg, tmp_path / "g.ttl")
    text = format_results(query(path, "SELECT ?n WHERE { ?p rdfs:label ?n }"))
    assert text.splitlines()[2] == "two\\nlines\\tand a tab"


def test_results_as_csv_and_json(ttl):
    text = format_results(query(ttl, ALL_PEOPLE), "csv")
    assert list(csv.reader(io.StringIO(text)))[:2] == [["name"], ["Bashar al-Assad"]]
    data = json.loads(format_results(query(ttl, ALL_PEOPLE), "json"))
    assert data["head"]["vars"] == ["name"]
    assert [b["name"]["value"] for b in data["results"]["bindings"]][-1] == "Sergei Lavrov"


def test_ask_and_construct_results(ttl):
    assert format_results(query(ttl, "ASK { ?s a schema:Person }")) == "true"
    assert json.loads(format_results(query(ttl, "ASK { ?s a schema:Event }"), "json")) == {"head": {},
                                                                                          "boolean": False}
    construct = "CONSTRUCT { ?a rel:spoke_with ?b } WHERE { ?a rel:spoke_with ?b }"
    assert "entity:John_Kerry rel:spoke_with entity:Sergei_Lavrov" in format_results(query(ttl, construct))
    assert format_results(query(ttl, construct), "csv").count(" .\n") == 1
    with pytest.raises(ValueError, match="table, csv, json"):
        format_results(query(ttl, construct), "xml")
