"""The RDF vocabulary, IRIs, literal values and term factories of the RDF writers (exports/rdf.py).

A *term factory* decides what a term is for one target: rdflib terms, pyoxigraph terms, N-Triples or
Turtle text, JSON-LD values; and what a *block* (a subject and its (predicate, object) pairs) becomes:
a (subject, pairs) tuple for the object targets, text for the text targets. ``exports/rdf_describe.py``
walks the graph once and makes every term and block through a factory.
"""
from __future__ import annotations

import codecs
import datetime as _dt
import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_BASE_IRI = "https://kgbuilder.example/"
#: SHACL shapes describing the output (checked in the tests with pyshacl, see ``validate``).
SHAPES_PATH = Path(__file__).resolve().parent / "data" / "shapes.ttl"
PROVENANCE_CHOICES = ("statements", "none")

KG = "https://kgbuilder.example/ns#"
REL = "https://kgbuilder.example/ns/relation/"
ATTR = "https://kgbuilder.example/ns/attribute/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
WD = "http://www.wikidata.org/entity/"

#: spaCy entity label -> schema.org class (local name). Labels not listed get only kg:Entity.
SCHEMA_CLASSES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",  # countries, cities, states
    "LOC": "Place",  # mountains, rivers, regions
    "FAC": "Place",  # buildings, airports, bridges: schema:CivicStructure is a Place; Place is what users query
    "EVENT": "Event",
    "WORK_OF_ART": "CreativeWork",
    "PRODUCT": "Product",
    "LAW": "Legislation",
    "LANGUAGE": "Language",
}

#: The fixed vocabulary prefixes (data prefixes depend on the base IRI, see ``prefixes``).
VOCAB_PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "schema": SCHEMA, "prov": PROV,
    "dcterms": DCTERMS, "kg": KG, "rel": REL, "attr": ATTR, "wd": WD,
}


