"""The build: corpus -> spaCy -> triples -> KnowledgeGraph -> files, streamed.

Documents flow one batch at a time through ``nlp.pipe``; each parsed Doc is turned into a
``DocumentResult`` and dropped, so memory holds one batch of Docs plus the growing graph.

    report = build(["seeds/"], "out/")            # files, folders, JSONL, "-" for stdin
    kg = build_graph_from_texts(["Kerry met Lavrov in Moscow."])   # notebooks and tests
"""
from __future__ import annotations

import dataclasses
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from kgbuilder.graph.builder import build_graph
from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.graph.model import DocumentResult
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
    from kgbuilder.exports import registry

    return [fmt.name for fmt in registry.formats()]


def get_writer(name: str) -> tuple[Callable, str]:
    """(writer(kg, path, **options), default file name) for a format name or alias."""
    from kgbuilder.exports import registry

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
    parsed: int = 0  # documents parsed by this run (the rest were reused from the checkpoint)
    parsed_words: int = 0
    reused: int = 0  # documents taken from an earlier run's checkpoint
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
        rate = (f", {self.parsed_words / self.seconds:,.0f} words/s parsed"
                if self.seconds > 0 and self.parsed_words else "")
        lines = [
            f"Documents: {self.documents:,} ({self.sentences:,} sentences, {self.words:,} words, "
            f"{self.characters:,} characters)",
            f"Graph:     {self.entities:,} entities, {self.relations:,} relations",
        ]
        if self.reused:
            lines.insert(1, f"Resumed:   {self.reused:,} documents reused from the checkpoint, "
                            f"{self.parsed:,} parsed")
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
class BuildInterrupted(KeyboardInterrupt):
    """Ctrl-C during a build: finished documents are checkpointed; ``message`` says how to resume."""

    def __init__(self, message: str, saved: int = 0):
        super().__init__(message)
        self.message = message
        self.saved = saved


class BuildAborted(RuntimeError):
    """The parsing machinery failed (a worker process died, the Dask cluster went away)."""


def _load(model: str | None, nlp):
    if nlp is not None:
        return nlp
    from kgbuilder.extractors.pipeline import load_pipeline

    return load_pipeline(model)


def _model_name(nlp) -> str:
    try:
        from kgbuilder.extractors.pipeline import pipeline_name

        return pipeline_name(nlp)
    except Exception:
        return ""


class _Progress:
    """A progress bar on a terminal; without one (logs, CI) a line every ``interval`` seconds."""

    def __init__(self, total: int | None, enabled: bool, interval: float = 30.0):
        from tqdm import tqdm

        # disable=None: a bar only when stderr is a terminal
        self.bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1000, desc="building",
                        file=sys.stderr, disable=None if enabled else True, dynamic_ncols=True, leave=False)
        self.lines = enabled and self.bar.disable
        self.total = total
        self.interval = interval
        self.started = self.last = time.perf_counter()
        self.done_bytes = self.documents = self.parsed = self.words = 0

    def advance(self, nbytes: int, documents: int = 0, parsed: int = 0, words: int = 0) -> None:
        self.done_bytes += nbytes
        self.documents += documents
        self.parsed += parsed
        self.words += words
        now = time.perf_counter()
        rate = self.parsed / max(now - self.started, 1e-9)
        if not self.bar.disable:
            self.bar.set_postfix_str(f"{self.documents:,} docs, {rate:,.1f} docs/s", refresh=False)
            self.bar.update(nbytes)
        elif self.lines and now - self.last >= self.interval:
            self.last = now
            share = f", {100 * self.done_bytes / self.total:.0f}% of the input" if self.total else ""
            print(f"building: {self.documents:,} documents ({rate:,.1f} documents/s, "
                  f"{self.words / max(now - self.started, 1e-9):,.0f} words/s){share}", file=sys.stderr, flush=True)

    def write(self, text: str) -> None:
        from tqdm import tqdm

        tqdm.write(text, file=sys.stderr)  # above the bar, not through it

    def close(self) -> None:
        self.bar.close()


def _engine(nlp, model: str | None, processes: int, dask: str | None):
    from kgbuilder import parallel

    if dask:
        return parallel.DaskEngine(dask, model, processes)
    if processes > 1:
        return parallel.PoolEngine(nlp, processes)
    return parallel.SerialEngine(nlp)


