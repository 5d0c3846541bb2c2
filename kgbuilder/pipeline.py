"""The build: corpus -> spaCy -> triples -> KnowledgeGraph -> files, streamed.

Documents flow one batch at a time through ``nlp.pipe``; each parsed Doc is turned into a
``DocumentResult`` and dropped, so memory holds one batch of Docs plus the growing graph.

    report = build(["seeds/"], "out/")            # files, folders, JSONL, "-" for stdin
    kg = build_graph_from_texts(["Kerry met Lavrov in Moscow."])   # notebooks and tests
"""
from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from graph.builder import build_graph
from graph.knowledge_graph import KnowledgeGraph, write_atomic
from graph.model import DocumentResult
from kgbuilder.corpus import ERROR, Corpus, Document, Problem, split_document

#: Written by ``build`` unless ``formats`` says otherwise.
DEFAULT_FORMATS = ("ttl", "html", "json")
#: Texts buffered per ``nlp.pipe`` batch: news articles are a few thousand characters each.
DEFAULT_BATCH_SIZE = 64
GRAPH_NAME = "kgbuilder graph"


class UnknownFormatError(ValueError):
    """An output format no writer is registered for."""


class OutputDirError(OSError):
    """The output folder cannot be created."""


# ---------------------------------------------------------------------- writers
# exports.registry maps format names and aliases to writers (imported lazily on first use).

def available_formats() -> list[str]:
    """Names of the output formats that can be written."""
    from exports import registry

    return [fmt.name for fmt in registry.formats()]


def get_writer(name: str) -> tuple[Callable, str]:
    """(writer(kg, path, **options), default file name) for a format name or alias."""
    from exports import registry

    try:
        fmt = registry.get_format(name)
    except registry.UnknownFormatError:
        raise UnknownFormatError(f"unknown output format {name!r}; available: {registry.known_names()}") from None
    return fmt.write, fmt.filename


def parse_formats(values: Iterable[str] | str) -> tuple[str, ...]:
    """Format names from repeated and/or comma-separated values, duplicates dropped, order kept."""
    if isinstance(values, str):
        values = [values]
    names: list[str] = []
    for value in values:
        for name in value.split(","):
            name = name.strip().lower()
            if name and name not in names:
                names.append(name)
    return tuple(names)


# ---------------------------------------------------------------------- the report
@dataclass
class BuildReport:
    """What a build did: counts, files written, problems, time."""

    documents: int = 0  # documents built (a long document split into parts counts once)
    sentences: int = 0
    words: int = 0
    characters: int = 0
    entities: int = 0
    relations: int = 0
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    model: str = ""
    graph: KnowledgeGraph | None = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def failed(self) -> bool:
        """True when some input was not built (or an output could not be written)."""
        return bool(self.errors)

    @property
    def exit_code(self) -> int:
        """0 when everything was built, 1 when some input failed (the rest was still built)."""
        return 1 if self.failed else 0

    def summary(self, max_problems: int = 10) -> str:
        """A one-screen, human summary."""
        rate = f", {self.words / self.seconds:,.0f} words/s" if self.seconds > 0 and self.words else ""
        lines = [
            f"Documents: {self.documents:,} ({self.sentences:,} sentences, {self.words:,} words, "
            f"{self.characters:,} characters)",
            f"Graph:     {self.entities:,} entities, {self.relations:,} relations",
        ]
        if self.files:
            lines.append(f"Wrote:     {self.files[0]}")
            lines.extend(f"           {f}" for f in self.files[1:])
        else:
            lines.append("Wrote:     nothing")
        lines.append(f"Time:      {self.seconds:.1f} s{rate}" + (f" (model {self.model})" if self.model else ""))
        if self.problems:
            errors = len(self.errors)
            notes = len(self.problems) - errors
            counts = ", ".join(part for part in (f"{errors} not built" if errors else "",
                                                 f"{notes} note{'s' * (notes != 1)}" if notes else "") if part)
            lines.append(f"Problems:  {counts}")
            lines.extend(f"  {p}" for p in self.problems[:max_problems])
            if len(self.problems) > max_problems:
                lines.append(f"  ... and {len(self.problems) - max_problems} more (listed on stderr)")
        else:
            lines.append("Problems:  none")
        return "\n".join(lines)


