"""The graph view of the clause engine: entity-level triples with provenance, for one document."""
from __future__ import annotations

from spacy.attrs import IS_PUNCT, IS_SPACE
from spacy.tokens import Doc, Span, Token

from kgbuilder.extractors.arrays import children, sentences
from kgbuilder.extractors import coref
from kgbuilder.extractors.abbreviations import find_abbreviations
from kgbuilder.extractors.entity_relations import EntityRelationReader, place_chain_facts
from kgbuilder.extractors.events import EventReader
from kgbuilder.extractors.nominal import conjuncts, group_name, named_by, owner_token, spoken_attack, stands_for
from kgbuilder.extractors.english import CONDITION_MARKS
from kgbuilder.extractors.entity_repair import repair_entities
from kgbuilder.extractors.clauses import Argument, Clause, ClauseCandidates, find_clauses
from kgbuilder.extractors.lexicon import RelationLexicon, load_names, load_relations
from kgbuilder.extractors.mentions import MentionFinder
from kgbuilder.extractors.name_propagation import propagate_names
from kgbuilder.graph.model import ENTITY, LITERAL, LITERAL_LABELS, DocumentResult, Mention, Provenance, Triple
from kgbuilder.graph.schema import UNTYPED_NAME

EXTRACTOR = "rules-v1"
#: A frame whose relation starts with this names it from the object's side ("lose_to": ^won).
INVERSE = "^"
#: How deep to look inside an object phrase for entities: "discussed concerns [about the strikes
#: [in a phone call [with Lavrov]]]" reaches Lavrov three prepositions down.
NESTED_DEPTH = 3


