"""One type per name in a document: the tagger's labels outvoted by what the name itself says.

The small tagger labels one name differently from sentence to sentence ("Erdogan" PERSON here and GPE
there, "Cyprus" GPE and ORG). A name keeps one type per document, decided in this order:
1. a person named in full in the document whose surname this is: PERSON ("Warren"
   after "Elizabeth Warren"), unless the lexicon knows a place of that name or the name starts an
   organisation's name and was never tagged PERSON ("Ford" beside Henry Ford and the Ford Motor Company
   is the company); when the lexicon knows a place and some mention was tagged PERSON, the name gets
   no single type and each mention keeps its label (Michael Jordan visiting Jordan);
2. a name the lexicon knows ("Niger" GPE, "Mindanao" LOC, "NATO" ORG);
3. a head noun that gives the type ("John Radcliffe Hospital" FAC, "Amazon Research Institute" ORG);
4. the majority of the votes (each mention's label, weighted by the context cues the extractor saw),
   ties broken by a fixed preference so the result never depends on the order of mentions; a full
   name whose surname alone is a PERSON of the document is a PERSON too ("Dries Mertens" tagged
   PRODUCT beside "Mertens").
Used by the extractors (to relabel spaCy's entities before extraction) and by the resolver (to give
each name one node), so the rule is written once.
"""
from __future__ import annotations

from collections import Counter
from typing import Mapping

from kgbuilder.graph.names import TYPE_PREFERENCE, NameLexicon, fold, is_acronym, surnames

PERSON = "PERSON"


_RANK = {label: n for n, label in enumerate(TYPE_PREFERENCE)}


def majority(votes: Mapping[str, float]) -> str:
    """The label with the most support; ties go to the earlier label in TYPE_PREFERENCE."""
    if len(votes) == 1:
        return next(iter(votes))
    return min(votes, key=lambda label: (-votes[label], _RANK.get(label, len(_RANK)), label))


def _person_surnames(types: Mapping[str, str]) -> set[str]:
    """Folded surnames of the multi-word PERSON names (a first name alone is too often a place:
    "Lincoln" beside Lincoln Chafee)."""
    return {surname for name, label in types.items() if label == PERSON and len(name.split()) > 1
            for surname in surnames(name)}


def document_types(votes: Mapping[str, Mapping[str, float]], names: NameLexicon) -> dict[str, str]:
    """The type of the names of a document, from ``votes``: name -> {label: support}. A name left out
    is ambiguous in this document: its mentions keep their own labels."""
    decided: dict[str, str] = {}
    lexical: set[str] = set()  # names whose type the lexicon gives
    for name, support in votes.items():
        if not support:
            continue
        known = names.known_type(name) or names.head_type(name)
        if known:
            lexical.add(name)
        decided[name] = known or _by_votes(name, support)
    parts = _person_surnames(decided)
    founders = {fold(n.split()[0]) for n, label in decided.items() if label != PERSON and len(n.split()) > 1}
    for name, support in votes.items():
        words = name.split()
        if len(words) != 1 or fold(name) not in parts or is_acronym(name) or decided.get(name) == PERSON:
            continue
        if names.known_type(name) is None and (PERSON in support or fold(name) not in founders):
            decided[name] = PERSON  # "Erdogan" tagged GPE in a story about Recep Tayyip Erdoğan
        elif names.known_type(name) is not None and PERSON in support:
            del decided[name]  # "Jordan" the country and Michael Jordan: each mention keeps its own label
    for name in votes:
        words = name.split()
        if len(words) > 1 and name not in lexical and decided.get(name) != PERSON and not is_acronym(words[-1]) \
                and decided.get(words[-1]) == PERSON and PERSON in votes.get(words[-1], ()):
            decided[name] = PERSON  # "Dries Mertens" tagged PRODUCT beside "Mertens" tagged PERSON
    return decided


def _by_votes(name: str, support: Mapping[str, float]) -> str:
    """The majority (a name the recogniser missed, labelled "", takes the label it has elsewhere); a
    group label on a name of several words is an organisation ("Saudi Aramco")."""
    known = {label: n for label, n in support.items() if label}
    label = majority(known or support)
    return "ORG" if label == "NORP" and len(name.split()) > 1 else label


def merge_votes(*tallies: Mapping[str, Mapping[str, float]]) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for tally in tallies:
        for name, support in tally.items():
            out.setdefault(name, Counter()).update(support)
    return out
