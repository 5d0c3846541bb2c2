"""Relations between named entities that noun phrases state without a verb: the graph's entity layer.

Each named entity is read together with the words that describe it, wherever the sentence puts them:

    "Russian Foreign Minister Sergei Lavrov"     words before the name (a title)
    "Anton Kroll, former president of Austria"   an apposition
    "Kroll was the president of Austria"         a predicate noun
    "President Jorge Alba of Peru", "X from Y"   a prepositional phrase on the name
    "Kenya's Mary Wanjiru"                       a possessive

A description is cut into segments ("Labour leader and Prime Minister X": two), each with at most one
role phrase (the relation lexicon's role nouns: "foreign minister", "spokesman") and the entities it
names (organisations, places, countries by name or by nationality adjective). What the combination
states depends on the types: a person with a role and an organisation works for it (or leads it), a
person with a country is its citizen, an organisation with a place is based there, a place with a place
lies in it. ``NominalFact`` records are what the graph view (``extractors.triples``) turns into triples.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from spacy.tokens import Doc, Span, Token

from kgbuilder.extractors.lexicon import NameLexicon, RelationLexicon
from kgbuilder.extractors.name_propagation import name_forms
from kgbuilder.extractors.nominal import named_by as nominal_named_by
from kgbuilder.graph.model import ENTITY, Mention

#: Entity labels that take part in entity relations (values such as dates never do).
NAMED = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART"})
PLACES = frozenset({"GPE", "LOC", "FAC"})
#: Words that join two title segments ("party leader and prime minister X").
SEGMENT_BREAKS = frozenset({"and", "&", ","})
#: Prepositions after a role that name who the role is held for ("president of", "spokesman for",
#: "professor at"); an object after "to" is whom the holder is sent to ("ambassador to the UN").
EMPLOYER_PREPS = frozenset({"of", "for", "at", "from"})
SKIPPED_PREPS = frozenset({"to", "on", "against", "in", "over", "about", "into", "between", "with"})
#: Words allowed inside a title between title words: "Secretary [of] State", "Minister [for] Energy".
TITLE_LINKS = frozenset({"of", "for", "at", "to", "and", "&", "the"})
#: Verbs whose "as" phrase gives a post held (now or before): "served as X", "resigned as X".
AS_VERBS = frozenset({"serve", "work", "act", "appoint", "name", "elect", "resign", "retire", "quit", "step",
                      "remain", "continue", "return", "swear"})
#: Verbs that name a noun: "a group called X" (X is the group).
NAMING_VERBS = frozenset({"call", "name", "know", "dub", "label"})
#: Longest description read on either side of a name, in tokens.
MAX_TITLE = 10


@dataclass(frozen=True)
class NominalFact:
    subject: Span | Mention  # entity span, or a ready-made mention (a country from a demonym)
    relation: str
    object: Span | Mention
    evidence: tuple[int, int]  # token range in the doc
    confidence: float
    surface: str
    governor: Token | None = None  # the verb an event noun depends on ("arranged [a meeting]"): its modality


@dataclass(frozen=True)
class Target:
    """An entity a description names, and how it is attached ("pre", "poss", "of", "from", "in", ...;
    "context" for a country the sentence or the document supplies to a bare title)."""

    span: Span  # where the entity is named (for "context": the name whose title it completes)
    label: str  # the entity's type; GPE for a country named by its nationality adjective
    text: str  # the canonical text: "Russia" for "Russian"
    attach: str
    country: bool  # a country (by name or nationality adjective)


@dataclass(frozen=True)
class Segment:
    role: str | None  # the canonical relation of the role phrase, e.g. "foreign_minister_of"
    role_words: str  # the role phrase as written, "" when none
    noun: str  # the segment's last common noun (lemma), "" when none: "supplier", "astronaut"
    targets: tuple[Target, ...]
    tokens: tuple[int, int]  # token range
    role_span: tuple[int, int] = (-1, -1)  # token range of the role phrase


class EntityRelationReader:
    """Reads the descriptions of every named entity of one Doc into NominalFacts."""

    def __init__(self, doc: Doc, ents: Iterable[Span], relations: RelationLexicon, names: NameLexicon,
                 coref: dict[int, Span] | None = None):
        self.doc = doc
        self.coref = coref or {}  # pronoun token -> the entity it stands for
        self._home: str | None = None
        self.relations = relations
        self.names = names
        self.ents = [e for e in ents if e.label_ in NAMED]
        self.ent_at = {i: e for e in self.ents for i in range(e.start, e.end)}
        # the countries the name lexicon knows (its demonyms' targets), without the continents
        self.countries = frozenset(c.lower() for c in names.demonyms.values()) - relations.words("not_countries")

    # ---------------------------------------------------------------------------------- targets
    def target(self, ent: Span, attach: str) -> Target | None:
        """The entity as a relation's object; nationality adjectives stand for their country."""
        if ent.label_ == "NORP":
            country = demonym_country(ent.text, self.names)
            if country:
                return Target(ent, "GPE", country, attach, True)
            return Target(ent, "NORP", ent.text, attach, False)
        text = ent.text
        country = ent.label_ == "GPE" and self._is_country(text)
        if country and ent.start > 0 and self.doc[ent.start - 1].is_title and \
                self.doc[ent.start - 1].lower_ in self.relations.words("portfolios"):
            # "Environment Canada", "Health Canada": a department named after its portfolio and country
            body = Span(self.doc, ent.start - 1, ent.end, label="ORG")
            return Target(body, "ORG", body.text, attach, False)
        return Target(ent, ent.label_, text, attach, country)

    def _is_country(self, text: str) -> bool:
        lowered = text.lower()
        if lowered.startswith("the "):
            lowered = lowered[4:]
        return lowered in self.countries or self.names.aliases.get(lowered, "").lower() in self.countries

    # ---------------------------------------------------------------------------------- segments
    def segment(self, tokens: list[Token], holder: Span, head: Token | None = None) -> Segment | None:
        """One description segment: its role phrase, its last noun and the entities it names.

        ``head``: the head noun of a parsed phrase ("one of the [runners] for the party's nomination for
        president"), where the role must end; a title takes the role nearest the name.
        """
        if not tokens:
            return None
        role, role_words, role_span = self._role(tokens, head)
        nouns = [t for t in tokens if t.pos_ == "NOUN" and not t.ent_type_]
        noun_token = head if head is not None and head.pos_ == "NOUN" else (nouns[-1] if nouns else None)
        noun = noun_token.lemma_.lower() if noun_token is not None else ""
        # words an entity may modify and still describe the holder: the role, the head noun, the holder
        describing = {t.i for t in tokens if role_span[0] <= t.i < role_span[1]} | set(range(holder.start, holder.end))
        if noun_token is not None:
            describing.add(noun_token.i)
        attach = "pre"
        targets: list[Target] = []
        seen: set[int] = set()
        skip_next_entity = False
        for t in tokens:
            if t.ent_type_ == "" and t.pos_ == "ADP":
                lowered = t.lower_
                # where a place or an organisation is ("a city in X") is no employer of a person's
                locative = lowered in ("in", "at") and holder.label_ != "PERSON"
                skip_next_entity = lowered in SKIPPED_PREPS and not locative
                attach = lowered if lowered in EMPLOYER_PREPS or locative else attach
                continue
            if t.tag_ == "PRP$" and t.i in self.coref:
                # "her husband X", "his son, Y": the owner is who the pronoun stands for
                antecedent = self.coref[t.i]
                if not _overlaps(antecedent, holder) and antecedent.start not in seen:
                    seen.add(antecedent.start)
                    targets.append(Target(self.doc[t.i:t.i + 1], antecedent.label_, antecedent.text, "poss",
                                          False))
                continue
            ent = self.ent_at.get(t.i)
            if ent is None or ent.start in seen or ent.label_ not in NAMED or _overlaps(ent, holder):
                continue
            seen.add(ent.start)
            if skip_next_entity:
                skip_next_entity = False
                continue
            if role_span[0] < ent.end and ent.start < role_span[1] or self._portfolio(ent):
                continue  # "Secretary of [State]", "[Defence] Secretary": part of the role's name
            if self._modifies_other_noun(ent, describing):
                continue  # "the [Afghan] team's coach", "envoy for [Ukraine] negotiations"
            after = self.doc[ent.end] if ent.end < len(self.doc) else None
            how = "poss" if ent[-1].tag_ == "POS" or after is not None and after.tag_ == "POS" else attach
            found = self.target(ent, how)
            if found is not None:
                targets.append(found)
        return Segment(role, role_words, noun, tuple(targets), (tokens[0].i, tokens[-1].i + 1), role_span)

    def _role(self, tokens: list[Token], head: Token | None = None) -> tuple[str | None, str, tuple[int, int]]:
        """The lexicon role phrase that ends latest in ``tokens`` (longest on a tie), or that ends at
        ``head``; with its token range."""
        words = [_role_word(t) for t in tokens]
        ends = range(len(words), 0, -1)
        if head is not None:
            ends = [n + 1 for n, t in enumerate(tokens) if t.i == head.i]
        for end in ends:
            for length in range(min(4, end), 0, -1):
                phrase = " ".join(w for w in words[end - length:end] if w)
                found = self.relations.role(phrase) if phrase else None
                if found:
                    return found, phrase, (tokens[end - length].i, tokens[end - 1].i + 1)
        return None, "", (-1, -1)

    def _portfolio(self, ent: Span) -> bool:
        """An "entity" made of portfolio words only ("Defence", "Home") names a ministry in a title."""
        return all(t.lower_ in self.relations.words("portfolios") or t.is_punct for t in ent)

    def _modifies_other_noun(self, ent: Span, describing: set[int]) -> bool:
        """The entity modifies a common noun that is not the role: "[Afghan] team", "[Ukraine] negotiations"."""
        head = ent.root.head
        if head.i in describing or _inside(head, ent) or head.ent_type_ or self._names_its_noun(ent):
            return False  # ("the [Lombardy] region" is Lombardy)
        return head.pos_ == "NOUN" and ent.root.dep_ in ("compound", "amod", "nmod", "poss")

    # ---------------------------------------------------------------------------------- descriptions
    def title(self, ent: Span) -> list[Token]:
        """The words right before a name that describe it: "the former Danish [Defence Minister] X"."""
        doc = self.doc
        sent_start = ent.sent.start
        tokens: list[Token] = []
        i = ent.start - 1
        # a person's title may hold linked words ("Secretary of State"); other names take plain modifiers
        links = TITLE_LINKS if ent.label_ == "PERSON" else frozenset()
        while i >= sent_start and len(tokens) < MAX_TITLE:
            t = doc[i]
            other = self.ent_at.get(i)
            if other is not None and other.label_ == "PERSON":
                break  # another person's name ends the title ("Putin and [Russian] ...")
            if other is None and t.ent_type_ and t.ent_type_ not in NAMED:
                break  # a date or a number: "on Monday President X"
            if other is None and t.lower_ in links:
                # a link joins two title words, never the name to what precedes it ("Panama at the X",
                # "Greece and X"): it needs title words on its right and a title word on its left
                if not tokens or i == sent_start or not _title_word(doc[i - 1]) or t.lower_ in ("and", "&") and (
                        self.ent_at.get(tokens[0].i) is not None or self.ent_at.get(i - 1) is not None):
                    break  # ("Labour leader and Prime Minister X", not "the Democratic Party and X")
            elif not (_title_word(t) or other is not None or t.tag_ == "POS"
                      or (t.text in ("-", "–") and i > sent_start and tokens)
                      or (t.lower_ == "based" and i > sent_start and doc[i - 1].text in ("-", "–"))):
                break  # ("Peru-based" is a title word too)
            if t.lower_ == "the" and other is None:
                break  # a determiner opens the noun phrase
            tokens.insert(0, t)
            i -= 1
        while tokens and (tokens[0].lower_ in TITLE_LINKS or tokens[0].is_punct) and self.ent_at.get(tokens[0].i) is None:
            tokens.pop(0)  # a link word has nothing to link on its left
        return tokens

    def _shared_title(self, ent: Span) -> list[Token]:
        """"Presidents A of X and B of Y": a plural title before a coordination belongs to each conjunct."""
        root = ent.root
        if root.dep_ != "conj":
            return []
        first = self.ent_at.get(root.head.i)
        if first is None or first.label_ != ent.label_:
            return []
        title = self.title(first)
        if not any(self.relations.role(_role_word(t)) and _plural(t) for t in title):
            return []
        return title  # "NASA astronauts A and B": B is a NASA astronaut too

    def _name_country(self, ent: Span) -> list[NominalFact]:
        """"the Chilean Ministry of Foreign Affairs", "the US Air Force", "Environment Canada": a
        government body whose own name holds its country is based there (a company's is not: the
        country in "Air India" names no seat)."""
        if ent.label_ != "ORG" or not any(t.lemma_.lower() in self.relations.words("government_nouns") or
                                          t.lower_ in self.relations.words("government_nouns") for t in ent):
            return []
        words = [t for t in ent if not t.is_punct and t.lower_ != "the"]
        for n in (3, 2, 1):
            for piece in (words[:n], words[-n:]):
                if len(piece) < n:
                    continue
                text = " ".join(t.text for t in piece)
                country = demonym_country(text, self.names) or (text if self._is_country(text) else "")
                if not country:
                    continue
                country = self.names.aliases.get(country.lower(), country)
                obj = Mention(country, "GPE", piece[0].idx, piece[-1].idx + len(piece[-1]), ENTITY)
                return [NominalFact(ent, "based_in", obj, (ent.start, ent.end), CONFIDENCE["name"], ent.text)]
        return []

    def anchor(self, ent: Span) -> Token:
        """The token a name's phrases hang from: its root, or the noun it names ("the Amazon rainforest")."""
        if _modifier_of_a_noun(ent) and self._names_its_noun(ent):
            return ent.root.head
        return ent.root

    def kind_of(self, ent: Span) -> str:
        """The entity's type, or what the noun it names says it is: "the Amazon [rainforest]" is a place,
        "the Houthi [movement]" an organisation, whatever NER said of the name alone."""
        anchor = self.anchor(ent)
        if anchor.i == ent.root.i:
            last = ent[-1].lower_
            if ent.label_ == "PERSON" and len(ent) > 1 and last in self.relations.words("institution_nouns"):
                return "ORG"  # "the Steven F. Udvar-Hazy Center": named after a person, not one
            return ent.label_
        noun = anchor.lemma_.lower()
        return "ORG" if noun in self.relations.words("type_nouns") else "LOC"

    def _names_its_noun(self, ent: Span) -> bool:
        """"the [Amazon] rainforest", "the [Houthi] movement": a name before a noun of its own kind is
        the thing the noun phrase means."""
        noun = ent.root.head.lemma_.lower()
        return noun in self.relations.words("type_nouns") or noun in self.relations.words("place_nouns") \
            or noun in ("rainforest", "forest", "jungle", "sea", "ocean", "gulf")

    def _context_country(self, ent: Span, seg: "Segment") -> tuple[Target, ...]:
        """"Prime Minister X" with no country in the phrase: a national office is held in the one country
        its sentence names, or else in the country the document is clearly about."""
        posts = self.relations.words("national_offices") | self.relations.words("national_staff")
        office = seg.role_words.split()[-1] if seg.role_words else ""
        written = " ".join(_role_word(t) for t in self.doc[seg.tokens[0]:seg.tokens[1]]).strip()
        if seg.role_words not in posts and office not in posts and written not in posts \
                or seg.role_words.startswith("shadow"):
            return ()
        if any(t.i in self.ent_at and not self._portfolio(self.ent_at[t.i]) and not seg.role_span[0] <= t.i < seg.role_span[1]
               for t in self.doc[seg.tokens[0]:seg.tokens[1]]):
            return ()  # the title names something, whatever its type ("Niger's president"): no guessing
        sent = ent.sent
        if office in self.relations.words("ambiguous_offices") and any(
                e.label_ == "ORG" and sent.start <= e.start < sent.end and not self._name_country(e) for e in self.ents):
            return ()  # "the Court is led by President X": the president of what the sentence names
        titled = self._title_tokens(sent, ent)
        in_sentence = {c for c in (self._country_of(e) for e in self.ents if sent.start <= e.start < sent.end
                                   and e.start not in titled and not self._of_a_role(e)) if c}
        country = next(iter(in_sentence)) if len(in_sentence) == 1 else self.home_country
        if not country:
            return ()
        return (Target(ent, "GPE", country, "context", True),)

    def _of_a_role(self, ent: Span) -> bool:
        """"Thailand's foreign minister": a country that names another role's country."""
        head = ent.root.head
        return ent.root.dep_ in ("poss", "compound", "amod", "nmod") and head.i not in self.ent_at and \
            bool(self.relations.role(_role_word(head)))

    def _title_tokens(self, sent: Span, ent: Span) -> set[int]:
        """Token indexes inside the titles of the sentence's other people ("... spoke with [US] Secretary
        of State X"): a country there is theirs, not the sentence's."""
        out: set[int] = set()
        for other in self.ents:
            if other.label_ == "PERSON" and sent.start <= other.start < sent.end and other.start != ent.start:
                out.update(t.i for t in self.title(other))
        return out

    def _country_of(self, ent: Span) -> str:
        """The country an entity names (by name, alias or nationality adjective, or a government body's
        own name: "the United States House of Representatives"), or ""."""
        if ent.label_ == "ORG":
            found = self._name_country(ent)
            return found[0].object.text if found else ""
        if ent.label_ == "NORP":
            return demonym_country(ent.text, self.names) if demonym_country(ent.text, self.names).lower() in self.countries else ""
        if ent.label_ == "GPE" and self._is_country(ent.text):
            text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            return self.names.aliases.get(text.lower(), text)
        return ""

    @property
    def home_country(self) -> str:
        """The country the document is clearly about: named at least three times, twice as often as
        any other (else "")."""
        if self._home is None:
            counts: dict[str, int] = {}
            for e in self.ents:
                country = self._country_of(e)
                if country:
                    counts[country] = counts.get(country, 0) + 1
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            top = ranked[0] if ranked else ("", 0)
            second = ranked[1][1] if len(ranked) > 1 else 0
            self._home = top[0] if top[1] >= 3 and top[1] >= 2 * second else ""
        return self._home

    def _name_parent(self, ent: Span) -> list[NominalFact]:
        """"the House Judiciary Committee", "ABS-CBN News Channel": a unit named after an organisation the
        document names on its own is part of it."""
        if ent.label_ != "ORG" or ent.root.lemma_.lower() not in self.relations.words("part_nouns"):
            return []
        words = [t for t in ent if t.lower_ != "the"]
        parents = {form: other for other in self.ents if other.label_ == "ORG"
                   and other[-1].lemma_.lower() not in self.relations.words("part_nouns") for form in name_forms(other)}
        for form in parents:
            name = list(form)  # a company also without its suffix: "Meridian" of "Meridian Corporation"
            if 0 < len(name) < len(words) - 1 and [t.text for t in words[:len(name)]] == name:
                parent = self.doc[words[0].i:words[len(name) - 1].i + 1]
                obj = Mention(parent.text, "ORG", parent.start_char, parent.end_char, ENTITY)
                return [NominalFact(ent, "part_of", obj, (ent.start, ent.end), CONFIDENCE["name"], ent.text)]
        return []

    def _conjunct_countries(self, ent: Span) -> tuple[Target, ...]:
        """The countries named in the title of the name this one is conjoined to."""
        root = ent.root
        if root.dep_ != "conj":
            return ()
        first = self.ent_at.get(root.head.i)
        if first is None or first.label_ != ent.label_:
            return ()
        targets = []
        for part in self._split_roles(self.title(first)):
            seg = self.segment(part, first)
            if seg is not None:
                targets.extend(t for t in seg.targets if t.country)
        return tuple(targets)

    def _split_roles(self, tokens: list[Token]) -> list[list[Token]]:
        """Cut a title at "and" and after each role: "AU chairperson | President X" is two roles, each
        with the names before it."""
        parts = []
        for part in _split(tokens):
            start = 0
            words = [_role_word(t) for t in part]
            for end in range(1, len(part) + 1):
                nxt = words[end] if end < len(part) else ""
                # a role ends here unless the next word continues it ("prime | minister")
                if self.relations.role(words[end - 1]) and not self.relations.role(f"{words[end - 1]} {nxt}") \
                        and nxt not in ("of", "for", "to", "at") and end < len(part) \
                        and not self.ent_at.get(part[end].i) and self.relations.role(nxt):
                    parts.append(part[start:end])
                    start = end
            parts.append(part[start:])
        return [p for p in parts if p]

    def appositions(self, ent: Span) -> list[list[Token]]:
        """The noun phrases in apposition to a name, in either direction ("X, the head of Y" / "the
        head of Y, X"), without determiners, clauses and punctuation."""
        root = self.anchor(ent)
        phrases = []
        if root.dep_ == "appos" and not _inside(root.head, ent) and root.head.pos_ in ("NOUN", "PROPN") \
                and not root.head.ent_type_:
            # "the Chilean energy minister, Paula Reyes": the common noun describes the name (a name in
            # apposition to another name is a place chain or a list, read elsewhere)
            head = root.head
            phrases.append((_phrase(head, exclude=root), _head_noun(head)))
        for child in root.children:
            if child.dep_ == "appos" and not _inside(child, ent) and child.i not in self.ent_at:
                # (an apposition headed by a name is a list or a restatement: "A, B's C")
                phrases.append((_phrase(child), _head_noun(child)))
        return [(p, h) for p, h in phrases if p and not self._same_kind_name(p, ent) and not self._titles_another(p, h, ent)]

    def _titles_another(self, phrase: list[Token], head: Token, ent: Span) -> bool:
        """"A, Peruvian president B": the apposition's noun is the title of another name in it."""
        for t in phrase:
            other = self.ent_at.get(t.i)
            if other is not None and other.label_ == "PERSON" and not _overlaps(other, ent) \
                    and head.i in {w.i for w in self.title(other)}:
                return True
        return False

    def predicates(self, ent: Span) -> list[list[Token]]:
        """"X is/was/became the president of Y", "X, who was Y's envoy": the predicate noun phrase."""
        root = self.anchor(ent)
        verb = root.head
        if root.dep_ not in ("nsubj", "nsubjpass"):
            return []
        if any(c.dep_ == "neg" for c in verb.children):
            return []  # "Brazil is not a member of G7"
        phrases = []
        verbs = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]  # "was forced to resign as X"
        for v in verbs:
            for child in v.children:
                if child.dep_ in ("attr", "oprd") and v.lemma_ in ("be", "become", "remain", "name", "appoint", "elect"):
                    phrases.append((_phrase(child), _head_noun(child)))
                elif child.dep_ == "prep" and child.lower_ == "as" and v.lemma_ in AS_VERBS:
                    phrases.extend((_phrase(o), _head_noun(o)) for o in child.children if o.dep_ == "pobj")
        return [(p, h) for p, h in phrases if p and not self._same_kind_name(p, ent)]

    def relative_predicates(self, ent: Span) -> list[list[Token]]:
        """"X, who was the president of Y": a relative clause with a predicate noun."""
        out = []
        for child in self.anchor(ent).children:
            if child.dep_ != "relcl":
                continue
            if child.lemma_ in ("be", "become", "remain") and any(c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT") for c in child.children) \
                    and not any(c.dep_ == "neg" for c in child.children):
                out.extend((_phrase(c), _head_noun(c)) for c in child.children if c.dep_ == "attr")
        return [(p, h) for p, h in out if p]

    def attached(self, ent: Span) -> list[Target]:
        """Named things in prepositional phrases on the name: "Alba of Peru", "Chan from the X Party"."""
        out = []
        root = self.anchor(ent)
        if root.dep_ == "pobj" and root.head.lower_ in ("against", "with", "between", "by", "over"):
            return out  # "the fight against ISIS in X": where the fight was, not where ISIS is
        for prep in root.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "from", "in", "at", "for"):
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                for item in (pobj, *pobj.conjuncts):
                    other = self.ent_at.get(item.i)
                    if other is not None and not _overlaps(other, ent):
                        out.extend(self.target(place, prep.lower_) for place in self._address(other))
        return out

    def _address(self, place: Span) -> list[Span]:
        """"in Seattle, Washington": the place and the places after it in its address chain."""
        chain = [place]
        while len(chain) < 4:
            end = chain[-1].end
            if end + 1 >= len(self.doc) or self.doc[end].text != ",":
                break
            nxt = self.ent_at.get(end + 1)
            if nxt is None or nxt.start != end + 1 or nxt.label_ not in ("GPE", "LOC") or chain[-1].label_ not in PLACES \
                    or _in_a_list(nxt) or _in_a_list(chain[-1]):
                break
            chain.append(nxt)
        return chain

    def _political(self, ent: Span) -> bool:
        """Whether the sentence speaks of elections or parties (then "X of Y" is a party membership)."""
        words = self.relations.words("political_context")
        return any(t.lemma_.lower() in words for t in ent.sent)

    def _same_kind_name(self, phrase: list[Token], ent: Span) -> bool:
        """An apposition that is only a name ("X, Y") is a list or a restatement, not a description
        (places in a chain are read by ``place_chain_facts``)."""
        return not any(t.pos_ == "NOUN" or t.tag_ == "POS" or self.relations.role(_role_word(t)) for t in phrase)

    # ---------------------------------------------------------------------------------- facts
    def facts(self) -> list[NominalFact]:
        out: list[NominalFact] = []
        for ent in self.ents:
            if ent.label_ == "NORP" and self.anchor(ent).i == ent.root.i:
                continue  # a nationality or group on its own; "the Houthi movement" is read as an organisation
            out.extend(self.facts_of(ent))
        out.extend(self.event_facts())
        out.extend(self.claimed_attacks())
        return out

    # ---------------------------------------------------------------------------------- claimed attacks
    def claimed_attacks(self) -> list[NominalFact]:
        """A news story of one attack: when exactly one party claims "the attack" (or carried it out),
        it attacked whatever the story says the attack hit ("the strikes hit Aramco's plant at X")."""
        claimants = {}
        for token in self.doc:
            for agent in self._claimants(token):
                claimants.setdefault(agent.text, agent)
        if len(claimants) != 1:
            return []
        agent = next(iter(claimants.values()))
        out = []
        for noun, target in self._attack_targets():
            if not _overlaps(target, agent):
                out.append(self._event_fact(noun, agent, "attacked", target, "claimed"))
        return out

    def _claimants(self, token: Token) -> list[Span]:
        """"X claimed (responsibility for) the attack", "the attack was claimed / carried out by X"."""
        attack_nouns = self.relations.words("attack_nouns")
        if token.pos_ != "VERB" or token.lemma_.lower() not in self.relations.words("claiming_verbs") \
                or any(c.dep_ == "neg" for c in token.children):
            return []
        objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        objects += [g for c in objects for p in c.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
        # "claimed the attack", "claimed responsibility" (in a story of an attack: for it)
        if not any(o.lemma_.lower() in attack_nouns or o.lemma_.lower() == "responsibility" and token.lemma_ == "claim"
                   for o in objects):
            return []
        if any(c.dep_ == "nsubjpass" for c in token.children):
            heads = [g for a in token.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
        else:
            heads = [c for c in token.children if c.dep_ == "nsubj"]
        return [e for h in heads for e in [self.ent_at.get(stands_for(nominal_named_by(h), self.relations).i)]
                if e is not None and e.label_ in ("ORG", "PERSON", "GPE", "NORP")]

    def _attack_targets(self) -> list[tuple[Token, Span]]:
        """What the story says an attack hit: "the attacks struck X", "X was hit by strikes"."""
        attack_nouns, hitting = self.relations.words("attack_nouns"), self.relations.words("hitting_verbs")
        out = []
        for noun in self.doc:  # "an attack on oil facilities in X"
            if noun.pos_ == "NOUN" and noun.lemma_.lower() in attack_nouns:
                where = _located_at(noun, self.ent_at)
                for pobj in (g for p in noun.children if p.dep_ == "prep" and p.lower_ in ("on", "against")
                             for g in p.children if g.dep_ == "pobj"):
                    name = self.ent_at.get(pobj.i) or self.ent_at.get(getattr(owner_token(pobj), "i", -1))
                    if name is None and where and pobj.pos_ == "NOUN":
                        name = where  # "an attack on oil infrastructure in X"
                    if name is not None and name.label_ in OWNER_TYPES:
                        out.append((noun, name))
        for verb in self.doc:
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in hitting:
                continue
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if not subjects and verb.dep_ == "conj":  # "the attacks occurred at dawn and struck X"
                subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
            agents = [g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
            attacking = verb.lemma_.lower() in self.relations.words("attack_verbs")
            if attacking or any(s.lemma_.lower() in attack_nouns for s in subjects):  # "the attacks struck X"
                hit = [o for c in verb.children if c.dep_ == "dobj" for o in (c, *c.conjuncts)]
                if attacking:  # "X's website was attacked by hackers"
                    hit += [c for c in verb.children if c.dep_ == "nsubjpass"]
            elif any(a.lemma_.lower() in attack_nouns for a in agents):  # "X was hit by strikes"
                hit = [c for c in verb.children if c.dep_ == "nsubjpass"]
            else:
                continue
            where = _located_at(verb, self.ent_at)  # "struck a pumping station at X"
            for thing in hit:
                names = [self.ent_at[thing.i]] if thing.i in self.ent_at else \
                    [self.ent_at[t.i] for t in owner_tokens(thing) if t.i in self.ent_at]
                if not names and where is not None and thing.pos_ == "NOUN":
                    names = [where]
                out.extend((verb, name) for name in names if name.label_ in OWNER_TYPES)
        return out

    # ---------------------------------------------------------------------------------- event nouns
    def event_facts(self) -> list[NominalFact]:
        """Events named by a noun: "Trump's call with X", "a meeting between A and B", "the US strike on
        X", "the attack on X by Y". The lexicon's noun frames (call_with, attack_on) give the relation;
        the agent is the possessor, a name compounded with the noun, or a "by" phrase."""
        out = []
        for noun in self.doc:
            if noun.pos_ != "NOUN" or noun.ent_type_:
                continue
            out.extend(self._target_of(noun))
            for prep in noun.children:
                if prep.dep_ != "prep":
                    continue
                relation = self.relations.canonical(f"{noun.lemma_.lower()}_{prep.lower_}", f"{noun.lower_}_{prep.lower_}")
                if relation is None:
                    continue
                objects = [self.ent_at[t.i] for pobj in prep.children if pobj.dep_ == "pobj"
                           for t in (pobj, *pobj.conjuncts) if t.i in self.ent_at]
                if prep.lower_ == "between":
                    out.extend(self._pairs(noun, relation, objects))
                    continue
                for agent in self._agents(noun):
                    for obj in objects:
                        if not _overlaps(agent, obj):
                            out.append(self._event_fact(noun, agent, relation, obj))
        return out

    def _target_of(self, noun: Token) -> list[NominalFact]:
        """"X was the target of a Y attack": the copula's subject is what the event noun's agent hit."""
        relation = self.relations.canonical(f"{noun.lemma_.lower()}_on", f"{noun.lower_}_on")
        prep, target = noun.head, noun.head.head
        if relation is None or noun.dep_ != "pobj" or prep.lower_ != "of" or target.lemma_.lower() != "target" \
                or target.dep_ != "attr":
            return []
        subject = next((c for c in target.head.children if c.dep_ == "nsubj"), None)
        patient = self.ent_at.get(subject.i) if subject is not None else None
        if patient is None:
            return []
        return [self._event_fact(noun, agent, relation, patient) for agent in self._agents(noun)
                if not _overlaps(agent, patient)]

    def _agents(self, noun: Token) -> list[Span]:
        agents = []
        for child in noun.children:
            ent = self.ent_at.get(child.i)
            if child.dep_ in ("poss", "compound", "amod", "nmod") and ent is not None:
                agents.append(ent)  # "Trump's call", "the US strike", "an Al-Qaeda attack"
            elif child.dep_ == "poss" and child.i in self.coref:
                agents.append(self.coref[child.i])  # "his call with X"
            elif child.dep_ == "prep" and child.lower_ == "by":  # "the attack ... by Y", "... by Mexican troops"
                agents.extend(p for pobj in child.children if pobj.dep_ == "pobj"
                              for t in (pobj, *pobj.conjuncts) if (p := self._party(t)) is not None)
        return [a for a in agents if a.label_ in NAMED]

    def _party(self, token: Token) -> Span | None:
        """The named party a word stands for: a name, the name a type noun carries, or the nationality
        or group word of a plural of people ("Mexican troops", "Houthi rebels")."""
        found = self.ent_at.get(token.i) or self.ent_at.get(stands_for(token, self.relations).i)
        if found is None and token.pos_ == "NOUN":
            found = next((self.ent_at[c.i] for c in token.lefts
                          if c.dep_ in ("amod", "compound") and c.i in self.ent_at and self.ent_at[c.i].label_ == "NORP"),
                         None)
        return found

    def _pairs(self, noun: Token, relation: str, parties: list[Span]) -> list[NominalFact]:
        """"a meeting between A and B", "a pact between A, B and C": every two of them."""
        if not self.relations.schema.is_symmetric(self.relations.schema_of(relation)):
            return []
        return [self._event_fact(noun, a, relation, b) for n, a in enumerate(parties) for b in parties[n + 1:]]

    def _event_fact(self, noun: Token, agent: Span, relation: str, obj: Span, kind: str = "event") -> NominalFact:
        # the evidence is where the agent, the event and the object are named (the event's sentence
        # when the agent was named in another one)
        near = [x for x in (agent.start, agent.end - 1) if noun.sent.start <= x < noun.sent.end] or [noun.i]
        start = min(near[0], noun.i, obj.start)
        end = max(near[-1] + 1, noun.i + 1, obj.end)
        return NominalFact(self._as_target(agent), relation, self._as_target(obj), (start, end),
                           CONFIDENCE[kind], self.doc[start:end].text, _governing_verb(noun))

    def _as_target(self, ent: Span) -> Span | Mention:
        """A nationality adjective as a party stands for its country ("the Turkish strike on X"), a group
        adjective with its group noun for the group ("the Houthi movement")."""
        group = group_name(self.anchor(ent), self.relations) if self.anchor(ent).i != ent.root.i else None
        if group is not None:
            return Mention(group.text, "ORG", group.start_char, group.end_char, ENTITY)
        found = self.target(ent, "pre")
        if found is not None and found.text != ent.text:
            return Mention(found.text, found.label, ent.start_char, ent.end_char, ENTITY)
        return ent

    def facts_of(self, ent: Span) -> list[NominalFact]:
        if _modifier_of_a_noun(ent) and not self._names_its_noun(ent):
            return []  # "the [James Webb] telescope", "[Trump]'s White House staff": not the thing itself
        segments: list[tuple[str, Segment]] = []
        title = self.title(ent) or self._shared_title(ent)
        for kind, phrases in (("title", [(part, None) for part in self._split_roles(title)]),
                              ("apposition", self.appositions(ent)),
                              ("predicate", self.predicates(ent) + self.relative_predicates(ent))):
            for phrase, head in phrases:
                parts = [phrase] if head is not None else [phrase]
                for part in parts:
                    seg = self.segment(part, ent, head if head is not None and head in part else None)
                    if seg is not None and (seg.role or seg.targets or seg.noun):
                        segments.append((kind, seg))
        segments = _lend_names(segments)
        attached = self.attached(ent)
        facts: list[NominalFact] = self._name_country(ent) + self._name_parent(ent)
        nearest = _nearest_title_segment(segments, ent)
        for kind, seg in segments:
            targets = seg.targets
            if not targets and seg.role and (kind != "title" or seg is nearest):
                # "President X of Peru": a phrase on the name completes the role nearest to it; failing
                # that, "Israeli prime minister A and energy minister B": the country of A's title
                targets = tuple(attached) or self._conjunct_countries(ent) or self._context_country(ent, seg)
            for target in targets:
                facts.extend(self._relate(ent, seg, target, "context" if target.attach == "context" else kind))
        if attached and not any(seg.role for _k, seg in segments):
            noun = next((seg.noun for _k, seg in segments if seg.noun), "")
            bare = Segment(None, "", noun, tuple(attached), (ent.start, ent.end))
            for target in attached:
                facts.extend(self._relate(ent, bare, target, "attached"))
        return facts

    def _relate(self, ent: Span, seg: Segment, target: Target, kind: str) -> list[NominalFact]:
        noun = ent.root.lemma_.lower()
        facility = noun in self.relations.words("facility_nouns")
        relations = relations_for(self.kind_of(ent), seg, target, self.relations, self._political(ent), facility, noun)
        out = []
        start = min(ent.start, seg.tokens[0], target.span.start)
        end = max(ent.end, seg.tokens[1], target.span.end)
        obj: Span | Mention = target.span
        if target.attach == "context":  # a country the phrase does not name: no offsets of its own
            obj = Mention(target.text, target.label, -1, -1, ENTITY)
        elif target.text != target.span.text:
            obj = Mention(target.text, target.label, target.span.start_char, target.span.end_char, ENTITY)
        confidence = CONFIDENCE.get(kind, 0.7)
        subject: Span | Mention = ent
        group = group_name(self.anchor(ent), self.relations) if self.anchor(ent).i != ent.root.i else None
        if group is not None:  # "the Houthi movement"
            subject = Mention(group.text, "ORG", group.start_char, group.end_char, ENTITY)
        elif self.kind_of(ent) != ent.label_:  # "the Amazon rainforest": the name as the place it is
            subject = Mention(ent.text, self.kind_of(ent), ent.start_char, ent.end_char, ENTITY)
        for relation in relations:
            out.append(NominalFact(subject, relation, obj, (start, end), confidence, self.doc[start:end].text))
        return out


#: How often each kind of description is right (a title sits closest to the name).
CONFIDENCE = {"title": 0.85, "apposition": 0.8, "predicate": 0.75, "attached": 0.75, "event": 0.7, "name": 0.75,
              "context": 0.6, "claimed": 0.55}


def relations_for(holder: str, seg: Segment, target: Target, lexicon: RelationLexicon,
                  political: bool = False, facility: bool = False, noun: str = "") -> list[str]:
    """What a description with ``seg``'s role and noun states between a ``holder`` entity and ``target``.

    The role's own relation where the lexicon has one ("foreign_minister_of"); otherwise the types
    decide. The schema's type constraints are checked where the triple is made. ``political``: the
    sentence is about elections or parties, where "X of Y" names a party. ``facility``: the holder's
    name ends in a building or site noun ("Air Force Base"), a place however NER typed it. ``noun``:
    the head word of the holder's own name ("program").
    """
    out: list[str] = []
    if holder == "PERSON":
        if seg.noun in lexicon.words("unaffiliated_nouns") and not seg.role:
            return out  # "a student at X", "a critic of X": no tie the schema names
        if seg.role and lexicon.allows(seg.role, "PERSON", target.label):
            out.append(seg.role)  # "Defence Minister" + Denmark, "head of" + the party, "his wife" + him
        elif not seg.role and target.label == "ORG":
            # "DAB's X", "X of the Labour Party": a party (or a member noun) or else an employer
            joins = seg.noun in lexicon.words("member_nouns") or _party_like(target, lexicon) or political
            out.append("member_of" if joins else "works_for")
        offices = lexicon.words("national_offices")
        office = seg.role_words.split()[-1] if seg.role_words else ""
        # a country the context supplies makes an office holder its citizen, not a spokesperson
        staff = target.attach == "context" and seg.role_words not in offices and office not in offices
        if target.country and seg.noun not in lexicon.words("hired_roles") and not staff:
            out.append("citizen_of")  # "Danish X", "X of Denmark", "Denmark's X" (not a team's hired coach)
    elif holder == "ORG":
        if seg.noun in lexicon.words("non_org_nouns") or noun in lexicon.words("non_org_nouns"):
            return out  # "X, a project between A and B", "NASA's Space Shuttle Program": no organisation
        if seg.role == "member_of" and target.label in ("ORG", "GPE"):
            out.append("member_of")  # "X, a member of the alliance"
        elif (target.label in PLACES or target.country) and facility:
            out.append("located_in")  # "the X Air Force Base in Ohio": a place, whatever NER said
        elif target.label in PLACES or target.country:
            out.append("based_in")  # "the Danish oil producer X", "X in Oslo", "Denmark's X"
        elif target.label == "ORG" and (seg.noun in lexicon.words("part_nouns") or target.attach == "poss"
                                        or target.attach == "pre" and not seg.noun and not seg.role
                                        and target.span.end == seg.tokens[1]):
            out.append("part_of")  # "the Smithsonian's X museum", "X, a unit of Y", "the BBC World Service"
    elif holder in PLACES:
        if seg.role == "member_of":
            if target.label == "ORG":
                out.append("member_of")  # "Benin, a member of the AU"
        elif target.label in ("GPE", "LOC") and not (target.country and holder == "GPE" and seg.noun == "") \
                and (target.attach != "pre" or seg.noun in lexicon.words("place_nouns")):
            out.append("located_in")  # "Niamey, Niger's capital", "X in Y", "the Peruvian city X"
    return out


def _party_like(target: Target, lexicon: RelationLexicon) -> bool:
    """A political party, alliance or bloc by the words of its name ("Labour Party", "Green Alliance")."""
    words = {w.lower().strip(".") for w in target.text.split()}
    return bool(words & lexicon.words("party_words"))


# -------------------------------------------------------------------------------------- place chains
PLACE_NOUNS = frozenset({"city", "town", "village", "province", "region", "district", "state", "county", "area"})


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
        if left.label_ not in PLACES or right.label_ not in PLACES:
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


# -------------------------------------------------------------------------------------- helpers
def _role_word(token: Token) -> str:
    """A token as the role lexicon spells it: lower case, plural nouns singular ("ministers")."""
    if token.is_punct:
        return ""
    lowered = token.lower_
    if token.tag_ in ("NNS", "NNPS") or (token.tag_ == "NNP" and lowered.endswith("s") and not lowered.endswith("ss")):
        return token.lemma_.lower() if token.lemma_.lower() != lowered else lowered[:-1]  # "Presidents"
    return lowered


def _plural(token: Token) -> bool:
    """"Presidents", "ministers": a plural noun (also a capitalised one the tagger called singular)."""
    return token.tag_ in ("NNS", "NNPS") or token.lower_.endswith("s") and not token.lower_.endswith("ss")


def _title_word(token: Token) -> bool:
    return token.pos_ in ("PROPN", "NOUN", "ADJ") and not token.is_punct


def _inside(token: Token, span: Span) -> bool:
    return span.start <= token.i < span.end


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _phrase(head: Token, exclude: Token | None = None) -> list[Token]:
    """A noun phrase for reading a description: the head's subtree up to a clause or a comma after the
    head, without leading determiners and the ``exclude`` subtree (with the other appositions beside it:
    "councillors A of X, B of Y" describes B without A)."""
    excluded = {t.i for t in exclude.subtree} if exclude is not None else set()
    if exclude is not None:
        for sibling in head.children:
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


OWNER_TYPES = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PERSON"})


def stands_for(token: Token, relations: RelationLexicon) -> Token:
    """The name a noun phrase stands for: its named apposition ("a Democrat, John Ray") or the name a
    type noun carries ("the Green Ocean think tank", "the Houthi movement"); else the token itself."""
    if token.ent_type_ == "PERSON" or token.pos_ not in ("NOUN", "PROPN"):
        return token
    for child in token.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            return child
    noun = token.lemma_.lower()
    if token.pos_ == "NOUN" and not token.ent_type_ and noun in relations.words("type_nouns"):
        for child in token.lefts:
            if child.dep_ in ("compound", "amod", "nmod") and (child.ent_type_ in ("ORG", "NORP") or (
                    # a place's government stands for it; "the Montreal team" does not
                    child.ent_type_ == "GPE" and noun in relations.words("government_nouns"))):
                return child
    return token


def group_name(token: Token, relations: RelationLexicon) -> Span | None:
    """"the Houthi movement", "Kurdish rebels": a group noun (``group_nouns``) with a nationality or
    group word names an organisation by both words; the span of them, or None."""
    if token.pos_ != "NOUN" or token.ent_type_ or token.lemma_.lower() not in relations.words("group_nouns"):
        return None
    # a nationality or group word, or a one-word name ("the Houthi movement" tagged either way)
    left = [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod") and (
        c.ent_type_ == "NORP" or c.ent_type_ in ("ORG", "PERSON") and c.ent_iob_ == "B" and c.i + 1 == token.i)]
    if not left or left[-1].i + 1 != token.i:
        return None
    start = left[-1].i
    while start > 0 and token.doc[start - 1].ent_iob_ == "I" and token.doc[start - 1].ent_type_ == "NORP":
        start -= 1
    while token.doc[start].ent_iob_ == "I":
        start -= 1
    return token.doc[start:token.i + 1]


def owner_tokens(head: Token) -> list[Token]:
    """The named owners of a thing: "[PKK] positions", "[Aramco]'s plant", "the plant at [Abqaiq] and
    [the Khurais] field", "facilities belonging to [Aramco]" (tokens of the names), nearest first."""
    out: list[Token] = []
    for child in head.children:
        if child.dep_ in ("compound", "poss", "nmod") and child.ent_type_ in OWNER_TYPES:
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ in ("at", "of", "in"):
            for pobj in (p for p in child.children if p.dep_ == "pobj"):
                for item in (pobj, *pobj.conjuncts):
                    if item.ent_type_ in OWNER_TYPES - {"PERSON", "NORP"}:
                        out.append(item)
                    elif item.pos_ == "NOUN":  # "... and the [Khurais] oil field"
                        out.extend(c for c in item.lefts if c.dep_ == "compound" and c.ent_type_ in OWNER_TYPES)
        elif child.dep_ == "acl" and child.lemma_ in ("belong", "own", "operate", "run"):
            for pobj in (g for prep in child.children if prep.dep_ in ("prep", "agent") for g in prep.children):
                if pobj.dep_ == "pobj" and pobj.ent_type_ in OWNER_TYPES:
                    out.append(pobj)
    return out


def owner_token(head: Token) -> Token | None:
    """The nearest named owner of a thing (``owner_tokens``), or None."""
    found = owner_tokens(head)
    return found[0] if found else None


def _located_at(token: Token, ent_at: dict[int, Span]) -> Span | None:
    """The named place of an "at"/"in" phrase on a word: where an event happened or a thing was."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in ("at", "in"):
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.i in ent_at and ent_at[pobj.i].label_ in ("GPE", "LOC", "FAC"):
                    return ent_at[pobj.i]
    return None


def demonym_country(text: str, names: NameLexicon) -> str:
    """The country a nationality word names ("Ethiopians" -> Ethiopia), or ""."""
    lowered = text.lower()
    found = names.demonyms.get(lowered)
    if not found and lowered.endswith("s"):
        found = names.demonyms.get(lowered[:-1])  # a plural: "Ethiopians", "Afghans"
    return found or ""


def _governing_verb(noun: Token) -> Token | None:
    """The verb whose argument an event noun is: "planned [a meeting]", "helped facilitate [a meeting]"."""
    token = noun
    for _ in range(4):
        if token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


def _lend_names(segments: list[tuple[str, "Segment"]]) -> list[tuple[str, "Segment"]]:
    """"AU trade and industry commissioner": a title segment with names and no role lends its names to
    the role segment right after it."""
    out: list[tuple[str, Segment]] = []
    for kind, seg in segments:
        if out and kind == "title" and out[-1][0] == "title" and seg.role and not seg.targets \
                and out[-1][1].targets and not out[-1][1].role and out[-1][1].tokens[1] + 1 >= seg.tokens[0]:
            previous = out.pop()[1]
            seg = Segment(seg.role, seg.role_words, seg.noun, previous.targets, (previous.tokens[0], seg.tokens[1]),
                          seg.role_span)
        out.append((kind, seg))
    return out


def _nearest_title_segment(segments: list[tuple[str, "Segment"]], ent: Span) -> "Segment | None":
    """The title segment nearest the name (its own, or the one its coordination shares)."""
    titles = [seg for kind, seg in segments if kind == "title"]
    return titles[-1] if titles else None


def _head_noun(token: Token) -> Token:
    """The noun a phrase is about: "[one] of the president's aides" -> aides."""
    if token.lower_ in ("one", "some", "many", "all", "each", "several", "both", "none"):
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return token


def _modifier_of_a_noun(ent: Span) -> bool:
    """A name used as a modifier of a common noun names something else: "the James Webb telescope"."""
    root = ent.root
    return root.dep_ in ("compound", "nmod") and root.head.pos_ == "NOUN" and not root.head.ent_type_ \
        and root.head.i > root.i


def _split(tokens: list[Token]) -> list[list[Token]]:
    """Cut a description at "and" and commas: each part holds one role ("leader and prime minister")."""
    parts: list[list[Token]] = [[]]
    for t in tokens:
        if t.lower_ in SEGMENT_BREAKS and not t.ent_type_:
            parts.append([])
        else:
            parts[-1].append(t)
    return [p for p in parts if p]
