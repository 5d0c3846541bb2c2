"""A real Oxigraph server (`oxigraph serve`, the `oxigraph` PyPI package) loaded over HTTP.

The graph is loaded with the SPARQL 1.1 Graph Store Protocol (``load --endpoint``) and questioned with
the SPARQL protocol (``query URL``): the sentence behind Kerry -spoke_with-> Lavrov, all people,
everything said by Toner. The server runs on 127.0.0.1 on a free port and is always terminated.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgbuilder.exports.json_export import write_json
from kgbuilder.exports.rdf import write_ntriples, write_trig, write_turtle
from kgbuilder.exports.store import StoreError, load_into_endpoint, query
from kgbuilder.cmd_store import load, query as query_command

from .conftest import news_graph
from .test_store import ALL_PEOPLE, answer_the_three_questions, rows

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_oxigraph() -> str | None:
    """The `oxigraph` command: on PATH, or beside this Python (a virtualenv that is not activated)."""
    return shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))


def test_the_server_is_found_beside_python_without_path(monkeypatch):
    if not (Path(sys.executable).parent / "oxigraph").exists():
        pytest.skip("this Python has no oxigraph command beside it (pip install oxigraph)")
    monkeypatch.setenv("PATH", os.devnull)  # a shell where the virtualenv is not activated
    assert find_oxigraph() == str(Path(sys.executable).parent / "oxigraph")


@pytest.fixture
def server(tmp_path):
    """(base URL, process) of a fresh Oxigraph server with its data in tmp_path."""
    exe = find_oxigraph()
    if exe is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    log = open(tmp_path / "oxigraph.log", "wb")
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                pytest.fail(f"oxigraph exited with {proc.returncode}: {(tmp_path / 'oxigraph.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("oxigraph did not answer within 30 s")
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def count(url: str) -> int:
    [(n,)] = rows(query(f"{url}/query", COUNT))
    return int(n)


def test_load_over_http_and_answer_by_sparql(server, tmp_path):
    ttl = write_turtle(news_graph(), tmp_path / "out" / "graph.ttl")
    report = load_into_endpoint([ttl], f"{server}/store")
    assert report.files == [ttl] and "loaded 1 file into http://127.0.0.1" in report.summary()
    answer_the_three_questions(f"{server}/query")
    loaded = count(server)
    assert loaded > 100
    # loading again, or the same corpus as N-Triples or graph.json, adds nothing
    load_into_endpoint([ttl, write_ntriples(news_graph(), tmp_path / "graph.nt"),
                        write_json(news_graph(), tmp_path / "graph.json")], f"{server}/store")
    assert count(server) == loaded


def test_trig_goes_into_named_graphs(server, tmp_path):
    trig = write_trig(news_graph(), tmp_path / "graph.trig")
    load_into_endpoint([trig], f"{server}/store")
    graphs = rows(query(f"{server}/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"))
    assert [g for (g,) in graphs] == [
        "https://kgbuilder.example/doc/000_89717a7031c64688.txt",
        "https://kgbuilder.example/doc/wikinews%2F002.txt", "https://kgbuilder.example/doc/wikinews%2F003.txt"]
    sentence = rows(query(f"{server}/query", """SELECT ?s WHERE { GRAPH ?g {
        ?st rdf:subject entity:John_Kerry ; rdf:predicate rel:spoke_with ; kg:sentence ?s } }
        VALUES ?g { doc:wikinews%2F002.txt }"""))
    assert sentence == [("Kerry had a conversation with Lavrov.",)]


def test_named_graph_option(server, tmp_path):
    ttl = write_turtle(news_graph(), tmp_path / "graph.ttl")
    load_into_endpoint([ttl], f"{server}/store", graph="https://example.org/graphs/seed")
    assert rows(query(f"{server}/query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")) == [
        ("https://example.org/graphs/seed",)]
    assert not bool(query(f"{server}/query", "ASK { ?s ?p ?o }"))  # nothing in the default graph


def test_cli_load_and_query_over_http(server, tmp_path):
    ttl = write_turtle(news_graph(), tmp_path / "graph.ttl")
    runner = CliRunner()
    result = runner.invoke(load, [str(ttl), "--endpoint", f"{server}/store"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(query_command, [f"{server}/query", ALL_PEOPLE, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["name", "Bashar al-Assad", "John Kerry", "Mark Toner", "Sergei Lavrov"]
    result = runner.invoke(query_command, [f"{server}/query", "SELECT ?x WHERE { ?x ?y }"])
    assert result.exit_code == 1 and "invalid SPARQL" in result.output


def test_errors_from_the_server_and_from_nowhere(server, tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text("<a> <b> <c> .\n", encoding="utf-8")  # relative IRIs: the server refuses them
    with pytest.raises(StoreError, match=r"answered 400"):
        load_into_endpoint([bad], f"{server}/store")
    with pytest.raises(StoreError, match=r"cannot reach http://127\.0\.0\.1:\d+/store.*is the server running"):
        load_into_endpoint([write_turtle(news_graph(), tmp_path / "g.ttl")], f"http://127.0.0.1:{free_port()}/store")
    with pytest.raises(StoreError, match="not an http"):
        load_into_endpoint([bad], "ftp://example.org/store")
