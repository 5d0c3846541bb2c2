"""The data types that flow from the extractors to the graph and the exporters.

Standard library only: nothing here knows about spaCy, networkx or rdflib, so every layer can
import it and the types pickle cheaply across processes (multiprocessing, Dask).
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: Mention kinds. An ``entity`` is a named entity (spaCy NER span); a ``phrase`` is a noun phrase
#: with no entity in it; a ``literal`` is a value (date, number, money) that becomes an RDF literal.
ENTITY, PHRASE, LITERAL = "entity", "phrase", "literal"

#: spaCy entity labels whose values are literals rather than things.
LITERAL_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that names an argument of a relation."""

    text: str
    label: str = ""  # spaCy entity label ("PERSON", "ORG", ...), "" for plain phrases
    start_char: int = -1  # offsets in the document, -1 when unknown
    end_char: int = -1
    kind: str = PHRASE
    # Canonical text for resolution, e.g. "John Kerry" for a "He" resolved by coreference.
    # Empty means "use text".
    resolved: str = ""

    @property
    def key_text(self) -> str:
        return self.resolved or self.text


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact was read: the document, the sentence, and the evidence span in the document."""

    doc_id: str
    sentence_index: int
    sentence: str
    start_char: int
    end_char: int


@dataclass(frozen=True, slots=True)
class Triple:
    """One subject-relation-object fact with its evidence."""

    subject: Mention
    relation: str  # canonical name, e.g. "spoke_with"
    object: Mention
    confidence: float
    provenance: Provenance
    extractor: str = "rules"
    negated: bool = False  # "X did not meet Y": kept, marked, never asserted as positive
    surface: str = ""  # the relation as written, e.g. "discussed concerns in a phone call with"
    modality: str = ""  # "may", "will", ... when the verb carries a modal


@dataclass(frozen=True, slots=True)
class OpenIETuple:
    """An n-ary Open IE extraction with full argument spans (the CaRB view of a clause)."""

    arg1: str
    relation: str
    args: tuple[str, ...]
    confidence: float
    sentence: str = ""
    negated: bool = False


@dataclass(slots=True)
class DocumentResult:
    """Everything extracted from one document; the unit that crosses process boundaries."""

    doc_id: str
    triples: list[Triple] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # every entity mention, for node stats
    # (mention, key, value) facts about an entity that are not relations: title, nationality
    attributes: list[tuple[Mention, str, str]] = field(default_factory=list)
    sentences: int = 0
    words: int = 0
    error: str = ""  # non-empty when the document failed; the run goes on
