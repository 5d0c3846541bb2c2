"""Resume: what a build has finished, kept in the output folder so an interrupted run picks up where it stopped.

Layout of ``OUT/.kgbuilder/``::

    manifest.jsonl        one JSON object a line; the first line is the header (format, options)
    results-000001.pkl    the DocumentResults of one batch of finished documents (``dump_results``)
    lock                  held (flock) while a build writes to OUT, so two builds never mix

Every batch line of the manifest names its batch file and its documents as
``[doc_id, content hash, status, position in the batch]``, status ``"done"`` or ``"failed"``::

    {"kgbuilder_checkpoint": 1, "mode": "graph", "options": {"model": "en_core_web_sm-3.8.0", ...}}
    {"batch": "results-000001.pkl", "documents": [["a.txt", "5f0c...", "done", 0], ...]}

How it stays consistent when the process is killed at any instant: a batch file is written to a temp
file and renamed into place (``write_atomic``), *then* its manifest line is appended with one
``write`` call. A batch file that no line names (killed between the two steps) is an orphan and is
deleted; a line is trusted only when its batch file exists. Nothing is ever rewritten in place: when
the manifest is compacted it is rewritten whole to a temp file and renamed.

What is reused: a document whose id and content hash (BLAKE2b of its text) match a ``done`` entry,
when the options that shape extraction (model name and version, the extractor code, the pipeline's
max length) are the same. Changed text means the document is parsed again; a document no longer in
the corpus is dropped from the graph and, at the end of a successful run, from the checkpoint.
Failed documents are tried again. When the options differ the checkpoint is discarded and the
build starts over (the report says why).

``--shards`` builds use the same manifest with ``mode: "shards"``: one line per partition, naming
its N-Triples file in ``OUT/shards/`` (see ``kgbuilder.parallel``).
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from kgbuilder.graph.knowledge_graph import write_atomic
from kgbuilder.graph.model import DocumentResult

CHECKPOINT_DIR = ".kgbuilder"
MANIFEST = "manifest.jsonl"
LOCK = "lock"
#: Bumped when the layout of the checkpoint changes; an older checkpoint is then started over.
FORMAT = 1
DONE, FAILED = "done", "failed"
_BATCH = re.compile(r"results-(\d{6,})\.pkl")
#: Temp files left by an atomic write that was killed: ``.NAME.XXXXXXXX.tmp`` (graph.knowledge_graph).
_TEMP = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


# ---------------------------------------------------------------------- results as bytes
# DocumentResults cross process boundaries (pool and Dask workers) and go to checkpoint files. Pickling
# the frozen slots dataclasses of graph.model runs their Python-level __getstate__/__setstate__ per
# object; nested tuples of plain values pickle about 4x faster and load 2x faster. The codec is written
# for the fields graph.model has today: when they change it steps aside (plain pickle) until updated.
_CODEC = ("kgbuilder-results", 1)
_FIELDS = {
    "Mention": ("text", "label", "start_char", "end_char", "kind", "resolved"),
    "Provenance": ("doc_id", "sentence_index", "sentence", "start_char", "end_char"),
    "Triple": ("subject", "relation", "object", "confidence", "provenance", "extractor", "negated", "surface",
               "modality"),
    "DocumentResult": ("doc_id", "triples", "mentions", "attributes", "sentences", "words", "error"),
}


def _codec_fits() -> bool:
    import dataclasses

    from kgbuilder.graph import model

    return all(tuple(f.name for f in dataclasses.fields(getattr(model, name))) == names
               for name, names in _FIELDS.items())


_FAST = _codec_fits()


def dump_results(results: Sequence[DocumentResult]) -> bytes:
    """``results`` as bytes for a checkpoint file or a trip between processes (``load_results`` reads them)."""
    if not _FAST:
        return pickle.dumps(list(results), protocol=pickle.HIGHEST_PROTOCOL)
    from operator import attrgetter

    mention = attrgetter(*_FIELDS["Mention"])
    place = attrgetter(*_FIELDS["Provenance"])
    encoded = [(r.doc_id,
                [(mention(t.subject), t.relation, mention(t.object), t.confidence, place(t.provenance),
                  t.extractor, t.negated, t.surface, t.modality) for t in r.triples],
                [mention(m) for m in r.mentions],
                [(mention(m), key, value) for m, key, value in r.attributes],
                r.sentences, r.words, r.error) for r in results]
    return pickle.dumps((_CODEC, encoded), protocol=pickle.HIGHEST_PROTOCOL)


def load_results(data: bytes) -> list[DocumentResult]:
    """The DocumentResults ``dump_results`` wrote (or a plain pickled list of them)."""
    return decode_results(pickle.loads(data))


def is_encoded(loaded) -> bool:
    return isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == _CODEC


def decode_results(loaded) -> list[DocumentResult]:
    """Unpickled ``dump_results`` data -> DocumentResults."""
    if isinstance(loaded, list):
        return loaded
    if not is_encoded(loaded) or not _FAST:
        raise ValueError("results written by another version of kgbuilder; build again with --fresh")
    encoded = loaded[1]
    from kgbuilder.graph.model import Mention, Provenance, Triple

    return [DocumentResult(doc_id,
                           [Triple(Mention(*s), rel, Mention(*o), conf, Provenance(*p), ex, neg, surface, modality)
                            for s, rel, o, conf, p, ex, neg, surface, modality in triples],
                           [Mention(*m) for m in mentions],
                           [(Mention(*m), key, value) for m, key, value in attributes],
                           sentences, words, error)
            for doc_id, triples, mentions, attributes, sentences, words, error in encoded]


class CheckpointBusy(RuntimeError):
    """Another build is writing to the same output folder."""


def content_hash(texts: str | Iterable[str]) -> str:
    """The hash that says a document changed: BLAKE2b-128 of its text (the parts of a split
    document hash like the whole text)."""
    h = hashlib.blake2b(digest_size=16)
    for text in [texts] if isinstance(texts, str) else texts:
        h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


#: What extraction results depend on, besides the model: their code and data.
EXTRACTION_CODE = ("extractors", "graph/model.py",
                   # the name and relation knowledge the extractors read (titles, types, schema)
                   "graph/names.py", "graph/entity_types.py", "graph/schema.py", "graph/data")
#: What a shard depends on besides that: resolution, graph assembly and the RDF writer.
SHARD_CODE = (*EXTRACTION_CODE, "graph", "exports/rdf.py")


def code_fingerprint(paths: Sequence[str] = EXTRACTION_CODE) -> str:
    """A hash of the code and data files under ``paths`` (relative to the repository): results
    computed by other code are never reused."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.blake2b(digest_size=12)
    files: set[Path] = set()
    for rel in paths:
        base = root / rel
        if base.is_dir():
            files.update(p for p in base.rglob("*") if p.is_file() and p.suffix in (".py", ".json"))
        elif base.is_file():
            files.add(base)
    for path in sorted(files):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        h.update(path.relative_to(root).as_posix().encode())
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def remove_temp_files(folder: Path) -> list[Path]:
    """Delete the temp files of atomic writes that were killed before their rename (only call this
    while holding the lock: nobody else is writing)."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if _TEMP.fullmatch(name):
            path = folder / name
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                pass
    return removed


class _Lock:
    """An exclusive flock on OUT/.kgbuilder/lock, released when the process ends (even by SIGKILL)."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, the rest still works
            return
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self.fd)
            self.fd = None
            raise CheckpointBusy(f"another kgbuilder build is writing to {self.path.parent.parent}; "
                                 "wait for it to finish or pass another -o folder") from None

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the flock
            self.fd = None


