"""`kgbuilder build` fed hostile input by hypothesis: random bytes, random Unicode (lone surrogates,
controls, bidirectional marks, NUL) and random JSON Lines, beside documents that are fine.

Whatever comes in: the exit code is 0, 1 or 2, there is no traceback, every good document is in the
graph, and the RDF files parse in rdflib and in Oxigraph. The real pipeline runs (spaCy's tokenizer is
where a lone surrogate used to crash the build), on a few short texts per example.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from click.testing import CliRunner

from kgbuilder.cli import main
from kgbuilder.graph.knowledge_graph import KnowledgeGraph

pytestmark = pytest.mark.model

#: Good documents: one clear fact each, so each leaves evidence in the graph.
GOOD_TEXTS = ["Angela Merkel met Emmanuel Macron in Berlin.", "Justin Trudeau spoke with Olaf Scholz in Ottawa."]

HOSTILE_CHARS = st.one_of(
    st.characters(),  # anything, lone surrogates (category Cs) included
    st.sampled_from(["\x00", "\x1b", "\x07", "\x7f", "\u202e", "\u2066", "\u200f", "\ufeff", "\ud800", "\udfff",
                     "\n", "\r\n", "\n\n", "\t", " ", "<", ">", '"', "\\", "{", "}", "@", "#", "%", "/"]),
)
HOSTILE_TEXT = st.lists(HOSTILE_CHARS, max_size=40).map("".join)
JSON_VALUE = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), HOSTILE_TEXT,
                       st.lists(st.integers(), max_size=2))
JSON_LINE = st.one_of(
    st.fixed_dictionaries({"id": st.one_of(HOSTILE_TEXT, st.integers(), JSON_VALUE), "text": JSON_VALUE}),
    st.fixed_dictionaries({"id": HOSTILE_TEXT, "text": HOSTILE_TEXT}),
    JSON_VALUE,
).map(lambda value: json.dumps(value).encode())
RAW_LINE = st.binary(max_size=60).map(lambda b: b.replace(b"\n", b" "))
FILE_NAME = st.binary(min_size=1, max_size=6).filter(lambda b: b"/" not in b and b"\0" not in b
                                                     and not b.startswith(b"."))


@st.composite
def corpus(draw):
    """(good ids, JSON Lines bytes, [(file name bytes, content bytes)])."""
    good_ids = draw(st.lists(HOSTILE_TEXT.filter(lambda s: s.strip() and not any(0xD800 <= ord(c) <= 0xDFFF
                                                                                  for c in s)),
                             min_size=1, max_size=2, unique_by=str.strip))
    good = [json.dumps({"id": i, "text": GOOD_TEXTS[n % len(GOOD_TEXTS)]}).encode() for n, i in enumerate(good_ids)]
    noise = draw(st.lists(st.one_of(JSON_LINE, RAW_LINE), max_size=5))
    content = st.one_of(st.binary(max_size=80), HOSTILE_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))
    files = draw(st.lists(st.tuples(FILE_NAME, content), max_size=3, unique_by=lambda f: f[0]))
    return good_ids, b"\n".join(good + noise) + b"\n", files


def parse_everywhere(out: Path) -> None:
    import pyoxigraph
    import rdflib

    for name, rdflib_format, ox_format in (("graph.ttl", "turtle", pyoxigraph.RdfFormat.TURTLE),
                                           ("graph.nt", "nt", pyoxigraph.RdfFormat.N_TRIPLES)):
        assert len(rdflib.Graph().parse(out / name, format=rdflib_format)) > 0, name
        assert len(list(pyoxigraph.parse(path=str(out / name), format=ox_format))) > 0, name


@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=corpus())
def test_hostile_input_never_crashes_the_build_or_loses_a_good_document(nlp, data):
    good_ids, jsonl, files = data
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "news.jsonl").write_bytes(jsonl)
        folder = tmp / "folder"
        folder.mkdir()
        for name, content in files:
            with open(os.fsencode(folder) + b"/" + name + b".txt", "wb") as fh:
                fh.write(content)
        out = tmp / "out"
        result = CliRunner().invoke(main, ["build", str(tmp / "news.jsonl"), str(folder), "-o", str(out),
                                           "-f", "ttl,nt,json,html", "--quiet"])
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code != 2, result.output  # nothing here is a usage error
        kg = KnowledgeGraph.read_json(out / "graph.json")
        built = {ev["doc_id"] for _, _, _, d in kg.iter_facts() for ev in d["evidence"]}
        assert set(good_ids) <= built, result.output
        parse_everywhere(out)