def prefixes(base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """Every prefix the export uses: the vocabulary plus entity/doc/stmt/agent under ``base_iri``."""
    base = check_base_iri(base_iri)
    return {**VOCAB_PREFIXES, "entity": base + "entity/", "doc": base + "doc/",
            "stmt": base + "statement/", "agent": base + "extractor/"}


def check_base_iri(base_iri: str) -> str:
    """The base IRI, ending in ``/`` or ``#``; ValueError with an example when it is not an absolute IRI."""
    import pyoxigraph

    base = str(base_iri)
    if not base.endswith(("/", "#")):
        base += "/"
    if not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", base):
        raise ValueError(f"base IRI {base_iri!r} is not an absolute IRI; pass one like "
                         f"{DEFAULT_BASE_IRI!r} or 'https://example.org/mykg/'")
    try:
        pyoxigraph.NamedNode(base)
    except ValueError as err:
        raise ValueError(f"base IRI {base_iri!r} is not a valid IRI ({err}); pass one like "
                         f"{DEFAULT_BASE_IRI!r}") from None
    return base


def encode_id(value: str) -> str:
    """Percent-encode anything (a node id, a relation name) into a safe IRI segment. Injective."""
    # urllib's quote(value, safe="", errors="surrogatepass"), byte for byte, but only the runs that
    # need it are encoded: ids are mostly unreserved characters with a few "/" between them
    return _RESERVED_RUN.sub(_percent_encoded, str(value))


_RESERVED_RUN = re.compile(r"[^A-Za-z0-9_.~-]+")


def _percent_encoded(run: re.Match) -> str:
    return _percent_encoded_text(run.group())


@lru_cache(maxsize=4096)  # the same few runs recur in every id: "/", " ", "'"
def _percent_encoded_text(text: str) -> str:
    return "".join(f"%{byte:02X}" for byte in text.encode("utf-8", "surrogatepass"))


def entity_iri(node_id: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    return check_base_iri(base_iri) + "entity/" + encode_id(node_id)


def relation_iri(relation: str) -> str:
    return REL + encode_id(relation)


def document_iri(doc_id: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    return check_base_iri(base_iri) + "doc/" + encode_id(doc_id)


def statement_key(subject_id: str, relation: str, object_id: str, negated: bool, evidence: dict,
                  modality: str = "") -> str:
    """The local name of a statement node, derived from what identifies the reading it describes.

    ``{edge}_{document}_{sentence index}_{start}_{end}``: a hash of (subject, relation, object,
    negated, modality), a hash of the document id, and the evidence's integer positions. The same
    reading of the same sentence always gets the same IRI, so loading a corpus twice adds nothing.
    """
    get = evidence.get
    return (edge_hash(subject_id, relation, object_id, bool(negated), modality) + "_"
            + doc_hash(get("doc_id", "")) + positions(get("sentence_index"), get("start_char"),
                                                      get("end_char")))


def edge_hash(subject_id: str, relation: str, object_id: str, negated: bool, modality: str = "") -> str:
    """The hash naming one edge's statements. The lengths make it unambiguous (the object id is the
    rest); stable across runs, unlike hash(). An asserted fact's text has no modality part, so its
    statement IRIs are those written before modality existed."""
    if modality:
        text = (f"{len(subject_id)},{len(relation)},{negated:d},{len(modality)}:"
                f"{subject_id}{relation}{modality}{object_id}")
    else:
        text = f"{len(subject_id)},{len(relation)},{negated:d}:{subject_id}{relation}{object_id}"
    return _blake2b(text.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


_blake2b = hashlib.blake2b


def doc_hash(doc_id) -> str:
    return hashlib.blake2b(repr(doc_id).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def positions(index, start, end) -> str:
    if type(index) is int and type(start) is int and type(end) is int:
        return f"_{index}_{start}_{end}"
    # odd values (None, strings) from hand-made records: hash them so the name stays a safe local name
    text = repr((index, start, end)).encode("utf-8", "surrogatepass")
    return "_h" + hashlib.blake2b(text, digest_size=8).hexdigest()


# ---------------------------------------------------------------------------------------- literal values
_SURROGATES = re.compile("[\ud800-\udfff]")
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MDY = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", re.ASCII)  # November 21, 2015 / Nov. 21 2015
_DMY = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})", re.ASCII)  # 21 November 2015
_INTEGER = re.compile(r"0|-?[1-9]\d{0,17}", re.ASCII)  # as written: no "-0", no leading zeros


def parse_date(text: str) -> str | None:
    """ISO ``YYYY-MM-DD`` for a value that is a full calendar date, else None."""
    text = text.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return _dt.date.fromisoformat(text).isoformat()
        if m := _MDY.fullmatch(text):
            month, day, year = _MONTHS.get(m[1].lower()), int(m[2]), int(m[3])
        elif m := _DMY.fullmatch(text):
            day, month, year = int(m[1]), _MONTHS.get(m[2].lower()), int(m[3])
        else:
            return None
        return _dt.date(year, month, day).isoformat() if month else None
    except ValueError:  # 2015-02-30 and the like
        return None


def clean_text(text: str) -> str:
    """A string every RDF syntax can carry: lone surrogates (only possible from broken JSON) become U+FFFD."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


def decimal_lexical(value: float) -> str:
    """The canonical xsd:decimal lexical form of a confidence (4 places, trailing zeros dropped)."""
    text = f"{float(value):.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


# ---------------------------------------------------------------------------------------- term factories
class Terms:
    """Makes terms and blocks for one target. ``iri(prefix, local)`` takes an already IRI-safe local part.

    The object targets (rdflib, pyoxigraph, JSON-LD) keep a block as ``(subject, pairs)``; the text
    targets render it (``NTriplesTerms``, ``TurtleTerms``).
    """

    text = False  # whether blocks are text (which concatenates)

    def __init__(self, namespaces: dict[str, str]):
        self.ns = namespaces
        self.V = Vocab(self)

    def iri(self, prefix: str, local: str) -> Any: ...

    def statement(self, key: str) -> Any:
        """The IRI of a statement node from its hex hash (always a safe local name)."""
        return self.iri("stmt", key)

    def string(self, text: str) -> Any: ...
    def integer(self, value: int) -> Any: ...
    def decimal(self, lexical: str) -> Any: ...
    def boolean(self, value: bool) -> Any: ...
    def date(self, lexical: str) -> Any: ...

    def block(self, subject: Any, pairs: list[tuple[Any, Any]]) -> Any:
        return subject, pairs

    def statement_head(self, subject, predicate, obj, negated, modality: str) -> Any:
        """What every statement of one edge says first: the reified triple, negation and modality."""
        V = self.V
        head = [(V.type, V.statement), (V.subject, subject), (V.predicate, predicate), (V.object, obj),
                (V.negated, negated)]
        if modality:
            head.append((V.modality, self.string(modality)))
        return head

    def statement_block(self, key: str, head, doc, sentence: str, index: int, start: int, end: int,
                        confidence, agent, surface: str) -> Any:
        """The block of one statement whose fields are all present and well-formed (see rdf_describe);
        ``key`` is its name without the positions (``statement_key``)."""
        V = self.V
        key = f"{key}_{index}_{start}_{end}"
        pairs = [*head, (V.source, doc), (V.sentence, self.string(sentence)), (V.sentence_index, self.integer(index)),
                 (V.start, self.integer(start)), (V.end, self.integer(end)), (V.confidence, confidence),
                 (V.attributed, agent)]
        if surface:
            pairs.append((V.surface, self.string(surface)))
        return self.block(self.statement(key), pairs)


class _LibraryTerms(Terms):
    """Terms as a library's objects: its IRI and literal constructors, and the XSD datatypes as IRIs."""

    def __init__(self, namespaces, node, literal):
        self._node, self._lit = node, literal
        self._dt = {name: node(XSD + name) for name in ("integer", "decimal", "boolean", "date")}
        super().__init__(namespaces)

    def iri(self, prefix, local):
        return self._node(self.ns[prefix] + local)

    def string(self, text):
        return self._lit(clean_text(text))

    def integer(self, value):
        return self._lit(str(value), datatype=self._dt["integer"])

    def decimal(self, lexical):
        return self._lit(lexical, datatype=self._dt["decimal"])

    def boolean(self, value):
        return self._lit("true" if value else "false", datatype=self._dt["boolean"])

    def date(self, lexical):
        return self._lit(lexical, datatype=self._dt["date"])


class RdflibTerms(_LibraryTerms):
    def __init__(self, namespaces):
        from rdflib import Literal, URIRef

        super().__init__(namespaces, URIRef, Literal)


class OxTerms(_LibraryTerms):
    def __init__(self, namespaces):
        import pyoxigraph as ox

        super().__init__(namespaces, ox.NamedNode, ox.Literal)


# String literals for Turtle/N-Triples/TriG: the C escaper of the json module. JSON's string escapes
# (\" \\ \b \f \n \r \t \u00XX for the other control characters) are all Turtle/N-Triples escapes
# too, and it is four times faster than anything written in Python. Lone surrogates (possible only
# from broken JSON input) pass through it: the writers encode them as U+FFFD (see _write_chunks), as
# ``clean_text`` does for the other targets.
_quoted = json.encoder.encode_basestring
SURROGATE_ERRORS = "kgbuilder.surrogates"  # codec error handler: text.encode("utf-8", SURROGATE_ERRORS)
# (bytes, because the UTF-8 encoder accepts only ASCII str replacements)
codecs.register_error(SURROGATE_ERRORS, lambda err: ("\ufffd".encode() * (err.end - err.start), err.end))
# A Turtle PN_LOCAL that needs no backslash escapes, for our percent-encoded local names.
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_%](?:[A-Za-z0-9_\-.%]*[A-Za-z0-9_\-%])?")


class NTriplesTerms(Terms):
    """Terms as N-Triples text: full IRIs, escaped strings, explicit datatypes; a block is its lines."""

    string = staticmethod(_quoted)
    text = True

    def iri(self, prefix, local):
        return f"<{self.ns[prefix]}{local}>"

    def integer(self, value):
        return f'"{value}"^^<{XSD}integer>'

    def decimal(self, lexical):
        return f'"{lexical}"^^<{XSD}decimal>'

    def boolean(self, value):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'

    def date(self, lexical):
        return f'"{lexical}"^^<{XSD}date>'

    def block(self, subject, pairs):
        return "".join([f"{subject} {p} {o} .\n" for p, o in pairs])


class TurtleTerms(NTriplesTerms):
    """Terms as Turtle text: prefixed names where the local part allows, number and boolean shorthands.

    A block is ``subject p1 o1 ;\\n    p2 o2 .`` (literals never hold a raw newline, so a block can be
    re-indented line by line for TriG).
    """

    string = staticmethod(_quoted)
    integer = staticmethod(str)

    def iri(self, prefix, local):
        if prefix == "rdf" and local == "type":
            return "a"  # only ever used as a predicate
        if _SAFE_LOCAL.fullmatch(local):
            return f"{prefix}:{local}"
        return f"<{self.ns[prefix]}{local}>"

    def statement(self, key):
        return f"stmt:{key}"

    def decimal(self, lexical):
        return lexical

    def boolean(self, value):
        return "true" if value else "false"

    def date(self, lexical):
        return f'"{lexical}"^^xsd:date'

    def block(self, subject, pairs):
        body = " ;\n    ".join(map(" ".join, pairs))
        return f"{subject} {body} .\n\n"

    # The statement block is most of a file and the one place the Turtle writer's speed comes from
    # (benchmarks/rdf_speed.py): one f-string instead of pairs joined. Same triples as the generic
    # Terms.statement_block (tests check that Turtle and ``to_rdf`` are isomorphic).
    def statement_head(self, subject, predicate, obj, negated, modality):
        head = (f"a rdf:Statement ;\n    rdf:subject {subject} ;\n    rdf:predicate {predicate} ;\n"
                f"    rdf:object {obj} ;\n    kg:negated {negated}")
        return f"{head} ;\n    kg:modality {_quoted(modality)}" if modality else head

    def statement_block(self, key, head, doc, sentence, index, start, end, confidence, agent, surface):
        tail = f" ;\n    kg:surface {_quoted(surface)} .\n\n" if surface else " .\n\n"
        return (f"stmt:{key}_{index}_{start}_{end} {head} ;\n    dcterms:source {doc} ;\n"
                f"    kg:sentence {_quoted(sentence)} ;\n"
                f"    kg:sentenceIndex {index} ;\n    kg:startChar {start} ;\n    kg:endChar {end} ;\n"
                f"    kg:confidence {confidence} ;\n    prov:wasAttributedTo {agent}{tail}")


class JsonLdTerms(Terms):
    """Terms as JSON-LD values: {"@id": compact IRI}, plain strings, {"@value", "@type"} objects."""

    def iri(self, prefix, local):
        return {"@id": f"{prefix}:{local}"}

    def string(self, text):
        return clean_text(text)

    def integer(self, value):
        return {"@value": str(value), "@type": "xsd:integer"}

    def decimal(self, lexical):
        return {"@value": lexical, "@type": "xsd:decimal"}

    def boolean(self, value):
        return {"@value": "true" if value else "false", "@type": "xsd:boolean"}

    def date(self, lexical):
        return {"@value": lexical, "@type": "xsd:date"}


class Vocab:
    """The fixed terms, made once per export by the target's factory."""

    def __init__(self, T: Terms):
        i = T.iri
        self.type, self.label, self.property = i("rdf", "type"), i("rdfs", "label"), i("rdf", "Property")
        self.statement, self.subject = i("rdf", "Statement"), i("rdf", "subject")
        self.predicate, self.object = i("rdf", "predicate"), i("rdf", "object")
        self.alt_label, self.entity = i("skos", "altLabel"), i("kg", "Entity")
        self.note = i("skos", "editorialNote")  # why a name joined the entity (graph.json "merged")
        self.concept, self.value = i("kg", "Concept"), i("kg", "Value")
        self.entity_type, self.mention_count = i("kg", "entityType"), i("kg", "mentionCount")
        self.negated, self.modality, self.sentence = i("kg", "negated"), i("kg", "modality"), i("kg", "sentence")
        self.sentence_index, self.start, self.end = (i("kg", "sentenceIndex"), i("kg", "startChar"),
                                                     i("kg", "endChar"))
        self.confidence, self.surface = i("kg", "confidence"), i("kg", "surface")
        self.source, self.identifier = i("dcterms", "source"), i("dcterms", "identifier")
        self.prov_entity, self.agent = i("prov", "Entity"), i("prov", "SoftwareAgent")
        self.attributed = i("prov", "wasAttributedTo")
        self.sub_property, self.comment = i("rdfs", "subPropertyOf"), i("rdfs", "comment")
        self.schema_relation = i("kg", "SchemaRelation")
        self.close_match, self.inverse_close_match = i("skos", "closeMatch"), i("kg", "inverseCloseMatch")
        self.true, self.false = T.boolean(True), T.boolean(False)
        self.classes = {label: i("schema", name) for label, name in SCHEMA_CLASSES.items()}


def attribute_value(T: Terms, raw: Any) -> Any:
    """The literal of an attribute value: boolean, integer, decimal or date when it is one, else a string."""
    if isinstance(raw, bool):
        return T.boolean(raw)
    if isinstance(raw, int):
        return T.integer(raw)
    if isinstance(raw, float):
        return T.decimal(decimal_lexical(raw)) if raw == round(raw, 4) else T.string(repr(raw))
    text = str(raw)
    if _INTEGER.fullmatch(text):
        return T.integer(int(text))
    date = parse_date(text) if any(c.isdigit() for c in text) else None
    return T.date(date) if date else T.string(text)
