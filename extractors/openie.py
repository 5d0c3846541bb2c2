"""The Open IE view of the clause engine: n-ary tuples with full argument spans (what CaRB scores).

A clause gives one tuple per subject conjunct and per conjunct of its first direct argument ("A and B
met C" -> two tuples). The relation is the clause's verb group; a preposition joins it when there is no
direct object ("died in | 1990"), a light verb's noun joins it ("made a decision on | the budget"), and a
copula the text leaves out is written in ("forces [were] led by | Assad", "Alloush [is] | the head").
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from kgbuilder.extractors.clauses import (
    ClauseCandidates,
    Argument,
    Clause,
    clause_features,
    find_clauses,
    logistic,
    nominal_clauses,
)
from kgbuilder.extractors.english import PRONOUNS
from kgbuilder.extractors.lexicon import RelationLexicon, load_confidence, load_relations
from kgbuilder.extractors.nominal import NounPhrases, conjuncts
from kgbuilder.graph.model import OpenIETuple

DIRECT_ROLES = ("obj", "attr", "comp", "clause", "content")
EXTRA_ROLES = ("prep", "agent", "time", "adverbial")
#: Dependents left out of argument spans ("relcl," = a relative clause set off by a comma): the
#: non-restrictive relative clause and the apposition are tuples of their own.
TRIM: frozenset[str] = frozenset({"relcl,", "appos,", "acl,"})

def tuple_weights() -> dict[str, float]:
    """The weights of a tuple's confidence: the clause weights and those of the features a tuple adds
    (``tuple_features``), from extractors/data/confidence.json."""
    model = load_confidence()
    return model.clause | model.tuple


def _text(tokens: list[Token]) -> str:
    return "".join(t.text_with_ws for t in sorted(tokens, key=lambda t: t.i)).strip()


def _subjects(clause: Clause) -> list[Argument]:
    """"A and B met C" gives two tuples: one per conjoined subject."""
    subject = clause.subject
    if subject is None:
        return []
    if not subject.split_conj or subject.head.dep_ == "conj":
        return [subject]
    return [replace(subject, head=t) for t in conjuncts(subject.head)]


def _argument_tokens(arg: Argument) -> list[Token]:
    tokens = arg.span_tokens(TRIM if arg.role not in ("clause", "content") else frozenset())
    if arg.role in ("clause", "content") and tokens and tokens[0].dep_ == "mark" and tokens[0].lower_ in ("that", "whether"):
        tokens = tokens[1:]  # "said [that] X": the complementiser is not part of what was said
    return tokens


def _phrase(arg: Argument, with_prep: bool) -> tuple[list[Token], str]:
    """The argument's tokens and its text (with its preposition in front when ``with_prep``)."""
    tokens = _argument_tokens(arg)
    text = _text(tokens)
    if with_prep and arg.prep is not None:
        return tokens, f"{arg.prep.text} {text}"
    return tokens, text


def _plural(token: Token) -> bool:
    return token.tag_ in ("NNS", "NNPS") or token.lower_ in ("they", "we", "these", "those")


def _past(clause: Clause) -> bool:
    """Whether the sentence narrates in the past: its root verb (or first auxiliary) is in the past tense."""
    root = clause.predicate.sent.root
    if root.tag_ == "VBD":
        return True
    return any(c.tag_ == "VBD" and c.dep_ in ("aux", "auxpass") for c in root.children)


def _plural_owner(owner: Token) -> bool:
    """"the companies' plans": plural; "Childers's book" (tagged NNS) or "Paris's": singular."""
    case = next((c for c in owner.children if c.tag_ == "POS"), None)
    if case is not None and case.text == "'s" and owner.lower_.endswith("s"):
        return False
    return _plural(owner)


