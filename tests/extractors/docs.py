"""Hand-built parses for rule tests: fast, deterministic, no statistical model involved."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

_VOCAB = spacy.blank("en").vocab


def parse(rows: str) -> Doc:
    """Build a Doc from rows of ``word lemma POS TAG dep head [ENT-IOB]`` (head is a 0-based index).

    Example row: ``Kerry Kerry PROPN NNP nsubj 1 B-PERSON``.
    """
    words, lemmas, pos, tags, deps, heads, ents = [], [], [], [], [], [], []
    for line in rows.strip().splitlines():
        cols = line.split()
        words.append(cols[0])
        lemmas.append(cols[1])
        pos.append(cols[2])
        tags.append(cols[3])
        deps.append(cols[4])
        heads.append(int(cols[5]))
        ents.append(cols[6] if len(cols) > 6 else "O")
    return Doc(_VOCAB, words=words, lemmas=lemmas, pos=pos, tags=tags, deps=deps, heads=heads, ents=ents)
