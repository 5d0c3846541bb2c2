"""The extraction engine: clauses read off the dependency parse.

One walk over each sentence finds its predicates and their arguments. Two views are built on the
result: ``extractors.openie`` (n-ary tuples with full argument spans, what CaRB scores) and
``extractors.triples`` (entity-level subject-relation-object facts for the graph).

``find_clauses`` gives the verbal clauses (verbs, copulas, relative and participial clauses,
attributions, xcomp chains) and appositions; ``nominal_clauses`` gives the relations a noun phrase
states without a verb (possessives, "Syria's president Assad", "producer Leo Graham", "Lancaster, Pa.",
"Henry Wood Hall in Glasgow"). Each rule is a short pattern over the tree with a one-line comment,
textacy style. Every clause carries the features its confidence is computed from (``Clause.features``,
a logistic model whose weights are data, extractors/data/confidence.json, fitted by
``benchmarks.fit_confidence``), so that a higher confidence means "more often right".
"""
from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.attrs import DEP, POS
from spacy import symbols
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from kgbuilder.extractors.arrays import children, sentence_bounds, token_list
from kgbuilder.extractors.english import HONORIFICS, PRONOUNS, SENTENCE_ADVERBS
from kgbuilder.extractors.lexicon import RelationLexicon, load_confidence, load_relations
from kgbuilder.extractors.nominal import NounPhrases, conjuncts, entity_range, possessive_role

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
OBJECT_DEPS = {"dobj", "obj", "attr", "oprd"}
COMPLEMENT_DEPS = {"acomp"}
CLAUSE_DEPS = {"ccomp", "xcomp"}
#: Relative pronouns: in a relative clause they stand for the noun the clause modifies.
RELATIVE_TAGS = {"WDT", "WP"}


@dataclass
class Argument:
    """One argument of a clause: its head token and the preposition or role that introduces it.

    Roles: subj, obj, attr, comp, prep, agent, clause (what an attribution reports), content (the
    clausal complement of any other verb: "showed [that prices fell]"), time, adverbial (an adverb
    phrase with a complement: "diverge [northeast of Tarboro]").
    """

    head: Token
    role: str
    prep: Token | None = None  # the preposition for prepositional arguments
    split_conj: bool = True  # when True the span excludes conjoined siblings (they are separate args)
    exclude: Token | None = None  # a subtree to leave out: the relative clause that names this argument
    span: tuple[int, int] | None = None  # exact token range (a name inside a larger phrase), overrides the rest

    def span_tokens(self, trim: frozenset[str] = frozenset()) -> list[Token]:
        """The tokens of the argument phrase: the head's subtree minus split-off conjuncts (and minus
        the head's own ``trim`` dependents, e.g. a relative clause the views extract on its own)."""
        if self.span is not None:
            return list(self.head.doc[self.span[0]:self.span[1]])
        return argument_tokens(self.head, self.split_conj, self.exclude, trim)


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
    # verb, copula, appos, relcl, acl, attribution; from nominal_clauses: possessive, role, place
    kind: str = "verb"
    confidence: float = 0.7
    # For "X said Y": the clause reported, so views can give both the attribution and the fact.
    reported: Token | None = None
    # Lemma-level relation name for the graph view, e.g. "discuss" or "make_decision"; views add prepositions.
    lemma: str = ""
    # Where the subject came from: own (a subject child of the predicate), conj, xcomp, relcl, acl,
    # advcl (shared with another verb), appos, possessor, head (the noun a nominal relation modifies).
    subject_source: str = "own"
    # "made [a decision] on the budget", "took [part] in the talks": the object noun that belongs in the
    # relation. Its argument stays in ``arguments`` (role obj); the Open IE view folds it into the relation.
    light: Token | None = None
    # A copula the sentence does not spell out ("forces led by Assad" -> forces [were] led by Assad):
    # "" when the relation is all in the text, else "be" (appositions, participles) or "have" (possessives).
    implicit: str = ""
    # "buy and sell stocks": the first verb's object is borrowed from the verb conjoined with it
    shared_object: bool = False
    # the features the confidence was computed from (``clause_features``)
    features: dict[str, float] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------- spans
