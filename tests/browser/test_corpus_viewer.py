"""The viewer of the 40 Wikinews articles in headless Chromium: readable at corpus scale.

One page for the module (the corpus is built once per session); tests that change what is shown
reload it first.
"""
from __future__ import annotations

import networkx as nx
import pytest

from .helpers import canvas_ink

pytestmark = [pytest.mark.browser, pytest.mark.model]

VISIBLE_LABELS = """() => {
    // labels vis-network draws at >= 10 px on screen, for drawn nodes inside the canvas
    const net = window.kgViewer.network, scale = net.getScale();
    const box = document.getElementById('kg-network').getBoundingClientRect();
    const threshold = net.body.nodes[net.body.nodeIndices[0]].options.scaling.label.drawThreshold;
    const found = [];
    for (const id of net.body.nodeIndices) {
        const node = net.body.nodes[id];
        const px = node.labelModule.fontOptions.size * scale;
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        if (px >= 10 && px >= threshold - 1 && p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height)
            found.push([node.options.label, px]);
    }
    return found;
}"""


@pytest.fixture(scope="module")
def viewer(open_viewer_once, corpus):
    return open_viewer_once(corpus.html)


def reload(viewer) -> None:
    viewer.page.reload()
    viewer.page.wait_for_selector("body[data-drawn]", state="attached", timeout=60_000)


def drawn(viewer) -> list[dict]:
    return viewer.js("() => window.kgViewer.network.body.nodeIndices.map(id => window.kgViewer.nodes.get(id))")


def test_the_default_page_shows_the_entity_layer_only(viewer, corpus, shots):
    viewer.page.screenshot(path=shots / "corpus.png")
    nodes = drawn(viewer)
    meta = viewer.js("() => JSON.parse(document.getElementById('kg-data').textContent).meta")
    assert {n["layer"] for n in nodes} == {"entity"} and {n["place"] for n in nodes} == {"drawn"}
    # the entities in connected groups of 3 or more in the entity layer, counted here without the page
    groups = nx.Graph()
    groups.add_nodes_from(node_id for node_id, _d in corpus.kg.nodes("entity"))
    groups.add_edges_from((s, o) for s, o, _k, _d in corpus.kg.edges("entity"))
    expected = sum(len(part) for part in nx.connected_components(groups) if len(part) >= 3)
    assert len(nodes) == meta["drawn"] == expected
    assert groups.number_of_nodes() == meta["entities"] == meta["drawn"] + meta["folded"] > meta["drawn"]
    # every drawn entity has a link in the drawing; the rest are listed, not drawn
    linked = viewer.js("""() => { const v = window.kgViewer, seen = new Set();
        v.network.body.edgeIndices.forEach(id => { const e = v.edges.get(id); seen.add(e.from); seen.add(e.to); });
        return v.network.body.nodeIndices.every(id => seen.has(id)); }""")
    assert linked
    assert viewer.page.inner_text("#kg-folded-count") == f"{meta['folded']:,}"
    assert canvas_ink(viewer) > 5_000
    assert viewer.left_the_page() == [] and viewer.errors == [] and viewer.dialogs == []


def test_at_fit_zoom_at_least_20_labels_are_readable(viewer):
    labels = viewer.js(VISIBLE_LABELS)
    assert len(labels) >= 20, labels
    names = {label for label, _px in labels}
    assert {"Donald Trump", "United States"} <= names  # the most linked entities among them


def test_no_two_type_colours_are_equal(viewer):
    colors = viewer.js("() => JSON.parse(document.getElementById('kg-data').textContent).meta.colors")
    assert len(colors) >= 15 and len(set(colors.values())) == len(colors)
    # what the legend shows, as the browser computed it, and what each node is painted with
    swatches = viewer.js("""() => Array.from(document.querySelectorAll('#kg-types .kg-swatch'),
        s => getComputedStyle(s).backgroundColor)""")
    assert len(swatches) == len(colors) and len(set(swatches)) == len(swatches)
    wrong = viewer.js("""() => { const meta = JSON.parse(document.getElementById('kg-data').textContent).meta;
        return window.kgViewer.nodes.get({filter: n => n.color.background !== meta.colors[n.category]}).length; }""")
    assert wrong == 0


