"""One name, one reading per document: a name the recogniser tagged once is tagged where it recurs untagged.

The small English model often tags a name in one sentence and misses it in the next ("ABS-CBN
Corporation is a network ... ABS-CBN CEO Carlo Katigbak said"). A document rarely uses one
capitalised name for two things, so the missed repeats take the tagged reading. A company's name
without its legal suffix ("ABS-CBN" for "ABS-CBN Corporation") counts as a repeat of it.
"""
from __future__ import annotations

from spacy.attrs import ENT_IOB, ORTH
from spacy.tokens import Doc, Span

from kgbuilder.extractors.arrays import indexes_with

#: Labels whose names are propagated (values such as dates are not names).
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT"})
#: Legal and generic suffixes a company drops in later mentions.
COMPANY_SUFFIXES = frozenset({"corporation", "corp", "corp.", "inc", "inc.", "ltd", "ltd.", "limited", "company",
                              "co", "co.", "plc", "group", "holdings", "llc", "ag", "sa"})


def name_forms(ent: Span) -> list[tuple[str, ...]]:
    """The token sequences a tagged name may recur as: itself, and a company without its suffix."""
    words = tuple(t.text for t in ent if t.lower_ != "the")
    forms = [words]
    if ent.label_ == "ORG" and len(words) > 1 and words[-1].lower() in COMPANY_SUFFIXES:
        forms.append(words[:-1])
    return [f for f in forms if f and f[0][:1].isupper() and len("".join(f)) > 2]


def propagate_names(doc: Doc, ents: tuple[Span, ...] | None = None, is_title=lambda word: False,
                    unit_nouns: frozenset[str] = frozenset()) -> Doc:
    """Tag the untagged repeats of the document's names (the first label a form was given wins);
    rewrites ``doc.ents`` only when something was added. Returns the same Doc.

    ``is_title(word)``: whether a capitalised word after a name is a title ("ABS-CBN CEO X"), which
    does not make the name part of a longer one. ``unit_nouns``: head words of an organisation's units
    ("channel", "committee"): a capitalised run that starts with an organisation's name and ends in one
    is an organisation too.
    """
    ents = doc.ents if ents is None else ents
    readings: dict[tuple[str, ...], str] = {}
    for ent in ents:
        if ent.label_ in NAME_LABELS:
            for form in name_forms(ent):
                readings.setdefault(form, ent.label_)
    if not readings:
        return doc
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for form in sorted(readings, key=len, reverse=True):  # longest first
        by_first.setdefault(form[0], []).append(form)
    iob = doc.to_array(ENT_IOB)
    tagged = [code != 2 for code in iob.tolist()]  # 2: outside any entity
    added: list[Span] = []
    end_of_last = 0
    for i in indexes_with(doc, ORTH, frozenset(by_first), cache=False):  # where a known name may start
        if i < end_of_last or tagged[i]:
            continue
        word = doc[i].text
        for form in by_first.get(word, ()):
            n = len(form)
            if i + n > len(doc) or tuple(t.text for t in doc[i:i + n]) != form or any(tagged[i:i + n]):
                continue
            if _whole_name(doc, i, i + n, is_title):
                added.append(Span(doc, i, i + n, label=readings[form]))
                end_of_last = i + n
                break
            unit = _unit_of(doc, i + n, tagged, unit_nouns) if readings[form] == "ORG" else 0
            if unit:  # "ABS-CBN News Channel": a unit named after the organisation
                added.append(Span(doc, i, unit, label="ORG"))
                end_of_last = unit
                break
    if added:
        doc.ents = sorted([*ents, *added], key=lambda e: e.start)
    return doc


def _unit_of(doc: Doc, start: int, tagged: list[bool], unit_nouns: frozenset[str]) -> int:
    """The end of a capitalised run from ``start`` that ends in a unit noun, or 0."""
    end = start
    while end < len(doc) and end - start < 4 and not tagged[end] and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper():
        end += 1
    return end if end > start and doc[end - 1].lower_ in unit_nouns else 0


def _whole_name(doc: Doc, start: int, end: int, is_title) -> bool:
    """The match is a whole name, not part of a longer capitalised run ("Kent" inside "Kent Road")."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    return not (before is not None and before.pos_ == "PROPN" and before.text[:1].isupper()
                and not is_title(before.lower_)) and \
        not (after is not None and after.pos_ == "PROPN" and after.text[:1].isupper() and not is_title(after.lower_))
