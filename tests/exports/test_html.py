"""The HTML viewer page, without a browser: offline, safe embedding, the data the page draws.

What the page does in a real browser is tested in tests/browser/.
"""
from __future__ import annotations

import base64
import hashlib
import html
import math
import re

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgbuilder.exports.html import show, to_html, to_pyvis, write_html
from kgbuilder.exports.layout import community_layout, force_layout
from kgbuilder.exports.palette import EXTRA_COLORS, TYPE_COLORS, colors_for
from kgbuilder.exports.viewer_data import display_text
from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.graph.model import Provenance

from .pages import page_data, script_bodies

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"};alert(1);//', "</script>",
           "</SCRIPT ><script>alert(2)</script>", "<!--<script>", "a\u2028b\u2029c", "&lt;&amp;", "]]>"]


@pytest.fixture
def kg() -> KnowledgeGraph:
    """Kerry, Lavrov, Russia, Syria, Putin linked (one component), a claim, a hypothetical fact, a lone entity."""
    kg = KnowledgeGraph(name="Seed article")
    kg.add_entity("John_Kerry", "John Kerry", "PERSON", alias="Kerry", span=("seed.txt", 0, 10))
    kg.add_entity("John_Kerry", "John Kerry", "PERSON", alias="Secretary Kerry", span=("seed.txt", 80, 85))
    kg.add_entity("Sergei_Lavrov", "Sergei Lavrov", "PERSON", alias="Lavrov", span=("seed.txt", 20, 33))
    kg.add_entity("Russia", "Russia", "GPE", span=("seed.txt", 40, 46))
    kg.add_entity("Syria", "Syria", "GPE")
    kg.add_entity("Geneva", "Geneva", "GPE")
    kg.add_entity("Vladimir_Putin", "Vladimir Putin", "PERSON")
    kg.add_entity("concept/seed.txt/ceasefire", "a ceasefire", "", kind="phrase")
    talk = Provenance("seed.txt", 0, "Kerry discussed Syria with Lavrov in a phone call.", 0, 50)
    kg.add_fact("John_Kerry", "discuss_with", "Sergei_Lavrov", 0.8, talk, surface="discussed with")
    kg.add_fact("John_Kerry", "discuss_with", "Sergei_Lavrov", 0.7,
                Provenance("other.txt", 3, "Kerry and Lavrov talked again.", 0, 30))
    kg.add_fact("John_Kerry", "discuss", "Syria", 0.7, talk)
    kg.add_fact("Sergei_Lavrov", "foreign_minister_of", "Russia", 0.9,
                Provenance("seed.txt", 1, "Lavrov, Russia's foreign minister, ...", 0, 9), schema="works_for")
    kg.add_fact("Russia", "agree_to", "concept/seed.txt/ceasefire", 0.6,
                Provenance("seed.txt", 4, "Russia did not agree to a ceasefire.", 0, 9), negated=True)
    kg.add_fact("Russia", "agree_to", "concept/seed.txt/ceasefire", 0.5,
                Provenance("seed.txt", 5, "Russia agreed to a ceasefire.", 0, 9))
    kg.add_fact("Russia", "meet", "Syria", 0.5, Provenance("seed.txt", 6, "Russia will meet Syria.", 0, 9),
                modality="will")
    kg.add_fact("Vladimir_Putin", "president_of", "Russia", 0.9,
                Provenance("seed.txt", 7, "Russian President Vladimir Putin", 0, 9), schema="leader_of")
    return kg


def by_id(data: dict) -> dict:
    return {n["kgId"]: n for n in data["nodes"]}


