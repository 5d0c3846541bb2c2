"""Scoring for NewsRE (../shared/benchmarks/newsre/README.md): entity relations and entity resolution.

Plain functions over gold documents and a graph in node-link form (graph.json), so a graph built by
any means can be scored. The rules, from the README:

Relations (document level, after resolution)
- predictions of a document: edges with evidence in it, between two entity nodes, asserted (not
  negated, no modality), whose relation declares a schema relation; each distinct (head node, schema
  relation, tail node) is one prediction, the pair unordered for a symmetric relation;
- an end matches a gold entity when the node's label or an alias equals one of the entity's aliases
  (lower case, leading "the" and final punctuation removed);
- a prediction is correct when both ends match the gold head and tail (either order for a symmetric
  relation) and its schema relation is the gold one, or a kind of it (a predicted leader_of satisfies a
  gold works_for, not the reverse); each gold fact is matched at most once (exact relations first);
- precision, recall and F1 micro-averaged over documents, and per relation.

Resolution (same files)
- the nodes a gold entity lands on: entity nodes with evidence or mentions in the document whose label
  or aliases equal one of its aliases;
- whole: a gold entity with two or more of its aliases found in the document's nodes lands on exactly
  one node (merge recall = whole / such entities);
- mixed: a node holding aliases of two different gold entities of the document;
- mistyped: a gold entity found in the graph whose node has another type than the gold one.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

_LEADING_THE = re.compile(r"^the\s+")
_FINAL_PUNCT = re.compile(r"[\s.,;:!?'\"’”)]+$")


def normalise(name: str) -> str:
    """The README's comparison form: lower case, no leading "the", no final punctuation."""
    text = " ".join(name.split()).lower()
    return _FINAL_PUNCT.sub("", _LEADING_THE.sub("", text))


@dataclass(frozen=True)
class GoldEntity:
    id: str
    type: str
    aliases: frozenset[str]  # normalised


@dataclass(frozen=True)
class GoldFact:
    head: str
    relation: str
    tail: str
    evidence: str


@dataclass(frozen=True)
class GoldDocument:
    doc: str
    entities: dict[str, GoldEntity]
    facts: tuple[GoldFact, ...]


def read_gold(path: str | Path) -> GoldDocument:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    entities = {e["id"]: GoldEntity(e["id"], e["type"], frozenset(normalise(a) for a in e["aliases"]))
                for e in data["entities"]}
    facts = tuple(GoldFact(r["head"], r["relation"], r["tail"], r.get("evidence", "")) for r in data["relations"])
    return GoldDocument(data["doc"], entities, facts)


# ---------------------------------------------------------------------------------------- the graph side
@dataclass
class DocumentView:
    """What one document contributes to the graph: its entity nodes and asserted schema edges."""

    nodes: dict[str, dict] = field(default_factory=dict)  # node id -> node data
    edges: list[tuple[str, str, dict]] = field(default_factory=list)  # (subject, object, edge data)


def document_views(graph: dict) -> dict[str, DocumentView]:
    """Per document id, the entity nodes with evidence or mentions in it and the edges with evidence in it."""
    nodes = {n["id"]: n for n in graph["nodes"]}
    views: dict[str, DocumentView] = defaultdict(DocumentView)
    for node in graph["nodes"]:
        if node.get("kind", "entity") != "entity":
            continue
        for doc_id, *_span in node.get("mention_spans", []):
            views[doc_id].nodes[node["id"]] = node
    for link in graph["links"]:
        docs = {ev["doc_id"] for ev in link.get("evidence", [])}
        for doc_id in docs:
            view = views[doc_id]
            for end in (link["source"], link["target"]):
                if nodes[end].get("kind", "entity") == "entity":
                    view.nodes[end] = nodes[end]
            view.edges.append((link["source"], link["target"], link))
    return views


def names_of(node: dict) -> set[str]:
    return {normalise(node["label"]), *(normalise(a) for a in node.get("aliases", []))}


# ---------------------------------------------------------------------------------------- relations
@dataclass(frozen=True)
class Prediction:
    head: str  # node id
    relation: str  # schema relation
    tail: str
    edge: dict  # one edge that gives it (for error listings)


@dataclass
class RelationScore:
    gold: int = 0
    predicted: int = 0
    correct: int = 0  # predictions that matched
    found: int = 0  # gold facts that were matched

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class DocumentScore:
    doc: str
    matched: list[tuple[Prediction, GoldFact]] = field(default_factory=list)
    false_positives: list[Prediction] = field(default_factory=list)
    misses: list[GoldFact] = field(default_factory=list)


