"""Finding tokens from a Doc's attribute arrays: one C-level read instead of a Token object per word."""
from __future__ import annotations

from spacy.tokens import Doc

# word set -> their string ids; ids are hashes (or spaCy's fixed symbols), the same in every vocabulary
_IDS: dict[frozenset[str], list[int]] = {}
# the last Doc read, and per attribute where each value occurs in it (extraction reads one Doc at a time)
_POSITIONS: tuple[Doc | None, dict[int, dict[int, list[int]]]] = (None, {})


def _positions(doc: Doc, attr: int) -> dict[int, list[int]]:
    global _POSITIONS
    if _POSITIONS[0] is not doc:
        _POSITIONS = (doc, {})
    table = _POSITIONS[1].get(attr)
    if table is None:
        table = _POSITIONS[1][attr] = {}
        for i, value in enumerate(doc.to_array(attr).tolist()):
            table.setdefault(value, []).append(i)
    return table


def indexes_with(doc: Doc, attr: int, words: frozenset[str], cache: bool = True) -> list[int]:
    """Indexes of the tokens whose ``attr`` (``spacy.attrs.LOWER``, ``LEMMA``, ...) is one of ``words``,
    in order.

    ``cache``: keep the word set's ids for the next call (lexicon word lists); a set made for one Doc
    (its names) passes False, so the cache does not grow with the corpus."""
    ids = _IDS.get(words) if cache else None
    if ids is None:
        # StringStore.__getitem__ hashes a string without storing it: nothing grows for unseen words
        ids = [doc.vocab.strings[w] for w in words]
        if cache:
            _IDS[words] = ids
    table = _positions(doc, attr)
    found = [i for value in ids for i in table.get(value, ())]
    found.sort()
    return found
