"""What the words around a name say about its type, and one type per name in a document.

The small tagger reads each mention alone; the sentence often says more:
- a title or role noun right before the name, or before an organisation the name follows ("spokesperson
  Yahya Sarea", "Ambassador to the United Nations Nikki Haley"): a person;
- a relative clause with "who" ("Cummings, who chairs ..."), or an age ("Larsen, 54,"): a person;
- a group or media noun right before it or in apposition ("the group Civic Passion", "Greek daily
  Kathimerini", "Lumora, the telecoms company"; the lexicon's ``type_nouns``): an organisation;
- the object of "in", "at", "near" ... for a name tagged neither as an organisation nor as a place,
  and any conjunct of such an object ("in Damietta and Idku"): a place; so is a name a place noun
  names ("the Sulu region", "a region called Bangsamoro", "Jolo and the Sulu region");
- what a person is "of" ("Cheng of Civic Passion"), when tagged PERSON, and what an office is "of"
  when its relation takes organisations and not the tagged type ("the founder of Klarna"): an
  organisation; whoever has an office ("Jordan's King Abdullah"): a place or an organisation;
- coordination joins like with like ("Dendias, Christodoulides and Le Drian"): each conjunct's label
  is half a vote for the others.
Each mention votes with its label (weight 1) and its cues; graph.entity_types then gives every name one
type (the lexicon, head nouns and surnames first, the votes after), and the entities are relabelled. A
name with two readings in one document (Michael Jordan in Jordan) is typed mention by mention.
"""
from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span, Token

from kgbuilder.extractors.arrays import children, token_list
from kgbuilder.extractors.english import PLACE_PREPOSITIONS
from kgbuilder.extractors.lexicon import NameLexicon, RelationLexicon
from kgbuilder.extractors.nominal import naming_noun, role_word
from kgbuilder.graph.entity_types import document_types, majority
from kgbuilder.graph.model import LITERAL_LABELS
from kgbuilder.graph.names import id_form, surface_form

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
RELATIVE_PERSON = frozenset({"who", "whom"})
PLACE_NOUNS = frozenset({"city", "town", "village", "province", "region", "district", "county", "island", "area",
                         "municipality", "state", "prefecture", "governorate"})
NAMING_VERBS = frozenset({"call", "name", "know"})
STRONG, PLACE_CUE, CONJUNCT = 2.0, 1.5, 0.5
#: Words a title phrase may hold between the title and the name: "Ambassador to the United Nations".
_TITLE_GLUE = frozenset({"of", "to", "for", "the", "'s", "’s"})


def name_of(ent: Span, names: NameLexicon) -> str:
    """The name a mention gives (``names.id_form``): titles dropped ("General Soleimani" -> Soleimani)."""
    words = ent.text.split()
    n = 0
    while len(words) - n > 1 and names.is_title(" ".join(words[:n + 1])):
        n += 1
    return id_form(surface_form(" ".join(words[n:])))


def _role_word(token, names: NameLexicon, relations: RelationLexicon) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and (names.is_title(token.text) or bool(relations.role(token.lemma_)))


def _titled(ent: Span, names: NameLexicon, relations: RelationLexicon) -> bool:
    """A title or role right before the name, or before the organisation that precedes it."""
    doc, i, passed = ent.doc, ent.start - 1, False
    toks = token_list(doc)
    while i >= 0 and ent.start - i <= 7 and (toks[i].ent_type_ or toks[i].lower_ in _TITLE_GLUE):
        passed = passed or bool(toks[i].ent_type_)
        i -= 1
    if i < 0 or not _role_word(toks[i], names, relations):
        return False
    # ("a spokesman for General Dynamics": after "for" or "of" alone comes what the role is for)
    return i == ent.start - 1 or passed


def _who(ent: Span) -> bool:
    return any(c.dep_ == "relcl" and any(g.lower_ in RELATIVE_PERSON for g in children(c))
               for c in children(ent.root))


