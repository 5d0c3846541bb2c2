"""The viewer in a real headless Chromium, offline: it draws, it is usable, and hostile text stays text."""
from __future__ import annotations

import pytest

from kgbuilder.exports.html import show, write_html
from kgbuilder.graph.model import Provenance

from .helpers import HOSTILE_LABELS, canvas_ink, hostile_graph, seed_like_graph, synthetic_graph

pytestmark = pytest.mark.browser


def node_id(viewer, kg_id: str):
    return viewer.js(f"() => window.kgViewer.nodes.get({{filter: n => n.kgId === {kg_id!r}}})[0].id")


def hover(viewer, vis_id, expect: str) -> str:
    """Move the mouse onto a node and return the tooltip's text once it shows ``expect``."""
    page = viewer.page
    page.mouse.move(2, 2)  # off the drawing: any earlier tooltip goes away
    page.wait_for_timeout(500)  # and any focus animation has ended
    x, y = viewer.js(f"""() => {{
        const net = window.kgViewer.network;
        net.focus({vis_id}, {{scale: 1.5, animation: false}});
        const p = net.canvasToDOM(net.getPositions([{vis_id}])[{vis_id}]);
        const box = document.getElementById('kg-network').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }}""")
    page.mouse.move(x - 2, y - 2)
    page.mouse.move(x, y)
    text = ""
    for _ in range(50):
        tip = page.query_selector("div.vis-tooltip")
        if tip and tip.is_visible():
            text = tip.inner_text()
            if expect in text:
                break
        page.wait_for_timeout(100)
    return text


def test_hand_built_graph_draws_offline(open_viewer, tmp_path, shots):
    kg = seed_like_graph()
    path = write_html(kg, tmp_path / "graph.html")
    viewer = open_viewer(path)
    viewer.page.wait_for_timeout(300)  # let the canvas settle before the picture
    viewer.page.screenshot(path=shots / "graph.png")

    assert (shots / "graph.png").stat().st_size > 10_000
    assert viewer.js("() => window.kgViewer.network.body.nodeIndices.length") == len(kg)
    assert viewer.js("() => window.kgViewer.network.body.edgeIndices.length") == kg.number_of_relations
    assert canvas_ink(viewer) > 2_000
    assert viewer.left_the_page() == [] and viewer.requests == [viewer.url]
    assert viewer.errors == [] and viewer.dialogs == []
    # the title bar, the legend and the relation filter
    assert viewer.page.inner_text("#kg-title") == "Seed article (hand-built)"
    assert viewer.page.inner_text("#kg-counts") == "13 entities · 12 relations · 0 claims · 12 evidence sentences"
    assert not viewer.page.is_visible("#kg-cut")
    legend = viewer.page.inner_text("#kg-types")
    for type_ in ("PERSON", "GPE", "ORG", "NORP", "(untyped)"):
        assert type_ in legend
    assert not viewer.page.is_visible("#kg-folded-section")  # nothing folded: one component
    assert "discuss_with" in viewer.page.inner_text("#kg-relations")
    # a node tooltip names the type and the aliases
    tip = hover(viewer, node_id(viewer, "John_Kerry"), "John Kerry")
    assert "John Kerry" in tip and "type: PERSON" in tip and "aliases: Kerry" in tip


def test_search_focuses_and_filters_hide(open_viewer, tmp_path):
    viewer = open_viewer(write_html(seed_like_graph(), tmp_path / "graph.html"))
    page = viewer.page
    page.fill("#kg-search", "lavr")
    assert page.inner_text("#kg-results").startswith("Sergei Lavrov")
    page.press("#kg-search", "Enter")
    lavrov = node_id(viewer, "Sergei_Lavrov")
    assert viewer.js("() => window.kgViewer.network.getSelectedNodes()") == [lavrov]
    details = page.inner_text("#kg-details")
    assert "Sergei Lavrov" in details and "foreign_minister_of" in details
    # each fact with its sentence and document; a click on a linked entity goes there
    assert "Kerry discussed Syria with Lavrov in a phone call." in details and "seed.txt · sentence 0" in details
    page.click("#kg-details button.kg-link:has-text('John Kerry')")
    assert page.inner_text("#kg-details h3") == "John Kerry"

    count = "() => window.kgViewer.network.body.nodeIndices.length"
    assert viewer.js(count) == 13
    page.click("#kg-types label:has-text('PERSON') input")
    assert viewer.js(count) == 9
    edges = "() => window.kgViewer.network.body.edgeIndices.length"
    page.click("#kg-relations label:has-text('discuss_with') input")
    assert "discuss_with" not in viewer.js(
        "() => window.kgViewer.network.body.edgeIndices.map(id => window.kgViewer.edges.get(id).relation)")
    page.click("#kg-rel-none")
    assert viewer.js(edges) == 0 and viewer.js(count) == 0  # no edge left: every node is an orphan
    page.click("#kg-rel-all")
    assert viewer.js(edges) > 0 and viewer.js(count) == 9
    # searching for a hidden entity shows its type again
    page.fill("#kg-search", "John Kerry")
    page.press("#kg-search", "Enter")
    assert viewer.js(count) == 13 and page.is_checked("#kg-types label:has-text('PERSON') input")
    assert viewer.left_the_page() == [] and viewer.errors == []


