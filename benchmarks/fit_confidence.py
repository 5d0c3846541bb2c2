"""Fit the weights of the confidence model (extractors/data/confidence.json) on the CaRB dev split.

    python -m benchmarks.fit_confidence               # fit, compare with the weights in use, write nothing
    python -m benchmarks.fit_confidence --folds 2     # ... and the F1/AUC of two-fold cross-validation
    python -m benchmarks.fit_confidence --write       # write the fitted weights to confidence.json

Every Open IE tuple of the dev sentences is one example: its features (``clause_features`` and the
tuple's own ``tuple_features``) and, as the target, its CaRB precision (the best token-level precision
any gold tuple of its sentence gives it, CaRB's default matcher). The model is a logistic regression of
that precision (cross-entropy with fractional targets, a little L2), fitted by Newton's method;
features seen fewer than ``--min-count`` times keep weight 0, and weights are rounded to one decimal.
A weight the file marks as set by hand (``--keep``, default subject_pcomp) keeps its value.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy

from benchmarks.carb import DEFAULT_DATA, _default_pipeline, load_data
from benchmarks.carb_scoring import Extraction, by_sentence, match, prediction, score

CONFIDENCE_FILE = Path(__file__).resolve().parent.parent / "extractors" / "data" / "confidence.json"


def examples(data_dir: Path, model: str | None) -> tuple[list[dict[str, float]], list[Extraction], list[Extraction]]:
    """(features, prediction) of every tuple of the dev split, and the gold tuples."""
    from kgbuilder.extractors.openie import sentence_clauses, tuples_with_features

    sentences, gold = load_data(data_dir)
    nlp = _default_pipeline(model)
    features, predictions = [], []
    for text, doc in zip(sentences, nlp.pipe(sentences, batch_size=64)):
        for sent in doc.sents:
            for clause in sentence_clauses(sent):
                for t, f in tuples_with_features(clause, text):
                    features.append(f)
                    predictions.append(prediction(text, t.confidence, t.relation, (t.arg1, *t.args)))
    return features, predictions, gold


def targets(predictions: list[Extraction], gold: list[Extraction]) -> numpy.ndarray:
    """Each prediction's CaRB precision: its best match precision against its sentence's gold tuples."""
    gold_by = by_sentence(gold)
    from benchmarks.carb_scoring import normalize_sentence

    return numpy.array([max((match(g, p)[0] for g in gold_by.get(normalize_sentence(p.sentence), [])), default=0.0)
                        for p in predictions])


def fit(features: list[dict[str, float]], y: numpy.ndarray, names: list[str], l2: float = 1.0) -> dict[str, float]:
    """Logistic regression of fractional targets ``y`` on ``features`` (Newton's method, L2 on all but bias)."""
    x = numpy.array([[f.get(n, 0.0) for n in names] for f in features])
    w = numpy.zeros(len(names))
    penalty = numpy.full(len(names), l2)
    penalty[names.index("bias")] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + numpy.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + numpy.diag(penalty) + 1e-9 * numpy.eye(len(names))
        step = numpy.linalg.solve(hessian, gradient)
        w -= step
        if numpy.abs(step).max() < 1e-8:
            break
    return dict(zip(names, w.tolist()))


def rounded(weights: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 1) for k, v in weights.items()}


def scored(features, predictions, gold, weights: dict[str, float]):
    """CaRB of the predictions with confidences from ``weights``."""
    from kgbuilder.extractors.clauses import logistic

    rescored = [prediction(p.sentence, round(logistic(f, weights), 3), p.relation, p.args)
                for f, p in zip(features, predictions)]
    return score(gold, rescored)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the CaRB folder (dev_sentences.txt, dev_gold.tsv)")
    ap.add_argument("--model", default=None, help="spaCy pipeline")
    ap.add_argument("--min-count", type=int, default=15, help="features seen fewer times keep weight 0")
    ap.add_argument("--keep", default="subject_pcomp", help="comma-separated weights kept as they are")
    ap.add_argument("--folds", type=int, default=0, help="also report F1/AUC of k-fold cross-validation")
    ap.add_argument("--write", action="store_true", help=f"write the fitted weights to {CONFIDENCE_FILE}")
    args = ap.parse_args(argv)
    from kgbuilder.extractors.lexicon import load_confidence

    current = load_confidence()
    features, predictions, gold = examples(args.data, args.model)
    y = targets(predictions, gold)
    counts = Counter(name for f in features for name in f)
    keep = {k for k in args.keep.split(",") if k}
    names = sorted(n for n, c in counts.items() if c >= args.min_count and n not in keep) + ["bias"] * ("bias" not in counts)
    names = sorted(set(names) | {"bias"})
    fitted = rounded(fit(features, y, names))
    in_use = current.clause | current.tuple
    for name in keep:
        fitted[name] = in_use.get(name, 0.0)
    print(f"{len(features)} tuples, {len(names)} features fitted (seen >= {args.min_count} times)")
    print(f"{'feature':22} {'count':>6} {'in use':>7} {'fitted':>7}")
    for name in sorted(set(in_use) | set(fitted)):
        print(f"{name:22} {counts.get(name, 0):>6} {in_use.get(name, 0.0):>7.1f} {fitted.get(name, 0.0):>7.1f}")
    for label, weights in (("in use", in_use), ("fitted", fitted)):
        result = scored(features, predictions, gold, weights)
        print(f"CaRB dev with the weights {label}: F1 {result.f1:.3f} P {result.precision:.3f} "
              f"R {result.recall:.3f} AUC {result.auc:.3f}")
    if args.folds > 1:
        print(cross_validated(features, predictions, gold, y, names, keep, in_use, args.folds))
    if args.write:
        write(fitted, current)
    return 0


def cross_validated(features, predictions, gold, y, names, keep, in_use, folds: int) -> str:
    """F1/AUC when each fold's tuples are scored with weights fitted on the other folds (by sentence)."""
    sentences = sorted({p.sentence for p in predictions})
    fold_of = {s: n % folds for n, s in enumerate(sentences)}
    rescored = [None] * len(predictions)
    from kgbuilder.extractors.clauses import logistic

    for k in range(folds):
        train = [n for n, p in enumerate(predictions) if fold_of[p.sentence] != k]
        weights = rounded(fit([features[n] for n in train], y[train], names))
        weights |= {name: in_use.get(name, 0.0) for name in keep}
        for n, p in enumerate(predictions):
            if fold_of[p.sentence] == k:
                rescored[n] = prediction(p.sentence, round(logistic(features[n], weights), 3), p.relation, p.args)
    result = score(gold, rescored)
    return f"{folds}-fold cross-validation: F1 {result.f1:.3f} P {result.precision:.3f} AUC {result.auc:.3f}"


def write(fitted: dict[str, float], current) -> None:
    data = json.loads(CONFIDENCE_FILE.read_text(encoding="utf-8"))
    data["clause"] = {k: fitted.get(k, 0.0) for k in sorted(set(current.clause) | (set(fitted) - set(current.tuple)))
                      if not math.isclose(fitted.get(k, 0.0), 0.0) or k == "bias"}
    data["tuple"] = {k: fitted.get(k, 0.0) for k in current.tuple}
    CONFIDENCE_FILE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {CONFIDENCE_FILE}")


if __name__ == "__main__":
    sys.exit(main())
