"""Score the Open IE view of the extractor on the CaRB dev split.

    python -m benchmarks.carb [--data DIR] [--model NAME] [--out FILE] [--errors N] [--calibration [WIDTH]]
    python -m benchmarks.carb --tabbed FILE     # score an existing SENTENCE\\tCONF\\tREL\\tARG1... file

Prints precision, recall and F1 at the best confidence threshold, the AUC, the number of extractions,
and the time spent parsing (``nlp.pipe``) and extracting. Scoring is ``benchmarks.carb_scoring``, a
re-implementation of the official CaRB scorer (MIT License, DAIR group, IIT Delhi).
"""
from __future__ import annotations

import argparse
import bisect
import math
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.paths import SHARED
from typing import Any, TextIO

from benchmarks.carb_scoring import (
    CarbResult,
    CurvePoint,
    Extraction,
    diagnose,
    format_tabbed_line,
    normalize_sentence,
    prediction,
    read_gold,
    read_tabbed,
    score,
)

SENTENCES_FILE = "dev_sentences.txt"
GOLD_FILE = "dev_gold.tsv"
#: ``../shared/benchmarks/carb`` next to the repository.
DEFAULT_DATA = SHARED / "benchmarks" / "carb"


class DataError(Exception):
    """The CaRB data files are missing or unreadable."""


class SetupError(Exception):
    """The extractor cannot be imported."""


@dataclass(frozen=True, slots=True)
class RunReport:
    result: CarbResult
    gold: tuple[Extraction, ...]  # the gold tuples scored against (all, or those of --limit sentences)
    n_sentences: int
    parse_seconds: float
    extract_seconds: float
    predictions: tuple[Extraction, ...]
    model: str


def load_data(data_dir: str | Path) -> tuple[list[str], list[Extraction]]:
    """The dev sentences (one per line, kept as written) and the gold tuples."""
    data_dir = Path(data_dir)
    sentences_path, gold_path = data_dir / SENTENCES_FILE, data_dir / GOLD_FILE
    missing = [p.name for p in (sentences_path, gold_path) if not p.is_file()]
    if missing:
        raise DataError(
            f"CaRB data not found: {', '.join(missing)} missing in {data_dir}. "
            f"Pass the folder that holds {SENTENCES_FILE} and {GOLD_FILE} with --data DIR."
        )
    with open(sentences_path, encoding="utf-8") as fh:
        sentences = [line.rstrip("\r\n") for line in fh if line.strip()]
    return sentences, read_gold(gold_path)


def _model_name(nlp: Any) -> str:
    meta = getattr(nlp, "meta", None) or {}
    name = f"{meta.get('lang', '')}_{meta.get('name', '')}".strip("_")
    return f"{name} {meta['version']}" if name and meta.get("version") else name or type(nlp).__name__


def _default_pipeline(model: str | None) -> Any:
    try:
        from kgbuilder.extractors.pipeline import load_pipeline
    except ImportError as exc:  # the extractor package is not there (yet)
        raise SetupError(f"cannot import kgbuilder.extractors.pipeline.load_pipeline: {exc}") from exc
    try:
        return load_pipeline(model)
    except (OSError, RuntimeError) as exc:  # no such pipeline installed
        raise SetupError(str(exc)) from exc


def _default_extractor() -> Callable[[Any], Iterable[Any]]:
    try:
        from kgbuilder.extractors.openie import extract_openie
    except ImportError as exc:
        raise SetupError(f"cannot import kgbuilder.extractors.openie.extract_openie: {exc}") from exc
    return extract_openie


def run_extractor(
    sentences: Sequence[str],
    nlp: Any,
    extract: Callable[[Any], Iterable[Any]],
    batch_size: int = 64,
) -> tuple[list[Extraction], float, float]:
    """Parse every line as one document, then extract; returns predictions and both timings (seconds).

    Each line is one CaRB sentence even when the parser splits it: the whole Doc goes to the extractor
    and every tuple is scored against the line.
    """
    t0 = time.perf_counter()
    docs = list(nlp.pipe(sentences, batch_size=batch_size))
    t1 = time.perf_counter()
    found: list[tuple[str, list[Any]]] = [(text, list(extract(doc))) for text, doc in zip(sentences, docs)]
    t2 = time.perf_counter()
    predictions = [
        prediction(text, t.confidence, t.relation, (t.arg1, *t.args)) for text, tuples in found for t in tuples
    ]
    return predictions, t1 - t0, t2 - t1


