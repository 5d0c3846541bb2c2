"""Turtle export speed: kgbuilder's writer against pyoxigraph's own serializer, in the same run.

    python benchmarks/rdf_speed.py                 # 1e5 and 1e6 triples
    python benchmarks/rdf_speed.py --triples 100000 --rdflib

For each size a synthetic KnowledgeGraph is built whose export has about that many triples (entities
with labels, aliases and types; one evidence record per edge, i.e. one provenance statement node).
Timed, best of ``--repeat`` runs:

* ``kgbuilder``: ``exports.rdf.write_turtle(kg, path)``, from the graph to a finished file (temporary
  file and atomic rename included);
* ``pyoxigraph``: ``pyoxigraph.serialize(triples, path, TURTLE)`` over the same triples, already built as
  pyoxigraph objects (the construction of those objects is not counted: it is the serializer alone);
* optionally ``rdflib``: ``to_rdf(kg).serialize(format="turtle")`` (slow: use it on 1e5 only).

The target of issue 5 is a ratio (kgbuilder / pyoxigraph) of at most 2.
"""
from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kgbuilder.graph.knowledge_graph import KnowledgeGraph  # noqa: E402
from kgbuilder.graph.model import Provenance  # noqa: E402

TYPES = ["PERSON", "ORG", "GPE", "NORP", "LOC", "EVENT", ""]
RELATIONS = ["spoke_with", "said", "met", "visit", "discuss_with", "lead", "criticize", "support"]
WORDS = ("the minister said talks with officials in the capital would continue next week despite "
         "reports of airstrikes on civilian targets and growing criticism from western governments").split()


def synthetic_graph(target_triples: int, seed: int = 7) -> KnowledgeGraph:
    """A graph whose Turtle export has roughly ``target_triples`` triples (about 15 per edge)."""
    rng = random.Random(seed)
    edges = max(1, target_triples // 15)
    entities = max(2, edges // 3)
    kg = KnowledgeGraph()
    for i in range(entities):
        label = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {i}"
        kg.add_entity(f"{label.replace(' ', '_')}", label, rng.choice(TYPES), alias=label.split()[-2],
                      span=(f"doc{i % 500}", i, i + len(label)))
    ids = [node_id for node_id, _data in kg.nodes()]
    for j in range(edges):
        s, o = rng.sample(ids, 2)
        sentence = " ".join(rng.choice(WORDS) for _ in range(20)) + "."
        doc = f"news/{j % 500:04d}.txt"
        start = rng.randrange(0, 20000)
        prov = Provenance(doc, j % 40, sentence, start, start + len(sentence))
        kg.add_fact(s, rng.choice(RELATIONS), o, round(rng.random(), 4), prov, "rules",
                    surface=" ".join(rng.choice(WORDS) for _ in range(3)), negated=rng.random() < 0.02)
    return kg


def best_of(repeat: int, func) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rdflib", action="store_true", help="also time rdflib's Turtle serializer")
    args = parser.parse_args(argv)

    import pyoxigraph as ox

    from kgbuilder.exports.rdf import iter_triples, prefixes, to_rdf, write_turtle

    print(f"{'triples':>9}  {'kgbuilder s':>11}  {'pyoxigraph s':>12}  {'ratio':>5}"
          + (f"  {'rdflib s':>8}" if args.rdflib else ""))
    with tempfile.TemporaryDirectory() as tmp:
        for target in args.triples:
            kg = synthetic_graph(target)
            triples = list(iter_triples(kg))
            ours_path, theirs_path = os.path.join(tmp, "ours.ttl"), os.path.join(tmp, "oxigraph.ttl")
            ns = prefixes()
            ours = best_of(args.repeat, lambda: write_turtle(kg, ours_path))
            theirs = best_of(args.repeat, lambda: ox.serialize(triples, theirs_path, ox.RdfFormat.TURTLE,
                                                               prefixes=ns))
            # same content, or the comparison means nothing
            check = ox.Dataset(ox.parse(path=ours_path))
            assert len(check) == len(triples), (len(check), len(triples))
            line = f"{len(triples):>9}  {ours:>11.3f}  {theirs:>12.3f}  {ours / theirs:>5.2f}"
            if args.rdflib:
                slow = best_of(1, lambda: to_rdf(kg).serialize(format="turtle"))
                line += f"  {slow:>8.2f}"
            print(line, flush=True)
            del triples, kg
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
