"""Noun phrases: what the words around a name say about it, found once and read by both views.

``NounPhrases`` finds, for the names of one Doc, the words that describe them wherever the sentence
puts them:

    "Russian Foreign Minister Sergei Lavrov"     the title before the name        (``title``)
    "Anton Kroll, former president of Austria"   an apposition, either direction  (``appositions``)
    "Kroll was the president of Austria"         a predicate noun                 (``predicates``)
    "President Jorge Alba of Peru"               a phrase on the name             (``attached``)
    "Nawa city, Deraa, Syria"                    a chain of places                (``place_chains``)

The Open IE view (``extractors.clauses.nominal_clauses``) prints them as tuples; the graph view
(``extractors.entity_relations``) reads them into relations between entities. The token helpers below
(what a noun phrase stands for, who owns a thing, where something is) serve both views and the event
readers.
"""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Doc, Span, Token

from kgbuilder.extractors.arrays import children, sentence_bounds, token_list
from kgbuilder.extractors.english import NAMING_VERBS, SCORE, SEGMENT_BREAKS, TITLE_LINKS
from kgbuilder.extractors.lexicon import RelationLexicon

#: Entity labels that take part in entity relations (values such as dates never do).
NAMED = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART"})
PLACES = frozenset({"GPE", "LOC", "FAC"})
#: Entity types that can own a thing that is hit, held or visited.
OWNER_TYPES = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PERSON"})
#: Longest description read on either side of a name, in tokens.
MAX_TITLE = 10


