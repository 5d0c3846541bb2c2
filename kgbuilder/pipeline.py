"""The build: corpus -> engine (parse and extract) -> checkpoint -> KnowledgeGraph -> files, streamed.

Documents flow one partition at a time through an engine (``kgbuilder.parallel``: this process, forked
workers or Dask); each parsed Doc becomes a ``DocumentResult`` and is dropped, so memory holds a few
bounded batches of Docs (``kgbuilder.extraction``) plus the growing graph.

    report = build(["seeds/"], "out/")                              # files, folders, JSONL, "-" for stdin
    report = build(["corpus.jsonl"], "out/", engine=engine_for(processes=2), checkpoint="fresh")
    report = build_shards(["corpus.jsonl"], "out/")                  # one N-Triples file per partition
    kg = build_graph_from_texts(["Kerry met Lavrov in Moscow."])    # notebooks and tests
"""
from __future__ import annotations

import os
import tempfile
import time
from collections import deque
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kgbuilder import manifest, parallel
from kgbuilder.corpus import NOTE, Corpus, Document, Problem, split_document, text_problem
from kgbuilder.extraction import DEFAULT_BATCH_SIZE, PART_CHARACTERS, iter_results, merge_parts
from kgbuilder.graph.builder import build_graph
from kgbuilder.graph.knowledge_graph import ENTITY_LAYER, KnowledgeGraph
from kgbuilder.graph.model import DocumentResult
from kgbuilder.malloc import FrozenHeap
from kgbuilder.manifest import Checkpointing
from kgbuilder.parallel import Group
from kgbuilder.progress import Progress
from kgbuilder.report import BuildReport

__all__ = ["BuildAborted", "BuildInterrupted", "BuildReport", "Checkpointing", "DEFAULT_BATCH_SIZE",
           "DEFAULT_FORMATS", "OutputDirError", "UnknownFormatError", "Writer", "available_formats", "build",
           "build_graph_from_texts", "build_shards", "get_writer", "iter_results", "merge_parts",
           "parse_formats", "plan_writers"]

#: Written by ``build`` unless ``formats`` says otherwise.
DEFAULT_FORMATS = ("ttl", "html", "json")
GRAPH_NAME = "kgbuilder graph"
#: Finished documents are checkpointed at least this often (seconds), so a kill loses no more.
CHECKPOINT_SECONDS = 3.0


class UnknownFormatError(ValueError):
    """An output format no writer is registered for (or no format at all)."""


class OutputDirError(OSError):
    """The output folder cannot be created or written to."""


class BuildInterrupted(KeyboardInterrupt):
    """Ctrl-C during a build: finished documents are checkpointed; ``message`` says how to resume."""

    def __init__(self, message: str, saved: int = 0):
        super().__init__(message)
        self.message = message
        self.saved = saved


class BuildAborted(RuntimeError):
    """The parsing machinery failed (a worker process died, the Dask cluster went away)."""


# ---------------------------------------------------------------------- writers
# exports.registry maps format names and aliases to writers (imported lazily on first use).

def available_formats() -> list[str]:
    """Names of the output formats that can be written."""
    from kgbuilder.exports import registry

    return [fmt.name for fmt in registry.formats()]


def get_writer(name: str) -> tuple[Callable, str]:
    """(write(kg, path, **options), default file name) for a format name or alias. The writer takes
    the options of every format and uses its own (``exports.registry``)."""
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


@dataclass(frozen=True)
class Writer:
    """One output file of a build: its format, where it goes, the options it is written with."""

    format: str
    path: Path
    write: Callable
    options: dict

    def __call__(self, kg: KnowledgeGraph) -> Path:
        self.write(kg, self.path, **self.options)
        return self.path


def plan_writers(formats: Iterable[str] | str, out: Path, options: dict | None = None) -> list[Writer]:
    """The files a build writes, one per file name ("ttl" and "turtle" write one file). Fails before
    any work: ``UnknownFormatError`` for an unknown or empty format list, ``exports.registry.
    UnknownOptionError`` for an option no writer takes."""
    from kgbuilder.exports import registry

    options = dict(options or {})
    registry.check_options(options)
    names = parse_formats(formats)
    if not names:
        raise UnknownFormatError(f"no output format given; pass one or more of: {registry.known_names()}")
    writers: list[Writer] = []
    for name in names:
        write, filename = get_writer(name)
        if all(w.path.name != filename for w in writers):
            writers.append(Writer(name, out / filename, write, options))
    return writers


