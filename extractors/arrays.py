"""Finding tokens from a Doc's attribute arrays: one C-level read instead of a Token object per word."""
from __future__ import annotations

import numpy
from spacy.tokens import Doc

# word set -> their string ids; ids are hashes (or spaCy's fixed symbols), the same in every vocabulary
_IDS: dict[frozenset[str], numpy.ndarray] = {}


def indexes_with(doc: Doc, attr: int, words: frozenset[str]) -> list[int]:
    """Indexes of the tokens whose ``attr`` (``spacy.attrs.LOWER``, ``LEMMA``, ...) is one of ``words``."""
    ids = _IDS.get(words)
    if ids is None:
        ids = _IDS[words] = numpy.array(sorted(doc.vocab.strings.add(w) for w in words), dtype="uint64")
    return numpy.flatnonzero(numpy.isin(doc.to_array(attr), ids)).tolist()
