"""The one walk over a KnowledgeGraph that describes it in RDF (the model is in exports/rdf.py).

``describe(kg, T)`` yields ``(graph, block)`` pairs: ``graph`` is None for the default graph or a
document IRI (TriG), ``block`` is what the term factory ``T`` makes of a subject and its pairs (see
exports/rdf_terms.py). Each part of the description has its own function: a node's own triples
(``node_pairs``), its outgoing edges as facts (``facts``), the asserted ones (``fact_blocks``), their
evidence as statement nodes (``statement_blocks``), and the declarations of the properties, documents
and extractors used (``declaration_blocks``). It reads the graph through KnowledgeGraph's public API.
"""
from __future__ import annotations

import operator
from typing import Any, Iterator

from kgbuilder.exports.rdf_terms import (PROVENANCE_CHOICES, Terms, attribute_value, decimal_lexical, doc_hash,
                                         edge_hash, encode_id, positions)
from kgbuilder.graph.knowledge_graph import KnowledgeGraph, kind_of_node
from kgbuilder.graph.schema import Schema, load_schema

_EVIDENCE_FIELDS = operator.itemgetter("doc_id", "sentence_index", "start_char", "end_char", "sentence",
                                      "confidence", "extractor", "surface")
_EVIDENCE_DEFAULTS = {"doc_id": "", "sentence_index": None, "start_char": None, "end_char": None,
                      "sentence": None, "confidence": None, "extractor": "rules", "surface": ""}
_EDGE_FIELDS = operator.itemgetter("relation", "negated", "modality", "schema")
_EDGE_DEFAULTS = {"negated": False, "modality": "", "schema": ""}


def check_provenance(provenance: str) -> None:
    """ValueError naming the choices when ``provenance`` is not one of them."""
    if provenance not in PROVENANCE_CHOICES:
        raise ValueError(f"provenance={provenance!r}: choose one of {', '.join(PROVENANCE_CHOICES)}")


#: A fact is one outgoing edge of a node with its terms, as a tuple (one is made per edge):
#: (object id, relation, negated, modality, predicate term, object term, edge attributes).
Fact = tuple


class Describer:
    """The state of one export: the target's term factory and every term made so far, each made once."""

    def __init__(self, T: Terms, with_statements: bool):
        self.T, self.V = T, T.V
        self.with_statements = with_statements
        self.entities: dict[Any, Any] = {}
        self.relations: dict[str, Any] = {}
        self.schemas: dict[str, set[str]] = {}  # relation -> the schema relations its edges name
        self.attributes: dict[str, Any] = {}
        self.documents: dict[Any, tuple[Any, str]] = {}  # doc id -> (term, hash for statement names)
        self.agents: dict[Any, Any] = {}
        self.values: dict[Any, Any] = {}
        self.decimals: dict[Any, Any] = {}
        self.types: dict[str, Any] = {}

    def entity(self, node_id):
        term = self.entities.get(node_id)
        if term is None:
            term = self.entities[node_id] = self.T.iri("entity", encode_id(node_id))
        return term

    def relation(self, name: str):
        term = self.relations.get(name)
        if term is None:
            term = self.relations[name] = self.T.iri("rel", encode_id(name))
            self.schemas[name] = set()
        return term

    def attribute(self, key: str):
        term = self.attributes.get(key)
        if term is None:
            term = self.attributes[key] = self.T.iri("attr", encode_id(key))
        return term

    def document(self, doc_id) -> tuple[Any, str]:  # keyed by the raw id (one term per distinct id)
        found = self.documents.get(doc_id)
        if found is None:
            found = self.documents[doc_id] = (self.T.iri("doc", encode_id(doc_id)), "_" + doc_hash(doc_id))
        return found

    def agent(self, name):
        term = self.agents.get(name)
        if term is None:
            term = self.agents[name] = self.T.iri("agent", encode_id(name or "rules"))
        return term

    def value(self, raw):
        term = self.values.get(raw)
        if term is None:
            term = self.values[raw] = attribute_value(self.T, raw)
        return term

    def confidence(self, value):
        term = self.decimals.get(value)
        if term is None and value not in self.decimals:
            term = self.decimals[value] = None if value is None else self.T.decimal(decimal_lexical(value))
        return term

    def entity_type(self, type_: str):
        term = self.types.get(type_)
        if term is None:
            term = self.types[type_] = self.T.string(str(type_))
        return term


