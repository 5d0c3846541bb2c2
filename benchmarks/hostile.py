"""Hostile shapes of ordinary text: time against lines, peak memory against document size.

    python -m benchmarks.hostile                           # both tables, default sizes
    python -m benchmarks.hostile --lines 5000,10000,20000,40000 --chars 250000,1000000,4000000

Two tables, each row a ``kgbuilder build`` of one document (``--no-checkpoint``, JSON only) in a fresh
subprocess, timed after the pipeline is loaded:

* lines vs seconds: hard-wrapped text at one word per line (the words of ``../shared/corpus/wikinews``
  in order). The time per 1,000 lines must stay flat: the build is linear in lines.
* characters vs peak RSS: the same words on one single line (no paragraph to cut at). Peak RSS must
  stay flat once the document is longer than one parse part: memory is bounded in document size.

Nothing is asserted; the figures are printed.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews"
DEFAULT_LINES = (2_500, 5_000, 10_000, 20_000, 40_000)
DEFAULT_CHARS = (250_000, 500_000, 1_000_000, 2_000_000, 4_000_000)


def corpus_words(source: Path) -> list[str]:
    words = [w for p in sorted(source.glob("*.txt")) for w in p.read_text(encoding="utf-8").split()]
    if not words:
        raise SystemExit(f"no *.txt articles in {source}; pass --corpus DIR")
    return words


def text_of(words: list[str], shape: str, size: int) -> str:
    """``size`` lines of one word each, or one line of ``size`` characters."""
    if shape == "lines":
        return "\n".join(words[i % len(words)] for i in range(size)) + "\n"
    out, total, i = [], 0, 0
    while total < size:
        word = words[i % len(words)]
        out.append(word)
        total += len(word) + 1
        i += 1
    return " ".join(out)[:size]


def child(path: str) -> None:
    """One build of the file at ``path``; prints a JSON line with seconds and peak RSS."""
    from kgbuilder.extractors.pipeline import load_pipeline
    from kgbuilder.pipeline import build

    load_pipeline()
    loaded_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        report = build([path], out, **build_options())
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "loaded_kb": loaded_rss, "documents": report.documents, "sentences": report.sentences,
                      "relations": report.relations}))


def build_options() -> dict:
    """The options of a one-off build with no checkpoint, for the API of this tree."""
    import inspect

    from kgbuilder.pipeline import build

    params = inspect.signature(build).parameters
    options = {"formats": ["json"], "progress": False}
    if "checkpoint" in params and params["checkpoint"].default is True:  # older trees: a boolean
        options["checkpoint"] = False
    else:
        options["checkpoint"] = "off"
    return options


def measure(words: list[str], shape: str, size: int, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{shape}.txt"
        path.write_text(text_of(words, shape, size), encoding="utf-8")
        try:
            done = subprocess.run([sys.executable, "-m", "benchmarks.hostile", "--child", str(path)], cwd=ROOT,
                                  capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return {"error": f"not done after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:] or ''}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def sizes(value: str) -> tuple[int, ...]:
    return tuple(int(v.replace("_", "")) for v in value.split(",") if v.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=sizes, default=DEFAULT_LINES, help="line counts, comma-separated")
    parser.add_argument("--chars", type=sizes, default=DEFAULT_CHARS, help="document sizes, comma-separated")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of *.txt articles")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per measurement")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    words = corpus_words(args.corpus)
    print("one word per line (hard-wrapped text)")
    print(f"{'lines':>10} {'seconds':>9} {'s/1k lines':>11} {'peak RSS MB':>12} {'sentences':>10}")
    for n in args.lines:
        row = measure(words, "lines", n, args.timeout)
        if "error" in row:
            print(f"{n:>10,} {row['error']}")
            continue
        print(f"{n:>10,} {row['seconds']:>9.2f} {1000 * row['seconds'] / n:>11.3f} "
              f"{row['peak_kb'] / 1024:>12,.0f} {row['sentences']:>10,}", flush=True)
    print()
    print("one single line (no paragraph breaks)")
    print(f"{'characters':>12} {'seconds':>9} {'peak RSS MB':>12} {'after load MB':>14} {'relations':>10}")
    for n in args.chars:
        row = measure(words, "chars", n, args.timeout)
        if "error" in row:
            print(f"{n:>12,} {row['error']}")
            continue
        print(f"{n:>12,} {row['seconds']:>9.2f} {row['peak_kb'] / 1024:>12,.0f} {row['loaded_kb'] / 1024:>14,.0f} "
              f"{row['relations']:>10,}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