class NounPhrases:
    """The names of one Doc and the phrases that describe them (see the module docstring)."""

    def __init__(self, doc: Doc, ents: Iterable[Span], relations: RelationLexicon):
        self.doc = doc
        self.relations = relations
        self.ents = [e for e in ents if e.label_ in NAMED]
        self.ent_at = {i: e for e in self.ents for i in range(e.start, e.end)}
        # every rule asks for a name's anchor and title again: each is read once per name
        self._anchors: dict[tuple[int, int], Token] = {}
        self._titles: dict[tuple[int, int, str], list[Token]] = {}

    # ---------------------------------------------------------------------------------- the name
    def anchor(self, ent: Span) -> Token:
        """The token a name's phrases hang from: its root, or the noun it names ("the Amazon rainforest")."""
        key = (ent.start, ent.end)
        found = self._anchors.get(key)
        if found is None:
            if modifier_of_a_noun(ent) and self.names_its_noun(ent):
                found = ent.root.head
            else:
                found = (naming_noun(ent.root, self.relations) if ent.label_ in PLACES else None) or ent.root
            self._anchors[key] = found
        return found

    def names_its_noun(self, ent: Span) -> bool:
        """"the [Amazon] rainforest", "the [Houthi] movement": a name before a noun of its own kind is
        the thing the noun phrase means."""
        noun = ent.root.head.lemma_.lower()
        return noun in self.relations.words("type_nouns") or noun in self.relations.words("place_nouns") \
            or noun in self.relations.words("natural_places")

    # ---------------------------------------------------------------------------------- descriptions
    def title(self, ent: Span) -> list[Token]:
        """The words right before a name that describe it: "the former Danish [Defence Minister] X"."""
        key = (ent.start, ent.end, ent.label_)
        if key not in self._titles:
            self._titles[key] = self._read_title(ent)
        return list(self._titles[key])  # a list of the caller's own: some trim it

    def _read_title(self, ent: Span) -> list[Token]:
        doc = self.doc
        toks = token_list(doc)
        sent_start = sentence_bounds(doc, ent.start).start
        tokens: list[Token] = []
        i = ent.start - 1
        noun = self.anchor(ent) if ent.label_ in PLACES else None
        if noun is not None and noun.i == ent.start - 2 and noun.i != ent.root.i:
            tokens, i = [noun], noun.i - 1  # "the Brazilian city of [Recife]": the noun's words describe the name
        # a person's title may hold linked words ("Secretary of State"); other names take plain modifiers
        links = TITLE_LINKS if ent.label_ == "PERSON" else frozenset()
        while i >= sent_start and len(tokens) < MAX_TITLE:
            t = toks[i]
            other = self.ent_at.get(i)
            if other is not None and other.label_ == "PERSON":
                break  # another person's name ends the title ("Putin and [Russian] ...")
            if other is None and t.ent_type_ and t.ent_type_ not in NAMED:
                break  # a date or a number: "on Monday President X"
            if other is None and t.lower_ in links:
                # a link joins two title words, never the name to what precedes it ("Panama at the X",
                # "Greece and X"): it needs title words on its right and a title word on its left
                if not tokens or i == sent_start or not title_word(toks[i - 1]) or t.lower_ in ("and", "&") and (
                        self.ent_at.get(tokens[0].i) is not None or self.ent_at.get(i - 1) is not None):
                    break  # ("Labour leader and Prime Minister X", not "the Democratic Party and X")
                if self._between_people(toks[i - 1]):
                    break  # "the son of [former president] X": the son is someone else
            elif not (title_word(t) or other is not None or t.tag_ == "POS"
                      or (t.text in ("-", "–") and i > sent_start and tokens)
                      or (t.pos_ == "VERB" and i > sent_start and toks[i - 1].text in ("-", "–"))):
                break  # ("Peru-based", "state-owned" are title words too)
            if t.lower_ == "the" and other is None:
                break  # a determiner opens the noun phrase
            tokens.insert(0, t)
            i -= 1
        while tokens and (tokens[0].lower_ in TITLE_LINKS or tokens[0].is_punct) and self.ent_at.get(tokens[0].i) is None:
            tokens.pop(0)  # a link word has nothing to link on its left
        return tokens

    def shared_title(self, ent: Span) -> list[Token]:
        """"Presidents A of X and B of Y", "NASA astronauts A and B": a plural title before a
        coordination belongs to each conjunct, and so does a bare possessive ("Labour's A and B")."""
        root = ent.root
        first = self.ent_at.get(root.head.i) if root.dep_ == "conj" else None
        if first is None or first.label_ != ent.label_:
            first = self.listed_before(ent)
        if first is None:
            return []
        title = self.title(first)
        if any(self.relations.role(role_word(t)) and plural(t) for t in title):
            return title
        if title and title[-1].tag_ == "POS" and ent.start - first.end <= 2:
            return title  # "the Civic Union's A and B": an owner before a pair owns both
        return []

    def listed_before(self, ent: Span) -> Span | None:
        """"Presidents A of X and [B] of Y", "Israeli prime minister A and energy minister [B]", read
        linearly (the parser often hangs such lists wrongly): the name of the same type before "and" or
        a comma ahead of the name's title, past a place or party attached to it."""
        title = self.title(ent)
        i = (title[0].i if title else ent.start) - 1
        if i < 1 or self.doc[i].lower_ not in ("and", ","):
            return None
        i -= 1
        before = self.ent_at.get(i)
        if before is not None and before.label_ != ent.label_ and before.start >= 2 \
                and self.doc[before.start - 1].lower_ in ("of", "from"):
            before = self.ent_at.get(before.start - 2)  # past "of Peru"
        return before if before is not None and before.label_ == ent.label_ else None

    def appositions(self, ent: Span) -> list[tuple[list[Token], Token]]:
        """The noun phrases in apposition to a name, in either direction ("X, the head of Y" / "the
        head of Y, X"), each with its head noun, without determiners, clauses and punctuation."""
        root = self.anchor(ent)
        phrases = []
        listed = self._listed_under(root)
        if listed is not None:
            # "the Kenyan and Ugandan presidents, A and B": each name takes its own place's nationality
            noun, first, others = listed
            phrases.append(([t for t in phrase(noun, exclude=first) if t.i not in others], head_noun(noun)))
        elif root.dep_ == "appos" and not inside(root.head, ent) and root.head.pos_ in ("NOUN", "PROPN") \
                and (not root.head.ent_type_ or self.partisan(root.head)) and not self._name_between(root.head, ent):
            # "the Chilean energy minister, Paula Reyes": the common noun describes the name (a name in
            # apposition to another name is a place chain or a list, read elsewhere)
            phrases.append((phrase(root.head, exclude=root), head_noun(root.head)))
        elif root.dep_ == "conj" and (listed := self._plural_over_list(root)) is not None:
            # "the two leaders, A of X and B of Y": every name in the list is one of them
            noun, first = listed
            phrases.append((phrase(noun, exclude=first), head_noun(noun)))
        elif root.dep_ == "appos" and ent.label_ == "PERSON" and (role := self._role_over(root.head)) is not None \
                and not self._name_between(role, ent):
            # "the chief executive of Acme, John Smith": the parser hangs the name on the nearest name;
            # the role noun whose object that name is describes the person
            phrases.append((phrase(role, exclude=root), head_noun(role)))
        for child in children(root):
            if child.dep_ == "appos" and not inside(child, ent) and (child.i not in self.ent_at or self.partisan(child)):
                # (an apposition headed by a name is a list or a restatement: "A, B's C"; a party's
                # member is described by its name: "X, a Democrat")
                phrases.append((phrase(child), head_noun(child)))
        return [(p, h) for p, h in phrases if p]

    @staticmethod
    def _plural_over_list(member: Token) -> tuple[Token, Token] | None:
        """The plural common noun a list of names is in apposition to, and the list's first name, for a
        later member of the list."""
        first = member
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head
        noun = first.head
        if first.i == member.i or first.dep_ != "appos" or noun.tag_ not in ("NNS", "NNPS") or noun.i > first.i \
                or noun.ent_type_:
            return None
        return noun, first

    def _role_over(self, named: Token) -> Token | None:
        """The role noun a non-person name is the object of ("the [spokesman] for the FAA in Washington":
        up through names and their prepositions, the last one "of", "for" or "at"), or None."""
        token = named
        for _hop in range(3):
            ent = self.ent_at.get(token.i)
            prep = token.head
            if ent is None or ent.label_ == "PERSON" or token.dep_ != "pobj" or prep.dep_ != "prep":
                return None
            noun = prep.head
            if noun.i in self.ent_at:
                token = noun  # "for [the FAA] in [Washington]": climb to the outer name
                continue
            if prep.lower_ not in ("of", "for", "at") or noun.pos_ != "NOUN":
                return None
            left = self.doc[noun.i - 1] if noun.i else None
            words = [role_word(noun)] + ([f"{role_word(left)} {role_word(noun)}"] if left is not None else [])
            return noun if any(self.relations.role(w) for w in words) else None
        return None

    def _between_people(self, noun: Token) -> bool:
        """A role noun that relates a person to another person ("son", "wife"): what it is "of" is no
        office of the name after it."""
        return self.relations.relates_people(self.relations.role(role_word(noun)))

    def _listed_under(self, root: Token) -> tuple[Token, Token, set[int]] | None:
        """"the Danish, Swedish and Finnish ministers, A, B and C": a list of names in apposition after
        a plural noun whose modifiers are as many nationalities or places. Each name is described by the
        noun with its own modifier, the one at its place in the list ("respectively"); when the counts
        differ none of the modifiers is given to anyone. (noun, the list's first name, token indexes of
        the modifiers this name does not take), or None when the name is in no such list."""
        first = root
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head
        noun = first.head
        if first.dep_ != "appos" or noun.tag_ not in ("NNS", "NNPS") or noun.i > first.i:
            return None
        members = conjuncts(first)
        places: dict[int, Span] = {}  # modifier entity start -> the entity, in text order
        for child in children(noun):
            if child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i:
                for t in (child, *child.conjuncts):
                    place = self.ent_at.get(t.i)
                    if place is not None and place.label_ in ("NORP", "GPE"):
                        places[place.start] = place
        if len(places) < 2 or len(members) < 2 or root not in members:
            return None
        ordered = [places[start] for start in sorted(places)]
        own = ordered[members.index(root)].start if len(ordered) == len(members) else -1
        return noun, first, {i for place in ordered if place.start != own for i in range(place.start, place.end)}

    def partisan(self, token: Token) -> bool:
        """"Republican", "Democrat": a one-word name for a party's member (``partisan_words``)."""
        ent = self.ent_at.get(token.i)
        return ent is not None and len(ent) == 1 and role_word(ent[0]) in self.relations.words("partisan_words")

    def _name_between(self, head: Token, ent: Span) -> bool:
        """"prime minister A and energy minister B", parsed as two appositions to "minister": a name
        between a description and a later name takes the description for itself."""
        lo, hi = (head.i + 1, ent.start) if head.i < ent.start else (ent.end, head.i)
        return any(i in self.ent_at and self.ent_at[i].label_ == ent.label_ for i in range(lo, hi))

    def predicates(self, ent: Span) -> list[tuple[list[Token], Token]]:
        """"X is/was/became the president of Y", "X served as Y": the predicate noun phrases; and "X, who
        was the president of Y" (a relative clause with a predicate noun)."""
        root = self.anchor(ent)
        phrases = []
        verb = root.head
        if root.dep_ in ("nsubj", "nsubjpass") and not any(c.dep_ == "neg" for c in children(verb)):
            # ("Brazil is not a member of G7" says no membership)
            for v in (verb, *(c for c in children(verb) if c.dep_ == "xcomp")):  # "was forced to resign as X"
                for child in children(v):
                    if child.dep_ in ("attr", "oprd") and v.lemma_ in ("be", "become", "remain", "name", "appoint", "elect"):
                        phrases.append((phrase(child), head_noun(child)))
                    elif child.dep_ == "prep" and child.lower_ == "as" and v.lemma_ in self.relations.words("as_verbs"):
                        phrases.extend((phrase(o), head_noun(o)) for o in children(child) if o.dep_ == "pobj")
        for clause in (c for c in children(root) if c.dep_ == "relcl"):
            if clause.lemma_ in ("be", "become", "remain") and not any(c.dep_ == "neg" for c in children(clause)) \
                    and any(c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT") for c in children(clause)):
                phrases.extend((phrase(c), head_noun(c)) for c in children(clause) if c.dep_ == "attr")
        return [(p, h) for p, h in phrases if p]

    def attached(self, ent: Span) -> list[tuple[str, Span]]:
        """Named things in prepositional phrases on the name, with the preposition: "Alba [of] Peru",
        "Chan [from] the X Party", "the museum [in] Seattle, Washington" (an address chain gives each
        of its places)."""
        root = self.anchor(ent)
        found = self.attached_to(root, ent)
        if root.dep_ == "pobj" and (root.head.lower_ in ("against", "with", "between", "over")
                                    or root.head.lower_ == "by" and ent.label_ != "ORG"):
            # "the fight against ISIS in X": where the fight was, not where ISIS is ("led by X of Y" holds;
            # "claimed by the X Front in Y": an organisation the parser gives a place is based there)
            found = [(prep, place) for prep, place in found if prep not in ("in", "at")]
        return found

    def attached_to(self, root: Token, ent: Span) -> list[tuple[str, Span]]:
        """The named things in prepositional phrases on ``root`` (other than ``ent``), with the preposition."""
        out = []
        for prep in children(root):
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "from", "in", "at", "for"):
                continue
            for pobj in (p for p in children(prep) if p.dep_ == "pobj"):
                for item in (pobj, *pobj.conjuncts):
                    other = self.ent_at.get(item.i)
                    if other is not None and not overlaps(other, ent):
                        out.extend((prep.lower_, place) for place in self.address(other))
        return out

    def address(self, place: Span) -> list[Span]:
        """"in Seattle, Washington": the place and the places after it in its address chain."""
        chain = [place]
        while len(chain) < 4:
            end = chain[-1].end
            if end + 1 >= len(self.doc) or self.doc[end].text != ",":
                break
            nxt = self.ent_at.get(end + 1)
            if nxt is None or nxt.start != end + 1 or nxt.label_ not in ("GPE", "LOC") or chain[-1].label_ not in PLACES \
                    or in_a_list(nxt) or in_a_list(chain[-1]):
                break
            chain.append(nxt)
        return chain

    def place_chains(self, span: Span | None = None) -> list[tuple[Span, Span]]:
        """"Nawa city, Deraa, Syria", "Lancaster, Pa.": each place and the place after its comma (not in
        lists: "Alabama, Oklahoma and Texas"); within ``span`` when given."""
        ents = [e for e in self.ents if span is None or span.start <= e.start and e.end <= span.end]
        chains = []
        for left, right in zip(ents, ents[1:]):
            if left.label_ not in PLACES or right.label_ not in PLACES or in_a_list(left) or in_a_list(right):
                continue
            between = self.doc[left.end:right.start]
            words = [t for t in between if not t.is_punct]
            if sum(t.text == "," for t in between) == 1 and \
                    all(t.lower_ in self.relations.words("chain_nouns") for t in words):
                chains.append((left, right))  # ("Nawa city, Deraa": a place noun may stand between)
        return chains


