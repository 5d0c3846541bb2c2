"""The model's attribute rules, applied by table lookup instead of spaCy's Matcher.

An English pipeline's ``attribute_ruler`` holds the tag map (fine tag -> POS and morphology) and a few
hundred exceptions ("'s" tagged VBZ is "be"; "gon na" is "go to"). spaCy runs them as Matcher patterns
over every token: measured on the 40 Wikinews articles, 0.49 s for 23k words, 11% of the parse and more
than all of kgbuilder's extraction. The rules only ever test a token's own values (its tag, lowercase
form, dependency label, ...), so the rules a token matches depend on those values alone: they are
found once per distinct combination and kept (``_Compiled.single``); the few rules of two or more
tokens are tried where their first token fits.

The result is the stock component's: rules apply in the order they were added (spaCy sorts its
matches by rule) and ``set_token_attrs``, spaCy's own writer, sets what each rule says. A ruler with a
pattern outside what is read here (operators, extension attributes, comparisons, fuzzy matching)
keeps spaCy's component: ``compile_rules`` returns None.
"""
from __future__ import annotations

import re
from typing import Callable

from spacy.attrs import IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

COMPILED_RULES = "kgbuilder_attribute_rules"

#: Token attributes a pattern may test here: each is one column of ``Doc.to_array``.
_READABLE = frozenset(("ORTH", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "TAG", "POS", "DEP", "LEMMA",
                       "ENT_TYPE", "ENT_IOB", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER",
                       "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_BRACKET", "IS_QUOTE",
                       "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY", "LIKE_NUM", "LIKE_URL",
                       "LIKE_EMAIL"))
#: Most distinct value combinations remembered before the table starts again (it grows with the vocabulary).
CACHE_LIMIT = 200_000

# One test on one column: (column position, kind, operand). Kinds: "eq" (an id), "in" / "not_in" (a set
# of ids), "regex" (a compiled pattern searched in the value's string, as the Matcher does).
_Test = tuple[int, str, object]


class _Unsupported(Exception):
    """A pattern this table cannot read exactly: the stock component stays."""


def _value_id(value) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (str, int)):
        return get_string_id(value)
    raise _Unsupported(f"value {value!r}")


def _column(name, columns: list[str]) -> int:
    name = name.upper() if isinstance(name, str) else name
    name = "ORTH" if name == "TEXT" else name
    if name not in _READABLE:
        raise _Unsupported(f"attribute {name!r}")
    if name not in columns:
        columns.append(name)
    return columns.index(name)


def _token_tests(spec: dict, columns: list[str]) -> list[_Test]:
    tests: list[_Test] = []
    for name, value in spec.items():
        column = _column(name, columns)
        if not isinstance(value, dict):
            tests.append((column, "eq", _value_id(value)))
            continue
        if len(value) != 1:
            raise _Unsupported(f"predicate {value!r}")
        (operator, operand), = value.items()
        if operator in ("IN", "NOT_IN") and isinstance(operand, (list, tuple, set)):
            tests.append((column, operator.lower(), frozenset(_value_id(v) for v in operand)))
        elif operator == "REGEX" and isinstance(operand, str):
            tests.append((column, "regex", re.compile(operand)))
        else:
            raise _Unsupported(f"predicate {operator!r}")
    return tests


class _Compiled:
    """The rules as tests on columns, split into one-token rules and longer ones."""

    def __init__(self, ruler) -> None:
        self.columns: list[str] = []
        self.single: list[tuple[int, list[_Test]]] = []  # (rule, tests)
        self.longer: list[tuple[int, list[list[_Test]], int]] = []  # (rule, tests per token, target offset)
        for rule in range(len(ruler.attrs)):
            if "_" in ruler.attrs[rule]:
                raise _Unsupported("extension attributes")
            index = ruler.indices[rule]
            for pattern in ruler.matcher.get(str(rule))[1]:
                if any("OP" in spec or "_" in spec for spec in pattern) or not pattern:
                    raise _Unsupported("operators")
                if not -len(pattern) <= index < len(pattern):
                    raise _Unsupported("index outside the pattern")
                tests = [_token_tests(spec, self.columns) for spec in pattern]
                if len(pattern) == 1:
                    self.single.append((rule, tests[0]))
                else:
                    self.longer.append((rule, tests, index % len(pattern)))
        self.attr_ids = [IDS[name] for name in self.columns]


