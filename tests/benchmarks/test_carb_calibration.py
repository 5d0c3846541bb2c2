"""The --calibration listing: marginal precision per confidence bucket, read off the scorer's curve."""
from __future__ import annotations

import io

import pytest

from benchmarks import carb
from benchmarks.carb_scoring import Extraction, prediction, score

S1, S2 = "John met Mary in Paris .", "Ann left Rome ."
GOLD = [Extraction(S1, "met", ("John", "Mary"), 1.0), Extraction(S2, "left", ("Ann", "Rome"), 1.0)]


def test_buckets_show_precision_falling_with_confidence():
    preds = [
        prediction(S1, 0.92, "met", ("John", "Mary")),  # exact: precision 1
        prediction(S2, 0.61, "left", ("Ann", "Rome")),  # exact: precision 1
        prediction(S1, 0.33, "met", ("Paris", "Mary")),  # unpaired: precision 0
        prediction("Nowhere in gold .", 0.95, "is", ("x", "y")),  # counts for nothing
    ]
    result = score(GOLD, preds)
    rows = carb.calibration(result, GOLD, preds, width=0.1)
    assert [(r.low, r.n) for r in rows] == [(0.9, 1), (0.6, 1), (0.3, 1)]
    assert [r.precision for r in rows] == pytest.approx([1.0, 1.0, 0.0])
    assert [r.recall_gain for r in rows] == pytest.approx([0.5, 0.5, 0.0])
    assert rows[-1].cumulative.precision == pytest.approx(2 / 3)


def test_marginal_precision_counts_re_pairing():
    # the low prediction matches the gold tuple better and takes its pair from the high one
    preds = [prediction(S1, 0.9, "met", ("John", "Mary in Paris")), prediction(S1, 0.5, "met", ("John", "Mary"))]
    result = score(GOLD[:1], preds)
    top, low = carb.calibration(result, GOLD[:1], preds, width=0.1)
    assert top.precision == pytest.approx(3 / 5)  # 3 of its 5 tokens match
    # adding the exact tuple: it pairs (P=1), the long one is left unpaired: 1 - 3/5 gained by one prediction
    assert low.precision == pytest.approx(1 - 3 / 5)


def test_runner_prints_the_calibration_table(tmp_path):
    (tmp_path / "dev_sentences.txt").write_text(f"{S1}\n{S2}\n")
    (tmp_path / "dev_gold.tsv").write_text("".join(f"{g.sentence}\t{g.relation}\t" + "\t".join(g.args) + "\n"
                                                   for g in GOLD))
    from kgbuilder.graph.model import OpenIETuple

    fake = {S1: [OpenIETuple("John", "met", ("Mary",), 0.8)], S2: [OpenIETuple("Ann", "left", ("Paris",), 0.4)]}

    class NLP:
        meta = {}

        def pipe(self, texts, batch_size=1):
            yield from texts

    buf = io.StringIO()
    assert carb.main(["--data", str(tmp_path), "--calibration", "0.2"], nlp=NLP(), extract=fake.get, stdout=buf) == 0
    text = buf.getvalue()
    assert "calibration" in text
    assert "[0.80,1.00)     1    1.000" in text
    assert "[0.40,0.60)     1    0.667" in text  # "Paris" for "Rome": 2 of 3 tokens