class DocumentExtractor:
    """Reads one parsed Doc into triples. Holds per-document state (mentions, coreference)."""

    def __init__(self, doc: Doc, doc_id: str, offset: int = 0, relations: RelationLexicon | None = None):
        self.relations = relations or load_relations()
        self.names = load_names()
        self.doc = propagate_names(repair_entities(doc, self.relations, self.names), is_title=self._is_title,
                                   unit_nouns=self.relations.words("part_nouns"))
        self.doc_id = doc_id
        self.offset = offset  # where this Doc starts in the original document (long documents are split)
        ents = self.doc.ents  # Doc.ents rebuilds its Spans on every access: read once, after the repair
        self.mentions = MentionFinder(self.doc, coref.resolve(self.doc, ents, self.relations), self.names, ents)
        self.triples: list[Triple] = []
        self._sentence_text: dict[int, str] = {}
        self._modalities: dict[int, str] = {}
        self._token_mentions: dict[int, Mention | None] = {}
        self._doc_text: str | None = None

    # -------------------------------------------------------------------------------- helpers
    def _mention(self, token: Token) -> Mention | None:
        """The mention an argument's head stands for (read once per token: heads recur across clauses)."""
        if token.i not in self._token_mentions:
            self._token_mentions[token.i] = self._read_mention(token)
        return self._token_mentions[token.i]

    def _read_mention(self, token: Token) -> Mention | None:
        group = group_name(token, self.relations)
        if group is not None:  # "the Houthi movement": the group is an organisation by that name
            return self._shift(Mention(group.text, "ORG", group.start_char, group.end_char, ENTITY), "ORG")
        m = self.mentions.for_token(self._stand_in(token))
        if m is None:
            return None
        return self._shift(m, m.label)

    def _is_title(self, word: str) -> bool:
        return word in self.names.titles or self.relations.role(word) is not None

    def _stand_in(self, token: Token) -> Token:
        return stands_for(token, self.relations)

    def _span_mention(self, span: Span | Mention) -> Mention:
        if isinstance(span, Mention):
            return self._shift(span, span.label)
        m = self.mentions.entity_mention(span)
        return self._shift(m, m.label)

    def _shift(self, m: Mention, label: str) -> Mention:
        if not self.offset and label == m.label:
            return m  # mentions are immutable: nothing to move
        return Mention(m.text, label, m.start_char + self.offset, m.end_char + self.offset, m.kind, m.resolved)

    def _provenance(self, sent: Span, sent_index: int, tokens: list[Token]) -> Provenance:
        start = min(t.idx for t in tokens)
        end = max(t.idx + len(t) for t in tokens)
        text = self._sentence_text.get(sent_index)
        if text is None:  # Span.text and Doc.text join their tokens on every call: join the Doc's once
            if self._doc_text is None:
                self._doc_text = self.doc.text
            text = self._sentence_text[sent_index] = self._doc_text[sent.start_char:sent.end_char].strip()
        return Provenance(self.doc_id, sent_index, text, start + self.offset, end + self.offset)

    def _canonical(self, *frames: str) -> str:
        found = self.relations.canonical(*frames)
        return found or next(f for f in frames if f)

    def _add(self, subject: Mention, relation: str, obj: Mention, confidence: float, prov: Provenance,
             clause: Clause | None = None, surface: str = "", fallback: str = "", negated: bool = False,
             modality: str = "") -> None:
        if relation.startswith(INVERSE):
            if subject.kind == ENTITY and obj.kind == ENTITY:
                # "Peru lost to Chile": the frame names the relation from the other side
                subject, obj, relation = obj, subject, relation[len(INVERSE):]
            elif fallback:  # ("the chef substituted butter"): a turned-round frame is read between names only
                relation = fallback
            else:
                return
        if subject.key_text == obj.key_text and subject.label == obj.label:
            return  # "X is X" says nothing
        if clause is not None:  # a verb's frame by its subject's type: "a company located in X" is based there
            relation = self.relations.retyped(relation, subject.label)
        if not self.relations.allows(relation, _type_of(subject), _type_of(obj)):
            # "Radcliffe joined Kosgei" is no membership: keep the verb's own frame instead
            if not fallback:
                return
            relation = fallback
        if clause is not None:
            negated, modality = clause.negated, self._modality(clause)
        self.triples.append(Triple(subject, relation, obj, round(confidence, 3), prov, EXTRACTOR,
                                   negated=negated, surface=surface, modality=modality))

    def _modality(self, clause: Clause) -> str:
        """"" when the clause asserts its fact; else the word that makes it hypothetical: a modal ("will
        attack"), a verb that does not assert its complement ("plans to meet", "asked X to investigate"),
        or a condition ("if X attacks")."""
        found = self._modalities.get(clause.predicate.i)
        if found is None:
            found = self._modalities[clause.predicate.i] = clause_modality(clause, self.relations)
        return found

    # -------------------------------------------------------------------------------- clauses
    def _event_noun(self, clause: Clause) -> Token | None:
        """The light verb's noun that names the relation ("held [talks] with X"); not an attack of words."""
        noun = clause.light
        return None if noun is None or spoken_attack(noun, self.relations) else noun

    def _verb_frame(self, clause: Clause) -> str:
        verb = clause.predicate
        particle = next((c.lower_ for c in children(verb) if c.dep_ == "prt"), "")
        base = verb.lemma_.lower() if not clause.passive else verb.lower_
        if not clause.passive and killing_result(verb):
            base = "kill"  # "stabbed X to death", "shot X dead": the verb's result names the relation
        elif (noun := self._event_noun(clause)) is not None:
            # "held talks with X" is the noun's relation: hold_talk -> with X
            base = f"{base}_{noun.lemma_.lower()}"
        else:
            # "signed a border deal": the verb with the class of its object noun, sign_agreement
            noun_class = next((self.relations.noun_class(a.head.lemma_) for a in clause.arguments
                               if a.role == "obj" and a.head.pos_ == "NOUN"), None)
            if noun_class:
                base = f"{verb.lemma_.lower()}_{noun_class}"
        return f"{base}_{particle}" if particle else base

    def _nested_entities(self, head: Token, depth: int = 0):
        """(noun, preposition, entity token) for entities reached through prepositions inside a phrase."""
        if depth >= NESTED_DEPTH:
            return
        for prep in children(head):
            if prep.dep_ != "prep":
                continue
            for pobj in children(prep):
                if pobj.dep_ != "pobj":
                    continue
                for target in conjuncts(pobj):
                    target = named_by(target)
                    if target.ent_type_ and target.ent_type_ not in LITERAL_LABELS or target.i in self.mentions.coref:
                        yield head, prep, target
                    yield from self._nested_entities(pobj, depth + 1)

    def _clause_triples(self, clause: Clause, sent: Span, sent_index: int) -> None:
        if clause.kind == "appos" or clause.subject is None:
            return  # appositions are read as roles by the nominal rules
        frame = self._verb_frame(clause)
        subject_heads = conjuncts(clause.subject.head) if clause.subject.split_conj else [clause.subject.head]
        arguments = clause.arguments + _aimed_at(clause) + _listed_arguments(clause)
        for subject_head in subject_heads:
            subject = self._mention(subject_head)
            if subject is None:
                continue
            for arg in arguments:
                self._argument_triples(clause, frame, subject, subject_head, arg, sent, sent_index)
        self._among_subjects(clause, frame, subject_heads, sent, sent_index)

    def _gathering(self, clause: Clause) -> tuple[str, list[Token]] | None:
        """The parties of a joint event: "A, B and C attended the summit", "the talks were attended by A
        and B", "a memorandum was signed between A, B and C". A verb of taking part (``event_verbs``)
        with an event noun of a class (meeting, agreement) as its object, or as its passive subject,
        relates every two of its parties with the class's relation (attend_meeting, sign_agreement)."""
        verb = clause.predicate.lemma_.lower()
        for noun_class, verbs in self.relations.event_verbs.items():
            if verb not in verbs:
                continue
            relation = self.relations.canonical(f"{verbs[0]}_{noun_class}")
            between = [a.head for a in clause.arguments if a.prep is not None and a.prep.lower_ == "between"]
            if clause.passive and clause.subject is not None and \
                    self.relations.noun_class(clause.subject.head.lemma_) == noun_class:
                return relation, [a.head for a in clause.arguments if a.role == "agent"] + between
            if clause.subject is not None and any(
                    a.role in ("obj", "prep") and self.relations.noun_class(a.head.lemma_) == noun_class
                    for a in clause.arguments):
                return relation, conjuncts(clause.subject.head) + between
        return None

    def _among_subjects(self, clause: Clause, frame: str, subject_heads: list[Token], sent: Span,
                        sent_index: int) -> None:
        """"A, B and C met", "the delegations of A and B signed a deal": a symmetric relation holds
        between every two of its subjects."""
        relation = self.relations.canonical(frame)
        heads = subject_heads
        gathering = self._gathering(clause)
        if gathering is not None:
            relation, heads = gathering
        if relation is None or not self.relations.schema.is_symmetric(self.relations.schema_of(relation)):
            return
        if len(heads) == 1 and heads[0].pos_ == "NOUN":
            # a group noun standing for the parties it lists: "the delegations of A, B and C", "officials
            # from A and B"
            heads = [t for prep in children(heads[0]) if prep.dep_ == "prep" and prep.lower_ in ("of", "from")
                     for pobj in children(prep) if pobj.dep_ == "pobj" for t in conjuncts(pobj)] or heads
        parties: list[tuple[Token, Mention]] = []
        for h in _listed(heads):
            m = self._mention(h)  # (a title and its name are one party: "minister [A]")
            if m is not None and m.kind == ENTITY and all((m.start_char, m.text) != (o.start_char, o.text) for _h, o in parties):
                parties.append((h, m))
        for n, (head_a, a) in enumerate(parties):
            for head_b, b in parties[n + 1:]:
                self._add(a, relation, b, clause.confidence * 0.9,
                          self._provenance(sent, sent_index, [head_a, head_b, clause.predicate]), clause,
                          clause.predicate.text)

    def _argument_triples(self, clause: Clause, frame: str, subject: Mention, subject_head: Token,
                          arg: Argument, sent: Span, sent_index: int) -> None:
        conf = clause.confidence
        evidence = [subject_head, clause.predicate, arg.head]
        if arg.role == "clause":
            # attribution: "Toner said [X]" -> Toner said "X"; the inner clause is extracted on its own
            tokens = [t for t in arg.head.subtree if not (t.dep_ == "mark" and t.head == arg.head and t.lower_ == "that")]
            text = "".join(t.text_with_ws for t in tokens).strip().strip('"“”').strip()
            statement = Mention(text, "STATEMENT", tokens[0].idx, tokens[-1].idx + len(tokens[-1]), LITERAL)
            self._add(subject, self._canonical(frame), self._shift(statement, "STATEMENT"), conf,
                      self._provenance(sent, sent_index, [subject_head, clause.predicate, tokens[0], tokens[-1]]), clause,
                      clause.predicate.text)
            return
        if arg.role == "time":
            return
        target = self._mention(named_by(arg.head))
        if target is not None and target.kind != ENTITY and arg.role in ("obj", "prep", "agent") and \
                self.relations.schema_of(self._canonical(frame, f"{frame}_{arg.prep.lower_}" if arg.prep is not None else frame)) \
                in self.relations.words("owner_relations"):
            # "fired at [PKK] positions", "struck [Aramco's] plant": an attack on a thing is an attack on its owner
            owner = owner_token(arg.head)
            target = self._mention(owner) if owner is not None else target
        if arg.role in ("obj", "attr", "comp"):
            if clause.light is not None and arg.head.i == clause.light.i:
                pass  # "held [talks] with X": the noun is part of the relation, not its object
            elif target is not None and clause.kind != "copula":
                # whom a verb of saying addresses: "X told [the Daily Post]" (tell_to)
                told = f"{frame}_to" if arg.role == "obj" and \
                    clause.predicate.lemma_ in self.relations.words("attribution_verbs") else frame
                self._add(subject, self._canonical(told, frame), target, conf,
                          self._provenance(sent, sent_index, evidence), clause, clause.predicate.text, frame)
            elif target is not None and clause.kind == "copula" and arg.role == "attr" and target.kind == ENTITY:
                self._add(subject, "same_as" if subject.kind == ENTITY else "is_a", target, conf * 0.8,
                          self._provenance(sent, sent_index, evidence), clause, "is")
        elif arg.role in ("prep", "agent") and arg.prep is not None:
            prep = arg.prep.lower_
            if target is not None:
                if arg.role == "agent":
                    # passive with agent: "Alloush was killed by a strike" -> strike killed Alloush
                    lemma = "kill" if killing_result(clause.predicate) else clause.predicate.lemma_.lower()
                    self._add(target, self._canonical(lemma), subject, conf,
                              self._provenance(sent, sent_index, evidence), clause, f"{clause.predicate.text} by",
                              lemma)
                else:
                    # "launched airstrikes on X": the event noun's own frame (airstrike_on) where the
                    # light verb's is unknown
                    noun = self._event_noun(clause)
                    noun_frame = f"{noun.lemma_.lower()}_{prep}" if noun is not None else ""
                    self._add(subject, self._canonical(f"{frame}_{prep}", noun_frame), target, conf * 0.95,
                              self._provenance(sent, sent_index, evidence), clause,
                              f"{clause.predicate.text} {arg.prep.text}", f"{frame}_{prep}")
        # entities deeper inside the argument: "discussed concerns ... in a phone call with Lavrov"
        if arg.role in ("obj", "prep"):
            for noun, prep, entity_token in self._nested_entities(arg.head):
                if prep.lower_ == "between":
                    continue  # "a meeting between A and B": A and B meet, not the subject (entity_relations)
                nested = self._mention(entity_token)
                if nested is None or (target is not None and nested.key_text == target.key_text):
                    continue
                # only frames the lexicon knows: "call with" is a conversation, "embassy in" is no
                # relation of the clause's subject
                relation = self.relations.canonical(f"{noun.lemma_.lower()}_{prep.lower_}",
                                                    f"{frame}_{prep.lower_}")
                if relation is None:
                    continue
                self._add(subject, relation, nested, conf * 0.8,
                          self._provenance(sent, sent_index, [subject_head, clause.predicate, entity_token]),
                          clause, f"{clause.predicate.text} ... {noun.text} {prep.text}")

    # -------------------------------------------------------------------------------- nominal
    def _nominal_triples(self, sent_spans: list[Span]) -> None:
        reader = EntityRelationReader(self.doc, self.mentions.ents, self.relations, self.names, self.mentions.coref)
        facts = reader.facts() + EventReader(reader).facts() + place_chain_facts(reader)
        for fact in facts:
            sent_index = next((n for n, s in enumerate(sent_spans) if s.start <= fact.evidence[0] < s.end), 0)
            sent = sent_spans[sent_index]
            tokens = [self.doc[fact.evidence[0]], self.doc[fact.evidence[1] - 1]]
            negated, modality = verb_modality(fact.governor, self.relations) if fact.governor is not None else (False, "")
            self._add(self._span_mention(fact.subject), fact.relation, self._span_mention(fact.object),
                      fact.confidence, self._provenance(sent, sent_index, tokens), None, fact.surface,
                      negated=negated, modality=modality)

    def _nationalities(self) -> list[tuple[Mention, str, str]]:
        """"Russian Foreign Minister Sergei Lavrov": the demonym is the person's nationality attribute."""
        attrs = []
        for ent in self.mentions.ents:
            if ent.label_ != "PERSON":
                continue
            # walk left over the title words of this noun phrase only ("Russian Foreign Minister")
            i = ent.start - 1
            while i >= 0 and self.doc[i].pos_ in ("PROPN", "NOUN", "ADJ") and self.doc[i].ent_type_ != "PERSON":
                country = self.names.demonyms.get(self.doc[i].lower_) if self.doc[i].ent_type_ == "NORP" else None
                if country:
                    attrs.append((self._span_mention(ent), "nationality", country))
                    break
                i -= 1
        return attrs

    # -------------------------------------------------------------------------------- run
    def run(self) -> DocumentResult:
        sents = sentences(self.doc)
        candidates = ClauseCandidates(self.doc)
        for n, sent in enumerate(sents):
            for clause in find_clauses(sent, candidates, self.relations):
                self._clause_triples(clause, sent, n)
        self._nominal_triples(sents)
        mentions = [self._span_mention(e) for e in self.mentions.ents if e.label_ not in LITERAL_LABELS]
        flags = self.doc.to_array([IS_PUNCT, IS_SPACE])
        result = DocumentResult(self.doc_id, self.triples, mentions, sentences=len(sents),
                                words=int((flags.sum(axis=1) == 0).sum()) if len(self.doc) else 0)
        result.attributes.extend(self._nationalities())
        result.attributes.extend((self._span_mention(a.short), a.key, self._span_mention(a.long).text)
                                 for a in find_abbreviations(self.doc, self.mentions.ents))
        ent_by_end: dict[int, Span] = {}  # a person mention's entity, by where it ends in the document
        for e in self.mentions.ents:
            ent_by_end.setdefault(e.end_char + self.offset, e)
        for m in mentions:
            if m.label == "PERSON":
                title = self._title_of(m, ent_by_end)
                if title:
                    result.attributes.append((m, "title", title))
        return result

    def _title_of(self, m: Mention, ent_by_end: dict[int, Span]) -> str:
        ent = ent_by_end.get(m.end_char)
        if ent is None:
            return ""
        return nominal_title(self.doc, ent, self.names)