# ---------------------------------------------------------------------- streaming extraction
def _extract(doc, doc_id: str, offset: int) -> DocumentResult:
    from extractors.triples import extract_document

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
    for part in parts:
        if part.error:
            continue
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


def iter_results(nlp, documents: Iterable[Document], batch_size: int = DEFAULT_BATCH_SIZE,
                 processes: int = 1, on_part: Callable[[Document, DocumentResult], None] | None = None,
                 ) -> Iterator[DocumentResult]:
    """Parse and extract a stream of documents; one result per document, in input order.

    The parts of a split document are merged back into one result. A document whose extraction
    raises yields a result with ``error`` set (``build_graph`` skips it). ``on_part`` is called
    after each parsed text (for progress) with the document (text dropped) and its result.
    """
    def texts():
        for d in documents:
            # the context carries no text: it travels with the Doc to worker processes and back
            yield d.text, dataclasses.replace(d, text="")

    pending: list[DocumentResult] = []
    for doc, meta in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size, n_process=processes):
        try:
            result = _extract(doc, meta.doc_id, meta.offset)
        except Exception as err:  # one bad document never stops the run
            where = f" (part {meta.part + 1} of {meta.parts})" if meta.parts > 1 else ""
            result = DocumentResult(meta.doc_id, error=f"extraction failed{where}: {type(err).__name__}: {err}")
        del doc
        if on_part is not None:
            on_part(meta, result)
        if pending and pending[0].doc_id != meta.doc_id:  # a part went missing: never glue two documents
            yield merge_parts(pending)
            pending = []
        if meta.parts == 1:
            yield result
            continue
        pending.append(result)
        if meta.part == meta.parts - 1:
            yield merge_parts(pending)
            pending = []
    if pending:
        yield merge_parts(pending)


# ---------------------------------------------------------------------- the build
def _load(model: str | None, nlp):
    if nlp is not None:
        return nlp
    from extractors.pipeline import load_pipeline

    return load_pipeline(model)


def _model_name(nlp) -> str:
    try:
        from extractors.pipeline import pipeline_name

        return pipeline_name(nlp)
    except Exception:
        return ""


def _progress_bar(total: int | None, enabled: bool):
    from tqdm import tqdm

    # disable=None: show only when stderr is a terminal; never when progress is off
    return tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1000, desc="building",
                file=sys.stderr, disable=None if enabled else True, dynamic_ncols=True, leave=False)


