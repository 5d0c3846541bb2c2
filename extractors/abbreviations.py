"""Abbreviations the text defines: "the Syrian Democratic Forces (SDF)", "the KPA (Korean People's Army)".

A short form in parentheses right after a name (or a name in parentheses right after a short form,
or either beside the other with ", or": "G7, or the Group of Seven,") is that name's abbreviation when its letters are the name's in order, the first letter starting the
name's first word (after Schwartz & Hearst, "A simple algorithm for identifying abbreviation
definitions in biomedical text", 2003). The pair is found on the tokens, so only this module needs
the Doc; the graph gets it as an ``abbreviation_of`` attribute of the short form's mention, and the
short form takes the long form's entity type (one entity, one type).

Later uses of a defined short form that the tagger missed ("... the PMF said") become entities of
that type too. "X, also known as Y" and "X (also spelled Y)" equate two names the same way
(``alias_of``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from kgbuilder.extractors.arrays import indexes_with, token_list
from kgbuilder.graph.model import LITERAL_LABELS
from kgbuilder.graph.names import FUNCTION_WORDS, is_acronym

ABBREVIATION_OF, ALIAS_OF = "abbreviation_of", "alias_of"
OPEN, CLOSE = frozenset({"(", "["}), frozenset({")", "]"})
#: Words after a name that give another name of the same thing.
ALSO_KNOWN_AS = (("also", "known", "as"), ("also", "called"), ("also", "spelled"), ("also", "spelt"),
                 ("a.k.a.",), ("aka",), ("formerly", "known", "as"))
CUE_STARTS = frozenset(cue[0] for cue in ALSO_KNOWN_AS)


@dataclass(frozen=True)
class Abbreviation:
    short: Span  # the other name (a short form, a spelling), labelled as the long form is
    long: Span
    key: str = ABBREVIATION_OF  # the attribute the graph gets: abbreviation_of or alias_of


NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
           "nine": "9", "ten": "10", "twenty": "20"}


def _letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def matches(short: str, long: str) -> bool:
    """Whether ``short`` abbreviates ``long`` (Schwartz & Hearst): its first letter starts ``long``'s
    first word and its other letters follow in order; and it is not far shorter than ``long``'s content
    words ("AU" cannot abbreviate five of them). Number words count as digits ("Group of Seven" G7)."""
    letters = _letters(short)
    words = [NUMBERS.get(w.lower(), w) for w in long.replace("-", " ").split()]
    words = [_letters(w) for w in words if _letters(w)]
    while words and words[0] in FUNCTION_WORDS:  # "the Syrian Democratic Forces"
        words = words[1:]
    if len(letters) < 2 or not words or letters[0] != words[0][0]:
        return False
    content = [w for w in words if w not in FUNCTION_WORDS]
    if len(letters) < len(content) - 1:
        return False
    rest, at = " ".join(words)[1:], 0
    for c in letters[1:]:
        at = rest.find(c, at) + 1
        if at == 0:
            return False
    return True


def _defined_in_parentheses(doc: Doc, i: int, by_end: dict, by_start: dict) -> Abbreviation | None:
    """"Syrian Democratic Forces (SDF)" or "the KPA (Korean People's Army)", with "(" at ``i``."""
    close = next((j for j in range(i + 1, min(i + 12, len(doc))) if doc[j].text in CLOSE), None)
    if close is None or close == i + 1:
        return None
    inside = doc[i + 1:close]
    before = by_end.get(i)
    if before is not None and len(inside) <= 2 and is_acronym(inside.text) and matches(inside.text, before.text):
        return Abbreviation(Span(doc, i + 1, close, before.label_), before)
    inner = by_start.get(i + 1)
    if inner is not None and inner.end == close and i and is_acronym(doc[i - 1].text) \
            and matches(doc[i - 1].text, inner.text):
        return Abbreviation(Span(doc, i - 1, i, inner.label_), inner)
    return None


def _defined_by_or(doc: Doc, ent: Span, by_start: dict) -> Abbreviation | None:
    """"G7, or the Group of Seven," and "the Group of Seven, or G7": one of the two abbreviates the
    other (the long form is an entity, the short form need not be tagged)."""
    toks = token_list(doc)
    i, pairs = ent.end, []
    if i + 2 < len(doc) and toks[i].text == "," and toks[i + 1].lower_ == "or":
        after = by_start.get(i + 2) or (by_start.get(i + 3) if toks[i + 2].lower_ == "the" else None)
        pairs.append((doc[i + 2:i + 3], ent))
        if after is not None:
            pairs.append((ent, after))
    j = ent.start - (ent.start > 0 and toks[ent.start - 1].lower_ == "the")  # "G7, or the Group of Seven"
    if j >= 3 and toks[j - 2].text == "," and toks[j - 1].lower_ == "or":
        pairs.append((doc[j - 3:j - 2], ent))
    for short, long in pairs:
        if is_acronym(short.text) and len(long) > 1 and matches(short.text, long.text):
            return Abbreviation(Span(doc, short.start, short.end, long.label_), long)
    return None


def _also_known_as(doc: Doc, ent: Span) -> Abbreviation | None:
    """"Qasem Soleimani, also spelled Soleymani" / "(also known as ...)": the text equates two names."""
    toks = token_list(doc)
    i = ent.end + (ent.end < len(doc) and toks[ent.end].text in {",", "("})
    if i >= len(doc) or toks[i].lower_ not in CUE_STARTS:
        return None
    words = [t.lower_ for t in doc[i:i + 4]]
    for cue in ALSO_KNOWN_AS:
        if words[:len(cue)] == list(cue):
            start = end = i + len(cue)
            while end < len(doc) and toks[end].pos_ == "PROPN" and toks[end].ent_type_ in ("", ent.label_):
                end += 1
            if end > start:
                return Abbreviation(Span(doc, start, end, ent.label_), ent, ALIAS_OF)
    return None


def find_abbreviations(doc: Doc, ents: tuple[Span, ...]) -> list[Abbreviation]:
    """Every (short form, long form) pair the text defines, and every other name it equates."""
    named = [e for e in ents if e.label_ not in LITERAL_LABELS]
    by_end = {e.end: e for e in named}
    by_start = {e.start: e for e in named}
    found = [a for i in indexes_with(doc, ORTH, OPEN)
             if (a := _defined_in_parentheses(doc, i, by_end, by_start)) is not None]
    for ent in named:
        pair = _defined_by_or(doc, ent, by_start) or _also_known_as(doc, ent)
        if pair is not None:
            found.append(pair)
    return found


def _split_definition(ent: Span) -> list[Span]:
    """"Movement for Democratic Change (MDC" tagged as one entity: the name, and the short form."""
    start = next((t.i for t in ent if t.text in OPEN), None)
    end = ent.end - (ent[-1].text in CLOSE)
    if start is None or start == ent.start or not 0 < end - start - 1 <= 2:
        return [ent]
    long, short = ent.doc[ent.start:start], ent.doc[start + 1:end]
    if not is_acronym(short.text) or not matches(short.text, long.text):
        return [ent]
    return [Span(ent.doc, long.start, long.end, ent.label_), Span(ent.doc, short.start, short.end, ent.label_)]


def abbreviation_entities(doc: Doc, ents: list[Span]) -> list[Span]:
    """``ents`` with every defined short form (and each later use of it) tagged as its long form is."""
    ents = [part for ent in ents for part in _split_definition(ent)]
    pairs = find_abbreviations(doc, tuple(ents))
    if not pairs:
        return ents
    label_of = {p.short.text: p.long.label_ for p in pairs}
    spans = {(p.short.start, p.short.end): p.long.label_ for p in pairs}
    taken = {i for e in ents for i in range(e.start, e.end)}
    out = []
    for e in ents:
        label = label_of.get(e.text)
        out.append(Span(doc, e.start, e.end, label) if label and label != e.label_ else e)
    for (start, end), label in spans.items():
        if not taken.intersection(range(start, end)):
            out.append(Span(doc, start, end, label))
            taken.update(range(start, end))
    ids = numpy.array([get_string_id(text) for text in label_of], dtype="uint64")
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), ids)).tolist():  # later uses of each short form
        if i not in taken:
            out.append(Span(doc, i, i + 1, label_of[doc[i].text]))
    return sorted(out, key=lambda e: e.start)
