"""Where documents are parsed: in this process, in a pool of forked processes, or on Dask workers.

The corpus is cut into *partitions* (lists of whole documents, in corpus order). An engine runs a
task over each partition where the model is and hands the outputs back **in partition order**, so
the caller merges them exactly as a single process would (entity resolution depends on the order):

    engine.map(task, partitions, on_done) -> (partition, on_done(partition, output)), in order

``on_done`` runs in this process as soon as a partition finishes, in whatever order they finish (the
build checkpoints there), and at most ``window`` partitions are in flight, so memory holds a few
partitions of text whatever the corpus size.

Engines (``engine_for`` picks one from the ``--processes``/``--dask`` options; each loads the model when
entered and then says which it is, ``model_name``, and how much it parses at once, ``max_length``):

- ``SerialEngine``: this process, ``nlp.pipe`` over each partition.
- ``PoolEngine`` (``--processes N``): N forked worker processes that inherit the loaded pipeline, each
  parsing *and* extracting; they return ``DocumentResult`` lists as bytes, far smaller than the Docs
  spaCy's own ``n_process`` would ship back to be extracted here.
- ``DaskEngine`` (``--dask local`` or ``--dask tcp://HOST:PORT``): the same task on Dask workers; each
  worker loads the pipeline once (``extractors.pipeline.load_pipeline`` is cached per process), when
  the engine starts. ``local`` starts a ``LocalCluster`` of N single-threaded worker processes on
  127.0.0.1; for a cluster of your own, start single-threaded workers (``dask worker ADDRESS
  --nthreads 1 --nworkers N``): one spaCy pipeline per process, parsing one partition at a time. A
  worker that dies is replaced by its nanny and Dask runs its partition again elsewhere.

Tasks:

- ``ExtractTask``: parse and extract a partition; output: its ``DocumentResult`` list (as bytes from
  a worker: ``kgbuilder.codec.dump_results``, written to the checkpoint as it came).
- ``ShardTask`` (``--shards``): parse, extract, resolve and assemble the partition's own graph and write
  it as N-Triples to ``OUT/shards/part-<hash>.nt``; output: counts. Entity resolution is then per
  partition: a surname alone joins a full name only within its partition, and a node's mention
  count and aliases are the partition's (a store that loads every shard sees one value per shard).
  Entity ids come from canonical labels, so the same entity has the same IRI in every shard and a
  triple store merges them when it bulk-loads the folder. On Dask the workers write the shard files
  themselves, so OUT must be on a file system the workers share.
"""
from __future__ import annotations

import gc
import hashlib
import os
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from kgbuilder.codec import dump_results, load_results
from kgbuilder.corpus import Document
from kgbuilder.extraction import iter_results, runs_of_parts
from kgbuilder.graph.model import DocumentResult
from kgbuilder.manifest import content_hash

#: Documents per shard (on average: shard boundaries depend on the document ids, see partition_stable).
DEFAULT_SHARD_SIZE = 512
#: Bytes of text per partition at most (~4 s of parsing on one core): a worker's results come back
#: whole, so this bounds the work an interrupted or killed build loses and the text held in flight.
PARTITION_BYTES = 64_000


# ---------------------------------------------------------------------- documents and partitions
@dataclass(slots=True)
class Group:
    """One whole document: its parts (one unless it was split) and its content hash."""

    doc_id: str
    parts: list[Document]
    digest: str
    size: int  # bytes in the input, for progress

    @property
    def key(self) -> tuple[str, str]:
        return self.doc_id, self.digest


def group_documents(documents: Iterable[Document]) -> Iterator[Group]:
    """Gather the parts of each document (the corpus yields them one after another)."""
    return (_group(parts) for parts in runs_of_parts(documents, lambda d: d))


def _group(parts: list[Document]) -> Group:
    return Group(parts[0].doc_id, parts, content_hash(p.text for p in parts), sum(p.size for p in parts))


def partition(groups: Iterable[Group], size: int, total_bytes: int | None = None,
              workers: int = 1, max_bytes: int = PARTITION_BYTES) -> Iterator[list[Group]]:
    """Consecutive runs of at most ``size`` documents and (unless one document is bigger) ``max_bytes``.

    With several workers and a known corpus size, partitions shrink near the end of the corpus (a
    partition never holds more than 1/(2 x workers) of the bytes still to come), so the workers
    finish together instead of one parsing a last big partition while the others wait.
    """
    batch: list[Group] = []
    batch_bytes = seen = 0
    taper = bool(total_bytes) and workers > 1
    for g in groups:
        batch.append(g)
        batch_bytes += g.size
        seen += g.size
        if (len(batch) >= size or batch_bytes >= max_bytes
                or (taper and batch_bytes * 2 * workers >= total_bytes - seen + batch_bytes)):
            yield batch
            batch = []
            batch_bytes = 0
    if batch:
        yield batch