# ------------------------------------------------------------------ the page
def test_page_is_self_contained_and_offline(kg):
    page = to_html(kg)
    assert page.startswith("<!DOCTYPE html>")
    # nothing is fetched: no src/href attributes, no <link>, no @import, no url() except data:
    assert not re.search(r"(?i)<(script|img|iframe|link|source|embed|object)\b[^>]*\b(src|href|data)\s*=", page)
    assert not re.search(r"(?i)@import", page)
    styles = "".join(re.findall(r"(?is)<style>(.*?)</style>", page))
    assert "url(" in styles and not re.search(r"(?i)url\(\s*(?!['\"]?data:)", styles)
    assert "sourceMappingURL" not in page
    # pyvis's own template points at cdnjs and jsdelivr (vis-network, Bootstrap); ours points nowhere
    assert not re.search(r"(?i)cdnjs|jsdelivr|unpkg|bootstrap", page)
    # vis-network is inlined (from pyvis's package), and so is our viewer
    tags = [tag for tag, _ in script_bodies(page)]
    assert tags == ['<script type="application/json" id="kg-data">', "<script>", "<script>"]
    assert "vis-network" in page and "kgViewer" in page


def test_csp_forbids_network_and_allows_exactly_our_scripts(kg):
    page = to_html(kg)
    (csp,) = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    csp = html.unescape(csp)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    hashes = re.findall(r"'sha256-([^']+)'", csp)
    executable = [body for tag, body in script_bodies(page) if tag == "<script>"]
    assert sorted(hashes) == sorted(base64.b64encode(hashlib.sha256(b.encode()).digest()).decode()
                                    for b in executable)


def test_title_bar_counts_layers_and_cut(kg):
    meta = page_data(to_html(kg))["meta"]
    assert meta["title"] == "Seed article"
    # 6 entities (5 linked + Geneva alone), 5 entity-layer relations, 2 claims, 8 evidence records
    assert (meta["entities"], meta["relations"], meta["claims"], meta["evidence"]) == (6, 5, 2, 8)
    assert (meta["drawn"], meta["folded"], meta["claimNodes"]) == (5, 1, 1)
    assert meta["cut"] is None and meta["layout"] == "precomputed"
    cut = page_data(to_html(kg.subgraph(around="Kerry", hops=1), title="Kerry"))["meta"]
    assert cut["title"] == "Kerry"
    assert cut["cut"] == {"nodes": 7, "edges": 7} and cut["entities"] == 3


# ------------------------------------------------------------------ what is drawn
def test_the_entity_layer_is_drawn_small_groups_folded_claims_on_demand(kg):
    nodes = by_id(page_data(to_html(kg)))
    assert {k for k, n in nodes.items() if n["place"] == "drawn"} == {"John_Kerry", "Sergei_Lavrov", "Russia", "Syria",
                                                                       "Vladimir_Putin"}
    assert nodes["Geneva"]["place"] == "folded"
    assert nodes["concept/seed.txt/ceasefire"]["place"] == "claims"
    assert nodes["concept/seed.txt/ceasefire"]["layer"] == "claims" and nodes["Russia"]["layer"] == "entity"
    assert nodes["Russia"]["claims"] == 2 and nodes["Russia"]["degree"] == 3  # links count the entity layer
    # the most linked entity ranks first for a readable label
    assert sorted((n["rank"], k) for k, n in nodes.items() if "rank" in n)[0][1] == "Russia"
    # every node has a position; the folded ones below the drawn ones
    assert all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in nodes.values() if n["place"] != "claims")
    assert nodes["Geneva"]["y"] > max(n["y"] for n in nodes.values() if n["place"] == "drawn")


def test_a_cut_view_or_a_graph_of_small_pieces_folds_nothing(kg):
    cut = by_id(page_data(to_html(kg.subgraph(around="Kerry", hops=1))))
    assert {n["place"] for n in cut.values()} == {"drawn"}
    pair = KnowledgeGraph()
    pair.add_entity("a", "A", "PERSON")
    pair.add_entity("b", "B", "ORG")
    pair.add_fact("a", "works_for", "b", 0.5, Provenance("d", 0, "s", 0, 1))
    assert {n["place"] for n in page_data(to_html(pair))["nodes"]} == {"drawn"}