def compile_rules(ruler) -> _Compiled | None:
    """``ruler`` (spaCy's AttributeRuler) as tables, or None when a pattern is beyond them."""
    try:
        return _Compiled(ruler)
    except _Unsupported:
        return None


class CompiledAttributeRuler:
    """A pipeline component doing what ``ruler`` does, with ``compiled``'s lookups."""

    def __init__(self, ruler, compiled: _Compiled) -> None:
        self.ruler = ruler
        self.compiled = compiled
        self.strings = ruler.vocab.strings
        self._rules_of: dict[tuple, tuple[int, ...]] = {}
        self._regex_hits: dict[tuple[int, int], bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        compiled = self.compiled
        if not len(doc) or not compiled.columns:
            return doc
        columns = doc.to_array(compiled.attr_ids)
        rows = [tuple(row) for row in columns.reshape(len(doc), -1).tolist()]  # one column comes back flat
        rules_of = self._rules_of
        if len(rules_of) > CACHE_LIMIT:
            rules_of.clear()
            self._regex_hits.clear()
        found: list[tuple[int, ...]] = []
        for row in rows:
            rules = rules_of.get(row)
            if rules is None:
                rules = rules_of[row] = tuple(rule for rule, tests in compiled.single if self._fits(row, tests))
            found.append(rules)
        if compiled.longer:
            found = self._add_longer(rows, found)
        attrs = self.ruler.attrs
        for i, rules in enumerate(found):
            if rules:
                token = doc[i]
                for rule in rules:
                    set_token_attrs(token, attrs[rule])
        return doc

    def _add_longer(self, rows: list[tuple], found: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
        extra: dict[int, set[int]] = {}
        n = len(rows)
        for rule, tests, target in self.compiled.longer:
            width = len(tests)
            first = tests[0]
            for start in range(n - width + 1):
                if self._fits(rows[start], first) and all(
                        self._fits(rows[start + k], tests[k]) for k in range(1, width)):
                    extra.setdefault(start + target, set()).add(rule)
        if not extra:
            return found
        found = list(found)
        for i, rules in extra.items():
            found[i] = tuple(sorted(set(found[i]) | rules))  # spaCy applies its matches rule by rule
        return found

    def _fits(self, row: tuple, tests: list[_Test]) -> bool:
        for column, kind, operand in tests:
            value = row[column]
            if kind == "eq":
                if value != operand:
                    return False
            elif kind == "in":
                if value not in operand:
                    return False
            elif kind == "not_in":
                if value in operand:
                    return False
            elif not self._searched(operand, value):
                return False
        return True

    def _searched(self, pattern: re.Pattern, value: int) -> bool:
        key = (id(pattern), value)
        hit = self._regex_hits.get(key)
        if hit is None:
            hit = self._regex_hits[key] = bool(pattern.search(self.strings[value]))
        return hit


def use_compiled_attribute_rules(nlp, name: str = "attribute_ruler") -> bool:
    """Put a ``CompiledAttributeRuler`` in the place of the pipeline's attribute ruler, when there is
    one and its rules can all be compiled. True when it was done."""
    from spacy.pipeline import AttributeRuler

    from kgbuilder.extractors.pipeline import replace_component

    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        return False
    compiled = compile_rules(ruler)
    if compiled is None:
        return False
    replace_component(nlp, name, COMPILED_RULES, _make_component)
    return True


def _make_component(nlp, name: str, source: str) -> Callable[[Doc], Doc]:
    ruler = nlp.get_pipe(source)
    return CompiledAttributeRuler(ruler, compile_rules(ruler))
