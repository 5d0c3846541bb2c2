"""Time-to-drawn of the HTML viewer in headless Chromium: synthetic graphs of 100, 1,000 and 5,000 entities,
and the default view of a real corpus.

    python benchmarks/viewer_speed.py [--sizes 100,1000,5000] [--runs 3] [--chromium /usr/bin/chromium]
                                      [--graph out/graph.json | --corpus DIR]

The graphs are built with the public KnowledgeGraph API (add_entity/add_fact), shaped like a news
graph: preferential attachment (each new entity links to one earlier entity chosen in proportion to
its degree + 1, so a few hubs and many leaves: one connected component), plus n/2 extra links
between random entities;
types drawn from PERSON/ORG/GPE/NORP/LOC/EVENT/untyped, 12 relation names, 5% of facts negated,
one evidence sentence per fact. Deterministic (seeded).

For each size it prints: the time to build the page in Python (to_html, including the layout for
graphs above the physics threshold), the page size, and in Chromium (file:// page, every other
request blocked) the time from navigation start to the viewer's first complete drawing
(``window.kgViewer.drawnAt``, performance.now() at vis-network's first 'afterDrawing', or after
stabilisation when physics is on), and the wall time from goto() to that flag. Then one redraw
after a zoom, to show the page stays usable.

The corpus row is the page ``kgbuilder build`` writes for a real graph: ``--graph`` reads a graph.json,
``--corpus`` builds one first (default: the 40 Wikinews articles in ``shared/corpus/wikinews`` beside the
checkout, when there; ``--corpus none`` skips the row). Its page draws the entity layer only.

The targets: 5,000 entities drawn within 2 s; the 40-article default view within 1 s.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kgbuilder.exports.html import to_html  # noqa: E402
from kgbuilder.graph.io import write_atomic  # noqa: E402
from kgbuilder.graph.knowledge_graph import KnowledgeGraph  # noqa: E402
from kgbuilder.graph.model import Provenance  # noqa: E402

TYPES = ["PERSON"] * 4 + ["ORG"] * 3 + ["GPE"] * 3 + ["NORP", "LOC", "EVENT", ""]
RELATIONS = ["say", "meet", "discuss_with", "visit", "lead", "attack", "support", "criticize",
             "member_of", "located_in", "announce", "sign"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def synthetic_graph(n: int, seed: int = 0) -> KnowledgeGraph:
    rng = random.Random(seed)
    kg = KnowledgeGraph(name=f"synthetic {n:,} entities")
    ids: list[str] = []
    ends: list[int] = []  # each entity once, plus once per link: a uniform pick is preferential

    def fact(a: int, b: int, sentence_no: int) -> None:
        relation = rng.choice(RELATIONS)
        sentence = f"Entity {a} {relation.replace('_', ' ')} Entity {b} on day {sentence_no}."
        kg.add_fact(ids[a], relation, ids[b], round(rng.uniform(0.4, 0.95), 2),
                    Provenance(f"doc{sentence_no % 97}.txt", sentence_no, sentence, 0, len(sentence)),
                    negated=rng.random() < 0.05)
        ends.extend((a, b))

    for i in range(n):
        ids.append(kg.add_entity(f"Entity_{i}", f"Entity {i}", rng.choice(TYPES), alias=f"E{i}",
                                 span=(f"doc{i % 97}", 0, 8)))
        ends.append(i)
        if i:
            fact(i, ends[rng.randrange(len(ends) - 1)], i)
    for k in range(n // 2):
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            fact(a, b, n + k)
    return kg


def _only(url: str, blocked: list[str]):
    """A route handler that lets the page itself load and aborts (and records) every other request."""
    def handle(route):
        if route.request.url == url:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()
    return handle


def measure(page_path: Path, browser, runs: int) -> tuple[list[float], list[float], float, int]:
    url = page_path.resolve().as_uri()
    drawn, wall, redraw, drawn_nodes = [], [], 0.0, 0
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        blocked: list[str] = []
        page.route("**/*", _only(url, blocked))
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_selector("body[data-drawn]", state="attached", timeout=120_000)
        wall.append(time.perf_counter() - start)
        drawn.append(page.evaluate("window.kgViewer.drawnAt") / 1000)
        drawn_nodes = page.evaluate("window.kgViewer.network.body.nodeIndices.length")
        redraw = page.evaluate("""() => new Promise(done => {
            const net = window.kgViewer.network;
            const t0 = performance.now();
            net.once('afterDrawing', () => done(performance.now() - t0));
            net.moveTo({scale: net.getScale() * 1.5});
        })""") / 1000
        if blocked:
            raise SystemExit(f"{page_path.name}: the page made requests: {blocked[:3]}")
        context.close()
    return drawn, wall, redraw, drawn_nodes


def default_corpus() -> Path | None:
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "corpus" / "wikinews"
        if candidate.is_dir():
            return candidate
    return None


def corpus_graph(args, tmp: str) -> KnowledgeGraph | None:
    """The graph of --graph, or of --corpus built into ``tmp`` (None: no corpus row)."""
    if args.graph:
        return KnowledgeGraph.read_json(args.graph)
    corpus = default_corpus() if args.corpus is None else None if args.corpus == "none" else Path(args.corpus)
    if corpus is None:
        return None
    from kgbuilder.pipeline import build

    report = build([corpus], Path(tmp) / "corpus", formats="json", progress=False, checkpoint="off")
    return report.graph


def row(label: str, kg: KnowledgeGraph, tmp: str, browser, runs: int) -> str:
    start = time.perf_counter()
    page = to_html(kg)
    build = time.perf_counter() - start
    path = write_atomic(Path(tmp) / f"graph-{label}.html", page)
    layout = "physics" if '"layout":"physics"' in page else "precomputed"
    drawn, wall, redraw, drawn_nodes = measure(path, browser, runs)
    return (f"{label:>8} {len(kg):>6} {kg.number_of_relations:>6} {layout:>11} {build:>9.2f} "
            f"{len(page.encode()) / 1e6:>7.2f} {statistics.median(drawn):>7.2f} "
            f"{statistics.median(wall):>6.2f} {redraw:>8.3f} {drawn_nodes:>11}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--graph", help="a graph.json for the corpus row")
    parser.add_argument("--corpus", help="a folder to build for the corpus row ('none': no corpus row)")
    args = parser.parse_args(argv)
    if not os.path.exists(args.chromium):
        print(f"no Chromium at {args.chromium}; install it with .ci/install-browser.sh", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    sizes = [int(s) for s in args.sizes.split(",") if s]
    print(f"viewer time-to-drawn, headless {args.chromium}, median of {args.runs} runs")
    print(f"{'graph':>8} {'nodes':>6} {'edges':>6} {'layout':>11} {'to_html s':>9} {'page MB':>7} "
          f"{'drawn s':>7} {'wall s':>6} {'redraw s':>8} {'drawn nodes':>11}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            for n in sizes:
                print(row(f"{n:,}", synthetic_graph(n), tmp, browser, args.runs), flush=True)
            kg = corpus_graph(args, tmp)
            if kg is not None:
                print(row("corpus", kg, tmp, browser, args.runs), flush=True)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
