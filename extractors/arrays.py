"""Reading a Doc once: tokens found from its attribute arrays (one C-level read instead of a Token object
per word), its sentences and its tokens' children, kept while the extractor reads that Doc."""
from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from spacy.attrs import HEAD
from spacy.tokens import Doc, Span, Token

# word set -> their string ids; ids are hashes (or spaCy's fixed symbols), the same in every vocabulary
_IDS: dict[frozenset[str], frozenset[int]] = {}
# Extraction reads one Doc at a time: what was read of the last one, until another comes.
_LAST_DOC: Doc | None = None
_LAST_READ: dict = {}
# The children table of the last Doc, apart: the rules ask for children tens of thousands of times a Doc.
_CHILDREN_DOC: Doc | None = None
_CHILDREN: list[list[Token]] = []


def _read(doc: Doc) -> dict:
    """What was read of ``doc`` so far (empty for a Doc other than the last one)."""
    global _LAST_DOC, _LAST_READ
    if _LAST_DOC is not doc:
        _LAST_DOC, _LAST_READ = doc, {}
    return _LAST_READ


def _positions(doc: Doc, attr: int) -> dict[int, list[int]]:
    """Where each value of ``attr`` occurs in ``doc``."""
    read = _read(doc)
    table = read.get(attr)
    if table is None:
        table = read[attr] = {}
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


def _sentences(doc: Doc) -> tuple[list[Span], list[int], list[Bounds]]:
    """The sentences, their starts and their bounds: Doc.sents walks the whole Doc and Token.sent walks
    to the sentence's edges, each building Spans on every call."""
    read = _read(doc)
    found = read.get("sentences")
    if found is None:
        spans = list(doc.sents)
        bounds = [Bounds(s.start, s.end) for s in spans]
        found = read["sentences"] = (spans, [b.start for b in bounds], bounds)
    return found


def sentences(doc: Doc) -> list[Span]:
    """``list(doc.sents)``, made once per Doc being read."""
    return _sentences(doc)[0]


def sentence_bounds(doc: Doc, i: int) -> Bounds:
    """The bounds of the sentence holding token ``i``: ``token.sent``'s start and end, without a Span."""
    _spans, starts, bounds = _sentences(doc)
    return bounds[bisect_right(starts, i) - 1]


def token_list(doc: Doc) -> list[Token]:
    """``list(doc)``, made once per Doc being read: ``doc[i]`` makes a new Token object on every call."""
    read = _read(doc)
    found = read.get("tokens")
    if found is None:
        found = read["tokens"] = list(doc)
    return found


def children(token: Token) -> list[Token]:
    """``list(token.children)``, made for the whole Doc being read at once, from its head column: the
    rules walk the same verbs' children many times, and Token.children makes a Token per child per walk."""
    global _CHILDREN_DOC, _CHILDREN
    doc = token.doc
    if doc is not _CHILDREN_DOC:
        toks = token_list(doc)
        table: list[list[Token]] = [[] for _ in toks]
        for i, offset in enumerate(doc.to_array(HEAD).astype("int64").tolist()):  # stored unsigned
            if offset:  # a root is its own head (offset 0); children come in order, as Token.children gives them
                table[i + offset].append(toks[i])
        _CHILDREN_DOC, _CHILDREN = doc, table
    return _CHILDREN[token.i]
