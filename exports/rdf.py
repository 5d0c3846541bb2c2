"""The knowledge graph as RDF: an rdflib ``Graph`` for notebooks, fast Turtle/N-Triples/TriG/JSON-LD files.

The RDF model
=============

Namespaces. The *vocabulary* is fixed, so queries and the SHACL shapes (``exports/data/shapes.ttl``)
work whatever the data's base IRI; the *data* lives under a configurable base IRI::

    kg:      https://kgbuilder.example/ns#              classes and provenance properties
    rel:     https://kgbuilder.example/ns/relation/     one property per relation name (rel:spoke_with)
    attr:    https://kgbuilder.example/ns/attribute/    one property per node attribute (attr:title)
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

Provenance: one reified statement per evidence record. A positive edge is asserted as a plain triple
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
what identifies the reading (``statement_key``): a hash of (subject, relation, object, negated), a hash
of the document id, then sentence index, start and end offsets. Loading the same corpus twice, or two
overlapping corpora, never duplicates a statement, and there are no blank nodes. The edge's
combined confidence is an aggregate (noisy-or over its statements) and is deliberately not stored: it
would change, and so conflict, as the corpus grows; compute it in SPARQL or read ``graph.json``.

A negated edge ("Kerry did not meet X") is never asserted: it exists only as statement nodes with
``kg:negated true``. An RDF reification does not assert its triple, so a store never reads it as positive.

``provenance="none"`` gives plain facts only: entities, positive edges and the property declarations.

TriG (``write_trig``) puts entity descriptions, property declarations, documents and agents in the default
graph and, for each document, a named graph (named by the document IRI) with the facts it supports and
its statement nodes. Replacing one document's graph in a store (Graph Store Protocol ``PUT``) then
updates exactly that document's facts.

Speed
=====

One generator (``_describe``) walks the graph once and emits subject blocks through a small *term
factory*; the factory decides what a term is: rdflib terms (``to_rdf``), pyoxigraph terms
(``iter_triples``/``iter_quads``, e.g. to fill a Store), or ready-to-write Turtle/N-Triples/JSON-LD text.
Building a pyoxigraph ``Triple`` from Python costs about 2 us, several times what pyoxigraph needs to
serialize it, so the file writers format text directly (string escapes by the json module's C
escaper, IRIs percent-encoded) and the common statement block is one f-string
(``_TurtleTerms.statement_pieces``). That keeps ``write_turtle`` about 2x pyoxigraph's own serializer
(``benchmarks/rdf_speed.py`` prints both). Hypothesis tests check every text format against rdflib's
and pyoxigraph's parsers, and against ``to_rdf``, over hostile strings.
"""
from __future__ import annotations

import codecs
import datetime as _dt
import hashlib
import json
import operator
import os
import re
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

from kgbuilder.graph.io import atomic_path
from kgbuilder.graph.knowledge_graph import KnowledgeGraph

DEFAULT_BASE_IRI = "https://kgbuilder.example/"
#: SHACL shapes describing the output (checked in the tests with pyshacl, see ``validate``).
SHAPES_PATH = Path(__file__).resolve().parent / "data" / "shapes.ttl"
PROVENANCE_CHOICES = ("statements", "none")

KG = "https://kgbuilder.example/ns#"
REL = "https://kgbuilder.example/ns/relation/"
ATTR = "https://kgbuilder.example/ns/attribute/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"

#: spaCy entity label -> schema.org class (local name). Labels not listed get only kg:Entity.
SCHEMA_CLASSES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",  # countries, cities, states
    "LOC": "Place",  # mountains, rivers, regions
    "FAC": "Place",  # buildings, airports, bridges: schema:CivicStructure is a Place; Place is what users query
    "EVENT": "Event",
    "WORK_OF_ART": "CreativeWork",
    "PRODUCT": "Product",
    "LAW": "Legislation",
    "LANGUAGE": "Language",
}

