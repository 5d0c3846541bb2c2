"""Entity resolution report on a corpus: node counts before and after, the largest and random merges.

    python -m benchmarks.resolution [--corpus ../shared/corpus/wikinews] [--seed 0] [-n 20]

"Before" counts one node per distinct (surface text, entity label) pair, which is what a graph
without resolution would hold; "after" counts the entity nodes of the kgbuilder graph.
"""
from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from benchmarks.paths import SHARED

from kgbuilder.extractors.pipeline import load_pipeline
from kgbuilder.extractors.triples import extract_document
from kgbuilder.graph.builder import build_graph

DEFAULT_CORPUS = SHARED / "corpus" / "wikinews"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of .txt articles")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: en_core_web_sm)")
    parser.add_argument("-n", type=int, default=20, help="how many merges to list in each table")
    parser.add_argument("--seed", type=int, default=0, help="random seed for the random sample")
    args = parser.parse_args(argv)
    files = sorted(args.corpus.glob("*.txt"))
    if not files:
        print(f"{args.corpus}: no .txt files; pass --corpus with the Wikinews folder", file=sys.stderr)
        return 2
    nlp = load_pipeline(args.model)
    texts = ((f.read_text(encoding="utf-8"), f.name) for f in files)
    results = [extract_document(doc, doc_id) for doc, doc_id in nlp.pipe(texts, as_tuples=True)]
    surfaces = set()
    for r in results:
        for m in [*r.mentions, *(x for t in r.triples for x in (t.subject, t.object))]:
            if m.kind == "entity":
                surfaces.add((m.text, m.label))
    kg = build_graph(results)
    entities = [(n, d) for n, d in kg.graph.nodes(data=True) if d.get("kind") == "entity"]
    print(f"corpus: {len(files)} documents in {args.corpus}")
    print(f"entity nodes before resolution (distinct surface text + label): {len(surfaces)}")
    print(f"entity nodes after resolution: {len(entities)}")
    merges = [(n, d) for n, d in entities if len(d["aliases"]) > 1]
    print(f"merged entities (more than one surface form): {len(merges)}")
    docs_of = lambda d: len({span[0] for span in d["mention_spans"]})  # noqa: E731

    def show(title, rows):
        print(f"\n{title}")
        print(f"{'entity':32} {'type':7} {'mentions':>8} {'docs':>4}  surface forms")
        for n, d in rows:
            print(f"{d['label'][:32]:32} {d['type'][:7]:7} {d['mentions']:>8} {docs_of(d):>4}  "
                  + " | ".join(a for a in d["aliases"]))

    largest = sorted(merges, key=lambda nd: (-len(nd[1]["aliases"]), -nd[1]["mentions"], nd[0]))[: args.n]
    show(f"{len(largest)} largest merges (by surface forms, then mentions)", largest)
    rng = random.Random(args.seed)
    sample = rng.sample(merges, min(args.n, len(merges)))
    show(f"{len(sample)} random merges (seed {args.seed})", sorted(sample, key=lambda nd: nd[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