def _aimed_at(clause: Clause) -> list[Argument]:
    """"fired rounds aimed at X", "launched missiles directed at X": where the object was aimed is the
    verb's own "at" argument (fire_at)."""
    out = []
    for arg in clause.arguments:
        if arg.role != "obj":
            continue
        for acl in children(arg.head):
            if acl.dep_ == "acl" and acl.lemma_.lower() in ("aim", "direct", "target", "point"):
                out.extend(Argument(pobj, "prep", prep=prep) for prep in children(acl)
                           if prep.dep_ == "prep" and prep.lower_ in ("at", "on", "toward", "towards")
                           for pobj in children(prep) if pobj.dep_ == "pobj")
    return out


def _listed_arguments(clause: Clause) -> list[Argument]:
    """"held talks with his counterparts, A, B and C": a plural noun stands for the list of names in
    apposition to it. Its first name is read through the noun (``stands_for``); the others are arguments
    of the same role."""
    out = []
    for arg in clause.arguments:
        noun = arg.head
        if arg.role not in ("obj", "prep", "agent") or noun.pos_ != "NOUN" or noun.tag_ != "NNS" \
                or clause.light is not None and noun.i == clause.light.i:
            continue  # ("held [talks], A and B": the noun is the relation's, whatever hangs on it)
        for first in children(noun):
            if first.dep_ == "appos" and first.ent_type_ == "PERSON":
                out.extend(Argument(name, arg.role, prep=arg.prep) for name in conjuncts(first)[1:]
                           if name.ent_type_ == "PERSON")
    return out


