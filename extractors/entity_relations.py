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

from dataclasses import dataclass, replace
from typing import Iterable

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from kgbuilder.extractors.arrays import Bounds, children, indexes_with, sentence_bounds
from kgbuilder.extractors.english import EMPLOYER_PREPS, SKIPPED_PREPS
from kgbuilder.extractors.lexicon import NameLexicon, RelationLexicon
from kgbuilder.extractors.name_propagation import name_forms
from kgbuilder.graph.variants import compass_rest
from kgbuilder.extractors.nominal import (
    NAMED,
    PLACES,
    NounPhrases,
    group_name,
    inside,
    modifier_of_a_noun,
    overlaps,
    plural,
    role_word,
    split,
)
from kgbuilder.graph.model import ENTITY, Mention
from kgbuilder.graph.names import name_key



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
        self._topics: dict[int, frozenset[str]] = {}  # sentence start -> its topics (see ``topics``)
        self._sporting: bool | None = None
        self._political_at: list[int] | None = None  # tokens of political_context's words
        self._compass: dict[str, set[str]] | None = None  # "korea" -> {"South Korea"}
        self._countries_of: dict[tuple[int, int], str] = {}  # entity token range -> the country it names
        self.relations = relations
        self.names = names
        self.np = NounPhrases(doc, ents, relations)
        self.ents, self.ent_at = self.np.ents, self.np.ent_at
        self.countries = names.country_names  # sovereign states (name keys), for citizenship and national offices

    # ---------------------------------------------------------------------------------- targets
    def target(self, ent: Span, attach: str) -> Target | None:
        """The entity as a relation's object; nationality adjectives stand for their country, a group
        word with its group noun for the group ("the Indonesian military")."""
        anchor = self.np.anchor(ent)
        group = group_name(anchor, self.relations) if anchor.i != ent.root.i else None
        if group is not None:
            return Target(group, "ORG", group.text, attach, False)
        if ent.label_ == "NORP" or ent.label_ == "GPE" and not self._is_country(ent.text):
            # a nationality word, also where the tagger took it for a place ("the Ugandan president")
            country = demonym_country(ent.text, self.names)
            if country:
                return Target(ent, "GPE", country, attach, True)
            if ent.label_ == "NORP":
                return Target(ent, "NORP", ent.text, attach, False)
        text = ent.text
        country = ent.label_ == "GPE" and self._is_country(text)
        if ent.label_ == "GPE" and not country:
            text = self._compass_country(text) or text  # "Korea" in a story of "South Korea"
            country = text != ent.text
        if country and ent.start > 0 and self.doc[ent.start - 1].is_title and \
                self.doc[ent.start - 1].lower_ in self.relations.words("portfolios"):
            # "Environment Canada", "Health Canada": a department named after its portfolio and country
            body = Span(self.doc, ent.start - 1, ent.end, label="ORG")
            return Target(body, "ORG", body.text, attach, False)
        return Target(ent, ent.label_, text, attach, country)

    def _as_employer(self, target: Target, holder: Span) -> Target:
        """For a person, a facility named as an institution ("a surgeon at St Mary's Hospital") is the
        organisation that runs it."""
        span = target.span
        if target.label == "FAC" and self.kind_of(holder) == "PERSON" and isinstance(span, Span) \
                and span[-1].lower_ in self.relations.words("institution_nouns"):
            return replace(target, label="ORG")
        return target

    def _origin(self, ent: Span, read: set[int]) -> list[NominalFact]:
        """"A and B, both from Kenya", "C, 36, from Sydney, Australia", "D, also from Peru": a person's
        country of origin after the name (or after the list it ends, with "both", "all" or "each").
        ``read``: where the places attached to the name start ("X, from Y" parsed onto the name)."""
        if ent.label_ != "PERSON":
            return []
        doc, end, listed = self.doc, ent.end, False
        while end + 1 < len(doc) and doc[end].lower_ in ("and", ",") and self.ent_at.get(end + 1) is not None \
                and self.ent_at[end + 1].label_ == "PERSON":
            end, listed = self.ent_at[end + 1].end, True  # to the list's last name
        while end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].like_num:
            end += 2  # ", 36"
        if end + 2 >= len(doc) or doc[end].text != ",":
            return []
        i = end + 1
        distributive = doc[i].lower_ in ("both", "all", "each")
        if doc[i].lower_ in ("both", "all", "each", "also", "too"):
            i += 1
        if doc[i].lower_ != "from" or (listed and not distributive) or i + 1 not in self.ent_at:
            return []
        out = []
        for place in self.np.address(self.ent_at[i + 1]):
            country = self._country_of(place)
            if country and place.start not in read:
                obj = Mention(country, "GPE", place.start_char, place.end_char, ENTITY)
                out.append(NominalFact(ent, "citizen_of", obj, (ent.start, place.end), CONFIDENCE["attached"],
                                       doc[ent.start:place.end].text))
        return out

    def _compass_country(self, text: str) -> str:
        """The one country the document names as "<North|South|East|West> ``text``", or "" (the same
        rule as the graph's short forms, graph/variants.py)."""
        if self._compass is None:
            self._compass = {}
            for e in self.ents:
                rest = compass_rest(e.text.split()) if e.label_ == "GPE" else ""
                if rest and self._is_country(e.text):
                    self._compass.setdefault(rest, set()).add(e.text)
        found = self._compass.get(text.lower(), set())
        return next(iter(found)) if len(found) == 1 else ""

    def _is_country(self, text: str) -> bool:
        key = name_key(text)
        if key.startswith("the "):
            key = key[4:]
        alias = self.names.alias(text)
        return key in self.countries or (alias is not None and name_key(alias) in self.countries)

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
                # "a reporter with Reuters": "with" after a person's role names the employer
                employer = lowered in EMPLOYER_PREPS or lowered == "with" and holder.label_ == "PERSON" \
                    and t.i > 0 and self.doc[t.i - 1].lower_ in self.relations.role_nouns
                skip_next_entity = lowered in SKIPPED_PREPS and not locative and not employer
                attach = lowered if employer or locative else attach
                continue
            if t.tag_ == "PRP$" and t.i in self.coref:
                # "her husband X", "his son, Y": the owner is who the pronoun stands for
                antecedent = self.coref[t.i]
                if not overlaps(antecedent, holder) and antecedent.start not in seen:
                    seen.add(antecedent.start)
                    targets.append(Target(self.doc[t.i:t.i + 1], antecedent.label_, antecedent.text, "poss",
                                          False))
                continue
            ent = self.ent_at.get(t.i)
            if ent is None or ent.start in seen or ent.label_ not in NAMED or overlaps(ent, holder):
                continue
            seen.add(ent.start)
            if skip_next_entity:
                skip_next_entity = False
                continue
            if role_span[0] < ent.end and ent.start < role_span[1] or self._portfolio(ent):
                continue  # "Secretary of [State]", "[Defence] Secretary": part of the role's name
            if self._modifies_other_noun(ent, describing):
                continue  # "the [Afghan] team's coach", "envoy for [Ukraine] negotiations"
            if ent.start >= 2 and self.doc[ent.start - 1].text in ("-", "–") and \
                    self.doc[ent.start - 2].lower_ in ("pro", "anti", "non", "ex"):
                continue  # "pro-Beijing councillors": for Beijing, not of it
            if self._agent_before_participle(ent):
                continue  # "the [Iranian]-backed movement", "the [Kurdish]-held town": who backs it, not where it is
            how = "poss" if self._possessive(ent) else attach
            found = self.target(ent, how)
            if found is not None:
                targets.append(self._as_employer(found, holder))
        return Segment(role, role_words, noun, tuple(targets), (tokens[0].i, tokens[-1].i + 1), role_span)

    def _agent_before_participle(self, ent: Span) -> bool:
        """"[Iranian]-backed", "[Chinese]-built": a name joined by a hyphen to a participle is its agent;
        only "[Peru]-based" and "-headquartered" say where something is."""
        doc = self.doc
        if ent.end + 1 >= len(doc) or doc[ent.end].text not in ("-", "–") or doc[ent.end].whitespace_:
            return False
        word = doc[ent.end + 1]
        return (word.tag_ == "VBN" or word.pos_ == "VERB") and word.lower_ not in ("based", "headquartered")

    def _role(self, tokens: list[Token], head: Token | None = None) -> tuple[str | None, str, tuple[int, int]]:
        """The lexicon role phrase that ends latest in ``tokens`` (longest on a tie), or that ends at
        ``head``; with its token range."""
        words = [role_word(t) for t in tokens]
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
        """An "entity" made of portfolio words only ("Defence", "Home") names a ministry in a title;
        one that owns the title ("Labour's health spokesperson") is the organisation."""
        if self._possessive(ent):
            return False
        return all(t.lower_ in self.relations.words("portfolios") or t.is_punct for t in ent)

    def _names_a_role(self, ent: Span) -> bool:
        """Portfolio words only, right before a role noun ("[Home] Secretary", "[Labour] Minister")."""
        if ent.end >= len(self.doc):
            return False
        after = self.doc[ent.end]
        return after.pos_ in ("NOUN", "PROPN") and self.relations.role(role_word(after)) is not None \
            and self._portfolio(ent)

    def _possessive(self, ent: Span) -> bool:
        """The entity ends in a possessive "'s" (inside it or the token after it)."""
        after = self.doc[ent.end] if ent.end < len(self.doc) else None
        return ent[-1].tag_ == "POS" or after is not None and after.tag_ == "POS"

    def _modifies_other_noun(self, ent: Span, describing: set[int]) -> bool:
        """The entity modifies a common noun that is not the role: "[Afghan] team", "[Ukraine] negotiations"."""
        head = ent.root.head
        while head.dep_ == "compound" and head.head.i > head.i and not head.ent_type_:
            head = head.head  # "the [Finnish] telecoms company": a modifier of the whole compound
        if head.i in describing or inside(head, ent) or head.ent_type_ or self.np.names_its_noun(ent):
            return False  # ("the [Lombardy] region" is Lombardy)
        return head.pos_ == "NOUN" and ent.root.dep_ in ("compound", "amod", "nmod", "poss")

    # ---------------------------------------------------------------------------------- descriptions
    def _name_country(self, ent: Span) -> list[NominalFact]:
        """"the Chilean Ministry of Foreign Affairs", "the US Air Force", "Environment Canada": a
        government body whose own name holds its country is based there (a company's is not: the
        country in "Air India" names no seat; nor is "the National Museum of the US Air Force" a body
        of the US government: the name's head noun says what it is)."""
        nouns = self.relations.words("government_nouns")
        if ent.label_ != "ORG" or ent.root.lemma_.lower() not in nouns and ent.root.lower_ not in nouns:
            return []
        words = [t for t in ent if not t.is_punct and t.lower_ != "the"]
        for n in (3, 2, 1):  # the longest country name anywhere in it ("the Royal Danish Air Force")
            for piece in (words[k:k + n] for k in range(len(words) - n + 1)):
                text = " ".join(t.text for t in piece)
                country = demonym_country(text, self.names) or text
                country = self.names.aliases.get(country.lower(), country)
                if not self._is_country(country):
                    continue  # ("European Space Agency": Europe is no country)
                obj = Mention(country, "GPE", piece[0].idx, piece[-1].idx + len(piece[-1]), ENTITY)
                return [NominalFact(ent, "based_in", obj, (ent.start, ent.end), CONFIDENCE["name"], ent.text)]
        return []

    def _seat(self, ent: Span) -> list[NominalFact]:
        """"Nokia's headquarters in Espoo", "the Volvo headquarters, located in Gothenburg": an
        organisation is based where its seat is."""
        root = ent.root
        seat = root.head
        if self.kind_of(ent) != "ORG" or root.dep_ not in ("poss", "compound") \
                or seat.lemma_.lower() not in self.relations.words("seat_nouns"):
            return []
        places = self.np.attached_to(seat, ent)
        for child in children(seat):  # "located in", "based in"
            if child.dep_ == "acl" and child.lemma_.lower() in self.relations.words("location_verbs"):
                places += self.np.attached_to(child, ent)
        out = []
        for prep, place in places:
            if prep in ("in", "at") and place.label_ in PLACES:
                span = (min(ent.start, place.start), max(ent.end, place.end))
                out.append(NominalFact(ent, "based_in", place, span, CONFIDENCE["attached"], self.doc[span[0]:span[1]].text))
        return out

    def kind_of(self, ent: Span) -> str:
        """The entity's type, or what the noun it names says it is: "the Amazon [rainforest]" is a place,
        "the Houthi [movement]" an organisation, whatever NER said of the name alone."""
        anchor = self.np.anchor(ent)
        if anchor.i < ent.start:  # "the town of Tarbes": a place of the name's own type
            return ent.label_
        if anchor.i == ent.root.i:
            nouns = self.relations.words("institution_nouns")
            if ent.label_ == "PERSON" and len(ent) > 1 and (ent[-1].lower_ in nouns or ent[0].lower_ in nouns):
                # "the Steven F. Udvar-Hazy Center", "Institut Pasteur": named after a person, not one
                return "ORG"
            return ent.label_
        noun = anchor.lemma_.lower()
        return "ORG" if noun in self.relations.words("type_nouns") else "LOC"

    def _context_country(self, ent: Span, seg: "Segment") -> tuple[Target, ...]:
        """"Prime Minister X" with no country in the phrase: a national office is held in the one country
        its sentence names, or else in the country the document is clearly about."""
        posts = self.relations.words("national_offices") | self.relations.words("national_staff")
        office = seg.role_words.split()[-1] if seg.role_words else ""
        written = " ".join(role_word(t) for t in self.doc[seg.tokens[0]:seg.tokens[1]]).strip()
        if seg.role_words not in posts and office not in posts and written not in posts \
                or seg.role_words.startswith("shadow"):
            return ()
        if any(t.i in self.ent_at and not self._portfolio(self.ent_at[t.i]) and not seg.role_span[0] <= t.i < seg.role_span[1]
               for t in self.doc[seg.tokens[0]:seg.tokens[1]]):
            return ()  # the title names something, whatever its type ("Niger's president"): no guessing
        sent = sentence_bounds(self.doc, ent.start)
        if office in self.relations.words("ambiguous_offices") and any(
                e.label_ == "ORG" and sent.start <= e.start < sent.end and not self._name_country(e) for e in self.ents):
            return ()  # "the Court is led by President X": the president of what the sentence names
        return self._sentence_country(ent, home=True)

    def _region_countries(self, ent: Span, seg: "Segment", attached: list[Target]) -> tuple[Target, ...]:
        """"Senator X of Minnesota": a national office held for a state or province is held in its country."""
        posts = self.relations.words("national_offices")
        office = seg.role_words.split()[-1] if seg.role_words else ""
        if seg.role_words not in posts and office not in posts:
            return ()
        countries = {self.names.region_country(t.text) for t in attached if t.label == "GPE"} - {""}
        return tuple(Target(ent, "GPE", country, "context", True) for country in sorted(countries))

    def _sentence_country(self, ent: Span, home: bool) -> tuple[Target, ...]:
        """The sentence's one country, unless it belongs to someone else's title ("spoke with US Secretary
        of State X", "Thailand's foreign minister"); a sentence with two countries tells nothing. With
        ``home`` (for an office): countries in others' titles aside, and among several, or with none, the
        document's own country (one of them, if several: "Afghan refugees ... the UK")."""
        sent = sentence_bounds(self.doc, ent.start)
        titled = self._title_tokens(sent, ent) if home else set()
        named = {self._country_of(e) for e in self.ents if sent.start <= e.start < sent.end and self._country_of(e)
                 and e.start not in titled and not (home and (self._of_a_role(e) or self._dealt_with(e)
                                                              or self._address_tail(e)))
                 and not overlaps(e, ent)}
        if len(named) == 1:
            country = next(iter(named))
        elif home:
            country = self.home_country if not named or self.home_country in named else ""
        else:
            country = ""
        if not country or self._is_country(ent.text):
            return ()
        return (Target(ent, "GPE", country, "context", True),)

    def _address_tail(self, ent: Span) -> bool:
        """"at his home in Plains, [Georgia]": a place after another place and a comma says where that
        place is (here a state), not whose office a title is."""
        before = self.ent_at.get(ent.start - 2) if ent.start >= 2 and self.doc[ent.start - 1].text == "," else None
        return before is not None and before.label_ in PLACES

    def _dealt_with(self, ent: Span) -> bool:
        """"the border with Mexico", "flew to Peru", "sanctions on Iran": a country behind a preposition
        (other than "of") is one the sentence's office holder deals with or goes to, not the office's."""
        root = ent.root
        return root.dep_ == "pobj" and root.head.lower_ != "of"

    def _of_a_role(self, ent: Span) -> bool:
        """"Thailand's foreign minister": a country that names another person's office (one person: "UK
        officials" joined by someone still tell that someone's side)."""
        head = ent.root.head
        return ent.root.dep_ in ("poss", "compound", "amod", "nmod") and head.i not in self.ent_at and \
            bool(self.relations.role(role_word(head))) and not plural(head)

    def _title_tokens(self, sent: Bounds, ent: Span) -> set[int]:
        """Token indexes inside the titles of the sentence's other people ("... spoke with [US] Secretary
        of State X"): a country there is theirs, not the sentence's."""
        out: set[int] = set()
        for other in self.ents:
            if other.label_ == "PERSON" and sent.start <= other.start < sent.end and other.start != ent.start:
                out.update(t.i for t in self.np.title(other))
        return out

    def _country_of(self, ent: Span) -> str:
        """The country an entity names (by name, alias or nationality adjective, or a government body's
        own name: "the United States House of Representatives"), or "" (once per entity)."""
        key = (ent.start, ent.end)
        found = self._countries_of.get(key)
        if found is None:
            found = self._countries_of[key] = self._named_country(ent)
        return found

    def _named_country(self, ent: Span) -> str:
        if ent.label_ == "ORG":
            found = self._name_country(ent)
            return found[0].object.text if found else ""
        if ent.label_ == "NORP":
            country = demonym_country(ent.text, self.names)
            return country if self._is_country(country) else ""
        if ent.label_ == "GPE" and self._is_country(ent.text):
            text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            return self.names.aliases.get(text.lower(), text)
        return ""

    @property
    def home_country(self) -> str:
        """The country the document is clearly about: named at least three times, three times as often
        as any other (else ""); its states and provinces count for it ("Senator X from Vermont")."""
        if self._home is None:
            counts: dict[str, int] = {}
            for e in self.ents:
                country = self._country_of(e) or (self.names.region_country(e.text) if e.label_ == "GPE" else "")
                if country:
                    counts[country] = counts.get(country, 0) + 1
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            top = ranked[0] if ranked else ("", 0)
            second = ranked[1][1] if len(ranked) > 1 else 0
            self._home = top[0] if top[1] >= 3 and top[1] >= 3 * second else ""
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
        # the name listed just before ("Israeli prime minister A and energy minister B"), else the name
        # the parser conjoins this one to
        first = self.np.listed_before(ent)
        if first is None and root.dep_ == "conj":
            first = self.ent_at.get(root.head.i)
        if first is None or first.label_ != ent.label_:
            return ()
        targets = []
        for part in self._split_roles(self.np.title(first)):
            seg = self.segment(part, first)
            if seg is not None:
                targets.extend(t for t in seg.targets if t.country)
        return tuple(targets)

    def _split_roles(self, tokens: list[Token]) -> list[list[Token]]:
        """Cut a title at "and" and after each role: "AU chairperson | President X" is two roles, each
        with the names before it."""
        parts = []
        for part in split(tokens):
            start = 0
            words = [role_word(t) for t in part]
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

    def appositions(self, ent: Span) -> list[tuple[list[Token], Token]]:
        """The name's appositions that describe it (not lists of names, not another name's title)."""
        return [(p, h) for p, h in self.np.appositions(ent)
                if not self._same_kind_name(p, ent) and not self._titles_another(p, h, ent)]

    def _titles_another(self, phrase: list[Token], head: Token, ent: Span) -> bool:
        """"A, Peruvian president B": the apposition's noun is the title of another name in it."""
        for t in phrase:
            other = self.ent_at.get(t.i)
            if other is not None and other.label_ == "PERSON" and not overlaps(other, ent) \
                    and head.i in {w.i for w in self.np.title(other)}:
                return True
        return False

    def topics(self, ent: Span) -> frozenset[str]:
        """What the entity's sentence speaks of: "politics" by its words (elections, parties: "X of Y" is
        then a party membership), else "sport" when the document tells of matches (three or more of
        ``sport_context``'s words: "Spain's X" then plays for Spain)."""
        sent = sentence_bounds(self.doc, ent.start)
        found = self._topics.get(sent.start)
        if found is None:
            if self._political_at is None:
                words = self.relations.words("political_context")
                self._political_at = indexes_with(self.doc, LEMMA, words) + indexes_with(self.doc, LOWER, words)
            if any(sent.start <= i < sent.end for i in self._political_at):
                found = frozenset({"politics"})
            else:
                found = frozenset({"sport"}) if self.sporting else frozenset()
            self._topics[sent.start] = found
        return found

    @property
    def sporting(self) -> bool:
        if self._sporting is None:
            words = self.relations.words("sport_context")
            self._sporting = len({self.doc[i].lemma_.lower() for i in indexes_with(self.doc, LOWER, words)}) >= 3
        return self._sporting

    def _same_kind_name(self, phrase: list[Token], ent: Span) -> bool:
        """An apposition that is only a name ("X, Y") is a list or a restatement, not a description
        (places in a chain are read by ``place_chain_facts``)."""
        return not any(t.pos_ == "NOUN" or t.tag_ == "POS" or self.relations.role(role_word(t)) or self.np.partisan(t)
                       for t in phrase)

    # ---------------------------------------------------------------------------------- facts
    def facts(self) -> list[NominalFact]:
        out: list[NominalFact] = []
        for ent in self.ents:
            if ent.label_ == "NORP" and self.np.anchor(ent).i == ent.root.i:
                continue  # a nationality or group on its own; "the Houthi movement" is read as an organisation
            if self._names_a_role(ent):
                continue  # "[Shadow Home] Secretary": the tagger's organisation is a title's portfolio
            out.extend(self.facts_of(ent))
        return out

    def facts_of(self, ent: Span) -> list[NominalFact]:
        if self.np.partisan(ent.root):
            return []  # "Republican from Ohio" describes a person; the party is not from Ohio
        title = self.np.title(ent) or self.np.shared_title(ent)
        if modifier_of_a_noun(ent) and not self.np.names_its_noun(ent) and not self._titled_person(ent, title):
            # "the [James Webb] telescope", "[Trump]'s White House staff": not the thing itself, though a
            # government body's own name still says its country ("[Turkish Foreign Ministry] spokesman")
            return self._name_country(ent) + self._seat(ent)
        segments: list[tuple[str, Segment]] = []
        predicates = [(p, h) for p, h in self.np.predicates(ent) if not self._same_kind_name(p, ent)]
        for kind, phrases in (("title", [(part, None) for part in self._split_roles(title)]),
                              ("apposition", self._split_described(self.appositions(ent))), ("predicate", predicates)):
            for phrase, head in phrases:
                seg = self.segment(phrase, ent, head if head is not None and head in phrase else None)
                if seg is not None and (seg.role or seg.targets or seg.noun):
                    segments.append((kind, seg))
        segments = _lend_names(segments)
        places = self.np.attached(ent)  # named things in prepositional phrases on the name ("Alba of Peru")
        attached = [self._as_employer(self.target(place, prep), ent) for prep, place in places]
        if self.kind_of(ent) == "PERSON":
            # "met X in Paris", "killed X in Syria": where a person was, not whose office or citizen
            attached = [t for t in attached if not (t.attach in ("in", "at") and (t.country or t.label in PLACES))]
        facts: list[NominalFact] = self._name_country(ent) + self._name_parent(ent) + self._seat(ent) \
            + self._origin(ent, {place.start for _prep, place in places})
        nearest = _nearest_title_segment(segments, ent)
        for kind, seg in segments:
            found = [f for target in self._with_body_countries(ent, seg.targets) for f in self._relate(ent, seg, target, kind)]
            if seg.role and not any(f.relation == seg.role for f in found) and (kind != "title" or seg is nearest):
                # "President X of Peru": a phrase on the name completes the role nearest to it (also when
                # the names in the title do not fit the role: "pro-Beijing councillors X of DAB"); failing
                # that, "Israeli prime minister A and energy minister B": the country of A's title
                targets = tuple(attached) + self._region_countries(ent, seg, attached) \
                    or self._conjunct_countries(ent) or self._context_country(ent, seg)
                found += [f for target in targets
                          for f in self._relate(ent, seg, target, "context" if target.attach == "context" else kind)]
            if not seg.targets and not attached and self.kind_of(ent) == "GPE" \
                    and seg.noun in self.relations.words("capital_nouns"):
                # "Quito, the capital": the capital of the country the sentence names
                found += [f for target in self._sentence_country(ent, home=False)
                          for f in self._relate(ent, seg, target, "context")]
            facts.extend(found)
        if attached and not any(seg.role for _k, seg in segments):
            anchor = self.np.anchor(ent)
            named = anchor.lemma_.lower() if anchor.i < ent.start else ""  # "the town of X": X is a town
            noun = next((seg.noun for _k, seg in segments if seg.noun), named)
            bare = Segment(None, "", noun, tuple(attached), (ent.start, ent.end))
            for target in attached:
                facts.extend(self._relate(ent, bare, target, "attached"))
        return facts

    def _with_body_countries(self, ent: Span, targets: tuple[Target, ...]) -> list[Target]:
        """A person who serves a government body named for its country serves that country ("a Turkish
        Foreign Ministry spokesman" speaks for Turkey, and is Turkish)."""
        out = list(targets)
        if ent.label_ != "PERSON":
            return out
        for target in targets:
            body = self.ent_at.get(target.span.start)
            country = self._country_of(body) if target.label == "ORG" and body is not None and body.label_ == "ORG" else ""
            if country and not any(t.country and t.text == country for t in out):
                out.append(Target(target.span, "GPE", country, target.attach, True))
        return out

    def _split_described(self, phrases: list[tuple[list[Token], Token]]) -> list[tuple[list[Token], Token | None]]:
        """"a Stanford climate expert and former Chilean energy official": two roles joined by "and" are
        read one by one, each with its own names."""
        out: list[tuple[list[Token], Token | None]] = []
        for phrase, head in phrases:
            parts = self._split_roles(phrase)
            if len(parts) > 1 and all(self._role(part)[0] for part in parts):
                out.extend((part, None) for part in parts)
            else:
                out.append((phrase, head))
        return out

    def _titled_person(self, ent: Span, title: list[Token]) -> bool:
        """"Colombian president [A] and defence minister B": a person's name after a role title and
        before a conjunction is a list member, however the parser hung it on the next noun."""
        after = self.doc[ent.end] if ent.end < len(self.doc) else None
        return ent.label_ == "PERSON" and after is not None and after.dep_ == "cc" \
            and any(self.relations.role(role_word(t)) for t in title)

    def _relate(self, ent: Span, seg: Segment, target: Target, kind: str) -> list[NominalFact]:
        noun = ent.root.lemma_.lower()
        facility = noun in self.relations.words("facility_nouns")
        holder = self.kind_of(ent)
        relations = relations_for(holder, seg, target, self.relations, self.topics(ent), facility, noun)
        out = []
        start = min(ent.start, seg.tokens[0], target.span.start)
        end = max(ent.end, seg.tokens[1], target.span.end)
        obj: Span | Mention = target.span
        if target.attach == "context":  # a country the phrase does not name: no offsets of its own
            obj = Mention(target.text, target.label, -1, -1, ENTITY)
        elif target.text != target.span.text or target.span.label_ and target.label != target.span.label_:
            # "Russia" for "Russian"; "St Mary's Hospital" as the employer it is
            obj = Mention(target.text, target.label, target.span.start_char, target.span.end_char, ENTITY)
        confidence = CONFIDENCE.get(kind, 0.7)
        subject: Span | Mention = ent
        anchor = self.np.anchor(ent)
        group = group_name(anchor, self.relations) if anchor.i != ent.root.i else None
        if group is not None:  # "the Houthi movement"
            subject = Mention(group.text, "ORG", group.start_char, group.end_char, ENTITY)
        elif holder != ent.label_:  # "the Amazon rainforest": the name as the place it is
            subject = Mention(ent.text, holder, ent.start_char, ent.end_char, ENTITY)
        for relation in relations:
            out.append(NominalFact(subject, relation, obj, (start, end), confidence, self.doc[start:end].text))
        return out


