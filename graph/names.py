"""Name knowledge shared by extraction and resolution (graph/data/names.json), and the string forms of names.

Pure functions of a name's text: what it is compared as (``name_key``), which country a demonym names,
which type a name or its head noun gives, which words may qualify a name without changing what it names.
The extractors and the resolver both read names through this module, so a rule is written once.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

#: When two types have equal support for one name, the first in this order wins (a fixed order, so
#: the choice never depends on which document came first).
TYPE_PREFERENCE = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW",
                   "LANGUAGE")
#: Type groups: labels that may share one node (a country tagged GPE once and LOC once is one place).
#: The group is part of an entity's id, so a person and a place of one name never share one.
TYPE_GROUPS = {"PERSON": "person", "ORG": "org", "NORP": "org", "GPE": "place", "LOC": "place",
               "FAC": "place", "": "thing"}


def type_group(label: str) -> str:
    return TYPE_GROUPS.get(label, label.lower() or "thing")


#: Words that do not count for initials ("Democratic People's Republic of Korea" -> DPRK).
FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "de", "la", "du", "des", "&"})


class LexiconError(ValueError):
    """A lexicon file is missing or malformed."""


#: Every lexicon file read in this process: resolved path -> BLAKE2b of the bytes read. Results depend on
#: these; the checkpoint fingerprints them (kgbuilder.manifest), so an edited lexicon is never stale.
_FILES_READ: dict[str, str] = {}


def lexicon_files_read() -> dict[str, str]:
    """{path: content hash} of every file ``read_lexicon_file`` has read, as it was when read."""
    return dict(_FILES_READ)


def read_lexicon_file(path: Path, required: tuple[str, ...]) -> dict:
    try:
        raw = path.read_bytes()
        _FILES_READ[str(path.resolve())] = hashlib.blake2b(raw, digest_size=16).hexdigest()
        data = json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"{path}: lexicon file not found; reinstall kgbuilder or pass an existing file") from None
    except json.JSONDecodeError as err:
        raise LexiconError(f"{path}: not valid JSON at line {err.lineno} column {err.colno}: {err.msg}") from None
    missing = [key for key in required if not isinstance(data.get(key), (dict, list))]
    if missing:
        raise LexiconError(f"{path}: missing section(s) {', '.join(missing)}; see the files in graph/data/ and extractors/data/ for the format")
    return data


# ---------------------------------------------------------------------------------------- string forms
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(’s|'s|’|')$")
_INNER_POSSESSIVE = re.compile(r"(?<=\w)(’s|'s)(?=\s|$)")
_ISATION = re.compile(r"isation(?=s?\b)")  # British and American spelling: "Organisation" = "Organization"


def fold(text: str) -> str:
    """A name without its diacritics, for matching: "Erdoğan" and "Erdogan" are one spelling."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)  # every mention of every document: names repeat
def surface_form(text: str) -> str:
    """A mention as an alias: whitespace collapsed, no leading "the", no possessive ending."""
    return _LEADING_THE.sub("", _POSSESSIVE.sub("", " ".join(text.split())))


@lru_cache(maxsize=1 << 16)  # read for every mention, and names repeat
def id_form(text: str) -> str:
    """A name as ids spell it: folded, no "the", no possessives, no dots, hyphens as spaces, "-ization",
    case kept. "the New People's Party" and "New People Party" are one name, so are "U.N." and "UN",
    "World Health Organisation" and "World Health Organization"."""
    text = _POSSESSIVE.sub("", " ".join(text.split()))
    text = _ISATION.sub("ization", _INNER_POSSESSIVE.sub("", fold(_LEADING_THE.sub("", text))))
    return " ".join(text.replace(".", "").replace("-", " ").replace("‐", " ").split())


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The form names are compared in: ``id_form`` in lower case."""
    return id_form(text).lower()


def is_acronym(text: str) -> bool:
    """"IRGC", "U.N.", "G7": two to seven capitals (digits allowed after the first), no lower case."""
    letters = text.replace(".", "").replace("&", "")
    return (2 <= len(letters) <= 7 and letters[0].isalpha() and letters.isalnum()
            and letters.upper() == letters)


def initials(text: str, with_function_words: bool = False) -> str:
    """"Iranian Revolutionary Guard Corps" -> "IRGC"; hyphenated words count each part
    ("Wright-Patterson Air Force Base" -> "WPAFB")."""
    words = [w for w in re.split(r"[\s\-–]+", fold(text)) if w]
    if not with_function_words:
        words = [w for w in words if w.lower() not in FUNCTION_WORDS]
    return "".join(w[0].upper() for w in words if w[0].isalnum())


#: Arabic and other name particles joined to a surname by a hyphen: "al-Assad" is also "Assad".
SURNAME_PARTICLES = frozenset({"al", "el", "ad", "as", "ash", "at", "ar", "az", "an", "ul", "ud", "bin", "ibn", "abu"})


def surnames(name: str) -> list[str]:
    """The folded forms a person's surname takes alone: "Bashar al-Assad" -> ["al-Assad", "Assad"]."""
    last = fold(name.split()[-1]) if name.split() else ""
    forms = [last]
    prefix, _, rest = last.partition("-")
    if rest and prefix.lower() in SURNAME_PARTICLES:
        forms.append(rest)
    return forms