def argument_tokens(head: Token, split_conj: bool = True, exclude: Token | None = None,
                    trim: frozenset[str] = frozenset()) -> list[Token]:
    """The phrase headed by ``head``: its subtree, without conjuncts split off as separate arguments,
    without an excluded subtree and the head's ``trim`` dependents, trimmed of edge punctuation."""
    excluded: set[int] = {t.i for t in exclude.subtree} if exclude is not None else set()
    has_conj = split_conj and any(c.dep_ == "conj" for c in children(head))
    for child in children(head):
        if child.dep_ in trim or (f"{child.dep_}," in trim and _set_off(child)) or (has_conj and (child.dep_ in ("conj", "cc", "preconj") or
                                                (child.dep_ == "punct" and child.i > head.i))):
            excluded.update(t.i for t in child.subtree)
    tokens = [t for t in head.subtree if t.i not in excluded]
    if excluded:  # a gap left by a trimmed clause: keep the contiguous phrase around the head
        tokens = _contiguous(tokens, head)
    entity = entity_range(head)
    if entity is not None and not (tokens[0].i <= entity[0] and entity[1] - 1 <= tokens[-1].i):
        # a name the parser broke up ("Bashar al [- Assad]"): the whole name belongs to the argument
        if entity[0] <= tokens[-1].i + 1 and tokens[0].i <= entity[1]:
            ids = {t.i for t in tokens} | set(range(*entity))
            tokens = [head.doc[i] for i in range(min(ids), max(ids) + 1) if i in ids]
    # trailing appositive commas and stray quotes belong to the sentence, not the argument
    while tokens and (tokens[-1].is_punct and tokens[-1].i != head.i) and tokens[-1].text not in (")", "%"):
        tokens.pop()
    while tokens and tokens[0].is_punct and tokens[0].i != head.i and tokens[0].text not in ("(", "$"):
        tokens.pop(0)
    return _balance_quotes(tokens)


OPENING_QUOTES = {"``", "`", "\u201c"}
CLOSING_QUOTES = {"''", "'", "\u201d"}


def _balance_quotes(tokens: list[Token]) -> list[Token]:
    """"`` Monitor" -> "`` Monitor ''": a quotation mark the parser attached elsewhere closes the phrase;
    a quotation mark with no partner in sight is left out."""
    while len(tokens) > 1 and tokens[-1].text in OPENING_QUOTES:
        tokens = tokens[:-1]  # "the film ``" before its title
    while len(tokens) > 1 and tokens[0].text in CLOSING_QUOTES and tokens[0].tag_ != "POS":
        tokens = tokens[1:]
    if not tokens:
        return tokens
    doc = tokens[0].doc
    has_open = any(t.text in OPENING_QUOTES for t in tokens)
    has_close = any(t.text in CLOSING_QUOTES and t.tag_ != "POS" for t in tokens)  # not "traders '"
    if has_open and not has_close:
        end = tokens[-1].i + 1
        for j in (end, end + 1):  # the closing quote, maybe after a comma: "`` Monitor , ''"
            if j < len(doc) and doc[j].text in CLOSING_QUOTES and all(doc[k].is_punct for k in range(end, j)):
                return tokens + [doc[j]]
        if tokens[0].text in OPENING_QUOTES:
            while len(tokens) > 1 and tokens[0].text in OPENING_QUOTES:
                tokens = tokens[1:]
    elif has_close and not has_open:
        start = tokens[0].i
        opening = []
        while start - 1 >= 0 and doc[start - 1].text in OPENING_QUOTES:
            start -= 1
            opening.insert(0, doc[start])
        if opening:
            return opening + tokens
        if tokens[-1].text in CLOSING_QUOTES and len(tokens) > 1:
            return tokens[:-1]
    return tokens


def _set_off(child: Token) -> bool:
    """A dependent set off by a comma: "the Trail Crew[,] a crew of ...", "a boss[,] who is larger"."""
    start = child.left_edge.i
    return start > 0 and child.doc[start - 1].text in (",", "--", "(")


def _contiguous(tokens: list[Token], head: Token) -> list[Token]:
    """The run of consecutive tokens that contains ``head`` (a trimmed clause leaves no dangling tail)."""
    index = {t.i for t in tokens}
    start = end = head.i
    while start - 1 in index:
        start -= 1
    while end + 1 in index:
        end += 1
    return [t for t in tokens if start <= t.i <= end]


