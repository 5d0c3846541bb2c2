"""graph.json: networkx node-link JSON, the stable contract other tools read.

Attribute names are those of graph/knowledge_graph.py (label, type, kind, aliases, mentions, mention_spans,
attributes; relation, schema, confidence, evidence, negated, modality, surface), and every node and link
says its ``layer`` ("entity" or "claims", see ``KnowledgeGraph.to_node_link``). The output is deterministic: nodes
sorted by id, links by (source, target, key), object keys sorted, so two builds of the same corpus
give byte-identical files (diffable, cacheable). Read it back with ``KnowledgeGraph.read_json``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from kgbuilder.graph.io import write_atomic
from kgbuilder.graph.knowledge_graph import KnowledgeGraph


def _plain(value):
    """JSON has no sets or tuples: sets become sorted lists (tuples are lists already)."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable: {value!r}")


def to_json(kg: KnowledgeGraph, indent: int | None = 1, ensure_ascii: bool = False) -> str:
    """The node-link JSON text of ``kg`` (what ``write_json`` writes).

    ``indent=1`` (the default) puts each node and each link on a line of its own, compact inside:
    diffable, and written by the json module's C encoder (a full indent takes its slower Python
    one). ``indent=None``: one line; any other number: ``json.dumps``' own indentation.
    """
    data = kg.to_node_link()
    data["nodes"] = sorted(data["nodes"], key=lambda n: str(n.get("id")))
    data["links"] = sorted(data["links"], key=lambda e: (str(e.get("source")), str(e.get("target")),
                                                         str(e.get("key"))))
    options = {"ensure_ascii": ensure_ascii, "sort_keys": True, "default": _plain}
    if indent != 1:
        return json.dumps(data, indent=indent, **options) + "\n"
    dumps = json.JSONEncoder(separators=(",", ":"), **options).encode
    parts = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list) and value:
            body = "[\n" + ",\n".join(dumps(item) for item in value) + "\n]"
        else:
            body = dumps(value)
        parts.append(f"{dumps(key)}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def write_json(kg: KnowledgeGraph, path: str | os.PathLike, indent: int | None = 1) -> Path:
    """Write ``kg`` as node-link JSON to ``path``, UTF-8, atomically. Returns the path."""
    try:
        data = to_json(kg, indent=indent).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (from broken input): \u escapes keep it valid JSON
        data = to_json(kg, indent=indent, ensure_ascii=True).encode("ascii")
    return write_atomic(path, data)