# -------------------------------------------------------------------------------------- what a phrase stands for
def named_by(token: Token) -> Token:
    """"a group called Jaysh al Islam" -> the token of "Islam"; otherwise the token itself."""
    for child in children(token):
        if child.dep_ == "acl" and child.lemma_ in NAMING_VERBS:
            for obj in children(child):
                if obj.dep_ in ("oprd", "attr", "dobj") and obj.pos_ == "PROPN":
                    return obj
    return token


def stands_for(token: Token, relations: RelationLexicon) -> Token:
    """The name a noun phrase stands for: its named apposition ("a Democrat, John Ray", "the firm Maersk"),
    the place a place noun names ("the city of Aleppo"), the name a type noun carries ("the Green Ocean
    think tank", "the Houthi movement") or a score follows ("Italy 4-0"); else the token itself."""
    if token.ent_type_ == "PERSON" or token.pos_ not in ("NOUN", "PROPN"):
        return token
    if token.dep_ == "appos" and token.pos_ == "NOUN" and not token.ent_type_ and token.head.ent_type_ in NAMED \
            and any(c.dep_ == "relcl" for c in children(token)):
        return token.head  # "Rick Stone, [the man] who killed X": the noun a relative clause describes is the name
    if SCORE.fullmatch(token.text):  # "defeated [Italy] 4-0", parsed with the score as the object
        named = [c for c in children(token) if c.dep_ == "compound" and c.ent_type_ and c.i == token.i - 1]
        if named:
            return named[0]
    for child in children(token):
        if child.dep_ == "appos" and (child.ent_type_ == "PERSON" or token.pos_ == "NOUN" and child.ent_type_ in NAMED):
            return child  # "a Democrat, John Ray", "the Danish company Maersk"
        if child.dep_ == "prep" and child.lower_ == "of":  # "shelled the city of Kharkiv"
            for place in children(child):
                noun = naming_noun(place, relations) if place.ent_type_ in PLACES else None
                if noun is not None and noun.i == token.i:
                    return place
    noun = token.lemma_.lower()
    if token.pos_ == "NOUN" and not token.ent_type_ and noun in relations.words("type_nouns"):
        for child in token.lefts:
            # a nationality adjective says where the thing is from, not its name ("the Danish company")
            if child.dep_ in ("compound", "amod", "nmod") and (child.ent_type_ == "ORG" or (
                    child.ent_type_ == "NORP" and child.tag_ != "JJ") or (
                    # a place's government stands for it; "the Montreal team" and its police do not
                    child.ent_type_ == "GPE" and noun in relations.words("government_nouns")
                    and noun not in relations.words("force_nouns"))):
                return child
    return token


