"""The lemmatizer with its answers kept gives spaCy's lemmas."""
from __future__ import annotations

import spacy

from kgbuilder.extractors.lemma_cache import CACHED_LEMMAS, use_cached_lemmatizer
from kgbuilder.extractors.pipeline import load_spacy_pipeline

# My own sentences: base forms, inflections, proper nouns, contractions (whose lemmas the attribute
# rules set before the lemmatizer runs) and the same words twice, so the second reading comes from the table.
TEXT = ("The ferries were sailing again; ferries sail daily. Oslo's mayors met the better-known mayor, "
        "who'd been there. She isn't leaving, and we aren't either. The ferries were sailing again.")


def _lemmas(doc) -> list[tuple[str, str]]:
    return [(t.text, t.lemma_) for t in doc]


def test_cached_lemmas_are_spacys():
    stock = load_spacy_pipeline()
    cached = load_spacy_pipeline()
    assert use_cached_lemmatizer(cached)
    assert CACHED_LEMMAS in cached.pipe_names and "lemmatizer" not in cached.pipe_names
    expected = _lemmas(stock(TEXT))
    assert _lemmas(cached(TEXT)) == expected
    assert _lemmas(cached(TEXT)) == expected  # every answer from the table now
    assert ("ferries", "ferry") in expected and ("n't", "not") in expected


def test_kgbuilder_pipeline_keeps_lemmas(nlp):
    assert CACHED_LEMMAS in nlp.pipe_names
    assert [t.lemma_ for t in nlp("Mayors were sailing.")][:3] == ["mayor", "be", "sail"]


def test_a_lemmatizer_of_another_kind_stays():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer", name="lemmatizer")  # a component under that name that is no Lemmatizer
    assert not use_cached_lemmatizer(nlp)
    assert nlp.pipe_names == ["lemmatizer"]
