"""The relation lexicon, kept in a data file (extractors/data/relations.json), not in code.

Name knowledge (titles, aliases, demonyms) lives in graph.names and the relation schema in graph.schema:
resolution and the exporters need them too."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from functools import lru_cache
from pathlib import Path

from kgbuilder.graph.names import LexiconError, NameLexicon, load_names, read_lexicon_file
from kgbuilder.graph.schema import ENTITY_LABELS, Schema, load_schema

__all__ = ["ConfidenceModel", "LexiconError", "NameLexicon", "RelationLexicon", "load_confidence", "load_names",
           "load_relations"]

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class RelationLexicon:
    frames: dict[str, str]
    roles: dict[str, str]
    schema: Schema
    word_lists: dict[str, frozenset[str]] = field(default_factory=dict)
    noun_classes: dict[str, str] = field(default_factory=dict)  # noun lemma -> class name
    # noun class -> verbs by which parties take part in such an event ("meeting": attend, join, ...)
    event_verbs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # relation -> subject type -> the relation it is for that type (located_in: ORG -> based_in)
    retypes: dict[str, dict[str, str]] = field(default_factory=dict)
    # definite description -> the entity types it may refer to ("the company" -> ORG)
    descriptions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def retyped(self, relation: str, subject_label: str) -> str:
        """The relation a frame names for a subject of this type ("located in" for a company: based_in)."""
        return self.retypes.get(relation, {}).get(subject_label, relation)

    def words(self, name: str) -> frozenset[str]:
        """A named word list of the lexicon ('party_words', ...); a name the file lacks is an error."""
        try:
            return self.word_lists[name]
        except KeyError:
            raise LexiconError(f"relation lexicon: no word list {name!r} (lists: {', '.join(sorted(self.word_lists))})") from None

    def canonical(self, *frames: str) -> str | None:
        """The canonical relation of the first frame the lexicon knows, or None."""
        for frame in frames:
            if frame and frame in self.frames:
                return self.frames[frame]
        return None

    def allows(self, relation: str, subject_label: str, object_label: str) -> bool:
        """Whether the argument types fit the relation's declaration in the schema (see Schema.allows)."""
        return self.schema.allows(relation, subject_label, object_label)

    def schema_of(self, relation: str) -> str:
        return self.schema.schema_of(relation)

    def noun_class(self, lemma: str) -> str | None:
        """The class a noun belongs to for frames ("deal" -> "agreement"), or None."""
        return self.noun_classes.get(lemma.lower())

    @cached_property
    def frame_nouns(self) -> frozenset[str]:
        """The first words of the two-part frames ("call" of call_with, "attack" of attack_on): the words
        a noun event may be named with."""
        return frozenset(frame.split("_")[0] for frame in self.frames if frame.count("_") == 1)

    @cached_property
    def role_nouns(self) -> frozenset[str]:
        """Single words that name a role someone holds for someone: the last words of the role phrases
        ("foreign minister" -> minister) and the ``relation_nouns`` word list ("son", "lawyer")."""
        words = set(self.words("relation_nouns"))
        for role in self.roles:
            parts = role.split()
            if parts[-1] not in ("of", "for", "state"):
                words.add(parts[-1])
        return frozenset(words)

    def role(self, phrase: str) -> str | None:
        return self.roles.get(phrase.lower().strip())

    def relates_people(self, relation: str | None) -> bool:
        """A role's relation ties a person to another person ("son": child_of, "assassin": killed), not to
        an office or an employer."""
        return relation is not None and self.allows(relation, "PERSON", "PERSON")


@dataclass(frozen=True)
class ConfidenceModel:
    """Weights of the logistic confidence model: of clause features, and of those an Open IE tuple adds."""

    clause: dict[str, float]
    tuple: dict[str, float]


@lru_cache(maxsize=8)
def load_confidence(path: str | None = None) -> ConfidenceModel:
    source = Path(path) if path else DATA_DIR / "confidence.json"
    data = read_lexicon_file(source, ("clause", "tuple"))
    for section in ("clause", "tuple"):
        bad = [k for k, v in data[section].items() if not isinstance(v, (int, float)) or isinstance(v, bool)]
        if bad:
            raise LexiconError(f"{source}: {section}: weights must be numbers ({', '.join(bad)})")
    return ConfidenceModel({k: float(v) for k, v in data["clause"].items()},
                           {k: float(v) for k, v in data["tuple"].items()})


#: The shape of each section of relations.json: "str" (a string per key), "list" (a list of strings per
#: key), "labels" (a list of entity labels per key), "table" (entity label -> string per key).
SECTIONS = {"frames": "str", "roles": "str", "words": "list", "noun_classes": "list", "event_verbs": "list",
            "retype": "table", "descriptions": "labels"}


def _validate(data: dict, source: Path) -> None:
    """Check every section of a relation lexicon against ``SECTIONS``; errors name the file and the key."""
    for section, shape in SECTIONS.items():
        entries = data.get(section, {})
        if not isinstance(entries, dict):
            raise LexiconError(f"{source}: '{section}' must be an object")
        for key, value in entries.items():
            if key.startswith("_"):
                continue  # "_doc": documentation
            where = f"{source}: {section}.{key}"
            if shape == "str" and not isinstance(value, str):
                raise LexiconError(f"{where}: expected a relation name, got {value!r}")
            if shape in ("list", "labels") and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise LexiconError(f"{where}: expected a list of words, got {value!r}")
            if shape == "labels" and not set(value) <= ENTITY_LABELS:
                raise LexiconError(f"{where}: expected entity labels ({', '.join(sorted(ENTITY_LABELS))})")
            if shape == "table" and not (isinstance(value, dict) and set(value) <= ENTITY_LABELS
                                         and all(isinstance(v, str) for v in value.values())):
                raise LexiconError(f"{where}: expected an object from entity labels to relation names")


def _entries(data: dict, section: str) -> dict:
    return {k: v for k, v in data.get(section, {}).items() if not k.startswith("_")}


@lru_cache(maxsize=8)
def load_relations(path: str | None = None, schema_path: str | None = None) -> RelationLexicon:
    """The relation lexicon (extractors/data/relations.json, validated) with its schema (graph/data/schema.json)."""
    source = Path(path) if path else DATA_DIR / "relations.json"
    data = read_lexicon_file(source, ("frames", "roles"))
    _validate(data, source)
    schema = load_schema(schema_path)
    lexicon = RelationLexicon(
        dict(_entries(data, "frames")), {k.lower(): v for k, v in _entries(data, "roles").items()}, schema,
        word_lists={name: frozenset(w.lower() for w in words) for name, words in _entries(data, "words").items()},
        noun_classes={noun.lower(): name for name, nouns in _entries(data, "noun_classes").items() for noun in nouns},
        event_verbs={name: tuple(verbs) for name, verbs in _entries(data, "event_verbs").items()},
        retypes={name: dict(by_type) for name, by_type in _entries(data, "retype").items()},
        descriptions={noun: tuple(labels) for noun, labels in _entries(data, "descriptions").items()})
    undeclared = sorted({*(v.lstrip("^") for v in lexicon.frames.values()), *lexicon.roles.values(),
                         *(r for by_type in lexicon.retypes.values() for r in by_type.values())} - set(schema.declared))
    if undeclared:
        raise LexiconError(f"{source}: relations {', '.join(undeclared)} are not declared in {schema.source} "
                           "(add them under 'relations' with their schema relation, or null)")
    return lexicon
