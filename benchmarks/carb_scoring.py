"""The CaRB scorer: the official ``carb.py`` defaults, re-implemented in plain Python.

CaRB (Bhardwaj, Aggarwal and Mausam, EMNLP 2019; https://github.com/dair-iitd/CaRB, MIT License,
Copyright (c) 2021 Data Analytics and Intelligence Research (DAIR) Group, IIT Delhi) scores Open IE
extractions against crowdsourced gold tuples. This module follows the documented behaviour of the
official scorer with its default matcher (``binary_linient_tuple_match``) and the ``--tabbed`` input
format, including its quirks, so that the figures are comparable with published ones:

* Readers. A gold line is ``SENTENCE, REL, ARG1, ARG2, ...`` and a system line is
  ``SENTENCE, CONF, REL, ARG1, ARG2, ...``; both are whitespace-stripped and split on tabs, so trailing
  empty fields vanish. Gold arguments containing ``"C: "`` (context) are dropped; ``T: `` and ``L: ``
  arguments are kept as text, prefix included.
* Sentences are compared after normalisation: spaces removed, PTB bracket escapes undone, every ASCII
  punctuation character removed. Predictions on sentences without gold count for nothing.
* Matching a gold tuple with a prediction: both are made binary (arg1; rel; args 2..n joined by a space),
  tokens are split on whitespace and matched case-sensitively as multisets. No relation overlap, or a
  missing argument that the gold tuple has (among the first two), gives (0, 0). Otherwise precision is
  matched tokens over predicted tokens and recall matched tokens over gold tokens, summed over the
  relation and the gold tuple's (at most two) arguments. A surplus predicted ``be`` matches any form of
  *be* in the gold relation. When the gold relation contains said/told/added/adds/says (as a substring),
  the prediction's arguments are also tried in the other order and the better (precision, recall) pair,
  compared as a tuple, is kept.
* For every distinct confidence t: in each sentence, predictions with confidence >= t are paired one to
  one with gold tuples, greedily by highest precision (ties: first gold tuple, then first prediction);
  P(t) = sum of paired precisions / number of those predictions (1 when there are none), and
  R(t) = sum over gold tuples of their best recall over those predictions / number of gold tuples.
* The reported F1 is the best F1 over thresholds (first one on ties), with P and R at that threshold;
  AUC is the trapezoid area under the (R, P) points in threshold order with (0, 1) appended.

One deliberate difference: when some threshold has P = R = 0 the official code computes 0/0 with numpy
floats, gets NaN, and ``np.argmax`` then reports that NaN as the "best" F1. Here F1 is 0 in that case.
"""
from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Penn Treebank bracket escapes, undone when sentences are normalised.
PTB_ESCAPES = (("(", "-LRB-"), (")", "-RRB-"), ("[", "-LSB-"), ("]", "-RSB-"), ("{", "-LCB-"), ("}", "-RCB-"))
#: Forms of "be" that a predicted relation word "be" may stand for.
BE_FORMS = ("be", "is", "am", "are", "was", "were", "been", "being")
#: Gold relations containing one of these (as a substring) also accept swapped prediction arguments.
SAID_VERBS = ("said", "told", "added", "adds", "says")
#: Gold arguments containing this marker are context ("C: X said that") and are dropped by the reader.
CONTEXT_MARKER = "C: "

_PUNCT = re.compile("[" + re.escape(string.punctuation) + "]")


def normalize_sentence(text: str) -> str:
    """The key under which CaRB matches a predicted sentence with a gold one."""
    text = text.replace(" ", "")
    for bracket, escape in PTB_ESCAPES:
        text = text.replace(escape, bracket)
    return _PUNCT.sub("", text)


@dataclass(frozen=True, slots=True)
class Extraction:
    """One tuple as the scorer sees it: a gold tuple (confidence 1) or a system prediction."""

    sentence: str
    relation: str
    args: tuple[str, ...]
    confidence: float = 1.0

    def display(self) -> str:
        """``(arg1 ; rel ; arg2 ; ...)`` for error listings."""
        parts = [self.args[0] if self.args else "", self.relation, *self.args[1:]]
        return "(" + " ; ".join(parts) + ")"


# ----------------------------------------------------------------------------------------------- readers


def parse_gold_line(line: str) -> Extraction | None:
    """A gold line ``SENTENCE\\tREL\\tARG1\\tARG2...``; None for a blank line."""
    if not line.strip():
        return None
    fields = line.strip().split("\t")
    if len(fields) < 2:
        raise ValueError(f"gold line has no relation field: {line!r}")
    sentence, relation, *args = fields
    kept = tuple(arg.strip() for arg in args if CONTEXT_MARKER not in arg)
    return Extraction(sentence.strip(), relation.strip(), kept, 1.0)


