"""Headless Chromium for the viewer tests: Debian's /usr/bin/chromium, never a Playwright download.

Every page is opened with all network access routed: the file:// page itself may load, every
other request is aborted and recorded, so a test can assert that nothing left the page.
Install the browser with .ci/install-browser.sh; without it these tests skip and say why.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph.knowledge_graph import KnowledgeGraph
from graph.model import Provenance

CHROMIUM = os.environ.get("KGBUILDER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DRAW_TIMEOUT_MS = 60_000  # generous: a functional wait on a shared machine, not a speed test


@pytest.fixture(scope="session")
def browser():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"no Chromium at {CHROMIUM}: run .ci/install-browser.sh (apt-get install chromium); "
                    "these tests never let Playwright download a browser")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the Python package)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Viewer:
    """An opened viewer page and what it tried to do."""

    page: object
    url: str
    requests: list = field(default_factory=list)  # every request the page made, as URLs
    blocked: list = field(default_factory=list)  # the ones the route aborted
    dialogs: list = field(default_factory=list)  # alert/confirm/prompt messages (dismissed)
    errors: list = field(default_factory=list)  # console errors and uncaught exceptions

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def left_the_page(self) -> list[str]:
        return [u for u in self.requests if u != self.url and not u.startswith("data:")] + self.blocked


def _watch(page, viewer: Viewer) -> None:
    def route(route):
        if route.request.url == viewer.url:
            route.continue_()
        else:
            viewer.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("request", lambda request: viewer.requests.append(request.url))

    def dialog(d):
        viewer.dialogs.append(f"{d.type}: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.on("console", lambda m: viewer.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: viewer.errors.append(f"uncaught: {e}"))


@pytest.fixture
def open_viewer(browser):
    """open_viewer(path) -> Viewer, once the viewer has drawn (its body gets data-drawn)."""
    contexts = []

    def open_(path: Path, width: int = 1400, height: int = 860) -> Viewer:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        viewer = Viewer(page=page, url=Path(path).resolve().as_uri())
        _watch(page, viewer)
        page.goto(viewer.url)
        # wait_for_selector, not wait_for_function: the page's CSP forbids the eval the latter uses
        page.wait_for_selector("body[data-drawn]", state="attached", timeout=DRAW_TIMEOUT_MS)
        return viewer

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def blank_page(browser):
    """A page with every request blocked and recorded, for content set with page.set_content()."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    viewer = Viewer(page=page, url="about:blank")
    _watch(page, viewer)
    yield viewer
    context.close()


def canvas_ink(viewer: Viewer) -> int:
    """How many pixels of the network canvas are not background: proof that something was drawn."""
    return viewer.js("""() => {
        const canvas = document.querySelector('#kg-network canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) ink++;
        }
        return ink;
    }""")


