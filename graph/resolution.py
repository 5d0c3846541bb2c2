"""Entity resolution: mentions -> canonical entities with stable ids, within a document and across a corpus.

Within a document, "Kerry" joins the "John Kerry" mentioned in it (of several full names that end
or start with it, the one named most often, then the nearest before). Across documents, the same canonical name and type group join; a bare
surname joins a full name from another document only when exactly one person in the corpus has that
surname, so two Smiths never merge blindly. Aliases ("U.S.", "the United States") and demonyms
("Russian" -> Russia) come from the name lexicon. Ids are derived from the canonical label, so the
same input in the same order always gives the same ids.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from kgbuilder.graph.model import ENTITY, LITERAL, PHRASE, Mention

PERSON = "PERSON"
#: Type groups that may share one node: a country tagged GPE once and LOC once is still one place.
TYPE_GROUPS = {"PERSON": "person", "ORG": "org", "NORP": "org", "GPE": "place", "LOC": "place",
               "FAC": "place", "": "thing"}


def type_group(label: str) -> str:
    return TYPE_GROUPS.get(label, label.lower() or "thing")


def slug(text: str) -> str:
    """A readable, stable id fragment: "John Kerry" -> "John_Kerry". Unicode letters are kept."""
    text = unicodedata.normalize("NFC", text).strip()
    text = re.sub(r"\s+", "_", text)
    text = re.sub(r"[^\w.\-]", "", text)
    return text or "_"


_LEADING_THE = re.compile(r"^(the|The)\s+")
_POSSESSIVE = re.compile(r"(’s|'s|’|')$")


def folded(text: str) -> str:
    """A name without its diacritics, for matching: "Erdoğan" and "Erdogan" are one spelling."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def surface_form(text: str) -> str:
    """A mention as an alias: whitespace collapsed, no leading "the", no possessive ending."""
    text = _POSSESSIVE.sub("", " ".join(text.split()))
    return _LEADING_THE.sub("", text)


@dataclass
class NameKnowledge:
    """What the resolver knows about names: aliases and demonyms (lower-case keys)."""

    aliases: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)

    def canonical(self, text: str) -> str:
        text = " ".join(text.split())
        text = _POSSESSIVE.sub("", text)
        lowered = text.lower()
        if lowered in self.aliases:
            return self.aliases[lowered]
        stripped = _LEADING_THE.sub("", text)
        return self.aliases.get(stripped.lower(), stripped)


@dataclass
class Entity:
    id: str
    label: str
    type: str
    group: str
    kind: str