def group_name(token: Token, relations: RelationLexicon) -> Span | None:
    """"the Houthi movement", "Kurdish rebels": a group noun (``group_nouns``) with a nationality or
    group word names an organisation by both words; the span of them, or None."""
    words = (token.lemma_.lower(), token.lower_)  # the lists hold plurals of their own ("forces")
    if token.pos_ != "NOUN" or token.ent_type_ or not any(w in relations.words("group_nouns") for w in words):
        return None
    # a nationality or group word, a one-word name ("the Houthi movement" tagged either way), or a
    # place with its own force ("Northamptonshire police": not the county itself)
    force = any(w in relations.words("force_nouns") for w in words)
    left = [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod") and (
        c.ent_type_ == "NORP" or c.ent_type_ in ("ORG", "PERSON") and c.ent_iob_ == "B" and c.i + 1 == token.i
        or force and c.ent_type_ == "GPE" and c.i + 1 == token.i)]
    if not left or left[-1].i + 1 != token.i:
        return None
    start = left[-1].i
    while token.doc[start].ent_iob_ == "I":
        start -= 1
    return token.doc[start:token.i + 1]


def owner_tokens(head: Token) -> list[Token]:
    """The named owners of a thing: "[PKK] positions", "[Aramco]'s plant", "the plant at [Abqaiq] and
    [the Khurais] field", "facilities belonging to [Aramco]" (tokens of the names), nearest first."""
    out: list[Token] = []
    for child in children(head):
        if child.dep_ in ("compound", "poss", "nmod") and child.ent_type_ in OWNER_TYPES:
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ in ("at", "of", "in"):
            for pobj in (p for p in children(child) if p.dep_ == "pobj"):
                for item in (pobj, *pobj.conjuncts):
                    if item.ent_type_ in OWNER_TYPES - {"PERSON", "NORP"}:
                        out.append(item)
                    elif item.pos_ == "NOUN":  # "... and the [Khurais] oil field"
                        out.extend(c for c in item.lefts if c.dep_ == "compound" and c.ent_type_ in OWNER_TYPES)
        elif child.dep_ == "acl" and child.lemma_ in ("belong", "own", "operate", "run"):
            for pobj in (g for prep in children(child) if prep.dep_ in ("prep", "agent") for g in children(prep)):
                if pobj.dep_ == "pobj" and pobj.ent_type_ in OWNER_TYPES:
                    out.append(pobj)
    return out


