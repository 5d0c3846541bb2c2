"""Finding tokens from a Doc's attribute arrays: one C-level read instead of a Token object per word."""
from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

# word set -> their string ids; ids are hashes (or spaCy's fixed symbols), the same in every vocabulary
_IDS: dict[frozenset[str], frozenset[int]] = {}
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
            found = table.get(value)
            if found is None:
                table[value] = [i]
            else:
                found.append(i)
    return table


def indexes_with(doc: Doc, attr: int, words: frozenset[str], cache: bool = True) -> list[int]:
    """Indexes of the tokens whose ``attr`` (``spacy.attrs.LOWER``, ``LEMMA``, ...) is one of ``words``,
    in order.

    ``cache``: keep the word set's ids for the next call (lexicon word lists); a set made for one Doc
    (its names) passes False, so the cache does not grow with the corpus."""
    ids = _IDS.get(words) if cache else None
    if ids is None:
        # StringStore.__getitem__ hashes a string without storing it: nothing grows for unseen words
        ids = frozenset(doc.vocab.strings[w] for w in words)
        if cache:
            _IDS[words] = ids
    table = _positions(doc, attr)
    if len(ids) < len(table):  # look up the smaller side: a lexicon list can hold more words than the Doc
        found = [i for value in ids if value in table for i in table[value]]
    else:
        found = [i for value, where in table.items() if value in ids for i in where]
    found.sort()
    return found


class Bounds(NamedTuple):
    """Where a sentence starts and ends (token indexes), as ``Span.start`` and ``Span.end`` say."""

    start: int
    end: int


# the last Doc read, its sentences, and where they start and end: Doc.sents walks the whole Doc and
# Token.sent walks to the sentence's edges, each building Spans on every call
_SENTENCES: tuple[Doc | None, list[Span], list[int], list[Bounds]] = (None, [], [], [])


def _sentences(doc: Doc) -> tuple[list[Span], list[int], list[Bounds]]:
    global _SENTENCES
    if _SENTENCES[0] is not doc:
        spans = list(doc.sents)
        bounds = [Bounds(s.start, s.end) for s in spans]
        _SENTENCES = (doc, spans, [b.start for b in bounds], bounds)
    return _SENTENCES[1:]


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, made once per Doc being read."""
    return _sentences(doc)[0]


def sentence_bounds(doc: Doc, i: int) -> Bounds:
    """The bounds of the sentence holding token ``i``: ``token.sent``'s start and end, without a Span."""
    _spans, starts, bounds = _sentences(doc)
    return bounds[bisect_right(starts, i) - 1]


# the last Doc read and the children of its tokens, by index: Token.children is a generator that makes
# a Token object per child on every walk, and the rules walk the same verbs' children many times
_CHILDREN: tuple[Doc | None, dict[int, list[Token]]] = (None, {})


def children(token: Token) -> list[Token]:
    """``list(token.children)``, made once per token of the Doc being read."""
    global _CHILDREN
    doc = token.doc
    if _CHILDREN[0] is not doc:
        _CHILDREN = (doc, {})
    table = _CHILDREN[1]
    found = table.get(token.i)
    if found is None:
        found = table[token.i] = list(token.children)
    return found
