"""Correcting the small model's entity spans where the text itself gives the evidence.

Runs once per Doc before extraction and rewrites ``doc.ents``:
- "a group called Jaysh al Islam": what a group is called is an organisation (not a PERSON);
- "U.N. envoy for Syria Staffan de Mistura" tagged as one ORG: a role noun followed by
  "for/of PLACE Name Name" is a place and a person;
- "FILE - U.N. Special Envoy" tagged ORG: a span ending in a role noun is a title; the
  organisation is what precedes the role words, after any caption marker ("FILE -");
- "[Civic Union's] Peter Lam", "[Patrice Talon of] Benin", "["United States]", "[pro-Beijing X Party]":
  a possessive ending, a preposition or conjunction at a name's end, a quote or a stance at its start
  are cut;
- "the Greek gas producer Energos" with "Energos" untagged: a proper name in apposition to an
  organisation noun is an organisation;
- "the city of Aleppo", "Kyiv is the capital of Ukraine" with the name untagged: the name a place
  noun names, or that is said to be a city or a capital, is a place;
- "Cde [comrade] Robert Mugabe" with "Cde" tagged PERSON: a title on its own is no name, and goes;
- "Syrian Democratic Forces (SDF)": the short form is an entity of the long form's type, and so is
  every later use of it (extractors/abbreviations.py);
- one type per name in the document, from the tagger's labels and the context (extractors/type_cues.py).
"""
from __future__ import annotations

from typing import Iterator

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from kgbuilder.extractors.abbreviations import abbreviation_entities
from kgbuilder.extractors.arrays import children, indexes_with
from kgbuilder.extractors.english import CLOCK_WORDS, HONORIFICS, SCORE
from kgbuilder.extractors.lexicon import NameLexicon, RelationLexicon, load_names, load_relations
from kgbuilder.extractors.nominal import named_by, naming_noun
from kgbuilder.extractors.type_cues import unify_types

ORG_NOUNS = {"group", "organization", "organisation", "party", "militia", "company", "movement", "faction"}


#: ORG_NOUNS as lemmas in any usual casing ("group", "Group", "GROUP").
_ORG_NOUN_FORMS = frozenset(f for w in ORG_NOUNS for f in (w, w.title(), w.upper()))