def test_negated_edges_are_dashed_and_say_not(open_viewer, tmp_path):
    viewer = open_viewer(write_html(seed_like_graph(), tmp_path / "graph.html"))
    negated = viewer.js("""() => window.kgViewer.edges.get({filter: e => e.negated})
        .map(e => [e.label, window.kgViewer.network.body.edges[e.id].options.dashes])""")
    assert negated == [["not support", True]]
    tips = viewer.js("() => window.kgViewer.edges.get({filter: e => e.negated}).map(e => e.title)")
    assert "—not support→" in tips[0] and "confidence" in tips[0] and "[seed.txt, sentence 8]" in tips[0]
    # every edge's tooltip: the fact, its confidence, its sentences with their documents
    talk = viewer.js("() => window.kgViewer.edges.get({filter: e => e.relation === 'discuss_with'})[0].title")
    assert talk.startswith("John Kerry —discuss_with→ Sergei Lavrov\nconfidence 0.55 · 1 evidence sentence")
    assert "• [seed.txt, sentence 0] (0.55) Kerry discussed Syria with Lavrov in a phone call." in talk
    # the panel names it too
    viewer.js("() => window.kgViewer.focusNode(window.kgViewer.nodes.get({filter: n => n.kgId === 'Russia'})[0].id)")
    assert "not support →" in viewer.page.inner_text("#kg-details")


def test_hostile_text_renders_as_text_and_runs_nothing(open_viewer, tmp_path, shots):
    kg = hostile_graph()
    viewer = open_viewer(write_html(kg, tmp_path / "graph.html"))
    page = viewer.page
    assert viewer.js("() => window.kgViewer.network.body.nodeIndices.length") == len(kg)
    # the title, as text
    assert page.inner_text("#kg-title") == "<b>corpus</b><script>alert('title')</script>"
    assert page.title() == "<b>corpus</b><script>alert('title')</script>"
    # every hostile label is findable and shown as text in the search list
    page.fill("#kg-search", "<")
    listed = page.inner_text("#kg-results")
    for label in HOSTILE_LABELS:
        assert label in listed
    # ... and in the details panel, with its alias, type and evidence
    page.fill("#kg-search", "<img src=x")
    page.press("#kg-search", "Enter")
    details = page.inner_text("#kg-details")
    assert "<img src=x onerror=alert(1)>" in details and "<img src=z1 onerror=alert(1)>" in details
    evidence = details  # each fact's sentences and documents are in the panel
    assert "</script><script>alert('sentence 1')</script>" in evidence
    assert "doc<script>alert(1)</script>.txt" in evidence
    # ... and in the hover tooltip
    tip = hover(viewer, node_id(viewer, "hostile_0"), "<script>alert(1)</script>")
    assert "<script>alert(1)</script>" in tip and "type: <b>TYPE</b>" in tip
    # innerText turns the newlines into <br>; nothing else became an element
    assert set(viewer.js("() => Array.from(document.querySelector('div.vis-tooltip').children, c => c.tagName)")) \
        == {"BR"}
    assert "<b>TYPE</b>" in page.inner_text("#kg-types") and '<i>rel</i>"};alert(1);//' in page.inner_text("#kg-relations")
    page.screenshot(path=shots / "hostile.png")

    # nothing ran, nothing was parsed into markup, nothing was fetched
    assert viewer.dialogs == []
    assert viewer.js("() => window.__pwned === undefined && parent.__pwned === undefined")
    markup = viewer.js("() => document.querySelectorAll('img, svg, iframe, b, i').length")
    assert markup == 0
    assert viewer.js("() => document.scripts.length") == 3
    assert viewer.left_the_page() == [] and viewer.errors == []


def test_cut_view_says_so(open_viewer, tmp_path):
    kg = seed_like_graph()
    cut = kg.subgraph(around="Kerry", hops=1)
    cut.graph.graph["cut_from"].update(around="John Kerry", hops=1)
    viewer = open_viewer(write_html(cut, tmp_path / "graph.view.html"))
    banner = viewer.page.inner_text("#kg-cut")
    assert viewer.page.is_visible("#kg-cut")
    assert banner == f"Cut view (around “John Kerry”, 1 hop): showing {len(cut)} of 13 nodes and " \
                     f"{cut.number_of_relations} of 12 edges"
    assert viewer.js("() => window.kgViewer.network.body.nodeIndices.length") == len(cut)  # a cut folds nothing


