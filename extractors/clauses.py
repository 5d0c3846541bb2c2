"""The extraction engine: clauses read off the dependency parse.

One walk over each sentence finds its predicates and their arguments. Two views are built on the
result: ``extractors.openie`` (n-ary tuples with full argument spans, what CaRB scores) and
``extractors.triples`` (entity-level subject-relation-object facts for the graph).

Each rule is a short pattern over the tree with a one-line comment, textacy style.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
OBJECT_DEPS = {"dobj", "obj", "attr", "oprd", "dative"}
COMPLEMENT_DEPS = {"acomp"}
CLAUSE_DEPS = {"ccomp", "xcomp"}
#: Verbs that report speech or thought: "X said Y" is an attribution, and Y a fact of its own.
ATTRIBUTION_LEMMAS = {
    "say", "tell", "add", "state", "announce", "report", "claim", "believe", "think", "argue",
    "explain", "note", "warn", "insist", "confirm", "deny", "suggest", "write", "declare", "allege",
    "acknowledge", "admit", "assert", "estimate", "predict", "reveal", "know", "accuse", "stress",
}
#: Verbs that take a noun as the real predicate: "make a decision", "take part", "give support".
LIGHT_VERBS = {"make", "take", "give", "have", "do", "pay", "hold", "reach", "launch", "carry"}


@dataclass
class Argument:
    """One argument of a clause: its head token and the preposition or role that introduces it."""

    head: Token
    role: str  # subj, obj, attr, comp, prep, agent, clause, time
    prep: Token | None = None  # the preposition for prepositional arguments
    split_conj: bool = True  # when True the span excludes conjoined siblings (they are separate args)
    exclude: Token | None = None  # a subtree to leave out: the relative clause that names this argument

    def span_tokens(self) -> list[Token]:
        """The tokens of the argument phrase: the head's subtree minus split-off conjuncts."""
        return argument_tokens(self.head, self.split_conj, self.exclude)


@dataclass
class Clause:
    """A predicate with its arguments, read from one sentence."""

    predicate: Token  # the main verb (or the copula's complement head for "X is Y")
    relation_tokens: list[Token]  # aux/neg/verb/particle tokens in text order
    subject: Argument | None
    arguments: list[Argument] = field(default_factory=list)
    negated: bool = False
    modal: str = ""
    passive: bool = False
    kind: str = "verb"  # verb, copula, appos, relcl, acl, attribution, possessive, nominal
    confidence: float = 0.7
    # For "X said Y": the clause reported, so views can give both the attribution and the fact.
    reported: Token | None = None
    # Lemma-level relation name for the graph view, e.g. "discuss"; views add prepositions.
    lemma: str = ""


# ---------------------------------------------------------------------------------------- spans
def argument_tokens(head: Token, split_conj: bool = True, exclude: Token | None = None) -> list[Token]:
    """The phrase headed by ``head``: its subtree, without conjuncts split off as separate arguments,
    without an excluded subtree, trimmed of punctuation at the edges."""
    excluded: set[int] = {t.i for t in exclude.subtree} if exclude is not None else set()
    if split_conj:
        for child in head.children:
            if child.dep_ in ("conj", "cc", "preconj") or (child.dep_ == "punct" and child.i > head.i
                                                           and any(c.dep_ == "conj" for c in head.children)):
                excluded.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in excluded]
    # trailing appositive commas and quotes belong to the sentence, not the argument
    while tokens and (tokens[-1].is_punct and tokens[-1].i != head.i) and tokens[-1].text not in (")", "%"):
        tokens.pop()
    while tokens and tokens[0].is_punct and tokens[0].i != head.i and tokens[0].text not in ("(", "$"):
        tokens.pop(0)
    return tokens


def conjuncts(token: Token) -> list[Token]:
    """The token and every token conjoined with it ("A, B and C" -> [A, B, C])."""
    return [token, *[t for t in token.conjuncts if t.i > token.i]]


# ---------------------------------------------------------------------------------------- finding
def _subject_of(verb: Token) -> Argument | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.dep_ != "expl":
            return Argument(child, "subj")
    return None


def _inherited_subject(verb: Token) -> tuple[Argument | None, float]:
    """Subjects that are not children of the verb, with a confidence penalty for the guess."""
    head = verb.head
    # conjoined verb shares the first verb's subject: "He arrived and met Kerry"
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        subj = _subject_of(head)
        if subj is not None:
            return subj, 0.9
        return _inherited_subject(head)
    # xcomp: "Russia wants to bring X" -> Russia is the subject of bring (object control: "asked him to go")
    if verb.dep_ == "xcomp":
        for child in head.children:
            if child.dep_ in ("dobj", "obj") and child.i < verb.i:
                return Argument(child, "subj"), 0.85
        subj = _subject_of(head)
        if subj is not None:
            return subj, 0.9
        return _inherited_subject(head)
    # relative clause: "the airstrike that killed Alloush" -> the airstrike killed Alloush
    if verb.dep_ == "relcl":
        return Argument(head, "subj", exclude=verb), 0.85
    # participial modifier: "a group called Jaysh al Islam", "forces led by Assad"
    if verb.dep_ == "acl":
        return Argument(head, "subj", exclude=verb), 0.8
    # adverbial participle: "Leaving the room, Kerry said" -> subject of the main verb
    if verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN"):
        subj = _subject_of(head)
        if subj is not None:
            return subj, 0.7
    return None, 0.0


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN")