class Manifest:
    """The append-only manifest file and the folder it lives in (shared by graph and shard builds)."""

    def __init__(self, out_dir: str | os.PathLike, mode: str, options: dict, resume: bool = True):
        self.out = Path(out_dir)
        self.folder = self.out / CHECKPOINT_DIR
        self.path = self.folder / MANIFEST
        self.mode = mode
        self.options = dict(options)
        self.resume = resume
        #: why earlier work was not reused ("" when it was, or when there was none)
        self.restart_reason = ""
        self.lines: list[dict] = []  # the batch lines kept from an earlier run
        self._lock = _Lock(self.folder / LOCK)
        self._fd: int | None = None

    def header(self) -> dict:
        return {"kgbuilder_checkpoint": FORMAT, "mode": self.mode, "options": self.options}

    # ------------------------------------------------------------------ opening
    def open(self) -> "Manifest":
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock.acquire()
        try:
            remove_temp_files(self.folder)
            remove_temp_files(self.out)
            old_header, lines = self._read()
            if old_header is not None and self.resume:
                if old_header != self.header():
                    self.restart_reason = _difference(old_header, self.header())
                else:
                    self.lines = lines
            self.lines = self.accept(self.lines)
            self._rewrite(self.lines)
            self.discard_unlisted()
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        except BaseException:
            self._lock.release()
            raise
        return self

    def _read(self) -> tuple[dict | None, list[dict]]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None, []
        header, lines = None, []
        for number, line in enumerate(raw.split(b"\n")):
            try:
                record = json.loads(line)
            except ValueError:  # a torn last line (power loss) or garbage: ignored
                continue
            if not isinstance(record, dict):
                continue
            if number == 0:
                header = record
            else:
                lines.append(record)
        return header, lines

    def accept(self, lines: list[dict]) -> list[dict]:
        """The lines of an earlier run that can be kept (subclasses check their files exist)."""
        return lines

    def discard_unlisted(self) -> None:
        """Delete files the manifest does not name (subclasses)."""

    def _rewrite(self, lines: Sequence[dict]) -> None:
        text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in [self.header(), *lines])
        write_atomic(self.path, text)

    # ------------------------------------------------------------------ writing
    def append(self, record: dict) -> None:
        """Add one line with a single write (a line is never half there after a kill)."""
        data = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8", "surrogatepass")
        if self._fd is None:
            raise RuntimeError("the manifest is not open")
        written = os.write(self._fd, data)
        if written != len(data):  # a full disk: the line would be torn; say so rather than go on
            raise OSError(f"{self.path}: short write ({written} of {len(data)} bytes); is the disk full?")
        os.fsync(self._fd)

    def compact(self, lines: Sequence[dict]) -> None:
        """Rewrite the manifest with only ``lines`` (atomically) and keep appending after them."""
        self._rewrite(lines)
        self.lines = list(lines)
        if self._fd is not None:
            os.close(self._fd)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        self.discard_unlisted()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        self._lock.release()

    def __enter__(self):
        return self.open()

    def __exit__(self, *exc):
        self.close()


