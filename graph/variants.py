"""Name variants within one document: which names of a document name the same thing, and why.

Each rule links a variant to a fuller name and says why (the reason is kept on the node):
- "abbreviation defined in text": the extractor saw "Syrian Democratic Forces (SDF)";
- "initials": "IRGC" and "Iranian Revolutionary Guard Corps" in one story (one long form only);
- "surname" / "first name": "Kerry" and "John Kerry" (of several full names, the one named most often,
  then the nearest before); "middle name": "Robert Mugabe" and "Robert Gabriel Mugabe";
- "spelling variant": "Sarea" and "Saree", a lone surname one letter away from exactly one person's;
- "organisation suffix": "Labour" and "Labour Party", "Houthis" and "Houthi movement"; "plural":
  "Houthis" and "Houthi";
- "designator": "Texas" and "State of Texas", "Iran" and "Islamic Republic of Iran";
- "short form": "Supreme Court" and "UK Supreme Court" or "Italian Supreme Court of Cassation",
  "Parliament" and "Parliament of the United Kingdom": the short name holds the long one's head noun
  and the long one only adds a place or an "of" phrase, and exactly one long name fits.
Names are blocked by head word, initials and surname, so nothing compares all pairs.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from kgbuilder.graph.names import (NameLexicon, fold, head_word, initials, is_acronym, name_key, surnames,
                                   type_group)

PERSON = "PERSON"
PLACES = frozenset({"GPE", "LOC", "FAC"})


@dataclass
class DocName:
    """One distinct name of a document (after the lexicon's aliases) and how it was used."""

    text: str
    type: str
    count: int = 0
    first: int = 1 << 30  # offset of the first mention
    person_votes: float = 0.0
    votes: Counter = field(default_factory=Counter)  # mentions per label the tagger gave

    @property
    def words(self) -> list[str]:
        return self.text.split()


@dataclass(frozen=True)
class Link:
    target: str
    reason: str


def _same_kind(a: DocName, b: DocName) -> bool:
    """One type group, or one of the two a name the recogniser did not type (label "")."""
    return type_group(a.type) == type_group(b.type) or "" in (a.type, b.type) and PERSON not in (a.type, b.type)


def _firm_person(n: DocName, person_parts: set[str]) -> bool:
    """A person by more than one tag: a full name, a part of one, or tagged PERSON twice."""
    return n.type == PERSON and (len(n.words) > 1 or fold(n.text) in person_parts or n.person_votes >= 2)


def _person_links(names: dict[str, DocName]) -> dict[str, Link]:
    """Surnames, first names and middle-name variants of the document's full person names."""
    full = [n for n in names.values() if n.type == PERSON and len(n.words) > 1 and not is_acronym(n.text)]
    by_last: dict[str, list[DocName]] = {}
    by_first: dict[str, list[DocName]] = {}
    for n in full:
        for surname in surnames(n.text):
            by_last.setdefault(surname, []).append(n)
        by_first.setdefault(fold(n.words[0]), []).append(n)
    links: dict[str, Link] = {}
    for n in names.values():
        if n.type != PERSON or is_acronym(n.text):
            continue
        if len(n.words) == 1:
            key = fold(n.text)
            if key in by_last:
                links[n.text] = Link(_most_named(by_last[key], n.first).text, "surname")
            elif len(by_first.get(key, ())) == 1:
                links[n.text] = Link(by_first[key][0].text, "first name")
            continue
        longer = [m for m in by_last.get(fold(n.words[-1]), ()) if m is not n and _middle_variant(n, m)]
        if len(longer) == 1 and (longer[0].count, len(longer[0].words)) > (n.count, len(n.words)):
            links[n.text] = Link(longer[0].text, "middle name")
        elif len(longer) == 1:
            links.setdefault(longer[0].text, Link(n.text, "middle name"))
    return links


def _middle_variant(short: DocName, long: DocName) -> bool:
    """"Robert Mugabe" / "Robert Gabriel Mugabe": same first and last word, one adds middle words."""
    a, b = [fold(w) for w in short.words], [fold(w) for w in long.words]
    return len(a) < len(b) and a[0] == b[0] and a[-1] == b[-1]


def _most_named(candidates: list[DocName], at: int) -> DocName:
    """News names the principal person in full most often ("Joe Biden ... his son, Hunter Biden ...
    Biden"): the most-named wins, then the nearest named before ``at``, then the first."""
    top = max(c.count for c in candidates)
    leaders = [c for c in candidates if c.count == top]
    before = [c for c in leaders if c.first <= at]
    return max(before, key=lambda c: c.first) if before else min(leaders, key=lambda c: c.first)


def _spelling_links(names: dict[str, DocName], linked: dict[str, Link]) -> dict[str, Link]:
    """A lone surname that matches nobody but is one edit (two for long names) from exactly one
    person's surname, same first letter: a transliteration or spelling variant ("Sarea" / "Saree").
    A name tagged ORG once and never anything else may be such a surname too ("Saree said")."""
    full = [n for n in names.values() if n.type == PERSON and len(n.words) > 1]
    links = {}
    for n in names.values():
        maybe_person = n.type == PERSON or (n.type == "ORG" and sum(n.votes.values()) == 1)
        if not maybe_person or len(n.words) != 1 or n.text in linked or len(n.text) < 5 or is_acronym(n.text):
            continue
        word = fold(n.text).lower()
        limit = 2 if len(word) >= 8 else 1
        near = {m.text for m in full
                if (s := surnames(m.text)[-1].lower())[0] == word[0] and _within(word, s, limit)}
        if len(near) == 1:
            links[n.text] = Link(near.pop(), "spelling variant")
    return links


def _within(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of a and b is at most ``limit`` (and more than 0)."""
    if a == b or abs(len(a) - len(b)) > limit:
        return False
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1] <= limit


def _initials_links(names: dict[str, DocName], person_parts: set[str]) -> dict[str, Link]:
    """"KCNA" and "Korean Central News Agency" in one document: the initials of exactly one long name."""
    by_initials: dict[str, set[str]] = {}
    for n in names.values():
        if len(n.words) > 1 and n.type != PERSON:
            for form in {initials(n.text), initials(n.text, with_function_words=True)}:
                by_initials.setdefault(form, set()).add(n.text)
    links = {}
    for n in names.values():
        if is_acronym(n.text) and not _firm_person(n, person_parts):
            found = by_initials.get(n.text.replace(".", "").upper(), set())
            if len(found) == 1:
                links[n.text] = Link(next(iter(found)), "initials")
    return links


def _suffix_links(names: dict[str, DocName], lexicon: NameLexicon) -> dict[str, Link]:
    """"Labour" / "Labour Party", "Houthis" / "Houthi movement": a name and the same name plus a
    word organisations add (the plural of a group's name counts as the name)."""
    by_key = {name_key(n.text): n for n in names.values()}
    links = {}
    for n in names.values():
        if n.type in PLACES or n.type == PERSON or len(n.words) < 2:
            continue
        for size in (2, 1):
            suffix = " ".join(n.words[-size:]).lower()
            if len(n.words) <= size or suffix not in lexicon.org_suffixes:
                continue
            stem = name_key(" ".join(n.words[:-size]))
            for key in (stem, stem + "s"):
                short = by_key.get(key)
                # never a person: "Trump" is no "Trump Organization", "Ford" no "Ford Motor Company"
                if short is not None and short is not n and short.type != PERSON:
                    links[short.text] = Link(n.text, "organisation suffix")
    return links


def _plural_links(names: dict[str, DocName], person_parts: set[str]) -> dict[str, Link]:
    """"Houthis" / "Houthi": the plural of a group's name is the group (never a person's name)."""
    by_key = {name_key(n.text): n for n in names.values()}
    links = {}
    for n in names.values():
        key = name_key(n.text)
        one = by_key.get(key[:-1]) if key.endswith("s") and len(key) > 3 else None
        if one is not None and one.type not in PLACES and not _firm_person(one, person_parts) \
                and not _firm_person(n, person_parts):
            links[n.text] = Link(one.text, "plural")
    return links


def _designator_links(names: dict[str, DocName], lexicon: NameLexicon) -> dict[str, Link]:
    """"State of Texas" -> "Texas": a designator before a name the document also uses alone.
    Here the short form is the canonical one (the place's own name)."""
    by_key = {name_key(n.text): n for n in names.values()}
    links = {}
    for n in names.values():
        lowered = n.text.lower()
        for designator in lexicon.designators:
            if lowered.startswith(designator + " "):
                bare = by_key.get(name_key(n.text[len(designator) + 1:]))
                same_kind = bare is not None and (type_group(bare.type) == type_group(n.type) or bare.type in PLACES)
                if same_kind and bare.type != PERSON:
                    links[n.text] = Link(bare.text, "designator")
                break
    return links


COMPASS = frozenset({"north", "south", "east", "west"})


def compass_rest(words: list[str]) -> str:
    """"korea" for ["South", "Korea"]: the name a compass word qualifies, lower case ("" when none)."""
    return " ".join(w.lower() for w in words[1:]) if len(words) > 1 and words[0].lower() in COMPASS else ""


def _compass_links(names: dict[str, DocName], lexicon: NameLexicon) -> dict[str, Link]:
    """"Korea" with "South Korea" in the document (and no "North Korea"): the one country so named. Not
    when the short name is a country or a continent of its own ("Sudan", "Africa")."""
    by_rest: dict[str, list[DocName]] = {}
    for n in names.values():
        rest = compass_rest(n.words) if n.type != PERSON else ""
        if rest:
            by_rest.setdefault(rest, []).append(n)
    links: dict[str, Link] = {}
    for n in names.values():
        if n.type == PERSON or name_key(n.text) in lexicon.country_names or lexicon.known_type(n.text) == "LOC" \
                or lexicon.alias(n.text):
            continue
        fuller = [m for m in by_rest.get(" ".join(w.lower() for w in n.words), ()) if _same_kind(m, n)]
        if len(fuller) == 1:
            links[n.text] = Link(fuller[0].text, "short form")
    return links


def _short_form_links(names: dict[str, DocName], lexicon: NameLexicon) -> dict[str, list[tuple[Link, tuple]]]:
    """Short names that hold a longer name's head noun: every long name that fits, with what it adds."""
    by_head: dict[str, list[DocName]] = {}
    for n in names.values():
        if n.type != PERSON and len(n.words) > 1:
            by_head.setdefault(head_word(n.text), []).append(n)
    links: dict[str, list[tuple[Link, tuple]]] = {}
    for n in names.values():
        if n.type == PERSON or is_acronym(n.text):
            continue
        short = [w.lower() for w in n.words]
        candidates = {id(m): m for key in (short[-1], head_word(n.text)) for m in by_head.get(key, ())}
        for long in candidates.values():
            if long is n or not _same_kind(long, n):
                continue
            adds = _extension(short, long.words, lexicon)
            if adds is not None:
                links.setdefault(n.text, []).append((Link(long.text, "short form"), adds))
    return links


def _extension(short: list[str], long_words: list[str], lexicon: NameLexicon) -> tuple[str, str] | None:
    """What ``long_words`` adds to ``short`` when it is [qualifier] + short + ["of ..."] with the
    qualifier a place or organisation: (the place it names, the "of" phrase); None when it is not."""
    words = [w.lower() for w in long_words]
    end = words.index("of", 1) if "of" in words[1:] else len(words)
    if "of" in short and len(words) > len(short) and words[-len(short):] == short:
        end = len(words)  # "House of Representatives" in "United States House of Representatives"
    start = end - len(short)
    if start < 0 or words[start:end] != short or (start == 0 and end == len(words)):
        return None
    place, tail = "", " ".join(long_words[end + 1:])
    if start:
        qualifier = " ".join(long_words[:start])
        if lexicon.place_qualifier(long_words[:start] + ["x"]) == start:
            place = _place_key(qualifier, lexicon)
        elif lexicon.known_type(qualifier) is None:
            return None  # "National Security Council" is no "Security Council"
    if tail and (lexicon.known_type(tail) in ("GPE", "LOC") or lexicon.demonym(tail)):
        place, tail = place or _place_key(tail, lexicon), ""
    return place, name_key(tail)


def _place_key(text: str, lexicon: NameLexicon) -> str:
    return name_key(lexicon.demonym(text) or lexicon.alias(text) or text)


def _compatible(extensions: list[tuple[str, str]]) -> bool:
    """Long names that may all be the one thing a short name names: no two name different places
    ("UK Supreme Court", "Supreme Court of Canada") or different "of" phrases."""
    places = {p for p, _ in extensions if p}
    tails = {t for _, t in extensions if t}
    return len(places) <= 1 and len(tails) <= 1


def resolve_links(names: dict[str, DocName], lexicon: NameLexicon,
                  hints: Iterable[tuple[str, str, str]] = ()) -> dict[str, Link]:
    """Every variant's link to a fuller name, by the rules above, first rule first.

    ``hints``: (variant, canonical, reason) that the extractor read in the text (abbreviations).
    Follow the links with ``root_of``."""
    person_parts = {part for n in names.values() if n.type == PERSON and len(n.words) > 1
                    for part in (fold(n.words[0]), *surnames(n.text))}
    links: dict[str, Link] = {}
    for variant, target, reason in hints:
        if variant in names and target in names and variant != target:
            links.setdefault(variant, Link(target, reason))
    for found in (_initials_links(names, person_parts), _person_links(names), _plural_links(names, person_parts),
                  _suffix_links(names, lexicon), _designator_links(names, lexicon), _compass_links(names, lexicon)):
        for variant, link in found.items():
            links.setdefault(variant, link)
    links.update({v: l for v, l in _spelling_links(names, links).items() if v not in links})
    for variant, candidates in sorted(_short_form_links(names, lexicon).items()):
        if variant in links or not _compatible([adds for _link, adds in candidates]):
            continue
        targets = sorted({root_of(link.target, links) for link, _adds in candidates} - {variant})
        if not targets:
            continue
        links[variant] = Link(targets[0], "short form")
        for other in targets[1:]:  # "U.S. House" and "House of Representatives": both the "House"
            links.setdefault(other, Link(targets[0], "short form"))
    return _acyclic(links)


def _acyclic(links: dict[str, Link]) -> dict[str, Link]:
    """Drop the link that closes a cycle (two rules pointing two names at each other)."""
    out: dict[str, Link] = {}
    for variant in sorted(links):
        target, seen = links[variant].target, {variant}
        while target in out and target not in seen:
            seen.add(target)
            target = out[target].target
        if target not in seen:
            out[variant] = links[variant]
    return out


def root_of(name: str, links: dict[str, Link]) -> str:
    """The canonical name a name's links lead to."""
    seen = {name}
    while name in links and links[name].target not in seen:
        name = links[name].target
        seen.add(name)
    return name
