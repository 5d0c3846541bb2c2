"""The Open IE view of the clause engine: n-ary tuples with full argument spans (what CaRB scores)."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from extractors.clauses import Argument, Clause, conjuncts, find_clauses
from graph.model import OpenIETuple


def _text(tokens: list[Token]) -> str:
    return "".join(t.text_with_ws for t in sorted(tokens, key=lambda t: t.i)).strip()


def _subjects(clause: Clause) -> list[Argument]:
    """"A and B met C" gives two tuples: one per conjoined subject."""
    subject = clause.subject
    if subject is None:
        return []
    if not subject.split_conj or subject.head.dep_ == "conj":
        return [subject]
    return [Argument(t, subject.role, subject.prep, True, subject.exclude) for t in conjuncts(subject.head)]


def _argument_text(arg: Argument, with_prep: bool) -> str:
    tokens = arg.span_tokens()
    if arg.role == "clause" and tokens and tokens[0].dep_ == "mark" and tokens[0].lower_ == "that":
        tokens = tokens[1:]  # "said [that] X": the complementiser is not part of what was said
    text = _text(tokens)
    if with_prep and arg.prep is not None:
        return f"{arg.prep.text} {text}"
    return text


def clause_tuples(clause: Clause, sentence: str = "") -> list[OpenIETuple]:
    """The Open IE tuples of one clause: one per subject conjunct and per direct-object conjunct."""
    relation = _text(clause.relation_tokens)
    if clause.kind == "appos":
        relation = "is"
    direct = [a for a in clause.arguments if a.role in ("obj", "attr", "comp", "clause")]
    preps = [a for a in clause.arguments if a.role in ("prep", "agent", "time")]
    tuples = []
    for subject in _subjects(clause):
        arg1 = _text(subject.span_tokens())
        if direct:
            heads = direct
            for arg in heads:
                args = (_argument_text(arg, False), *(_argument_text(p, True) for p in preps))
                tuples.append(OpenIETuple(arg1, relation, args, clause.confidence, sentence, clause.negated))
        elif preps:
            # no object: the first preposition joins the relation ("died in | 1990")
            first, rest = preps[0], preps[1:]
            rel = f"{relation} {first.prep.text}" if first.prep is not None else relation
            args = (_argument_text(first, False), *(_argument_text(p, True) for p in rest))
            tuples.append(OpenIETuple(arg1, rel, args, clause.confidence, sentence, clause.negated))
        else:
            tuples.append(OpenIETuple(arg1, relation, (), clause.confidence, sentence, clause.negated))
    return tuples


def extract_openie(doc_or_span: Doc | Span) -> list[OpenIETuple]:
    """Open IE tuples for every sentence of a Doc (or one sentence Span)."""
    sents = [doc_or_span] if isinstance(doc_or_span, Span) else list(doc_or_span.sents)
    out: list[OpenIETuple] = []
    for sent in sents:
        for clause in find_clauses(sent):
            out.extend(clause_tuples(clause, sent.text))
    return out
