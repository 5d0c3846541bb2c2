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


