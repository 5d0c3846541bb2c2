"""Score the graph's entity relations and entity resolution on NewsRE (the dev set in ../shared/benchmarks/newsre).

    python -m benchmarks.newsre                     # relations per schema relation and micro; resolution
    python -m benchmarks.newsre --errors 10         # ... plus misses and false positives with their sentences
    python -m benchmarks.newsre --errors 0 --relation works_for --doc 024   # focus while developing
    python -m benchmarks.newsre --graph out/graph.json    # score a graph built elsewhere

Builds one graph of the articles that have gold (``kgbuilder.pipeline.build_graph_from_texts``, the
library path of ``kgbuilder build``) and scores it with ``benchmarks.newsre_scoring`` (the README's rules).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from benchmarks.paths import SHARED

from benchmarks.newsre_scoring import (
    DocumentScore,
    GoldDocument,
    document_views,
    read_gold,
    relation_table,
    score_document,
    score_resolution,
)

DEFAULT_DATA = SHARED / "benchmarks" / "newsre"
DEFAULT_CORPUS = SHARED / "corpus" / "wikinews"


class DataError(Exception):
    """The gold files or the articles are missing."""


def load_gold(data: Path, corpus: Path, only: str = "") -> list[tuple[GoldDocument, str]]:
    """(gold document, article text) for every gold file whose article is in ``corpus``."""
    files = sorted(p for p in data.glob("*.json"))
    if not files:
        raise DataError(f"{data}: no NewsRE gold files (*.json); pass the folder with --data DIR")
    out = []
    for path in files:
        if only and not path.stem.startswith(only):
            continue
        article = corpus / f"{path.stem}.txt"
        if not article.is_file():
            raise DataError(f"{article}: the article of {path.name} is missing; pass the Wikinews folder with --corpus DIR")
        out.append((read_gold(path), article.read_text(encoding="utf-8")))
    return out


def build(documents: list[tuple[GoldDocument, str]], model: str | None) -> tuple[dict, float]:
    from kgbuilder.pipeline import build_graph_from_texts

    started = time.perf_counter()
    kg = build_graph_from_texts([(gold.doc, text) for gold, text in documents], model=model)
    return kg.to_node_link(), time.perf_counter() - started


def print_relations(table, out) -> None:
    print(f"{'relation':16} {'gold':>5} {'pred':>5} {'correct':>7} {'P':>6} {'R':>6} {'F1':>6}", file=out)
    for name, s in table.items():
        if name == "micro":
            print("-" * 57, file=out)
        print(f"{name:16} {s.gold:>5} {s.predicted:>5} {s.correct:>7} {s.precision:>6.3f} {s.recall:>6.3f} "
              f"{s.f1:>6.3f}", file=out)


def print_resolution(res, out, limit: int) -> None:
    print(f"\nentity resolution: whole {res.whole}/{res.multi_form} = {res.merge_recall:.3f} of the gold entities "
          f"named in two or more forms; mixed nodes {len(res.mixed)}; mistyped {len(res.mistyped)}/{res.found} = "
          f"{len(res.mistyped) / max(res.found, 1):.3f}", file=out)
    for title, rows in (("split", res.split), ("mixed", res.mixed), ("mistyped", res.mistyped)):
        for row in rows[:limit]:
            print(f"  {title:8} {row[0][:3]}  " + "  ".join(str(x) for x in row[1:]), file=out)


def _sentence(edge: dict, doc: str) -> str:
    ev = next((e for e in edge.get("evidence", []) if e["doc_id"] == doc), None)
    return " ".join(ev["sentence"].split())[:220] if ev else ""


def print_errors(scores: list[DocumentScore], labels: dict[str, str], relation: str, limit: int, out) -> None:
    misses = [(s.doc, f) for s in scores for f in s.misses if not relation or f.relation == relation]
    wrong = [(s.doc, p) for s in scores for p in s.false_positives if not relation or p.relation == relation]
    print(f"\nmisses ({len(misses)}; first {min(limit, len(misses))}):", file=out)
    for doc, f in misses[:limit]:
        print(f"  {doc[:3]}  {f.head} -{f.relation}-> {f.tail}   « {f.evidence[:160]} »", file=out)
    print(f"\nfalse positives ({len(wrong)}; first {min(limit, len(wrong))}):", file=out)
    for doc, p in wrong[:limit]:
        print(f"  {doc[:3]}  {labels[p.head]} -{p.relation}({p.edge['relation']})-> {labels[p.tail]}   "
              f"« {_sentence(p.edge, doc)} »", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of NewsRE gold files")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of the articles (.txt)")
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: en_core_web_sm)")
    parser.add_argument("--graph", type=Path, default=None, help="score this graph.json instead of building one")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list N misses and N false positives")
    parser.add_argument("--relation", default="", help="with --errors: only this schema relation")
    parser.add_argument("--doc", default="", help="only the articles whose name starts with this")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    try:
        documents = load_gold(args.data, args.corpus, args.doc)
    except DataError as err:
        print(f"newsre: {err}", file=sys.stderr)
        return 2
    if args.graph is not None:
        graph, seconds = json.loads(args.graph.read_text(encoding="utf-8")), 0.0
    else:
        graph, seconds = build(documents, args.model)
    from kgbuilder.graph.schema import load_schema

    schema = load_schema()
    views = document_views(graph)
    golds = [gold for gold, _text in documents]
    scores = [score_document(g, views.get(g.doc) or document_views({"nodes": [], "links": []})[g.doc],
                             schema.is_symmetric, schema.generalises) for g in golds]
    table = relation_table(scores, golds)
    resolution = score_resolution(golds, views)
    if args.json:
        print(json.dumps({"relations": {k: vars(v) | {"precision": v.precision, "recall": v.recall, "f1": v.f1}
                                        for k, v in table.items()},
                          "resolution": {"whole": resolution.whole, "multi_form": resolution.multi_form,
                                         "mixed": len(resolution.mixed), "mistyped": len(resolution.mistyped),
                                         "found": resolution.found}}, indent=1))
        return 0
    out = sys.stdout
    print(f"NewsRE dev ({args.data}): {len(golds)} articles, {sum(len(g.facts) for g in golds)} gold relations"
          + (f"; graph built in {seconds:.1f} s" if seconds else ""), file=out)
    print_relations(table, out)
    print_resolution(resolution, out, args.errors)
    if args.errors:
        labels = {n["id"]: n["label"] for n in graph["nodes"]}
        print_errors(scores, labels, args.relation, args.errors, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
