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

from tests.exports.corpus import corpus  # noqa: F401  (the 40 articles, built once per session)

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


#: Runs before the page's scripts (outside its CSP): records every string drawn on a canvas.
RECORD_CANVAS_TEXT = """
    window.__canvasText = [];
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
        window.__canvasText.push(String(text));
        return fillText.call(this, text, ...rest);
    };
"""


def _opener(browser, contexts: list):
    def open_(path: Path, width: int = 1400, height: int = 860) -> Viewer:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(RECORD_CANVAS_TEXT)
        viewer = Viewer(page=page, url=Path(path).resolve().as_uri())
        _watch(page, viewer)
        page.goto(viewer.url)
        # wait_for_selector, not wait_for_function: the page's CSP forbids the eval the latter uses
        page.wait_for_selector("body[data-drawn]", state="attached", timeout=DRAW_TIMEOUT_MS)
        return viewer

    return open_


@pytest.fixture
def open_viewer(browser):
    """open_viewer(path) -> Viewer, once the viewer has drawn (its body gets data-drawn)."""
    contexts: list = []
    yield _opener(browser, contexts)
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def open_viewer_once(browser):
    """As open_viewer, for a page a whole test module looks at."""
    contexts: list = []
    yield _opener(browser, contexts)
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
