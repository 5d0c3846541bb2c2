"""Typographic dashes and quotes read by the model as their plain forms.

The English models learned from text that writes "-", "--", '"' and "'". They see a word through its
NORM, PREFIX, SUFFIX and SHAPE, and for "–" those are "-", "–", "–", "–": an unfamiliar token. Then
"the Harvard–Smithsonian Center for Astrophysics" is tagged "Harvard" alone, and "the Iran–Iraq War"
splits into "Iran" and "Iraq War", while the same text with "-" is read whole.

``read_typography_as_plain(nlp)`` computes those four features from the word with its dashes and
quotes made plain, for the words already known and every word met later. The text is untouched: a
token's text, lowercase form, lemma and offsets stay the document's own.
"""
from __future__ import annotations

from spacy.attrs import NORM, PREFIX, SHAPE, SUFFIX

#: Typographic character -> the plain form the models were trained on (an em dash is "--" there).
PLAIN_FORMS = str.maketrans({"–": "-", "—": "--", "‒": "-", "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'",
                             "‚": "'"})
_TYPOGRAPHIC = frozenset(chr(c) for c in PLAIN_FORMS)
#: The lexical features the models' embeddings read.
MODEL_FEATURES = (NORM, PREFIX, SUFFIX, SHAPE)


def plain(text: str) -> str:
    """``text`` with its typographic dashes and quotes in their plain forms (same meaning, maybe longer)."""
    return text.translate(PLAIN_FORMS)


def read_typography_as_plain(nlp) -> None:
    """Make the vocabulary of ``nlp`` give every word the model features of its plain form."""
    vocab = nlp.vocab
    getters = vocab.lex_attr_getters
    for attr in MODEL_FEATURES:
        if attr in getters and not getattr(getters[attr], "reads_plain_form", False):
            getters[attr] = _on_plain_form(getters[attr])
    for lexeme in vocab:  # words made before (the tokenizer's special cases: "’s", "n’t")
        if not _TYPOGRAPHIC.isdisjoint(lexeme.orth_):
            _refresh(vocab, lexeme)


def _on_plain_form(getter):
    def get(text: str):
        return getter(plain(text))
    get.reads_plain_form = True
    return get


def _refresh(vocab, lexeme) -> None:
    getters = vocab.lex_attr_getters
    text = lexeme.orth_
    if NORM in getters:
        lexeme.norm_ = getters[NORM](text)
    if PREFIX in getters:
        lexeme.prefix_ = getters[PREFIX](text)
    if SUFFIX in getters:
        lexeme.suffix_ = getters[SUFFIX](text)
    if SHAPE in getters:
        lexeme.shape_ = getters[SHAPE](text)