def is_relative_word(token: Token) -> bool:
    """"which", "who", "that" opening a relative clause (the clause's noun stands in for them)."""
    return token.tag_ in RELATIVE_TAGS or (token.lower_ == "that" and token.dep_ != "mark" and token.pos_ == "PRON")


# ---------------------------------------------------------------------------------------- subjects
def _subject_of(verb: Token) -> Argument | None:
    for child in children(verb):
        if child.dep_ in SUBJECT_DEPS and child.dep_ != "expl":
            return Argument(child, "subj")
    return None


def _inherited_subject(verb: Token) -> tuple[Argument | None, str]:
    """A subject that is not a child of the verb, and where it came from."""
    head = verb.head
    # conjoined verb shares the first verb's subject: "He arrived and met Kerry"
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        subj = _subject_of(head)
        if subj is not None:
            return subj, "conj"
        inherited, _source = _inherited_subject(head)
        return inherited, "conj"
    # xcomp of a predicate adjective: "the soldiers were able to reinforce X" -> the soldiers
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
        subj = _subject_of(head.head)
        return subj, "xcomp"
    # xcomp: "Russia wants to bring X" -> Russia is the subject of bring (object control: "asked him to go")
    if verb.dep_ == "xcomp":
        for child in children(head):
            if child.dep_ in ("dobj", "obj") and child.i < verb.i:
                return Argument(child, "subj"), "xcomp"
        subj = _subject_of(head)
        if subj is not None:
            return subj, "xcomp"
        inherited, _source = _inherited_subject(head)
        return inherited, "xcomp"
    # relative clause: "the airstrike that killed Alloush" -> the airstrike killed Alloush
    if verb.dep_ == "relcl":
        return Argument(head, "subj", exclude=verb), "relcl"
    # participial modifier: "a group called Jaysh al Islam", "forces led by Assad"
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
        return Argument(head, "subj", exclude=verb), "acl"
    # gerund in a prepositional phrase: "allied with them in fighting ISIS" -> the clause's subject fights
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        governor = verb.head.head
        subj = _subject_of(governor)
        if subj is not None:
            return subj, "pcomp"
    # adverbial participle: "Leaving the room, Kerry said" -> subject of the main verb
    if verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN"):
        subj = _subject_of(head)
        if subj is not None:
            return subj, "advcl"
    return None, ""


def _is_passive(verb: Token) -> bool:
    """"was killed", and a bare past participle modifying a noun or clause ("forces led by Assad"), but
    not a perfect participle ("having placed him under arrest")."""
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in children(verb)) or (
        verb.dep_ in ("acl", "advcl") and verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in children(verb)))