def _difference(old: dict, new: dict) -> str:
    if old.get("kgbuilder_checkpoint") != new.get("kgbuilder_checkpoint"):
        return "the checkpoint was written by another version of kgbuilder"
    if old.get("mode") != new.get("mode"):
        return f"the earlier run was a {old.get('mode')} build, this one is a {new.get('mode')} build"
    old_options, new_options = old.get("options") or {}, new.get("options") or {}
    changed = sorted(k for k in set(old_options) | set(new_options) if old_options.get(k) != new_options.get(k))
    what = {"model": "the spaCy pipeline", "code": "the extraction code", "max_length": "the pipeline's max length"}
    return "changed since the earlier run: " + ", ".join(what.get(k, k) for k in changed)


@dataclass(frozen=True, slots=True)
class _Entry:
    batch: str
    position: int
    digest: str


class Checkpoint(Manifest):
    """Finished documents of a graph build, reusable by the next run.

        with Checkpoint(out, options) as cp:
            if cp.done(doc_id, digest): result = cp.load(doc_id)
            ... cp.save([(doc_id, digest)], results)   # as batches finish
            cp.finish(live_ids)                          # after a complete run
    """

    def __init__(self, out_dir, options: dict, resume: bool = True):
        super().__init__(out_dir, "graph", options, resume)
        self.entries: dict[str, _Entry] = {}
        self._next = 1
        self._cache: OrderedDict[str, list] = OrderedDict()

    def accept(self, lines):
        kept = []
        for record in lines:
            batch = record.get("batch")
            if not isinstance(batch, str) or not _BATCH.fullmatch(batch) or not (self.folder / batch).is_file():
                continue
            docs = record.get("documents") or []
            kept.append({"batch": batch, "documents": docs})
            for doc_id, digest, status, position in docs:
                if status == DONE:
                    self.entries[doc_id] = _Entry(batch, position, digest)
                else:  # a later failure supersedes an earlier success of the same id
                    self.entries.pop(doc_id, None)
        return kept

    def discard_unlisted(self) -> None:
        listed = {record["batch"] for record in self.lines}
        numbers = [0]
        for name in os.listdir(self.folder):
            match = _BATCH.fullmatch(name)
            if not match:
                continue
            if name in listed:
                numbers.append(int(match.group(1)))
            else:
                try:
                    (self.folder / name).unlink()
                except OSError:
                    pass
        self._next = max(self._next, max(numbers) + 1)

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        return len(self.entries)

    def done(self, doc_id: str, digest: str) -> bool:
        entry = self.entries.get(doc_id)
        return entry is not None and entry.digest == digest

    def load(self, doc_id: str) -> DocumentResult:
        """The checkpointed result of a document (batch files are read whole; the last few are cached)."""
        entry = self.entries[doc_id]
        batch = self._cache.get(entry.batch)
        if batch is None:
            batch = load_results((self.folder / entry.batch).read_bytes())
            self._cache[entry.batch] = batch
            while len(self._cache) > 4:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(entry.batch)
        result = batch[entry.position]
        if result.doc_id != doc_id:
            raise ValueError(f"{self.folder / entry.batch}: entry {entry.position} is {result.doc_id!r}, "
                             f"not {doc_id!r}; delete {self.folder} (or pass --fresh) and build again")
        return result

    # ------------------------------------------------------------------ writing
    def save(self, documents: Sequence[tuple[str, str]], results: Sequence[DocumentResult] | None = None,
             payload: bytes | None = None) -> None:
        """Persist one batch: ``documents`` are (doc_id, digest) in the order of ``results``.

        ``payload`` is the pickled list of results when the caller has it already (from a worker),
        so it is written as it came, without pickling again.
        """
        if not documents:
            return
        if payload is None:
            if results is None:
                raise ValueError("save needs results or payload")
            payload = dump_results(results)
        elif results is None:
            results = load_results(payload)
        name = f"results-{self._next:06d}.pkl"
        self._next += 1
        write_atomic(self.folder / name, payload)
        docs = [[doc_id, digest, FAILED if result.error else DONE, position]
                for position, ((doc_id, digest), result) in enumerate(zip(documents, results))]
        self.append({"batch": name, "documents": docs})
        self.lines.append({"batch": name, "documents": docs})
        for doc_id, digest, status, position in docs:
            if status == DONE:
                self.entries[doc_id] = _Entry(name, position, digest)

    def finish(self, live: Iterable[str]) -> None:
        """After a complete run: keep only the entries of ``live`` documents, delete unused batch files."""
        live = set(live)
        lines = []
        for record in self.lines:
            docs = [d for d in record["documents"] if d[2] == DONE and d[0] in live
                    and self.entries.get(d[0]) == _Entry(record["batch"], d[3], d[1])]
            if docs:
                lines.append({"batch": record["batch"], "documents": docs})
        self.entries = {doc_id: e for doc_id, e in self.entries.items() if doc_id in live}
        self._cache.clear()
        self.compact(lines)