def head_word(text: str) -> str:
    """The head noun of a name, lower case: the word before "of" ("Church of Scientology" -> church),
    else the last word ("John Radcliffe Hospital" -> hospital)."""
    words = text.split()
    if "of" in words[1:]:
        words = words[:words.index("of", 1)]
    return words[-1].lower() if words else ""


# ---------------------------------------------------------------------------------------- the lexicon
@dataclass(frozen=True)
class NameLexicon:
    titles: frozenset[str]
    aliases: dict[str, str]  # lower-case surface form -> canonical name
    demonyms: dict[str, str]  # lower-case adjective -> country or region
    types: dict[str, str] = field(default_factory=dict)  # name_key -> label (countries, regions, organisations)
    head_types: dict[str, str] = field(default_factory=dict)  # head noun -> label
    org_suffixes: frozenset[str] = frozenset()
    designators: tuple[str, ...] = ()  # "state of", ... longest first
    institutions: frozenset[str] = frozenset()  # name_keys of names many countries use ("supreme court")
    country_names: frozenset[str] = frozenset()  # name_keys of sovereign states (and the UK's four nations)
    regions: dict[str, str] = field(default_factory=dict)  # name_key of a state or province -> its country

    def region_country(self, text: str) -> str:
        """The country a state or province is in ("Vermont" -> United States), or ""."""
        return self.regions.get(name_key(text), "")

    @cached_property  # read once per entity mention: computed once per lexicon
    def longest_title_words(self) -> int:
        return max(len(t.split()) for t in self.titles)

    @cached_property
    def countries(self) -> frozenset[str]:
        """name_keys of the countries and regions the demonyms name."""
        return frozenset(name_key(place) for place in self.demonyms.values())

    @cached_property
    def _alias_keys(self) -> dict[str, str]:
        return {name_key(k): v for k, v in self.aliases.items()}

    @cached_property
    def _demonym_keys(self) -> dict[str, str]:
        return {name_key(k): v for k, v in self.demonyms.items()}

    def alias(self, text: str) -> str | None:
        """The canonical name the lexicon gives this surface form ("U.S." -> "United States"), or None."""
        return self._alias_keys.get(name_key(text))

    @cached_property
    def _known_types(self) -> dict[str, str | None]:
        return {}  # text -> known_type(text): names repeat across mentions and documents

    def demonym(self, text: str) -> str | None:
        """The country or region a demonym names: "Russian", "Saudis" (a plural) -> the place, else None."""
        key = name_key(text)
        found = self._demonym_keys.get(key)
        if found is None and key.endswith("s"):
            found = self._demonym_keys.get(key[:-1])
        return found

    def known_type(self, text: str) -> str | None:
        """The type of a name the lexicon knows ("Niger" -> GPE, "Mindanao" -> LOC, an institution with or
        without its country: ORG), else None."""
        cache = self._known_types
        if text not in cache:
            cache[text] = self._lookup_type(text)
        return cache[text]

    def _lookup_type(self, text: str) -> str | None:
        found = self.types.get(name_key(text))
        if found is None and self.alias(text):
            found = self.types.get(name_key(self.alias(text)))
        if found is None and self.institutions:
            words = text.split()
            n = self.place_qualifier(words)
            if name_key(" ".join(words[n:])) in self.institutions:
                found = "ORG"  # "Supreme Court", "United States House of Representatives"
        return found

    def head_type(self, text: str) -> str | None:
        """The type a name's head noun gives: "... Hospital" FAC, "... University" ORG, else None."""
        if len(text.split()) < 2:
            return None  # a one-word name is no head noun with a modifier ("Parliament", "Congress")
        return self.head_types.get(head_word(text))

    def is_title(self, text: str) -> bool:
        return text.lower().rstrip(".") in self.titles or text.lower() in self.titles

    def place_qualifier(self, words: list[str]) -> int:
        """How many leading words name a country or region qualifying the rest ("UK Supreme Court",
        "Italian Supreme Court", "United States Embassy"): 0 when none, or when nothing is left."""
        for n in range(min(3, len(words) - 1), 0, -1):
            head = " ".join(words[:n])
            if self.demonym(head) or self.known_type(head) in ("GPE", "LOC"):
                return n
        return 0


@lru_cache(maxsize=8)
def load_names(path: str | None = None) -> NameLexicon:
    data = read_lexicon_file(Path(path) if path else DATA_DIR / "names.json", ("titles", "aliases", "demonyms"))
    types = {name_key(name): label for label, names in data.get("types", {}).items() for name in names}
    head_types = {word.lower(): label for label, words in data.get("head_types", {}).items() for word in words}
    return NameLexicon(frozenset(t.lower() for t in data["titles"]),
                       {k.lower(): v for k, v in data["aliases"].items()},
                       {k.lower(): v for k, v in data["demonyms"].items()},
                       types, head_types,
                       frozenset(s.lower() for s in data.get("org_suffixes", [])),
                       tuple(sorted((d.lower() for d in data.get("designators", [])), key=lambda d: -len(d))),
                       frozenset(name_key(n) for n in data.get("institutions", [])),
                       frozenset(name_key(n) for n in data.get("countries", [])),
                       {name_key(region): country for country, regions in data.get("regions", {}).items()
                        for region in regions})