def test_a_graph_above_2000_nodes_draws_and_keeps_its_tooltips(open_viewer, tmp_path, shots):
    kg = synthetic_graph(2100)
    viewer = open_viewer(write_html(kg, tmp_path / "big.html"))
    viewer.page.screenshot(path=shots / "big.png")
    assert viewer.js("() => window.kgViewer.network.body.nodeIndices.length") == 2100
    assert viewer.js("() => window.kgViewer.network.physics.physicsEnabled") is False
    assert canvas_ink(viewer) > 5_000
    # hover highlighting is off at this size (it redraws on every mouse move); tooltips are not
    assert viewer.js("() => window.kgViewer.network.interactionHandler.options.hover") is False
    tip = hover(viewer, node_id(viewer, "E777"), "Entity 777")
    assert "Entity 777" in tip and "mentions: 1" in tip
    # the page is still usable: search and focus
    viewer.page.fill("#kg-search", "Entity 1777")
    viewer.page.press("#kg-search", "Enter")
    assert viewer.js("() => window.kgViewer.network.getSelectedNodes().length") == 1
    assert viewer.left_the_page() == [] and viewer.errors == []


def test_a_bidi_control_label_renders_without_reordering(open_viewer, tmp_path, shots):
    kg = seed_like_graph()
    kg.add_entity("evil", "\u202egnp.exe", "ORG", span=("seed.txt", 0, 1))
    kg.add_fact("evil", "attach", "John_Kerry", 0.9, Provenance("seed.txt", 20, "He opened \u202egnp.exe.", 0, 9))
    viewer = open_viewer(write_html(kg, tmp_path / "graph.html"))
    page = viewer.page
    page.fill("#kg-search", "gnp")
    page.press("#kg-search", "Enter")
    heading = page.inner_text("#kg-details h3")
    assert heading == "\ufffdgnp.exe"
    # where the browser put each character: "g" left of the last "e", as written
    left_of = page.evaluate("""() => {
        const text = document.querySelector('#kg-details h3').firstChild;
        const x = i => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
                         return r.getBoundingClientRect().left; };
        return [x(1), x(7)];
    }""")
    assert left_of[0] < left_of[1]
    # and the canvas was given the neutralised text, never the control
    drawn = viewer.js("() => window.__canvasText")
    assert "\ufffdgnp.exe" in drawn and not any("\u202e" in text for text in drawn)
    page.screenshot(path=shots / "bidi.png")
    assert viewer.errors == []


def test_notebook_output_draws_inline(blank_page, shots):
    shown = show(seed_like_graph(), height=600)
    page = blank_page.page
    page.set_content(f"<!DOCTYPE html><html><body><h1>notebook</h1>{shown.data}</body></html>")
    frame = page.frame_locator("iframe")
    frame.locator("body[data-drawn]").wait_for(state="attached", timeout=60_000)
    page.screenshot(path=shots / "notebook.png")
    assert frame.locator("#kg-title").inner_text() == "Seed article (hand-built)"
    inner = page.frames[1]
    assert inner.url == "about:srcdoc"
    assert inner.evaluate("() => window.kgViewer.network.body.nodeIndices.length") == 13
    assert blank_page.left_the_page() == [] and blank_page.errors == [] and blank_page.dialogs == []


@pytest.mark.model
def test_seed_article_graph_draws_offline(open_viewer, nlp, seed_dir, tmp_path, shots):
    from kgbuilder.pipeline import build_graph_from_texts

    (seed,) = sorted(seed_dir.glob("000_*.txt"))
    kg = build_graph_from_texts([(seed.name, seed.read_text(encoding="utf-8"))], nlp=nlp, name="seed article")
    assert len(kg) > 3
    viewer = open_viewer(write_html(kg, tmp_path / "graph.html"))
    viewer.page.wait_for_timeout(300)
    viewer.page.screenshot(path=shots / "seed.png")
    drawn = viewer.js("() => window.kgViewer.network.body.nodeIndices.map(id => window.kgViewer.nodes.get(id).layer)")
    assert drawn and set(drawn) == {"entity"}
    assert canvas_ink(viewer) > 2_000
    assert viewer.left_the_page() == [] and viewer.errors == [] and viewer.dialogs == []
    viewer.page.fill("#kg-search", "Kerry")
    assert "Kerry" in viewer.page.inner_text("#kg-results")