def _proper_name(doc: Doc, name: Token) -> tuple[int, int] | None:
    """The token range of the capitalised proper-noun run a proper noun heads (its compounds), or None."""
    if name.pos_ != "PROPN":
        return None
    start = min([c.i for c in name.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"], default=name.i)
    if all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in doc[start:name.i + 1]):
        return start, name.i + 1
    return None


def _apposed_names(doc: Doc, relations: RelationLexicon) -> Iterator[Span]:
    """"the Greek gas producer Energos": a proper name in apposition right after an organisation noun
    is an organisation."""
    for i in indexes_with(doc, LEMMA, relations.words("type_nouns")):
        noun = doc[i]
        if noun.pos_ != "NOUN" or noun.ent_type_:
            continue
        for name in children(noun):
            found = _proper_name(doc, name) if name.dep_ == "appos" else None
            if found is not None and found[0] == i + 1:
                yield Span(doc, *found, "ORG")


def _named_places(doc: Doc, relations: RelationLexicon) -> Iterator[Span]:
    """"shelled the city of Aleppo": the proper name a naming place noun is "of" is a place
    (``nominal.naming_noun``: not "the capital of X")."""
    for i in indexes_with(doc, LEMMA, relations.words("naming_place_nouns")):
        of = doc[i + 1] if i + 1 < len(doc) else None
        if of is None or of.lower_ != "of" or of.head.i != i:
            continue
        for name in children(of):
            found = _proper_name(doc, name)
            if found is not None and found[0] == of.i + 1 and getattr(naming_noun(name, relations), "i", None) == i:
                yield Span(doc, *found, "GPE")


def _places_by_predicate(doc: Doc, relations: RelationLexicon) -> Iterator[Span]:
    """"Kyiv is the capital of Ukraine", "Tarbes is a town in France": a proper name said to be a city or
    a capital is a place."""
    nouns = relations.words("naming_place_nouns") | relations.words("capital_nouns")
    for i in indexes_with(doc, LEMMA, nouns):
        noun = doc[i]
        verb = noun.head
        if noun.dep_ != "attr" or verb.lemma_ != "be":
            continue
        for name in children(verb):
            found = _proper_name(doc, name) if name.dep_ == "nsubj" else None
            if found is not None:
                yield Span(doc, *found, "GPE")


def _untagged_names(doc: Doc, ents: list[Span], relations: RelationLexicon) -> list[Span]:
    """The names the recogniser missed that the text names (above), none overlapping an entity or
    another such name."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    out = []
    for finder in (_apposed_names, _named_places, _places_by_predicate):
        for span in finder(doc, relations):
            if not taken.intersection(range(span.start, span.end)):
                out.append(span)
                taken.update(range(span.start, span.end))
    return out


def _known_places(ents, names: NameLexicon) -> set[str]:
    places = {e.text for e in ents if e.label_ in ("GPE", "LOC")}
    places.update(names.demonyms.values())
    return places


def _split_place_person(ent: Span, places: set[str], relations: RelationLexicon) -> list[Span] | None:
    """"Syria Staffan de Mistura" after "envoy for": [Syria GPE, Staffan de Mistura PERSON]."""
    if ent.label_ == "PERSON" or len(ent) < 3:
        return None
    prep = ent.root.head
    if prep.dep_ != "prep" or prep.lower_ not in ("for", "of", "to") or not relations.role(prep.head.lemma_):
        return None
    for n in (1, 2):
        place = ent[:n]
        rest = ent[n:]
        if place.text in places and len(rest) >= 2 and all(t.pos_ == "PROPN" for t in rest):
            doc = ent.doc
            return [Span(doc, place.start, place.end, "GPE"), Span(doc, rest.start, rest.end, "PERSON")]
    return None


def _strip_role_tail(ent: Span, relations: RelationLexicon) -> list[Span] | None:
    """"FILE - U.N. Special Envoy" (ORG) -> "U.N." (ORG): the role words are a title, not a name."""
    if ent.label_ not in ("ORG", "NORP") or not relations.role(ent[-1].lemma_.lower()):
        return None
    start = ent.start
    dash = [t.i for t in ent if t.text in ("-", "--", "—", "–")]
    if dash:
        start = dash[-1] + 1
    end = ent.end - 1
    while end > start and (relations.role(ent.doc[end - 1].lower_) or ent.doc[end - 1].lower_ in ("special", "deputy", "senior", "chief")):
        end -= 1
    if end <= start:
        return []
    return [Span(ent.doc, start, end, ent.label_)]


def _given_name_before(ent: Span, names: NameLexicon, relations: RelationLexicon) -> list[Span] | None:
    """"Ethiopians Dejene [Debela]": a capitalised proper noun the tagger left out, compounded with the
    person's name right before it, is part of the name. Not a title or a role, in the singular or the
    plural ("Representatives [Eliot Engel]", "Lords"), nor an adherent ("Scientologist [Tom Cruise]")."""
    doc, start = ent.doc, ent.start
    while start > 0:
        t = doc[start - 1]
        if t.pos_ != "PROPN" or t.dep_ != "compound" or not ent.start <= t.head.i < ent.end or t.ent_type_ \
                or not t.is_alpha or not t.text[0].isupper() or t.is_upper \
                or _describes_a_person(t.lower_, names, relations):
            break
        start -= 1
    return [Span(doc, start, ent.end, ent.label_)] if start != ent.start else None


def _describes_a_person(word: str, names: NameLexicon, relations: RelationLexicon) -> bool:
    singular = word[:-1] if word.endswith("s") else word
    return any(names.is_title(w) or relations.role(w) is not None or w in HONORIFICS for w in (word, singular)) \
        or singular.endswith("ist")


def _clock_word(ent: Span) -> bool:
    if len(ent) != 1:
        return False
    text = ent.doc[ent.start].text
    word = text.replace(".", "")
    return word.isupper() and word in CLOCK_WORDS or text.lower() in ("a.m.", "p.m.")


def _score_after(ent: Span) -> int:
    """How many tokens at the end of a name are a match score ("[Argentina 2-0]"; "Flight 103" keeps its
    number)."""
    doc, n = ent.doc, len(ent)
    last = doc[ent.end - 1].text
    if n > 1 and SCORE.fullmatch(last):
        return 1
    if n > 3 and last.isdigit() and doc[ent.end - 2].text in ("-", "–") and doc[ent.end - 3].text.isdigit():
        return 3
    return 0


def _trim(ent: Span) -> list[Span] | None:
    """"[Civic Union's] Peter Lam" -> "Civic Union", "[Patrice Talon of] Benin" -> "Patrice Talon",
    "["United States]" -> "United States", "[pro-Beijing New People Party]" -> "New People Party": a
    possessive ending, a preposition or a conjunction at the end, a quote at the start and a stance
    ("pro-", "anti-" and its word) before the name are no part of it."""
    doc, start, end = ent.doc, ent.start, ent.end
    end -= _score_after(ent)
    while end - start > 1 and (doc[end - 1].tag_ == "POS" or doc[end - 1].pos_ in ("ADP", "CCONJ", "DET")):
        end -= 1
    while end - start > 1 and doc[start].is_quote:
        start += 1
    if end - start > 3 and doc[start].lower_ in ("pro", "anti") and doc[start + 1].text in ("-", "–"):
        start += 3
    return [Span(doc, start, end, ent.label_)] if (start, end) != (ent.start, ent.end) else None


def repair_entities(doc: Doc, relations: RelationLexicon | None = None, names: NameLexicon | None = None) -> Doc:
    """Rewrite ``doc.ents`` with the corrections above (read with the given lexicons, else the default
    ones). Returns the same Doc."""
    relations = relations or load_relations()
    names = names or load_names()
    ents = doc.ents  # rebuilt on every access: read once
    places = _known_places(ents, names)
    titles = names.titles
    named_orgs = set()
    for i in indexes_with(doc, LEMMA, _ORG_NOUN_FORMS):
        token = doc[i]
        if token.lemma_.lower() in ORG_NOUNS:
            named = named_by(token)
            if named is not token:
                named_orgs.add(named.i)
    new: list[Span] = []
    changed = False
    for ent in ents:
        replacement = _trim(ent)
        if replacement is not None:
            ent = replacement[0]
            changed = True
        if ent.label_ == "PERSON":
            replacement = _given_name_before(ent, names, relations)
            if replacement is not None:
                ent = replacement[0]
                changed = True
        replacement = _split_place_person(ent, places, relations)
        if replacement is None:
            replacement = _strip_role_tail(ent, relations)
        if replacement is None and ent.label_ not in ("TIME", "DATE") and _clock_word(ent):
            replacement = [Span(doc, ent.start, ent.end, "TIME")]  # "0100 [UTC]", "4:00 [A.M.]": no names
        if replacement is None and ent.label_ == "PERSON" and ent.text.lower().rstrip(".") in titles:
            replacement = []  # "Cde [comrade] Robert Mugabe": a title on its own names nobody
        if replacement is None and ent.label_ != "ORG" and any(t.i in named_orgs for t in ent):
            replacement = [Span(doc, ent.start, ent.end, "ORG")]
        if replacement is None:
            new.append(ent)
        else:
            new.extend(replacement)
            changed = True
    found = _untagged_names(doc, new, relations)
    if found:
        new = sorted([*new, *found], key=lambda e: e.start)
        changed = True
    typed = unify_types(doc, abbreviation_entities(doc, new), names, relations)
    if changed or len(typed) != len(new) or any(a.label != b.label for a, b in zip(typed, new)):
        doc.ents = typed
    return doc
