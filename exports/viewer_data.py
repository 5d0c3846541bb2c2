"""What the viewer page shows, from a KnowledgeGraph: node and edge records and the page's facts.

The page draws the *entity layer*: entities and the relations between them. Entities in tiny
components of that layer (alone, or a pair) are *folded*: listed beside the drawing, drawn when asked
for. The *claims layer* (phrases, values, quoted statements) is in the data too, shown in an entity's
side panel and drawn around it on demand. Positions come from ``exports/layout.community_layout``.

Text is made safe to *display* here, never changed in the data (graph.json, RDF keep it whole):
Unicode bidi controls and invisible characters become U+FFFD (a U+202E can make "gnp.exe" display as
"exe.png"; a zero-width space hides a difference), labels lose their line breaks, and long labels,
ids and sentences are cut with "…" (the limits are ``LIMITS``).
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx

from kgbuilder.exports.layout import community_layout, force_layout
from kgbuilder.exports.palette import category, colors_for, shape
from kgbuilder.graph.knowledge_graph import ENTITY_LAYER, KnowledgeGraph, kind_of_node, layer_of_edge, layer_of_node

#: Display limits in characters: canvas label (the default of ``max_label``), full label, id, alias,
#: document id, sentence.
LIMITS = {"label": 30, "full": 300, "id": 200, "alias": 120, "doc": 200, "sentence": 2000}
MAX_ALIASES = 20
#: Entities in components of the entity layer smaller than this are folded into a list.
FOLD_BELOW = 3
SPACING = 70.0  # pixels per unit edge length of the layout
NEGATED_COLOR, HYPOTHETICAL_COLOR, EDGE_COLOR, CLAIM_EDGE_COLOR = "#C0392B", "#7E57C2", "#8A9BB0", "#B8C2CF"

# bidi embeddings, overrides, isolates and marks; zero-width and other invisible format characters;
# C0/C1 controls (tab and newline are handled apart); lone surrogates
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
                     "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\ud800-\udfff]")


def display_text(value: Any, limit: int | None = None, *, multiline: bool = False) -> str:
    """``value`` as safe to show: hidden and reordering characters as U+FFFD, cut to ``limit`` with "…"."""
    text = "" if value is None else str(value)
    text = _HIDDEN.sub("\ufffd", text)
    if not multiline:
        text = " ".join(text.split("\n")).replace("\t", " ")
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _number(value: Any, default: float = 0.0) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


@dataclass
class View:
    nodes: list[dict]
    edges: list[dict]
    meta: dict


def relation_label(relation: str, negated: bool, modality: str = "") -> str:
    """How an edge is named on the page: "meet", "not meet", "will meet", "not will meet"."""
    text = f"{modality} {relation}" if modality else relation
    return f"not {text}" if negated else text


def entity_components(kg: KnowledgeGraph) -> list[set]:
    """The connected components of the entity layer (every entity node, linked by entity-layer edges)."""
    g = nx.Graph()
    g.add_nodes_from(n for n, _d in kg.nodes(ENTITY_LAYER))
    g.add_edges_from((s, o) for s, o, _k, _d in kg.edges(ENTITY_LAYER))
    return list(nx.connected_components(g))


def positions(kg: KnowledgeGraph, drawn: set, folded: set, seed: int = 0) -> dict:
    """Pixel positions: the drawn entities by communities; the folded ones packed in rows below them."""
    links = [(s, o) for s, o, _k, _d in kg.edges(ENTITY_LAYER)]
    main = nx.Graph()
    main.add_nodes_from(n for n, _d in kg.nodes() if n in drawn)
    main.add_edges_from((s, o) for s, o in links if s in drawn and o in drawn)
    placed = community_layout(main, seed=seed)
    if folded:
        small = nx.Graph()
        small.add_nodes_from(n for n, _d in kg.nodes() if n in folded)
        small.add_edges_from((s, o) for s, o in links if s in folded and o in folded)
        rows = force_layout(small, seed=seed)
        top = max((y for _x, y in placed.values()), default=0.0) + 4.0
        low = min(y for _x, y in rows.values())
        placed.update({n: (x, y - low + top) for n, (x, y) in rows.items()})
    # a small drawing is spread wider: vis-network never zooms in past 1 to fit it
    spacing = SPACING * min(2.5, max(1.0, (150 / max(len(drawn), 1)) ** 0.5))
    return {n: (round(x * spacing, 1), round(y * spacing, 1)) for n, (x, y) in placed.items()}


def build_view(kg: KnowledgeGraph, *, size_by: str = "degree", max_evidence: int = 10, seed: int = 0,
               max_label: int = LIMITS["label"], fold_below: int = FOLD_BELOW) -> View:
    """The records the page draws (vis-network nodes and edges) and its facts (``meta``)."""
    if size_by not in ("degree", "mentions"):
        raise ValueError(f"size_by must be 'degree' or 'mentions', not {size_by!r}")
    components = entity_components(kg)
    if kg.metadata.get("cut_from") or all(len(part) < fold_below for part in components):
        fold_below = 0  # a focused view, or nothing but small pieces: draw them all
    folded = {n for part in components if len(part) < fold_below for n in part}
    drawn = {n for part in components if len(part) >= fold_below for n in part}
    placed = positions(kg, drawn, folded, seed)
    ids = {node: number for number, (node, _d) in enumerate(kg.nodes())}
    degree: Counter = Counter()
    claims: Counter = Counter()
    for s, o, _k, data in kg.edges():
        layer = layer_of_edge(kg.node(s), kg.node(o))
        for end in (s, o):
            (degree if layer == ENTITY_LAYER else claims)[end] += 1
    colors = colors_for(category(d) for _n, d in kg.nodes())
    nodes = [_node_record(node, data, ids[node], placed.get(node), degree, claims, size_by, max_label,
                          "folded" if node in folded else "drawn" if node in drawn else "claims")
             for node, data in kg.nodes()]
    _rank(nodes)
    edges = _edge_records(kg, ids, max_evidence)
    return View(nodes, edges, _meta(kg, nodes, edges, colors, fold_below))


def _node_record(node, data: dict, number: int, xy, degree: Counter, claims: Counter, size_by: str,
                 max_label: int, place: str) -> dict:
    """A node's record; its colour (``meta.colors`` of its category) and tooltip are made by the page."""
    label = display_text(data.get("label") or node)
    aliases = [display_text(a, LIMITS["alias"]) for a in data.get("aliases") or [] if display_text(a) != label]
    mentions = int(_number(data.get("mentions")))
    links = degree[node] if layer_of_node(data) == ENTITY_LAYER else degree[node] + claims[node]
    weight = links if size_by == "degree" else mentions
    record = {
        "id": number, "label": display_text(label, max_label), "fullLabel": display_text(label, LIMITS["full"]),
        "kgId": display_text(node, LIMITS["id"]), "kgType": display_text(data.get("type") or ""),
        "category": category(data), "kind": kind_of_node(data), "layer": layer_of_node(data), "place": place,
        "aliases": aliases[:MAX_ALIASES], "mentions": mentions, "degree": links, "claims": claims[node],
        "shape": shape(data), "value": round(math.sqrt(max(weight, 0)), 3),
    }
    if xy is not None:
        record["x"], record["y"] = xy
    return record


