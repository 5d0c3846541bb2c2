"""Rule-based coreference for pronouns and short definite descriptions.

A pronoun resolves to the nearest compatible entity before it (number, person-ness, type), within a
few sentences; "he said" prefers the last speaker. Nothing resolved means no node: an unresolved
pronoun never reaches the graph.
"""
from __future__ import annotations

import numpy
from spacy.attrs import LOWER, SENT_START
from spacy.tokens import Doc, Span, Token

from kgbuilder.extractors.arrays import indexes_with
from kgbuilder.extractors.clauses import ATTRIBUTION_LEMMAS

PERSONAL = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
NEUTER = {"it", "its", "itself"}
PLURAL = {"they", "them", "their", "theirs", "themselves"}
#: "the company" -> the nearest organisation; "the country" -> the nearest country.
DESCRIPTIONS = {
    "company": ("ORG",), "firm": ("ORG",), "group": ("ORG", "NORP"), "organization": ("ORG",),
    "organisation": ("ORG",), "party": ("ORG",), "agency": ("ORG",), "ministry": ("ORG",),
    "department": ("ORG",), "militia": ("ORG",), "network": ("ORG",), "team": ("ORG",),
    "country": ("GPE",), "nation": ("GPE",), "city": ("GPE",), "state": ("GPE",),
}
WINDOW_SENTENCES = 3
#: Words before a name that tell a person's gender, so "she" skips a "Mr." and "he" a "Mrs.".
MALE_CUES = {"mr", "mr.", "sir", "king", "prince", "lord", "spokesman", "chairman", "congressman",
             "businessman", "father", "brother", "son", "husband", "he", "him", "his"}
FEMALE_CUES = {"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "queen", "princess", "spokeswoman",
               "chairwoman", "congresswoman", "businesswoman", "mother", "sister", "daughter", "wife"}
GENDER_OF_PRONOUN = {"he": "m", "him": "m", "his": "m", "himself": "m",
                     "she": "f", "her": "f", "hers": "f", "herself": "f"}


def _gender_cue(ent: Span) -> str:
    """"m", "f" or "" from the words right before (or starting) a person's name."""
    doc = ent.doc
    window = [t.lower_ for t in doc[max(0, ent.start - 3):ent.start + 1]]
    if any(w in FEMALE_CUES for w in window):
        return "f"
    if any(w in MALE_CUES for w in window[:-1]):  # not the name itself
        return "m"
    return ""


def _is_speaker_subject(token: Token) -> bool:
    return token.dep_ == "nsubj" and token.head.lemma_ in ATTRIBUTION_LEMMAS


def sentence_of_tokens(doc: Doc) -> list[int]:
    """The index of each token's sentence (as ``doc.sents`` counts them), from one array read."""
    starts = doc.to_array(SENT_START) == 1
    if len(starts):
        starts[0] = True
    return (numpy.cumsum(starts) - 1).tolist()


#: Lower-case forms of the pronouns and descriptions coref handles.
REFERRING_WORDS = frozenset(PERSONAL | NEUTER | PLURAL | set(DESCRIPTIONS))


def resolve(doc: Doc, ents: tuple[Span, ...] | None = None) -> dict[int, Span]:
    """Map token index -> antecedent entity span for the pronouns and descriptions it can resolve.

    ``ents``: ``doc.ents`` when the caller has read them already.
    """
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
            cue = _gender_cue(ent)
            if cue:
                gender.setdefault(ent.text, cue)
                gender.setdefault(ent[-1].text, cue)
    # only the tokens that could refer back are visited (Token objects are the cost here)
    for i in indexes_with(doc, LOWER, REFERRING_WORDS):
        token = doc[i]
        while ent_iter < len(entities) and entities[ent_iter].end <= i:
            ent = entities[ent_iter]
            seen.append(ent)
            ent_iter += 1
            # "Toner said ...": Toner is the speaker that a later "he said" most likely means
            if ent.label_ == "PERSON" and _is_speaker_subject(ent.root):
                last_speaker, last_speaker_sent = ent, sent_of[ent.start]
        lower = token.lower_
        wanted: tuple[str, ...] = ()
        if token.pos_ == "PRON" and lower in PERSONAL:
            # "he said" in a run of quotes: the speaker of the quotes
            if _is_speaker_subject(token) and last_speaker is not None and \
                    sent_of[token.i] - last_speaker_sent <= WINDOW_SENTENCES:
                resolved[token.i] = last_speaker
                continue
            wanted = ("PERSON",)
        elif token.pos_ == "PRON" and lower in NEUTER:
            if token.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ in ("acomp", "ccomp", "xcomp") for c in token.head.children) \
                    and token.head.lemma_ == "be":
                continue  # "it is not clear whether ...": a dummy subject
            wanted = ("ORG", "GPE")
        elif token.pos_ == "PRON" and lower in PLURAL:
            wanted = ("ORG", "NORP", "GPE")
        elif token.pos_ == "NOUN" and lower in DESCRIPTIONS and any(c.lower_ == "the" for c in token.lefts) \
                and not any(c.dep_ in ("compound", "amod", "prep") for c in token.children):
            wanted = DESCRIPTIONS[lower]
        if not wanted:
            continue
        here = sent_of[token.i]
        for cand in reversed(seen):
            if here - sent_of[cand.start] > WINDOW_SENTENCES:
                break
            if cand.label_ not in wanted:
                continue
            pronoun_gender = GENDER_OF_PRONOUN.get(lower, "")
            # a full name's own cue, else (for a bare surname) the surname's; a full name never takes
            # the cue of another person who shares its surname ("Carl Berger ... his wife, Helga Berger")
            cue = gender.get(cand.text, pronoun_gender if len(cand) > 1 else gender.get(cand[-1].text, pronoun_gender))
            if pronoun_gender and cue != pronoun_gender:
                continue  # "she" never means a man named with "Mr." or "spokesman"
            # a possessive cannot point into its own noun phrase ("Kerry's his" never happens),
            # and a reflexive-free object pronoun skips its own clause's subject: "Kerry told him"
            if lower in ("him", "her", "them") and cand.root.head == token.head and cand.root.dep_ == "nsubj":
                continue
            resolved[token.i] = cand
            break
    return resolved