def describe(kg: KnowledgeGraph, T: Terms, provenance: str = "statements",
             by_document: bool = False) -> Iterator[tuple[Any, Any]]:
    """Yield ``(graph, block)`` describing ``kg`` in ``T``'s terms, in a deterministic order: nodes by id,
    each followed by its facts' statements; then the declarations of the properties, documents and
    extractors used."""
    check_provenance(provenance)
    d = Describer(T, provenance == "statements")
    outgoing = dict(kg.adjacency())
    for node_id, data in sorted(kg.nodes(), key=lambda item: str(item[0])):
        subject = d.entity(node_id)
        # by object id, then edge key (ids and keys are strings)
        edges = sorted([(o, k, e) for o, keyed in outgoing[node_id].items() for k, e in keyed.items()])
        facts = _facts(d, edges)
        yield from fact_blocks(d, subject, node_pairs(d, node_id, data), facts, by_document)
        if d.with_statements and facts:
            blocks = statement_blocks(d, subject, node_id, facts, by_document)
            if T.text and not by_document:  # text concatenates: one chunk per node, not per statement
                yield None, "".join([block for _graph, block in blocks])
            else:
                yield from blocks
    yield from declaration_blocks(d, load_schema())


def node_pairs(d: Describer, node_id, data: dict) -> list[tuple[Any, Any]]:
    """A node's own triples: its classes, label, aliases (and why each joined), spaCy label, mention count
    and attributes.

    An entity is a ``kg:Entity`` (and the schema.org class of its label); a phrase is a ``kg:Concept``
    and a value (date, number, quoted statement) a ``kg:Value``: the claims layer.
    """
    V, T, get = d.V, d.T, data.get
    string = T.string
    label = str(get("label") or node_id)
    type_ = get("type") or ""
    kind = kind_of_node(data)
    if kind == "entity":
        pairs = [(V.type, V.entity), (V.type, V.classes[type_])] if type_ in V.classes else [(V.type, V.entity)]
    else:
        pairs = [(V.type, V.value if kind == "literal" else V.concept)]
    pairs.append((V.label, string(label)))
    aliases, merged, mentions, attributes = get("aliases"), get("merged"), get("mentions"), get("attributes")
    if aliases:
        seen = {label}
        for alias in aliases:
            alias = str(alias)
            if alias not in seen:
                seen.add(alias)
                pairs.append((V.alt_label, string(alias)))
    if merged:
        for record in merged:  # '"IRGC": initials'
            pairs.append((V.note, string(f'"{record["alias"]}": {record["reason"]}')))
    if type_:
        try:
            pairs.append((V.entity_type, d.types[type_]))
        except KeyError:
            pairs.append((V.entity_type, d.entity_type(type_)))
    if mentions:
        pairs.append((V.mention_count, T.integer(int(mentions))))
    if attributes:
        for key, values in sorted(attributes.items()):
            prop = d.attribute(key)
            for raw in [values] if isinstance(values, (str, int, float)) else values:
                pairs.append((prop, d.value(raw)))
    return pairs


def _facts(d: Describer, edges: list) -> list[Fact]:
    """The outgoing edges as facts; without statements, a denied or hypothetical one leaves no trace.

    Called for every node of a big export: the term caches are read inline."""
    facts, entities, relations, schemas = [], d.entities, d.relations, d.schemas
    for o, _key, edge in edges:
        try:
            relation, negated, modality, schema = _EDGE_FIELDS(edge)
        except KeyError:  # a hand-made edge with attributes missing
            relation, negated, modality, schema = _EDGE_FIELDS({**_EDGE_DEFAULTS, **edge})
        if (negated or modality) and not d.with_statements:
            continue
        try:
            predicate = relations[relation]
        except KeyError:
            predicate = d.relation(relation)
        if schema and schema != relation:
            schemas[relation].add(schema)
        try:
            obj = entities[o]
        except KeyError:
            obj = d.entity(o)
        facts.append((o, relation, bool(negated), modality or "", predicate, obj, edge))
    return facts


def fact_blocks(d: Describer, subject, pairs: list, facts: list[Fact], by_document: bool) -> list:
    """``(graph, block)`` of the node with its asserted facts; by document (TriG), a fact with evidence goes
    into the graph of each document behind it instead. A denied or hypothetical fact is never asserted."""
    if not by_document:
        pairs += [(predicate, obj) for _o, _r, negated, modality, predicate, obj, _e in facts
                  if not negated and not modality]
        return [(None, d.T.block(subject, pairs))]
    later = []
    for _o, _rel, negated, modality, predicate, obj, edge in facts:
        if negated or modality:
            continue
        if edge.get("evidence"):
            later.append((predicate, obj, edge["evidence"]))
        else:
            pairs.append((predicate, obj))
    blocks = [(None, d.T.block(subject, pairs))]
    for predicate, obj, evidence in later:
        for doc_id in dict.fromkeys(ev.get("doc_id", "") for ev in evidence):
            blocks.append((d.document(doc_id)[0], d.T.block(subject, [(predicate, obj)])))
    return blocks