def parse_tabbed_line(line: str) -> Extraction | None:
    """A system line ``SENTENCE\\tCONF\\tREL\\tARG1\\tARG2...``; None for a blank line."""
    if not line.strip():
        return None
    fields = line.strip().split("\t")
    if len(fields) < 3:
        raise ValueError(f"prediction line needs SENTENCE, CONFIDENCE and RELATION fields: {line!r}")
    sentence, confidence, relation, *args = fields
    return Extraction(sentence, relation, tuple(args), float(confidence))


def _clean_field(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines())


def format_tabbed_line(sentence: str, confidence: float, relation: str, args: Sequence[str]) -> str:
    """One line of the ``--tabbed`` format (no newline); tabs and newlines inside fields become spaces."""
    fields = [_clean_field(sentence), repr(float(confidence)), _clean_field(relation)]
    fields.extend(_clean_field(arg) for arg in args)
    return "\t".join(fields)


def prediction(sentence: str, confidence: float, relation: str, args: Sequence[str]) -> Extraction:
    """A prediction exactly as the official scorer would read it back from a ``--tabbed`` file.

    Going through the file format keeps in-memory scoring identical to scoring the written file (for
    instance an empty last argument disappears, as it does when the reader strips the line).
    """
    parsed = parse_tabbed_line(format_tabbed_line(sentence, confidence, relation, args))
    if parsed is None:  # an all-blank line: the reader would skip it
        raise ValueError("a prediction needs a sentence")
    return parsed


def read_gold(path: str | Path) -> list[Extraction]:
    """All gold tuples of a CaRB gold file, in file order."""
    with open(path, encoding="utf-8") as fh:
        return [ex for ex in map(parse_gold_line, fh) if ex is not None]


def read_tabbed(path: str | Path) -> list[Extraction]:
    """All predictions of a ``--tabbed`` system-output file, in file order."""
    with open(path, encoding="utf-8") as fh:
        return [ex for ex in map(parse_tabbed_line, fh) if ex is not None]


def by_sentence(extractions: Iterable[Extraction]) -> dict[str, list[Extraction]]:
    """Group extractions under their normalised sentence, the way the official readers do.

    The readers key by the sentence string as written; normalisation then maps those keys, and when two
    spellings of a sentence normalise alike the spelling seen first *last* wins (a dict rebuilt from
    pairs). Within a sentence, file order is kept: it decides ties in the greedy pairing.
    """
    raw: dict[str, list[Extraction]] = {}
    for ex in extractions:
        raw.setdefault(ex.sentence, []).append(ex)
    return {normalize_sentence(sentence): group for sentence, group in raw.items()}


# ------------------------------------------------------------------------------------------------ matching


def _binary_args(args: Sequence[str]) -> tuple[str, ...]:
    return (args[0], " ".join(args[1:])) if len(args) >= 2 else tuple(args)


def _overlap(gold: Counter, pred: Counter) -> int:
    return sum((gold & pred).values())


@dataclass(frozen=True, slots=True)
class _Tokens:
    """An extraction made binary and split into whitespace tokens, ready for matching."""

    rel: tuple[str, ...]
    rel_bag: Counter
    args: tuple[Counter, ...]  # at most two: arg1 and the joined rest
    arg_sizes: tuple[int, ...]
    swapped: tuple[Counter, ...] | None  # prediction arguments the other way round (None if < 2 args)
    swapped_sizes: tuple[int, ...] | None
    said: bool  # gold relation with a said-type verb

    @classmethod
    def of(cls, ex: Extraction) -> _Tokens:
        rel = tuple(ex.relation.split())
        binary = [a.split() for a in _binary_args(ex.args)]
        swapped = swapped_sizes = None
        if len(ex.args) >= 2:
            other = [" ".join(ex.args[1:]).split(), ex.args[0].split()]
            swapped = tuple(Counter(a) for a in other)
            swapped_sizes = tuple(len(a) for a in other)
        return cls(
            rel=rel,
            rel_bag=Counter(rel),
            args=tuple(Counter(a) for a in binary),
            arg_sizes=tuple(len(a) for a in binary),
            swapped=swapped,
            swapped_sizes=swapped_sizes,
            said=any(verb in ex.relation for verb in SAID_VERBS),
        )