def test_every_type_has_its_own_colour_and_each_kind_a_shape(kg):
    data = page_data(to_html(kg))
    nodes = by_id(data)
    # the page paints each node with meta.colors of its category
    assert (nodes["John_Kerry"]["category"], nodes["Russia"]["category"]) == ("PERSON", "GPE")
    assert nodes["concept/seed.txt/ceasefire"]["category"] == "(concept)"
    assert (nodes["John_Kerry"]["shape"], nodes["concept/seed.txt/ceasefire"]["shape"]) == ("dot", "square")
    assert data["meta"]["colors"] == {"(concept)": TYPE_COLORS["(concept)"], "GPE": TYPE_COLORS["GPE"],
                                      "PERSON": TYPE_COLORS["PERSON"]}
    assert len(set(TYPE_COLORS.values())) == len(TYPE_COLORS)
    assert not set(EXTRA_COLORS) & set(TYPE_COLORS.values())
    many = colors_for([*TYPE_COLORS, *(f"TYPE{i}" for i in range(40))])
    assert len(set(c.lower() for c in many.values())) == len(TYPE_COLORS) + 40


def test_nodes_sized_by_degree_or_mentions(kg):
    nodes = by_id(page_data(to_html(kg)))
    assert nodes["Russia"]["value"] > nodes["Syria"]["value"]
    assert nodes["John_Kerry"]["mentions"] == 2 and nodes["John_Kerry"]["degree"] == 2
    assert nodes["John_Kerry"]["aliases"] == ["Kerry", "Secretary Kerry"]  # the label itself is not an alias
    by_mentions = by_id(page_data(to_html(kg, size_by="mentions")))
    assert by_mentions["John_Kerry"]["value"] > by_mentions["Russia"]["value"] > by_mentions["Syria"]["value"]
    with pytest.raises(ValueError, match="size_by"):
        to_html(kg, size_by="pagerank")


def test_edges_show_relation_schema_evidence_negation_and_modality(kg):
    data = page_data(to_html(kg))
    ids = {n["id"]: n["kgId"] for n in data["nodes"]}
    edges = {(ids[e["from"]], e["label"], ids[e["to"]]): e for e in data["edges"]}
    talk = edges["John_Kerry", "discuss_with", "Sergei_Lavrov"]
    assert talk["evidenceCount"] == 2 and talk["dashes"] is False and talk["layer"] == "entity"
    assert talk["confidence"] == 0.94  # noisy-or of 0.8 and 0.7
    assert talk["evidence"][0] == {"doc_id": "seed.txt", "sentence_index": 0, "confidence": 0.8,
                                   "sentence": "Kerry discussed Syria with Lavrov in a phone call."}
    assert edges["Sergei_Lavrov", "foreign_minister_of", "Russia"]["schema"] == "works_for"
    negated = edges["Russia", "not agree_to", "concept/seed.txt/ceasefire"]
    assert negated["negated"] is True and negated["dashes"] is True and negated["relation"] == "agree_to"
    assert negated["layer"] == "claims"
    positive = edges["Russia", "agree_to", "concept/seed.txt/ceasefire"]
    assert positive.get("smooth") != negated.get("smooth")  # bent apart so both labels can be read
    will = edges["Russia", "will meet", "Syria"]
    assert will["modality"] == "will" and will["dashes"] is True and will["color"]["color"] != talk["color"]["color"]


def test_evidence_is_capped_but_counted():
    kg = KnowledgeGraph()
    kg.add_entity("a", "A")
    kg.add_entity("b", "B")
    for i in range(30):
        kg.add_fact("a", "cite", "b", 0.5, Provenance(f"d{i}", i, f"sentence {i}", 0, 1))
    (edge,) = page_data(to_html(kg, max_evidence=5))["edges"]
    assert edge["evidenceCount"] == 30 and len(edge["evidence"]) == 5


def test_layout_is_precomputed_and_physics_only_on_request(kg):
    data = page_data(to_html(kg))
    assert data["options"]["physics"] == {"enabled": False} and data["options"]["edges"]["smooth"] is False
    assert page_data(to_html(kg)) == data  # deterministic
    on = page_data(to_html(kg, physics=True))
    assert on["options"]["physics"]["enabled"] is True and on["meta"]["layout"] == "physics"
    # tooltips at every size, hover highlighting only up to 2,000 drawn nodes
    assert data["options"]["interaction"]["hover"] is True and data["options"]["interaction"]["tooltipDelay"] > 0