class ShardManifest(Manifest):
    """The partitions of a ``--shards`` build: one line per N-Triples file in ``OUT/shards/``.

    A shard is named by a hash of its documents' ids and content hashes, so an unchanged partition
    keeps its name and is not built again; a shard file that no line names is deleted.
    """

    SHARD = re.compile(r"part-[0-9a-f]{16}\.nt")

    def __init__(self, out_dir, options: dict, resume: bool = True, shard_dir: str = "shards"):
        super().__init__(out_dir, "shards", options, resume)
        self.shard_dir = self.out / shard_dir
        self.shards: dict[str, dict] = {}

    def open(self) -> "ShardManifest":
        self.shard_dir.mkdir(parents=True, exist_ok=True)
        super().open()
        remove_temp_files(self.shard_dir)
        return self

    def accept(self, lines):
        kept = []
        for record in lines:
            name = record.get("shard")
            if isinstance(name, str) and self.SHARD.fullmatch(name) and (self.shard_dir / name).is_file():
                kept.append(record)
                self.shards[name] = record
        return kept

    def discard_unlisted(self) -> None:
        listed = {record["shard"] for record in self.lines}
        for name in os.listdir(self.shard_dir):
            if self.SHARD.fullmatch(name) and name not in listed:
                try:
                    (self.shard_dir / name).unlink()
                except OSError:
                    pass

    @staticmethod
    def name_for(documents: Sequence[tuple[str, str]]) -> str:
        h = hashlib.blake2b(digest_size=8)
        for doc_id, digest in documents:
            h.update(doc_id.encode("utf-8", "surrogatepass") + b"\0" + digest.encode() + b"\n")
        return f"part-{h.hexdigest()}.nt"

    def has(self, name: str) -> bool:
        return name in self.shards and (self.shard_dir / name).is_file()

    def record(self, name: str, documents: Sequence[tuple[str, str]], stats: dict) -> None:
        """Note a shard as written (after its file was renamed into place)."""
        line = {"shard": name, "documents": [[doc_id, digest, DONE] for doc_id, digest in documents],
                "stats": stats}
        self.append(line)
        self.lines.append(line)
        self.shards[name] = line

    def finish(self, live: Iterable[str]) -> None:
        """After a complete run: forget and delete the shards of partitions that no longer exist."""
        live = set(live)
        lines = [record for record in self.lines if record["shard"] in live]
        self.shards = {name: record for name, record in self.shards.items() if name in live}
        self.compact(lines)
