"""Relations stated by events named with nouns, and by a story's attack and its claimant.

    "Trump's call with X", "a meeting between A and B"   -> spoke_with (noun frames call_with, meeting_between)
    "the US strike on X", "the attack on X by Y"         -> attacked
    "the killing of X by Mexican troops"                 -> Mexico killed X
    "X was the target of a Y attack"                     -> Y attacked X
    "... hit by drone strikes ... the Front claimed the attacks"  -> the Front attacked what was hit

The lexicon's noun frames (``frames``: call_with, attack_on, killing_of) give the relation; the agent is
the possessor, a name compounded with the noun, or a "by" phrase.
"""
from __future__ import annotations

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Span, Token

from kgbuilder.extractors.arrays import children, indexes_with, sentence_bounds
from kgbuilder.extractors.entity_relations import CONFIDENCE, EntityRelationReader, NominalFact
from kgbuilder.extractors.nominal import (
    NAMED,
    OWNER_TYPES,
    governing_verb,
    located_at,
    named_by,
    overlaps,
    owner_token,
    owner_tokens,
    spoken_attack,
    stands_for,
)
from kgbuilder.graph.model import ENTITY, Mention


class EventReader:
    """Event nouns and attack stories of one Doc, read with an ``EntityRelationReader``'s names."""

    def __init__(self, reader: EntityRelationReader):
        self.reader = reader
        self.doc = reader.doc
        self.relations = reader.relations
        self.np = reader.np
        self.ent_at = reader.np.ent_at

    def facts(self) -> list[NominalFact]:
        return self.event_facts() + self.claimed_attacks()

    # ---------------------------------------------------------------------------------- event nouns
    def event_facts(self) -> list[NominalFact]:
        out = []
        # only the nouns some noun frame starts with (call_with, attack_on): found from the Doc's arrays
        nouns = sorted(set(indexes_with(self.doc, LEMMA, self.relations.frame_nouns))
                       | set(indexes_with(self.doc, LOWER, self.relations.frame_nouns)))
        for noun in (self.doc[i] for i in nouns):
            if noun.pos_ != "NOUN" or noun.ent_type_ or spoken_attack(noun, self.relations):
                continue
            out.extend(self._target_of(noun))
            for prep in children(noun):
                if prep.dep_ != "prep":
                    continue
                relation = self.relations.canonical(f"{noun.lemma_.lower()}_{prep.lower_}", f"{noun.lower_}_{prep.lower_}")
                if relation is None:
                    continue
                objects = [self.ent_at[t.i] for pobj in children(prep) if pobj.dep_ == "pobj"
                           for t in (pobj, *pobj.conjuncts) if t.i in self.ent_at]
                if prep.lower_ == "between":
                    out.extend(self._pairs(noun, relation, objects))
                    continue
                for agent in self._agents(noun) + self._agents_after(prep):
                    out.extend(self.fact(noun, agent, relation, obj) for obj in objects if not overlaps(agent, obj))
        return out

    def _target_of(self, noun: Token) -> list[NominalFact]:
        """"X was the target of a Y attack": the copula's subject is what the event noun's agent hit."""
        relation = self.relations.canonical(f"{noun.lemma_.lower()}_on", f"{noun.lower_}_on")
        prep, target = noun.head, noun.head.head
        if relation is None or noun.dep_ != "pobj" or prep.lower_ != "of" or target.lemma_.lower() != "target" \
                or target.dep_ != "attr":
            return []
        subject = next((c for c in children(target.head) if c.dep_ == "nsubj"), None)
        patient = self.ent_at.get(subject.i) if subject is not None else None
        if patient is None:
            return []
        return [self.fact(noun, agent, relation, patient) for agent in self._agents(noun)
                if not overlaps(agent, patient)]

    def _agents(self, noun: Token) -> list[Span]:
        agents = []
        for child in children(noun):
            ent = self.ent_at.get(child.i)
            if child.dep_ in ("poss", "compound", "amod", "nmod") and ent is not None:
                agents.append(ent)  # "Trump's call", "the US strike", "an Al-Qaeda attack"
            elif child.dep_ == "poss" and child.i in self.reader.coref:
                agents.append(self.reader.coref[child.i])  # "his call with X"
            elif child.dep_ == "prep" and child.lower_ == "by":  # "the attack ... by Y", "... by Mexican troops"
                agents.extend(p for pobj in children(child) if pobj.dep_ == "pobj"
                              for t in (pobj, *pobj.conjuncts) if (p := self._party(t)) is not None)
        return [a for a in agents if a.label_ in NAMED]

    def _agents_after(self, prep: Token) -> list[Span]:
        """"the assassination of [X] by Y": the parser hangs the "by" phrase on the name; a name takes no
        "by" of its own, so it is the event's."""
        return [p for pobj in children(prep) if pobj.dep_ == "pobj" and pobj.i in self.ent_at
                for by in children(pobj) if by.dep_ == "prep" and by.lower_ == "by"
                for agent in children(by) if agent.dep_ == "pobj"
                for t in (agent, *agent.conjuncts) if (p := self._party(t)) is not None and p.label_ in NAMED]

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
        return [self.fact(noun, a, relation, b) for n, a in enumerate(parties) for b in parties[n + 1:]]

    # ---------------------------------------------------------------------------------- claimed attacks
    def claimed_attacks(self) -> list[NominalFact]:
        """A news story of one attack: when exactly one party claims "the attack" (or carried it out),
        it attacked whatever the story says the attack hit ("the strikes hit Aramco's plant at X")."""
        claimants = {}
        for i in indexes_with(self.doc, LEMMA, self.relations.words("claiming_verbs")):
            for agent in self._claimants(self.doc[i]):
                claimants.setdefault(agent.text, agent)
        if len(claimants) != 1:
            return []
        agent = next(iter(claimants.values()))
        return [self.fact(event, agent, "attacked", target, "claimed")
                for event, target in self._attack_targets() if not overlaps(target, agent)]

    def _claimants(self, token: Token) -> list[Span]:
        """"X claimed (responsibility for) the attack", "the attack was claimed / carried out by X"."""
        attack_nouns = self.relations.words("attack_nouns")
        if token.pos_ != "VERB" or token.lemma_.lower() not in self.relations.words("claiming_verbs") \
                or any(c.dep_ == "neg" for c in children(token)):
            return []
        objects = [c for c in children(token) if c.dep_ in ("dobj", "nsubjpass")]
        objects += [g for c in objects for p in children(c) if p.dep_ == "prep" for g in children(p) if g.dep_ == "pobj"]
        # "claimed the attack", "claimed responsibility" (in a story of an attack: for it)
        if not any(o.lemma_.lower() in attack_nouns and not spoken_attack(o, self.relations)
                   or o.lemma_.lower() == "responsibility" and token.lemma_ == "claim" for o in objects):
            return []
        if any(c.dep_ == "nsubjpass" for c in children(token)):
            heads = [g for a in children(token) if a.dep_ == "agent" for g in children(a) if g.dep_ == "pobj"]
        else:
            heads = [c for c in children(token) if c.dep_ == "nsubj"]
        return [e for h in heads for e in [self.ent_at.get(stands_for(named_by(h), self.relations).i)]
                if e is not None and e.label_ in ("ORG", "PERSON", "GPE", "NORP")]

    def _attack_targets(self) -> list[tuple[Token, Span]]:
        """What the story says an attack hit: "an attack on X", "the attacks struck X", "X was hit by
        strikes", "X's website was attacked"."""
        attack_nouns = self.relations.words("attack_nouns")
        out = []
        for noun in (self.doc[i] for i in indexes_with(self.doc, LEMMA, attack_nouns)):  # "an attack on X"
            if noun.pos_ == "NOUN" and not spoken_attack(noun, self.relations):
                where = located_at(noun, self.ent_at)
                for pobj in (g for p in children(noun) if p.dep_ == "prep" and p.lower_ in ("on", "against")
                             for g in children(p) if g.dep_ == "pobj"):
                    name = self.ent_at.get(pobj.i) or self.ent_at.get(getattr(owner_token(pobj), "i", -1))
                    if name is None and where and pobj.pos_ == "NOUN":
                        name = where  # "an attack on oil infrastructure in X"
                    if name is not None and name.label_ in OWNER_TYPES:
                        out.append((noun, name))
        for verb in (self.doc[i] for i in indexes_with(self.doc, LEMMA, self.relations.words("hitting_verbs"))):
            if verb.pos_ == "VERB":
                out.extend((verb, name) for name in self._hit_by(verb, attack_nouns))
        return out

    def _hit_by(self, verb: Token, attack_nouns: frozenset[str]) -> list[Span]:
        """The names an attack verb hit, when the attack is its subject or agent, or the verb is one."""
        subjects = [c for c in children(verb) if c.dep_ == "nsubj"]
        if not subjects and verb.dep_ == "conj":  # "the attacks occurred at dawn and struck X"
            subjects = [c for c in children(verb.head) if c.dep_ == "nsubj"]
        agents = [g for a in children(verb) if a.dep_ == "agent" for g in children(a) if g.dep_ == "pobj"]
        attacking = verb.lemma_.lower() in self.relations.words("attack_verbs")
        if attacking or any(s.lemma_.lower() in attack_nouns for s in subjects):  # "the attacks struck X"
            hit = [o for c in children(verb) if c.dep_ == "dobj" for o in (c, *c.conjuncts)]
            if attacking:  # "X's website was attacked by hackers"
                hit += [c for c in children(verb) if c.dep_ == "nsubjpass"]
        elif any(a.lemma_.lower() in attack_nouns for a in agents):  # "X was hit by strikes"
            hit = [c for c in children(verb) if c.dep_ == "nsubjpass"]
        else:
            return []
        where = located_at(verb, self.ent_at)  # "struck a pumping station at X"
        out = []
        for thing in hit:
            names = [self.ent_at[thing.i]] if thing.i in self.ent_at else \
                [self.ent_at[t.i] for t in owner_tokens(thing) if t.i in self.ent_at]
            if not names and where is not None and thing.pos_ == "NOUN":
                names = [where]
            out.extend(name for name in names if name.label_ in OWNER_TYPES)
        return out

    # ---------------------------------------------------------------------------------- facts
    def fact(self, noun: Token, agent: Span, relation: str, obj: Span, kind: str = "event") -> NominalFact:
        """The fact of an event: its evidence is where the agent, the event and the object are named (the
        event's sentence when the agent was named in another one); its modality is its verb's."""
        sent = sentence_bounds(self.doc, noun.i)
        near = [x for x in (agent.start, agent.end - 1) if sent.start <= x < sent.end] or [noun.i]
        start = min(near[0], noun.i, obj.start)
        end = max(near[-1] + 1, noun.i + 1, obj.end)
        return NominalFact(self.party(agent), relation, self.party(obj), (start, end),
                           CONFIDENCE[kind], self.doc[start:end].text, governing_verb(noun))

    def party(self, ent: Span) -> Span | Mention:
        """A nationality adjective as a party stands for its country ("the Turkish strike on X"), a group
        word with its group noun for the group ("the Houthi movement")."""
        found = self.reader.target(ent, "pre")  # (the reader's one rule for what a name stands for)
        if found is not None and found.text != ent.text:
            return Mention(found.text, found.label, found.span.start_char, found.span.end_char, ENTITY)
        return ent