# ------------------------------------------------------------------ layout
def two_communities() -> nx.Graph:
    g = nx.Graph()
    for offset in (0, 100):
        g.add_edges_from((offset + i, offset + j) for i in range(25) for j in range(i + 1, 25) if (i * j) % 3 == 0)
    g.add_edge(0, 100)
    return g


def test_community_layout_sets_communities_apart():
    g = two_communities()
    pos = community_layout(g, seed=1)
    assert pos == community_layout(g, seed=1) and set(pos) == set(g)
    communities = nx.community.louvain_communities(g, seed=1)
    centres = [tuple(sum(pos[n][k] for n in c) / len(c) for k in (0, 1)) for c in communities]
    radii = [max(math.dist(pos[n], centres[i]) for n in c) for i, c in enumerate(communities)]
    for i in range(len(communities)):
        for j in range(i + 1, len(communities)):
            assert math.dist(centres[i], centres[j]) > radii[i] + radii[j]  # no two overlap


def test_force_layout_is_deterministic_and_spreads_nodes():
    g = nx.MultiDiGraph()
    nx.add_path(g, range(60))
    g.add_edges_from((i, i + 30) for i in range(0, 30, 3))
    g.add_nodes_from(["lonely", "pair_a", "pair_b"])
    g.add_edge("pair_a", "pair_b")
    g.add_edge(5, 5)  # a self-loop is ignored by the layout
    pos = force_layout(g, seed=3)
    assert pos == force_layout(g, seed=3)
    assert set(pos) == set(g)
    points = list(pos.values())
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in points)
    closest = min(math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1:])
    assert closest > 0.05  # no two nodes on top of each other
    linked = [math.dist(pos[u], pos[v]) for u, v in g.edges() if u != v]
    everyone = [math.dist(p, q) for i, p in enumerate(points) for q in points[i + 1:]]
    assert sum(linked) / len(linked) < 0.5 * sum(everyone) / len(everyone)  # neighbours sit close
    assert force_layout(nx.MultiDiGraph()) == {}
    assert force_layout(nx.MultiDiGraph([("x", "x")])) == {"x": (0.0, 0.0)}


# ------------------------------------------------------------------ text: safe to display, whole in data
def test_bidi_controls_and_invisible_characters_are_neutralised_for_display():
    assert display_text("\u202egnp.exe") == "\ufffdgnp.exe"
    assert display_text("a\u200bb\u2066c\u2069d\ufeffe\x07") == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffd"
    assert display_text("two\nlines\there") == "two lines here"
    assert display_text("two\nlines", multiline=True) == "two\nlines"
    assert display_text("Zürich العربية 👩\u200d👩\u200d👧") == "Zürich العربية 👩\u200d👩\u200d👧"  # ZWJ joins emoji
    kg = KnowledgeGraph()
    kg.add_entity("x\u202e", "\u202egnp.exe", "PERSON")
    (node,) = page_data(to_html(kg))["nodes"]
    assert node["label"] == node["fullLabel"] == "\ufffdgnp.exe" and node["kgId"] == "x\ufffd"
    assert kg.node("x\u202e")["label"] == "\u202egnp.exe"  # the data keeps it


def test_long_labels_and_ids_are_cut_for_display_only():
    kg = KnowledgeGraph()
    long_id, long_label = "id" * 500, "A very long name " * 100
    kg.add_entity(long_id, long_label, "ORG")
    (node,) = page_data(to_html(kg, max_label=20))["nodes"]
    assert node["label"] == long_label[:19] + "…"
    assert len(node["fullLabel"]) == 300 and node["fullLabel"].endswith("…")
    assert len(node["kgId"]) == 200 and node["kgId"].endswith("…")
    assert kg.node(long_id)["label"] == long_label


