"""The relation schema (graph/data/schema.json): the 16 NewsRE relations and what each emitted relation is a kind of.

The graph, the RDF writer and the extractors read it: a specific relation keeps its name on the edge
(``foreign_minister_of``) and declares its schema relation (``works_for``), which the RDF states as
``rdfs:subPropertyOf`` and aligns with Wikidata.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kgbuilder.graph.names import LexiconError, read_lexicon_file

DATA_DIR = Path(__file__).parent / "data"
#: The entity labels the schema may name (spaCy's English NER labels).
ENTITY_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
                           "LAW", "LANGUAGE"})


#: The type a name has for ``Schema.allows`` when the recogniser gave it none.
UNTYPED_NAME = "NAME"
MISSED_TYPES = frozenset({"EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})


@dataclass(frozen=True)
class WikidataAlignment:
    property: str  # "P108"
    inverse: bool = False  # the Wikidata property points from the tail to the head


@dataclass(frozen=True)
class SchemaRelation:
    name: str
    head: frozenset[str]
    tail: frozenset[str]
    symmetric: bool
    parent: str | None
    wikidata: tuple[WikidataAlignment, ...]
    description: str


@dataclass(frozen=True)
class RelationDeclaration:
    """A relation the extractors emit: its schema relation (or None) and the argument types it takes."""

    name: str
    schema: str | None
    subject: frozenset[str]  # empty: any
    object: frozenset[str]


@dataclass(frozen=True)
class Schema:
    relations: dict[str, SchemaRelation]
    declared: dict[str, RelationDeclaration]
    source: str = ""

    def schema_of(self, relation: str) -> str:
        """The schema relation ``relation`` is a kind of, or "" (verb lemmas and undeclared relations)."""
        found = self.declared.get(relation)
        return (found.schema or "") if found else ""

    def is_symmetric(self, schema_relation: str) -> bool:
        found = self.relations.get(schema_relation)
        return bool(found and found.symmetric)

    def generalises(self, specific: str, general: str) -> bool:
        """Whether schema relation ``specific`` is ``general`` or one of its kinds (leader_of -> works_for)."""
        seen = specific
        while seen:
            if seen == general:
                return True
            seen = self.relations[seen].parent if seen in self.relations else None
        return False

    def allows(self, relation: str, subject_label: str, object_label: str) -> bool:
        """Whether the argument types fit the relation (an undeclared relation takes anything).

        A plain phrase (no label) is not ruled out: the text did not say what it is. A nationality or
        group (NORP, "Russian", "Kurds") stands where a country or an organisation may. ``UNTYPED_NAME``,
        a name the recogniser missed, stands only where events, works or products may (what it misses
        most), never for a person, an organisation or a place.
        """
        found = self.declared.get(relation)
        if found is None:
            return True
        for label, allowed in ((subject_label, found.subject), (object_label, found.object)):
            if not allowed or not label:
                continue
            if label == UNTYPED_NAME:
                if not allowed & MISSED_TYPES:
                    return False
            elif label not in allowed and not (label == "NORP" and allowed & {"GPE", "ORG"}):
                return False
        return True


def _labels(path: Path, where: str, values) -> frozenset[str]:
    if values is None:
        return frozenset()
    if not isinstance(values, list) or not all(v in ENTITY_LABELS for v in values):
        raise LexiconError(f"{path}: {where}: expected a list of entity labels ({', '.join(sorted(ENTITY_LABELS))}), "
                           f"got {values!r}")
    return frozenset(values)


def parse_schema(data: dict, path: Path) -> Schema:
    relations: dict[str, SchemaRelation] = {}
    for name, spec in data["schema"].items():
        wikidata = tuple(WikidataAlignment(w["property"], bool(w.get("inverse", False))) for w in spec.get("wikidata", []))
        if not all(w.property[:1] == "P" and w.property[1:].isdigit() for w in wikidata):
            raise LexiconError(f"{path}: schema.{name}.wikidata: properties are written P123")
        relations[name] = SchemaRelation(name, _labels(path, f"schema.{name}.head", spec["head"]),
                                         _labels(path, f"schema.{name}.tail", spec["tail"]),
                                         bool(spec.get("symmetric", False)), spec.get("parent"), wikidata,
                                         spec.get("description", ""))
    for rel in relations.values():
        if rel.parent is not None and rel.parent not in relations:
            raise LexiconError(f"{path}: schema.{rel.name}.parent: {rel.parent!r} is not a schema relation")
    declared: dict[str, RelationDeclaration] = {}
    for name, spec in data["relations"].items():
        parent = spec.get("schema")
        if parent is not None and parent not in relations:
            raise LexiconError(f"{path}: relations.{name}.schema: {parent!r} is not one of the schema relations "
                               f"({', '.join(relations)}) or null")
        base = relations.get(parent) if parent == name else None
        subject = _labels(path, f"relations.{name}.subject", spec.get("subject"))
        obj = _labels(path, f"relations.{name}.object", spec.get("object"))
        if parent is not None and not subject and not obj:  # the schema relation's own types
            subject, obj = relations[parent].head, relations[parent].tail
        declared[name] = RelationDeclaration(name, parent, subject or (base.head if base else frozenset()),
                                             obj or (base.tail if base else frozenset()))
    missing = [name for name in relations if name not in declared]
    if missing:
        raise LexiconError(f"{path}: relations: the schema relations {', '.join(missing)} must be declared too")
    return Schema(relations, declared, str(path))


@lru_cache(maxsize=8)
def load_schema(path: str | None = None) -> Schema:
    source = Path(path) if path else DATA_DIR / "schema.json"
    return parse_schema(read_lexicon_file(source, ("schema", "relations")), source)
