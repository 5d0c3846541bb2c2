"""The CaRB scorer on tiny hand-made cases, and the benchmark runner with a fake extractor."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from benchmarks import carb
from benchmarks.carb_scoring import (
    Extraction,
    diagnose,
    format_tabbed_line,
    match,
    normalize_sentence,
    parse_gold_line,
    parse_tabbed_line,
    prediction,
    read_gold,
    read_tabbed,
    score,
)
from kgbuilder.graph.model import OpenIETuple

S = "John met Mary in Paris ."


def gold(relation, *args, sentence=S):
    return Extraction(sentence, relation, tuple(args), 1.0)


def pred(relation, *args, conf=1.0, sentence=S):
    return prediction(sentence, conf, relation, args)


# ---------------------------------------------------------------------------------------------- reading


def test_sentence_normalisation_removes_spaces_ptb_escapes_and_punctuation():
    assert normalize_sentence("He said `` ( hi ) '' .") == "Hesaidhi"
    assert normalize_sentence("He said -LRB- hi -RRB- .") == "Hesaidhi"
    assert normalize_sentence('He said "(hi)".') == "Hesaidhi"
    assert normalize_sentence("A -LSB- b -RSB- -LCB- c -RCB-") == "Abc"
    # case and letters are kept
    assert normalize_sentence("He said hi") != normalize_sentence("he said hi")


def test_gold_reader_drops_context_keeps_time_and_location_and_strips():
    line = "Bob said Ann left . \tleft\tAnn\tT: yesterday\tC: Bob said\tL: in Rome \n"
    ex = parse_gold_line(line)
    assert ex.sentence == "Bob said Ann left ."
    assert ex.relation == "left"
    assert ex.args == ("Ann", "T: yesterday", "L: in Rome")
    assert ex.confidence == 1.0


def test_gold_reader_trailing_empty_field_vanishes_but_inner_empty_field_stays():
    assert parse_gold_line("S .\tis\tX\t\n").args == ("X",)
    assert parse_gold_line("S .\tis\tX\t\tC: he said\n").args == ("X", "")
    assert parse_gold_line("   \n") is None


def test_tabbed_round_trip_and_prediction_reads_like_the_file_reader():
    line = format_tabbed_line("A b .", 0.123456789012345, "rel\twith tab", ["x", "y\nz"])
    assert line.count("\t") == 4
    ex = parse_tabbed_line(line)
    assert ex == Extraction("A b .", "rel with tab", ("x", "y z"), 0.123456789012345)
    # an empty last argument disappears, exactly as when the official reader strips the line
    assert prediction("A b .", 0.5, "r", ["x", ""]).args == ("x",)
    with pytest.raises(ValueError):
        parse_tabbed_line("only a sentence\t0.5\n")


def test_read_files(tmp_path):
    (tmp_path / "g.tsv").write_text(f"{S}\tmet\tJohn\tMary\n\n{S} \tmet in\tJohn\tParis\tC: x\n")
    (tmp_path / "p.txt").write_text(format_tabbed_line(S, 0.7, "met", ["John", "Mary"]) + "\n")
    golds = read_gold(tmp_path / "g.tsv")
    assert [g.args for g in golds] == [("John", "Mary"), ("John", "Paris")]
    preds = read_tabbed(tmp_path / "p.txt")
    assert preds == [Extraction(S, "met", ("John", "Mary"), 0.7)]


# --------------------------------------------------------------------------------------------- matching


def test_exact_match_scores_one():
    g = gold("met", "John", "Mary")
    assert match(g, pred("met", "John", "Mary")) == (1.0, 1.0)
    result = score([g], [pred("met", "John", "Mary", conf=0.8)])
    assert (result.precision, result.recall, result.f1) == (1.0, 1.0, 1.0)
    assert result.threshold == 0.8


def test_token_counts_summed_over_relation_and_arguments():
    g = gold("was born in", "Barack Obama", "Hawaii")
    # rel 2 of 2 predicted / 3 gold, arg1 1 of 1 / 2, arg2 1 of 2 / 1
    assert match(g, pred("was born", "Obama", "in Hawaii")) == pytest.approx((4 / 5, 4 / 6))


def test_matching_is_case_sensitive_and_multiset():
    g = gold("met", "the cat and the dog", "Mary")
    p, r = match(g, pred("met", "The cat", "Mary"))
    assert (p, r) == (3 / 4, 3 / 7)  # "The" does not match "the"
    # each gold token matches one predicted token: two "the" in gold, three in the prediction
    assert match(g, pred("met", "the the the", "Mary")) == (4 / 5, 4 / 7)


def test_no_relation_overlap_scores_zero():
    g = gold("met", "John", "Mary")
    assert match(g, pred("saw", "John", "Mary")) == (0.0, 0.0)
    assert match(g, pred("", "John", "Mary")) == (0.0, 0.0)
    result = score([g], [pred("saw", "John", "Mary")])
    assert (result.precision, result.recall, result.f1) == (0.0, 0.0, 0.0)


def test_missing_second_argument_scores_zero_when_gold_has_one():
    assert match(gold("met", "John", "Mary"), pred("met", "John")) == (0.0, 0.0)
    assert match(gold("met", "John", "Mary"), pred("met", "John", "")) == (0.0, 0.0)  # empty arg dropped
    # a gold tuple with one argument accepts a one-argument prediction ...
    assert match(gold("left", "John"), pred("left", "John")) == (1.0, 1.0)
    # ... and only the gold tuple's arguments count: a surplus predicted arg2 costs nothing
    assert match(gold("left", "John"), pred("left", "John", "Paris today")) == (1.0, 1.0)


def test_nary_tuples_are_binarised():
    g = gold("met", "John", "Mary", "in Paris")
    assert match(g, pred("met", "John", "Mary in Paris")) == (1.0, 1.0)
    assert match(g, pred("met", "John", "Mary", "in Paris")) == (1.0, 1.0)
    assert match(g, pred("met", "John", "in Paris", "Mary")) == (1.0, 1.0)  # order inside args 2..n is free


def test_be_matches_any_form_of_be_in_the_gold_relation():
    assert match(gold("is", "Paris", "a city"), pred("be", "Paris", "a city")) == (1.0, 1.0)
    assert match(gold("was member of", "He", "the club"), pred("be member of", "He", "the club")) == (1.0, 1.0)
    # the rule is one way: a predicted "is" does not match a gold "be"
    assert match(gold("be", "Paris", "a city"), pred("is", "Paris", "a city")) == (0.0, 0.0)
    # and only one surplus "be" is credited
    assert match(gold("is were", "X", "Y"), pred("be be", "X", "Y")) == (3 / 4, 3 / 4)
    # no form of be in gold: still no relation overlap
    assert match(gold("has", "Paris", "a city"), pred("be", "Paris", "a city")) == (0.0, 0.0)


def test_said_type_relation_also_tries_swapped_prediction_arguments():
    speaker, quote = "Mr. Mills", "the profit is up"
    swapped = pred("said", quote, speaker)
    for verb in ("said", "told", "added", "adds", "says", "has said"):
        assert match(gold(verb, speaker, quote), prediction(S, 1.0, verb, [quote, speaker])) == (1.0, 1.0)
    assert match(gold("said", speaker, quote), swapped) == (1.0, 1.0)
    # other relations do not get the swap
    assert match(gold("stated", speaker, quote), pred("stated", quote, speaker)) == (1 / 7, 1 / 7)
    # n-ary gold: its args 2..n are joined before the comparison
    assert match(gold("told", "He", "reporters", "the news"), pred("told", "reporters the news", "He")) == (1.0, 1.0)


def test_context_arguments_are_dropped_from_gold():
    g = parse_gold_line(f"{S}\tmet\tJohn\tMary\tC: police said\n")
    assert g.args == ("John", "Mary")
    assert match(g, pred("met", "John", "Mary")) == (1.0, 1.0)


# ------------------------------------------------------------------------------------------ aggregation


def test_one_prediction_serves_several_gold_for_recall_but_pairs_once_for_precision():
    g1 = gold("met", "John", "Mary")
    g2 = gold("met", "John", "Mary in Paris")
    p = pred("met", "John", "Mary in Paris")
    assert match(g1, p) == (3 / 5, 1.0)
    result = score([g1, g2], [p])
    assert result.recall == 1.0  # both gold tuples fully recalled by the same prediction
    assert result.precision == 1.0  # paired once, with its best gold tuple
    # a duplicate prediction finds no gold tuple left for precision ...
    result = score([gold("met", "John", "Mary")], [pred("met", "John", "Mary")] * 2)
    assert (result.precision, result.recall) == (0.5, 1.0)


def test_precision_pairing_is_greedy_not_optimal():
    g1 = gold("r", "a", "b c")
    g2 = gold("s", "a", "b")
    p1 = pred("r s", "a", "b c")
    p2 = pred("r", "a", "b x")
    assert match(g1, p1)[0] == 4 / 5 and match(g2, p1)[0] == 3 / 5
    assert match(g1, p2)[0] == 3 / 4 and match(g2, p2) == (0.0, 0.0)
    result = score([g1, g2], [p1, p2])
    # greedy takes p1-g1 (0.8) first, leaving p2 with g2 (0); the best assignment would give 0.6 + 0.75
    assert result.precision == pytest.approx(0.8 / 2)
    assert result.recall == 1.0
    d = diagnose([g1, g2], [p1, p2], 1.0)
    assert [(o.prediction, o.paired, o.precision) for o in d.predictions] == [(p1, g1, 4 / 5), (p2, g2, 0.0)]
    assert [o.recall for o in d.gold] == [1.0, 1.0]


def test_best_f1_over_thresholds():
    g = [gold("met", "John", "Mary"), gold("visited", "John", "Paris")]
    good1 = pred("met", "John", "Mary", conf=0.9)
    bad = pred("ate", "John", "cake", conf=0.5)
    result = score(g, [good1, bad])
    assert [pt.threshold for pt in result.curve] == [0.5, 0.9]
    assert result.curve[0].precision == 0.5 and result.curve[0].recall == 0.5
    assert result.threshold == 0.9
    assert (result.precision, result.recall) == (1.0, 0.5)
    assert result.f1 == pytest.approx(2 / 3)

    # here the lowest threshold wins; the top one has P = R = 0 (F1 0, not NaN)
    good2 = pred("visited", "John", "Paris", conf=0.5)
    bad_top = pred("ate", "John", "cake", conf=0.95)
    result = score(g, [good1, good2, bad_top])
    assert [(pt.precision, pt.recall) for pt in result.curve] == [(2 / 3, 1.0), (0.5, 0.5), (0.0, 0.0)]
    assert result.threshold == 0.5
    assert result.f1 == pytest.approx(0.8)
    # AUC: trapezoids over (R, P) in threshold order, then (0, 1)
    assert result.auc == pytest.approx(0.5 * (2 / 3 + 0.5) / 2 + 0.5 * (0.5 + 0.0) / 2)


def test_auc_of_constant_confidence_system():
    g = [gold("met", "John", "Mary"), gold("met in", "John", "Paris"), gold("is", "Paris", "a city")]
    preds = [pred("met", "John", "Mary"), pred("met", "John", "Paris"), pred("saw", "x", "y")]
    result = score(g, preds)
    assert len(result.curve) == 1
    assert 0 < result.precision < 1 and 0 < result.recall < 1
    assert result.auc == pytest.approx(result.recall * (1 + result.precision) / 2)


def test_sentences_match_after_normalisation():
    g = gold("met", "John", "Mary", sentence="John met Mary ( in Paris ) .")
    for spelling in ("John met Mary -LRB- in Paris -RRB- .", "John met Mary (in Paris).", " John  met Mary in Paris"):
        result = score([g], [pred("met", "John", "Mary", sentence=spelling)])
        assert result.f1 == 1.0, spelling
    assert score([g], [pred("met", "John", "Mary", sentence="john met Mary in Paris")]).f1 == 0.0


def test_predictions_on_sentences_without_gold_count_for_nothing():
    g = [gold("met", "John", "Mary")]
    base = score(g, [pred("met", "John", "Mary", conf=0.5), pred("saw", "a", "b", conf=0.5)])
    extra = pred("ran", "He", "home", conf=0.5, sentence="He ran home .")
    with_extra = score(g, [pred("met", "John", "Mary", conf=0.5), pred("saw", "a", "b", conf=0.5), extra])
    assert (with_extra.precision, with_extra.recall, with_extra.f1) == (base.precision, base.recall, base.f1)
    assert (with_extra.n_predictions, with_extra.n_scored) == (3, 2)
    # a gold sentence without predictions still counts in the recall denominator
    result = score(g + [gold("ran", "He", "home", sentence="He ran home .")], [pred("met", "John", "Mary")])
    assert (result.precision, result.recall) == (1.0, 0.5)


def test_no_predictions():
    result = score([gold("met", "John", "Mary")], [])
    assert (result.precision, result.recall, result.f1, result.auc, result.threshold) == (0.0, 0.0, 0.0, 0.0, None)


def test_scoring_the_written_file_equals_scoring_in_memory(tmp_path):
    g = [gold("met", "John", "Mary"), gold("met in", "John", "Paris")]
    preds = [pred("met", "John", "Mary", conf=0.31), pred("met", "John", "Paris", "", conf=0.7)]
    path = tmp_path / "out.txt"
    carb.write_predictions(path, preds)
    assert score(g, read_tabbed(path)) == score(g, preds)


DATA = carb.DEFAULT_DATA


@pytest.mark.skipif(not (DATA / "dev_gold.tsv").is_file(), reason="CaRB dev data not available")
def test_gold_scored_against_itself_on_dev():
    golds = read_gold(DATA / "dev_gold.tsv")
    assert len(golds) == 2548 and len({normalize_sentence(g.sentence) for g in golds}) == 638
    result = score(golds, [prediction(g.sentence, 1.0, g.relation, g.args) for g in golds])
    # one gold tuple has an empty second argument that a written prediction cannot carry
    assert result.recall == pytest.approx(2547 / 2548)
    assert result.precision == pytest.approx(2547 / 2548)


# ------------------------------------------------------------------------------------------------ runner

SENTS = ["Alice met Bob in `` Rome '' .", "Carol left .", "Nobody has gold here ."]
GOLD = [
    f"{SENTS[0]}\tmet\tAlice\tBob\tL: in Rome",
    f"{SENTS[0]}\tis in\tBob\tRome\tC: Alice said",
    f"{SENTS[1]} \tleft\tCarol\t",
]
FAKE = {
    SENTS[0]: [OpenIETuple("Alice", "met", ("Bob", "L: in Rome"), 0.9), OpenIETuple("Alice", "ate", ("cake",), 0.2)],
    SENTS[1]: [OpenIETuple("Carol", "left", (), 0.6)],
    SENTS[2]: [OpenIETuple("Nobody", "has", ("gold",), 0.99)],
}


@pytest.fixture
def data_dir(tmp_path):
    (tmp_path / "dev_sentences.txt").write_text("\n".join(SENTS) + "\n")
    (tmp_path / "dev_gold.tsv").write_text("\n".join(GOLD) + "\n")
    return tmp_path


class FakeNLP:
    """Stands in for a spaCy Language: ``pipe`` yields one "doc" per text."""

    meta = {"lang": "en", "name": "fake", "version": "0.0"}

    def __init__(self):
        self.batch_sizes = []

    def pipe(self, texts, batch_size=1000):
        self.batch_sizes.append(batch_size)
        for text in texts:
            yield ("doc", text)


def fake_extract(doc):
    return FAKE[doc[1]]


def test_runner_prints_scores_and_timings_and_writes_predictions(data_dir, tmp_path):
    out, buf, nlp = tmp_path / "preds.txt", io.StringIO(), FakeNLP()
    code = carb.main(["--data", str(data_dir), "--out", str(out), "--batch-size", "7"],
                     nlp=nlp, extract=fake_extract, stdout=buf)
    text = buf.getvalue()
    assert code == 0 and nlp.batch_sizes == [7]
    # at threshold 0.6: "met" (P=1) and "left" (P=1) paired; gold: met 1.0, is-in 0, left 1.0
    assert "precision   1.000" in text
    assert "recall      0.667" in text
    assert "F1          0.800" in text and "at confidence >= 0.6" in text
    assert "extractions 4 (3 on sentences with gold tuples), gold tuples 3" in text
    for label in ("AUC", "parse", "extraction ", "extraction/parse", "en_fake 0.0"):
        assert label in text
    lines = out.read_text().splitlines()
    assert lines[0] == f"{SENTS[0]}\t0.9\tmet\tAlice\tBob\tL: in Rome"
    assert lines[2] == f"{SENTS[1]}\t0.6\tleft\tCarol"
    # the written file scores the same through --tabbed
    buf2 = io.StringIO()
    assert carb.main(["--data", str(data_dir), "--tabbed", str(out)], stdout=buf2) == 0
    assert "F1          0.800" in buf2.getvalue()


def test_runner_with_a_real_blank_pipeline_passes_docs(data_dir):
    spacy = pytest.importorskip("spacy")
    seen = []

    def extract(doc):
        seen.append(type(doc).__name__)
        return FAKE[doc.text]

    report = carb.evaluate(data_dir, nlp=spacy.blank("en"), extract=extract)
    assert seen == ["Doc"] * 3
    assert report.result.f1 == pytest.approx(0.8)
    assert report.parse_seconds > 0 and report.extract_seconds >= 0


def test_runner_error_listing(data_dir):
    buf = io.StringIO()
    assert carb.main(["--data", str(data_dir), "--errors", "5"], nlp=FakeNLP(), extract=fake_extract, stdout=buf) == 0
    text = buf.getvalue()
    assert "1 of 1 gold tuples with recall < 0.5" in text
    assert "gold (Bob ; is in ; Rome)" in text
    assert "0 of 0 predictions with precision < 0.5" in text


def test_runner_limit_scores_only_the_first_sentences(data_dir):
    report = carb.evaluate(data_dir, nlp=FakeNLP(), extract=fake_extract, limit=1)
    assert report.n_sentences == 1 and report.result.n_gold == 2
    assert report.result.recall == 0.5


def test_runner_reports_missing_data(tmp_path, capsys):
    assert carb.main(["--data", str(tmp_path / "nowhere")], nlp=FakeNLP(), extract=fake_extract) == 2
    err = capsys.readouterr().err
    assert "dev_sentences.txt" in err and "--data DIR" in err
