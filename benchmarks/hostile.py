"""Hostile shapes of ordinary text: time against lines, peak memory against document size.

    python -m benchmarks.hostile                           # both tables, default sizes
    python -m benchmarks.hostile --lines 5000,10000,20000,40000 --chars 250000,1000000,4000000
    python -m benchmarks.hostile --compare /path/to/other/checkout   # each row also built by that tree

Two tables, each row a ``kgbuilder build`` of one document (``--no-checkpoint``, JSON only) in a fresh
subprocess, timed after the pipeline is loaded (wall seconds, and CPU seconds: on a shared machine the
steadier figure):

* lines vs seconds: hard-wrapped text at one word per line (the words of ``../shared/corpus/wikinews``
  in order). The time per 1,000 lines must stay flat: the build is linear in lines.
* characters vs peak RSS: the same words on one single line (no paragraph to cut at). Peak RSS must
  stay flat once the document is longer than one parse part: memory is bounded in document size.

``--compare DIR`` builds every row a second time with the kgbuilder of another checkout (e.g. a copy of
main), alternating the two, so both see the same load. Nothing is asserted; the figures are printed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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
        started, cpu = time.perf_counter(), time.process_time()
        report = build([path], out, **build_options())
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
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


def measure(words: list[str], shape: str, size: int, timeout: float, tree: Path = ROOT) -> dict:
    """One build in a child whose kgbuilder is the one of ``tree`` (this checkout by default)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{shape}.txt"
        path.write_text(text_of(words, shape, size), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(tree)}
        try:  # run as a script, so the child's kgbuilder comes from PYTHONPATH, not from this folder
            done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(path)],
                                  cwd=tmp, env=env, capture_output=True, text=True, timeout=timeout)
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
    parser.add_argument("--corpus", type=Path, default=None,
                        help="folder of *.txt articles (default: ../shared/corpus/wikinews)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per measurement")
    parser.add_argument("--compare", type=Path, default=None, metavar="DIR",
                        help="another checkout whose kgbuilder builds every row too (e.g. a copy of main)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    from benchmarks.paths import SHARED  # imported here: a child runs as a script, outside the package

    words = corpus_words(args.corpus or SHARED / "corpus" / "wikinews")
    trees = [("this tree", ROOT)] + ([("compared", args.compare)] if args.compare else [])
    _table("one word per line (hard-wrapped text)", "lines", "lines", 8,
           f"{'seconds':>8} {'CPU s':>7} {'CPU ms/1k lines':>16} {'peak RSS MB':>12} {'sentences':>10}",
           lambda row, n: f"{row['seconds']:>8.2f} {row['cpu']:>7.2f} {1e6 * row['cpu'] / n:>16.0f} "
                          f"{row['peak_kb'] / 1024:>12,.0f} {row['sentences']:>10,}",
           args.lines, words, args.timeout, trees)
    print()
    _table("one single line (no paragraph breaks)", "chars", "characters", 11,
           f"{'seconds':>8} {'CPU s':>7} {'peak RSS MB':>12} {'after load MB':>14} {'relations':>10}",
           lambda row, n: f"{row['seconds']:>8.2f} {row['cpu']:>7.2f} {row['peak_kb'] / 1024:>12,.0f} "
                          f"{row['loaded_kb'] / 1024:>14,.0f} {row['relations']:>10,}",
           args.chars, words, args.timeout, trees)
    return 0


def _table(title: str, kind: str, column: str, width: int, header: str, cells, sizes: list[int], words,
           timeout: float, trees) -> None:
    """One table: a row per size of input (``kind``: "lines" or "chars", named ``column``) and per tree,
    ``cells(row, size)`` after the size."""
    print(title)
    print(f"{'':10} {column:>{width}} {header}")
    for n in sizes:
        for label, tree in trees:
            row = measure(words, kind, n, timeout, tree)
            if "error" in row:
                print(f"{label:10} {n:>{width},} {row['error']}", flush=True)
                continue
            print(f"{label:10} {n:>{width},} {cells(row, n)}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
