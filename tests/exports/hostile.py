"""Hypothesis strategies for hostile graphs, shared by the RDF and GraphML/GEXF round trips.

Labels, aliases, ids, relation names, document ids, sentences and attribute values are drawn from
arbitrary unicode plus the characters that break serializers: quotes, backslashes, ``<>``, newlines,
control characters, emoji, right-to-left text, percent signs, Turtle and JSON-LD syntax.
"""
from __future__ import annotations

from hypothesis import strategies as st

from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.graph.model import Provenance

FRAGMENTS = ['"', "'", '"""', "\\", "\\n", "<", ">", "\n", "\r", "\t", "\x00", "\x08", "\x0c", "\x1f", "\x7f",
             "\u0085", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "🙂", "👩‍👩‍👧", "\u202e", "مرحبا",
             "שלום", "Zürich", "e\u0301", "%", "%2F", "%zz", "#", "?", "/", "//", ":", ".", "..", "~", "_:b0",
             "@prefix", "@id", "@context", "{", "}", "^^", "@en", " ", "  ", "a", "1", "-", "null", "true",
             "2015-11-21", "November 21, 2015", "42", "-0", "007"]
hostile_text = st.one_of(
    st.text(max_size=12),
    st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("".join),
    st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=8),
)
types = st.sampled_from(["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "", "DATE", "WEIRD\n"])


@st.composite
def graphs(draw) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    ids = draw(st.lists(hostile_text, min_size=1, max_size=5, unique=True))
    for node_id in ids:
        attributes = draw(st.dictionaries(hostile_text, st.lists(hostile_text, max_size=2), max_size=2))
        kg.add_entity(node_id, draw(hostile_text), draw(types), alias=draw(hostile_text) or None,
                      span=draw(st.none() | st.tuples(hostile_text, st.integers(0, 99), st.integers(100, 200))),
                      attributes=attributes, kind=draw(st.sampled_from(["entity", "phrase", "literal"])))
    for _ in range(draw(st.integers(0, 6))):
        s, o = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        start = draw(st.integers(0, 10_000))
        prov = Provenance(draw(hostile_text), draw(st.integers(0, 50)), draw(hostile_text), start,
                          start + draw(st.integers(0, 500)))
        kg.add_fact(s, draw(hostile_text), o, draw(st.floats(0, 1)), prov, draw(hostile_text) or "rules",
                    draw(hostile_text), negated=draw(st.booleans()),
                    modality=draw(st.sampled_from(["", "will"]) | hostile_text),
                    schema=draw(st.sampled_from(["", "works_for", "leader_of"]) | hostile_text))
    return kg
