"""The interactive viewer: one self-contained, offline HTML page (pyvis network data, vis-network drawing).

    to_pyvis(kg)            -> pyvis.network.Network   (the network model: nodes, edges, options)
    to_html(kg, title=None) -> str                     (the page)
    write_html(kg, path)    -> Path                    (atomic write)
    show(kg)                -> IPython.display.HTML    (the page inline in Jupyter, VS Code, Colab)
    force_layout(graph)     -> {node: (x, y)}          (the layout used for big graphs)

pyvis assembles the node and edge records; the page around them is ours (``exports/static/``),
because pyvis's own template loads vis-network and Bootstrap from CDNs. vis-network's JS and CSS
are inlined from the copy pyvis ships in its package, so the page makes no network request at all
(a Content-Security-Policy with ``default-src 'none'`` says so to the browser too).

Untrusted text (labels, aliases, sentences, document ids) only ever reaches the page as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&`` and U+2028/2029 escaped, and the page
renders it with ``textContent`` or on the canvas; vis-network 9 renders a string ``title`` tooltip
with ``innerText``. Scripts run only if their hash is in the page's CSP, so an injected inline
handler could not run even if markup slipped through.

Big graphs (more than ``layout_threshold`` nodes, 300 by default) get positions computed here
(:func:`force_layout`) and physics switched off, so the browser only has to draw.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
import zlib
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kgbuilder.graph.io import write_atomic
from kgbuilder.graph.knowledge_graph import KnowledgeGraph

__all__ = ["to_pyvis", "to_html", "write_html", "show", "force_layout", "TYPE_COLORS"]

#: Node colours for spaCy's entity labels; other labels get a stable colour from EXTRA_COLORS.
TYPE_COLORS = {
    "PERSON": "#4e79a7",
    "ORG": "#f28e2b",
    "GPE": "#59a14f",
    "NORP": "#b07aa1",
    "LOC": "#76b7b2",
    "FAC": "#edc948",
    "EVENT": "#e15759",
    "PRODUCT": "#ff9da7",
    "WORK_OF_ART": "#9c755f",
    "LAW": "#8c6d31",
    "LANGUAGE": "#8cd17d",
    "DATE": "#d4a6c8",
    "TIME": "#d4a6c8",
    "MONEY": "#86bcb6",
    "PERCENT": "#86bcb6",
    "QUANTITY": "#86bcb6",
    "CARDINAL": "#c7c7c7",
    "ORDINAL": "#c7c7c7",
    "": "#a0a0a0",
}
EXTRA_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39")
UNTYPED = "(untyped)"  # how the legend names nodes whose type is ""
NEGATED_COLOR = "#d0453b"
EDGE_COLOR = "#8a9bb0"

_STATIC = "static"
_TOKEN = re.compile(r"@@([A-Z_]+)@@")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


# ---------------------------------------------------------------------------------------- layout
def force_layout(graph, iterations: int = 50, seed: int = 0, gravity: float = 0.02) -> dict:
    """Positions for every node of ``graph``: a Fruchterman-Reingold layout that scales to 10k nodes.

    Natural edge length is 1. Repulsion between all pairs is split the particle-mesh way: exact
    between nodes in neighbouring grid cells, and for the rest from the grid's density convolved
    (by FFT) with the ``r/|r|^2`` kernel, so one iteration costs O(n + E + G^2 log G) instead of
    O(n^2). Connected components are then packed in rows, biggest first. networkx's
    ``spring_layout`` gives the same picture but took 16 s for 5,000 nodes at 15 iterations here;
    this takes under a second (see ``benchmarks/viewer_speed.py``). Deterministic for a given seed.
    """
    import numpy as np

    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = {(min(index[u], index[v]), max(index[u], index[v])) for u, v in graph.edges() if u != v}
    edges = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    src, dst = edges[:, 0], edges[:, 1]

    rng = np.random.default_rng(seed)
    side = math.sqrt(n)
    pos = (rng.random((n, 2)) - 0.5) * side
    temperature = side / 6
    cooling = temperature / (iterations + 1)

    # far-field kernel on a G x G grid, laid out for circular convolution on a 2G x 2G array
    cells = int(min(128, max(8, math.ceil(side))))
    shape = (2 * cells, 2 * cells)
    offsets = np.arange(-cells + 1, cells)
    ox, oy = np.meshgrid(offsets, offsets, indexing="ij")
    r2 = (ox * ox + oy * oy).astype(float)
    r2[(np.abs(ox) <= 1) & (np.abs(oy) <= 1)] = np.inf  # the near field is computed exactly
    kernel_x, kernel_y = np.zeros(shape), np.zeros(shape)
    kernel_x[ox % shape[0], oy % shape[1]] = ox / r2
    kernel_y[ox % shape[0], oy % shape[1]] = oy / r2
    fft_x, fft_y = np.fft.rfft2(kernel_x), np.fft.rfft2(kernel_y)
    everyone = np.arange(n)

    for _ in range(iterations):
        disp = np.zeros((n, 2))
        low = pos.min(axis=0)
        h = max(float((pos.max(axis=0) - low).max()) / cells * 1.0001, 1e-6)
        cell = np.minimum(((pos - low) / h).astype(np.int64), cells - 1)
        # far field: density * kernel, read at each node's cell
        density = np.zeros(shape)
        np.add.at(density, (cell[:, 0], cell[:, 1]), 1.0)
        fft_density = np.fft.rfft2(density)
        field_x = np.fft.irfft2(fft_density * fft_x, shape) / h
        field_y = np.fft.irfft2(fft_density * fft_y, shape) / h
        disp[:, 0] += field_x[cell[:, 0], cell[:, 1]]
        disp[:, 1] += field_y[cell[:, 0], cell[:, 1]]
        # near field: exact 1/d repulsion from the nodes in the 3 x 3 cells around each node
        key = cell[:, 0] * (cells + 2) + cell[:, 1]
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                target = key + dx * (cells + 2) + dy
                lo = np.searchsorted(sorted_key, target, "left")
                count = np.searchsorted(sorted_key, target, "right") - lo
                total = int(count.sum())
                if total == 0:
                    continue
                a = np.repeat(everyone, count)
                b = order[np.arange(total) + np.repeat(lo - (np.cumsum(count) - count), count)]
                keep = a != b
                a, b = a[keep], b[keep]
                d = pos[a] - pos[b]
                d2 = np.maximum((d * d).sum(axis=1), 1e-4)
                disp[:, 0] += np.bincount(a, d[:, 0] / d2, n)
                disp[:, 1] += np.bincount(a, d[:, 1] / d2, n)
        # attraction d^2 along edges
        if len(src):
            d = pos[src] - pos[dst]
            pull = d * np.sqrt((d * d).sum(axis=1))[:, None]
            for axis in (0, 1):
                disp[:, axis] += np.bincount(dst, pull[:, axis], n) - np.bincount(src, pull[:, axis], n)
        disp -= pos * gravity
        length = np.sqrt((disp * disp).sum(axis=1))
        pos += disp * (np.minimum(length, temperature) / np.maximum(length, 1e-9))[:, None]
        temperature -= cooling
    placed = _pack_components(graph, nodes, index, pos)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, placed)}


def _pack_components(graph, nodes, index, pos, gap: float = 2.0, aspect: float = 1.6):
    """Move each connected component, keeping its shape, into rows: biggest first, left to right.

    A force layout alone puts small components on a ring far around the big one (their repulsion
    and the pull to the centre balance out there), which wastes the screen.
    """
    import networkx as nx
    import numpy as np

    parts = nx.weakly_connected_components(graph) if graph.is_directed() else nx.connected_components(graph)
    groups = sorted((np.array(sorted(index[node] for node in part)) for part in parts),
                    key=lambda ids: (-len(ids), int(ids[0])))
    boxes = []
    for ids in groups:
        low, high = pos[ids].min(axis=0), pos[ids].max(axis=0)
        boxes.append((ids, low, high - low + gap))
    total = sum(float(size[0] * size[1]) for _, _, size in boxes)
    width = max(math.sqrt(total * aspect), float(boxes[0][2][0]))
    placed = np.empty_like(pos)
    x = y = row = 0.0
    for ids, low, size in boxes:
        if x > 0 and x + size[0] > width:
            x, y, row = 0.0, y + row, 0.0
        placed[ids] = pos[ids] - low + (x, y)
        x += size[0]
        row = max(row, float(size[1]))
    return placed - (placed.min(axis=0) + placed.max(axis=0)) / 2


# ---------------------------------------------------------------------------------------- model
def type_color(type_: str) -> str:
    """The node colour for an entity type (stable across runs for types outside TYPE_COLORS)."""
    if type_ in TYPE_COLORS:
        return TYPE_COLORS[type_]
    return EXTRA_COLORS[zlib.crc32(type_.encode("utf-8", "surrogatepass")) % len(EXTRA_COLORS)]


def _text(value: Any, limit: int | None = None) -> str:
    text = "" if value is None else str(value)
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _number(value: Any, default: float = 0.0) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if math.isfinite(number) else default


def _relation_label(relation: str, negated: bool) -> str:
    return f"not {relation}" if negated else relation


def to_pyvis(kg: KnowledgeGraph, *, size_by: str = "degree", layout_threshold: int = 300,
             physics: bool | None = None, max_evidence: int = 10, seed: int = 0, max_label: int = 30):
    """The graph as a ``pyvis.network.Network``: what the page draws, before any HTML.

    Node labels are cut to ``max_label`` characters; nodes carry ``fullLabel``, ``kgType``, ``kgId``,
    ``aliases``, ``mentions``, ``degree``; edges carry ``relation``,
    ``negated``, ``confidence``, ``evidence`` (at most ``max_evidence`` records) and ``evidenceCount``.
    ``physics=None`` means: physics for graphs up to ``layout_threshold`` nodes, otherwise positions
    from :func:`force_layout` and physics off.
    """
    from pyvis.network import Network

    if size_by not in ("degree", "mentions"):
        raise ValueError(f"size_by must be 'degree' or 'mentions', not {size_by!r}")
    g = kg.graph
    n = g.number_of_nodes()
    use_physics = n <= layout_threshold if physics is None else bool(physics)
    positions = {} if use_physics else force_layout(g, seed=seed)
    spacing = 70.0  # pixels per unit edge length of force_layout

    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    ids = {node: i for i, node in enumerate(g.nodes)}
    weights = {node: (g.degree(node) if size_by == "degree" else _number(d.get("mentions")))
               for node, d in g.nodes(data=True)}
    for node, data in g.nodes(data=True):
        label = _text(data.get("label") or node)
        type_ = _text(data.get("type"))
        aliases = [_text(a) for a in data.get("aliases") or [] if _text(a) != label]
        mentions = int(_number(data.get("mentions")))
        degree = g.degree(node)
        tip = [label, f"type: {type_ or UNTYPED}"]
        if aliases:
            tip.append("aliases: " + ", ".join(aliases[:12]) + (" …" if len(aliases) > 12 else ""))
        tip.append(f"mentions: {mentions} · links: {degree}")
        options = dict(
            title="\n".join(tip),
            value=round(math.sqrt(max(weights[node], 0)), 3),  # vis scales size and label font by it
            color={"background": type_color(type_), "border": "#33415580",
                   "highlight": {"background": type_color(type_), "border": "#111827"}},
            kgType=type_, kgId=_text(node), aliases=aliases, mentions=mentions, degree=degree,
        )
        if positions:
            x, y = positions[node]
            options.update(x=round(x * spacing, 1), y=round(y * spacing, 1))
        # the canvas shows a short label (a noun phrase or a quoted statement can be a whole
        # sentence); the tooltip, the details panel and the search show it in full
        net.add_node(ids[node], label=_text(label, max_label), shape="dot", fullLabel=label, **options)

    parallel: Counter = Counter()
    for number, (s, o, key, data) in enumerate(sorted(
            g.edges(keys=True, data=True), key=lambda e: (ids[e[0]], ids[e[1]], str(e[2])))):
        relation = _text(data.get("relation") or key)
        negated = bool(data.get("negated"))
        confidence = round(_number(data.get("confidence")), 4)
        records = list(data.get("evidence") or [])
        evidence = [{"doc_id": _text(ev.get("doc_id")), "sentence_index": ev.get("sentence_index"),
                     "sentence": _text(ev.get("sentence"), 2000),
                     "confidence": round(_number(ev.get("confidence")), 4)}
                    for ev in records[:max_evidence] if isinstance(ev, dict)]
        label = _relation_label(relation, negated)
        tip = [f"{_text(g.nodes[s].get('label') or s)} —{label}→ {_text(g.nodes[o].get('label') or o)}",
               f"confidence {confidence:.2f} · {len(records)} evidence sentence{'s' * (len(records) != 1)}"]
        for ev in evidence[:3]:
            tip.append(f"• [{ev['doc_id']}, sentence {ev['sentence_index']}] ({ev['confidence']:.2f}) "
                       f"{_text(ev['sentence'], 300)}")
        if len(records) > 3:
            tip.append(f"… and {len(records) - 3} more (click the edge)")
        pair = (min(ids[s], ids[o]), max(ids[s], ids[o]))
        rank = parallel[pair]
        parallel[pair] += 1
        options = dict(
            id=f"e{number}", label=label, title="\n".join(tip), arrows="to",
            width=round(0.8 + 1.7 * confidence, 2), dashes=negated,
            color={"color": NEGATED_COLOR if negated else EDGE_COLOR,
                   "highlight": "#111827", "hover": "#111827"},
            relation=relation, negated=negated, confidence=confidence, evidence=evidence,
            evidenceCount=len(records),
        )
        if negated:
            options["font"] = {"color": NEGATED_COLOR}
        if rank:  # bend parallel edges apart so each label can be read
            options["smooth"] = {"enabled": True, "type": "curvedCW" if rank % 2 else "curvedCCW",
                                 "roundness": 0.15 * ((rank + 1) // 2)}
        net.add_edge(ids[s], ids[o], **options)

    net.options = _vis_options(use_physics, n)
    return net


def _vis_options(use_physics: bool, n: int) -> dict:
    options: dict = {
        "autoResize": True,
        "nodes": {"shape": "dot", "borderWidth": 1,
                  "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#1f2937",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  # size and label font grow with the node's value (sqrt of degree or mentions), so
                  # the hubs stay labelled when the whole graph is in view
                  "scaling": {"min": 7, "max": 32,
                              "label": {"enabled": True, "min": 12, "max": 30, "maxVisible": 40,
                                        "drawThreshold": 5}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "font": {"size": 11, "face": "system-ui, sans-serif", "color": "#4b5563",
                           "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
                  "scaling": {"label": {"drawThreshold": 6}},
                  "selectionWidth": 2},
        "interaction": {"hover": n <= 2000, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "hideEdgesOnDrag": n > 1000, "hideEdgesOnZoom": n > 1000},
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }
    if use_physics:
        options["edges"]["smooth"] = {"enabled": True, "type": "continuous"}
        options["physics"] = {
            "enabled": True, "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -3000, "centralGravity": 0.9, "springLength": 90,
                          "springConstant": 0.05, "damping": 0.3, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 50, "fit": True},
            "minVelocity": 1.0,
        }
    else:
        options["edges"]["smooth"] = False
        options["physics"] = {"enabled": False}
    return options


# ---------------------------------------------------------------------------------------- page
@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(_STATIC, name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the copy inside the pyvis package (newest version found)."""
    import pyvis

    root = Path(pyvis.__file__).parent
    found = []
    for base in (root / "lib", root / "templates" / "lib"):
        for folder in base.glob("vis-*"):
            version = tuple(int(p) for p in re.findall(r"\d+", folder.name))
            if (folder / "vis-network.min.js").is_file() and (folder / "vis-network.css").is_file():
                found.append((version, folder))
    if not found:
        raise RuntimeError(f"vis-network not found inside pyvis ({root}); reinstall pyvis>=0.3.2: "
                           "pip install --force-reinstall 'pyvis>=0.3.2'")
    folder = max(found)[1]
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    # nothing may end the <script>/<style> element early or point the browser at another file
    js = re.sub(r"(?m)^//# sourceMappingURL=.*$", "", js)
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    js = re.sub(r"(?i)</(script)", r"<\\/\1", js).replace("<!--", "<\\!--")
    if re.search(r"(?i)</style", css):
        raise RuntimeError("the vis-network stylesheet in pyvis contains '</style'; cannot inline it")
    return js, css


