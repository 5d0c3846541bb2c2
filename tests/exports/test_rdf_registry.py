"""kgbuilder.exports.registry: format names and aliases to lazily imported writers with default file names."""
from __future__ import annotations

import subprocess
import sys

import pytest

from kgbuilder.exports import registry
from kgbuilder.exports.registry import UnknownFormatError, get_format, get_writer, register


@pytest.mark.parametrize("name, canonical, filename", [
    ("turtle", "turtle", "graph.ttl"), ("ttl", "turtle", "graph.ttl"), ("TTL", "turtle", "graph.ttl"),
    (".ttl", "turtle", "graph.ttl"), ("nt", "ntriples", "graph.nt"), ("ntriples", "ntriples", "graph.nt"),
    ("n-triples", "ntriples", "graph.nt"), ("jsonld", "jsonld", "graph.jsonld"),
    ("json-ld", "jsonld", "graph.jsonld"), ("trig", "trig", "graph.trig"), ("json", "json", "graph.json"),
    ("html", "html", "graph.html"),
])
def test_names_and_aliases(name, canonical, filename):
    fmt = get_format(name)
    assert (fmt.name, fmt.filename) == (canonical, filename)


def test_unknown_format_lists_the_known_ones():
    with pytest.raises(UnknownFormatError) as err:
        get_format("docx")
    assert isinstance(err.value, ValueError)
    assert str(err.value) == ("unknown format 'docx'; known formats: gexf, graphml, html, json (node-link), "
                              "jsonld (json-ld), ntriples (nt, n-triples), trig, turtle (ttl)")


def test_writers_are_imported_lazily():
    code = ("import sys; from kgbuilder.exports import registry; "
            "assert 'kgbuilder.exports.rdf' not in sys.modules and 'rdflib' not in sys.modules; "
            "registry.get_writer('json'); assert 'rdflib' not in sys.modules and 'kgbuilder.exports.html' not in sys.modules; "
            "registry.get_writer('ttl'); assert 'kgbuilder.exports.rdf' in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_writers_are_the_library_functions():
    from kgbuilder.exports.json_export import write_json
    from kgbuilder.exports.rdf import write_jsonld, write_ntriples, write_trig, write_turtle

    assert get_writer("ttl") is write_turtle and get_writer("nt") is write_ntriples
    assert get_writer("json-ld") is write_jsonld and get_writer("trig") is write_trig
    assert get_writer("json") is write_json
    assert get_format("html").target == "kgbuilder.exports.html:write_html"


@pytest.mark.parametrize("name", ["turtle", "ntriples", "jsonld", "trig", "json"])
def test_write_into_a_folder_uses_the_default_file_name(tmp_path, news_kg, name):
    fmt = get_format(name)
    path = registry.write(news_kg, name, tmp_path, base_iri="https://example.org/kg/", provenance="none")
    assert path == tmp_path / fmt.filename and path.stat().st_size > 0
    if name != "json":  # options a writer does not take are left out (json has no base IRI)
        assert "https://example.org/kg/entity/" in path.read_text(encoding="utf-8")


def test_write_to_an_explicit_file(tmp_path, news_kg):
    path = get_format("ttl").write(news_kg, tmp_path / "sub" / "mine.ttl")
    assert path == tmp_path / "sub" / "mine.ttl" and path.read_text(encoding="utf-8").startswith("@prefix")


def test_register_a_plugin_and_errors_of_broken_ones(tmp_path, news_kg, monkeypatch):
    monkeypatch.setattr(registry, "_FORMATS", dict(registry._FORMATS))
    monkeypatch.setattr(registry, "_NAMES", dict(registry._NAMES))
    register("stats", "json:dumps", "stats.txt", aliases=("st",))
    assert get_format("ST").name == "stats" and get_writer("stats").__name__ == "dumps"
    register("gone", "no_such_module_xyz:write", "x.txt")
    with pytest.raises(ImportError, match="format 'gone' needs module 'no_such_module_xyz'"):
        get_writer("gone")
    register("typo", "kgbuilder.exports.rdf:write_turtel", "x.txt")
    with pytest.raises(ImportError, match="has no 'write_turtel'"):
        get_writer("typo")
    with pytest.raises(ValueError, match="package.module:function"):
        register("bad", "kgbuilder.exports.rdf.write_turtle", "x.txt")


@pytest.mark.parametrize("name", ["turtle", "json", "html"])
def test_an_option_no_writer_takes_is_an_error_naming_it(tmp_path, news_kg, name):
    with pytest.raises(registry.UnknownOptionError, match="unknown writer option 'provenence'.*provenance"):
        registry.write(news_kg, name, tmp_path, provenence="none")
    assert not list(tmp_path.iterdir())  # refused before anything was written


def test_each_writer_gets_the_options_it_declares():
    fmt = get_format("ttl")
    assert fmt.accepted({"base_iri": "https://example.org/", "title": "a page"}) == {"base_iri": "https://example.org/"}
    assert get_format("html").accepted({"base_iri": "x", "title": "a page"}) == {"title": "a page"}


@pytest.mark.parametrize("fmt", registry.formats(), ids=lambda f: f.name)
def test_declared_options_are_the_writers_keyword_parameters(fmt):
    import inspect

    params = list(inspect.signature(fmt.load()).parameters)
    assert params[:2] == ["kg", "path"]
    assert sorted(fmt.options) == sorted(params[2:]), f"{fmt.name}: declare the options of {fmt.target}"