class EntityResolver:
    """Assigns every mention a canonical entity; feed documents in a stable order."""

    def __init__(self, names: NameKnowledge | None = None):
        self.names = names or NameKnowledge()
        self.entities: dict[str, Entity] = {}
        self._by_key: dict[tuple[str, str], str] = {}  # (group, canonical label) -> id
        self._surnames: dict[str, set[str]] = {}  # person surname -> ids of full-name persons
        self._used_ids: set[str] = set()

    # ------------------------------------------------------------------ ids
    def _new_entity(self, group: str, label: str, type_: str, kind: str, scope: str = "") -> Entity:
        base = slug(label) if kind != PHRASE else f"concept/{slug(scope)}/{slug(label.lower())}"
        if kind == LITERAL:
            text = slug(label)
            if len(text) > 60:  # long values (reported statements): a readable prefix and a content hash
                text = f"{text[:60]}_{hashlib.blake2b(label.encode('utf-8'), digest_size=5).hexdigest()}"
            base = f"literal/{slug(scope)}/{slug(type_.lower())}/{text}"
        entity_id = base
        if entity_id in self._used_ids:  # same label, another type group: "Jordan" the person and the country
            entity_id = f"{base}_({group})"
        n = 2
        while entity_id in self._used_ids:
            entity_id = f"{base}_({group}_{n})"
            n += 1
        self._used_ids.add(entity_id)
        entity = Entity(entity_id, label, type_, group, kind)
        self.entities[entity_id] = entity
        self._by_key[self._key(group, label, kind, scope)] = entity_id
        if group == "person" and len(label.split()) > 1:
            self._surnames.setdefault(folded(label.split()[-1]), set()).add(entity_id)
        return entity

    @staticmethod
    def _key(group: str, label: str, kind: str, scope: str = "") -> tuple[str, ...]:
        if kind == PHRASE:
            return group, label.lower(), scope
        if kind == LITERAL:
            return group, label, scope
        return group, folded(label)

    def _lookup_or_create(self, group: str, label: str, type_: str, kind: str, scope: str = "") -> Entity:
        key = self._key(group, label, kind, scope)
        found = self._by_key.get(key)
        if found is not None:
            return self.entities[found]
        return self._new_entity(group, label, type_, kind, scope)

    # ------------------------------------------------------------------ documents
    def resolve_document(self, mentions: list[Mention], doc_id: str = "") -> dict[tuple[str, int, int, str], Entity]:
        """Resolve the mentions of one document. Returns a map from mention key to entity.

        Phrases ("the statement") and values ("Monday") are scoped to ``doc_id``: only named entities
        join documents, so two stories never meet through a common noun.

        Mention keys are ``mention_key(m)``; callers look their triple arguments up with it.
        """
        # Countries named by a demonym ("Russian") are the country itself, kept as a nationality
        # by the extractor; here the mention simply points at the country.
        persons_full: list[tuple[int, str]] = []  # (start offset, canonical full name) in this document
        for m in mentions:
            if m.kind == ENTITY and m.label == PERSON:
                name = self.names.canonical(m.key_text)
                if len(name.split()) > 1:
                    persons_full.append((m.start_char, name))
        persons_full.sort()
        out: dict[tuple[str, int, int, str], Entity] = {}
        # Full names first, so that a surname before its full name (headlines) still finds it.
        for m in sorted(mentions, key=lambda m: (-len(m.key_text.split()), m.start_char)):
            out[mention_key(m)] = self._resolve_one(m, persons_full, doc_id)
        return out

    def _resolve_one(self, m: Mention, persons_full: list[tuple[int, str]], doc_id: str = "") -> Entity:
        if m.kind == LITERAL:
            return self._lookup_or_create(m.label.lower() or "literal", m.text, m.label, LITERAL, doc_id)
        if m.kind == PHRASE:
            return self._lookup_or_create("thing", m.text, "", PHRASE, doc_id)
        text = m.key_text
        if m.label == "NORP" and text.lower() in self.names.demonyms:
            return self._lookup_or_create("place", self.names.demonyms[text.lower()], "GPE", ENTITY)
        label = self.names.canonical(text)
        group = type_group(m.label)
        if m.label == "ORG" and len(label.split()) == 1 and label == text and not label.isupper():
            # "Trump" tagged ORG in a story about Donald Trump: a bare surname of a person named in
            # full in this document is that person (not an acronym, nor a name the lexicon knows)
            full = self._full_name_for(label, m.start_char, persons_full, surname_only=True)
            if full is not None:
                return self._lookup_or_create("person", full, PERSON, ENTITY)
        if group == "person" and len(label.split()) == 1:
            full = self._full_name_for(label, m.start_char, persons_full)
            if full is not None:
                label = full
            else:
                ids = self._surnames.get(folded(label), set())
                if len(ids) == 1:  # one person in the corpus has this surname: it is them
                    return self.entities[next(iter(ids))]
        return self._lookup_or_create(group, label, m.label, ENTITY)

    @staticmethod
    def _full_name_for(name: str, at: int, persons_full: list[tuple[int, str]],
                       surname_only: bool = False) -> str | None:
        """The full name this document uses for a bare surname (or first name)."""
        name = folded(name)
        matches = [(start, full) for start, full in persons_full
                   if folded(full.split()[-1]) == name or (not surname_only and folded(full.split()[0]) == name)]
        if not matches:
            return None
        # News names the principal person in full most often ("Joe Biden ... his son, Hunter
        # Biden ... Biden is a front runner"): the most-named wins, then the nearest before.
        counts: dict[str, int] = {}
        for _start, full in matches:
            counts[full] = counts.get(full, 0) + 1
        top = max(counts.values())
        leaders = [(start, full) for start, full in matches if counts[full] == top]
        before = [full for start, full in leaders if start <= at]
        return before[-1] if before else leaders[0][1]


def mention_key(m: Mention) -> tuple[str, int, int, str]:
    return (m.key_text, m.start_char, m.end_char, m.label)
