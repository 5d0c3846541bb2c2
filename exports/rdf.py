"""The knowledge graph as RDF: an rdflib ``Graph`` for notebooks, fast Turtle/N-Triples/TriG/JSON-LD files.

The RDF model
=============

Namespaces. The *vocabulary* is fixed, so queries and the SHACL shapes (``exports/data/shapes.ttl``)
work whatever the data's base IRI; the *data* lives under a configurable base IRI::

    kg:      https://kgbuilder.example/ns#              classes and provenance properties
    rel:     https://kgbuilder.example/ns/relation/     one property per relation name (rel:spoke_with)
    attr:    https://kgbuilder.example/ns/attribute/    one property per node attribute (attr:title)
    wd:      http://www.wikidata.org/entity/            Wikidata properties the schema aligns with
    entity:  {base}entity/{id}                          one IRI per node, the node id percent-encoded
    doc:     {base}doc/{doc_id}                         one IRI per source document
    stmt:    {base}statement/{key}                      one IRI per evidence record (see below)
    agent:   {base}extractor/{name}                     the extractor that read a fact

``{base}`` defaults to ``https://kgbuilder.example/`` (``.example`` is reserved: it never clashes with
real data). Every id is percent-encoded (RFC 3986, UTF-8), so quotes, spaces, ``<>``, newlines or any
unicode in a node id can never break an IRI.

Entities::

    entity:person%2FJohn_Kerry a kg:Entity, schema:Person ;
        rdfs:label "John Kerry" ; skos:altLabel "Kerry" ;
        skos:editorialNote "\"Kerry\": surname" ;      # why each name joined (graph.json "merged")
        kg:entityType "PERSON" ; kg:mentionCount 3 ;
        attr:title "Secretary of State" ;
        rel:spoke_with entity:Sergei_Lavrov .

The spaCy label maps to a schema.org class (``SCHEMA_CLASSES``); labels with no faithful schema.org class
(NORP: nationalities, religious and political groups, which are neither organisations nor places) get
only ``kg:Entity``; the spaCy label itself is always kept in ``kg:entityType``. Labels are plain
``xsd:string`` literals (no language tag) so ``?x rdfs:label "Mark Toner"`` matches. Attribute values
are typed: ``xsd:date`` when they parse as a full date (ISO or "November 21, 2015"), ``xsd:integer`` for
whole numbers, strings otherwise. Relations and attributes are declared ``a rdf:Property`` with an
``rdfs:label``.

The two layers
--------------

The *entity layer* is the named entities (``a kg:Entity``) and the triples between two of them. The
*claims layer* is everything Open IE read that is not a named thing: a phrase node is ``a kg:Concept``
("concerns", "the strikes"), a value node ``a kg:Value`` (a date, a number, a quoted statement, with its
label in ``kg:entityType``: DATE, CARDINAL, STATEMENT ...). Both have ``rdfs:label``; neither is a
``kg:Entity``. So the entity layer alone is::

    SELECT ?s ?p ?o WHERE { ?s a kg:Entity . ?o a kg:Entity . ?s ?p ?o }

and a statement node (below) is in the entity layer when its ``rdf:subject`` and ``rdf:object`` are
both ``kg:Entity``. A phrase belongs to one document (its IRI says which, ``concept/<doc>/...``).

The relation schema
-------------------

A relation's property is ``rdfs:subPropertyOf`` the schema relation it is a kind of (graph/schema.py,
the edge's ``schema``): ``rel:foreign_minister_of rdfs:subPropertyOf rel:works_for``, and schema
relations follow their hierarchy (``rel:leader_of rdfs:subPropertyOf rel:works_for``). A schema relation
is also ``a kg:SchemaRelation`` with an ``rdfs:comment`` and its Wikidata alignment::

    rel:works_for a rdf:Property, kg:SchemaRelation ; rdfs:label "works for" ;
        skos:closeMatch wd:P108, wd:P39 .
    rel:leader_of a rdf:Property, kg:SchemaRelation ; rdfs:subPropertyOf rel:works_for ;
        kg:inverseCloseMatch wd:P35, wd:P6, wd:P488, wd:P169 .

``skos:closeMatch`` and not ``owl:equivalentProperty``: a relation read from news text is close to the
Wikidata property, not the same (works_for covers "speaks for", P108 is employment), so a reasoner
must not merge them. ``kg:inverseCloseMatch wd:P35`` says the same with the direction turned round:
``X rel:leader_of Y`` is close to ``Y wdt:P35 X`` ("head of state", from the country to the person).
All facts of a schema relation, its kinds included: ``?s ?p ?o . ?p rdfs:subPropertyOf* rel:works_for``.

Provenance
----------

One reified statement per evidence record. An asserted edge is a plain triple
(``entity:John_Kerry rel:spoke_with entity:Sergei_Lavrov``) and each piece of evidence for it is an
``rdf:Statement`` node::

    stmt:9009e322d5901fad7cd1_d19a7e59eb7e1a16_7_1166_1290 a rdf:Statement ;
        rdf:subject entity:John_Kerry ; rdf:predicate rel:spoke_with ; rdf:object entity:Sergei_Lavrov ;
        kg:negated false ;
        dcterms:source doc:seed ;                 # the document, a prov:Entity with dcterms:identifier
        kg:sentence "He said Secretary of State John Kerry discussed ..." ;
        kg:sentenceIndex 7 ; kg:startChar 1166 ; kg:endChar 1290 ;
        kg:confidence 0.8 ;                       # xsd:decimal, the confidence of this reading
        prov:wasAttributedTo agent:rules ;        # a prov:SoftwareAgent
        kg:surface "discussed concerns in a phone call with" .

``kg:mentionCount`` is the count of the build that wrote the file: a store holding two different builds of
a growing corpus holds both counts (the shapes allow it); everything else is a set that only grows.

Why per evidence record rather than per edge: every value on the node is a fact about one reading of
one sentence, so nothing on it changes when more documents are added. A statement's IRI is derived from
what identifies the reading (``statement_key``): a hash of (subject, relation, object, negated,
modality), a hash of the document id, then sentence index, start and end offsets. Loading the same
corpus twice, or two overlapping corpora, never duplicates a statement, and there are no blank nodes.
The edge's combined confidence is an aggregate (noisy-or over its statements) and is deliberately not
stored: it would change, and so conflict, as the corpus grows; compute it in SPARQL or read ``graph.json``.

A denied fact ("Kerry did not meet X") and a hypothetical one ("Kerry will meet X", "may meet") are
never asserted: they exist only as statement nodes, with ``kg:negated true`` or with
``kg:modality "will"`` (the word that made it hypothetical). An RDF reification does not assert its
triple, so a store never reads them as facts. An asserted statement has ``kg:negated false`` and no
``kg:modality``: ``FILTER NOT EXISTS { ?st kg:modality ?m }`` keeps only those.

``provenance="none"`` gives plain facts only: nodes, asserted edges and the property declarations.

TriG (``write_trig``) puts node descriptions, property declarations, documents and agents in the default
graph and, for each document, a named graph (named by the document IRI) with the facts it supports and
its statement nodes. Replacing one document's graph in a store (Graph Store Protocol ``PUT``) then
updates exactly that document's facts.

Speed
=====

One generator (``rdf_describe.describe``) walks the graph once and emits blocks through a *term
factory* (``rdf_terms``): rdflib terms (``to_rdf``), pyoxigraph terms (``iter_triples``/``iter_quads``,
e.g. to fill a Store), or ready-to-write Turtle/N-Triples/JSON-LD. Building a pyoxigraph ``Triple`` from
Python costs about 2 us, several times what pyoxigraph needs to serialize it, so the file writers
format text directly (string escapes by the json module's C escaper, IRIs percent-encoded) and the
Turtle statement block is one f-string (``TurtleTerms.statement_block``). That keeps ``write_turtle``
about 2x pyoxigraph's own serializer (``benchmarks/rdf_speed.py`` prints both). Hypothesis tests check
every text format against rdflib's and pyoxigraph's parsers, and against ``to_rdf``, over hostile strings.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

from kgbuilder.exports.rdf_describe import check_provenance, describe
from kgbuilder.exports.rdf_terms import (ATTR, DCTERMS, DEFAULT_BASE_IRI, KG, PROV, PROVENANCE_CHOICES, RDF, RDFS,
                                         REL, SCHEMA, SCHEMA_CLASSES, SHAPES_PATH, SKOS, SURROGATE_ERRORS,
                                         VOCAB_PREFIXES, WD, XSD, JsonLdTerms, NTriplesTerms, OxTerms,
                                         RdflibTerms, TurtleTerms, check_base_iri, clean_text, document_iri,
                                         encode_id, entity_iri, parse_date, prefixes, relation_iri,
                                         statement_key)
from kgbuilder.graph.io import atomic_path
from kgbuilder.graph.knowledge_graph import KnowledgeGraph

__all__ = [
    "to_rdf", "iter_triples", "iter_quads", "iter_turtle", "iter_ntriples", "write_turtle", "write_ntriples",
    "write_trig", "to_jsonld", "write_jsonld", "jsonld_context", "validate", "prefixes", "check_base_iri",
    "check_provenance", "entity_iri", "relation_iri", "document_iri", "statement_key", "encode_id",
    "parse_date", "clean_text", "DEFAULT_BASE_IRI", "SHAPES_PATH", "PROVENANCE_CHOICES", "SCHEMA_CLASSES",
    "VOCAB_PREFIXES", "SURROGATE_ERRORS", "KG", "REL", "ATTR", "RDF", "RDFS", "XSD", "SKOS", "SCHEMA", "PROV",
    "DCTERMS", "WD",
]


# ---------------------------------------------------------------------------------------- library API
def to_rdf(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI, provenance: str = "statements"):
    """The graph as an ``rdflib.Graph`` with the kgbuilder prefixes bound (for notebooks and small graphs).

    For files use ``write_turtle`` and friends: same triples, much faster.
    """
    from rdflib import Graph

    ns = prefixes(base_iri)
    rdf_graph = Graph()
    for prefix, iri in ns.items():
        rdf_graph.bind(prefix, iri, override=True, replace=True)
    add = rdf_graph.add
    for _graph, (subject, pairs) in describe(kg, RdflibTerms(ns), provenance):
        for predicate, obj in pairs:
            add((subject, predicate, obj))
    return rdf_graph


def iter_triples(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI,
                 provenance: str = "statements") -> Iterator:
    """The graph as ``pyoxigraph.Triple`` objects (e.g. ``store.extend`` or ``pyoxigraph.serialize``)."""
    import pyoxigraph as ox

    Triple = ox.Triple
    for _graph, (subject, pairs) in describe(kg, OxTerms(prefixes(base_iri)), provenance):
        for predicate, obj in pairs:
            yield Triple(subject, predicate, obj)


def iter_quads(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI, provenance: str = "statements",
               by_document: bool = False) -> Iterator:
    """The graph as ``pyoxigraph.Quad`` objects; ``by_document`` puts facts in one graph per document."""
    import pyoxigraph as ox

    Quad, default = ox.Quad, ox.DefaultGraph()
    for graph, (subject, pairs) in describe(kg, OxTerms(prefixes(base_iri)), provenance, by_document):
        graph = default if graph is None else graph
        for predicate, obj in pairs:
            yield Quad(subject, predicate, obj, graph)


def _prefix_lines(ns: dict[str, str]) -> str:
    return "".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in ns.items()) + "\n"


def iter_turtle(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI,
                provenance: str = "statements") -> Iterator[str]:
    """The Turtle document as text chunks (what ``write_turtle`` writes).

    Encode with ``.encode("utf-8", SURROGATE_ERRORS)``: lone surrogates from broken input become U+FFFD.
    """
    ns = prefixes(base_iri)
    yield _prefix_lines(ns)
    for _graph, text in describe(kg, TurtleTerms(ns), provenance):
        yield text


def iter_ntriples(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI,
                  provenance: str = "statements") -> Iterator[str]:
    """The N-Triples document as text chunks (what ``write_ntriples`` writes)."""
    for _graph, text in describe(kg, NTriplesTerms(prefixes(base_iri)), provenance):
        yield text


def _write_chunks(path: str | os.PathLike, chunks: Iterator[str]) -> Path:
    path = Path(path)
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", errors=SURROGATE_ERRORS, newline="\n") as fh:
            buffer: list[str] = []
            for chunk in chunks:
                buffer.append(chunk)
                if len(buffer) >= 4096:
                    fh.write("".join(buffer))
                    buffer.clear()
            fh.write("".join(buffer))
    return path


def write_turtle(kg: KnowledgeGraph, path: str | os.PathLike, base_iri: str = DEFAULT_BASE_IRI,
                 provenance: str = "statements") -> Path:
    """Write ``path`` as Turtle (atomically). Returns the path."""
    return _write_chunks(path, iter_turtle(kg, base_iri, provenance))


def write_ntriples(kg: KnowledgeGraph, path: str | os.PathLike, base_iri: str = DEFAULT_BASE_IRI,
                   provenance: str = "statements") -> Path:
    """Write ``path`` as N-Triples (atomically; one triple a line, so shards concatenate). Returns the path."""
    return _write_chunks(path, iter_ntriples(kg, base_iri, provenance))


def write_trig(kg: KnowledgeGraph, path: str | os.PathLike, base_iri: str = DEFAULT_BASE_IRI,
               provenance: str = "statements") -> Path:
    """Write ``path`` as TriG: descriptions in the default graph, one named graph per document."""
    ns = prefixes(base_iri)
    named: dict[str, list[str]] = {}

    def chunks() -> Iterator[str]:
        yield _prefix_lines(ns)
        for graph, text in describe(kg, TurtleTerms(ns), provenance, by_document=True):
            if graph is None:
                yield text
            else:  # a Turtle block indented into its graph (literals never hold a raw newline)
                named.setdefault(graph, []).append("".join(f"    {line}\n" for line in text.split("\n") if line))
        for graph in sorted(named):
            yield f"\n{graph} {{\n" + "".join(named[graph]) + "}\n"

    return _write_chunks(path, chunks())


def jsonld_context(base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """The JSON-LD ``@context`` of ``write_jsonld``: the kgbuilder prefixes."""
    return dict(prefixes(base_iri))


def to_jsonld(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI, provenance: str = "statements") -> dict:
    """The graph as a JSON-LD document (a dict with ``@context`` and ``@graph``), compact IRIs throughout."""
    type_key = "rdf:type"
    nodes: dict[str, dict] = {}
    for _graph, (subject, pairs) in describe(kg, JsonLdTerms(prefixes(base_iri)), provenance):
        node = nodes.setdefault(subject["@id"], {"@id": subject["@id"]})
        for predicate, obj in pairs:
            key = predicate["@id"]
            if key == type_key:
                node.setdefault("@type", []).append(obj["@id"])
            else:
                node.setdefault(key, []).append(obj)
    return {"@context": jsonld_context(base_iri), "@graph": list(nodes.values())}


def write_jsonld(kg: KnowledgeGraph, path: str | os.PathLike, base_iri: str = DEFAULT_BASE_IRI,
                 provenance: str = "statements") -> Path:
    """Write ``path`` as JSON-LD with a ``@context`` of the kgbuilder prefixes (atomically)."""
    document = to_jsonld(kg, base_iri, provenance)
    text = json.dumps(document, ensure_ascii=False, indent=1)
    return _write_chunks(path, iter([text, "\n"]))


def validate(data) -> tuple[bool, str]:
    """Check RDF against ``SHAPES_PATH`` with pyshacl: ``(conforms, report text)``.

    ``data`` is an rdflib Graph, a KnowledgeGraph, or the path of an RDF file.
    """
    try:
        import pyshacl
    except ImportError:
        raise ImportError("validate() needs pyshacl: pip install pyshacl (it is in kgbuilder's test extras)") from None
    from rdflib import Graph

    if isinstance(data, KnowledgeGraph):
        data = to_rdf(data)
    elif isinstance(data, (str, os.PathLike)):
        data = Graph().parse(str(data))
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    conforms, _report_graph, text = pyshacl.validate(data, shacl_graph=shapes, advanced=True,
                                                     allow_warnings=False)
    return bool(conforms), text