def _copula(clause: Clause, subject: Token, cache: dict[str, bool]) -> str:
    """The verb a relation the text leaves out is written with: is/are for "be", has/have/had for "have"."""
    if clause.implicit == "have":
        past = cache.setdefault("past", _past(clause))
        return "had" if past else ("have" if _plural_owner(subject) else "has")
    if clause.kind in ("acl",) or clause.predicate.dep_ == "advcl":
        # participles take the tense of the sentence: "a charter issued by the King" -> was issued by
        past = cache.setdefault("past", _past(clause))
        return ("were" if past else "are") if _plural(subject) else ("was" if past else "is")
    return "are" if _plural(subject) else "is"


def _light_phrase(noun: Token) -> list[Token]:
    """"a [quick] decision" before its preposition: the noun with its left modifiers."""
    tokens = [noun]
    for child in noun.lefts:
        tokens.extend(child.subtree)
    return tokens


def _light_split(clause: Clause) -> tuple[list[Token], list[Argument], list[Argument]] | None:
    """For a light verb: (relation tokens added, main arguments, arguments used up)."""
    noun = clause.light
    if noun is None:
        return None
    phrase = _light_phrase(noun)
    # "made a decision [on] the budget": the preposition hangs off the noun
    for prep in noun.children:
        if prep.dep_ == "prep":
            objects = [Argument(c, "prep", prep=prep) for o in prep.children if o.dep_ == "pobj" for c in conjuncts(o)]
            if objects:
                used = [a for a in clause.arguments if a.head == noun]
                return [*phrase, prep], objects, used
    # "took part [in] the talks": the preposition hangs off the verb, after the noun
    preps = sorted((a for a in clause.arguments if a.role == "prep" and a.prep is not None and a.prep.i > noun.i),
                   key=lambda a: a.prep.i)
    if not preps:
        return None
    prep = preps[0].prep
    main = [a for a in preps if a.prep == prep]
    used = [a for a in clause.arguments if a.head == noun] + main
    return [*phrase, prep], main, used


def _join_conjuncts(args: list[Argument]) -> list[Argument]:
    """"in Paris and Rome" beside the main argument stays one argument, not "in Paris ; in Rome"."""
    out: list[Argument] = []
    seen: set[int] = set()
    for arg in args:
        if arg.prep is not None and any(o.prep == arg.prep and o is not arg for o in args):
            if arg.prep.i in seen:
                continue
            seen.add(arg.prep.i)
            first = min((o for o in args if o.prep == arg.prep), key=lambda o: o.head.i)
            out.append(replace(first, split_conj=False))
        else:
            out.append(arg)
    return out


def tuple_features(arg1: list[Token], relation: str, args: list[list[Token]], split_subject: bool,
                   split_object: bool, prep_in_relation: bool) -> dict[str, float]:
    f: dict[str, float] = {}
    if len(arg1) > 6:
        f["arg1_long"] = 1.0
    if args and len(args[0]) > 15:
        f["arg2_long"] = 1.0
    if split_subject:
        f["split_subject"] = 1.0
    if split_object:
        f["split_object"] = 1.0
    if prep_in_relation:
        f["prep_in_relation"] = 1.0
    if len(args) > 2:
        f["extra_arguments"] = float(len(args) - 2)
    if args and len(args[0]) == 1 and args[0][0].lower_ in PRONOUNS:
        f["arg2_pronoun"] = 1.0
    if len(relation.split()) > 4:
        f["relation_long"] = 1.0
    return f


