"""The KnowledgeGraph: entities as nodes, relations as edges, over a networkx MultiDiGraph.

Node attributes (the stable contract of ``graph.json``):
    label (str), type (str, spaCy label or ""), kind ("entity" | "phrase" | "literal"), aliases (list[str]), mentions (int),
    mention_spans (list[[doc_id, start, end]]), attributes (dict[str, list[str]]: titles, nationality...)
Edge attributes (edge key = relation):
    relation (str), schema (str: the schema relation it is a kind of, "" for none; graph/schema.py),
    confidence (float), evidence (list[dict]: doc_id, sentence_index, sentence, start_char, end_char,
    confidence, extractor, surface), negated (bool), modality (str: "" for an asserted fact, else the
    word that makes it hypothetical: "will", "may", "plan", ...), surface (list[str])
"""
from __future__ import annotations

import json
import os
import tempfile
from collections import Counter, deque
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import networkx as nx

from kgbuilder.graph.model import Provenance


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


#: Evidence lists at least this long get an _EvidenceIndex (shorter ones are scanned).
_INDEX_FROM = 16


class _EvidenceIndex:
    """The (doc_id, sentence_index) places and running noisy-or of one edge's evidence list.

    Kept beside the networkx graph, not in it (graph.json stays plain). It describes one list object
    at one length; when the list was replaced or changed elsewhere it is rebuilt from the list, so
    the results are always those of scanning the list. The running product multiplies the same
    factors in the same order as ``combine_confidence``, so the confidence is bit-identical.
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
        # (subject, object, key) -> _EvidenceIndex, only for edges with many evidence records (see add_fact)
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
        for key, values in (attributes or {}).items():
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
        if g.has_edge(subject_id, object_id, key):
            data = g.edges[subject_id, object_id, key]
            same_place = (provenance.doc_id, provenance.sentence_index)
            records = data["evidence"]
            if len(records) < _INDEX_FROM:  # a short list: scanning it is cheapest
                if any((e["doc_id"], e["sentence_index"]) == same_place for e in records):
                    return  # one sentence is one piece of evidence, however many rules saw it
                records.append(evidence)
                data["confidence"] = combine_confidence(e["confidence"] for e in records)
            else:  # a hot edge: an index keeps adding evidence O(1) instead of O(evidence)
                index = self._evidence_index.get((subject_id, object_id, key))
                if index is None or not index.matches(records):
                    index = self._evidence_index[subject_id, object_id, key] = _EvidenceIndex(records)
                if same_place in index.places:
                    return
                records.append(evidence)
                index.add(evidence)
                data["confidence"] = index.confidence()
            if surface and surface not in data["surface"]:
                data["surface"].append(surface)
        else:
            g.add_edge(subject_id, object_id, key=key, relation=relation, schema=schema, negated=negated,
                       modality=modality, confidence=round(confidence, 4), evidence=[evidence],
                       surface=[surface] if surface else [])

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
            ends = [n for n, d in self.graph.nodes(data=True)
                    if d["label"].casefold().split()[-1:] == [wanted] and d.get("kind", "entity") == "entity"]
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
            "types": dict(types.most_common()),
            "top_relations": dict(relations.most_common(10)),
        }

    def entities(self):
        """A pandas DataFrame of the entities, most mentioned first."""
        import pandas as pd

        rows = [{"id": n, "label": d["label"], "type": d.get("type", ""),
                 "mentions": d.get("mentions", 0), "degree": self.graph.degree(n),
                 "aliases": ", ".join(a for a in d.get("aliases", []) if a != d["label"])}
                for n, d in self.graph.nodes(data=True)]
        frame = pd.DataFrame(rows, columns=["id", "label", "type", "mentions", "degree", "aliases"])
        return frame.sort_values(["mentions", "label"], ascending=[False, True], ignore_index=True)

    def triples(self):
        """A pandas DataFrame of the facts, one row per edge, most confident first."""
        import pandas as pd

        nodes = self.graph.nodes
        rows = [{"subject": nodes[s]["label"], "relation": rel, "object": nodes[o]["label"],
                 "negated": d.get("negated", False), "confidence": d["confidence"],
                 "evidence": len(d["evidence"]), "sentence": d["evidence"][0]["sentence"]}
                for s, rel, o, d in self.iter_facts()]
        columns = ["subject", "relation", "object", "negated", "confidence", "evidence", "sentence"]
        frame = pd.DataFrame(rows, columns=columns)
        return frame.sort_values(["confidence", "subject"], ascending=[False, True], ignore_index=True)

    def _repr_html_(self) -> str:
        from html import escape

        s = self.stats()
        types = ", ".join(f"{escape(k)}: {v}" for k, v in list(s["types"].items())[:8])
        rels = ", ".join(f"{escape(k)}: {v}" for k, v in s["top_relations"].items())
        return (f"<div><b>KnowledgeGraph</b> {escape(str(self.graph.graph.get('name', '')))}: "
                f"{s['entities']} entities, {s['relations']} relations, {s['evidence']} evidence records"
                f"<br>types: {types}<br>relations: {rels}</div>")

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {len(self)} entities, {self.number_of_relations} relations>"

    # ------------------------------------------------------------------ json (the stable contract)
    def to_node_link(self) -> dict:
        return nx.node_link_data(self.graph, edges="links")

    @classmethod
    def from_node_link(cls, data: dict) -> "KnowledgeGraph":
        g = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mkstemp_beside(path: Path) -> tuple[int, str]:
    """A temp file in the target's folder (so the rename is atomic) with normal permissions:
    mkstemp creates files readable by their owner only, which is wrong for output files."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, 0o666 & ~_umask())
    return fd, tmp


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it is renamed onto ``path``, on error removed.

    For writers that want a file name (pyoxigraph, pyvis) rather than a string.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _mkstemp_beside(path)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_atomic(path: str | os.PathLike, data: str | bytes) -> Path:
    """Write a file so that a crash never leaves it half-written: temp file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = _mkstemp_beside(path)
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