def build(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike = "out", model: str | None = None,
          formats: Iterable[str] | str = DEFAULT_FORMATS, batch_size: int = DEFAULT_BATCH_SIZE,
          processes: int = 1, progress: bool = True, glob: Iterable[str] | str | None = None,
          exclude: Iterable[str] | str | None = None, nlp=None, stdin=None, name: str = GRAPH_NAME,
          on_problem: Callable[[Problem], None] | None = None, dask: str | None = None,
          shards: bool = False, partition_size: int | None = None, resume: bool = True,
          checkpoint: bool = True, base_iri: str | None = None, provenance: str | None = None) -> BuildReport:
    """Build the knowledge graph of ``paths`` and write it to ``out_dir`` in each format.

    ``paths``: files, folders (recursive, ``glob`` patterns, ``exclude`` skipped), ``.jsonl`` files
    and ``-`` for stdin. ``model``: a spaCy pipeline name or path (None: the default English one);
    ``nlp`` instead passes a loaded pipeline. ``on_problem`` is called for each problem as soon as
    it is found.

    Where parsing runs (``kgbuilder.parallel``): this process; ``processes`` > 1 forked worker
    processes that parse and extract; or Dask workers when ``dask`` is ``"local"`` (a LocalCluster of
    ``processes`` workers) or a scheduler address (``tcp://host:8786``; the workers load ``model``
    themselves). Results are merged in corpus order, so every way builds the same graph.
    ``partition_size``: documents per unit of work (default: ``batch_size``, smaller near the end of
    the corpus so that workers finish together; about 512 per shard).

    Resume (``kgbuilder.manifest``): finished documents are checkpointed in ``out_dir/.kgbuilder/``
    as they complete (``checkpoint=False``: not at all). With ``resume`` (the default) a later run
    with the same model and code reuses them: only new or changed documents are parsed, removed ones
    are dropped. ``resume=False`` starts over. Ctrl-C raises ``BuildInterrupted`` after the
    checkpoint is flushed.

    ``base_iri`` (default ``https://kgbuilder.example/``) and ``provenance`` (``"statements"``, the
    default, or ``"none"`` for plain facts) shape the RDF formats and the shards; other formats ignore
    them.

    ``shards``: instead of one graph, each partition's graph (resolved on its own) is written as
    N-Triples to ``out_dir/shards/`` for a triple store to bulk-load (``kgbuilder load OUT/shards/``);
    ``formats`` are not written. A re-run rebuilds only the shards whose documents changed.

    Bad inputs are reported in ``BuildReport.problems`` and never stop the build. Nothing is written
    when no document could be built. Raises, before reading: ``UnknownFormatError`` for an unknown
    format, ``OutputDirError`` when ``out_dir`` cannot be created, ``CheckpointBusy`` when another
    build writes to ``out_dir``, and ``extractors.pipeline.ModelNotFoundError`` when no usable
    pipeline is installed. ``BuildAborted`` when a worker process or the Dask cluster fails.
    """
    from contextlib import ExitStack

    from kgbuilder import manifest, parallel
    from kgbuilder.malloc import keep_freed_memory

    started = time.perf_counter()
    keep_freed_memory()  # forked workers inherit it; Dask workers set it themselves
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if processes < 1:
        raise ValueError("processes must be at least 1")
    if partition_size is not None and partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    rdf_options = _rdf_options(base_iri, provenance)  # a bad IRI fails here, before any work
    writers = []  # unknown formats fail here, before any work
    if not shards:
        for fmt in parse_formats(formats):
            writer, filename = get_writer(fmt)
            if all(filename != planned for _f, _w, planned in writers):  # "ttl" and "turtle" write one file
                writers.append((fmt, writer, filename))
    out = Path(out_dir)
    if writers or shards or checkpoint:  # a folder that cannot be made fails now, not after the parse
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputDirError(f"cannot create the output folder {out} ({err.strerror or err}); "
                                 "pass -o with a writable folder") from None
    report = BuildReport()

    def problem(p: Problem) -> None:
        report.problems.append(p)
        if on_problem is not None:
            on_problem(p)

    corpus = Corpus(paths, glob=glob, exclude=exclude, stdin=stdin, on_problem=problem)
    with ExitStack() as stack:
        if not dask:
            nlp = _load(model, nlp)  # before the engine: forked workers inherit it
        engines = stack.enter_context(ExitStack())  # closed as soon as the parsing is done
        engine = engines.enter_context(_engine(nlp, model, processes, dask))
        if dask:
            report.model, corpus.max_length = engine.model_name, engine.max_length
        else:
            report.model, corpus.max_length = _model_name(nlp), nlp.max_length
        options = {"model": report.model, "max_length": corpus.max_length,
                   "code": manifest.code_fingerprint(manifest.SHARD_CODE if shards else manifest.EXTRACTION_CODE)}
        if shards:
            size = partition_size or parallel.DEFAULT_SHARD_SIZE
            options["partition_size"] = size
            options.update(rdf_options)  # shards written with another base IRI are written again
            book = stack.enter_context(manifest.ShardManifest(out, options, resume))
        elif checkpoint:
            book = stack.enter_context(manifest.Checkpoint(out, options, resume))
        else:
            book = None
        if book is not None and book.restart_reason:
            problem(Problem(str(book.folder), f"earlier results not reused, starting over: {book.restart_reason}",
                            "note"))
        bar = _Progress(corpus.total_size, progress)
        stack.callback(bar.close)

        def documents() -> Iterator[Document]:
            for d in corpus:
                report.characters += len(d.text)
                yield d

        groups = parallel.group_documents(documents())
        try:
            if shards:
                _build_shards(report, engine, groups, book, bar, problem, batch_size, size, name, rdf_options)
            else:
                size = partition_size or batch_size
                partitions = lambda todo: parallel.partition(todo, size, corpus.total_size, engine.workers)  # noqa: E731
                _build_graph(report, engine, groups, partitions, book, bar, problem, batch_size, name)
                engines.close()  # the workers are not needed to write the files
                if report.documents:
                    for fmt, writer, filename in writers:
                        target = out / filename
                        try:
                            writer(report.graph, target, **rdf_options)
                        except Exception as err:  # the other formats are still written
                            problem(Problem(str(target), f"could not write {fmt} ({type(err).__name__}: {err})"))
                        else:
                            report.files.append(target)
        except KeyboardInterrupt:
            saved = 0
            if book is not None and not shards and engine.partial:  # the part of a partition that was parsed
                try:
                    book.save([g.key for g, _r in engine.partial], [r for _g, r in engine.partial])
                except Exception:
                    pass
            if isinstance(book, manifest.Checkpoint):
                saved = len(book)
            elif book is not None:
                saved = sum(len(line["documents"]) for line in book.lines)
            where = f"; {saved:,} finished documents are saved in {book.folder}" if book is not None else ""
            rerun = ("run the same command again to resume (--fresh to start over)" if book is not None
                     else "checkpoints were off (--no-checkpoint): a new run starts over")
            raise BuildInterrupted(f"interrupted{where}: {rerun}", saved) from None
        except parallel.PartitionFailed as err:
            where = (f"; the documents finished so far are saved in {book.folder}: run the same command "
                     "again to resume" if book is not None else "")
            raise BuildAborted(f"{err}{where}") from err.error
    report.seconds = time.perf_counter() - started
    return report