def _lenient(gold: _Tokens, pred: _Tokens, pred_args: tuple[Counter, ...], pred_sizes: tuple[int, ...]) -> tuple[float, float]:
    matched = _overlap(gold.rel_bag, pred.rel_bag)
    # A predicted "be" left over after exact matching stands for any form of "be" in the gold relation
    # (checked against all gold relation words, even ones already matched).
    if pred.rel_bag["be"] > gold.rel_bag["be"] and any(form in gold.rel_bag for form in BE_FORMS):
        matched += 1
    if matched == 0:  # no relation overlap: not a match
        return (0.0, 0.0)
    p_num = r_num = matched
    p_den, r_den = len(pred.rel), len(gold.rel)
    for i, (gold_bag, gold_size) in enumerate(zip(gold.args, gold.arg_sizes)):
        r_den += gold_size
        if i >= len(pred_args):  # the gold tuple has an argument the prediction lacks
            return (0.0, 0.0)
        p_den += pred_sizes[i]
        m = _overlap(gold_bag, pred_args[i])
        p_num += m
        r_num += m
    return (p_num / p_den if p_den else 0.0, r_num / r_den if r_den else 0.0)


def _match_tokens(gold: _Tokens, pred: _Tokens) -> tuple[float, float]:
    straight = _lenient(gold, pred, pred.args, pred.arg_sizes)
    if not gold.said or pred.swapped is None:
        return straight
    return max(straight, _lenient(gold, pred, pred.swapped, pred.swapped_sizes))


def match(gold: Extraction, pred: Extraction) -> tuple[float, float]:
    """(precision, recall) of one prediction against one gold tuple: CaRB's default tuple matcher."""
    return _match_tokens(_Tokens.of(gold), _Tokens.of(pred))


# --------------------------------------------------------------------------------------------- aggregation


@dataclass(frozen=True, slots=True)
class CurvePoint:
    threshold: float
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class CarbResult:
    precision: float  # at the best-F1 threshold
    recall: float
    f1: float
    threshold: float | None  # None when there are no predictions
    auc: float
    curve: tuple[CurvePoint, ...]  # one point per distinct confidence, ascending
    n_predictions: int  # every prediction given
    n_scored: int  # predictions on sentences that have gold tuples
    n_gold: int