# ------------------------------------------------------------------------------ graphs
def seed_like_graph() -> KnowledgeGraph:
    """A hand-built graph shaped like the seed article's."""
    kg = KnowledgeGraph(name="Seed article (hand-built)")
    people = [("John_Kerry", "John Kerry", "PERSON", "Kerry"), ("Sergei_Lavrov", "Sergei Lavrov", "PERSON", "Lavrov"),
              ("Mark_Toner", "Mark Toner", "PERSON", "Toner"), ("Zahran_Alloush", "Zahran Alloush", "PERSON", "Alloush"),
              ("Russia", "Russia", "GPE", None), ("Syria", "Syria", "GPE", None), ("US", "United States", "GPE", "US"),
              ("Jaysh_al_Islam", "Jaysh al Islam", "ORG", None), ("State_Department", "State Department", "ORG", None),
              ("Russian", "Russian", "NORP", None), ("Geneva", "Geneva", "GPE", None),
              ("peace_talks", "peace talks", "", None), ("ceasefire", "a ceasefire", "", None)]
    for node, label, type_, alias in people:
        kg.add_entity(node, label, type_, alias=alias, span=("seed.txt", 0, 1))
    facts = [("John_Kerry", "discuss_with", "Sergei_Lavrov", False, "Kerry discussed Syria with Lavrov in a phone call."),
             ("John_Kerry", "discuss", "Syria", False, "Kerry discussed Syria with Lavrov in a phone call."),
             ("Mark_Toner", "say", "John_Kerry", False, "Toner said Kerry discussed the peace talks."),
             ("Mark_Toner", "spokesperson_of", "State_Department", False, "State Department spokesperson Mark Toner"),
             ("Sergei_Lavrov", "foreign_minister_of", "Russia", False, "Russian Foreign Minister Sergei Lavrov"),
             ("Zahran_Alloush", "head_of", "Jaysh_al_Islam", False, "Alloush, the head of Jaysh al Islam"),
             ("Russia", "attack", "Zahran_Alloush", False, "a Russian airstrike killed Alloush"),
             ("John_Kerry", "secretary_of_state_of", "US", False, "US Secretary of State John Kerry"),
             ("Russia", "support", "peace_talks", True, "Russia did not support the peace talks in Geneva."),
             ("peace_talks", "in", "Geneva", False, "the peace talks in Geneva"),
             ("Russian", "nationality_of", "Sergei_Lavrov", False, "Russian Foreign Minister Sergei Lavrov"),
             ("Syria", "agree_to", "ceasefire", False, "Syria agreed to a ceasefire.")]
    for i, (s, r, o, negated, sentence) in enumerate(facts):
        kg.add_fact(s, r, o, 0.55 + 0.03 * i, Provenance("seed.txt", i, sentence, 0, len(sentence)),
                    negated=negated)
    return kg


#: Set window.__pwned if they ever run; alert() if they ever run (the dialog is recorded).
HOSTILE_LABELS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"};alert(1);//',
                  "</script><script>window.__pwned=1</script>", "<svg onload=\"window.__pwned=2\">",
                  "<iframe srcdoc='<script>parent.__pwned=3</script>'>"]


def hostile_graph() -> KnowledgeGraph:
    """Every text field of the graph carries markup or script."""
    kg = KnowledgeGraph(name="<b>corpus</b><script>alert('title')</script>")
    kg.add_entity("victim", "Victim", "PERSON", alias="<img src=y onerror=alert('alias')>")
    for i, label in enumerate(HOSTILE_LABELS):
        node = f"hostile_{i}"
        kg.add_entity(node, label, type_="ORG" if i % 2 else "<b>TYPE</b>", alias=f"<img src=z{i} onerror=alert({i})>")
        sentence = f"{label} met the victim; </script><script>alert('sentence {i}')</script>"
        kg.add_fact(node, "meet" if i % 2 else "<i>rel</i>\"};alert(1);//", "victim", 0.6,
                    Provenance(f"doc<script>alert({i})</script>.txt", i, sentence, 0, len(sentence)),
                    negated=i == 3)
    return kg


def synthetic_graph(n: int) -> KnowledgeGraph:
    """n entities in a ring with chords: enough to take the precomputed-layout path."""
    kg = KnowledgeGraph(name=f"synthetic {n}")
    types = ["PERSON", "ORG", "GPE", ""]
    for i in range(n):
        kg.add_entity(f"E{i}", f"Entity {i}", types[i % 4], span=("d", i, i + 1))
    for i in range(n):
        kg.add_fact(f"E{i}", "next", f"E{(i + 1) % n}", 0.5, Provenance("d", i, f"s{i}", 0, 1))
        if i % 7 == 0:
            kg.add_fact(f"E{i}", "chord", f"E{(i * 13) % n}", 0.5, Provenance("d", n + i, f"c{i}", 0, 1))
    return kg


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: the test's own tmp dir."""
    path = tmp_path / "screenshots"
    path.mkdir()
    yield path
    if os.environ.get("KGBUILDER_KEEP_SCREENSHOTS"):
        keep = Path(os.environ["KGBUILDER_KEEP_SCREENSHOTS"])
        keep.mkdir(parents=True, exist_ok=True)
        for png in path.glob("*.png"):
            shutil.copy(png, keep / png.name)
