"""Entity resolution: mentions -> canonical entities with stable ids, within a document and across a corpus.

Within a document (``resolve_document``): every entity mention is read as a name (the lexicon's
aliases and demonyms applied: "U.S." -> United States, "Russian" -> Russia; "U.S. Embassy" ->
United States Embassy), each name gets one type (graph/entity_types.py), and the name variants of
graph/variants.py join the names that name one thing ("Kerry" -> John Kerry, "SDF" -> Syrian
Democratic Forces), each join with its reason.

Ids depend only on an entity's own canonical name and type group: ``person/Jordan`` and
``place/Jordan``, never on what else the corpus holds or in which order it came, so shards and
incremental loads agree. An institution many countries have ("Democratic Party") also carries the
country its own document gives it: ``org/Hong_Kong/Democratic_Party`` (graph/institutions.py). Phrases and values are scoped to their document (``concept/<doc>/...``,
``literal/<doc>/...``): only named entities join documents.

Across documents (``cross_document_merges``), names that are equal after normalisation share an id
by construction; beyond that, blocked look-ups (never all pairs) join a bare surname to the one
person of the corpus with that surname, and an acronym to the one long form the corpus defines it as.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from kgbuilder.graph.entity_types import document_types, majority
from kgbuilder.graph.institutions import document_country, institution_scope, own_country
from kgbuilder.graph.model import ENTITY, LITERAL, PHRASE, Mention
from kgbuilder.graph.names import (NameLexicon, fold, id_form, is_acronym, load_names, name_key, surface_form,
                                   surnames, type_group)
from kgbuilder.graph.variants import DocName, Link, resolve_links, root_of

__all__ = ["Entity", "EntityResolver", "DocumentResolution", "mention_key", "slug", "surface_form",
           "type_group", "entity_id"]

PERSON = "PERSON"
#: Reasons of the joins a document's own evidence gives, beyond the name variants.
DEMONYM, LEXICON_ALIAS, EXPANDED, TITLE = "demonym", "lexicon alias", "abbreviation expanded", "title"
#: Why two names of an institution share an id that carries its country (graph/institutions.py).
OWN_COUNTRY, STORY_COUNTRY = "institution of the country its name gives", "institution of the country its story names"
#: Reasons of cross-document joins.
SURNAME_IN_CORPUS, ACRONYM_IN_CORPUS = "surname of the one person so named", "abbreviation defined in another document"
#: Links whose variant is an abbreviation of the canonical name (indexed for cross-document joins).
ABBREVIATION_REASONS = frozenset({"abbreviation defined in text", "initials"})


@lru_cache(maxsize=1 << 16)  # ids are made for every mention: names and phrases repeat
def slug(text: str) -> str:
    """A readable, stable id fragment: "John Kerry" -> "John_Kerry". Unicode letters are kept."""
    text = unicodedata.normalize("NFC", text).strip()
    text = re.sub(r"\s+", "_", text)
    text = re.sub(r"[^\w.\-]", "", text)
    return text or "_"


def entity_id(group: str, label: str) -> str:
    """The id of a named entity: its type group and its name (``names.id_form``), nothing else."""
    return f"{group}/{slug(id_form(label))}"


@dataclass
class Entity:
    id: str
    label: str
    type: str
    group: str
    kind: str


@dataclass
class DocumentResolution:
    """What ``resolve_document`` decided: the entity of every mention, and why a name joined it."""

    entities: dict[tuple[str, int, int, str], Entity] = field(default_factory=dict)
    reasons: dict[tuple[str, int, int, str], str] = field(default_factory=dict)

    def __getitem__(self, key: tuple[str, int, int, str]) -> Entity:
        return self.entities[key]


@dataclass
class _Reading:
    """A mention read as a name: canonical text, label, and why the text changed (if it did)."""

    name: str
    label: str
    reason: str = ""
    weight: float = 1.0  # a pronoun resolved to the name repeats its antecedent's label: no vote of its own


class EntityResolver:
    """Assigns every mention a canonical entity; keeps the index the cross-document joins look in."""

    def __init__(self, names: NameLexicon | None = None):
        self.names = names or load_names()
        self.entities: dict[str, Entity] = {}
        self.spellings: dict[str, Counter] = {}  # entity id -> canonical spellings seen
        self.type_votes: dict[str, Counter] = {}  # entity id -> mentions per type
        self._surnames: dict[str, set[str]] = {}  # folded surname -> ids of full-name persons
        self._abbreviations: dict[str, set[str]] = {}  # acronym key -> ids of the long forms it abbreviates
        self._local_ids: dict[tuple[str, str], str] = {}  # (doc-scoped key) -> id, for phrases and values

    # ------------------------------------------------------------------ reading names
    def read(self, m: Mention) -> _Reading:
        """The name a mention gives: demonyms, the lexicon's aliases and known abbreviations applied."""
        text = " ".join(m.key_text.split())
        if m.label != PERSON and (country := self.names.demonym(text)):
            return _Reading(country, self.names.known_type(country) or "GPE", DEMONYM)
        if (alias := self.names.alias(text)) is not None:
            return _Reading(alias, m.label, LEXICON_ALIAS if name_key(alias) != name_key(text) else "")
        text = surface_form(text)
        words = text.split()
        if m.label in (PERSON, ""):
            n = 0
            while len(words) - n > 1 and self.names.is_title(" ".join(words[:n + 1])):
                n += 1
            if n:  # "Princess Ubolratana" with no label: a title before a name makes it a person's
                return _Reading(" ".join(words[n:]), PERSON, TITLE)
        elif len(words) > 1 and is_acronym(words[0]) and (expanded := self.names.alias(words[0])):
            # "U.S. Embassy" is the "United States Embassy"
            return _Reading(" ".join([expanded, *words[1:]]), m.label, EXPANDED)
        return _Reading(text, m.label)

    # ------------------------------------------------------------------ documents
    def resolve_document(self, mentions: list[Mention], doc_id: str = "",
                         hints: list[tuple[Mention, str, str]] = ()) -> DocumentResolution:
        """Resolve the mentions of one document.

        Phrases ("the statement") and values ("Monday") are scoped to ``doc_id``: only named entities
        join documents, so two stories never meet through a common noun. ``hints`` are (variant
        mention, canonical text, reason) the extractor read in the text ("Syrian Democratic Forces (SDF)").
        Mention keys are ``mention_key(m)``; callers look their triple arguments up with it.
        """
        out = DocumentResolution()
        readings: dict[tuple, _Reading] = {}
        for m in mentions:
            key = mention_key(m)
            if m.kind == LITERAL:
                out.entities[key] = self._local(m.label.lower() or "literal", m.text, m.label, LITERAL, doc_id)
            elif m.kind == PHRASE:
                out.entities[key] = self._local("thing", m.text, "", PHRASE, doc_id)
            elif key not in readings:
                readings[key] = self.read(m)
                readings[key].weight = 0.0 if m.resolved else 1.0
        names, decided = self._document_names(readings)
        spelled = {name_key(name): name for name in names}
        hint_pairs = [(spelled.get(name_key(self.read(m).name), ""),
                       spelled.get(name_key(self.read(Mention(text, m.label)).name), ""), reason)
                      for m, text, reason in hints]
        links = resolve_links(names, self.names, hint_pairs)
        country = document_country(names, self.names)
        types = _cluster_types(names, links)
        for key, reading in readings.items():
            name = reading.name
            if name not in names or (name not in decided and reading.label != PERSON):
                # an ambiguous name's non-person mention stands alone ("Jordan" beside Michael Jordan)
                entity = self._entity(name, reading.label)
                reason = reading.reason
            else:
                root = root_of(name, links)
                entity = self._entity(root, types[root], country)
                scoped = "" if name != root or entity.id == entity_id(entity.group, root) else \
                    OWN_COUNTRY if own_country(root, self.names) else STORY_COUNTRY
                reason = " + ".join(r for r in (reading.reason, links[name].reason if name in links else "", scoped)
                                    if r)
            out.entities[key] = entity
            if reason:
                out.reasons[key] = reason
            _counter(self.type_votes, entity.id)[entity.type] += 1
        self._index(names, links, country)
        return out

    def _document_names(self, readings: dict[tuple, _Reading]) -> tuple[dict[str, DocName], dict[str, str]]:
        """The distinct names of a document (spellings that compare equal are one name, spelled as most
        often) with one type each (see graph/entity_types.py). Readings are renamed to that spelling."""
        spellings: dict[str, Counter] = {}
        for r in readings.values():
            _counter(spellings, name_key(r.name))[r.name] += 1
        spelling = {key: min(c, key=lambda s: (-c[s], s.isascii(), s)) for key, c in spellings.items()}
        votes: dict[str, Counter] = {}
        for r in readings.values():
            r.name = spelling[name_key(r.name)]
            _counter(votes, r.name)[r.label] += r.weight
        decided = document_types(votes, self.names)
        names: dict[str, DocName] = {}
        for (_text, start, _end, _label), r in sorted(readings.items(), key=lambda kv: kv[0][1]):
            label = decided.get(r.name)
            if label is None and r.label != PERSON:
                continue  # ambiguous ("Jordan" the country beside Michael Jordan): only its person mentions link
            n = names.setdefault(r.name, DocName(r.name, PERSON if label is None else label))
            n.count += 1
            n.first = min(n.first, start)
            n.person_votes += r.weight * (r.label == PERSON)
            n.votes[r.label] += r.weight
        return names, decided

    def _index(self, names: dict[str, DocName], links: dict[str, Link], country: str) -> None:
        """Remember what cross-document joins need: full names by surname, acronyms by long form."""
        for n in names.values():
            if n.type == PERSON and len(n.words) > 1 and root_of(n.text, links) == n.text:
                for surname in surnames(n.text):
                    self._surnames.setdefault(surname, set()).add(entity_id("person", n.text))
        for variant, link in links.items():
            if link.reason in ABBREVIATION_REASONS and is_acronym(variant):
                root = root_of(variant, links)
                self._abbreviations.setdefault(name_key(variant), set()).add(
                    self._id(root, type_group(names[root].type), country))

    # ------------------------------------------------------------------ entities
    def _entity(self, label: str, type_: str, country: str = "") -> Entity:
        """The entity of a canonical name; an institution's id carries its country (graph/institutions.py)."""
        group = type_group(type_)
        eid = self._id(label, group, country)
        entity = self.entities.get(eid)
        if entity is None:
            entity = self.entities[eid] = Entity(eid, label, type_, group, ENTITY)
        _counter(self.spellings, eid)[label] += 1
        return Entity(eid, entity.label, type_, group, ENTITY)

    def _id(self, label: str, group: str, country: str = "") -> str:
        scope = institution_scope(label, country, self.names) if group == "org" else None
        return entity_id(group, label) if scope is None else f"{group}/{slug(scope[0])}/{slug(id_form(scope[1]))}"

    def _local(self, group: str, label: str, type_: str, kind: str, scope: str) -> Entity:
        """A phrase or value node of one document: ``concept/<doc>/<phrase>``, ``literal/<doc>/<type>/<value>``."""
        key = (group, label.lower() if kind == PHRASE else label, scope, kind)
        found = self._local_ids.get(key)
        if found is not None:
            return self.entities[found]
        if kind == PHRASE:
            base = f"concept/{slug(scope)}/{slug(label.lower())}"
        else:
            text = slug(label)
            if len(text) > 60:  # long values (reported statements): a readable prefix and a content hash
                text = f"{text[:60]}_{hashlib.blake2b(label.encode('utf-8'), digest_size=5).hexdigest()}"
            base = f"literal/{slug(scope)}/{slug(type_.lower())}/{text}"
        eid, n = base, 2
        while eid in self.entities:  # two values of one document that slug alike ("5%" and "5")
            eid, n = f"{base}_{n}", n + 1
        self.entities[eid] = Entity(eid, label, type_, group, kind)
        self._local_ids[key] = eid
        return self.entities[eid]

    # ------------------------------------------------------------------ the corpus
    def cross_document_merges(self) -> list[tuple[str, str, str]]:
        """(source id, target id, reason) joins across documents, found by blocking, in a stable order."""
        merges = []
        for eid, entity in sorted(self.entities.items()):
            if entity.kind != ENTITY:
                continue
            words = entity.label.split()
            if entity.group == "person" and len(words) == 1 and not is_acronym(entity.label):
                full = self._surnames.get(fold(entity.label), set()) - {eid}
                if len(full) == 1:  # one person in the corpus has this surname: it is them
                    merges.append((eid, next(iter(full)), SURNAME_IN_CORPUS))
            elif entity.group != "person" and is_acronym(entity.label):
                long = self._abbreviations.get(name_key(entity.label), set()) - {eid}
                if len(long) == 1:
                    merges.append((eid, next(iter(long)), ACRONYM_IN_CORPUS))
        return merges

    def label_of(self, eid: str) -> str:
        """The label of an entity: of the spellings with its id, one with diacritics ("Erdoğan") over
        one without, then the most used, then the first alphabetically (never the first seen)."""
        spellings = self.spellings.get(eid)
        if not spellings:
            return self.entities[eid].label
        return min(spellings, key=lambda s: (s.isascii(), -spellings[s], s))

    def type_of(self, eid: str, joined: Iterable[str] = ()) -> str:
        """The type of an entity over the corpus (with the ids ``joined`` into it): the lexicon's if it
        knows the name, else the majority of its mentions."""
        entity = self.entities[eid]
        known = self.names.known_type(self.label_of(eid))
        if known is not None and type_group(known) == entity.group:
            return known
        votes = Counter(self.type_votes.get(eid, {}))
        for other in joined:
            votes.update(self.type_votes.get(other, {}))
        return majority(votes) if votes else entity.type


def _cluster_types(names: dict[str, DocName], links: dict[str, Link]) -> dict[str, str]:
    """The type of each group of linked names: its canonical name's, or when the recogniser gave that
    none ("" label), the type its other names have most."""
    votes: dict[str, Counter] = {}
    for name, n in names.items():
        if n.type:
            _counter(votes, root_of(name, links))[n.type] += n.count
    return {name: n.type or (majority(votes[name]) if name in votes else "") for name, n in names.items()}


def _counter(counters: dict, key) -> Counter:
    """``counters[key]``, a new Counter the first time (``setdefault(key, Counter())`` builds one per call)."""
    found = counters.get(key)
    if found is None:
        found = counters[key] = Counter()
    return found


def mention_key(m: Mention) -> tuple[str, int, int, str]:
    return (m.key_text, m.start_char, m.end_char, m.label)