def test_the_relation_filter_hides_orphaned_nodes_and_groups_by_schema(viewer, shots):
    reload(viewer)
    page = viewer.page
    # who has only located_in links in the drawing: they must go with the relation
    only = set(viewer.js("""() => { const v = window.kgViewer, rels = new Map();
        v.network.body.edgeIndices.forEach(id => { const e = v.edges.get(id);
            [e.from, e.to].forEach(n => { if (!rels.has(n)) rels.set(n, new Set()); rels.get(n).add(e.relation); }); });
        return Array.from(rels).filter(([n, r]) => r.size === 1 && r.has('located_in')).map(([n]) => n); }"""))
    before = {n["id"] for n in drawn(viewer)}
    assert only and only < before
    page.click("#kg-relations label:has-text('located_in') input")
    after = {n["id"] for n in drawn(viewer)}
    assert after == before - only
    relations = viewer.js("() => window.kgViewer.network.body.edgeIndices.map(id => window.kgViewer.edges.get(id).relation)")
    assert "located_in" not in relations
    assert viewer.js("""() => { const v = window.kgViewer, seen = new Set();
        v.network.body.edgeIndices.forEach(id => { const e = v.edges.get(id); seen.add(e.from); seen.add(e.to); });
        return v.network.body.nodeIndices.every(id => seen.has(id)); }""")
    page.screenshot(path=shots / "filtered.png")
    # grouped by schema relation: leader_of is a kind of works_for; one box hides all its relations
    page.click("#kg-group-schema")
    groups = page.inner_text("#kg-relations")
    assert "leader_of ⊂ works_for" in groups and "(no schema relation)" in groups and "located_in" in groups
    page.click("#kg-relations label:has-text('leader_of') input")
    schemas = viewer.js("() => window.kgViewer.network.body.edgeIndices.map(id => window.kgViewer.edges.get(id).schema)")
    assert "leader_of" not in schemas and "located_in" not in schemas and "works_for" in schemas
    assert viewer.errors == []


def test_the_panel_of_donald_trump_lists_his_facts_with_sentences(viewer, corpus, shots):
    reload(viewer)
    page = viewer.page
    page.fill("#kg-search", "Donald Trump")
    page.press("#kg-search", "Enter")
    panel = page.inner_text("#kg-details")
    assert panel.startswith("Donald Trump")
    kg = corpus.kg
    trump = kg.find("Donald Trump")
    facts = [(s, o, d) for s, o, _k, d in kg.edges("entity") if trump in (s, o)]
    assert len(facts) >= 5
    assert f"FACTS ({len(facts)})" in panel.upper()
    for s, o, data in facts:
        other = kg.node(o if s == trump else s)["label"]
        assert data["relation"] in panel and other in panel
        assert data["evidence"][0]["sentence"] in panel and data["evidence"][0]["doc_id"] in panel
    claims = [d for s, o, _k, d in kg.edges("claims") if trump in (s, o)]
    assert f"CLAIMS ({len(claims)})" in panel.upper()
    # his claims drawn on demand, around him
    before = len(drawn(viewer))
    page.click("#kg-details button:has-text('Draw its')")
    layers = [n["layer"] for n in drawn(viewer)]
    assert layers.count("claims") > 5 and len(layers) > before
    page.wait_for_timeout(400)
    page.screenshot(path=shots / "trump.png")
    assert viewer.errors == []


def test_small_groups_are_listed_and_drawn_when_picked(viewer):
    reload(viewer)
    page = viewer.page
    first = page.inner_text("#kg-folded li:first-child button")
    assert first
    before = len(drawn(viewer))
    page.click("#kg-folded li:first-child button")
    now = drawn(viewer)
    assert len(now) > before and "folded" in {n["place"] for n in now}
    assert page.inner_text("#kg-details h3") in first