def writer_options(base_iri: str | None = None, provenance: str | None = None) -> dict:
    """The RDF writers' options that were given, checked (``ValueError`` naming the fix)."""
    from kgbuilder.exports.rdf import check_base_iri, check_provenance

    options = {}
    if base_iri is not None:
        options["base_iri"] = check_base_iri(base_iri)
    if provenance is not None:
        check_provenance(provenance)
        options["provenance"] = provenance
    return options


def _check_output_dir(out: Path) -> None:
    """``OutputDirError`` unless ``out`` is, or can be created as, a folder this process can write to.
    Nothing is created: the folder is made only once the model has loaded."""
    existing = out
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputDirError(f"cannot create the output folder {out} ({existing} is not a folder); "
                             "pass -o with a writable folder")
    try:
        fd, probe = tempfile.mkstemp(dir=existing, prefix=".kgbuilder-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        verb = "write to" if existing == out else "create"
        raise OutputDirError(f"cannot {verb} the output folder {out} ({err.strerror or err}); "
                             "pass -o with a writable folder") from None


def _make_output_dir(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputDirError(f"cannot create the output folder {out} ({err.strerror or err}); "
                             "pass -o with a writable folder") from None


# ---------------------------------------------------------------------- what build and build_shards share
class _Session:
    """The report, the problems, the corpus and the progress of one build."""

    def __init__(self, paths, glob, exclude, stdin, on_problem: Callable[[Problem], None] | None, progress: bool):
        self.started = time.perf_counter()
        self.report = BuildReport()
        self._on_problem = on_problem
        self.corpus = Corpus(paths, glob=glob, exclude=exclude, stdin=stdin, on_problem=self.problem)
        self.show_progress = progress
        self.bar: Progress | None = None
        self.heap: FrozenHeap | None = None

    def problem(self, problem: Problem) -> None:
        self.report.problems.append(problem)
        if self._on_problem is not None:
            self._on_problem(problem)

    def note(self, source: str, message: str) -> None:
        self.problem(Problem(source, message, NOTE))

    def bug(self, result: DocumentResult) -> None:
        self.problem(Problem(result.doc_id, f"{result.error}; this is a kgbuilder bug, please report it with "
                                            "the document"))

    def start(self, engine, stack: ExitStack) -> None:
        """After the engine loaded its model: what it parses at once, and the progress bar."""
        self.heap = stack.enter_context(FrozenHeap())  # the model and the graph: no full collection walks them
        self.report.model = engine.model_name
        self.corpus.max_length = min(engine.max_length or PART_CHARACTERS, PART_CHARACTERS)
        self.bar = Progress(self.corpus.total_size, self.show_progress)
        stack.callback(self.bar.close)

    def groups(self) -> Iterator[Group]:
        def documents() -> Iterator[Document]:
            for d in self.corpus:
                self.report.characters += len(d.text)
                yield d

        return parallel.group_documents(documents())

    def finish(self) -> BuildReport:
        self.report.seconds = time.perf_counter() - self.started
        return self.report


def _check_sizes(batch_size: int, partition_size: int | None) -> None:
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if partition_size is not None and partition_size < 1:
        raise ValueError("partition_size must be at least 1")


def _interrupted(book, saved: int) -> BuildInterrupted:
    where = f"; {saved:,} finished documents are saved in {book.folder}" if book is not None else ""
    rerun = ("run the same command again to resume (--fresh to start over)" if book is not None
             else "checkpoints were off (--no-checkpoint): a new run starts over")
    return BuildInterrupted(f"interrupted{where}: {rerun}", saved)


def _aborted(err: Exception, book) -> BuildAborted:
    where = (f"; the documents finished so far are saved in {book.folder}: run the same command again to resume"
             if book is not None else "")
    return BuildAborted(f"{err}{where}")


# ---------------------------------------------------------------------- the build
def build(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike = "out", *,
          formats: Iterable[str] | str = DEFAULT_FORMATS, engine=None,
          checkpoint: Checkpointing | str = Checkpointing.RESUME, batch_size: int = DEFAULT_BATCH_SIZE,
          partition_size: int | None = None, base_iri: str | None = None, provenance: str | None = None,
          glob: Iterable[str] | str | None = None, exclude: Iterable[str] | str | None = None, stdin=None,
          on_problem: Callable[[Problem], None] | None = None, progress: bool = True,
          name: str = GRAPH_NAME) -> BuildReport:
    """Build the knowledge graph of ``paths`` and write it to ``out_dir`` in each format.

    ``paths``: files, folders (recursive, ``glob`` patterns, ``exclude`` skipped), JSON Lines files
    and ``-`` for stdin (``stdin``: the stream to read). ``engine``: where parsing runs
    (``parallel.engine_for(processes, dask, model, nlp)``; default: this process, the default
    pipeline). Results are merged in corpus order, so every engine builds the same graph.
    ``partition_size``: documents per unit of work (default ``batch_size``; smaller near the end of the
    corpus so that workers finish together, and never much over ``parallel.PARTITION_BYTES``).

    ``checkpoint`` (``manifest.Checkpointing``): ``"resume"`` reuses the finished documents an earlier
    run checkpointed in ``out_dir/.kgbuilder/`` (same model, code and lexicons; only new or changed
    documents are parsed, removed ones dropped), ``"fresh"`` starts over, ``"off"`` keeps nothing.
    Finished documents are checkpointed as partitions finish and every ``CHECKPOINT_SECONDS``; Ctrl-C
    raises ``BuildInterrupted`` after the checkpoint is flushed.

    ``base_iri`` (default ``https://kgbuilder.example/``) and ``provenance`` (``"statements"`` or
    ``"none"``) shape the RDF formats; other formats ignore them. ``on_problem`` is called for each
    problem as soon as it is found.

    Bad inputs are reported in ``BuildReport.problems`` and never stop the build. Nothing is written
    when no document could be built (the checkpoint is kept, and files of an earlier build are named
    in a note). Raises, before parsing: ``UnknownFormatError``, ``exports.registry.UnknownOptionError``,
    ``OutputDirError`` (a folder that cannot be created or written), ``manifest.CheckpointBusy``
    (another build writes to ``out_dir``), ``extractors.pipeline.ModelNotFoundError``; and
    ``BuildAborted`` when a worker process or the Dask cluster fails.
    """
    from kgbuilder.malloc import keep_freed_memory

    checkpoint = Checkpointing(checkpoint)
    _check_sizes(batch_size, partition_size)
    out = Path(out_dir)
    writers = plan_writers(formats, out, writer_options(base_iri, provenance))  # bad names fail before any work
    _check_output_dir(out)
    keep_freed_memory()  # forked workers inherit it; Dask workers set it themselves
    session = _Session(paths, glob, exclude, stdin, on_problem, progress)
    engine = engine if engine is not None else parallel.SerialEngine()
    with ExitStack() as stack:
        engines = stack.enter_context(ExitStack())  # closed as soon as the parsing is done
        session.start(engines.enter_context(engine), stack)
        _make_output_dir(out)
        book = _open_checkpoint(stack, session, out, checkpoint, engine)
        graph = _GraphBuild(session, engine, book, batch_size, partition_size or batch_size, name)
        try:
            kg = graph.run(session.groups())
            engines.close()  # the workers are not needed to write the files
            _write(session, kg, writers)
        except KeyboardInterrupt:
            raise _interrupted(book, graph.save_unsaved(quietly=True)) from None
        except (parallel.PartitionFailed, manifest.CodecError) as err:
            raise _aborted(err, book) from getattr(err, "error", err)
    return session.finish()


def _open_checkpoint(stack: ExitStack, session: _Session, out: Path, mode: Checkpointing, engine):
    if mode is Checkpointing.OFF:
        return None
    options = {"model": engine.model_name, "max_length": session.corpus.max_length,
               "code": manifest.extraction_fingerprint()}
    folder = str(out / manifest.CHECKPOINT_DIR)
    book = stack.enter_context(manifest.Checkpoint(out, options, mode is Checkpointing.RESUME,
                                                   on_note=lambda message: session.note(folder, message)))
    if book.restart_reason:
        session.note(str(book.folder), f"earlier results not reused, starting over: {book.restart_reason}")
    return book


def _write(session: _Session, kg: KnowledgeGraph, writers: list[Writer]) -> None:
    report = session.report
    if not report.documents:  # nothing built: leave the files and the checkpoint as they are, and say so
        left = [str(w.path) for w in writers if w.path.exists()]
        if left:
            session.note(left[0], f"nothing was built, so these files are left from an earlier build: "
                                  f"{', '.join(left)}")
        return
    for writer in writers:
        try:
            report.files.append(writer(kg))
        except Exception as err:  # the other formats are still written
            session.problem(Problem(str(writer.path), f"could not write {writer.format} "
                                                      f"({type(err).__name__}: {err})"))


class _GraphBuild:
    """Parse what the checkpoint does not have, merge everything in corpus order, build the graph.

    Documents are taken in corpus order; each is parsed or, when checkpointed, reused. ``slots``
    keeps that order while parsed partitions come back, so the graph is the same whatever was reused.
    """

    def __init__(self, session: _Session, engine, checkpoint, batch_size: int, partition_size: int, name: str,
                 interval: float = CHECKPOINT_SECONDS):
        self.session, self.report, self.engine, self.checkpoint = session, session.report, engine, checkpoint
        self.task = parallel.ExtractTask(batch_size)
        self.partition_size, self.name, self.interval = partition_size, name, interval
        self.per_document = isinstance(engine, parallel.SerialEngine)  # progress per document, else per partition
        self.slots: deque = deque()  # a Group to parse, or the doc_id (str) of a checkpointed document
        self.live: list[str] = []  # every document of the corpus, for the checkpoint's clean-up
        self.unsaved: list[tuple[Group, DocumentResult]] = []  # parsed here, not checkpointed yet
        self.saved: set[int] = set()  # id() of this partition's groups checkpointed already
        self.last_save = time.monotonic()

    def run(self, groups: Iterable[Group]) -> KnowledgeGraph:
        kg = build_graph(self._counted(self._ordered(groups)), name=self.name)
        if self.checkpoint is not None and self.report.documents:  # nothing built: keep the checkpoint
            self.checkpoint.finish(self.live)
        kg.metadata["model"] = self.report.model
        self.report.graph = kg
        self.report.entities = sum(1 for _ in kg.nodes(ENTITY_LAYER))
        self.report.entity_relations = sum(1 for _ in kg.edges(ENTITY_LAYER))
        self.report.claims = len(kg) - self.report.entities
        self.report.relations = kg.number_of_relations
        return kg

    def _todo(self, groups: Iterable[Group]) -> Iterator[Group]:
        for g in groups:
            self.live.append(g.doc_id)
            if self.checkpoint is not None and self.checkpoint.done(*g.key):
                self.slots.append(g.doc_id)
                self.session.bar.advance(g.size, documents=1)
                continue
            self.slots.append(g)
            yield g

    def _ordered(self, groups: Iterable[Group]) -> Iterator[DocumentResult]:
        partitions = parallel.partition(self._todo(groups), self.partition_size, self.session.corpus.total_size,
                                        self.engine.workers)
        for done, results in self.engine.map(self.task, partitions, self._on_done, self._on_result):
            for g, result in zip(done, results):
                while self.slots[0] is not g:
                    yield self._reused(self.slots.popleft())
                self.slots.popleft()
                yield result
            self.session.heap.settle()  # the partition is in the graph
        while self.slots:
            yield self._reused(self.slots.popleft())

    def _reused(self, doc_id) -> DocumentResult:
        if not isinstance(doc_id, str):  # cannot happen: the engine yields partitions in order
            raise RuntimeError(f"document {doc_id.doc_id!r} came back out of order")
        self.report.reused += 1
        return self.checkpoint.load(doc_id)

    def _on_result(self, group: Group, result: DocumentResult) -> None:
        """Per document parsed in this process (the serial engine): progress, and a checkpoint every
        few seconds, so a kill mid-partition loses seconds, not the partition."""
        self.session.bar.advance(group.size, documents=1, parsed=1, words=result.words)
        if result.error:
            self.session.bug(result)
        if self.checkpoint is None:
            return
        self.unsaved.append((group, result))
        if time.monotonic() - self.last_save >= self.interval:
            self.save_unsaved()

    def save_unsaved(self, quietly: bool = False) -> int:
        """Checkpoint what was parsed and not saved yet; the number of documents checkpointed in all.
        ``quietly`` (after Ctrl-C): a failure to save loses those documents, and is not raised."""
        if self.checkpoint is None:
            return 0
        if self.unsaved:
            try:
                self.checkpoint.save([g.key for g, _r in self.unsaved], [r for _g, r in self.unsaved])
            except Exception:
                if not quietly:
                    raise
            self.saved.update(id(g) for g, _r in self.unsaved)
            self.unsaved = []
        self.last_save = time.monotonic()
        return len(self.checkpoint)

    def _on_done(self, groups: list[Group], output) -> list[DocumentResult]:
        """Per partition, as partitions finish (in any order): checkpoint, count."""
        results = parallel.unpack(output)
        if self.checkpoint is not None:
            rest = [(g, r) for g, r in zip(groups, results) if id(g) not in self.saved]
            whole = isinstance(output, bytes) and len(rest) == len(groups)  # as it came from the worker
            self.checkpoint.save([g.key for g, _r in rest], [r for _g, r in rest],
                                 payload=output if whole else None)
            self.unsaved, self.saved, self.last_save = [], set(), time.monotonic()
        for g, result in zip(groups, results):
            self.report.parsed += 1
            self.report.parsed_words += result.words
            if not self.per_document:
                self.session.bar.advance(g.size, documents=1, parsed=1, words=result.words)
                if result.error:
                    self.session.bug(result)
        return results

    def _counted(self, results: Iterator[DocumentResult]) -> Iterator[DocumentResult]:
        for result in results:
            if not result.error:
                self.report.documents += 1
                self.report.sentences += result.sentences
                self.report.words += result.words
            yield result


# ---------------------------------------------------------------------- shards
def build_shards(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike = "out", *, engine=None,
                 checkpoint: Checkpointing | str = Checkpointing.RESUME,
                 shard_size: int = parallel.DEFAULT_SHARD_SIZE, batch_size: int = DEFAULT_BATCH_SIZE,
                 base_iri: str | None = None, provenance: str | None = None,
                 glob: Iterable[str] | str | None = None, exclude: Iterable[str] | str | None = None, stdin=None,
                 on_problem: Callable[[Problem], None] | None = None, progress: bool = True,
                 name: str = GRAPH_NAME) -> BuildReport:
    """For graphs too big for memory: each partition's graph (resolved on its own) as N-Triples in
    ``out_dir/shards/``, for a triple store to bulk-load (``kgbuilder load OUT/shards/``).

    Partitions hold about ``shard_size`` documents, cut where the document ids say
    (``parallel.partition_stable``), so a re-run rebuilds only the shards whose documents changed; the
    manifest in ``out_dir/.kgbuilder/`` is what says so (``checkpoint`` is ``"resume"`` or ``"fresh"``).
    The other arguments and the exceptions are those of ``build``.
    """
    from kgbuilder.malloc import keep_freed_memory

    checkpoint = Checkpointing(checkpoint)
    if checkpoint is Checkpointing.OFF:
        raise ValueError("a shards build keeps its manifest in OUT/.kgbuilder/: checkpoint must be resume or fresh")
    _check_sizes(batch_size, shard_size)
    out = Path(out_dir)
    options = writer_options(base_iri, provenance)
    _check_output_dir(out)
    keep_freed_memory()
    session = _Session(paths, glob, exclude, stdin, on_problem, progress)
    engine = engine if engine is not None else parallel.SerialEngine()
    with ExitStack() as stack:
        session.start(stack.enter_context(engine), stack)
        _make_output_dir(out)
        book = stack.enter_context(manifest.ShardManifest(out, {
            "model": engine.model_name, "max_length": session.corpus.max_length,
            "code": manifest.extraction_fingerprint(manifest.SHARD_CODE), "partition_size": shard_size, **options},
            checkpoint is Checkpointing.RESUME))
        if book.restart_reason:
            session.note(str(book.folder), f"earlier results not reused, starting over: {book.restart_reason}")
        shards = _ShardBuild(session, engine, book, parallel.ShardTask(batch_size, str(book.shard_dir.resolve()),
                                                                       name, options))
        try:
            shards.run(parallel.partition_stable(session.groups(), shard_size))
        except KeyboardInterrupt:
            raise _interrupted(book, sum(len(line["documents"]) for line in book.lines)) from None
        except parallel.PartitionFailed as err:
            raise _aborted(err, book) from err.error
    return session.finish()


class _ShardBuild:
    """Write the shards of the partitions the manifest does not have; count everything."""

    def __init__(self, session: _Session, engine, book, task):
        self.session, self.report, self.engine, self.book, self.task = session, session.report, engine, book, task
        self.per_document = isinstance(engine, parallel.SerialEngine)
        self.live: list[str] = []

    def run(self, partitions: Iterable[list[Group]]) -> None:
        for _ in self.engine.map(self.task, self._todo(partitions), self._on_done, self._on_result):
            pass
        self.book.finish(self.live)
        if self.live:
            self.report.files.append(self.book.shard_dir)

    def _todo(self, partitions: Iterable[list[Group]]) -> Iterator[list[Group]]:
        for groups in partitions:
            shard = self.book.name_for([g.key for g in groups])
            self.live.append(shard)
            if self.book.has(shard):
                self._count(self.book.shards[shard]["stats"], reused=True)
                self.session.bar.advance(sum(g.size for g in groups), documents=len(groups))
                continue
            yield groups

    def _count(self, stats: dict, reused: bool) -> None:
        report = self.report
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

    def _on_result(self, group: Group, result: DocumentResult) -> None:
        self.session.bar.advance(group.size, documents=1, parsed=1, words=result.words)

    def _on_done(self, groups: list[Group], output) -> dict:
        stats = parallel.unpack(output)
        self.book.record(stats["shard"], [g.key for g in groups], stats)
        self._count(stats, reused=False)
        if not self.per_document:
            self.session.bar.advance(sum(g.size for g in groups), documents=len(groups), parsed=len(groups),
                                     words=stats["words"])
        for doc_id, error in stats["errors"]:
            self.session.problem(Problem(doc_id, f"{error}; this is a kgbuilder bug, please report it with "
                                                 "the document"))
        return stats


# ---------------------------------------------------------------------- in memory
def build_graph_from_texts(texts_or_pairs: str | Iterable[str] | Iterable[tuple[str, str]],
                           model: str | None = None, nlp=None, batch_size: int = DEFAULT_BATCH_SIZE,
                           name: str = GRAPH_NAME) -> KnowledgeGraph:
    """The knowledge graph of some texts, in memory (for notebooks and tests).

    Accepts one string, strings (ids ``doc1``, ``doc2``, ...) or ``(doc_id, text)`` pairs. Long texts
    are parsed in parts. A text that is not valid Unicode (``ValueError``) or an extraction error
    (``RuntimeError``) is raised, not skipped.
    """
    if nlp is None:
        from kgbuilder.extractors.pipeline import load_pipeline

        nlp = load_pipeline(model)
    if isinstance(texts_or_pairs, str):
        texts_or_pairs = [texts_or_pairs]
    part_length = min(nlp.max_length, PART_CHARACTERS)

    def documents() -> Iterator[Document]:
        for number, item in enumerate(texts_or_pairs, start=1):
            doc_id, text = (f"doc{number}", item) if isinstance(item, str) else item
            why = text_problem(text)
            if why:
                raise ValueError(f"{doc_id}: the text {why}")
            yield from split_document(str(doc_id), text, part_length)

    def checked(results: Iterator[DocumentResult]) -> Iterator[DocumentResult]:
        for result in results:
            if result.error:
                raise RuntimeError(f"{result.doc_id}: {result.error}")
            yield result

    return build_graph(checked(iter_results(nlp, documents(), batch_size)), name=name)
