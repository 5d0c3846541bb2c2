"""Institutions many countries have ("Democratic Party", "Supreme Court", "Parliament"): whose are they?

The same name in a story about Hong Kong and in one about the United States names two parties, so an
institution's id carries its country when the text gives it: ``org/United_States/Democratic_Party``.
The country is the one its own name gives ("UK Supreme Court", "Parliament of the United Kingdom"),
else the one the document names its other institutions for ("U.S. House" in the same story). The
country a story mentions most is no evidence (a story about a US inquiry names Ukraine most). Without
any, the bare name stands and joins the same bare name elsewhere, as every other name does.
"""
from __future__ import annotations

from kgbuilder.graph.names import NameLexicon, id_form, name_key
from kgbuilder.graph.variants import DocName


def _country(text: str, lexicon: NameLexicon) -> str:
    """The country a qualifier names ("UK", "Italian", "the Philippines"), canonical, or ""."""
    place = lexicon.demonym(text) or lexicon.alias(text) or text
    return id_form(place) if name_key(place) in lexicon.countries else ""


def own_country(name: str, lexicon: NameLexicon) -> tuple[str, str] | None:
    """(country, institution) when the name qualifies an institution with its country: "UK Supreme
    Court", "United States Democratic Party", "Congress of the Philippines"; else None."""
    words = name.split()
    while len(words) > 2 and words[0][:1].isdigit():  # "116th U.S. Congress", "2019 Parliament"
        words = words[1:]
    n = lexicon.place_qualifier(words)
    if n and name_key(" ".join(words[n:])) in lexicon.institutions:
        country = _country(" ".join(words[:n]), lexicon)
        return (country, " ".join(words[n:])) if country else None
    head, of, tail = name.partition(" of ")
    if of and name_key(head) in lexicon.institutions and (country := _country(tail, lexicon)):
        return country, head
    return None


def document_country(names: dict[str, DocName], lexicon: NameLexicon) -> str:
    """The country a document names its institutions for: the one place that qualifies a state
    institution in it ("U.S. House"), or "" (none, or several). Parties do not count: a party's own
    name often holds a place ("Scottish National Party") in a story about another country's parliament."""
    qualified = {found[0] for n in names.values()
                 if (found := own_country(n.text, lexicon)) and not name_key(found[1]).endswith("party")}
    return qualified.pop() if len(qualified) == 1 else ""


def institution_scope(name: str, country: str, lexicon: NameLexicon) -> tuple[str, str] | None:
    """(country, institution) for an institution's name in a document about ``country``; else None."""
    found = own_country(name, lexicon)
    if found is not None:
        return found
    if country and name_key(name) in lexicon.institutions:
        return country, name
    return None