# ---------------------------------------------------------------------------------------- relations
def _relation_tokens(verb: Token) -> tuple[list[Token], bool, str]:
    """Auxiliaries, negation, the verb and its particle, in text order; plus negated and modal.

    An adverb inside the verb group belongs to the relation too: "has [also] been", "was [often] seen"."""
    tokens = [verb]
    negated = False
    modal = ""
    auxiliaries = [c for c in children(verb) if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    first_aux = min((c.i for c in auxiliaries), default=verb.i)
    for child in children(verb):
        if child.dep_ in ("aux", "auxpass") and child.i < verb.i:
            tokens.append(child)
            if child.tag_ == "MD":
                modal = child.lower_
        elif child.dep_ == "neg":
            tokens.append(child)
            negated = True
        elif child.dep_ == "prt":
            tokens.append(child)
        elif child.dep_ == "advmod" and _in_verb_group(child, verb, first_aux):
            tokens.append(child)
            if child.lower_ in ("never", "no"):
                negated = True
    return sorted(tokens, key=lambda t: t.i), negated, modal


def _controller(verb: Token) -> tuple[Token, list[Token]] | None:
    """The word whose relation an xcomp chain continues, and the words between ("were [able]").

    "wants to bring": want; "were able to reinforce": were (with "able"); "was appointed to command":
    appointed. Object control ("asked him to go") has a controller too: the object becomes the subject."""
    head = verb.head
    if verb.dep_ == "xcomp" and head.pos_ in ("VERB", "AUX"):
        return head, []
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head.pos_ in ("VERB", "AUX"):
        return head.head, [head]
    return None


def _chain(verb: Token) -> tuple[list[Token], list[Token], bool, str]:
    """Relation words the verb inherits from the verbs that control it, with their negation and modal,
    and the controlling verbs themselves (their prepositional arguments belong to the chain's clause).

    A verb conjoined to an xcomp continues the same chain: "able to reinforce the hotel and [defeat] X"."""
    tokens: list[Token] = []
    controllers: list[Token] = []
    negated, modal = False, ""
    current = verb
    if verb.dep_ == "conj" and verb.head.dep_ == "xcomp" and _subject_of(verb) is None:
        head = verb.head
        if not any(c.tag_ == "TO" for c in children(verb)):
            tokens.extend(c for c in children(head) if c.tag_ == "TO" and c.dep_ == "aux")
        current = head
    while (found := _controller(current)) is not None and len(controllers) < 4:
        controller, between = found
        head_tokens, head_negated, head_modal = _relation_tokens(controller)
        tokens.extend(head_tokens + between)
        controllers.append(controller)
        negated, modal = negated or head_negated, modal or head_modal
        current = controller
    return tokens, controllers, negated, modal


def _in_verb_group(adverb: Token, verb: Token, first_aux: int) -> bool:
    """An adverb that qualifies the verb from inside its group: "has [also] been", "[effectively]
    removes", "is [mostly] a" (right after a copula)."""
    if any(True for _ in children(adverb)) or adverb.tag_ not in ("RB", "RBR", "RBS"):
        return False
    if first_aux < adverb.i < verb.i:
        return True
    if adverb.lower_ in SENTENCE_ADVERBS:
        return False
    if adverb.i == first_aux - 1 and (adverb.i == 0 or adverb.doc[adverb.i - 1].dep_ not in ("punct", "cc")):
        return True  # right before the verb group
    if verb.lemma_ == "be" and adverb.i == verb.i + 1:
        return True  # right after a copula
    return False


def _prepositional_arguments(token: Token, role: str = "prep") -> list[Argument]:
    """Prepositional phrases hanging off ``token``: "met [with] Lavrov", "killed [by] a strike"."""
    args = []
    for child in children(token):
        if child.dep_ == "prep" or (child.dep_ == "dative" and child.pos_ == "ADP"):
            objects = [c for c in children(child) if c.dep_ in ("pobj", "pcomp")]
            for obj in objects:
                for conj in conjuncts(obj):
                    args.append(Argument(conj, role, prep=child))
        elif child.dep_ == "agent":
            # passive agent: "was killed by an airstrike"
            for obj in (c for c in children(child) if c.dep_ == "pobj"):
                for conj in conjuncts(obj):
                    args.append(Argument(conj, "agent", prep=child))
        elif child.dep_ == "npadvmod" and child.ent_type_ in ("DATE", "TIME"):
            args.append(Argument(child, "time"))
        elif child.dep_ == "advmod" and child.i > token.i and any(c.dep_ == "prep" for c in children(child)):
            # an adverb with its own complement: "diverge [northeast of Tarboro]", "[ahead of] the vote"
            args.append(Argument(child, "adverbial", split_conj=False))
    return args


def _relative_clause_of(word: Token) -> Token | None:
    """The relative clause a relative pronoun opens: up from the pronoun to the first relcl verb."""
    token = word
    for _ in range(6):
        if token.dep_ == "relcl":
            return token
        if token.head == token:
            return None
        token = token.head
    return None


def _relative_stand_in(arg: Argument, verb: Token) -> Argument:
    """"the book that he wrote", "the campaign, which started and [runs]", "the point in which they
    met": a relative pronoun stands for the noun its relative clause modifies."""
    if not is_relative_word(arg.head):
        return arg
    clause = _relative_clause_of(arg.head)
    if clause is None or clause.head.pos_ not in ("NOUN", "PROPN", "NUM", "PRON"):
        return arg
    return Argument(clause.head, arg.role, arg.prep, arg.split_conj, exclude=clause)


def _light_noun(verb: Token, arguments: list[Argument], lexicon: RelationLexicon) -> Token | None:
    """"made a decision on X", "took part in X": a light verb whose common-noun object names the event,
    followed by a preposition (on the noun or on the verb) that introduces the real argument."""
    if verb.lemma_.lower() not in lexicon.words("light_verbs"):
        return None
    objects = [a for a in arguments if a.role == "obj"]
    if len(objects) != 1:
        return None
    noun = objects[0].head
    if noun.pos_ != "NOUN" or noun.ent_type_ or any(c.dep_ in ("conj", "relcl", "acl", "poss") for c in children(noun)):
        return None
    noun_prep = any(c.dep_ == "prep" and any(g.dep_ == "pobj" for g in children(c)) for c in children(noun))
    verb_prep = any(a.role == "prep" and a.prep is not None and a.prep.i > noun.i for a in arguments)
    return noun if noun_prep or verb_prep else None


def _verb_clause(verb: Token, lexicon: RelationLexicon) -> Clause | None:
    subject = _subject_of(verb)
    source = "own"
    if subject is None:
        subject, source = _inherited_subject(verb)
    if subject is None:
        return None
    relation_tokens, negated, modal = _relation_tokens(verb)
    # "wants to bring", "were able to reinforce": the controlling verbs are part of the relation
    chain_tokens, controllers, chain_negated, chain_modal = _chain(verb)
    relation_tokens = sorted(set(chain_tokens + relation_tokens), key=lambda t: t.i)
    negated, modal = negated or chain_negated, modal or chain_modal
    passive = _is_passive(verb)
    arguments: list[Argument] = []
    reported = None
    copula = verb.lemma_ == "be"
    for child in children(verb):
        if child.dep_ in OBJECT_DEPS or (child.dep_ == "dative" and child.pos_ != "ADP"):
            # direct object, predicate nominal, or the recipient of "gave him a book"
            for conj in conjuncts(child):
                arguments.append(Argument(conj, "attr" if child.dep_ == "attr" else "obj"))
        elif child.dep_ in COMPLEMENT_DEPS:
            arguments.append(Argument(child, "comp", split_conj=False))
        elif child.dep_ == "ccomp" and verb.lemma_ in lexicon.words("attribution_verbs"):
            # attribution: "Toner said [that Kerry called]"
            reported = child
            arguments.append(Argument(child, "clause", split_conj=False))
        elif child.dep_ == "ccomp" and child.i > verb.i:
            # what any other verb states: "the study showed [that prices fell]" (a clause before the
            # verb is a sentence of its own the parser joined: "X was built; a new base is planned")
            arguments.append(Argument(child, "content", split_conj=False))
    shared = False
    if not arguments and verb.pos_ == "VERB":
        # "buy and sell stocks": the object of the second verb is the first one's too
        borrowed = _shared_objects(verb)
        arguments.extend(borrowed)
        shared = bool(borrowed)
    arguments.extend(_prepositional_arguments(verb))
    for controller in controllers:
        # "In 1840 he was appointed to command X": the controller's adjuncts belong to the chain
        if not _has_object(controller):
            arguments.extend(_prepositional_arguments(controller))
    arguments = [_relative_stand_in(a, verb) for a in arguments]
    # "the airstrike that killed X": the relative pronoun is the subject, the head noun stands for it
    if is_relative_word(subject.head):
        stand_in = _relative_stand_in(subject, verb)
        if stand_in is not subject:
            subject, source = stand_in, "relcl"
    kind = "attribution" if reported is not None else ("copula" if copula else "verb")
    if verb.dep_ in ("relcl", "acl"):
        kind = verb.dep_
    light = _light_noun(verb, arguments, lexicon)
    lemma = verb.lemma_.lower()
    if light is not None:
        lemma = f"{lemma}_{light.lemma_.lower()}"
    implicit = "be" if verb.dep_ in ("acl", "advcl") and verb.tag_ == "VBN" and not any(
        c.dep_ in ("aux", "auxpass") for c in children(verb)) else ""
    clause = Clause(verb, relation_tokens, subject, arguments, negated, modal, passive, kind, 0.0, reported,
                    lemma, source, light, implicit, shared)
    _score(clause)
    return clause


def _shared_objects(verb: Token) -> list[Argument]:
    """The objects of a verb conjoined right after ``verb`` ("designs [and] builds ships")."""
    for conj in children(verb):
        if conj.dep_ != "conj" or conj.pos_ != "VERB" or conj.i <= verb.i:
            continue
        between = verb.doc[verb.i + 1:conj.i]
        if all(t.dep_ in ("cc", "punct", "advmod") for t in between) and not _subject_of(conj):
            return [Argument(c, "obj") for child in children(conj) if child.dep_ in ("dobj", "obj")
                    for c in conjuncts(child)]
    return []


def _has_object(verb: Token) -> bool:
    return any(c.dep_ in OBJECT_DEPS or c.dep_ in ("ccomp", "dative") for c in children(verb))


def _controls_only(verb: Token, clause: Clause | None) -> bool:
    """"Russia wants to bring talks", "they were able to win": the controlling verb says nothing that
    the clause of its xcomp (which takes the controller's relation words and adjuncts) does not."""
    if clause is None or _has_object(verb):
        return False
    if any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in children(verb)):
        return True
    # a copula whose adjective controls the verb: "were [able] to reinforce"
    comps = [c for c in children(verb) if c.dep_ == "acomp"]
    return len(comps) == 1 and any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in children(comps[0]))


