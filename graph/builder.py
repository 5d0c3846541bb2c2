"""Assembling extraction results into a KnowledgeGraph: resolve mentions, then add nodes and edges.

``add`` resolves one document and adds its nodes and edges at once (the graph grows as results
stream in); ``finish`` (also run by ``graph``) makes the joins that need the whole corpus and settles
each entity's label and type, so the result does not depend on the order documents came in.
"""
from __future__ import annotations

from typing import Iterable

from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.graph.merging import move_node, record_merge, settle_records
from kgbuilder.graph.model import ENTITY, DocumentResult, Mention
from kgbuilder.graph.names import NameLexicon, load_names
from kgbuilder.graph.resolution import EntityResolver, mention_key, surface_form
from kgbuilder.graph.schema import load_schema

#: Attribute keys that are evidence for resolution, not facts about the entity, and the reason a join
#: on them records: the extractor's "abbreviation_of" and "alias_of" (value: the name the text gives
#: as the same thing: "Syrian Democratic Forces (SDF)", "Soleimani, also spelled Soleymani").
RESOLUTION_KEYS = {"abbreviation_of": "abbreviation defined in text", "alias_of": "also known as (in text)"}


class GraphBuilder:
    """Incremental builder: ``add(result)`` per document, then ``graph`` (or ``finish()``)."""

    def __init__(self, name: str = "kgbuilder graph", names: NameLexicon | None = None):
        self.kg = KnowledgeGraph(name=name)
        self.resolver = EntityResolver(names or load_names())
        self.schema = load_schema()
        self.documents = 0
        self.sentences = 0
        self.words = 0
        self._moved: dict[str, str] = {}  # node id joined into another by ``finish`` -> where it went

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        self.sentences += result.sentences
        self.words += result.words
        mentions: list[Mention] = list(result.mentions)
        for t in result.triples:
            mentions.extend((t.subject, t.object))
        hints = [(m, value, RESOLUTION_KEYS[key]) for m, key, value in result.attributes if key in RESOLUTION_KEYS]
        mentions.extend(m for m, _k, _v in result.attributes)
        resolved = self.resolver.resolve_document(mentions, result.doc_id, hints)

        def node(m: Mention, counted: bool) -> str:
            key = mention_key(m)
            entity = resolved[key]
            node_id = self._moved.get(entity.id, entity.id)
            span = (result.doc_id, m.start_char, m.end_char) if counted else None
            # "the Democratic Party's" is the label said again, not another name
            alias = surface_form(m.text) if m.kind == ENTITY and not m.resolved else None
            self.kg.add_entity(node_id, entity.label, entity.type, alias=alias, span=span, kind=entity.kind)
            if alias and key in resolved.reasons:
                record_merge(self.kg, node_id, alias, resolved.reasons[key])
            return node_id

        # Mentions count once each (the NER list); triple arguments only add nodes and aliases.
        for m in result.mentions:
            node(m, counted=True)
        for t in result.triples:
            s = node(t.subject, counted=False)
            o = node(t.object, counted=False)
            if s == o and t.subject.kind == ENTITY:
                # two names resolved to one entity ("Karim's daughter, Leila Karim"): no relation to itself
                continue
            self.kg.add_fact(s, t.relation, o, t.confidence, t.provenance, t.extractor, t.surface, t.negated,
                             t.modality, self.schema.schema_of(t.relation))
        for m, key, value in result.attributes:
            entity_id = node(m, counted=False)
            if key not in RESOLUTION_KEYS:
                self.kg.add_entity(entity_id, self.kg.graph.nodes[entity_id]["label"], attributes={key: [value]})

    def finish(self) -> KnowledgeGraph:
        """Join entities across documents (see EntityResolver.cross_document_merges) and settle every
        entity's label and type from the whole corpus. Idempotent; documents may be added after it."""
        g = self.kg.graph
        for source, target, reason in self.resolver.cross_document_merges():
            while target in self._moved:
                target = self._moved[target]
            if source in g and target in g and source != target:
                move_node(self.kg, source, target, reason)
                self._moved[source] = target
        joined: dict[str, list[str]] = {}
        for source, target in self._moved.items():
            joined.setdefault(target, []).append(source)
        for node_id, data in g.nodes(data=True):
            if data.get("kind") == ENTITY and node_id in self.resolver.entities:
                data["label"] = self.resolver.label_of(node_id)
                data["type"] = self.resolver.type_of(node_id, joined.get(node_id, ()))
                if data["label"] not in data["aliases"]:
                    data["aliases"].insert(0, data["label"])
                settle_records(data)
        return self.kg

    @property
    def graph(self) -> KnowledgeGraph:
        return self.finish()


def build_graph(results: Iterable[DocumentResult], name: str = "kgbuilder graph") -> KnowledgeGraph:
    """Resolve and assemble a stream of document results (in any order: the graph is the same)."""
    builder = GraphBuilder(name)
    for result in results:
        if not result.error:
            builder.add(result)
    kg = builder.finish()
    kg.graph.graph.update(documents=builder.documents, sentences=builder.sentences, words=builder.words)
    return kg