def build(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike = "out", model: str | None = None,
          formats: Iterable[str] | str = DEFAULT_FORMATS, batch_size: int = DEFAULT_BATCH_SIZE,
          processes: int = 1, progress: bool = True, glob: Iterable[str] | str | None = None,
          exclude: Iterable[str] | str | None = None, nlp=None, stdin=None, name: str = GRAPH_NAME,
          on_problem: Callable[[Problem], None] | None = None) -> BuildReport:
    """Build the knowledge graph of ``paths`` and write it to ``out_dir`` in each format.

    ``paths``: files, folders (recursive, ``glob`` patterns, ``exclude`` skipped), ``.jsonl`` files
    and ``-`` for stdin. ``model``: a spaCy pipeline name or path (None: the default English one);
    ``nlp`` instead passes a loaded pipeline. ``processes`` is spaCy's ``n_process``.
    ``on_problem`` is called for each problem as soon as it is found.

    Bad inputs are reported in ``BuildReport.problems`` and never stop the build. Nothing is written
    when no document could be built. Raises, before reading: ``UnknownFormatError`` for an unknown
    format, ``OutputDirError`` when ``out_dir`` cannot be created, and
    ``extractors.pipeline.ModelNotFoundError`` when no usable pipeline is installed.
    """
    started = time.perf_counter()
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if processes < 1:
        raise ValueError("processes must be at least 1")
    names = parse_formats(formats)
    writers = []  # unknown formats fail here, before any work
    for fmt in names:
        writer, filename = get_writer(fmt)
        if all(filename != planned for _f, _w, planned in writers):  # "ttl" and "turtle" write one file
            writers.append((fmt, writer, filename))
    out = Path(out_dir)
    if writers:  # a folder that cannot be made fails now, not after the parse
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputDirError(f"cannot create the output folder {out} ({err.strerror or err}); "
                                 "pass -o with a writable folder") from None
    report = BuildReport()

    def problem(p: Problem) -> None:
        if on_problem is not None:
            on_problem(p)

    corpus = Corpus(paths, glob=glob, exclude=exclude, stdin=stdin, on_problem=problem)
    nlp = _load(model, nlp)
    corpus.max_length = nlp.max_length
    report.model = _model_name(nlp)

    bar = _progress_bar(corpus.total_size, progress)
    skipped_seen = parsed = 0

    def on_part(meta: Document, result: DocumentResult) -> None:
        nonlocal skipped_seen, parsed
        parsed += meta.part == meta.parts - 1
        bar.set_postfix(docs=parsed, refresh=False)
        bar.update(meta.size + corpus.skipped_bytes - skipped_seen)  # unreadable inputs count as done
        skipped_seen = corpus.skipped_bytes
        if result.error:
            p = Problem(meta.doc_id, f"{result.error}; this is a kgbuilder bug, please report it with the document")
            corpus.problems.append(p)
            problem(p)

    def documents() -> Iterator[Document]:
        for d in corpus:
            report.characters += len(d.text)
            yield d

    def counted(results: Iterator[DocumentResult]) -> Iterator[DocumentResult]:
        for result in results:
            if not result.error:
                report.documents += 1
                report.sentences += result.sentences
                report.words += result.words
            yield result

    try:
        kg = build_graph(counted(iter_results(nlp, documents(), batch_size, processes, on_part)), name=name)
    finally:
        bar.close()
    kg.graph.graph["model"] = report.model
    report.graph = kg
    report.entities = kg.graph.number_of_nodes()
    report.relations = kg.graph.number_of_edges()

    if report.documents:
        for fmt, writer, filename in writers:
            target = out / filename
            try:
                writer(kg, target)
            except Exception as err:  # the other formats are still written
                p = Problem(str(target), f"could not write {fmt} ({type(err).__name__}: {err})")
                corpus.problems.append(p)
                problem(p)
            else:
                report.files.append(target)
    report.problems = list(corpus.problems)
    report.seconds = time.perf_counter() - started
    return report


def build_graph_from_texts(texts_or_pairs: str | Iterable[str] | Iterable[tuple[str, str]],
                           model: str | None = None, nlp=None, batch_size: int = DEFAULT_BATCH_SIZE,
                           name: str = GRAPH_NAME) -> KnowledgeGraph:
    """The knowledge graph of some texts, in memory (for notebooks and tests).

    Accepts one string, strings (ids ``doc1``, ``doc2``, ...) or ``(doc_id, text)`` pairs. Texts
    longer than the pipeline's max length are split. An extraction error is raised, not skipped.
    """
    nlp = _load(model, nlp)
    if isinstance(texts_or_pairs, str):
        texts_or_pairs = [texts_or_pairs]

    def documents() -> Iterator[Document]:
        for number, item in enumerate(texts_or_pairs, start=1):
            doc_id, text = (f"doc{number}", item) if isinstance(item, str) else item
            yield from split_document(str(doc_id), text, nlp.max_length)

    def checked(results: Iterator[DocumentResult]) -> Iterator[DocumentResult]:
        for result in results:
            if result.error:
                raise RuntimeError(f"{result.doc_id}: {result.error}")
            yield result

    return build_graph(checked(iter_results(nlp, documents(), batch_size)), name=name)
