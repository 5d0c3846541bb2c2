"""The attribute rules run from tables give what spaCy's attribute ruler gives, token for token."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kgbuilder.extractors.attribute_rules import (COMPILED_RULES, CompiledAttributeRuler, compile_rules,
                                                  use_compiled_attribute_rules)
from kgbuilder.extractors.pipeline import load_spacy_pipeline

# Sentences of my own that reach the English model's exceptions: contractions, "gonna", "y'all",
# "let's", "there is", spaces and line breaks.
SENTENCES = [
    "We're gonna finish the bridge by May, y'all said, and it's ready.",
    "Let's ask whether there is a ferry; there were two last year.",
    "I ain't sure the mayor's plan works, c'mon.",
    "She'd got ta leave   early.\n\nThe council met at 9 a.m. on Tuesday.",
    "Doesn't he know they've won 3-1 against Oslo?",
]


def _annotations(doc: Doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_the_model_rules_give_the_same_tokens_as_spacy():
    stock = load_spacy_pipeline()
    fast = load_spacy_pipeline()
    assert use_compiled_attribute_rules(fast)
    assert COMPILED_RULES in fast.pipe_names and "attribute_ruler" not in fast.pipe_names
    for text in SENTENCES:
        assert _annotations(fast(text)) == _annotations(stock(text)), text


def test_kgbuilder_pipeline_runs_the_compiled_rules(nlp):
    assert COMPILED_RULES in nlp.pipe_names
    assert nlp("There is a ferry.")[1].pos_ == "VERB"  # a two-token rule of the model: "there" + "is"


def _blank_with(patterns: list[dict]):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return nlp, ruler


def _both(patterns: list[dict], text: str) -> tuple[list[tuple], list[tuple]]:
    nlp, ruler = _blank_with(patterns)
    compiled = compile_rules(ruler)
    assert compiled is not None
    expected = ruler(nlp.make_doc(text))
    got = CompiledAttributeRuler(ruler, compiled)(nlp.make_doc(text))
    return _annotations(got), _annotations(expected)


def test_later_rules_win_and_each_sets_only_its_own_attributes():
    patterns = [
        {"patterns": [[{"LOWER": "ferry"}]], "attrs": {"POS": "NOUN", "LEMMA": "boat"}},
        {"patterns": [[{"LOWER": {"IN": ["ferry", "bridge"]}}]], "attrs": {"POS": "PROPN"}},
        {"patterns": [[{"ORTH": "Bridge", "IS_TITLE": True}]], "attrs": {"TAG": "NNP"}},
    ]
    got, expected = _both(patterns, "The ferry crossed under the Bridge and the bridge.")
    assert got == expected
    assert got[1][2:5] == ("PROPN", "", "boat")


def test_rules_of_several_tokens_set_the_token_their_index_names():
    patterns = [
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
        {"patterns": [[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], "attrs": {"LEMMA": "you"}},
        {"patterns": [[{"LOWER": {"NOT_IN": ["the", "a"]}}, {"LOWER": "ferry"}]], "attrs": {"POS": "ADJ"}},
    ]
    got, expected = _both(patterns, "Y all gon na take a ferry or night ferry")
    assert got == expected
    assert [row[4] for row in got][:4] == ["you", "", "", "to"]
    assert [row[2] for row in got][5:9] == ["", "", "", "ADJ"]  # "night" before "ferry"; "a" is excluded


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "ferry", "OP": "+"}],           # an operator: the Matcher's own business
    [{"LENGTH": {">=": 3}}],                   # a comparison
    [{"_": {"flag": True}}],                   # an extension attribute
])
def test_rules_beyond_the_tables_keep_spacys_ruler(pattern):
    nlp, ruler = _blank_with([{"patterns": [pattern], "attrs": {"POS": "NOUN"}}])
    assert compile_rules(ruler) is None
    assert not use_compiled_attribute_rules(nlp)
    assert nlp.pipe_names == ["attribute_ruler"]