def _json_for_script(value: Any) -> str:
    """JSON that is safe inside a <script> element: no '<', '>', '&', U+2028/2029 or lone surrogates."""
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    text = _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)
    return _SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), text)


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _cut_info(kg: KnowledgeGraph) -> dict | None:
    cut = kg.graph.graph.get("cut_from")
    if not isinstance(cut, dict):
        return None
    info = {"nodes": int(_number(cut.get("nodes"))), "edges": int(_number(cut.get("edges")))}
    for key in ("around", "hops", "top"):
        if cut.get(key) is not None:
            info[key] = cut[key] if key != "around" else _text(cut[key])
    return info


def to_html(kg: KnowledgeGraph, title: str | None = None, *, size_by: str = "degree",
            layout_threshold: int = 300, physics: bool | None = None, max_evidence: int = 10,
            seed: int = 0, max_label: int = 30) -> str:
    """The interactive viewer of ``kg`` as one self-contained, offline HTML page.

    ``title`` defaults to the graph's name. ``size_by`` is "degree" or "mentions". See
    :func:`to_pyvis` for ``layout_threshold``, ``physics``, ``max_evidence``, ``seed`` and ``max_label``.
    """
    net = to_pyvis(kg, size_by=size_by, layout_threshold=layout_threshold, physics=physics,
                   max_evidence=max_evidence, seed=seed, max_label=max_label)
    nodes, edges, _heading, _height, _width, options_json = net.get_network_data()
    name = _text(title if title is not None else kg.graph.graph.get("name") or "kgbuilder graph")
    evidence = sum(len(d.get("evidence") or []) for _, _, d in kg.graph.edges(data=True))
    physics_on = bool(json.loads(options_json).get("physics", {}).get("enabled"))
    meta = {
        "title": name,
        "entities": kg.graph.number_of_nodes(),
        "relations": kg.graph.number_of_edges(),
        "evidence": evidence,
        "cut": _cut_info(kg),
        "layout": "physics" if physics_on else "precomputed",
        "sizeBy": size_by,
        "untyped": UNTYPED,
        "colors": {t: type_color(t) for t in sorted({n["kgType"] for n in nodes})},
    }
    data = _json_for_script({"meta": meta, "nodes": nodes, "edges": edges,
                             "options": json.loads(options_json)})
    vis_js, vis_css = _vis_assets()
    viewer_js = _asset("viewer.js")
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vis_js)} {_csp_hash(viewer_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "connect-src 'none'; form-action 'none'; base-uri 'none'")
    parts = {
        "CSP": html.escape(csp, quote=True),
        "TITLE": html.escape(name, quote=True),
        "VIS_CSS": vis_css,
        "CSS": _asset("viewer.css"),
        "DATA": data,
        "VIS_JS": vis_js,
        "JS": viewer_js,
    }
    return _TOKEN.sub(lambda m: parts[m.group(1)], _asset("viewer.html"))


def write_html(kg: KnowledgeGraph, path: str | os.PathLike, title: str | None = None, *,
               size_by: str = "degree", layout_threshold: int = 300, physics: bool | None = None,
               max_evidence: int = 10, seed: int = 0, max_label: int = 30) -> Path:
    """Write the viewer page to ``path`` atomically (temp file + rename). Options as :func:`to_html`.

    The options are spelled out (no ``**options``) so the format registry passes this writer only
    the options it takes.
    """
    page = to_html(kg, title, size_by=size_by, layout_threshold=layout_threshold, physics=physics,
                   max_evidence=max_evidence, seed=seed, max_label=max_label)
    return write_atomic(path, page)


def show(kg: KnowledgeGraph, height: int | str = 640, **options):
    """The viewer inline in a notebook: an ``IPython.display.HTML`` holding an ``<iframe srcdoc>``.

    Inline HTML (not an IFrame pointing at a file) displays in JupyterLab, classic Notebook,
    VS Code and Colab, and the notebook stays self-contained. The frame is sandboxed
    (scripts only, opaque origin). Options as :func:`to_html`.
    """
    try:
        from IPython.display import HTML
    except ImportError:  # pragma: no cover - IPython comes with Jupyter and with pyvis
        raise ImportError("show() needs IPython (pip install ipython); "
                          "outside a notebook use write_html(kg, 'graph.html')") from None
    page = to_html(kg, **options)
    css_height = f"{height}px" if isinstance(height, (int, float)) else str(height)
    frame = (f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
             f'style="width:100%;height:{html.escape(css_height, quote=True)};border:1px solid #d1d5db;'
             f'border-radius:4px" title="{html.escape(_text(options.get("title") or kg.graph.graph.get("name") or "kgbuilder graph"), quote=True)}"'
             f' loading="eager"></iframe>')
    return HTML(f'<div class="kgbuilder-viewer">{frame}</div>')