def _apposed_org_noun(ent: Span, relations: RelationLexicon) -> bool:
    """"Lumora, the Finnish telecoms company," / "the company, Lumora,": an organisation noun in
    apposition to the name."""
    root, nouns = ent.root, relations.words("type_nouns")
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.lemma_.lower() in nouns:
        return True
    return any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in nouns for c in children(root))


def _aged(ent: Span) -> bool:
    """"Larsen, 54, said": a number set off by commas right after the name is a person's age."""
    doc, end = ent.doc, ent.end
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 2].text != ",":
        return False
    age = doc[end + 1]
    return age.dep_ == "appos" and age.head.i == ent.root.i and age.text.isdigit() and 0 < int(age.text) < 120


def _place_object(ent: Span, direct: bool) -> bool:
    """A conjunct of the object of a place preposition ("in Damietta and Idku": Idku), or with
    ``direct`` the object itself (an organisation is often "in" or "at" something: not alone)."""
    root = ent.root
    conjunct = False
    while root.dep_ == "conj" and root.head is not root:
        root, conjunct = root.head, True
    return (conjunct or direct) and root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPOSITIONS


def _place_named(ent: Span, relations: RelationLexicon) -> bool:
    """"the Sulu region", "the province of Sulu", "a region to be called Bangsamoro", "Jolo and the Sulu
    region": a place noun the name modifies, names or is coordinated with."""
    root = ent.root
    if naming_noun(root, relations) is not None:
        return True
    if root.dep_ == "compound" and root.head.lemma_.lower() in PLACE_NOUNS and root.head.i >= ent.end:
        return True
    verb = root.head
    if root.dep_ in ("oprd", "attr", "dobj") and verb.lemma_ in NAMING_VERBS and verb.dep_ in ("acl", "relcl"):
        return verb.head.lemma_.lower() in PLACE_NOUNS
    return any(c.lemma_.lower() in PLACE_NOUNS for c in root.conjuncts)  # "Jolo, and the Sulu region"


def _serves_as(ent: Span, names: NameLexicon, relations: RelationLexicon) -> bool:
    """"X succeeded Y as chancellor", "X served as foreign minister": who takes a post "as" a role is a
    person."""
    root = ent.root
    verb = root.head
    if root.dep_ != "nsubj" or verb.lemma_.lower() not in relations.words("as_verbs"):
        return False
    return any(prep.dep_ == "prep" and prep.lower_ == "as" and any(
        pobj.dep_ == "pobj" and _role_word(pobj, names, relations) for pobj in children(prep))
        for prep in children(verb))


def _names_a_natural_place(ent: Span, relations: RelationLexicon) -> bool:
    root = ent.root
    return root.dep_ == "compound" and root.head.i == ent.end and not root.head.ent_type_ \
        and root.head.lemma_.lower() in relations.words("natural_places")


def _of_person(ent: Span) -> bool:
    """"Cheng Chung-tai of Civic Passion": what a person is "of" is no person."""
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.ent_type_ == "PERSON"


def _office_type(ent: Span, relations: RelationLexicon) -> str | None:
    """"the founder of [Klarna]" tagged GPE, "the mayor of [South Bend]" tagged LOC: what an office is
    "of" has a type its relation takes: a place stays a place (GPE) where it can, else an organisation.
    None when the tagged type fits."""
    root = ent.root
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return None
    noun = root.head.head
    relation = relations.role(role_word(noun)) if noun.pos_ == "NOUN" else None
    if relation is None or relations.allows(relation, "PERSON", ent.label_):
        return None
    for label in ("GPE", "ORG") if ent.label_ in PLACE_LABELS else ("ORG",):
        if relations.allows(relation, "PERSON", label):
            return label
    return None


def _owned_role(ent: Span, names: NameLexicon, relations: RelationLexicon) -> Token | None:
    """The title or role word right after a possessive name ("Jordan's [King]", "Lincoln's [assassin]")."""
    root = ent.root
    if root.dep_ != "poss":
        return None
    after = ent.doc[ent.end + (ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in ("'s", "’s"))] \
        if ent.end < len(ent.doc) else None
    return after if after is not None and _role_word(after, names, relations) else None


