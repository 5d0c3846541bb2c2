"""Joining two entity nodes of a built graph, and the record of why names joined an entity.

Every entity node whose names were joined by a rule carries ``merged``: a sorted list of
``{"alias": ..., "reason": ...}`` (graph.json; RDF writes it as a note beside ``skos:altLabel``).
"""
from __future__ import annotations

from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.graph.model import Provenance
from kgbuilder.graph.names import name_key

MERGED = "merged"
SAME_NAME = "same normalised name"


def record_merge(kg: KnowledgeGraph, node_id: str, alias: str, reason: str) -> None:
    """Note on the node that ``alias`` joined it, and why (once per alias and reason; a record for
    the label itself is dropped when the label is settled, see ``settle_records``)."""
    node = kg.graph.nodes[node_id]
    if not alias or not reason:
        return
    records = node.setdefault(MERGED, [])
    record = {"alias": alias, "reason": reason}
    if record not in records:
        records.append(record)
        records.sort(key=lambda r: (r["alias"], r["reason"]))


def settle_records(node: dict) -> None:
    """After the label is settled: no record for the label itself, and a name that is the label
    spelled otherwise ("Erdogan" beside "Erdoğan", "New People Party") says so."""
    label = node["label"]
    records = [r for r in node.get(MERGED, []) if r["alias"] != label]
    explained = {r["alias"] for r in records}
    records += [{"alias": alias, "reason": SAME_NAME} for alias in node.get("aliases", [])
                if alias != label and alias not in explained and name_key(alias) == name_key(label)]
    if records or MERGED in node:
        node[MERGED] = sorted(records, key=lambda r: (r["alias"], r["reason"]))


def move_node(kg: KnowledgeGraph, source: str, target: str, reason: str) -> None:
    """Join ``source`` into ``target``: names, mentions, attributes and edges (evidence unioned), then
    drop ``source``. Its names are recorded on ``target`` with ``reason``. An edge between the two
    would now say something of one thing and itself, and goes."""
    g = kg.graph
    data = g.nodes[source]
    kg.add_entity(target, g.nodes[target]["label"], attributes=data.get("attributes"))
    node = g.nodes[target]
    for alias in data.get("aliases", []):
        if alias not in node["aliases"]:
            node["aliases"].append(alias)
        record_merge(kg, target, alias, reason)
    for record in data.get(MERGED, []):
        record_merge(kg, target, record["alias"], record["reason"])
    node["mentions"] += data.get("mentions", 0)
    node["mention_spans"].extend(data.get("mention_spans", []))
    edges = [(target, o, d) for _s, o, d in g.out_edges(source, data=True)]
    edges += [(s, target, d) for s, _o, d in g.in_edges(source, data=True)]
    g.remove_node(source)
    for s, o, d in edges:
        if s in (source, target) and o in (source, target):
            continue
        for ev in d["evidence"]:
            prov = Provenance(ev["doc_id"], ev["sentence_index"], ev["sentence"], ev["start_char"], ev["end_char"])
            kg.add_fact(s, d["relation"], o, ev["confidence"], prov, ev.get("extractor", "rules"),
                        ev.get("surface", ""), d.get("negated", False), d.get("modality", ""), d.get("schema", ""))
