"""The KnowledgeGraph: entities as nodes, relations as edges, over a networkx MultiDiGraph.

Node attributes (the stable contract of ``graph.json``):
    label (str), type (str, spaCy label or ""), kind ("entity" | "phrase" | "literal"), aliases (list[str]), mentions (int),
    mention_spans (list[[doc_id, start, end]]), attributes (dict[str, list[str]]: titles, nationality...)
Edge attributes (edge key = relation):
    relation (str), schema (str: the schema relation it is a kind of, "" for none; graph/schema.py),
    confidence (float), evidence (list[dict]: doc_id, sentence_index, sentence, start_char, end_char,
    confidence, extractor, surface), negated (bool), modality (str: "" for an asserted fact, else the
    word that makes it hypothetical: "will", "may", "plan", ...), surface (list[str])
graph.json adds ``layer`` to every node and link (derived from ``kind``, see below; not stored in the graph).

Two layers (``LAYERS``): a node is in the *entity layer* when its kind is "entity" (a named thing), else
in the *claims layer* (a phrase or a value: "concerns", "Sunday", a quoted statement). An edge is in the
entity layer when both its ends are, else in the claims layer. ``layer_of_node`` and ``layer_of_edge``
say which; ``KnowledgeGraph.layer(name)`` gives either as a graph of its own.

Graph-level metadata (``KnowledgeGraph.metadata``): name, and where a build or a cut set them
documents, sentences, words, model, cut_from ({nodes, edges, around, hops, top}), layer.
"""
from __future__ import annotations

import json
import os
from collections import Counter, deque
from pathlib import Path
from typing import Iterable, Iterator

import networkx as nx

from kgbuilder.graph.model import Provenance

ENTITY_LAYER, CLAIMS_LAYER = "entity", "claims"
LAYERS = (ENTITY_LAYER, CLAIMS_LAYER)


def kind_of_node(data: dict) -> str:
    """A node's kind: "entity", "phrase" or "literal" ("entity" when the attributes do not say)."""
    return data.get("kind") or "entity"


def layer_of_node(data: dict) -> str:
    """The layer of a node, from its attributes: "entity" for kind "entity" (the default), else "claims"."""
    return ENTITY_LAYER if kind_of_node(data) == "entity" else CLAIMS_LAYER


def layer_of_edge(subject_data: dict, object_data: dict) -> str:
    """The layer of an edge, from its ends' attributes: "entity" when both ends are entities."""
    both = layer_of_node(subject_data) == ENTITY_LAYER and layer_of_node(object_data) == ENTITY_LAYER
    return ENTITY_LAYER if both else CLAIMS_LAYER


def _check_layer(layer: str | None) -> None:
    if layer is not None and layer not in LAYERS:
        raise ValueError(f"layer={layer!r}: choose one of {', '.join(LAYERS)} (or None for both)")


def combine_confidence(values: Iterable[float]) -> float:
    """Noisy-or: independent pieces of evidence for one fact make it more certain, never less."""
    miss = 1.0
    for value in values:
        miss *= 1.0 - max(0.0, min(1.0, value))
    return round(1.0 - miss, 4)


def edge_key(relation: str, negated: bool = False, modality: str = "") -> str:
    """The edge key of a fact: the relation for an asserted fact; ``not:`` and ``MODALITY:`` prefixes
    keep denied ("did not meet") and hypothetical ("will meet", "plans to meet") facts on edges of their own."""
    key = f"{modality}:{relation}" if modality else relation
    return f"not:{key}" if negated else key