def evaluate(
    data_dir: str | Path = DEFAULT_DATA,
    *,
    model: str | None = None,
    nlp: Any = None,
    extract: Callable[[Any], Iterable[Any]] | None = None,
    batch_size: int = 64,
    limit: int | None = None,
) -> RunReport:
    """Run the extractor over the dev sentences and score it. ``nlp`` and ``extract`` may be injected."""
    sentences, gold = load_data(data_dir)
    if limit is not None:
        sentences = sentences[:limit]
        keep = {normalize_sentence(s) for s in sentences}
        gold = [g for g in gold if normalize_sentence(g.sentence) in keep]
    if nlp is None:
        nlp = _default_pipeline(model)
    if extract is None:
        extract = _default_extractor()
    predictions, parse_s, extract_s = run_extractor(sentences, nlp, extract, batch_size)
    return RunReport(
        score(gold, predictions), tuple(gold), len(sentences), parse_s, extract_s, tuple(predictions), _model_name(nlp)
    )


def write_predictions(path: str | Path, predictions: Iterable[Extraction]) -> None:
    """Write predictions in the official ``--tabbed`` format, atomically."""
    from kgbuilder.graph.io import write_atomic

    lines = [format_tabbed_line(p.sentence, p.confidence, p.relation, p.args) + "\n" for p in predictions]
    write_atomic(path, "".join(lines))


def format_result(result: CarbResult) -> list[str]:
    threshold = "n/a" if result.threshold is None else f"{result.threshold:.4g}"
    return [
        f"precision   {result.precision:.3f}",
        f"recall      {result.recall:.3f}",
        f"F1          {result.f1:.3f}   (best of {len(result.curve)} thresholds, at confidence >= {threshold})",
        f"AUC         {result.auc:.3f}",
        f"extractions {result.n_predictions} ({result.n_scored} on sentences with gold tuples), "
        f"gold tuples {result.n_gold}",
    ]


def format_timing(report: RunReport) -> list[str]:
    ratio = report.extract_seconds / report.parse_seconds if report.parse_seconds > 0 else float("inf")
    return [
        f"parse       {report.parse_seconds:.2f} s   (nlp.pipe, {report.model}, {report.n_sentences} sentences)",
        f"extraction  {report.extract_seconds:.2f} s",
        f"extraction/parse {ratio:.1%}",
    ]


def format_errors(
    gold: Iterable[Extraction], predictions: Iterable[Extraction], result: CarbResult, n: int, seed: int = 0
) -> list[str]:
    """Up to ``n`` gold tuples with low recall and ``n`` predictions with low precision, sampled."""
    if result.threshold is None:
        return ["(no predictions)"]
    diag = diagnose(gold, predictions, result.threshold)
    rng = random.Random(seed)
    gold_misses = [o for o in diag.gold if o.recall < 0.5]
    pred_misses = [o for o in diag.predictions if o.scored and o.precision < 0.5]
    lines = [f"--- {min(n, len(gold_misses))} of {len(gold_misses)} gold tuples with recall < 0.5 "
             f"(confidence >= {result.threshold:.4g})"]
    for o in sorted(rng.sample(gold_misses, min(n, len(gold_misses))), key=gold_misses.index):
        lines.append(f"R={o.recall:.2f}  {o.gold.sentence}")
        lines.append(f"    gold {o.gold.display()}")
        lines.append(f"    best {o.best.display() if o.best else '-'}")
    lines.append(f"--- {min(n, len(pred_misses))} of {len(pred_misses)} predictions with precision < 0.5")
    for o in sorted(rng.sample(pred_misses, min(n, len(pred_misses))), key=pred_misses.index):
        lines.append(f"P={o.precision:.2f}  {o.prediction.sentence}")
        lines.append(f"    pred {o.prediction.display()}  conf={o.prediction.confidence:.3g}")
        lines.append(f"    gold {o.paired.display() if o.paired else '- (unpaired)'}")
    return lines


@dataclass(frozen=True, slots=True)
class CalibrationRow:
    """The predictions whose confidence falls in [low, high), and what adding them to the output did."""

    low: float
    high: float
    n: int  # scored predictions in the bucket
    precision: float  # marginal precision: what these predictions add to the paired-precision sum, per prediction
    recall_gain: float  # what they add to recall
    cumulative: CurvePoint  # P, R, F1 with every prediction of confidence >= low