def statement_blocks(d: Describer, subject, node_id, facts: list[Fact], by_document: bool) -> list:
    """``(graph, block)`` of one ``rdf:Statement`` node per evidence record of each fact (see ``statement_key``).

    The hot loop of a big export: the term caches are read inline (a call each would cost more)."""
    T, V = d.T, d.V
    blocks = []
    statement_block, documents, decimals, agents = T.statement_block, d.documents, d.decimals, d.agents
    for o, relation, negated, modality, predicate, obj, edge in facts:
        negated_term = V.true if negated else V.false
        head = T.statement_head(subject, predicate, obj, negated_term, modality)
        edge_key = edge_hash(node_id, relation, o, negated, modality)
        for ev in edge.get("evidence") or ():
            try:
                doc_id, index, start, end, sentence, confidence, extractor, surface = _EVIDENCE_FIELDS(ev)
            except KeyError:  # a hand-made record with fields missing
                ev = {**_EVIDENCE_DEFAULTS, "confidence": edge.get("confidence"), **ev}
                doc_id, index, start, end, sentence, confidence, extractor, surface = _EVIDENCE_FIELDS(ev)
            try:
                doc, doc_key = documents[doc_id]
            except KeyError:
                doc, doc_key = d.document(doc_id)
            try:
                conf = decimals[confidence]
            except KeyError:
                conf = d.confidence(confidence)
            try:
                by = agents[extractor]
            except KeyError:
                by = d.agent(extractor)
            if (type(index) is int and type(start) is int and type(end) is int and type(sentence) is str
                    and type(surface) is str and conf is not None and 0 <= index and 0 <= start <= end):
                block = statement_block(edge_key + doc_key, head, doc, sentence, index, start, end, conf, by,
                                        surface)
            else:
                block = _odd_statement_block(d, (subject, predicate, obj, negated_term, modality),
                                             edge_key + doc_key, ev, doc, conf, by)
            blocks.append(((doc if by_document else None), block))
    return blocks


def _odd_statement_block(d: Describer, reified: tuple, key: str, ev: dict, doc, conf, by):
    """A statement from a hand-made record: what is missing or malformed is left out, never invented."""
    T, V = d.T, d.V
    index, start, end = ev["sentence_index"], ev["start_char"], ev["end_char"]
    pairs = [*Terms.statement_head(T, *reified), (V.source, doc)]
    if ev["sentence"] is not None:
        pairs.append((V.sentence, T.string(str(ev["sentence"]))))
    if type(index) is int and index >= 0:
        pairs.append((V.sentence_index, T.integer(index)))
    if type(start) is int and type(end) is int and 0 <= start <= end:
        pairs.append((V.start, T.integer(start)))
        pairs.append((V.end, T.integer(end)))
    if conf is not None:
        pairs.append((V.confidence, conf))
    pairs.append((V.attributed, by))
    if ev["surface"]:
        pairs.append((V.surface, T.string(str(ev["surface"]))))
    return T.block(T.statement(key + positions(index, start, end)), pairs)


def declaration_blocks(d: Describer, schema: Schema) -> Iterator:
    """The relations used (each ``rdfs:subPropertyOf`` its schema relation), the schema relations they
    reach (their parent, their Wikidata alignment), then attributes, documents and extractors."""
    T, V = d.T, d.V
    parents = {name: set(found) for name, found in d.schemas.items()}
    reached = {p for found in parents.values() for p in found} | {n for n in parents if n in schema.relations}
    todo = list(reached)
    while todo:  # up the hierarchy: leader_of -> works_for
        name = todo.pop()
        found = parents.setdefault(name, set())
        parent = schema.relations[name].parent if name in schema.relations else None
        if parent and parent not in found:
            found.add(parent)
            reached.add(parent)
            todo.append(parent)
    for name in sorted(parents):
        yield None, T.block(d.relations.get(name) or T.iri("rel", encode_id(name)),
                            _relation_pairs(T, name, parents[name], name in reached, schema.relations.get(name)))
    for name, term in sorted(d.attributes.items()):
        yield None, T.block(term, [(V.type, V.property), (V.label, T.string(name.replace("_", " ")))])
    for doc_id, (term, _key) in sorted(d.documents.items(), key=lambda item: str(item[0])):
        yield None, T.block(term, [(V.type, V.prov_entity), (V.identifier, T.string(str(doc_id)))])
    for name, term in sorted(d.agents.items(), key=lambda item: str(item[0])):
        yield None, T.block(term, [(V.type, V.agent), (V.label, T.string(str(name or "rules")))])


def _relation_pairs(T: Terms, name: str, parents: set[str], is_schema: bool, known) -> list:
    """A relation's declaration: a property with a label, a kind of its parents; a schema relation
    (``known``: its entry in graph/data/schema.json, if any) with its description and Wikidata alignment."""
    V = T.V
    pairs = [(V.type, V.property)]
    if is_schema:
        pairs.append((V.type, V.schema_relation))
    pairs.append((V.label, T.string(name.replace("_", " "))))
    pairs.extend((V.sub_property, T.iri("rel", encode_id(parent))) for parent in sorted(parents))
    if known is not None:
        for w in known.wikidata:
            pairs.append((V.inverse_close_match if w.inverse else V.close_match, T.iri("wd", w.property)))
        if known.description:
            pairs.append((V.comment, T.string(known.description)))
    return pairs