class _EvidenceIndex:
    """The (doc_id, sentence_index) places and running noisy-or of one edge's evidence list.

    Kept beside the networkx graph, not in it (graph.json stays plain), and made when an edge is seen
    a second time, so adding evidence is O(1) however hot the edge. It describes one list object at
    one length; when the list was replaced or changed elsewhere it is rebuilt from the list, so the
    results are always those of scanning the list. The running product multiplies the same factors
    in the same order as ``combine_confidence``, so the confidence is bit-identical.
    """

    __slots__ = ("records", "size", "places", "miss")

    def __init__(self, records: list[dict]):
        self.records = records
        self.places = {(e["doc_id"], e["sentence_index"]) for e in records}
        self.miss = 1.0
        for e in records:
            self.miss *= 1.0 - max(0.0, min(1.0, e["confidence"]))
        self.size = len(records)

    def matches(self, records: list[dict]) -> bool:
        return records is self.records and len(records) == self.size

    def add(self, evidence: dict) -> None:
        self.places.add((evidence["doc_id"], evidence["sentence_index"]))
        self.miss *= 1.0 - max(0.0, min(1.0, evidence["confidence"]))
        self.size += 1

    def confidence(self) -> float:
        return round(1.0 - self.miss, 4)


class KnowledgeGraph:
    """A knowledge graph of entities and relations with per-edge evidence."""

    def __init__(self, graph: nx.MultiDiGraph | None = None, name: str = "kgbuilder graph"):
        self.graph = graph if graph is not None else nx.MultiDiGraph(name=name)
        # (subject, object, key) -> _EvidenceIndex of the edges seen more than once (see add_fact)
        self._evidence_index: dict[tuple[str, str, str], _EvidenceIndex] = {}

    # ------------------------------------------------------------------ building
    def add_entity(self, entity_id: str, label: str, type_: str = "", alias: str | None = None,
                   span: tuple[str, int, int] | None = None,
                   attributes: dict[str, Iterable[str]] | None = None, kind: str = "entity") -> str:
        """Add an entity or record one more mention of it. Returns the id.

        ``kind`` is "entity" (a named thing), "phrase" (a noun phrase with no name) or "literal"
        (a value: a date, a number, a reported statement), which RDF writes as a literal.
        """
        g = self.graph
        if entity_id not in g:
            g.add_node(entity_id, label=label, type=type_, kind=kind, aliases=[], mentions=0,
                       mention_spans=[], attributes={})
        node = g.nodes[entity_id]
        if not node["type"] and type_:
            node["type"] = type_
        for name in (label, alias):
            if name and name not in node["aliases"]:
                node["aliases"].append(name)
        if span is not None:
            node["mentions"] += 1
            node["mention_spans"].append(list(span))
        for key, values in attributes.items() if attributes else ():
            bucket = node["attributes"].setdefault(key, [])
            for value in values:
                if value not in bucket:
                    bucket.append(value)
        return entity_id

    def add_fact(self, subject_id: str, relation: str, object_id: str, confidence: float,
                 provenance: Provenance, extractor: str = "rules", surface: str = "",
                 negated: bool = False, modality: str = "", schema: str = "") -> None:
        """Add one piece of evidence for subject -relation-> object.

        The same fact seen again adds evidence to the existing edge instead of a new edge. A negated or
        hypothetical fact is a different edge (``edge_key``) so it is never read as asserted.
        """
        key = edge_key(relation, negated, modality)
        evidence = {
            "doc_id": provenance.doc_id,
            "sentence_index": provenance.sentence_index,
            "sentence": provenance.sentence,
            "start_char": provenance.start_char,
            "end_char": provenance.end_char,
            "confidence": round(confidence, 4),
            "extractor": extractor,
            "surface": surface,
        }
        g = self.graph
        if not g.has_edge(subject_id, object_id, key):
            g.add_edge(subject_id, object_id, key=key, relation=relation, schema=schema, negated=negated,
                       modality=modality, confidence=round(confidence, 4), evidence=[evidence],
                       surface=[surface] if surface else [])
            return
        data = g.edges[subject_id, object_id, key]
        records = data["evidence"]
        index = self._evidence_index.get((subject_id, object_id, key))
        if index is None or not index.matches(records):
            index = self._evidence_index[subject_id, object_id, key] = _EvidenceIndex(records)
        if (provenance.doc_id, provenance.sentence_index) in index.places:
            return  # one sentence is one piece of evidence, however many rules saw it
        records.append(evidence)
        index.add(evidence)
        data["confidence"] = index.confidence()
        if surface and surface not in data["surface"]:
            data["surface"].append(surface)

    def merge(self, other: "KnowledgeGraph") -> "KnowledgeGraph":
        """Add every node and edge of ``other`` into this graph (evidence is unioned). Returns self."""
        for node_id, data in other.graph.nodes(data=True):
            self.add_entity(node_id, data["label"], data.get("type", ""),
                            attributes=data.get("attributes"), kind=data.get("kind", "entity"))
            node = self.graph.nodes[node_id]
            for alias in data.get("aliases", []):
                if alias not in node["aliases"]:
                    node["aliases"].append(alias)
            node["mentions"] += data.get("mentions", 0)
            node["mention_spans"].extend(data.get("mention_spans", []))
        for s, o, _key, data in other.graph.edges(keys=True, data=True):
            for ev in data["evidence"]:
                prov = Provenance(ev["doc_id"], ev["sentence_index"], ev["sentence"],
                                  ev["start_char"], ev["end_char"])
                self.add_fact(s, data["relation"], o, ev["confidence"], prov,
                              ev.get("extractor", "rules"), ev.get("surface", ""),
                              data.get("negated", False), data.get("modality", ""), data.get("schema", ""))
        return self

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        return self.graph.number_of_nodes()

    @property
    def number_of_relations(self) -> int:
        return self.graph.number_of_edges()

    @property
    def metadata(self) -> dict:
        """The graph-level attributes (name, documents, model, cut_from, ...): a live dict, written to graph.json."""
        return self.graph.graph

    @property
    def name(self) -> str:
        return str(self.graph.graph.get("name") or "kgbuilder graph")

    def node(self, node_id: str) -> dict:
        """The attributes of node ``node_id`` (a live dict); KeyError names the id."""
        try:
            return self.graph.nodes[node_id]
        except KeyError:
            raise KeyError(f"no node with id {node_id!r}; kg.find(name) looks one up by name") from None

    def edge(self, subject_id: str, object_id: str, key: str) -> dict:
        """The attributes of one edge (``key`` as ``edge_key`` makes it); KeyError when there is none."""
        try:
            return self.graph.edges[subject_id, object_id, key]
        except KeyError:
            raise KeyError(f"no edge {subject_id!r} -{key}-> {object_id!r}") from None

    def nodes(self, layer: str | None = None) -> Iterator[tuple[str, dict]]:
        """(id, attributes) of every node, or of one layer's ("entity", "claims")."""
        _check_layer(layer)
        everything = iter(self.graph.nodes(data=True))
        if layer is None:
            return everything
        return ((node_id, data) for node_id, data in everything if layer_of_node(data) == layer)

    def edges(self, layer: str | None = None) -> Iterator[tuple[str, str, str, dict]]:
        """(subject id, object id, key, attributes) of every edge, or of one layer's."""
        _check_layer(layer)
        everything = iter(self.graph.edges(keys=True, data=True))
        if layer is None:
            return everything
        node = self.graph.nodes
        return ((s, o, key, data) for s, o, key, data in everything if layer_of_edge(node[s], node[o]) == layer)

    def adjacency(self) -> Iterator[tuple[str, dict[str, dict[str, dict]]]]:
        """(node id, {object id: {edge key: edge attributes}}) for every node: the outgoing edges grouped,
        without networkx's view objects (the RDF writer walks a million edges through this)."""
        return self.graph.adjacency()

    def node_layer(self, node_id: str) -> str:
        return layer_of_node(self.node(node_id))

    def edge_layer(self, subject_id: str, object_id: str) -> str:
        return layer_of_edge(self.node(subject_id), self.node(object_id))

    def degree(self, node_id: str) -> int:
        """The number of edges at ``node_id``, in either direction."""
        return self.graph.degree(node_id)

    def layer(self, name: str) -> "KnowledgeGraph":
        """One layer as a graph of its own (shallow copy, like ``subgraph``).

        "entity": every entity node and the edges between two entities. "claims": every phrase and value
        node and every edge with one at an end, together with the entities at those edges' other ends.
        """
        if name not in LAYERS:
            raise ValueError(f"layer {name!r}: choose one of {', '.join(LAYERS)}")
        edges = [(s, o, k, dict(d)) for s, o, k, d in self.edges(name)]
        keep = {n for n, _d in self.nodes(name)} | {end for s, o, _k, _d in edges for end in (s, o)}
        sub = nx.MultiDiGraph()
        sub.graph.update(self.metadata, layer=name)
        sub.add_nodes_from((n, dict(d)) for n, d in self.graph.nodes(data=True) if n in keep)
        sub.add_edges_from(edges)
        return KnowledgeGraph(sub)

    def find(self, name: str) -> str | None:
        """The id of the entity called ``name`` (id, label or alias, case-insensitive; or a surname
        that only one entity ends with), or None."""
        if name in self.graph:
            return name
        wanted = name.casefold()
        best = None
        for node_id, data in self.graph.nodes(data=True):
            names = [data["label"], *data.get("aliases", [])]
            if any(n.casefold() == wanted for n in names):
                if best is None or data.get("mentions", 0) > self.graph.nodes[best].get("mentions", 0):
                    best = node_id
        if best is None:
            # a surname alone finds the one entity whose name ends with it ("Lavrov")
            ends = [n for n, d in self.nodes(ENTITY_LAYER) if d["label"].casefold().split()[-1:] == [wanted]]
            if len(ends) == 1:
                best = ends[0]
        return best

    def _require(self, name: str) -> str:
        node_id = self.find(name)
        if node_id is None:
            raise KeyError(f"no entity called {name!r} in the graph; try kg.entities() to list them")
        return node_id

    def iter_facts(self) -> Iterator[tuple[str, str, str, dict]]:
        """(subject id, relation, object id, edge data) for every edge, in a stable order."""
        for s, o, key, data in sorted(self.graph.edges(keys=True, data=True),
                                      key=lambda e: (e[0], e[2], e[1])):
            yield s, data["relation"], o, data

    def neighbors(self, name: str) -> list[str]:
        """Labels of the entities linked to ``name`` in either direction."""
        node_id = self._require(name)
        ids = set(self.graph.successors(node_id)) | set(self.graph.predecessors(node_id))
        return sorted(self.graph.nodes[n]["label"] for n in ids)

    def subgraph(self, around: str | None = None, hops: int = 1, top: int | None = None) -> "KnowledgeGraph":
        """A focused copy: the entities within ``hops`` of ``around``, and/or the ``top`` by degree."""
        g = self.graph
        keep: set[str] = set(g.nodes)
        if around is not None:
            start = self._require(around)
            seen = {start: 0}
            queue = deque([start])
            undirected = g.to_undirected(as_view=True)
            while queue:
                node = queue.popleft()
                if seen[node] >= hops:
                    continue
                for nxt in undirected.neighbors(node):
                    if nxt not in seen:
                        seen[nxt] = seen[node] + 1
                        queue.append(nxt)
            keep = set(seen)
        if top is not None:
            ranked = sorted(keep, key=lambda n: (-g.degree(n), n))
            keep = set(ranked[:top])
        sub = g.subgraph(keep).copy()
        sub.graph["cut_from"] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
        return KnowledgeGraph(sub)

    def stats(self) -> dict:
        types = Counter(d.get("type") or "-" for _, d in self.graph.nodes(data=True))
        relations = Counter(d["relation"] for _, _, d in self.graph.edges(data=True))
        return {
            "entities": self.graph.number_of_nodes(),
            "relations": self.graph.number_of_edges(),
            "evidence": sum(len(d["evidence"]) for _, _, d in self.graph.edges(data=True)),
            "layers": {name: {"nodes": sum(1 for _ in self.nodes(name)), "edges": sum(1 for _ in self.edges(name))}
                       for name in LAYERS},
            "types": dict(types.most_common()),
            "top_relations": dict(relations.most_common(10)),
        }

    def entities(self):
        """A pandas DataFrame of the nodes, most mentioned first (``kg.layer("entity").entities()``: entities only)."""
        import pandas as pd

        rows = [{"id": n, "label": d["label"], "type": d.get("type", ""), "kind": d.get("kind", "entity"),
                 "mentions": d.get("mentions", 0), "degree": self.graph.degree(n),
                 "aliases": ", ".join(a for a in d.get("aliases", []) if a != d["label"])}
                for n, d in self.graph.nodes(data=True)]
        frame = pd.DataFrame(rows, columns=["id", "label", "type", "kind", "mentions", "degree", "aliases"])
        return frame.sort_values(["mentions", "label"], ascending=[False, True], ignore_index=True)

    def triples(self):
        """A pandas DataFrame of the facts, one row per edge, most confident first.

        ``schema`` is the schema relation the relation is a kind of ("" for none), ``modality`` "" for an
        asserted fact, ``layer`` "entity" or "claims".
        """
        import pandas as pd

        nodes = self.graph.nodes
        rows = [{"subject": nodes[s]["label"], "relation": rel, "object": nodes[o]["label"],
                 "schema": d.get("schema", ""), "negated": d.get("negated", False),
                 "modality": d.get("modality", ""), "layer": layer_of_edge(nodes[s], nodes[o]),
                 "confidence": d["confidence"], "evidence": len(d["evidence"]),
                 "sentence": d["evidence"][0]["sentence"]}
                for s, rel, o, d in self.iter_facts()]
        columns = ["subject", "relation", "object", "schema", "negated", "modality", "layer", "confidence",
                   "evidence", "sentence"]
        frame = pd.DataFrame(rows, columns=columns)
        return frame.sort_values(["confidence", "subject"], ascending=[False, True], ignore_index=True)

    def _repr_html_(self) -> str:
        from html import escape

        s = self.stats()
        types = ", ".join(f"{escape(k)}: {v}" for k, v in list(s["types"].items())[:8])
        rels = ", ".join(f"{escape(k)}: {v}" for k, v in s["top_relations"].items())
        layers = "; ".join(f"{name} layer: {n['nodes']} nodes, {n['edges']} edges" for name, n in s["layers"].items())
        return (f"<div><b>KnowledgeGraph</b> {escape(str(self.graph.graph.get('name', '')))}: "
                f"{s['entities']} entities, {s['relations']} relations, {s['evidence']} evidence records"
                f"<br>{layers}<br>types: {types}<br>relations: {rels}</div>")

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self)} entities, {self.number_of_relations} relations>"

    # ------------------------------------------------------------------ json (the stable contract)
    def to_node_link(self) -> dict:
        """networkx node-link data (``edges="links"``) with each node's and link's ``layer``."""
        data = nx.node_link_data(self.graph, edges="links")
        node = self.graph.nodes
        for record in data["nodes"]:
            record["layer"] = layer_of_node(record)
        for record in data["links"]:
            record["layer"] = layer_of_edge(node[record["source"]], node[record["target"]])
        return data

    @classmethod
    def from_node_link(cls, data: dict) -> "KnowledgeGraph":
        """The graph of node-link data; ``layer`` is dropped (it follows from the nodes' kinds)."""
        g = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
        for _n, attributes in g.nodes(data=True):
            attributes.pop("layer", None)
        for _s, _o, attributes in g.edges(data=True):
            attributes.pop("layer", None)
        return cls(g)

    @classmethod
    def read_json(cls, path: str | os.PathLike) -> "KnowledgeGraph":
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise FileNotFoundError(f"{path}: no such file; build one with `kgbuilder build PATH -o DIR`") from None
        except json.JSONDecodeError as err:
            raise ValueError(f"{path}: not a kgbuilder graph.json ({err})") from None
        if "nodes" not in data or "links" not in data:
            raise ValueError(f"{path}: not a kgbuilder graph.json (no 'nodes'/'links'); "
                             "pass the graph.json written by `kgbuilder build`")
        return cls.from_node_link(data)

    # ------------------------------------------------------------------ notebook conveniences
    def to_rdf(self, **options):
        """The graph as an rdflib.Graph (see exports.rdf.to_rdf)."""
        from kgbuilder.exports.rdf import to_rdf  # lazy: exports depends on graph, not the other way round

        return to_rdf(self, **options)

    def show(self, **options):
        """Display the interactive viewer inline in Jupyter (see exports.html.show)."""
        from kgbuilder.exports.html import show  # lazy, as above

        return show(self, **options)