def owner_token(head: Token) -> Token | None:
    """The nearest named owner of a thing (``owner_tokens``), or None."""
    found = owner_tokens(head)
    return found[0] if found else None


def located_at(token: Token, ent_at: dict[int, Span]) -> Span | None:
    """The named place of an "at"/"in" phrase on a word: where an event happened or a thing was."""
    for prep in children(token):
        if prep.dep_ == "prep" and prep.lower_ in ("at", "in"):
            for pobj in children(prep):
                if pobj.dep_ == "pobj" and pobj.i in ent_at and ent_at[pobj.i].label_ in PLACES:
                    return ent_at[pobj.i]
    return None


def governing_verb(noun: Token) -> Token | None:
    """The verb whose argument an event noun is: "planned [a meeting]", "helped facilitate [a meeting]"."""
    token = noun
    for _ in range(4):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


def head_noun(token: Token) -> Token:
    """The noun a phrase is about: "[one] of the president's aides" -> aides."""
    if token.lower_ in ("one", "some", "many", "all", "each", "several", "both", "none"):
        for prep in children(token):
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in children(prep):
                    if pobj.dep_ == "pobj":
                        return pobj
    return token


def naming_noun(root: Token, relations: RelationLexicon) -> Token | None:
    """"the town of [Tarbes]", "the island of [Crete]": the place noun a name (by its root) is the name
    of; a noun of naming only ("the capital of France", "a suburb of Lyon" are other places)."""
    of = root.head
    if root.dep_ != "pobj" or of.lower_ != "of" or of.dep_ != "prep":
        return None
    noun = of.head
    if noun.pos_ != "NOUN" or noun.ent_type_ or noun.lemma_.lower() not in relations.words("naming_place_nouns"):
        return None
    return noun if any(c.dep_ == "det" and c.lower_ == "the" for c in children(noun)) else None


