"""GraphML and GEXF for other graph tools (Gephi, Cytoscape, yEd), written by networkx's writers.

    to_flat_graph(kg, layer=None)    -> networkx.MultiDiGraph with plain attributes only
    write_graphml(kg, path, layer=None) / write_gexf(kg, path, layer=None) -> Path
    read_graphml(path) / read_gexf(path) -> KnowledgeGraph

Both formats hold only scalar attributes, so the graph is flattened: every node keeps ``label``, ``type``,
``kind``, ``mentions`` and says its ``layer`` ("entity" or "claims"); every edge keeps ``relation``,
``schema``, ``negated``, ``modality``, ``confidence``, its ``layer`` and ``evidence_count``; every other
attribute (aliases, attributes, mention spans, merged; evidence, surface forms) is JSON text, so the
reader gives back the KnowledgeGraph (edge keys made again from relation, negation and modality, as
``add_fact`` makes them; the files carry them as GraphML edge ids and GEXF's ``networkx_key``). In
Gephi, partition by ``layer`` to see the entity layer alone, or write it alone with ``layer="entity"``.
GEXF nodes carry the viewer's colours (``exports/palette.py``) as ``viz`` colours.

XML 1.0 cannot hold most control characters, lone surrogates or U+FFFE/U+FFFF: text values carry U+FFFD
in their place (and a parser reads every line end as ``\n``); an id with one becomes its cleaned text
plus ``#`` and a hash of the original, so ids stay distinct.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import networkx as nx

from kgbuilder.exports.palette import category, colors_for
from kgbuilder.graph.io import atomic_path
from kgbuilder.graph.knowledge_graph import KnowledgeGraph, edge_key, kind_of_node, layer_of_edge, layer_of_node

__all__ = ["to_flat_graph", "from_flat_graph", "write_graphml", "write_gexf", "read_graphml", "read_gexf"]

_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: node and edge attributes kept as they are (scalars); every other attribute is stored as JSON text
_NODE_SCALARS = ("label", "type", "kind", "layer", "mentions")
_EDGE_SCALARS = ("relation", "schema", "negated", "modality", "layer", "confidence", "evidence_count")
#: what the GEXF reader adds (colours, edge ids, the key)
_READER_ADDS = ("viz", "id", "networkx_key")
#: what every node has (KnowledgeGraph.add_entity), also when the file does not say
_NODE_DEFAULTS = {"aliases": [], "mention_spans": [], "attributes": {}}


def xml_text(value) -> str:
    """``value`` as text XML 1.0 can carry: U+FFFD for what it cannot, line ends as an XML parser reads them."""
    text = _XML_INVALID.sub("\ufffd", str(value))
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def xml_id(value) -> str:
    """An id XML 1.0 can carry, distinct for distinct ids: unchanged when it can, else cleaned + hash."""
    text = str(value)
    if not _XML_INVALID.search(text) and "\r" not in text:
        return text
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()
    return f"{xml_text(text)}#{digest}"


def _json(value) -> str:
    return xml_text(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def to_flat_graph(kg: KnowledgeGraph, layer: str | None = None) -> nx.MultiDiGraph:
    """``kg`` (or one of its layers) with scalar attributes only: what GraphML and GEXF can hold."""
    source = kg if layer is None else kg.layer(layer)
    flat = nx.MultiDiGraph(name=xml_text(source.name))
    for node_id, data in source.nodes():
        attributes = {key: _json(value) for key, value in {**_NODE_DEFAULTS, **data}.items()
                      if key not in _NODE_SCALARS}
        attributes.update(label=xml_text(data.get("label") or node_id), type=xml_text(data.get("type") or ""),
                          kind=xml_text(kind_of_node(data)), layer=layer_of_node(data),
                          mentions=int(data.get("mentions") or 0))
        flat.add_node(xml_id(node_id), **attributes)
    for s, o, key, data in source.edges():
        attributes = {k: _json(value) for k, value in {"evidence": [], "surface": [], **data}.items()
                      if k not in _EDGE_SCALARS}
        attributes.update(relation=xml_text(data.get("relation") or key), schema=xml_text(data.get("schema") or ""),
                          negated=bool(data.get("negated")), modality=xml_text(data.get("modality") or ""),
                          layer=layer_of_edge(source.node(s), source.node(o)),
                          confidence=float(data.get("confidence") or 0.0),
                          evidence_count=len(data.get("evidence") or []))
        flat.add_edge(xml_id(s), xml_id(o), key=xml_id(key), **attributes)
    return flat


def from_flat_graph(flat: nx.MultiDiGraph) -> KnowledgeGraph:
    """The KnowledgeGraph of a flat graph read back from GraphML or GEXF (``layer`` is derived, so dropped)."""
    g = nx.MultiDiGraph(name=flat.graph.get("name", "kgbuilder graph"))
    for node_id, data in flat.nodes(data=True):
        g.add_node(node_id, label=data.get("label", node_id), type=data.get("type", ""),
                   kind=data.get("kind", "entity"), mentions=int(data.get("mentions", 0)),
                   **{**_NODE_DEFAULTS, **_json_attributes(data, _NODE_SCALARS)})
    for s, o, data in flat.edges(data=True):
        negated, modality = bool(data.get("negated", False)), data.get("modality", "")
        # the key follows from the fact, as in KnowledgeGraph.add_fact (an empty one is no XML id)
        g.add_edge(s, o, key=edge_key(data["relation"], negated, modality), relation=data["relation"],
                   schema=data.get("schema", ""), negated=negated, modality=modality,
                   confidence=float(data.get("confidence", 0.0)), **_json_attributes(data, _EDGE_SCALARS))
    return KnowledgeGraph(g)


def _json_attributes(data: dict, scalars: tuple) -> dict:
    return {key: json.loads(value) for key, value in data.items() if key not in scalars and key not in _READER_ADDS}


def write_graphml(kg: KnowledgeGraph, path: str | os.PathLike, layer: str | None = None) -> Path:
    """Write ``kg`` (or one layer: "entity", "claims") as GraphML, atomically. Returns the path."""
    flat = to_flat_graph(kg, layer)
    with atomic_path(path) as tmp:
        nx.write_graphml(flat, tmp, encoding="utf-8")
    return Path(path)


def write_gexf(kg: KnowledgeGraph, path: str | os.PathLike, layer: str | None = None) -> Path:
    """Write ``kg`` (or one layer) as GEXF 1.2 with the viewer's colours, atomically. Returns the path."""
    flat = to_flat_graph(kg, layer)
    source = kg if layer is None else kg.layer(layer)
    keys = {xml_id(node_id): category(data) for node_id, data in source.nodes()}
    colors = colors_for(keys.values())
    for node_id, data in flat.nodes(data=True):
        red, green, blue = (int(colors[keys[node_id]][i:i + 2], 16) for i in (1, 3, 5))
        data["viz"] = {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}
    with atomic_path(path) as tmp:
        nx.write_gexf(flat, tmp, encoding="utf-8")
    return Path(path)


def read_graphml(path: str | os.PathLike) -> KnowledgeGraph:
    """The KnowledgeGraph of a file written by ``write_graphml``."""
    return from_flat_graph(nx.read_graphml(path, force_multigraph=True))


def read_gexf(path: str | os.PathLike) -> KnowledgeGraph:
    """The KnowledgeGraph of a file written by ``write_gexf`` (its colours are left out)."""
    return from_flat_graph(nx.read_gexf(path))