def predictions(view: DocumentView, is_symmetric: Callable[[str], bool]) -> list[Prediction]:
    """The document's distinct asserted (head node, schema relation, tail node) between entity nodes."""
    found: dict[tuple[str, str, str], Prediction] = {}
    for s, o, edge in view.edges:
        schema = edge.get("schema") or ""
        if not schema or edge.get("negated") or edge.get("modality") or s not in view.nodes or o not in view.nodes:
            continue
        if s == o:
            continue
        key = (min(s, o), schema, max(s, o)) if is_symmetric(schema) else (s, schema, o)
        found.setdefault(key, Prediction(key[0], schema, key[2], edge))
    return sorted(found.values(), key=lambda p: (p.head, p.relation, p.tail))


def score_document(gold: GoldDocument, view: DocumentView, is_symmetric: Callable[[str], bool],
                   generalises: Callable[[str, str], bool]) -> DocumentScore:
    names = {node_id: names_of(node) for node_id, node in view.nodes.items()}

    def lands(node_id: str, entity_id: str) -> bool:
        entity = gold.entities.get(entity_id)
        return entity is not None and bool(names[node_id] & entity.aliases)

    def satisfies(p: Prediction, fact: GoldFact, exact: bool) -> bool:
        if not (p.relation == fact.relation if exact else generalises(p.relation, fact.relation)):
            return False
        if lands(p.head, fact.head) and lands(p.tail, fact.tail):
            return True
        return is_symmetric(fact.relation) and lands(p.head, fact.tail) and lands(p.tail, fact.head)

    result = DocumentScore(gold.doc)
    open_facts = list(gold.facts)
    unmatched = predictions(view, is_symmetric)
    for exact in (True, False):  # a gold fact goes to an exact prediction before a more specific one
        still = []
        for p in unmatched:
            fact = next((f for f in open_facts if satisfies(p, f, exact)), None)
            if fact is None:
                still.append(p)
            else:
                open_facts.remove(fact)
                result.matched.append((p, fact))
        unmatched = still
    result.false_positives = unmatched
    result.misses = open_facts
    return result


def relation_table(scores: Iterable[DocumentScore], golds: Iterable[GoldDocument]) -> dict[str, RelationScore]:
    """Per schema relation and "micro" (all of them): gold, predicted, correct, matched counts."""
    table: dict[str, RelationScore] = defaultdict(RelationScore)
    micro = RelationScore()
    for gold in golds:
        for fact in gold.facts:
            table[fact.relation].gold += 1
            micro.gold += 1
    for s in scores:
        for p, fact in s.matched:
            table[p.relation].predicted += 1
            table[p.relation].correct += 1
            table[fact.relation].found += 1
            micro.predicted += 1
            micro.correct += 1
            micro.found += 1
        for p in s.false_positives:
            table[p.relation].predicted += 1
            micro.predicted += 1
    table = dict(sorted(table.items(), key=lambda kv: (-kv[1].gold, kv[0])))
    table["micro"] = micro
    return table


# ---------------------------------------------------------------------------------------- resolution
@dataclass
class ResolutionScore:
    multi_form: int = 0  # gold entities with two or more aliases found in the document's nodes
    whole: int = 0
    split: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (doc, entity, node labels)
    mixed: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (doc, node label, entity ids)
    found: int = 0  # gold entities that land on at least one node
    mistyped: list[tuple[str, str, str, str]] = field(default_factory=list)  # (doc, entity, gold, node type)

    @property
    def merge_recall(self) -> float:
        return self.whole / self.multi_form if self.multi_form else 0.0


def score_resolution(golds: Iterable[GoldDocument], views: dict[str, DocumentView]) -> ResolutionScore:
    result = ResolutionScore()
    for gold in golds:
        view = views.get(gold.doc, DocumentView())
        names = {node_id: names_of(node) for node_id, node in view.nodes.items()}
        every_name = set().union(*names.values()) if names else set()
        holders: dict[str, set[str]] = defaultdict(set)  # node -> gold entities whose aliases it holds
        for entity in gold.entities.values():
            lands = sorted(n for n, held in names.items() if held & entity.aliases)
            for node_id in lands:
                holders[node_id].add(entity.id)
            if not lands:
                continue
            result.found += 1
            types = {view.nodes[n].get("type", "") for n in lands}
            if types != {entity.type}:
                wrong = sorted(t for t in types if t != entity.type)
                result.mistyped.append((gold.doc, entity.id, entity.type, ",".join(wrong) or "-"))
            if len(entity.aliases & every_name) >= 2:
                result.multi_form += 1
                if len(lands) == 1:
                    result.whole += 1
                else:
                    result.split.append((gold.doc, entity.id, [view.nodes[n]["label"] for n in lands]))
        for node_id, entities in sorted(holders.items()):
            if len(entities) > 1:
                result.mixed.append((gold.doc, view.nodes[node_id]["label"], sorted(entities)))
    return result