def spoken_attack(noun: Token, relations: RelationLexicon) -> bool:
    """"a scathing attack on X's budget", "a verbal attack": words, not force (no ``attacked``)."""
    return any(c.dep_ == "amod" and c.lower_ in relations.words("speech_modifiers") for c in children(noun))


def conjuncts(token: Token) -> list[Token]:
    """The token and every token conjoined with it ("A, B and C" -> [A, B, C])."""
    return [token, *[t for t in token.conjuncts if t.i > token.i]]


def modifier_of_a_noun(ent: Span) -> bool:
    """A name used as a modifier of a common noun names something else: "the James Webb telescope"."""
    root = ent.root
    return root.dep_ in ("compound", "nmod") and root.head.pos_ == "NOUN" and not root.head.ent_type_ \
        and root.head.i > root.i


def in_a_list(ent: Span) -> bool:
    """"Alabama, Oklahoma and Texas" is a list, not a place chain: a coordination of two or more names
    with a conjunction, or of more than three members ("the gas field and Thesprotia, Greece" is none)."""
    root = ent.root
    while root.dep_ == "conj":
        root = root.head
    members = [root, *root.conjuncts]
    if sum(1 for m in members if m.ent_type_) < 2:
        return False
    has_cc = any(c.dep_ in ("cc", "preconj") for m in members for c in children(m))
    return has_cc or len(members) > 3