def calibration(result: CarbResult, gold: Iterable[Extraction], predictions: Iterable[Extraction],
                width: float = 0.05) -> list[CalibrationRow]:
    """Precision per confidence bucket, read off the scorer's own curve, highest bucket first.

    A bucket's precision is marginal: the paired-precision sum at its lower edge minus the sum at its
    upper edge, over the number of predictions in between. It is what the scorer credits when the
    threshold drops through the bucket (re-pairing included), so a confidence that ranks shows
    falling precision from the top bucket down.
    """
    if not result.curve or width <= 0:
        return []
    gold_keys = {normalize_sentence(g.sentence) for g in gold}
    confs = sorted(p.confidence for p in predictions if normalize_sentence(p.sentence) in gold_keys)
    points = list(result.curve)  # ascending thresholds

    def at(edge: float) -> tuple[int, float, CurvePoint | None]:
        """(predictions selected, paired-precision sum, curve point) at the first threshold >= edge."""
        point = next((pt for pt in points if pt.threshold >= edge - 1e-12), None)
        if point is None:
            return 0, 0.0, None
        n = len(confs) - bisect.bisect_left(confs, point.threshold)
        return n, point.precision * n, point

    rows = []
    k = math.floor(confs[0] / width + 1e-9) if confs else 0
    top = confs[-1] if confs else 0.0
    while k * width <= top + 1e-12:
        low, high = k * width, (k + 1) * width
        n_low, sum_low, point = at(low)
        n_high, sum_high, point_high = at(high)
        if point is not None and n_low > n_high:
            gain = point.recall - (point_high.recall if point_high else 0.0)
            rows.append(CalibrationRow(round(low, 6), round(high, 6), n_low - n_high,
                                       (sum_low - sum_high) / (n_low - n_high), gain, point))
        k += 1
    return rows[::-1]


def format_calibration(rows: Sequence[CalibrationRow]) -> list[str]:
    lines = ["--- calibration: precision per confidence bucket (marginal), and the totals at its lower edge",
             "confidence      n  precision  +recall   cum.P  cum.R  cum.F1"]
    for r in rows:
        c = r.cumulative
        lines.append(f"[{r.low:.2f},{r.high:.2f}) {r.n:5d}    {r.precision:.3f}    {r.recall_gain:+.3f}   "
                     f"{c.precision:.3f}  {c.recall:.3f}  {c.f1:.3f}")
    return lines


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.carb", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, metavar="DIR",
                    help=f"folder with {SENTENCES_FILE} and {GOLD_FILE} (default: {DEFAULT_DATA})")
    ap.add_argument("--model", default=None, metavar="NAME", help="spaCy pipeline to load (default: the project's)")
    ap.add_argument("--out", type=Path, default=None, metavar="FILE",
                    help="write predictions as SENTENCE<TAB>CONF<TAB>REL<TAB>ARG1<TAB>ARG2...")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="print N sample misses of each kind")
    ap.add_argument("--calibration", type=float, nargs="?", const=0.05, default=None, metavar="WIDTH",
                    help="print precision per confidence bucket of WIDTH (default 0.05)")
    ap.add_argument("--seed", type=int, default=0, help="seed for sampling --errors (default 0)")
    ap.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size (default 64)")
    ap.add_argument("--limit", type=int, default=None, metavar="K", help="only the first K sentences (quick runs)")
    ap.add_argument("--tabbed", type=Path, default=None, metavar="FILE",
                    help="score this predictions file instead of running the extractor")
    return ap


def main(
    argv: Sequence[str] | None = None,
    *,
    nlp: Any = None,
    extract: Callable[[Any], Iterable[Any]] | None = None,
    stdout: TextIO | None = None,
) -> int:
    args = _parser().parse_args(argv)
    out = stdout or sys.stdout

    def say(lines: Iterable[str]) -> None:
        for line in lines:
            print(line, file=out)

    try:
        if args.tabbed is not None:
            _, gold = load_data(args.data)
            t0 = time.perf_counter()
            try:
                predictions = read_tabbed(args.tabbed)
            except (OSError, ValueError) as exc:
                raise DataError(f"cannot read predictions from {args.tabbed}: {exc}") from exc
            result = score(gold, predictions)
            say([f"CaRB dev, predictions from {args.tabbed}", *format_result(result),
                 f"scoring     {time.perf_counter() - t0:.2f} s"])
        else:
            report = evaluate(args.data, model=args.model, nlp=nlp, extract=extract,
                              batch_size=args.batch_size, limit=args.limit)
            gold, predictions, result = list(report.gold), list(report.predictions), report.result
            say([f"CaRB dev ({args.data})", *format_result(result), *format_timing(report)])
            if args.out is not None:
                write_predictions(args.out, predictions)
                say([f"predictions written to {args.out}"])
    except (DataError, SetupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.calibration is not None:
        say(format_calibration(calibration(result, gold, predictions, args.calibration)))
    if args.errors > 0:
        say(format_errors(gold, predictions, result, args.errors, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
