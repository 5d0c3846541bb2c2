"""Rule-based coreference for pronouns and short definite descriptions.

A pronoun resolves to the nearest compatible entity before it (number, person-ness, type), within a
few sentences; "he said" prefers the last speaker. Nothing resolved means no node: an unresolved
pronoun never reaches the graph.
"""
from __future__ import annotations

from typing import Iterator

import numpy
from spacy.attrs import LOWER, SENT_START
from spacy.tokens import Doc, Span, Token

from kgbuilder.extractors.arrays import children, indexes_with
from kgbuilder.extractors.english import GENDER_OF_PRONOUN, NEUTER, PERSONAL, PLACE_PREPOSITIONS, PLURAL
from kgbuilder.extractors.lexicon import RelationLexicon, load_relations

WINDOW_SENTENCES = 3
_NOT_PERSONAL = NEUTER | PLURAL


def _gender_cue(ent: Span, lexicon: RelationLexicon) -> str:
    """"m", "f" or "" from the words right before (or starting) a person's name."""
    doc = ent.doc
    window = [t.lower_ for t in doc[max(0, ent.start - 3):ent.start + 1]]
    if any(w in lexicon.words("female_cues") for w in window):
        return "f"
    if any(w in lexicon.words("male_cues") for w in window[:-1]):  # not the name itself
        return "m"
    return ""


def _is_speaker_subject(token: Token, lexicon: RelationLexicon) -> bool:
    return token.dep_ == "nsubj" and token.head.lemma_ in lexicon.words("attribution_verbs")


def sentence_of_tokens(doc: Doc) -> list[int]:
    """The index of each token's sentence (as ``doc.sents`` counts them), from one array read."""
    starts = doc.to_array(SENT_START) == 1
    if len(starts):
        starts[0] = True
    return (numpy.cumsum(starts) - 1).tolist()


def _where_something_is(ent: Span) -> bool:
    """The object of a place preposition: "based in [Turin]"."""
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS


def _fitting(token: Token, lower: str, seen: list[Span], wanted: tuple[str, ...], sent_of: list[int],
             gender: dict[str, str]) -> Iterator[Span]:
    """The names before a referring word that it may stand for, nearest first, within the window."""
    here = sent_of[token.i]
    pronoun_gender = GENDER_OF_PRONOUN.get(lower, "")
    for cand in reversed(seen):
        if here - sent_of[cand.start] > WINDOW_SENTENCES:
            return
        if cand.label_ not in wanted:
            continue
        # a full name's own cue, else (for a bare surname) the surname's; a full name never takes
        # the cue of another person who shares its surname ("Carl Berger ... his wife, Helga Berger")
        cue = gender.get(cand.text, pronoun_gender if len(cand) > 1 else gender.get(cand[-1].text, pronoun_gender))
        if pronoun_gender and cue != pronoun_gender:
            continue  # "she" never means a man named with "Mr." or "spokesman"
        # a possessive cannot point into its own noun phrase ("Kerry's his" never happens),
        # and a reflexive-free object pronoun skips its own clause's subject: "Kerry told him"
        if lower in ("him", "her", "them") and cand.root.head == token.head and cand.root.dep_ == "nsubj":
            continue
        yield cand


def resolve(doc: Doc, ents: tuple[Span, ...] | None = None,
            lexicon: RelationLexicon | None = None) -> dict[int, Span]:
    """Map token index -> antecedent entity span for the pronouns and descriptions it can resolve.

    ``ents``: ``doc.ents`` when the caller has read them already; ``lexicon``: the relation lexicon
    (verbs of saying, gender cues, definite descriptions; default: the installed one).
    """
    lexicon = lexicon or load_relations()
    descriptions = lexicon.descriptions
    referring = frozenset(PERSONAL | NEUTER | PLURAL | set(descriptions))  # the words that may refer back
    sent_of = sentence_of_tokens(doc)
    entities = [e for e in (doc.ents if ents is None else ents) if e.label_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")]
    resolved: dict[int, Span] = {}
    last_speaker: Span | None = None
    last_speaker_sent = -99
    ent_iter = 0
    seen: list[Span] = []  # entities before the current token, in order
    # gender known for a name, by its text, from a cue at any of its mentions or a resolved pronoun
    gender: dict[str, str] = {}
    for ent in entities:
        if ent.label_ == "PERSON":
            cue = _gender_cue(ent, lexicon)
            if cue:
                gender.setdefault(ent.text, cue)
                gender.setdefault(ent[-1].text, cue)
    # only the tokens that could refer back are visited (Token objects are the cost here)
    for i in indexes_with(doc, LOWER, referring):
        token = doc[i]
        while ent_iter < len(entities) and entities[ent_iter].end <= i:
            ent = entities[ent_iter]
            seen.append(ent)
            ent_iter += 1
            # "Toner said ...": Toner is the speaker that a later "he said" most likely means
            if ent.label_ == "PERSON" and _is_speaker_subject(ent.root, lexicon):
                last_speaker, last_speaker_sent = ent, sent_of[ent.start]
        lower = token.lower_
        wanted: tuple[str, ...] = ()
        if token.pos_ == "PRON" and lower in PERSONAL:
            # "he said" in a run of quotes: the speaker of the quotes
            if _is_speaker_subject(token, lexicon) and last_speaker is not None and \
                    sent_of[token.i] - last_speaker_sent <= WINDOW_SENTENCES:
                resolved[token.i] = last_speaker
                continue
            wanted = ("PERSON",)
        elif token.pos_ == "PRON" and lower in NEUTER:
            if token.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ in ("acomp", "ccomp", "xcomp") for c in children(token.head)) \
                    and token.head.lemma_ == "be":
                continue  # "it is not clear whether ...": a dummy subject
            wanted = ("ORG", "GPE")
        elif token.pos_ == "PRON" and lower in PLURAL:
            wanted = ("ORG", "NORP", "GPE")
        elif token.pos_ == "NOUN" and lower in descriptions and any(c.lower_ == "the" for c in token.lefts) \
                and not any(c.dep_ in ("compound", "amod", "prep") for c in children(token)):
            wanted = descriptions[lower]
        if not wanted:
            continue
        here = sent_of[token.i]
        fitting = _fitting(token, lower, seen, wanted, sent_of, gender)
        nearest = next(fitting, None)
        if nearest is None:
            continue
        if lower in _NOT_PERSONAL and _where_something_is(nearest):
            # "Terra Viva is based in Turin. Its leader": a name that is not a place something is in, in
            # this sentence or the one before, over the nearer place
            nearest = next((c for c in fitting if here - sent_of[c.start] <= 1 and not _where_something_is(c)),
                           nearest)
        resolved[token.i] = nearest
    return resolved