def _type_of(m: Mention) -> str:
    """A mention's type for the schema's constraints: an unlabelled name is an untyped name, not a phrase."""
    return m.label or (UNTYPED_NAME if m.kind == ENTITY else "")


def _listed(heads: list[Token]) -> list[Token]:
    """The heads and the names listed with them, as conjuncts or appositions ("attended by A, B and C",
    "A and her counterparts, B, C and D"), each once, in text order."""
    seen: dict[int, Token] = {}
    todo = list(heads)
    while todo:
        token = todo.pop()
        if token.i in seen:
            continue
        seen[token.i] = token
        todo.extend(c for c in children(token) if c.dep_ in ("conj", "appos"))
        # "A of Peru and B of Chile" with B hung on Peru: a name of A's type conjoined to A's place
        todo.extend(c for prep in children(token) if prep.dep_ == "prep" and prep.lower_ in ("of", "from")
                    for pobj in children(prep) if pobj.dep_ == "pobj"
                    for c in children(pobj) if c.dep_ == "conj" and token.ent_type_ and c.ent_type_ == token.ent_type_)
        if token.dep_ == "appos" and token.head.pos_ == "NOUN":
            # "prime minister A and energy minister B" parsed as two appositions to the first title
            todo.extend(c for c in children(token.head) if c.dep_ in ("conj", "appos") and c.pos_ == "PROPN")
        # "..., prime minister A and foreign minister B": a name the parser hung on a member's title noun
        todo.extend(g for c in children(token) if c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN"
                    for g in children(c) if g.dep_ in ("conj", "appos") and g.pos_ == "PROPN")
    return sorted(seen.values(), key=lambda t: t.i)