def _rdf_options(base_iri: str | None, provenance: str | None) -> dict:
    """The RDF writers' options that were given, checked (``ValueError`` naming the fix)."""
    options = {}
    if base_iri is not None:
        from kgbuilder.exports.rdf import check_base_iri

        options["base_iri"] = check_base_iri(base_iri)
    if provenance is not None:
        from kgbuilder.exports.rdf import check_provenance

        check_provenance(provenance)
        options["provenance"] = provenance
    return options


def _build_graph(report: BuildReport, engine, groups, partitions, checkpoint, bar: _Progress,
                 problem, batch_size: int, name: str) -> None:
    """Parse what the checkpoint does not have, merge everything in corpus order, build the graph."""
    from collections import deque

    from kgbuilder.parallel import ExtractTask, SerialEngine, unpack

    per_document = isinstance(engine, SerialEngine)  # progress per document, else per partition
    slots: deque = deque()  # Group to parse, or the doc_id (str) of a checkpointed document, in corpus order
    live: list[str] = []

    def todo():
        for g in groups:
            live.append(g.doc_id)
            if checkpoint is not None and checkpoint.done(*g.key):
                slots.append(g.doc_id)
                bar.advance(g.size, documents=1)
                continue
            slots.append(g)
            yield g

    def failed(result: DocumentResult) -> None:
        problem(Problem(result.doc_id, f"{result.error}; this is a kgbuilder bug, please report it with the document"))

    def on_result(group, result: DocumentResult) -> None:  # this process only, per document
        bar.advance(group.size, documents=1, parsed=1, words=result.words)
        if result.error:
            failed(result)

    def on_done(groups, output) -> list[DocumentResult]:  # per partition, as partitions finish
        if isinstance(output, bytes):
            results = unpack(output)
        else:
            results, output = output, None
        if checkpoint is not None:
            checkpoint.save([g.key for g in groups], results, payload=output)
        for g, result in zip(groups, results):
            report.parsed += 1
            report.parsed_words += result.words
            if not per_document:
                bar.advance(g.size, documents=1, parsed=1, words=result.words)
                if result.error:
                    failed(result)
        return results

    def ordered() -> Iterator[DocumentResult]:
        for groups_, results in engine.map(ExtractTask(batch_size), partitions(todo()), on_done, on_result):
            for g, result in zip(groups_, results):
                while slots[0] is not g:
                    yield reused(slots.popleft())
                slots.popleft()
                yield result
        while slots:
            yield reused(slots.popleft())

    def reused(doc_id) -> DocumentResult:
        if not isinstance(doc_id, str):  # cannot happen: the engine yields partitions in order
            raise RuntimeError(f"document {doc_id.doc_id!r} came back out of order")
        report.reused += 1
        return checkpoint.load(doc_id)

    def counted(results: Iterator[DocumentResult]) -> Iterator[DocumentResult]:
        for result in results:
            if not result.error:
                report.documents += 1
                report.sentences += result.sentences
                report.words += result.words
            yield result

    kg = build_graph(counted(ordered()), name=name)
    if checkpoint is not None:
        checkpoint.finish(live)
    kg.graph.graph["model"] = report.model
    report.graph = kg
    report.entities = kg.graph.number_of_nodes()
    report.relations = kg.graph.number_of_edges()