def partition_stable(groups: Iterable[Group], size: int) -> Iterator[list[Group]]:
    """Runs of about ``size`` documents whose boundaries depend only on the documents around them.

    A partition ends after a document whose id hashes to 0 modulo ``size`` (content-defined
    chunking) once it holds ``size // 4`` documents, and at ``3 * size`` documents in any case.
    Adding or changing documents therefore changes only the partitions they fall in (and at most
    the next one), and a re-run of a ``--shards`` build rebuilds only those shards.
    """
    batch: list[Group] = []
    least = max(1, size // 4)
    for g in groups:
        batch.append(g)
        cut = int.from_bytes(hashlib.blake2b(g.doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                             "little") % size == 0
        if (cut and len(batch) >= least) or len(batch) >= 3 * size:
            yield batch
            batch = []
    if batch:
        yield batch


# ---------------------------------------------------------------------- tasks
def _results(nlp, groups: Sequence[Group], batch_size: int,
             on_result: Callable[[Group, DocumentResult], None] | None = None) -> list[DocumentResult]:
    """Parse and extract the documents of a partition: one result per group, in order."""
    parts = [p for g in groups for p in g.parts]
    out: list[DocumentResult] = []
    for group, result in zip(groups, iter_results(nlp, parts, batch_size)):
        if result.doc_id != group.doc_id:  # cannot happen: iter_results yields one result per document
            raise RuntimeError(f"result for {result.doc_id!r} where {group.doc_id!r} was expected")
        out.append(result)
        if on_result is not None:
            on_result(group, result)
    return out


@dataclass(frozen=True)
class ExtractTask:
    """Parse and extract; the output is the list of results (``codec`` bytes when it travels)."""

    batch_size: int

    def run(self, nlp, groups: Sequence[Group], on_result=None) -> list[DocumentResult]:
        return _results(nlp, groups, self.batch_size, on_result)


@dataclass(frozen=True)
class ShardTask:
    """Parse, extract, build the partition's graph and write it as one N-Triples shard."""

    batch_size: int
    shard_dir: str
    name: str = "kgbuilder graph"
    options: dict = field(default_factory=dict)  # writer options (base_iri, provenance)

    def run(self, nlp, groups: Sequence[Group], on_result=None) -> dict:
        from kgbuilder.exports import registry
        from kgbuilder.graph.builder import build_graph
        from kgbuilder.manifest import ShardManifest

        results = _results(nlp, groups, self.batch_size, on_result)
        shard = ShardManifest.name_for([g.key for g in groups])
        good = [r for r in results if not r.error]
        stats = {"documents": len(good), "sentences": sum(r.sentences for r in good),
                 "words": sum(r.words for r in good), "triples": sum(len(r.triples) for r in good),
                 "entities": 0, "relations": 0,
                 "errors": [[r.doc_id, r.error] for r in results if r.error]}
        kg = build_graph(good, name=self.name)
        stats["entities"] = kg.graph.number_of_nodes()
        stats["relations"] = kg.graph.number_of_edges()
        registry.get_format("ntriples").write(kg, Path(self.shard_dir) / shard, **self.options)
        stats["shard"] = shard
        return stats


# ---------------------------------------------------------------------- the ordered window
class PartitionFailed(RuntimeError):
    """A partition could not be run (a worker died, the cluster went away): not a document's fault."""

    def __init__(self, groups: Sequence[Group], error: BaseException):
        first = groups[0].doc_id if groups else "?"
        what = f"{len(groups)} document{'s' * (len(groups) != 1)} (from {first})"
        if type(error).__name__ == "BrokenProcessPool":
            message = f"a worker process died while parsing {what} (killed? out of memory?)"
        else:
            message = f"parsing {what} failed: {type(error).__name__}: {str(error).rstrip('.')}"
        super().__init__(message)
        self.error = error


def _ordered(submit: Callable, wait_any: Callable, partitions: Iterable[list[Group]], window: int,
             on_done: Callable) -> Iterator[tuple[list[Group], object]]:
    """Keep ``window`` partitions in flight; call ``on_done`` as each finishes; yield in order."""
    pending: deque = deque()  # (partition, future), in submission order
    finished: dict[int, object] = {}  # id(future) -> on_done's value, until it is yielded
    source = iter(partitions)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            try:
                groups = next(source)
            except StopIteration:
                exhausted = True
                break
            pending.append((groups, submit(groups)))
        if not pending:
            return
        waiting = [(groups, future) for groups, future in pending if id(future) not in finished]
        if waiting:
            done = wait_any([future for _, future in waiting])
            for groups, future in waiting:
                if future in done:
                    try:
                        output = future.result()
                    except Exception as err:
                        raise PartitionFailed(groups, err) from err
                    finished[id(future)] = on_done(groups, output)
        while pending and id(pending[0][1]) in finished:
            groups, future = pending.popleft()
            yield groups, finished.pop(id(future))


# ---------------------------------------------------------------------- engines
def engine_for(processes: int = 1, dask: str | None = None, model: str | None = None, nlp=None):
    """The engine the options ask for: Dask workers when ``dask`` is given (``"local"`` or a scheduler
    address, with ``processes`` local workers), else a pool of ``processes`` forked processes when it
    is more than one, else this process. ``nlp``: an already loaded pipeline (not for Dask)."""
    if processes < 1:
        raise ValueError("processes must be at least 1")
    if dask:
        if nlp is not None:
            raise ValueError("Dask workers load the pipeline themselves: pass model=NAME, not nlp")
        return DaskEngine(dask, model, processes)
    if processes > 1:
        return PoolEngine(processes, nlp=nlp, model=model)
    return SerialEngine(nlp=nlp, model=model)


def _describe(nlp) -> str:
    try:
        from kgbuilder.extractors.pipeline import pipeline_name

        return pipeline_name(nlp)
    except Exception:  # a stand-in pipeline without spaCy's meta
        return ""


class _LocalEngine:
    """Shared by the engines that parse with a pipeline loaded in this process (forked workers inherit it)."""

    workers = 1

    def __init__(self, nlp=None, model: str | None = None):
        self.nlp = nlp
        self.model = model
        self.model_name = ""
        self.max_length = 0

    def _load(self) -> None:
        if self.nlp is None:
            from kgbuilder.extractors.pipeline import load_pipeline

            self.nlp = load_pipeline(self.model)
        self.model_name, self.max_length = _describe(self.nlp), self.nlp.max_length


class SerialEngine(_LocalEngine):
    """Everything in this process."""

    def __enter__(self):
        self._load()
        return self

    def __exit__(self, *exc):
        return None

    def map(self, task, partitions: Iterable[list[Group]], on_done: Callable,
            on_result: Callable[[Group, DocumentResult], None] | None = None):
        for groups in partitions:
            output = task.run(self.nlp, groups, on_result)
            yield groups, on_done(groups, output)


# The pool's workers are forked from this process: they inherit the loaded pipeline (and, in tests,
# whatever extractor stands in for the real one) through this global, set just before the fork.
_FORKED_NLP = None


def _init_forked_worker(parent: int) -> None:
    # Ctrl-C goes to the whole process group: the parent handles it and stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What the worker inherits (the loaded pipeline above all) lives as long as it does: its full
    # collections need not walk it (the parent's FrozenHeap starts after the fork).
    gc.freeze()

    def watch():  # a worker whose parent was killed (SIGKILL) exits instead of waiting forever
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="kgbuilder-parent-watch").start()


def _pack(output):
    """A task's output for the trip back: results as ``codec`` bytes (written to the checkpoint as
    they come), anything else (a shard's counts) as it is."""
    return dump_results(output) if isinstance(output, list) else output


def unpack(output):
    """What ``_pack`` made, back (outputs of tasks run in this process pass through)."""
    return load_results(output) if isinstance(output, bytes) else output


def _run_forked(task, groups: list[Group]):
    return _pack(task.run(_FORKED_NLP, groups))


def _noop() -> int:
    return os.getpid()


class PoolEngine(_LocalEngine):
    """N forked processes that parse and extract; results come back as bytes, in order."""

    def __init__(self, processes: int, nlp=None, model: str | None = None, window: int | None = None):
        super().__init__(nlp, model)
        self.workers = processes
        self.window = window or 2 * processes
        self._pool = None

    def __enter__(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, wait

        global _FORKED_NLP
        self._load()  # before the fork: the workers inherit the loaded pipeline
        _FORKED_NLP = self.nlp
        self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                         initializer=_init_forked_worker, initargs=(os.getpid(),))
        # fork every worker now, before this process starts threads of its own (progress bars)
        wait([self._pool.submit(_noop) for _ in range(self.workers)])
        return self

    def __exit__(self, *exc):
        global _FORKED_NLP
        pool, self._pool = self._pool, None
        _FORKED_NLP = None
        if pool is None:
            return None
        if exc[0] is not None:  # stop now: the workers ignore SIGINT and would finish their partitions first
            for process in list(getattr(pool, "_processes", {}).values()):
                try:
                    process.terminate()
                except Exception:
                    pass
        pool.shutdown(wait=True, cancel_futures=True)
        return None

    def map(self, task, partitions, on_done, on_result=None):
        from concurrent.futures import FIRST_COMPLETED, wait

        return _ordered(lambda groups: self._pool.submit(_run_forked, task, groups),
                        lambda futures: wait(futures, return_when=FIRST_COMPLETED).done,
                        partitions, self.window, on_done)


def _dask_model_info(model: str | None) -> tuple[str, int]:
    """On a worker: load the pipeline (once per worker process) and describe it."""
    from kgbuilder.extractors.pipeline import load_pipeline, pipeline_name

    nlp = load_pipeline(model)
    return pipeline_name(nlp), nlp.max_length


def _run_dask(task, model: str | None, groups: list[Group]):
    from kgbuilder.extractors.pipeline import load_pipeline
    from kgbuilder.malloc import keep_freed_memory

    keep_freed_memory()  # once per worker process (it parses only here)

    return _pack(task.run(load_pipeline(model), groups))


class DaskUnavailable(RuntimeError):
    """Dask is not installed or the scheduler cannot be reached."""


class DaskEngine:
    """Partitions on Dask workers: ``address`` is ``"local"`` (a LocalCluster of ``processes``
    single-threaded worker processes on 127.0.0.1) or a scheduler address like ``tcp://host:8786``."""

    def __init__(self, address: str, model: str | None, processes: int = 2, window: int | None = None,
                 timeout: float = 30):
        self.address = address
        self.model = model
        self.processes = processes
        self._window = window
        self.timeout = timeout
        self.client = None
        self.cluster = None
        self.workers = processes
        self.model_name = ""
        self.max_length = 0

    def __enter__(self):
        try:
            from distributed import Client
        except ImportError:
            raise DaskUnavailable("Dask is not installed: pip install 'dask[distributed]' "
                                  "(or pip install 'kgbuilder[dask]')") from None
        try:
            self.client = self._local_client() if self.address == "local" else Client(self.address,
                                                                                     timeout=self.timeout)
        except (OSError, TimeoutError) as err:
            self.__exit__(None, None, None)
            raise DaskUnavailable(f"cannot reach the Dask scheduler at {self.address} ({err}); "
                                  "start one with `dask scheduler` and workers with `dask worker ADDRESS`, "
                                  "or pass --dask local") from None
        try:
            self.client.wait_for_workers(1, timeout=self.timeout)
            # load the pipeline on every worker now (once per worker process) and read what it is
            info = self.client.run(_dask_model_info, self.model)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        names = sorted(set(info.values()))
        if len(names) > 1:
            self.__exit__(None, None, None)
            raise DaskUnavailable(f"the Dask workers run different pipelines: {names}; "
                                  "install the same spaCy pipeline on every worker")
        self.workers = len(info)
        self.model_name, self.max_length = names[0]
        return self

    def _local_client(self):
        import logging

        from distributed import Client, LocalCluster

        self.cluster = LocalCluster(n_workers=self.processes, threads_per_worker=1, processes=True,
                                    host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
        return Client(self.cluster, timeout=self.timeout)

    @property
    def window(self) -> int:
        return self._window or 2 * max(1, self.workers)

    def __exit__(self, *exc):
        client, cluster = self.client, self.cluster
        self.client = self.cluster = None
        for closable in (client, cluster):
            if closable is not None:
                try:
                    closable.close()
                except Exception:
                    pass
        return None

    def map(self, task, partitions, on_done, on_result=None):
        from distributed import wait

        def submit(groups):
            return self.client.submit(_run_dask, task, self.model, groups, pure=False)

        return _ordered(submit, lambda futures: wait(futures, return_when="FIRST_COMPLETED").done,
                        partitions, self.window, on_done)