#: Entity types whose apposition restates a value, not a relation: "December 31, 1963", "$ 5 (4 pounds)".
VALUE_TYPES = {"DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL"}
PLACE_TYPES = {"GPE", "LOC"}


def _appositions(tokens: list[Token]) -> list[Clause]:
    """"Zahran Alloush, the head of Jaysh al Islam" -> Alloush is the head of Jaysh al Islam."""
    clauses = []
    for token in tokens:
        if token.dep_ != "appos" or token.head.pos_ not in ("PROPN", "NOUN", "PRON") or token.pos_ == "PRON":
            continue  # "Dr. Jagan himself": an emphatic pronoun, no apposition
        head = token.head
        if head.ent_type_ in VALUE_TYPES or token.ent_type_ in VALUE_TYPES:
            continue  # "December 31, 1963": one value written two ways
        if head.ent_type_ in PLACE_TYPES and token.ent_type_ in PLACE_TYPES:
            continue  # "Lancaster, Pa.": a place and where it is (see nominal_clauses)
        clause = Clause(token, [], Argument(head, "subj", exclude=token), [Argument(token, "attr")],
                        kind="appos", lemma="be", subject_source="appos", implicit="be")
        _score(clause)
        clauses.append(clause)
    return clauses


def _place_chains(sent: Span, np: NounPhrases) -> list[Clause]:
    """"Lancaster, Pa." / "Nawa city, Deraa": a place is in the place after its comma
    (``NounPhrases.place_chains``)."""
    clauses = []
    for inner, outer in np.place_chains(sent):
        clause = Clause(outer.root, [], Argument(inner.root, "subj", span=(inner.start, inner.end)),
                        [Argument(outer.root, "prep", span=(outer.start, outer.end))],
                        kind="place", lemma="located_in", subject_source="appos", implicit="be")
        _score(clause)
        clauses.append(clause)
    return clauses


