"""Relations stated inside noun phrases: titles, appositions, "X of Y" roles, place chains.

"State Department spokesman Mark Toner"       -> Toner spokesperson_of State Department
"Russian Foreign Minister Sergei Lavrov"      -> Lavrov foreign_minister_of Russia
"Alloush, the head of a group called Jaysh"   -> Alloush leader_of Jaysh al Islam
"Nawa city, Deraa, Syria"                     -> Nawa located_in Deraa located_in Syria
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy import symbols
from spacy.attrs import DEP
from spacy.tokens import Doc, Span, Token

from kgbuilder.extractors.lexicon import NameLexicon, RelationLexicon
from kgbuilder.graph.model import ENTITY, Mention

PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_NOUNS = {"city", "town", "village", "province", "region", "district", "state", "county", "area"}
NAMING_VERBS = {"call", "name", "know"}


@dataclass(frozen=True)
class NominalFact:
    subject: Span  # entity span (a person, a place)
    relation: str
    object: Span | Mention  # entity span, or a ready-made mention (a country from a demonym)
    evidence: tuple[int, int]  # token range in the doc
    confidence: float
    surface: str


def _entity_at(doc: Doc, i: int) -> Span | None:
    token = doc[i]
    if token.ent_iob_ == "O":
        return None
    # walk the IOB tags to the entity's edges instead of building every span of doc.ents
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type)


def named_by(token: Token) -> Token:
    """"a group called Jaysh al Islam" -> the token of "Islam"; otherwise the token itself."""
    for child in token.children:
        if child.dep_ == "acl" and child.lemma_ in NAMING_VERBS:
            for obj in child.children:
                if obj.dep_ in ("oprd", "attr", "dobj") and obj.pos_ == "PROPN":
                    return obj
    return token


def _in_a_list(ent: Span) -> bool:
    """"Alabama, Oklahoma and Texas" is a list, not a place chain: a coordination with a conjunction,
    or more than three members."""
    root = ent.root
    while root.dep_ == "conj":
        root = root.head
    members = [root, *root.conjuncts]
    has_cc = any(c.dep_ in ("cc", "preconj") for m in members for c in m.children)
    return has_cc or len(members) > 3


def place_chain_facts(doc: Doc, countries: frozenset[str] = frozenset(),
                      ents: tuple[Span, ...] | None = None) -> list[NominalFact]:
    """"Nawa city, Deraa, Syria": each place is located in the next one after a comma.

    Not in lists ("Alabama, Oklahoma and Texas"), and a country is never inside another country.
    """
    facts = []
    ents = list(doc.ents if ents is None else ents)
    for left, right in zip(ents, ents[1:]):
        if left.label_ not in PLACE_LABELS or right.label_ not in PLACE_LABELS:
            continue
        if _in_a_list(left) or _in_a_list(right) or left.text in countries:
            continue
        between = doc[left.end:right.start]
        words = [t for t in between if not t.is_punct]
        commas = [t for t in between if t.text == ","]
        if len(commas) == 1 and all(t.lower_ in PLACE_NOUNS for t in words):
            facts.append(NominalFact(left, "located_in", right, (left.start, right.end), 0.8,
                                     doc[left.start:right.end].text))
    return facts
