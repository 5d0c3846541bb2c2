"""Turning argument tokens into mentions: named entities where the span holds one, else noun phrases."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kgbuilder.extractors.arrays import children
from kgbuilder.extractors.english import EMPTY_HEADS
from kgbuilder.extractors.lexicon import NameLexicon, load_names
from kgbuilder.graph.model import ENTITY, LITERAL, LITERAL_LABELS, PHRASE, Mention

PRONOUN_KIND = "pronoun"
#: Heads that are not noun phrases: pronouns left unresolved, function words, verbs (clausal args).
NON_NOMINAL = {"PRON", "ADP", "PART", "PUNCT", "SCONJ", "CCONJ", "DET", "AUX", "VERB", "SPACE", "SYM", "INTJ"}
#: Determiners and such dropped from the front of a phrase node ("the peace effort" -> "peace effort").
LEADING_DROP = {"det", "predet", "poss", "punct", "cc", "preconj"}


def strip_title(ent: Span, names: NameLexicon) -> tuple[Span, str]:
    """"President Bashar al-Assad" -> (the span "Bashar al-Assad", "President")."""
    if ent.label_ != "PERSON" or len(ent) < 2:
        return ent, ""
    for n in range(min(names.longest_title_words, len(ent) - 1), 0, -1):
        head = ent[:n].text.lower()
        if head in names.titles:
            return ent[n:], ent[:n].text
    return ent, ""


def editorial_brackets_removed(text: str) -> str:
    """"[Bashir al] Assad" -> "Bashir al Assad": square brackets in quotes mark words an editor
    added; the name is the words without them."""
    if "[" not in text and "]" not in text:
        return text
    return " ".join(text.replace("[", " ").replace("]", " ").split()) or text


class MentionFinder:
    """Mentions for the tokens of one Doc: entity lookups, noun phrases, coreference substitutions."""

    def __init__(self, doc: Doc, coref: dict[int, Span] | None = None, names: NameLexicon | None = None,
                 ents: tuple[Span, ...] | None = None):
        self.doc = doc
        self.names = names or load_names()
        self.coref = coref or {}
        # Names seen as entities in this document, so a later untagged "Toner" still reads as a person.
        self.known: dict[str, str] = {}
        self.ents = doc.ents if ents is None else ents  # Doc.ents rebuilds its Spans on every access
        self.ent_at = {i: ent for ent in self.ents for i in range(ent.start, ent.end)}
        self._entity_mentions: dict[tuple[int, int, str], Mention] = {}
        for ent in self.ents:
            if ent.label_ in LITERAL_LABELS:
                continue
            span, _ = strip_title(ent, self.names)
            self.known.setdefault(span.text, ent.label_)
            if ent.label_ == "PERSON" and len(span) > 1:
                self.known.setdefault(span[-1].text, "PERSON")

    def entity_mention(self, ent: Span) -> Mention:
        """The mention of a named entity, its title left out (read once per entity: rules ask again)."""
        key = (ent.start, ent.end, ent.label_)
        found = self._entity_mentions.get(key)
        if found is None:
            found = self._entity_mentions[key] = self._read_entity(ent)
        return found

    def _read_entity(self, ent: Span) -> Mention:
        span, _title = strip_title(ent, self.names)
        kind = LITERAL if ent.label_ in LITERAL_LABELS else ENTITY
        return Mention(editorial_brackets_removed(span.text), ent.label_, span.start_char, span.end_char, kind)

    def for_token(self, token: Token) -> Mention | None:
        """The mention a head token stands for, or None when it makes no useful node."""
        if token.i in self.coref:
            ant = self.coref[token.i]
            resolved = self.entity_mention(ant)
            return Mention(token.text, ant.label_, token.idx, token.idx + len(token), ENTITY, resolved=resolved.text)
        if token.pos_ in NON_NOMINAL or token.lower_ in EMPTY_HEADS:
            return None
        if token.ent_iob_ != "O" and token.ent_type_:
            ent = self.ent_at.get(token.i)
            if ent is not None:
                return self.entity_mention(ent)
        phrase = self.phrase_tokens(token)
        text = " ".join(t.text for t in phrase)
        if not text or text.lower() in EMPTY_HEADS:
            return None
        label = self.known.get(text, "")
        kind = ENTITY if label else PHRASE
        if token.like_num and len(phrase) == 1:
            kind, label = LITERAL, "CARDINAL"
        elif not label and self._unlabelled_name(phrase, token):
            # "the 2019 Boston Marathon", "Lukaku": a proper name the recogniser missed is still a named
            # thing (of unknown type), not a common-noun phrase
            while phrase[0].like_num or phrase[0].ent_type_ in LITERAL_LABELS:
                phrase = phrase[1:]
            phrase = phrase + self._of_name(token)  # "Man [of the Match]"
            text = " ".join(t.text for t in phrase)
            kind = ENTITY
        return Mention(text, label, phrase[0].idx, phrase[-1].idx + len(phrase[-1]), kind)

    @staticmethod
    def _of_name(head: Token) -> list[Token]:
        """"of the Match" after a proper-noun head: the rest of the name, when its object is one too."""
        for prep in children(head):
            if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i == head.i + 1:
                pobj = next((c for c in children(prep) if c.dep_ == "pobj"), None)
                if pobj is not None and (pobj.pos_ == "PROPN" or any(
                        c.dep_ == "compound" and c.pos_ == "PROPN" for c in pobj.lefts)):  # "of the Match award"
                    words = [t for t in pobj.subtree if t.i <= pobj.i]
                    return [prep, *words]
        return []

    def _unlabelled_name(self, phrase: list[Token], head: Token) -> bool:
        """A run of capitalised proper nouns headed by a proper noun that is no title ("President")."""
        words = [t for t in phrase if not (t.like_num or t.ent_type_ in LITERAL_LABELS)]
        return bool(words) and head.pos_ == "PROPN" and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words) \
            and " ".join(t.lower_ for t in words) not in self.names.titles and head.lower_ not in self.names.titles

    @staticmethod
    def phrase_tokens(token: Token) -> list[Token]:
        """The core of a noun phrase: left modifiers and the head, without determiners or clauses."""
        left = [t for t in token.lefts if t.dep_ in ("compound", "amod", "nummod", "nmod", "npadvmod")]
        tokens: list[Token] = []
        for t in left:
            tokens.extend(s for s in t.subtree if s.dep_ not in LEADING_DROP)
        tokens.append(token)
        return sorted(set(tokens), key=lambda t: t.i)