#: The fixed vocabulary prefixes (data prefixes depend on the base IRI, see ``prefixes``).
VOCAB_PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "schema": SCHEMA, "prov": PROV,
    "dcterms": DCTERMS, "kg": KG, "rel": REL, "attr": ATTR,
}


def prefixes(base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """Every prefix the export uses: the vocabulary plus entity/doc/stmt/agent under ``base_iri``."""
    base = check_base_iri(base_iri)
    return {**VOCAB_PREFIXES, "entity": base + "entity/", "doc": base + "doc/",
            "stmt": base + "statement/", "agent": base + "extractor/"}


def check_base_iri(base_iri: str) -> str:
    """The base IRI, ending in ``/`` or ``#``; ValueError with an example when it is not an absolute IRI."""
    import pyoxigraph

    base = str(base_iri)
    if not base.endswith(("/", "#")):
        base += "/"
    if not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", base):
        raise ValueError(f"base IRI {base_iri!r} is not an absolute IRI; pass one like "
                         f"{DEFAULT_BASE_IRI!r} or 'https://example.org/mykg/'")
    try:
        pyoxigraph.NamedNode(base)
    except ValueError as err:
        raise ValueError(f"base IRI {base_iri!r} is not a valid IRI ({err}); pass one like "
                         f"{DEFAULT_BASE_IRI!r}") from None
    return base


def encode_id(value: str) -> str:
    """Percent-encode anything (a node id, a relation name) into a safe IRI segment. Injective."""
    value = str(value)
    if _UNRESERVED.fullmatch(value):  # nothing to encode (most ids): skip urllib's slower path
        return value
    return quote(value, safe="", errors="surrogatepass")


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


def entity_iri(node_id: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    return check_base_iri(base_iri) + "entity/" + encode_id(node_id)


def relation_iri(relation: str) -> str:
    return REL + encode_id(relation)


def document_iri(doc_id: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    return check_base_iri(base_iri) + "doc/" + encode_id(doc_id)


def statement_key(subject_id: str, relation: str, object_id: str, negated: bool, evidence: dict) -> str:
    """The local name of a statement node, derived from what identifies the reading it describes.

    ``{edge}_{document}_{sentence index}_{start}_{end}``: a hash of (subject, relation, object,
    negated), a hash of the document id, and the evidence's integer positions. The same reading of
    the same sentence always gets the same IRI, so loading a corpus twice adds nothing.
    """
    get = evidence.get
    return (_edge_hash(subject_id, relation, object_id, bool(negated)) + "_"
            + _doc_hash(get("doc_id", "")) + _positions(get("sentence_index"), get("start_char"),
                                                        get("end_char")))


def _edge_hash(subject_id: str, relation: str, object_id: str, negated: bool) -> str:
    # the lengths make it unambiguous (the object id is the rest); stable across runs, unlike hash()
    text = f"{len(subject_id)},{len(relation)},{negated:d}:{subject_id}{relation}{object_id}"
    return _blake2b(text.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


_blake2b = hashlib.blake2b


def _doc_hash(doc_id) -> str:
    return hashlib.blake2b(repr(doc_id).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _positions(index, start, end) -> str:
    if type(index) is int and type(start) is int and type(end) is int:
        return f"_{index}_{start}_{end}"
    # odd values (None, strings) from hand-made records: hash them so the name stays a safe local name
    text = repr((index, start, end)).encode("utf-8", "surrogatepass")
    return "_h" + hashlib.blake2b(text, digest_size=8).hexdigest()


_EVIDENCE_FIELDS = operator.itemgetter("doc_id", "sentence_index", "start_char", "end_char", "sentence",
                                      "confidence", "extractor", "surface")
_EVIDENCE_DEFAULTS = {"doc_id": "", "sentence_index": None, "start_char": None, "end_char": None,
                      "sentence": None, "confidence": None, "extractor": "rules", "surface": ""}


# ---------------------------------------------------------------------------------------- literal values
_SURROGATES = re.compile("[\ud800-\udfff]")
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MDY = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", re.ASCII)  # November 21, 2015 / Nov. 21 2015
_DMY = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})", re.ASCII)  # 21 November 2015
_INTEGER = re.compile(r"0|-?[1-9]\d{0,17}", re.ASCII)  # as written: no "-0", no leading zeros


def parse_date(text: str) -> str | None:
    """ISO ``YYYY-MM-DD`` for a value that is a full calendar date, else None."""
    text = text.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return _dt.date.fromisoformat(text).isoformat()
        if m := _MDY.fullmatch(text):
            month, day, year = _MONTHS.get(m[1].lower()), int(m[2]), int(m[3])
        elif m := _DMY.fullmatch(text):
            day, month, year = int(m[1]), _MONTHS.get(m[2].lower()), int(m[3])
        else:
            return None
        return _dt.date(year, month, day).isoformat() if month else None
    except ValueError:  # 2015-02-30 and the like
        return None


def clean_text(text: str) -> str:
    """A string every RDF syntax can carry: lone surrogates (only possible from broken JSON) become U+FFFD."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


def _decimal(value: float) -> str:
    """The canonical xsd:decimal lexical form of a confidence (4 places, trailing zeros dropped)."""
    text = f"{float(value):.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


# ---------------------------------------------------------------------------------------- term factories
class _Terms:
    """Makes terms for one target. ``iri(prefix, local)`` takes an already IRI-safe local part."""

    def __init__(self, namespaces: dict[str, str]):
        self.ns = namespaces

    def iri(self, prefix: str, local: str) -> Any: ...

    def statement(self, key: str) -> Any:
        """The IRI of a statement node from its hex hash (always a safe local name)."""
        return self.iri("stmt", key)

    def string(self, text: str) -> Any: ...
    def integer(self, value: int) -> Any: ...
    def decimal(self, lexical: str) -> Any: ...
    def boolean(self, value: bool) -> Any: ...
    def date(self, lexical: str) -> Any: ...


class _RdflibTerms(_Terms):
    def __init__(self, namespaces):
        super().__init__(namespaces)
        from rdflib import Literal, URIRef
        from rdflib.namespace import XSD as _XSD

        self._uri, self._lit, self._xsd = URIRef, Literal, _XSD

    def iri(self, prefix, local):
        return self._uri(self.ns[prefix] + local)

    def string(self, text):
        return self._lit(clean_text(text))

    def integer(self, value):
        return self._lit(str(value), datatype=self._xsd.integer)

    def decimal(self, lexical):
        return self._lit(lexical, datatype=self._xsd.decimal)

    def boolean(self, value):
        return self._lit("true" if value else "false", datatype=self._xsd.boolean)

    def date(self, lexical):
        return self._lit(lexical, datatype=self._xsd.date)


class _OxTerms(_Terms):
    def __init__(self, namespaces):
        super().__init__(namespaces)
        import pyoxigraph as ox

        self._node, self._lit = ox.NamedNode, ox.Literal
        self._dt = {name: ox.NamedNode(XSD + name) for name in ("integer", "decimal", "boolean", "date")}

    def iri(self, prefix, local):
        return self._node(self.ns[prefix] + local)

    def string(self, text):
        return self._lit(clean_text(text))

    def integer(self, value):
        return self._lit(str(value), datatype=self._dt["integer"])

    def decimal(self, lexical):
        return self._lit(lexical, datatype=self._dt["decimal"])

    def boolean(self, value):
        return self._lit("true" if value else "false", datatype=self._dt["boolean"])

    def date(self, lexical):
        return self._lit(lexical, datatype=self._dt["date"])


# String literals for Turtle/N-Triples/TriG: the C escaper of the json module. JSON's string escapes
# (\" \\ \b \f \n \r \t \u00XX for the other control characters) are all Turtle/N-Triples escapes
# too, and it is four times faster than anything written in Python. Lone surrogates (possible only
# from broken JSON input) pass through it: the writers encode them as U+FFFD (see _write_chunks), as
# ``clean_text`` does for the other targets.
_quoted = json.encoder.encode_basestring
SURROGATE_ERRORS = "kgbuilder.surrogates"  # codec error handler: text.encode("utf-8", SURROGATE_ERRORS)
# (bytes, because the UTF-8 encoder accepts only ASCII str replacements)
codecs.register_error(SURROGATE_ERRORS, lambda err: ("\ufffd".encode() * (err.end - err.start), err.end))
# A Turtle PN_LOCAL that needs no backslash escapes, for our percent-encoded local names.
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_%](?:[A-Za-z0-9_\-.%]*[A-Za-z0-9_\-%])?")


class _NTriplesTerms(_Terms):
    """Terms as N-Triples text: full IRIs, escaped strings, explicit datatypes."""

    string = staticmethod(_quoted)

    def iri(self, prefix, local):
        return f"<{self.ns[prefix]}{local}>"

    def integer(self, value):
        return f'"{value}"^^<{XSD}integer>'

    def decimal(self, lexical):
        return f'"{lexical}"^^<{XSD}decimal>'

    def boolean(self, value):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'

    def date(self, lexical):
        return f'"{lexical}"^^<{XSD}date>'


class _TurtleTerms(_NTriplesTerms):
    """Terms as Turtle text: prefixed names where the local part allows, number and boolean shorthands."""

    string = staticmethod(_quoted)
    integer = staticmethod(str)

    def iri(self, prefix, local):
        if prefix == "rdf" and local == "type":
            return "a"  # only ever used as a predicate
        if _SAFE_LOCAL.fullmatch(local):
            return f"{prefix}:{local}"
        return f"<{self.ns[prefix]}{local}>"

    def statement(self, key):
        return f"stmt:{key}"

    # The common statement block as text in one go: the same triples as the generic pairs in
    # ``_describe`` (tests check that Turtle and ``to_rdf`` are isomorphic), about twice as fast.
    @staticmethod
    def statement_head(subject, predicate, obj, negated):
        return (f"a rdf:Statement ;\n    rdf:subject {subject} ;\n    rdf:predicate {predicate} ;\n"
                f"    rdf:object {obj} ;\n    kg:negated {negated}")

    # The pieces of the common statement block, joined in _describe by one f-string (no call per block):
    # iri, " a rdf:Statement ; ... kg:negated x" (statement_head), document, sentence, index, start, end,
    # confidence, extractor, optional surface.
    statement_pieces = (" ", " ;\n    dcterms:source ", " ;\n    kg:sentence ", " ;\n    kg:sentenceIndex ",
                        " ;\n    kg:startChar ", " ;\n    kg:endChar ", " ;\n    kg:confidence ",
                        " ;\n    prov:wasAttributedTo ", " ;\n    kg:surface ", " .\n\n")

    def decimal(self, lexical):
        return lexical

    def boolean(self, value):
        return "true" if value else "false"

    def date(self, lexical):
        return f'"{lexical}"^^xsd:date'


class _JsonLdTerms(_Terms):
    """Terms as JSON-LD values: {"@id": compact IRI}, plain strings, {"@value", "@type"} objects."""

    def iri(self, prefix, local):
        return {"@id": f"{prefix}:{local}"}

    def string(self, text):
        return clean_text(text)

    def integer(self, value):
        return {"@value": str(value), "@type": "xsd:integer"}

    def decimal(self, lexical):
        return {"@value": lexical, "@type": "xsd:decimal"}

    def boolean(self, value):
        return {"@value": "true" if value else "false", "@type": "xsd:boolean"}

    def date(self, lexical):
        return {"@value": lexical, "@type": "xsd:date"}


# ---------------------------------------------------------------------------------------- the one walk
class _Vocab:
    """The fixed terms, made once per export by the target's factory."""

    def __init__(self, T: _Terms):
        i = T.iri
        self.type, self.label, self.property = i("rdf", "type"), i("rdfs", "label"), i("rdf", "Property")
        self.statement, self.subject = i("rdf", "Statement"), i("rdf", "subject")
        self.predicate, self.object = i("rdf", "predicate"), i("rdf", "object")
        self.alt_label, self.entity = i("skos", "altLabel"), i("kg", "Entity")
        self.note = i("skos", "editorialNote")  # why a name joined the entity (graph.json "merged")
        self.entity_type, self.mention_count = i("kg", "entityType"), i("kg", "mentionCount")
        self.negated, self.sentence = i("kg", "negated"), i("kg", "sentence")
        self.sentence_index, self.start, self.end = (i("kg", "sentenceIndex"), i("kg", "startChar"),
                                                     i("kg", "endChar"))
        self.confidence, self.surface = i("kg", "confidence"), i("kg", "surface")
        self.source, self.identifier = i("dcterms", "source"), i("dcterms", "identifier")
        self.prov_entity, self.agent = i("prov", "Entity"), i("prov", "SoftwareAgent")
        self.attributed = i("prov", "wasAttributedTo")
        self.true, self.false = T.boolean(True), T.boolean(False)
        self.classes = {label: i("schema", name) for label, name in SCHEMA_CLASSES.items()}


def check_provenance(provenance: str) -> None:
    """ValueError naming the choices when ``provenance`` is not one of them."""
    if provenance not in PROVENANCE_CHOICES:
        raise ValueError(f"provenance={provenance!r}: choose one of {', '.join(PROVENANCE_CHOICES)}")


def _describe(kg: KnowledgeGraph, T: _Terms, provenance: str = "statements",
              by_document: bool = False) -> Iterator[tuple[Any, Any, list[tuple[Any, Any]]]]:
    """Yield ``(graph, subject, [(predicate, object), ...])`` blocks describing ``kg`` in ``T``'s terms.

    ``graph`` is None for the default graph, else a document IRI (only when ``by_document``).
    A factory with ``statement_pieces`` (Turtle text) also gets ``(graph, None, text)``: complete
    statement blocks already rendered.
    The order is deterministic: entities by id, facts by (subject, relation, object), then the
    declarations of relations, attributes, documents and extractors used.
    """
    check_provenance(provenance)
    V = _Vocab(T)
    g = kg.graph
    with_statements = provenance == "statements"
    entities: dict[str, Any] = {}
    relations: dict[str, Any] = {}
    attributes: dict[str, Any] = {}
    documents: dict[str, Any] = {}
    agents: dict[str, Any] = {}
    values: dict[Any, Any] = {}
    decimals: dict[Any, Any] = {}
    string, integer = T.string, T.integer
    doc_info: dict[Any, tuple[Any, str]] = {}  # doc id -> (term, hash for statement names)
    pieces = getattr(T, "statement_pieces", None)
    fast_body = pieces is not None
    t0, t1, t2, t3, t4, t5, t6, t7, t_surface, t_end = pieces or ("",) * 10
    stmt_prefix = T.statement("") if fast_body else ""
    blake2b = _blake2b
    fields = _EVIDENCE_FIELDS
    statement = T.statement
    classes = V.classes
    P_LABEL, P_ALT_LABEL, C_ENTITY, P_ENTITY_TYPE, P_MENTIONS = (
        V.label, V.alt_label, V.entity, V.entity_type, V.mention_count)
    P_TYPE, C_STATEMENT, P_SUBJECT, P_PREDICATE, P_OBJECT, P_NEGATED = (
        V.type, V.statement, V.subject, V.predicate, V.object, V.negated)
    P_SOURCE, P_SENTENCE, P_INDEX, P_START, P_END, P_CONFIDENCE, P_ATTRIBUTED, P_SURFACE = (
        V.source, V.sentence, V.sentence_index, V.start, V.end, V.confidence, V.attributed, V.surface)

    def entity(node_id):
        term = entities.get(node_id)
        if term is None:
            term = entities[node_id] = T.iri("entity", encode_id(node_id))
        return term

    def relation(name):
        term = relations.get(name)
        if term is None:
            term = relations[name] = T.iri("rel", encode_id(name))
        return term

    def document(doc_id):  # keyed by the raw id (one term per distinct id), named by its text
        term = documents.get(doc_id)
        if term is None:
            term = documents[doc_id] = T.iri("doc", encode_id(doc_id))
        return term

    def agent(name):
        term = agents.get(name)
        if term is None:
            term = agents[name] = T.iri("agent", encode_id(name or "rules"))
        return term

    def value(raw):
        term = values.get(raw)
        if term is None:
            term = values[raw] = _attribute_value(T, raw)
        return term

    # networkx's plain dicts under the views (node -> attrs, node -> {neighbour: {key: attrs}}):
    # the public views cost more than everything else in this loop.
    succ, node_data = g._succ, g._node
    type_terms: dict[str, Any] = {}
    for node_id, data in sorted(node_data.items(), key=lambda item: str(item[0])):
        subject = entity(node_id)
        get = data.get
        label = str(get("label") or node_id)
        pairs = [(P_TYPE, C_ENTITY)]
        type_ = get("type") or ""
        if type_:
            if type_ in classes:
                pairs.append((P_TYPE, classes[type_]))
        pairs.append((P_LABEL, string(label)))
        aliases = get("aliases")
        if aliases:
            seen = {label}
            for alias in aliases:
                alias = str(alias)
                if alias not in seen:
                    seen.add(alias)
                    pairs.append((P_ALT_LABEL, string(alias)))
        for record in get("merged") or ():  # '"IRGC": initials'
            pairs.append((V.note, string(f'"{record["alias"]}": {record["reason"]}')))
        if type_:
            term = type_terms.get(type_)
            if term is None:
                term = type_terms[type_] = string(str(type_))
            pairs.append((P_ENTITY_TYPE, term))
        mentions = get("mentions")
        if mentions:
            pairs.append((P_MENTIONS, integer(int(mentions))))
        attrs = get("attributes")
        if attrs:
            for key, vals in sorted(attrs.items()):
                prop = attributes.get(key)
                if prop is None:
                    prop = attributes[key] = T.iri("attr", encode_id(key))
                if isinstance(vals, (str, int, float)):
                    vals = [vals]
                for raw in vals:
                    pairs.append((prop, value(raw)))

        # Outgoing edges in a stable order: by object id, then edge key (ids and keys are strings).
        edges = []
        later = []
        for o, key, edge in sorted([(o, k, d) for o, keyed in succ[node_id].items() for k, d in keyed.items()]):
            rel, negated = edge["relation"], bool(edge.get("negated"))
            if negated and not with_statements:
                continue  # plain facts only: a negated edge leaves no trace (its relation undeclared)
            try:
                predicate = relations[rel]
            except KeyError:
                predicate = relation(rel)
            try:
                obj = entities[o]
            except KeyError:
                obj = entity(o)
            edges.append((o, rel, negated, predicate, obj, edge))
            if negated:
                continue  # never asserted: only its statement nodes (kg:negated true) describe it
            if by_document and edge.get("evidence"):
                later.append((predicate, obj, edge))
            else:
                pairs.append((predicate, obj))
        yield None, subject, pairs
        for predicate, obj, edge in later:  # TriG: the fact goes into the graph of each document behind it
            for doc_id in dict.fromkeys(ev.get("doc_id", "") for ev in edge["evidence"]):
                yield document(doc_id), subject, [(predicate, obj)]
        if not with_statements:
            continue

        # The evidence of those edges, one statement node per record.
        rendered: list[str] = []  # text blocks from the fast path, handed on once per node
        for o, rel, negated, predicate, obj, edge in edges:
            negated_term = V.true if negated else V.false
            head = [(P_TYPE, C_STATEMENT), (P_SUBJECT, subject), (P_PREDICATE, predicate), (P_OBJECT, obj),
                    (P_NEGATED, negated_term)]
            edge_confidence = edge.get("confidence")
            edge_key = blake2b(f"{len(node_id)},{len(rel)},{negated:d}:{node_id}{rel}{o}"  # = _edge_hash
                               .encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()
            if fast_body:
                head_text = T.statement_head(subject, predicate, obj, negated_term)
            for ev in edge.get("evidence") or ():
                try:
                    doc_id, index, start, end, sentence, confidence, extractor, surface = fields(ev)
                except KeyError:  # a hand-made record with fields missing
                    ev = {**_EVIDENCE_DEFAULTS, "confidence": edge_confidence, **ev}
                    doc_id, index, start, end, sentence, confidence, extractor, surface = fields(ev)
                try:
                    doc, doc_key = doc_info[doc_id]
                except KeyError:
                    doc, doc_key = doc_info[doc_id] = (document(doc_id), "_" + _doc_hash(doc_id))
                try:
                    conf = decimals[confidence]
                except KeyError:
                    conf = decimals[confidence] = (None if confidence is None
                                                   else T.decimal(_decimal(confidence)))
                try:
                    by = agents[extractor]
                except KeyError:
                    by = agent(extractor)
                common = (type(index) is int and type(start) is int and type(end) is int
                          and type(sentence) is str and type(surface) is str and conf is not None
                          and 0 <= index and 0 <= start <= end)
                if common and fast_body:  # text targets render the whole block in one string
                    block = (f"{stmt_prefix}{edge_key}{doc_key}_{index}_{start}_{end}{t0}{head_text}{t1}{doc}"
                             f"{t2}{string(sentence)}{t3}{index}{t4}{start}{t5}{end}{t6}{conf}{t7}{by}"
                             f"{t_surface + string(surface) if surface else ''}{t_end}")
                    if by_document:
                        yield doc, None, block
                    else:
                        rendered.append(block)
                    continue
                if common:
                    pairs = [*head, (P_SOURCE, doc), (P_SENTENCE, string(sentence)),
                             (P_INDEX, integer(index)), (P_START, integer(start)), (P_END, integer(end)),
                             (P_CONFIDENCE, conf)]
                else:
                    pairs = [*head, (P_SOURCE, doc)]
                    if sentence is not None:
                        pairs.append((P_SENTENCE, string(str(sentence))))
                    if type(index) is int and index >= 0:
                        pairs.append((P_INDEX, integer(index)))
                    if type(start) is int and type(end) is int and 0 <= start <= end:
                        pairs.append((P_START, integer(start)))
                        pairs.append((P_END, integer(end)))
                    if conf is not None:
                        pairs.append((P_CONFIDENCE, conf))
                pairs.append((P_ATTRIBUTED, by))
                if surface:
                    pairs.append((P_SURFACE, string(str(surface))))
                key = edge_key + doc_key + _positions(index, start, end)
                yield (doc if by_document else None), statement(key), pairs
        if rendered:
            yield None, None, "".join(rendered)

    for name, term in sorted(relations.items()):
        yield None, term, [(V.type, V.property), (V.label, T.string(name.replace("_", " ")))]
    for name, term in sorted(attributes.items()):
        yield None, term, [(V.type, V.property), (V.label, T.string(name.replace("_", " ")))]
    for doc_id, term in sorted(documents.items(), key=lambda item: str(item[0])):
        yield None, term, [(V.type, V.prov_entity), (V.identifier, T.string(str(doc_id)))]
    for name, term in sorted(agents.items(), key=lambda item: str(item[0])):
        yield None, term, [(V.type, V.agent), (V.label, T.string(str(name or "rules")))]


def _attribute_value(T: _Terms, raw: Any) -> Any:
    if isinstance(raw, bool):
        return T.boolean(raw)
    if isinstance(raw, int):
        return T.integer(raw)
    if isinstance(raw, float):
        return T.decimal(_decimal(raw)) if raw == round(raw, 4) else T.string(repr(raw))
    text = str(raw)
    if _INTEGER.fullmatch(text):
        return T.integer(int(text))
    date = parse_date(text) if any(c.isdigit() for c in text) else None
    return T.date(date) if date else T.string(text)


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
    for _graph, subject, pairs in _describe(kg, _RdflibTerms(ns), provenance):
        for predicate, obj in pairs:
            add((subject, predicate, obj))
    return rdf_graph


def iter_triples(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI,
                 provenance: str = "statements") -> Iterator:
    """The graph as ``pyoxigraph.Triple`` objects (e.g. ``store.extend`` or ``pyoxigraph.serialize``)."""
    import pyoxigraph as ox

    Triple = ox.Triple
    for _graph, subject, pairs in _describe(kg, _OxTerms(prefixes(base_iri)), provenance):
        for predicate, obj in pairs:
            yield Triple(subject, predicate, obj)


def iter_quads(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI, provenance: str = "statements",
               by_document: bool = False) -> Iterator:
    """The graph as ``pyoxigraph.Quad`` objects; ``by_document`` puts facts in one graph per document."""
    import pyoxigraph as ox

    Quad, default = ox.Quad, ox.DefaultGraph()
    for graph, subject, pairs in _describe(kg, _OxTerms(prefixes(base_iri)), provenance, by_document):
        graph = default if graph is None else graph
        for predicate, obj in pairs:
            yield Quad(subject, predicate, obj, graph)


def _prefix_lines(ns: dict[str, str]) -> str:
    return "".join(f"@prefix {prefix}: <{iri}> .\n" for prefix, iri in ns.items()) + "\n"


def _turtle_block(subject: str | None, pairs: list | str, indent: str = "") -> str:
    """``subject p1 o1 ; p2 o2 .``; ``subject`` None means ``pairs`` is already rendered text."""
    if subject is None:  # (literals never hold a raw newline: splitting lines is safe)
        return "".join(f"{indent}{line}\n" for line in pairs.split("\n") if line) if indent else pairs
    body = f" ;\n{indent}    ".join(map(" ".join, pairs))
    return f"{indent}{subject} {body} .\n" if indent else f"{subject} {body} .\n\n"


def iter_turtle(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI,
                provenance: str = "statements") -> Iterator[str]:
    """The Turtle document as text chunks (what ``write_turtle`` writes).

    Encode with ``.encode("utf-8", SURROGATE_ERRORS)``: lone surrogates from broken input become U+FFFD.
    """
    ns = prefixes(base_iri)
    T = _TurtleTerms(ns)
    yield _prefix_lines(ns)
    for _graph, subject, pairs in _describe(kg, T, provenance):
        if subject is None:  # statement blocks rendered from _TurtleTerms.statement_pieces
            yield pairs
        else:
            yield _turtle_block(subject, pairs)


def iter_ntriples(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI,
                  provenance: str = "statements") -> Iterator[str]:
    """The N-Triples document as text chunks (what ``write_ntriples`` writes)."""
    T = _NTriplesTerms(prefixes(base_iri))
    for _graph, subject, pairs in _describe(kg, T, provenance):
        yield "".join([f"{subject} {p} {o} .\n" for p, o in pairs])


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
    T = _TurtleTerms(ns)
    named: dict[str, list[str]] = {}

    def chunks() -> Iterator[str]:
        yield _prefix_lines(ns)
        for graph, subject, pairs in _describe(kg, T, provenance, by_document=True):
            if graph is None:
                yield _turtle_block(subject, pairs)
            else:
                named.setdefault(graph, []).append(_turtle_block(subject, pairs, indent="    "))
        for graph in sorted(named):
            yield f"\n{graph} {{\n" + "".join(named[graph]) + "}\n"

    return _write_chunks(path, chunks())


def jsonld_context(base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """The JSON-LD ``@context`` of ``write_jsonld``: the kgbuilder prefixes."""
    return dict(prefixes(base_iri))


def to_jsonld(kg: KnowledgeGraph, base_iri: str = DEFAULT_BASE_IRI, provenance: str = "statements") -> dict:
    """The graph as a JSON-LD document (a dict with ``@context`` and ``@graph``), compact IRIs throughout."""
    ns = prefixes(base_iri)
    T = _JsonLdTerms(ns)
    type_key = "rdf:type"
    nodes: dict[str, dict] = {}
    for _graph, subject, pairs in _describe(kg, T, provenance):
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