def _rank(nodes: list[dict]) -> None:
    """``rank`` 0, 1, 2 ... of the drawn entities by links then mentions: whose labels the page enlarges."""
    drawn = sorted((n for n in nodes if n["place"] == "drawn"),
                   key=lambda n: (-n["degree"], -n["mentions"], n["fullLabel"]))
    for rank, record in enumerate(drawn):
        record["rank"] = rank


def _edge_records(kg: KnowledgeGraph, ids: dict, max_evidence: int) -> list[dict]:
    parallel: Counter = Counter()
    edges = []
    ordered = sorted(kg.edges(), key=lambda e: (ids[e[0]], ids[e[1]], str(e[2])))
    for number, (s, o, key, data) in enumerate(ordered):
        pair = (min(ids[s], ids[o]), max(ids[s], ids[o]))
        rank = parallel[pair]
        parallel[pair] += 1
        edges.append(_edge_record(kg, s, o, key, data, number, ids, rank, max_evidence))
    return edges


def _edge_record(kg: KnowledgeGraph, s, o, key, data: dict, number: int, ids: dict, rank: int,
                 max_evidence: int) -> dict:
    relation = display_text(data.get("relation") or key, LIMITS["alias"])
    negated, modality = bool(data.get("negated")), display_text(data.get("modality") or "", LIMITS["alias"])
    confidence = round(_number(data.get("confidence")), 4)
    records = [ev for ev in data.get("evidence") or [] if isinstance(ev, dict)]
    evidence = [{"doc_id": display_text(ev.get("doc_id"), LIMITS["doc"]), "sentence_index": ev.get("sentence_index"),
                 "sentence": display_text(ev.get("sentence"), LIMITS["sentence"], multiline=True),
                 "confidence": round(_number(ev.get("confidence")), 4)} for ev in records[:max_evidence]]
    label = relation_label(relation, negated, modality)
    layer = layer_of_edge(kg.node(s), kg.node(o))
    color = NEGATED_COLOR if negated else HYPOTHETICAL_COLOR if modality else (
        EDGE_COLOR if layer == ENTITY_LAYER else CLAIM_EDGE_COLOR)
    record = {
        "id": f"e{number}", "from": ids[s], "to": ids[o], "label": label, "arrows": "to",
        "relation": relation, "schema": display_text(data.get("schema") or "", LIMITS["alias"]), "negated": negated,
        "modality": modality, "layer": layer, "confidence": confidence, "evidence": evidence,
        "evidenceCount": len(records), "width": round(0.8 + 1.7 * confidence, 2),
        "dashes": negated or bool(modality), "color": {"color": color, "highlight": "#111827", "hover": "#111827"},
    }
    if negated or modality:
        record["font"] = {"color": color}
    if rank:  # bend parallel edges apart so each label can be read
        record["smooth"] = {"enabled": True, "type": "curvedCW" if rank % 2 else "curvedCCW",
                            "roundness": 0.15 * ((rank + 1) // 2)}
    return record


def _meta(kg: KnowledgeGraph, nodes: list[dict], edges: list[dict], colors: dict, fold_below: int) -> dict:
    places = Counter(n["place"] for n in nodes)
    schema_of: dict[str, set] = defaultdict(set)
    for e in edges:
        schema_of[e["relation"]].add(e["schema"])
    return {
        "title": display_text(kg.name, LIMITS["full"]),
        "entities": places["drawn"] + places["folded"], "drawn": places["drawn"], "folded": places["folded"],
        "claimNodes": places["claims"], "foldBelow": fold_below,
        "relations": sum(1 for e in edges if e["layer"] == ENTITY_LAYER),
        "claims": sum(1 for e in edges if e["layer"] != ENTITY_LAYER),
        "evidence": sum(len(d.get("evidence") or []) for _s, _o, _k, d in kg.edges()),
        "cut": _cut_info(kg), "colors": colors,
        "schemaParents": _schema_parents({s for e in edges for s in [e["schema"]] if s}),
    }


def _schema_parents(names: set) -> dict:
    """schema relation -> its parent (leader_of -> works_for), for the relation filter's groups."""
    from kgbuilder.graph.schema import load_schema

    relations = load_schema().relations
    return {name: relations[name].parent for name in sorted(names) if name in relations and relations[name].parent}


def _cut_info(kg: KnowledgeGraph) -> dict | None:
    cut = kg.metadata.get("cut_from")
    if not isinstance(cut, dict):
        return None
    info = {"nodes": int(_number(cut.get("nodes"))), "edges": int(_number(cut.get("edges")))}
    for key in ("around", "hops", "top"):
        if cut.get(key) is not None:
            info[key] = cut[key] if key != "around" else display_text(cut[key], LIMITS["full"])
    return info