class ClauseCandidates:
    """The tokens of a Doc that may head a clause (verbs, the copula) or an apposition, found from
    its attribute arrays in one pass: creating a Token object per word is what costs most."""

    def __init__(self, doc: Doc):
        pos, dep = doc.to_array([POS, DEP]).T
        aux, auxpass, amod, appos = _DEP_IDS
        heads = ((pos == VERB) | (pos == AUX)) & (dep != aux) & (dep != auxpass) & (dep != amod)
        self.verbal = heads.nonzero()[0].tolist()
        self.appos = (dep == appos).nonzero()[0].tolist()

    def within(self, span: Span) -> tuple[list[int], list[int]]:
        """(verbal, apposition) token indexes inside ``span``."""
        def cut(indexes: list[int]) -> list[int]:
            return indexes[bisect_left(indexes, span.start):bisect_left(indexes, span.end)]

        return cut(self.verbal), cut(self.appos)


#: Dependency labels of verbs that head no clause of their own.
NOT_CLAUSE_HEADS = ("aux", "auxpass", "amod")
#: Their ids in Doc arrays (spaCy's fixed symbols, the same in every pipeline), and that of "appos".
_DEP_IDS = (symbols.aux, symbols.auxpass, symbols.amod, symbols.appos)


def find_clauses(sent: Span, candidates: ClauseCandidates | None = None,
                 lexicon: RelationLexicon | None = None) -> list[Clause]:
    """Every verbal clause and apposition of a sentence, in text order of the predicates.

    ``candidates``: the Doc's ``ClauseCandidates``, when the caller reads many of its sentences;
    ``lexicon``: the relation lexicon (verbs of saying, light verbs; default: the installed one).
    """
    lexicon = lexicon or load_relations()
    doc = sent.doc
    toks = token_list(doc)
    if candidates is None:
        verbal = [t.i for t in sent if t.pos_ in ("VERB", "AUX") and t.dep_ not in NOT_CLAUSE_HEADS]
        appos = [t.i for t in sent if t.dep_ == "appos"]
    else:
        verbal, appos = candidates.within(sent)
    clauses: list[Clause] = []
    for i in verbal:
        token = toks[i]
        if token.pos_ == "AUX" and token.lemma_ != "be":
            continue
        clause = _verb_clause(token, lexicon)
        if clause is not None and not _controls_only(token, clause):
            clauses.append(clause)
    clauses.extend(_appositions([toks[i] for i in appos]))
    return clauses