def test_hostile_text_is_inert_json():
    kg = KnowledgeGraph(name=HOSTILE[0])
    for i, text in enumerate(HOSTILE):
        kg.add_entity(f"id{i}{text}", text, type_=text, alias=text[::-1])
    for i, text in enumerate(HOSTILE[1:], start=1):
        kg.add_fact(f"id0{HOSTILE[0]}", text, f"id{i}{text}", 0.5,
                    Provenance(text, i, f"He said {text} twice: {text}", 0, 1))
    page = to_html(kg)
    bodies = script_bodies(page)
    assert len(bodies) == 3  # no label ended a script element or opened a new one
    data_body = bodies[0][1]
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in data_body
    data = page_data(page)
    assert sorted(n["fullLabel"] for n in data["nodes"]) == sorted(HOSTILE)
    assert {e["relation"] for e in data["edges"]} == set(HOSTILE[1:])
    assert data["meta"]["title"] == HOSTILE[0]
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(label=st.text(max_size=30), sentence=st.text(max_size=60), doc=st.text(max_size=10))
def test_any_text_round_trips_through_the_page(label, sentence, doc):
    kg = KnowledgeGraph(name=label)
    kg.add_entity("s", label, alias=sentence)
    kg.add_entity("o", sentence, type_=label)
    kg.add_fact("s", label or "r", "o", 0.5, Provenance(doc, 0, sentence, 0, 1))
    page = to_html(kg)
    assert len(script_bodies(page)) == 3
    page.encode("utf-8")  # lone surrogates were escaped, the page can be written
    data = page_data(page)
    assert {n["fullLabel"] for n in data["nodes"]} == {display_text(label or "s"), display_text(sentence or "o")}
    (edge,) = data["edges"]
    assert edge["evidence"][0]["sentence"] == display_text(sentence, multiline=True)
    assert edge["evidence"][0]["doc_id"] == display_text(doc)
    assert html.unescape(re.search(r"<title>(.*?)</title>", page, re.S).group(1)) == display_text(
        label or "kgbuilder graph")


def test_non_finite_confidence_does_not_break_the_json(kg):
    kg.graph.edges["John_Kerry", "Syria", "discuss"]["confidence"] = float("nan")
    data = page_data(to_html(kg))
    assert all(math.isfinite(e["confidence"]) for e in data["edges"])


# ------------------------------------------------------------------ writing and showing
def test_write_html_is_atomic(kg, tmp_path):
    target = tmp_path / "out" / "graph.html"
    assert write_html(kg, target, title="T") == target
    assert page_data(target)["meta"]["title"] == "T"
    before = target.read_bytes()
    with pytest.raises(ValueError):
        write_html(kg, target, size_by="nonsense")
    assert target.read_bytes() == before  # a failed write leaves the old page whole
    assert [p.name for p in target.parent.iterdir()] == ["graph.html"]  # no temp file left behind


def test_show_returns_inline_html_not_a_file_iframe(kg):
    pytest.importorskip("IPython")
    shown = show(kg, height=500)
    markup = shown._repr_html_() if hasattr(shown, "_repr_html_") else shown.data
    assert markup.startswith('<div class="kgbuilder-viewer"><iframe srcdoc="')
    assert 'sandbox="allow-scripts"' in markup and "height:500px" in markup
    assert " src=" not in markup.split("srcdoc=")[0]
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', markup).group(1))
    assert srcdoc == to_html(kg)
    assert kg.show().data == shown.data.replace("height:500px", "height:640px")


def test_to_pyvis_gives_the_network_model(kg):
    net = to_pyvis(kg)
    assert len(net.nodes) == 7 and len(net.edges) == 7
    assert {n["label"] for n in net.nodes} >= {"John Kerry", "Sergei Lavrov"}
    assert net.options["physics"]["enabled"] is False and net.kg_meta["drawn"] == 5


def test_registry_writes_the_viewer_and_drops_options_it_does_not_take(kg, tmp_path):
    from kgbuilder.exports import registry

    written = registry.get_format("html").write(kg, tmp_path, base_iri="http://example.org/", title="via registry")
    assert written == tmp_path / "graph.html"
    assert page_data(written)["meta"]["title"] == "via registry"