def _relation_tokens(verb: Token) -> tuple[list[Token], bool, str]:
    """Auxiliaries, negation, the verb and its particle, in text order; plus negated and modal."""
    tokens = [verb]
    negated = False
    modal = ""
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and child.i < verb.i:
            tokens.append(child)
            if child.tag_ == "MD":
                modal = child.lower_
        elif child.dep_ == "neg":
            tokens.append(child)
            negated = True
        elif child.dep_ == "prt":
            tokens.append(child)
    return sorted(tokens, key=lambda t: t.i), negated, modal


def _prepositional_arguments(token: Token, role: str = "prep") -> list[Argument]:
    """Prepositional phrases hanging off ``token``: "met [with] Lavrov", "killed [by] a strike"."""
    args = []
    for child in token.children:
        if child.dep_ == "prep":
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            for obj in objects:
                for conj in conjuncts(obj):
                    args.append(Argument(conj, role, prep=child))
        elif child.dep_ == "agent":
            # passive agent: "was killed by an airstrike"
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                for conj in conjuncts(obj):
                    args.append(Argument(conj, "agent", prep=child))
        elif child.dep_ == "npadvmod" and child.ent_type_ in ("DATE", "TIME"):
            args.append(Argument(child, "time"))
    return args


def _verb_clause(verb: Token) -> list[Clause]:
    subject = _subject_of(verb)
    confidence = 0.9
    if subject is None:
        subject, confidence = _inherited_subject(verb)
    if subject is None:
        return []
    relation_tokens, negated, modal = _relation_tokens(verb)
    if verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
        # "wants to bring": the controlling verb is part of the relation
        head_tokens, head_negated, head_modal = _relation_tokens(verb.head)
        relation_tokens = sorted(head_tokens + relation_tokens, key=lambda t: t.i)
        negated, modal = negated or head_negated, modal or head_modal
    passive = _is_passive(verb)
    arguments: list[Argument] = []
    reported = None
    copula = verb.lemma_ == "be"
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS:
            for conj in conjuncts(child):
                arguments.append(Argument(conj, "attr" if child.dep_ == "attr" else "obj"))
        elif child.dep_ in COMPLEMENT_DEPS:
            arguments.append(Argument(child, "comp", split_conj=False))
        elif child.dep_ == "ccomp" and verb.lemma_ in ATTRIBUTION_LEMMAS:
            reported = child
            arguments.append(Argument(child, "clause", split_conj=False))
    arguments.extend(_prepositional_arguments(verb))
    # "the airstrike that killed X": the relative pronoun is the subject, the head noun stands for it
    if verb.dep_ == "relcl" and subject.head.tag_ in ("WDT", "WP"):
        subject = Argument(verb.head, "subj", exclude=verb)
    # light verb: "made a decision on X" keeps the noun in the relation (handled by the views)
    kind = "attribution" if reported is not None else ("copula" if copula else "verb")
    if verb.dep_ in ("relcl", "acl"):
        kind = verb.dep_
    if not arguments:
        confidence -= 0.25  # intransitive clauses carry little information
    if verb.dep_ in ("relcl", "acl", "advcl", "xcomp") or subject.role != "subj":
        confidence -= 0.05
    return [Clause(verb, relation_tokens, subject, arguments, negated, modal, passive, kind,
                   round(confidence, 3), reported, verb.lemma_.lower())]


def _appositions(sent: Span) -> list[Clause]:
    """"Zahran Alloush, the head of Jaysh al Islam" -> Alloush is the head of Jaysh al Islam."""
    clauses = []
    for token in sent:
        if token.dep_ == "appos" and token.head.pos_ in ("PROPN", "NOUN", "PRON"):
            clauses.append(Clause(token, [], Argument(token.head, "subj", exclude=token), [Argument(token, "attr")],
                                  kind="appos", confidence=0.75, lemma="be"))
    return clauses


def find_clauses(sent: Span) -> list[Clause]:
    """Every clause of a sentence, in text order of the predicates."""
    clauses: list[Clause] = []
    for token in sent:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass", "amod"):
            if token.pos_ == "AUX" and token.lemma_ != "be":
                continue
            clauses.extend(_verb_clause(token))
    clauses.extend(_appositions(sent))
    return clauses