def f1_score(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


class _Sentence:
    """One gold sentence with its predictions and the full score matrix."""

    __slots__ = ("gold", "preds", "scores", "order")

    def __init__(self, gold: list[Extraction], preds: list[Extraction]):
        self.gold = gold
        self.preds = preds
        gold_tokens = [_Tokens.of(g) for g in gold]
        pred_tokens = [_Tokens.of(p) for p in preds]
        self.scores = [[_match_tokens(g, p) for p in pred_tokens] for g in gold_tokens]
        # Greedy pairing order: highest precision first, then lowest gold index, then lowest prediction
        # index (the official scan keeps the first strict maximum).
        self.order = sorted(
            ((-self.scores[i][j][0], i, j) for i in range(len(gold)) for j in range(len(preds)))
        )

    def pairs(self, selected: set[int]) -> list[tuple[int, int]]:
        """Greedy one-to-one (gold, prediction) pairs among the selected predictions."""
        wanted = min(len(self.gold), len(selected))
        used_gold: set[int] = set()
        used_pred: set[int] = set()
        out: list[tuple[int, int]] = []
        for _, i, j in self.order:
            if len(out) == wanted:
                break
            if j in selected and i not in used_gold and j not in used_pred:
                used_gold.add(i)
                used_pred.add(j)
                out.append((i, j))
        return out

    def precision_sum(self, selected: set[int]) -> float:
        total = 0.0
        for i, j in self.pairs(selected):
            total += self.scores[i][j][0]
        return total

    def recall_sum(self, selected: set[int]) -> float:
        total = 0.0
        for row in self.scores:
            total += max((row[j][1] for j in selected), default=0.0)
        return total


def _sentences(gold: Iterable[Extraction], predictions: Iterable[Extraction]):
    gold_by = by_sentence(gold)
    pred_by = by_sentence(predictions)
    return gold_by, pred_by, [_Sentence(g, pred_by.get(key, [])) for key, g in gold_by.items()]


def score(gold: Iterable[Extraction], predictions: Iterable[Extraction]) -> CarbResult:
    """Score predictions against gold tuples with CaRB's defaults (see the module docstring)."""
    gold_by, pred_by, sentences = _sentences(gold, predictions)
    n_gold = sum(len(g) for g in gold_by.values())
    n_predictions = sum(len(p) for p in pred_by.values())
    n_scored = sum(len(s.preds) for s in sentences)
    thresholds = sorted({p.confidence for group in pred_by.values() for p in group})
    if not thresholds:
        return CarbResult(0.0, 0.0, 0.0, None, 0.0, (), n_predictions, 0, n_gold)
    index = {t: k for k, t in enumerate(thresholds)}
    size = len(thresholds)
    p_num = [0.0] * size
    p_den = [0] * size
    r_num = [0.0] * size
    for sent in sentences:
        # The sentence's predictions at threshold t are those with confidence >= t, which only changes at
        # the sentence's own confidences: fill each range of global thresholds in one go.
        start = 0
        for conf in sorted({p.confidence for p in sent.preds}):
            stop = index[conf] + 1
            selected = {j for j, p in enumerate(sent.preds) if p.confidence >= conf}
            prec, rec, count = sent.precision_sum(selected), sent.recall_sum(selected), len(selected)
            p_num[start:stop] = [x + prec for x in p_num[start:stop]]
            r_num[start:stop] = [x + rec for x in r_num[start:stop]]
            p_den[start:stop] = [x + count for x in p_den[start:stop]]
            start = stop
    curve = []
    for k, t in enumerate(thresholds):
        precision = p_num[k] / p_den[k] if p_den[k] > 0 else 1.0
        recall = r_num[k] / n_gold if n_gold > 0 else 0.0
        curve.append(CurvePoint(t, precision, recall, f1_score(precision, recall)))
    best = curve[0]
    for point in curve[1:]:
        if point.f1 > best.f1:
            best = point
    return CarbResult(
        precision=best.precision,
        recall=best.recall,
        f1=best.f1,
        threshold=best.threshold,
        auc=pr_auc([(pt.recall, pt.precision) for pt in curve]),
        curve=tuple(curve),
        n_predictions=n_predictions,
        n_scored=n_scored,
        n_gold=n_gold,
    )


def pr_auc(points: Sequence[tuple[float, float]]) -> float:
    """Trapezoid area under (recall, precision) points taken in order, with (0, 1) appended."""
    xs = [r for r, _ in points] + [0.0]
    ys = [p for _, p in points] + [1.0]
    area = math.fsum((xs[k] - xs[k + 1]) * (ys[k] + ys[k + 1]) / 2 for k in range(len(xs) - 1))
    return abs(area)


# ----------------------------------------------------------------------------------------------- diagnosis


@dataclass(frozen=True, slots=True)
class GoldOutcome:
    gold: Extraction
    recall: float  # best recall over the selected predictions
    best: Extraction | None  # the prediction giving it (first one on ties), None when recall is 0


@dataclass(frozen=True, slots=True)
class PredictionOutcome:
    prediction: Extraction
    precision: float  # precision of its greedy pair, 0 when unpaired
    paired: Extraction | None  # the gold tuple it was paired with
    scored: bool  # False when its sentence has no gold tuples (it counts for nothing)


@dataclass(frozen=True, slots=True)
class Diagnosis:
    threshold: float
    gold: tuple[GoldOutcome, ...]
    predictions: tuple[PredictionOutcome, ...]


def diagnose(gold: Iterable[Extraction], predictions: Iterable[Extraction], threshold: float) -> Diagnosis:
    """Per-tuple outcomes at one threshold: what each gold tuple recalled, what each prediction scored."""
    gold_by, pred_by, sentences = _sentences(gold, predictions)
    gold_out: list[GoldOutcome] = []
    pred_out: list[PredictionOutcome] = []
    for sent in sentences:
        selected = {j for j, p in enumerate(sent.preds) if p.confidence >= threshold}
        for i, g in enumerate(sent.gold):
            best_j, best_r = None, 0.0
            for j in sorted(selected):
                if sent.scores[i][j][1] > best_r:
                    best_j, best_r = j, sent.scores[i][j][1]
            gold_out.append(GoldOutcome(g, best_r, sent.preds[best_j] if best_j is not None else None))
        paired = {j: i for i, j in sent.pairs(selected)}
        for j in sorted(selected):
            i = paired.get(j)
            prec = sent.scores[i][j][0] if i is not None else 0.0
            pred_out.append(PredictionOutcome(sent.preds[j], prec, sent.gold[i] if i is not None else None, True))
    for key, group in pred_by.items():
        if key not in gold_by:
            pred_out.extend(PredictionOutcome(p, 0.0, None, False) for p in group if p.confidence >= threshold)
    return Diagnosis(threshold, tuple(gold_out), tuple(pred_out))