#: How often each kind of description is right (a title sits closest to the name).
CONFIDENCE = {"title": 0.85, "apposition": 0.8, "predicate": 0.75, "attached": 0.75, "event": 0.7, "name": 0.75,
              "context": 0.6, "claimed": 0.55}


def relations_for(holder: str, seg: Segment, target: Target, lexicon: RelationLexicon,
                  topics: frozenset[str] = frozenset(), facility: bool = False, noun: str = "") -> list[str]:
    """What a description with ``seg``'s role and noun states between a ``holder`` entity and ``target``.

    The role's own relation where the lexicon has one ("foreign_minister_of"); otherwise the types
    decide. The schema's type constraints are checked where the triple is made. ``topics``: what the
    sentence speaks of ("politics": "X of Y" names a party; "sport": "Spain's X" plays for Spain). ``facility``: the holder's
    name ends in a building or site noun ("Air Force Base"), a place however NER typed it. ``noun``:
    the head word of the holder's own name ("program").
    """
    out: list[str] = []
    if holder == "PERSON":
        if seg.noun in lexicon.words("unaffiliated_nouns") and not seg.role:
            return out  # "a student at X", "a critic of X": no tie the schema names
        if target.label in ("NORP", "ORG") and target.text.lower() in lexicon.words("partisan_words"):
            return ["member_of"]  # "Republican Senator X", "X, a Democrat": a party's member, whatever the role
        if seg.role and lexicon.allows(seg.role, "PERSON", target.label) and (seg.role != "citizen_of" or target.country):
            # "Defence Minister" + Denmark, "head of" + the party, "his wife" + him; "a citizen" of a country only
            out.append(seg.role)
        elif not seg.role and target.label == "ORG":
            # "DAB's X", "X of the Labour Party": a party (or a member noun) or else an employer
            joins = seg.noun in lexicon.words("member_nouns") or _party_like(target, lexicon) or "politics" in topics
            plays = "sport" in topics and target.attach == "poss"  # "Chelsea's X scored" (in a match report)
            out.append("player_of" if plays else "member_of" if joins else "works_for")
        elif not seg.role and target.country and target.attach == "poss" and "sport" in topics:
            out.append("player_of")  # "Spain's X was shown a yellow card": plays for Spain
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
def place_chain_facts(reader: "EntityRelationReader") -> list[NominalFact]:
    """"Nawa city, Deraa, Syria": each place is located in the next one after a comma (a country is
    never inside another country)."""
    return [NominalFact(left, "located_in", right, (left.start, right.end), 0.8, reader.doc[left.start:right.end].text)
            for left, right in reader.np.place_chains() if not reader._is_country(left.text)]


def demonym_country(text: str, names: NameLexicon) -> str:
    """The country a nationality word names ("Ethiopians" -> Ethiopia), or ""."""
    lowered = text.lower()
    found = names.demonyms.get(lowered)
    if not found and lowered.endswith("s"):
        found = names.demonyms.get(lowered[:-1])  # a plural: "Ethiopians", "Afghans"
    return found or ""


# -------------------------------------------------------------------------------------- segments
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