def _build_shards(report: BuildReport, engine, groups, book, bar: _Progress, problem, batch_size: int,
                  size: int, name: str, rdf_options: dict) -> None:
    """One N-Triples file per partition; partitions whose shard exists are not built again."""
    from kgbuilder.parallel import SerialEngine, ShardTask, partition_stable, unpack

    per_document = isinstance(engine, SerialEngine)
    live: list[str] = []

    def count(stats: dict, reused: bool) -> None:
        report.documents += stats["documents"]
        report.sentences += stats["sentences"]
        report.words += stats["words"]
        report.entities += stats["entities"]
        report.relations += stats["relations"]
        if reused:
            report.reused += stats["documents"]
        else:
            report.parsed += stats["documents"] + len(stats["errors"])
            report.parsed_words += stats["words"]

    def todo():
        for groups_ in partition_stable(groups, size):
            shard = book.name_for([g.key for g in groups_])
            live.append(shard)
            if book.has(shard):
                count(book.shards[shard]["stats"], reused=True)
                bar.advance(sum(g.size for g in groups_), documents=len(groups_))
                continue
            yield groups_

    def on_result(group, result: DocumentResult) -> None:
        bar.advance(group.size, documents=1, parsed=1, words=result.words)

    def on_done(groups_, output) -> dict:
        stats = unpack(output)
        book.record(stats["shard"], [g.key for g in groups_], stats)
        count(stats, reused=False)
        if not per_document:
            bar.advance(sum(g.size for g in groups_), documents=len(groups_), parsed=len(groups_),
                        words=stats["words"])
        for doc_id, error in stats["errors"]:
            problem(Problem(doc_id, f"{error}; this is a kgbuilder bug, please report it with the document"))
        return stats

    task = ShardTask(batch_size, str(book.shard_dir.resolve()), name, rdf_options)
    for _ in engine.map(task, todo(), on_done, on_result):
        pass
    book.finish(live)
    if live:
        report.files.append(book.shard_dir)


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
