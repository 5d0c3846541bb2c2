"""Assembling extraction results into a KnowledgeGraph: resolve mentions, then add nodes and edges."""
from __future__ import annotations

from typing import Iterable

from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.graph.model import DocumentResult, Mention
from kgbuilder.graph.names import load_names
from kgbuilder.graph.schema import load_schema
from kgbuilder.graph.resolution import EntityResolver, NameKnowledge, mention_key, surface_form


class GraphBuilder:
    """Incremental builder: ``add(result)`` per document in a stable order, then ``graph``."""

    def __init__(self, name: str = "kgbuilder graph", names: NameKnowledge | None = None):
        self.kg = KnowledgeGraph(name=name)
        self.resolver = EntityResolver(names or default_names())
        self.schema = load_schema()
        self.documents = 0
        self.sentences = 0
        self.words = 0

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        self.sentences += result.sentences
        self.words += result.words
        mentions: list[Mention] = list(result.mentions)
        for t in result.triples:
            mentions.extend((t.subject, t.object))
        mentions.extend(m for m, _k, _v in result.attributes)
        resolved = self.resolver.resolve_document(mentions, result.doc_id)

        def node(m: Mention, counted: bool) -> str:
            entity = resolved[mention_key(m)]
            span = (result.doc_id, m.start_char, m.end_char) if counted else None
            # "the Democratic Party's" is the label said again, not another name
            alias = surface_form(m.text) if m.kind == "entity" and not m.resolved else None
            self.kg.add_entity(entity.id, entity.label, entity.type, alias=alias, span=span, kind=entity.kind)
            return entity.id

        # Mentions count once each (the NER list); triple arguments only add nodes and aliases.
        for m in result.mentions:
            node(m, counted=True)
        for t in result.triples:
            s = node(t.subject, counted=False)
            o = node(t.object, counted=False)
            self.kg.add_fact(s, t.relation, o, t.confidence, t.provenance, t.extractor, t.surface, t.negated,
                             t.modality, self.schema.schema_of(t.relation))
        for m, key, value in result.attributes:
            entity_id = node(m, counted=False)
            self.kg.add_entity(entity_id, self.kg.graph.nodes[entity_id]["label"], attributes={key: [value]})

    @property
    def graph(self) -> KnowledgeGraph:
        return self.kg


def default_names() -> NameKnowledge:
    """Aliases and demonyms from graph/data/names.json."""
    lexicon = load_names()
    return NameKnowledge(dict(lexicon.aliases), dict(lexicon.demonyms))


def build_graph(results: Iterable[DocumentResult], name: str = "kgbuilder graph") -> KnowledgeGraph:
    """Resolve and assemble a stream of document results (feed them in a stable order)."""
    builder = GraphBuilder(name)
    for result in results:
        if not result.error:
            builder.add(result)
    kg = builder.graph
    kg.graph.graph.update(documents=builder.documents, sentences=builder.sentences, words=builder.words)
    return kg
