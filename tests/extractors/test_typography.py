"""Typographic dashes and quotes: the model reads them as their plain forms, the text stays as written."""
from __future__ import annotations

import pytest

from kgbuilder.extractors.typography import plain

# My own sentences, each with an en dash, an em dash or curly quotes inside or around names.
SENTENCES = [
    "“We are ready,” said Nils Berg of the Stanford–Berkeley Institute for Ocean Studies.",
    "The Oslo–Bergen railway was closed, and the Greece–Turkey talks in Vienna ended.",
    "Officials said the Iran–Iraq War had shaped the region’s politics — and Baghdad’s.",
    "Anna Berg’s sister, Eva Berg, joined the Sweden–Finland trade council in Stockholm.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_names_read_as_with_plain_punctuation(nlp, text):
    doc, plain_doc = nlp(text), nlp(plain(text))
    assert doc.text == text
    assert [(e.start, e.end, e.label_) for e in doc.ents] == [(e.start, e.end, e.label_) for e in plain_doc.ents]
    assert [(t.dep_, t.head.i) for t in doc] == [(t.dep_, t.head.i) for t in plain_doc]


def test_an_en_dash_joins_a_name(nlp):
    doc = nlp(SENTENCES[0])
    assert "the Stanford–Berkeley Institute for Ocean Studies" in [e.text for e in doc.ents]


def test_plain_forms():
    assert plain("A–B — “c” ‘d’ e’s") == "A-B -- \"c\" 'd' e's"