def tuples_with_features(clause: Clause, sentence: str = "") -> list[tuple[OpenIETuple, dict[str, float]]]:
    """The Open IE tuples of one clause, each with the features its confidence was computed from."""
    relation_tokens = list(clause.relation_tokens)
    arguments = list(clause.arguments)
    main: list[Argument] = []
    prep_in_relation = False
    tail_word = ""  # a preposition that joins the relation after the verb group
    light = _light_split(clause)
    if light is not None:
        added, main, used = light
        relation_tokens = sorted(relation_tokens + added, key=lambda t: t.i)
        arguments = [a for a in arguments if a not in used]
        prep_in_relation = True
    else:
        direct = [a for a in arguments if a.role in DIRECT_ROLES]
        if direct:
            first = direct[0].head
            group = set(conjuncts(first)) | {first}
            main = [a for a in direct if a.head in group]
        else:
            # no object: the first preposition after the verb joins the relation ("died in | 1990")
            after = sorted((a for a in arguments if a.role in ("prep", "agent") and a.prep is not None
                            and a.prep.i > clause.predicate.i), key=lambda a: (a.role != "agent", a.prep.i))
            if after:
                prep = after[0].prep
                main = [a for a in after if a.prep == prep]
                tail_word = prep.text
                prep_in_relation = True
        arguments = [a for a in arguments if a not in main]
    rest_direct = [a for a in arguments if a.role in DIRECT_ROLES]
    extras = _join_conjuncts([a for a in arguments if a.role in EXTRA_ROLES])
    base = clause.features or clause_features(clause)
    # argument phrases, once per clause: (tokens, text)
    main_phrases = [_phrase(a, False) for a in main]
    rest_phrases = [_phrase(a, False) for a in rest_direct] + [_phrase(a, True) for a in extras]
    out = []
    subjects = _subjects(clause)
    copula = {}
    for subject in subjects:
        subject_tokens = subject.span_tokens(TRIM)
        arg1 = _text(subject_tokens)
        relation = _text(relation_tokens)
        if clause.implicit:
            relation = f"{_copula(clause, subject.head, copula)} {relation}".strip()
        if clause.kind == "role":
            relation = f"{relation} of"
        elif clause.kind == "place":
            relation = f"{relation} in"
        if tail_word:
            relation = f"{relation} {tail_word}"
        for phrase in main_phrases or [None]:
            phrases = rest_phrases if phrase is None else [phrase, *rest_phrases]
            token_args = [tokens for tokens, _text in phrases]
            texts = [text for _tokens, text in phrases]
            features = base | tuple_features(subject_tokens, relation, token_args, len(subjects) > 1,
                                             len(main) > 1, prep_in_relation)
            confidence = round(logistic(features, tuple_weights()), 3)
            out.append((OpenIETuple(arg1, relation, tuple(texts), confidence, sentence, clause.negated), features))
    return out


def clause_tuples(clause: Clause, sentence: str = "") -> list[OpenIETuple]:
    """The Open IE tuples of one clause: one per subject conjunct and per direct-object conjunct."""
    return [t for t, _features in tuples_with_features(clause, sentence)]


def sentence_clauses(sent: Span, candidates: ClauseCandidates | None = None,
                     np: NounPhrases | None = None, lexicon: RelationLexicon | None = None) -> list[Clause]:
    """Every clause the Open IE view reads from a sentence: verbal ones, then nominal ones."""
    lexicon = lexicon or (np.relations if np is not None else load_relations())
    return find_clauses(sent, candidates, lexicon) + nominal_clauses(sent, np, lexicon)


def extract_openie(doc_or_span: Doc | Span, lexicon: RelationLexicon | None = None) -> list[OpenIETuple]:
    """Open IE tuples for every sentence of a Doc (or one sentence Span); ``lexicon``: the relation
    lexicon (default: the installed one)."""
    lexicon = lexicon or load_relations()
    sents = [doc_or_span] if isinstance(doc_or_span, Span) else list(doc_or_span.sents)
    # one sentence: walking its tokens costs less than reading the Doc's arrays
    candidates = ClauseCandidates(doc_or_span) if len(sents) > 1 else None
    # the Doc's names, read once (Span.ents rebuilds every entity of the Doc on each call)
    np = NounPhrases(doc_or_span, doc_or_span.ents, lexicon) if len(sents) > 1 else None
    out: list[OpenIETuple] = []
    for sent in sents:
        for clause in sentence_clauses(sent, candidates, np, lexicon):
            out.extend(clause_tuples(clause, sent.text))
    return out