def _owner_type(role: Token, ent: Span, names: NameLexicon, relations: RelationLexicon) -> str:
    """Who has an office is no person ("Jordan's King Abdullah", "Acme's chief executive"); who has a
    son, a wife or an assassin is one."""
    if relations.relates_people(relations.role(role.lemma_)):
        return "PERSON"
    return names.known_type(ent.text) or "ORG"


def conjunct_votes(conjuncts: list[int], label_at: dict[int, str]) -> Counter:
    """Half a vote for each label of the names coordinated with this one (``conjuncts``: the token
    indexes of its root's conjuncts)."""
    votes = Counter()
    for i in conjuncts:
        label = label_at.get(i)
        if label and label not in LITERAL_LABELS:
            votes[label] += CONJUNCT
    return votes


def cue_votes(ent: Span, names: NameLexicon, relations: RelationLexicon) -> Counter:
    """The votes of one mention: its label, and what its context says (coordination aside)."""
    votes = Counter({ent.label_: 1.0})
    before = ent.doc[ent.start - 1] if ent.start else None
    if _titled(ent, names, relations) or _who(ent) or _aged(ent) or _serves_as(ent, names, relations):
        votes["PERSON"] += STRONG
    owned = _owned_role(ent, names, relations)
    if owned is not None:
        votes[_owner_type(owned, ent, names, relations)] += STRONG
    org_noun = before is not None and before.lemma_.lower() in relations.words("type_nouns")
    if org_noun or _apposed_org_noun(ent, relations):
        votes["ORG"] += STRONG
    if ent.label_ == "PERSON" and _of_person(ent):
        votes["ORG"] += PLACE_CUE
    if _names_a_natural_place(ent, relations):
        votes["LOC"] += STRONG  # "the Amazon rainforest", "the Nile river": a place, not the company
    office = _office_type(ent, relations)
    if office:
        votes[office] += PLACE_CUE
    if ent.label_ not in PLACE_LABELS and (_place_named(ent, relations)
                                           or _place_object(ent, ent.label_ not in ("ORG", "NORP"))):
        votes["GPE"] += PLACE_CUE
    return votes


def unify_types(doc: Doc, ents: list[Span], names: NameLexicon, relations: RelationLexicon) -> list[Span]:
    """``ents`` with one type per name (demonyms and values keep theirs)."""
    roots = {e.start: e.root for e in ents}  # Span.root is found anew on every access
    label_at = {roots[e.start].i: e.label_ for e in ents}
    votable = [e for e in ents if e.label_ not in LITERAL_LABELS and not names.demonym(e.text)]
    keys = {ent.start: name_of(ent, names) for ent in votable}
    context = {ent.start: cue_votes(ent, names, relations) for ent in votable}
    coordinated = {ent.start: [t.i for t in roots[ent.start].conjuncts] for ent in votable}
    decided: dict[str, str] = {}
    for _round in range(2):  # the second round reads conjuncts with the labels the first one gave
        votes: dict[str, Counter] = {}
        for ent in votable:
            if keys[ent.start]:
                tally = votes.setdefault(keys[ent.start], Counter())
                tally.update(context[ent.start])
                if coordinated[ent.start]:
                    tally.update(conjunct_votes(coordinated[ent.start], label_at))
        decided = document_types(votes, names)
        label_at.update({roots[e.start].i: decided[keys[e.start]] for e in votable if keys[e.start] in decided})
    out = []
    for ent in ents:
        key = keys.get(ent.start, "")
        label = decided.get(key)
        if label is None and key:  # a name with two readings in this document: each mention by its own votes
            label = majority(context[ent.start] + conjunct_votes(coordinated[ent.start], label_at))
        out.append(Span(doc, ent.start, ent.end, label) if label and label != ent.label_ else ent)
    return out
