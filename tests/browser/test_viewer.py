"""The viewer in a real headless Chromium, offline: it draws, it is usable, and hostile text stays text."""
from __future__ import annotations

import pytest

from kgbuilder.exports.html import show, write_html

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
    assert viewer.page.inner_text("#kg-counts") == "13 entities · 12 relations · 12 evidence sentences"
    assert not viewer.page.is_visible("#kg-cut")
    legend = viewer.page.inner_text("#kg-types")
    for type_ in ("PERSON", "GPE", "ORG", "NORP", "(untyped)"):
        assert type_ in legend
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
    # click through to the evidence of a relation
    page.click("#kg-details button:has-text('(evidence)')")
    assert "Kerry discussed Syria with Lavrov in a phone call." in page.inner_text("#kg-details")

    count = "() => window.kgViewer.network.body.nodeIndices.length"
    assert viewer.js(count) == 13
    page.click("#kg-types label:has-text('PERSON') input")
    assert viewer.js(count) == 9
    edges = "() => window.kgViewer.network.body.edgeIndices.length"
    page.click("#kg-relations label:has-text('discuss_with') input")
    assert "discuss_with" not in viewer.js(
        "() => window.kgViewer.network.body.edgeIndices.map(id => window.kgViewer.edges.get(id).relation)")
    page.click("#kg-rel-none")
    assert viewer.js(edges) == 0
    page.click("#kg-rel-all")
    assert viewer.js(edges) > 0
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
    page.click("#kg-details button:has-text('(evidence)')")
    evidence = page.inner_text("#kg-details")
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
    assert banner == f"Cut view (around “John Kerry”, 1 hop): showing {len(cut)} of 13 entities and " \
                     f"{cut.number_of_relations} of 12 relations"


def test_big_graph_draws_from_precomputed_layout(open_viewer, tmp_path, shots):
    kg = synthetic_graph(1200)
    viewer = open_viewer(write_html(kg, tmp_path / "big.html"))
    viewer.page.screenshot(path=shots / "big.png")
    assert viewer.js("() => window.kgViewer.network.body.nodeIndices.length") == 1200
    assert viewer.js("() => window.kgViewer.network.physics.physicsEnabled") is False
    assert canvas_ink(viewer) > 5_000
    # the page is still usable: search and focus
    viewer.page.fill("#kg-search", "Entity 777")
    viewer.page.press("#kg-search", "Enter")
    assert viewer.js("() => window.kgViewer.network.getSelectedNodes().length") == 1
    assert viewer.left_the_page() == [] and viewer.errors == []


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
    pipeline = pytest.importorskip("kgbuilder.pipeline", reason="the build pipeline is not there yet")
    if not hasattr(pipeline, "build_graph_from_texts"):
        pytest.skip("kgbuilder.pipeline has no build_graph_from_texts yet")
    (seed,) = sorted(seed_dir.glob("000_*.txt"))
    kg = pipeline.build_graph_from_texts([(seed.name, seed.read_text(encoding="utf-8"))], nlp=nlp,
                                         name="seed article")
    assert len(kg) > 3
    viewer = open_viewer(write_html(kg, tmp_path / "graph.html"))
    viewer.page.wait_for_timeout(300)
    viewer.page.screenshot(path=shots / "seed.png")
    assert viewer.js("() => window.kgViewer.network.body.nodeIndices.length") == len(kg)
    assert canvas_ink(viewer) > 2_000
    assert viewer.left_the_page() == [] and viewer.errors == [] and viewer.dialogs == []
    viewer.page.fill("#kg-search", "Kerry")
    assert "Kerry" in viewer.page.inner_text("#kg-results")
