"""The interactive viewer: one self-contained, offline HTML page (vis-network drawing, our page around it).

    to_pyvis(kg)            -> pyvis.network.Network   (the network model: nodes, edges, options)
    to_html(kg, title=None) -> str                     (the page)
    write_html(kg, path)    -> Path                    (atomic write)
    show(kg)                -> IPython.display.HTML    (the page inline in Jupyter, VS Code, Colab)

What the page shows (``exports/viewer_data.py``): the entity layer, laid out by communities
(``exports/layout.py``), with the entities of tiny components folded into a list; the claims of an
entity in its side panel and, on demand, drawn around it. Colours and shapes: ``exports/palette.py``.
The top labels are made readable at fit zoom by the page itself (it knows the zoom).

pyvis assembles the node and edge records; the page around them is ours (``exports/static/``),
because pyvis's own template loads vis-network and Bootstrap from CDNs. vis-network's JS and CSS
are inlined from the copy pyvis ships in its package, so the page makes no network request at all
(a Content-Security-Policy with ``default-src 'none'`` says so to the browser too).

Untrusted text (labels, aliases, sentences, document ids) only ever reaches the page as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&`` and U+2028/2029 escaped, and the page
renders it with ``textContent`` or on the canvas; vis-network 9 renders a string ``title`` tooltip
with ``innerText``. Scripts run only if their hash is in the page's CSP, so an injected inline
handler could not run even if markup slipped through. Bidi controls and invisible characters are
shown as U+FFFD (``viewer_data.display_text``).

Positions are always computed here and vis-network's physics is off (``physics=True`` turns it on,
starting from them), so the browser only draws. Tooltips stay on at every size: vis-network looks a
tooltip up only after the pointer rests (``tooltipDelay``), which costs nothing while drawing; hover
highlighting, which redraws on every mouse move, is switched off above 2,000 drawn nodes.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kgbuilder.exports.layout import force_layout
from kgbuilder.exports.palette import TYPE_COLORS, UNTYPED
from kgbuilder.exports.viewer_data import LIMITS, build_view, display_text
from kgbuilder.graph.io import write_atomic
from kgbuilder.graph.knowledge_graph import KnowledgeGraph

__all__ = ["to_pyvis", "to_html", "write_html", "show", "force_layout", "TYPE_COLORS", "UNTYPED"]

_STATIC = "static"
_TOKEN = re.compile(r"@@([A-Z_]+)@@")
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")
#: Above this many drawn nodes, no hover highlighting (it redraws on every mouse move).
HOVER_LIMIT = 2000


# ---------------------------------------------------------------------------------------- model
def to_pyvis(kg: KnowledgeGraph, *, size_by: str = "degree", physics: bool = False, max_evidence: int = 10,
             seed: int = 0, max_label: int = LIMITS["label"]):
    """The graph as a ``pyvis.network.Network``: what the page draws, before any HTML.

    Nodes carry ``label`` (cut to ``max_label`` characters), ``fullLabel``, ``kgId``, ``kgType``,
    ``category``, ``kind``, ``layer``, ``place`` ("drawn", "folded" or "claims"), ``aliases``,
    ``mentions``, ``degree``, ``claims`` and positions; edges carry ``relation``, ``schema``, ``negated``,
    ``modality``, ``layer``, ``confidence``, ``evidence`` (at most ``max_evidence`` records) and
    ``evidenceCount``. The page's facts are in ``net.kg_meta``.
    """
    from pyvis.network import Network

    view = build_view(kg, size_by=size_by, max_evidence=max_evidence, seed=seed, max_label=max_label)
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    for record in view.nodes:
        record = dict(record)
        net.add_node(record.pop("id"), label=record.pop("label"), shape=record.pop("shape"), **record)
    for record in view.edges:
        record = dict(record)
        net.add_edge(record.pop("from"), record.pop("to"), **record)
    net.options = _vis_options(bool(physics), view.meta["drawn"])
    net.kg_meta = view.meta
    return net


def _vis_options(physics: bool, drawn: int) -> dict:
    options: dict = {
        "autoResize": True,
        "nodes": {"borderWidth": 1,
                  "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#1f2937",
                           "strokeWidth": 3, "strokeColor": "#ffffff"},
                  # size grows with the node's value; label sizes are the nodes' own (font.size), so the
                  # page can enlarge the top ones. Labels under 8 px are not drawn at all (clutter).
                  "scaling": {"min": 10, "max": 36,
                              "label": {"enabled": False, "maxVisible": 24, "drawThreshold": 8}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "font": {"size": 11, "face": "system-ui, sans-serif", "color": "#4b5563",
                           "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
                  "scaling": {"label": {"drawThreshold": 8}}, "selectionWidth": 2, "smooth": False},
        "interaction": {"hover": drawn <= HOVER_LIMIT, "tooltipDelay": 200, "navigationButtons": False,
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "hideEdgesOnDrag": drawn > 1000, "hideEdgesOnZoom": drawn > 1000},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {"enabled": False},
    }
    if physics:
        options["physics"] = {
            "enabled": True, "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -3000, "centralGravity": 0.3, "springLength": 90,
                          "springConstant": 0.05, "damping": 0.3, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 50, "fit": True},
            "minVelocity": 1.0,
        }
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


def to_html(kg: KnowledgeGraph, title: str | None = None, *, size_by: str = "degree", physics: bool = False,
            max_evidence: int = 10, seed: int = 0, max_label: int = LIMITS["label"]) -> str:
    """The interactive viewer of ``kg`` as one self-contained, offline HTML page.

    ``title`` defaults to the graph's name. ``size_by`` is "degree" or "mentions". See
    :func:`to_pyvis` for ``physics``, ``max_evidence``, ``seed`` and ``max_label``.
    """
    net = to_pyvis(kg, size_by=size_by, physics=physics, max_evidence=max_evidence, seed=seed,
                   max_label=max_label)
    nodes, edges, _heading, _height, _width, options_json = net.get_network_data()
    meta = dict(net.kg_meta, sizeBy=size_by, layout="physics" if physics else "precomputed")
    if title is not None:
        meta["title"] = display_text(title, LIMITS["full"])
    data = _json_for_script({"meta": meta, "nodes": nodes, "edges": edges, "options": json.loads(options_json)})
    vis_js, vis_css = _vis_assets()
    viewer_js = _asset("viewer.js")
    csp = ("default-src 'none'; "
           f"script-src {_csp_hash(vis_js)} {_csp_hash(viewer_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; "
           "connect-src 'none'; form-action 'none'; base-uri 'none'")
    page_title = display_text(title if title is not None else kg.name, LIMITS["full"])
    parts = {"CSP": html.escape(csp, quote=True), "TITLE": html.escape(page_title, quote=True),
             "VIS_CSS": vis_css, "CSS": _asset("viewer.css"), "DATA": data, "VIS_JS": vis_js, "JS": viewer_js}
    return _TOKEN.sub(lambda m: parts[m.group(1)], _asset("viewer.html"))


def write_html(kg: KnowledgeGraph, path: str | os.PathLike, title: str | None = None, *,
               size_by: str = "degree", physics: bool = False, max_evidence: int = 10, seed: int = 0,
               max_label: int = LIMITS["label"]) -> Path:
    """Write the viewer page to ``path`` atomically (temp file + rename). Options as :func:`to_html`.

    The options are spelled out (no ``**options``) so the format registry passes this writer only
    the options it takes.
    """
    page = to_html(kg, title, size_by=size_by, physics=physics, max_evidence=max_evidence, seed=seed,
                   max_label=max_label)
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
             f'border-radius:4px" title="{html.escape(display_text(options.get("title") or kg.name), quote=True)}"'
             f' loading="eager"></iframe>')
    return HTML(f'<div class="kgbuilder-viewer">{frame}</div>')
