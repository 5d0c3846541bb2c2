"""Finding tokens from a Doc's attribute arrays: one C-level read instead of a Token object per word."""
from __future__ import annotations

import numpy
from spacy.tokens import Doc

# word set -> their string ids; ids are hashes (or spaCy's fixed symbols), the same in every vocabulary
_IDS: dict[frozenset[str], numpy.ndarray] = {}


def indexes_with(doc: Doc, attr: int, words: frozenset[str], cache: bool = True) -> list[int]:
    """Indexes of the tokens whose ``attr`` (``spacy.attrs.LOWER``, ``LEMMA``, ...) is one of ``words``.

    ``cache``: keep the word set's ids for the next call (lexicon word lists); a set made for one Doc
    (its names) passes False, so the cache does not grow with the corpus."""
    ids = _IDS.get(words) if cache else None
    if ids is None:
        # StringStore.__getitem__ hashes a string without storing it: nothing grows for unseen words
        ids = numpy.array(sorted(doc.vocab.strings[w] for w in words), dtype="uint64")
        if cache:
            _IDS[words] = ids
    return numpy.flatnonzero(numpy.isin(doc.to_array(attr), ids)).tolist()