#: Verbs whose "to death" is a figure of speech ("bored to death").
_FIGURATIVE_DEATH = frozenset(("bore", "scare", "frighten", "worry", "love", "tickle", "starve"))


def killing_result(verb: Token) -> bool:
    """"shot dead", "stabbed to death", "was beaten to death by X": the verb's result is a death."""
    if verb.lemma_.lower() in _FIGURATIVE_DEATH:
        return False
    for c in children(verb):
        if c.lower_ == "dead" and c.dep_ in ("oprd", "acomp", "advmod", "xcomp", "prt", "dobj", "npadvmod", "amod"):
            return True
        if c.dep_ == "prep" and c.lower_ == "to" and any(g.dep_ == "pobj" and g.lemma_.lower() == "death"
                                                           for g in children(c)):
            return True
    return False


def clause_modality(clause: Clause, relations: RelationLexicon) -> str:
    """See ``DocumentExtractor._modality``."""
    if clause.modal:
        return clause.modal
    non_factive = relations.words("non_factive")
    for token in clause.relation_tokens:
        if token.i != clause.predicate.i and token.lemma_.lower() in non_factive:
            return token.lemma_.lower()
    # a condition above the predicate: "if Russia attacks", "unless they meet"
    token = clause.predicate
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in children(token)):
            return "if"
        if token.head.i == token.i:
            break
        token = token.head
    return ""


