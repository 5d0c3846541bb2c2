"""Throughput of ``kgbuilder build`` against the bare spaCy parse it is built on, in one run.

    python -m benchmarks.speed                   # ~1M words: about 20 minutes on 2 busy cores
    python -m benchmarks.speed --words 200000    # a quicker look
    python -m benchmarks.speed --rounds 2        # each measurement twice (bare, full, full, bare): steadier

The corpus is the Wikinews articles of ``../shared/corpus/wikinews/`` *repeated* (each copy under new
document ids) until it holds ``--words`` words (whitespace-separated), written as one JSON Lines file.
Repeating keeps the text real but makes the graph small for its size: every copy adds evidence to the
same entities and edges. Measured, each in a fresh subprocess so that peak memory is per measurement:

* ``bare``: ``nlp.pipe(texts, batch_size, n_process)`` over the same texts read from the same file,
  with the model as spaCy loads it (``load_spacy_pipeline``: the same package and excluded components,
  none of kgbuilder's), each Doc counted and dropped: what parsing the texts costs without kgbuilder;
* ``full``: ``kgbuilder.pipeline.build(corpus, out, formats=("ttl", "json"))``: the whole
  ``kgbuilder build`` path (reading, parsing, extraction, checkpoint, resolution, graph assembly,
  Turtle and JSON files), with ``processes`` 1 and 2 (kgbuilder's pool; spaCy's ``n_process`` for bare).

kgbuilder's own pipeline runs the model's attribute rules from tables (``extractors.attribute_rules``:
the same tags and lemmas, measured identical) and is faster than the bare one; the share of its parse
within the one-process full run is printed too: what everything after kgbuilder's parse costs.

Both time the work only (the pipeline is loaded before the clock starts, in both). Printed: wall
seconds, words/s, CPU seconds (this process and its workers), peak RSS of the measuring process and
of its largest worker, and the 1-minute load average before and after (other people's work on a shared
machine slows every figure; the ratios of measurements taken minutes apart carry that noise).

Then: where the full path's time goes (per-stage CPU seconds on a slice of the corpus), the bytes per
triple the finished graph holds in memory (tracemalloc, on the full run's checkpointed results and on
100k synthetic triples), and the time to assemble 100k synthetic triples. Each run also prints the
seconds its measuring process spent in the cyclic garbage collector (all collections, and the full ones).
Nothing is asserted: the targets (full >= 0.9 x bare, >= 1.6 x from 1 to 2 processes) are printed beside the figures.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.paths import SHARED

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = SHARED / "corpus" / "wikinews"
FORMATS = ("ttl", "json")


# ---------------------------------------------------------------------- the corpus
def make_corpus(source: Path, words: int, path: Path) -> dict:
    """Write ``path`` (JSONL): the articles of ``source`` repeated until ``words`` words."""
    articles = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(source.glob("*.txt"))]
    if not articles:
        raise SystemExit(f"no *.txt articles in {source}; pass --corpus DIR")
    per_copy = sum(len(text.split()) for _name, text in articles)
    total = docs = copies = 0
    with path.open("w", encoding="utf-8") as out:
        while total < words:
            for name, text in articles:
                if total >= words:
                    break
                out.write(json.dumps({"id": f"copy{copies:03d}/{name}", "text": text}, ensure_ascii=False) + "\n")
                total += len(text.split())
                docs += 1
            copies += 1
    return {"articles": len(articles), "article_words": per_copy, "words": total, "documents": docs,
            "copies": copies, "bytes": path.stat().st_size}


def corpus_texts(path: Path):
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)["text"]


# ---------------------------------------------------------------------- one measurement (in a child)
def _usage() -> tuple[float, float]:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _rss_now_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class _CollectorClock:
    """Seconds this process spends in the cyclic garbage collector, all and in full collections."""

    def __init__(self):
        self.seconds = self.full_seconds = 0.0
        self.full = 0
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        spent = time.perf_counter() - self._started
        self.seconds += spent
        if info["generation"] == 2:
            self.full += 1
            self.full_seconds += spent

    def stop(self) -> None:
        gc.callbacks.remove(self._callback)

    def found(self) -> dict:
        return {"seconds": self.seconds, "full": self.full, "full_seconds": self.full_seconds}


class _TimedPipe:
    """The pipeline, with the CPU time spent inside ``pipe`` (the parse) added up."""

    def __init__(self, nlp):
        self._nlp = nlp
        self.cpu = 0.0

    def __getattr__(self, name):
        return getattr(self._nlp, name)

    def pipe(self, *args, **kwargs):
        docs = self._nlp.pipe(*args, **kwargs)
        clock = time.process_time
        while True:
            started = clock()
            try:
                doc = next(docs)
            except StopIteration:
                self.cpu += clock() - started
                return
            self.cpu += clock() - started
            yield doc


def measure(kind: str, corpus: Path, processes: int, batch_size: int, out: Path) -> dict:
    from kgbuilder.extractors.pipeline import load_pipeline, load_spacy_pipeline, pipeline_name

    nlp = load_spacy_pipeline() if kind == "bare" else load_pipeline()
    list(nlp.pipe(["Warm up the pipeline once."]))
    loaded = _rss_now_mb()
    load_before = os.getloadavg()[0]
    collector = _CollectorClock()
    cpu_self, cpu_kids = _usage()
    started = time.perf_counter()
    extra = {}
    if kind == "bare":
        tokens = 0
        for doc in nlp.pipe(corpus_texts(corpus), batch_size=batch_size, n_process=processes):
            tokens += len(doc)
        extra["tokens"] = tokens
    elif kind == "full":
        from kgbuilder.parallel import engine_for
        from kgbuilder.pipeline import build

        timed = _TimedPipe(nlp)  # in one process: the CPU time spent inside nlp.pipe, within this very run
        engine = engine_for(processes, nlp=timed if processes == 1 else nlp)
        report = build([corpus], out, formats=FORMATS, engine=engine, batch_size=batch_size, progress=False)
        if processes == 1:
            extra["parse_cpu"] = timed.cpu
        if report.failed:
            raise SystemExit(f"the build failed: {report.summary()}")
        extra.update(entities=report.entities, relations=report.relations, documents=report.documents,
                     files={p.name: p.stat().st_size for p in report.files})
    else:
        raise ValueError(kind)
    seconds = time.perf_counter() - started
    after_self, after_kids = _usage()
    collector.stop()
    return {"kind": kind, "processes": processes, "seconds": seconds, "gc": collector.found(),
            "cpu": (after_self - cpu_self) + (after_kids - cpu_kids),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "loaded_mb": loaded, "load_before": load_before, "load_after": os.getloadavg()[0],
            "model": pipeline_name(nlp), "components": nlp.pipe_names, **extra}


def stages(corpus: Path, words: int, batch_size: int) -> dict:
    """CPU seconds of each stage of the full path over the first ``words`` words, batch by batch."""
    from kgbuilder.exports import registry
    from kgbuilder.extractors.pipeline import load_pipeline
    from kgbuilder.extractors.triples import extract_document
    from kgbuilder.graph.builder import GraphBuilder
    from kgbuilder.manifest import dump_results

    nlp = load_pipeline()
    list(nlp.pipe(["Warm up the pipeline once."]))
    clock = time.process_time
    spent = dict.fromkeys(("parse", "extract", "checkpoint", "graph", "turtle", "json"), 0.0)
    builder = GraphBuilder()
    texts, seen = [], 0
    for n, text in enumerate(corpus_texts(corpus)):
        if seen >= words:
            break
        texts.append((text, f"doc{n}"))
        seen += len(text.split())
    triples = 0
    for start in range(0, len(texts), batch_size):
        t = clock()
        docs = list(nlp.pipe(texts[start:start + batch_size], as_tuples=True, batch_size=batch_size))
        spent["parse"] += clock() - t
        t = clock()
        results = [extract_document(doc, doc_id) for doc, doc_id in docs]
        spent["extract"] += clock() - t
        del docs
        t = clock()
        dump_results(results)
        spent["checkpoint"] += clock() - t
        t = clock()
        for result in results:
            builder.add(result)
        spent["graph"] += clock() - t
        triples += sum(len(r.triples) for r in results)
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, key in (("turtle", "turtle"), ("json", "json")):
            t = clock()
            registry.write(builder.graph, fmt, Path(tmp) / f"graph.{fmt}")
            spent[key] += clock() - t
    return {"words": seen, "documents": len(texts), "triples": triples, "cpu": spent}


def _results_from_checkpoint(out: Path):
    """The DocumentResults a full build checkpointed, in the order it finished them (corpus order
    for a one-process build), one batch file in memory at a time."""
    from kgbuilder.manifest import CHECKPOINT_DIR, DONE, MANIFEST, load_results

    folder = out / CHECKPOINT_DIR
    lines = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        record = json.loads(line)
        batch = load_results((folder / record["batch"]).read_bytes())
        for _doc_id, _digest, status, position in record["documents"]:
            if status == DONE:
                yield batch[position]
        del batch


def graph_memory(out: Path | None, synthetic: int) -> dict:
    """Bytes the assembled graph holds (tracemalloc): allocations made while building it that are
    still alive once every DocumentResult is gone."""
    import tracemalloc

    from kgbuilder.graph.builder import build_graph

    build_graph([])  # load the name lexicon and warm caches outside the measurement
    found = {}
    sources = {"synthetic": lambda: synthetic_results(synthetic)}
    if out is not None and (out / ".kgbuilder").is_dir():
        sources["corpus"] = lambda: _results_from_checkpoint(out)
    for name, source in sources.items():
        counts = {"triples": 0, "mentions": 0}

        def counted(results):
            for r in results:
                counts["triples"] += len(r.triples)
                counts["mentions"] += len(r.mentions)
                yield r

        gc.collect()
        tracemalloc.start()
        kg = build_graph(counted(source()))
        gc.collect()
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        g = kg.graph
        evidence = sum(len(d["evidence"]) for _s, _o, d in g.edges(data=True))
        found[name] = {"bytes": held, "peak": peak, "triples": counts["triples"], "mentions": counts["mentions"],
                       "evidence": evidence, "edges": g.number_of_edges(), "nodes": g.number_of_nodes()}
        del kg, g
    # time (no tracemalloc) to resolve and assemble the synthetic triples
    gc.collect()
    t = time.perf_counter()
    build_graph(synthetic_results(synthetic))
    found["synthetic"]["seconds"] = time.perf_counter() - t
    return found


def synthetic_results(triples: int, per_doc: int = 100, seed: int = 11):
    """News-like results: PERSON/ORG/GPE mentions from a pool, sentences of 20 words, hot edges."""
    from kgbuilder.graph.model import ENTITY, DocumentResult, Mention, Provenance, Triple

    rnd = random.Random(seed)
    words = ("the minister said talks with officials in the capital would continue next week despite "
             "reports of airstrikes on civilian targets and growing criticism from western governments").split()
    people = [f"{rnd.choice(words).title()} {rnd.choice(words).title()}son{i}" for i in range(triples // 10)]
    orgs = [f"{rnd.choice(words).title()} Council {i}" for i in range(triples // 20)]
    relations = ["spoke_with", "said", "met", "visit", "lead", "criticize", "support", "work_for"]
    for d in range(max(1, triples // per_doc)):
        doc_id = f"news/{d:06d}.txt"
        result = DocumentResult(doc_id, sentences=per_doc // 2, words=per_doc * 10)
        for i in range(per_doc):
            s = Mention(rnd.choice(people), "PERSON", i * 200, i * 200 + 20, ENTITY)
            o = Mention(rnd.choice(orgs), "ORG", i * 200 + 40, i * 200 + 60, ENTITY)
            sentence = " ".join(rnd.choice(words) for _ in range(20)) + "."
            prov = Provenance(doc_id, i // 2, sentence, i * 200, i * 200 + 120)
            result.triples.append(Triple(s, rnd.choice(relations), o, round(rnd.random(), 3), prov, "rules",
                                         surface=rnd.choice(words)))
            result.mentions.extend((s, o))
        yield result


def child_main(argv: list[str]) -> None:
    """``python -m benchmarks.speed --child KIND ...``: one measurement, one JSON line on stdout."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", required=True)
    parser.add_argument("--corpus-file", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--words", type=int, default=0)
    parser.add_argument("--synthetic", type=int, default=100_000)
    args = parser.parse_args(argv)
    if args.child in ("bare", "full"):
        found = measure(args.child, args.corpus_file, args.processes, args.batch_size, args.out)
    elif args.child == "stages":
        found = stages(args.corpus_file, args.words, args.batch_size)
    elif args.child == "memory":
        found = graph_memory(args.out, args.synthetic)
    else:
        raise SystemExit(f"unknown measurement {args.child}")
    print(json.dumps(found))


def run_child(*args: str) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.speed", *args]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"measurement failed: {' '.join(cmd)}\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------- the run
def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if "--child" in argv:
        return child_main(argv)
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="corpus size in words (default 1,000,000)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of *.txt articles to repeat")
    parser.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size, both paths (default 64)")
    parser.add_argument("--processes", default="1,2", help="process counts to measure (default 1,2)")
    parser.add_argument("--stage-words", type=int, default=200_000,
                        help="words for the per-stage breakdown (default 200,000)")
    parser.add_argument("--synthetic", type=int, default=100_000, help="synthetic triples (default 100,000)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure each (kind, processes) this many times, alternating bare/full and "
                             "full/bare, and keep the fastest of each (default 1)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpus and outputs in this folder")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.processes.split(",") if n.strip()]

    work = Path(tempfile.mkdtemp(prefix="kgbuilder-speed-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        _run(args, counts, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _revision() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown revision"
    return f"commit {head}" + (" with uncommitted changes" if dirty else "") if head else "unknown revision"


def _run(args, counts: list[int], work: Path) -> None:
    import spacy

    corpus_file = work / "corpus.jsonl"
    info = make_corpus(args.corpus, args.words, corpus_file)
    words = info["words"]
    print(f"Corpus: the {info['articles']} Wikinews articles of {args.corpus} ({info['article_words']:,} words) "
          f"REPEATED {info['copies']} times (each copy under new ids) to {words:,} words, "
          f"{info['documents']:,} documents, {info['bytes'] / 1e6:.1f} MB of JSON Lines.")
    print(f"Code: {_revision()} in {ROOT}.")
    print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at the start "
          f"(shared: other people's work slows every figure). Python {sys.version.split()[0]}, "
          f"spaCy {spacy.__version__}, batch size {args.batch_size}.")
    print()
    rows = {}
    rounds = max(1, args.rounds)
    if rounds > 1:
        print(f"Each measurement {rounds} times, in the order bare, full, full, bare, ... (a load that drifts "
              "during the run hits both alike); the ratios use the fastest run of each.\n")
    for n in counts:
        for kind in [k for r in range(rounds) for k in (("bare", "full") if r % 2 == 0 else ("full", "bare"))]:
            out = work / f"out-{kind}-{n}"
            shutil.rmtree(out, ignore_errors=True)
            r = run_child("--child", kind, "--corpus-file", str(corpus_file), "--out", str(out),
                          "--processes", str(n), "--batch-size", str(args.batch_size))
            if (kind, n) not in rows or r["seconds"] < rows[kind, n]["seconds"]:
                rows[kind, n] = r
            what = "bare nlp.pipe" if kind == "bare" else "kgbuilder build -> ttl+json"
            workers = f", largest worker {r['worker_peak_mb']:.0f} MB" if n > 1 else ""
            print(f"  {what:<28} processes {n}: {r['seconds']:8.1f} s {words / r['seconds']:9,.0f} words/s  "
                  f"CPU {r['cpu']:7.1f} s  peak RSS {r['peak_mb']:6.0f} MB (model loaded: {r['loaded_mb']:.0f} MB"
                  f"{workers})  load {r['load_before']:.1f}->{r['load_after']:.1f}  garbage collector "
                  f"{r['gc']['seconds']:.2f} s ({r['gc']['full']} full: {r['gc']['full_seconds']:.2f} s)", flush=True)
    for kind, label in (("bare", "bare (as spaCy loads it)"), ("full", "kgbuilder's")):
        model = next((r for (k, _n), r in rows.items() if k == kind), None)
        if model is not None:
            print(f"\nPipeline, {label}: {model['model']}, components {', '.join(model['components'])}", end="")
    print("\n(all read by the extractors: pos_ from tagger + attribute rules, lemma_, dependencies, entities; "
          "senter, textcat excluded).")
    full = rows.get(("full", counts[0]), {})
    if full:
        print(f"Full build: {full['documents']:,} documents, graph of {full['entities']:,} entities and "
              f"{full['relations']:,} relations; files " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in
                                                                     full["files"].items()))

    print("\nRatios (words/s of the full path / words/s of the bare parse; target >= 0.90):")
    for n in counts:
        if ("bare", n) in rows and ("full", n) in rows:
            b, f = rows["bare", n], rows["full", n]
            print(f"  processes {n}: {b['seconds'] / f['seconds']:.3f} wall, {b['cpu'] / f['cpu']:.3f} CPU time "
                  f"({'met' if b['seconds'] / f['seconds'] >= 0.9 else 'NOT met'} on wall time; "
                  f"{'separate runs minutes apart' if rounds == 1 else f'fastest of {rounds} runs each'})")
        if ("full", n) in rows and "parse_cpu" in rows["full", n]:
            f = rows["full", n]
            print(f"  processes {n}, within the full run: CPU inside nlp.pipe {f['parse_cpu']:.1f} s of {f['cpu']:.1f} s "
                  f"= {f['parse_cpu'] / f['cpu']:.3f} (kgbuilder's parse's share of the full path, measured in the "
                  "same run: insensitive to the machine's load changing between runs; the parse there runs at "
                  f"{words / f['parse_cpu']:,.0f} words per CPU second, the bare run at "
                  f"{words / rows['bare', n]['cpu']:,.0f})" if ("bare", n) in rows else ")")
    if 1 in counts and 2 in counts:
        print("Speed-up from 1 to 2 processes (target >= 1.6):")
        for kind in ("bare", "full"):
            one, two = rows[kind, 1], rows[kind, 2]
            print(f"  {kind:<5} {one['seconds'] / two['seconds']:.2f}x "
                  f"({'met' if one['seconds'] / two['seconds'] >= 1.6 else 'NOT met'}); CPU seconds "
                  f"{one['cpu']:.1f} -> {two['cpu']:.1f}: with two idle cores the speed-up would be about "
                  f"{2 * one['cpu'] / two['cpu']:.2f}x")

    st = run_child("--child", "stages", "--corpus-file", str(corpus_file), "--words",
                   str(min(args.stage_words, words)), "--batch-size", str(args.batch_size))
    parse = st["cpu"]["parse"]
    after = sum(v for k, v in st["cpu"].items() if k != "parse")
    print(f"\nWhere the full path's CPU time goes (one process, first {st['words']:,} words, "
          f"{st['triples']:,} triples; each batch parsed, then extracted, checkpointed and added to the "
          "graph, so a change in the machine's load hits the parse and the rest alike):")
    for stage, seconds in st["cpu"].items():
        share = "" if stage == "parse" else f"  ({100 * seconds / parse:4.1f}% of the parse)"
        print(f"  {stage:<11} {seconds:7.2f} s{share}")
    print(f"  after the parse, together: {100 * after / parse:.1f}% of the parse "
          f"(parse / everything = {parse / (parse + after):.3f})")

    mem = run_child("--child", "memory", "--out", str(work / f"out-full-{counts[0]}"),
                    "--synthetic", str(args.synthetic))
    print("\nMemory held by the finished graph (tracemalloc; the results it was built from are gone):")
    for name, m in mem.items():
        label = ("the corpus above" if name == "corpus" else f"{m['triples']:,} synthetic triples "
                 f"(PERSON -rel-> ORG, 20-word sentences)")
        print(f"  {label}: {m['bytes'] / 1e6:.1f} MB for {m['triples']:,} extracted triples = "
              f"{m['bytes'] / max(1, m['triples']):,.0f} bytes per triple; {m['nodes']:,} nodes, "
              f"{m['edges']:,} edges, {m['evidence']:,} evidence records "
              f"({m['bytes'] / max(1, m['evidence']):,.0f} bytes per evidence record)")
    print(f"Resolution + graph assembly of {mem['synthetic']['triples']:,} synthetic triples: "
          f"{mem['synthetic']['seconds']:.1f} s ({mem['synthetic']['triples'] / mem['synthetic']['seconds']:,.0f} "
          "triples/s)")


if __name__ == "__main__":
    main()