# ---------------------------------------------------------------------------------------- nominal
def _possessives(tokens: list[Token], lexicon: RelationLexicon) -> list[Clause]:
    """"Syria's president Assad" -> Assad is president of Syria; "Childers's book" -> Childers has a book."""
    clauses = []
    for token in tokens:
        if token.dep_ != "poss" or token.pos_ not in ("PROPN", "NOUN"):
            continue  # possessive pronouns ("its") need coreference; only spelled-out owners here
        case = next((c for c in children(token) if c.tag_ == "POS"), None)
        owned = token.head
        if case is None or owned.pos_ not in ("NOUN", "PROPN"):
            continue
        role = possessive_role(owned, token, lexicon)
        if role is not None:
            # a role with its holder named: "Kerry's spokesman, Mark Toner" -> Toner is spokesman of Kerry
            holder_token, holder_span, role_tokens = role
            holder = Argument(holder_token, "subj", span=holder_span)
            clause = Clause(owned, role_tokens, holder, [Argument(token, "prep", exclude=case)], kind="role",
                            lemma="_".join(t.lemma_.lower() for t in role_tokens) + "_of",
                            subject_source="possessor", implicit="be")
        else:
            # plain possession: "Childers's book" -> Childers has a book
            clause = Clause(owned, [], Argument(token, "subj", exclude=case), [Argument(owned, "obj", exclude=token)],
                            kind="possessive", lemma="have", subject_source="possessor", implicit="have")
        _score(clause)
        clauses.append(clause)
    return clauses


#: Prepositions that place a named thing inside a noun phrase: "Henry Wood Hall [in] Glasgow".
LOCATIVE_PREPS = {"in", "at"}
LOCATION_TYPES = {"GPE", "LOC", "FAC", "ORG"}


def _located(tokens: list[Token]) -> list[Clause]:
    """"Henry Wood Hall in Glasgow" -> Henry Wood Hall is in Glasgow: a name with a locative preposition
    whose object is a named place or organisation ("the Ogilvy unit in New York", "Smith at Harvard")."""
    clauses = []
    for prep in tokens:
        if prep.dep_ != "prep" or prep.lower_ not in LOCATIVE_PREPS or prep.head.pos_ not in ("NOUN", "PROPN"):
            continue
        thing = prep.head
        if thing.pos_ != "PROPN" or thing.ent_type_ in VALUE_TYPES:
            continue  # a common noun's "in X" attaches to the verb as often as to the noun
        for place in (c for c in children(prep) if c.dep_ == "pobj"):
            for target in conjuncts(place):
                if target.ent_type_ not in LOCATION_TYPES:
                    continue
                clause = Clause(prep, [prep], Argument(thing, "subj", exclude=prep, split_conj=False),
                                [Argument(target, "prep", prep=None)], kind="located",
                                lemma=f"located_{prep.lower_}", subject_source="head", implicit="be")
                _score(clause)
                clauses.append(clause)
    return clauses


def _titles(sent: Span, np: NounPhrases) -> list[Clause]:
    """"producer Leo Graham", "former U.S. Attorney Todd Graves" -> Leo Graham is producer: the title a
    person's name carries (``NounPhrases.title``) describes the person."""
    clauses = []
    doc = sent.doc
    for ent in np.ents:
        if ent.label_ != "PERSON" or not sent.start <= ent.start < sent.end:
            continue
        title = np.title(ent)
        if any(t.tag_ == "POS" for t in title):
            continue  # "Syria's president Assad": a role, read by the possessive rule
        while title and (title[0].text.endswith(".") or title[0].lower_ in HONORIFICS):
            title.pop(0)  # "Mr.", "Dr.", "Lady": forms of address, not descriptions
        last = doc[ent.start - 1] if ent.start > sent.start else None
        if not title or last is None or last.pos_ not in ("NOUN", "PROPN") or last.ent_type_ \
                or last.text.endswith(".") or last.lower_ in HONORIFICS:
            continue
        clause = Clause(title[-1], [], Argument(ent.root, "subj", span=(ent.start, ent.end)),
                        [Argument(title[-1], "attr", span=(title[0].i, title[-1].i + 1))], kind="title",
                        lemma="be", subject_source="head", implicit="be")
        _score(clause)
        clauses.append(clause)
    return clauses