def verb_modality(verb: Token, relations: RelationLexicon) -> tuple[bool, str]:
    """(negated, modality) of what a verb says about its object: "did not hold [a meeting]", "planned
    [a meeting]", "will sign [a deal]", "wants to arrange [talks]"."""
    negated, modality = False, ""
    non_factive = relations.words("non_factive")
    token = verb
    for _ in range(4):
        for child in children(token):
            if child.dep_ == "neg":
                negated = True
            elif child.dep_ in ("aux", "auxpass") and child.tag_ == "MD" and not modality:
                modality = child.lower_
            elif child.dep_ == "mark" and child.lower_ in CONDITION_MARKS and not modality:
                modality = "if"
        if not modality and token.lemma_.lower() in non_factive:
            modality = token.lemma_.lower()
        if token.dep_ != "xcomp" or token.head.i == token.i:
            break
        token = token.head  # "wants to arrange": the controlling verb speaks for the chain
    return negated, modality


def nominal_title(doc: Doc, ent: Span, names) -> str:
    """The title a person carries in this mention: inside the entity span or just before it."""
    from kgbuilder.extractors.mentions import strip_title

    _span, title = strip_title(ent, names)
    if title:
        return title
    words = []
    for t in reversed(doc[max(0, ent.start - 4):ent.start]):
        if t.pos_ not in ("PROPN", "NOUN") or t.ent_type_:
            break
        words.insert(0, t.text)
    # the longest run of title words ending at the name: "Foreign Minister", "spokesman"
    for n in range(len(words), 0, -1):
        phrase = " ".join(words[-n:])
        if phrase.lower() in names.titles:
            return phrase
    return ""


def extract_document(doc: Doc, doc_id: str, offset: int = 0) -> DocumentResult:
    """All triples, entity mentions and attributes of one parsed document."""
    return DocumentExtractor(doc, doc_id, offset).run()
