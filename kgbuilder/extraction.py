"""Parse and extract a stream of documents: text parts in, one ``DocumentResult`` per document out.

Memory is bounded whatever the size of a document: the corpus cuts long documents into parts of at
most ``PART_CHARACTERS`` characters, and ``nlp.pipe`` gets batches of at most ``batch_size`` texts
*and* ``BATCH_CHARACTERS`` characters, so the parser never holds more than one such batch (spaCy's
parser needs about 3.3 kB per character of a batch: ~0.5 GB above the loaded model for 100,000).
"""
from __future__ import annotations

import dataclasses
import re
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

from kgbuilder.corpus import Document
from kgbuilder.graph.model import DocumentResult

T = TypeVar("T")

#: Texts per ``nlp.pipe`` batch: news articles are a few thousand characters each.
DEFAULT_BATCH_SIZE = 64
#: Characters per ``nlp.pipe`` batch (a single part may reach PART_CHARACTERS on its own).
BATCH_CHARACTERS = 100_000
#: Longest text parsed at once: longer documents are parsed in parts and merged (``merge_parts``).
PART_CHARACTERS = 100_000

# A line break inside a paragraph (a non-blank line on each side) is a hard wrap, not a boundary,
# unless the next line starts a list item, a quote or a table row, or the line is a Markdown heading.
_WRAP = re.compile(r"(?<=\S)[ \t]*\r?\n(?=[ \t]*(?![-*+•>|#]|\d+[.)]\s)\S)")


def unwrap_lines(text: str) -> str:
    """``text`` with its hard line wraps read as spaces (same length: offsets stay valid).

    The parser reads a line break as a token of its own and breaks names and clauses at it
    ("Foreign\\nMinister"); blank lines stay, and start sentences (``extractors.pipeline``).
    """
    if "\n" not in text:
        return text
    return _WRAP.sub(_as_spaces, text)


def _as_spaces(match: re.Match) -> str:
    text = match.string
    line_start = text.rfind("\n", 0, match.start()) + 1
    if text[line_start:match.start()].lstrip().startswith("#"):  # a Markdown heading ends its line
        return match.group()
    return match.group().replace("\r", " ").replace("\n", " ")


def _extract(doc, doc_id: str, offset: int) -> DocumentResult:
    from kgbuilder.extractors.triples import extract_document

    return extract_document(doc, doc_id, offset)


def merge_parts(parts: Sequence[DocumentResult]) -> DocumentResult:
    """One result for a document that was parsed in parts.

    Character offsets are already document-relative (the extractor adds each part's offset);
    sentence indexes restart in every part, so later parts are shifted by the sentences before them.
    Failed parts are left out; the merge fails only when every part failed.
    """
    good = [p for p in parts if not p.error]
    if not good:
        return DocumentResult(parts[0].doc_id, error="; ".join(p.error for p in parts))
    merged = DocumentResult(good[0].doc_id)
    shift = 0
    for part in good:
        for t in part.triples:
            if shift:
                t = dataclasses.replace(t, provenance=dataclasses.replace(
                    t.provenance, sentence_index=t.provenance.sentence_index + shift))
            merged.triples.append(t)
        merged.mentions.extend(part.mentions)
        merged.attributes.extend(part.attributes)
        merged.sentences += part.sentences
        merged.words += part.words
        shift += part.sentences
    return merged


def batches(documents: Iterable[Document], size: int,
            characters: int = BATCH_CHARACTERS) -> Iterator[list[Document]]:
    """Runs of at most ``size`` texts and ``characters`` characters (one longer text goes alone)."""
    batch: list[Document] = []
    held = 0
    for d in documents:
        if batch and (len(batch) >= size or held + len(d.text) > characters):
            yield batch
            batch, held = [], 0
        batch.append(d)
        held += len(d.text)
    if batch:
        yield batch


def _parsed(nlp, documents: Iterable[Document], batch_size: int) -> Iterator[tuple[object, Document]]:
    """(Doc, the document without its text) per part, one bounded batch at a time."""
    for batch in batches(documents, batch_size):
        # the context carries no text: it travels with the Doc (to worker processes and back)
        texts = [(unwrap_lines(d.text), dataclasses.replace(d, text="")) for d in batch]
        yield from nlp.pipe(texts, as_tuples=True, batch_size=batch_size)


def iter_results(nlp, documents: Iterable[Document], batch_size: int = DEFAULT_BATCH_SIZE,
                 on_part: Callable[[Document, DocumentResult], None] | None = None) -> Iterator[DocumentResult]:
    """Parse and extract a stream of documents; one result per document, in input order.

    The parts of a split document are merged back into one result. A document whose extraction
    raises yields a result with ``error`` set (``build_graph`` skips it). ``on_part`` is called
    after each parsed text with the document (text dropped) and its result.
    """
    def each_part() -> Iterator[tuple[Document, DocumentResult]]:
        for doc, meta in _parsed(nlp, documents, batch_size):
            try:
                result = _extract(doc, meta.doc_id, meta.offset)
            except Exception as err:  # one bad document never stops the run
                where = f" (part {meta.part + 1} of {meta.parts})" if meta.parts > 1 else ""
                result = DocumentResult(meta.doc_id, error=f"extraction failed{where}: {type(err).__name__}: {err}")
            del doc
            if on_part is not None:
                on_part(meta, result)
            yield meta, result

    for run in runs_of_parts(each_part(), lambda pair: pair[0]):
        yield run[0][1] if run[0][0].parts == 1 else merge_parts([result for _meta, result in run])


def runs_of_parts(items: Iterable[T], document_of: Callable[[T], Document]) -> Iterator[list[T]]:
    """The items of one document at a time, from a stream that yields a split document's parts one after
    another (``document_of`` gives an item's Document, whose ``doc_id``, ``part`` and ``parts`` say where
    it belongs); a run ends at its last part, or where another document starts (a part went missing:
    two documents are never glued)."""
    run: list[T] = []
    for item in items:
        meta = document_of(item)
        if run and meta.doc_id != document_of(run[0]).doc_id:
            yield run
            run = []
        run.append(item)
        if meta.part == meta.parts - 1:
            yield run
            run = []
    if run:
        yield run