def nominal_clauses(sent: Span, np: NounPhrases | None = None, lexicon: RelationLexicon | None = None) -> list[Clause]:
    """Relations stated inside noun phrases, without a verb: possessives, named roles, places.

    ``np``: the Doc's ``NounPhrases``, when the caller reads many of its sentences."""
    tokens = list(sent)
    lexicon = lexicon or (np.relations if np is not None else load_relations())
    if np is None:
        np = NounPhrases(sent.doc, sent.ents, lexicon)
    return _possessives(tokens, lexicon) + _place_chains(sent, np) + _located(tokens) + _titles(sent, np)


# ---------------------------------------------------------------------------------------- confidence
def confidence_weights() -> dict[str, float]:
    """The clause weights of the confidence model (extractors/data/confidence.json)."""
    return load_confidence().clause


def clause_features(clause: Clause) -> dict[str, float]:
    """The features the confidence model reads: 1.0 for a property the clause has."""
    f: dict[str, float] = {"bias": 1.0}
    args = clause.arguments
    if not args:
        f["no_arguments"] = 1.0
    if any(a.role in ("obj", "attr", "comp", "clause", "content") for a in args):
        f["direct_object"] = 1.0
    if len(args) >= 4:
        f["many_arguments"] = 1.0
    if clause.subject_source != "own":
        f[f"subject_{clause.subject_source}"] = 1.0
    if clause.subject is not None and clause.subject.head.lower_ in PRONOUNS:
        f["subject_pronoun"] = 1.0
    predicate = clause.predicate
    if predicate.dep_ == "relcl":
        governor = predicate.head.i
        if any(a.head.i == governor for a in args):
            f["relative_object"] = 1.0
    if clause.kind in ("attribution", "copula", "possessive", "role", "place", "located", "title"):
        f[f"kind_{clause.kind}"] = 1.0
    if clause.predicate.dep_ in ("ccomp", "advcl", "pcomp"):
        f[f"predicate_in_{clause.predicate.dep_}"] = 1.0
    if clause.negated:
        f["negated"] = 1.0
    if clause.modal:
        f["modal"] = 1.0
    if clause.light is not None:
        f["light"] = 1.0
    if clause.shared_object:
        f["shared_object"] = 1.0
    if any(c.tag_ == "TO" and c.dep_ == "aux" for c in children(clause.predicate)):
        f["infinitive"] = 1.0
    if clause.kind == "acl":
        f[f"participle_{clause.predicate.tag_}"] = 1.0
    if clause.passive:
        f["passive"] = 1.0
    if any(a.role == "content" for a in args):
        f["content_argument"] = 1.0
    if any(a.role == "time" for a in args):
        f["time_argument"] = 1.0
    depth = 0
    token = predicate
    while depth < 4:
        head = token.head
        if head.i == token.i:  # the root is its own head
            break
        token, depth = head, depth + 1
    if depth >= 2:
        f["deep_predicate"] = 1.0  # two or more heads above the predicate: more room for parse errors
    if clause.subject is not None:
        subject = clause.subject.head
        if subject.ent_type_:
            f["subject_entity"] = 1.0
        if abs(subject.i - predicate.i) > 8:
            f["subject_far"] = 1.0
    sent = sentence_bounds(predicate.doc, predicate.i)
    if sent.end - sent.start > 40:
        f["long_sentence"] = 1.0
    return f


def logistic(features: dict[str, float], weights: dict[str, float]) -> float:
    z = sum(weights.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-z))


def _score(clause: Clause) -> None:
    clause.features = clause_features(clause)
    clause.confidence = round(logistic(clause.features, confidence_weights()), 3)


def clause_confidence(clause: Clause) -> float:
    """How likely the clause is right, from its features (three decimals)."""
    return round(logistic(clause_features(clause), confidence_weights()), 3)
