"""spaCy's English rule lemmatizer with every answer kept.

Its lemma depends on the word, its part of speech and its morphology alone, but spaCy keeps only the
answers that reach its suffix rules: a singular noun, a base verb or a proper noun is worked out again
on every occurrence, in Python. Here each (word, POS, morphology) is asked once; the column is written
in one call. The lemmas are spaCy's: it is spaCy's lemmatizer that answers.
"""
from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.tokens import Doc

CACHED_LEMMAS = "kgbuilder_cached_lemmas"
#: Most answers remembered before the table starts again (it grows with the vocabulary).
CACHE_LIMIT = 500_000


class CachedLemmatizer:
    """A pipeline component doing what ``lemmatizer`` (spaCy's, rule or lookup mode) does."""

    def __init__(self, lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.strings = lemmatizer.vocab.strings
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemmatizer = self.lemmatizer
        overwrite = lemmatizer.overwrite
        known = self._lemmas
        if len(known) > CACHE_LIMIT:
            known.clear()
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        column = [row[3] for row in rows]
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                continue  # set before (the attribute rules' exceptions): spaCy leaves it too
            key = (orth, pos, morph)
            found = known.get(key)
            if found is None:
                found = known[key] = self.strings.add(lemmatizer.lemmatize(doc[i])[0])
            column[i] = found
        doc.from_array([LEMMA], numpy.asarray(column, dtype="uint64").reshape(-1, 1))
        return doc


def use_cached_lemmatizer(nlp, name: str = "lemmatizer") -> bool:
    """Put a ``CachedLemmatizer`` in the place of the pipeline's lemmatizer when it is spaCy's own
    English or generic one in rule or lookup mode (their answers depend on the word, POS and morphology
    only). True when it was done."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import Lemmatizer

    from kgbuilder.extractors.pipeline import replace_component

    if name not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe(name)
    if type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer) or lemmatizer.mode not in ("rule", "lookup"):
        return False
    replace_component(nlp, name, CACHED_LEMMAS, _make_component)
    return True


def _make_component(nlp, name: str, source: str) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.get_pipe(source))