# -------------------------------------------------------------------------------------- possessive roles
def possessive_role(owned: Token, owner: Token, relations: RelationLexicon
                    ) -> tuple[Token, tuple[int, int] | None, list[Token]] | None:
    """Who holds the role a possessive names: (the holder's token, its name's token range, the role
    words), or None.

    "Syria's president, Assad" / "Kesey's son Zane": a role noun with the name in apposition or
    compound; "Google's chief executive Sundar Pichai": the name itself, its title words before it."""
    words = relations.role_nouns

    def title_words(head: Token, name: tuple[int, int] | None) -> list[Token]:
        return [w for t in head.lefts if t.dep_ in ("amod", "compound") for w in t.subtree
                if w.i > owner.i and (name is None or not name[0] <= w.i < name[1])]

    if owned.lemma_.lower() in words and owned.ent_type_ != "PERSON":
        for child in children(owned):
            if child.dep_ in ("appos", "compound") and child.pos_ == "PROPN" and child.ent_type_ in ("PERSON", ""):
                span = entity_range(child)
                return child, span, sorted([*title_words(owned, span), owned], key=lambda t: t.i)
    if owned.pos_ == "PROPN" and owned.ent_type_ == "PERSON":
        span = entity_range(owned)
        title = sorted(title_words(owned, span), key=lambda t: t.i)
        if span and title and title[-1].lower_ in words:
            return owned, span, title
    return None


# -------------------------------------------------------------------------------------- words and spans
def entity_range(token: Token) -> tuple[int, int] | None:
    """The token range of the named entity ``token`` is part of, read from the IOB tags, or None."""
    if not token.ent_type_:
        return None
    doc = token.doc
    toks = token_list(doc)
    start = token.i
    while start > 0 and toks[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and toks[end].ent_iob_ == "I":
        end += 1
    return start, end



def phrase(head: Token, exclude: Token | None = None) -> list[Token]:
    """A noun phrase for reading a description: the head's subtree up to a clause or a comma after the
    head, without leading determiners and the ``exclude`` subtree (with the other appositions beside it:
    "councillors A of X, B of Y" describes B without A)."""
    excluded = {t.i for t in exclude.subtree} if exclude is not None else set()
    if exclude is not None:
        for sibling in children(head):
            if sibling.dep_ == "appos":
                excluded.update(t.i for t in sibling.subtree)
    tokens = []
    for t in head.subtree:
        if t.i in excluded:
            continue
        if t.i > head.i and (t.dep_ == "relcl" or t.dep_ == "acl" and t.lemma_ not in NAMING_VERBS
                             or t.text in (",", ";", "(", "—", "--")):
            break  # a clause or a comma ends the phrase, but "a group [called X]" names its noun
        tokens.append(t)
    while tokens and (tokens[0].dep_ in ("det", "punct", "predet") or tokens[0].is_punct):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    return tokens[:MAX_TITLE + 4]


def split(tokens: list[Token]) -> list[list[Token]]:
    """Cut a description at "and" and commas: each part holds one role ("leader and prime minister")."""
    parts: list[list[Token]] = [[]]
    for t in tokens:
        if t.lower_ in SEGMENT_BREAKS and not t.ent_type_:
            parts.append([])
        else:
            parts[-1].append(t)
    return [p for p in parts if p]


def role_word(token: Token) -> str:
    """A token as the role lexicon spells it: lower case, plural nouns singular ("ministers")."""
    if token.is_punct:
        return ""
    lowered = token.lower_
    if token.tag_ in ("NNS", "NNPS") or (token.tag_ == "NNP" and lowered.endswith("s") and not lowered.endswith("ss")):
        return token.lemma_.lower() if token.lemma_.lower() != lowered else lowered[:-1]  # "Presidents"
    return lowered


def plural(token: Token) -> bool:
    """"Presidents", "ministers": a plural noun (also a capitalised one the tagger called singular)."""
    return token.tag_ in ("NNS", "NNPS") or token.lower_.endswith("s") and not token.lower_.endswith("ss")


def title_word(token: Token) -> bool:
    return token.pos_ in ("PROPN", "NOUN", "ADJ") and not token.is_punct


def inside(token: Token, span: Span) -> bool:
    return span.start <= token.i < span.end


def overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
