"""Resume: what a build has finished, kept in the output folder so an interrupted run picks up where it stopped.

Layout of ``OUT/.kgbuilder/``::

    manifest.jsonl        one JSON object a line; the first line is the header (format, options)
    results-000001.json   the DocumentResults of one batch of finished documents (``kgbuilder.codec``)
    lock                  held (flock) while a build writes to OUT, so two builds never mix

Every batch line of the manifest names its batch file and its documents as
``[doc_id, content hash, status, position in the batch]``, status ``"done"`` or ``"failed"``::

    {"kgbuilder_checkpoint": 2, "mode": "graph", "options": {"model": "en_core_web_sm-3.8.0", ...}}
    {"batch": "results-000001.json", "documents": [["a.txt", "5f0c...", "done", 0], ...]}

Everything in the folder is data (JSON), validated when read: a crafted folder cannot run code, and a
batch file that does not validate is not reused (its documents are parsed again, with a note).

How it stays consistent when the process is killed at any instant: a batch file is written to a temp
file and renamed into place (``write_atomic``), *then* its manifest line is appended with one
``write`` call. A batch file that no line names (killed between the two steps) is an orphan and is
deleted; a line is trusted only when its batch file exists. Nothing is ever rewritten in place: when
the manifest is compacted it is rewritten whole to a temp file and renamed. Batches are written as
partitions finish and, within a partition, every few seconds (``pipeline``), so a kill loses seconds.

What is reused: a document whose id and content hash (BLAKE2b of its text) match a ``done`` entry,
when the options that shape extraction are the same: the model name and version, the part length, the
extraction code and every lexicon file it read (``extraction_fingerprint``). Changed text means the
document is parsed again; a document no longer in the corpus is dropped from the graph and, at the end
of a successful run that built something, from the checkpoint. Failed documents are tried again. When
the options differ the checkpoint is discarded and the build starts over (the report says why).

``--shards`` builds use the same manifest with ``mode: "shards"``: one line per partition, naming
its N-Triples file in ``OUT/shards/`` (see ``kgbuilder.parallel``).
"""
from __future__ import annotations

import enum
import hashlib
import importlib
import importlib.util
import json
import os
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from kgbuilder.codec import CodecError, dump_results, load_results
from kgbuilder.graph.io import write_atomic
from kgbuilder.graph.model import DocumentResult

__all__ = ["Checkpoint", "CheckpointBusy", "Checkpointing", "CodecError", "ShardManifest", "code_fingerprint",
           "content_hash", "dump_results", "extraction_fingerprint", "load_results"]

CHECKPOINT_DIR = ".kgbuilder"
MANIFEST = "manifest.jsonl"
LOCK = "lock"
#: Bumped when the layout of the checkpoint changes; an older checkpoint is then started over.
FORMAT = 2
DONE, FAILED = "done", "failed"
_BATCH = re.compile(r"results-(\d{6,})\.json")
#: Batch files of checkpoint format 1 (pickles): never loaded, deleted on sight.
_PICKLED_BATCH = re.compile(r"results-\d{6,}\.pkl")
#: Temp files left by an atomic write that was killed: ``.NAME.XXXXXXXX.tmp`` (graph.knowledge_graph).
_TEMP = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


class Checkpointing(str, enum.Enum):
    """What a build does with ``OUT/.kgbuilder/``: reuse it, start it over, or keep none."""

    RESUME = "resume"
    FRESH = "fresh"
    OFF = "off"


class CheckpointBusy(RuntimeError):
    """Another build is writing to the same output folder."""


def content_hash(texts: str | Iterable[str]) -> str:
    """The hash that says a document changed: BLAKE2b-128 of its text (the parts of a split
    document hash like the whole text)."""
    h = hashlib.blake2b(digest_size=16)
    for text in [texts] if isinstance(texts, str) else texts:
        h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


#: The code extraction results depend on (modules, or packages for all their modules); the lexicon
#: files it reads are fingerprinted by what the loader read (``lexicon_fingerprint``).
EXTRACTION_CODE = ("kgbuilder.extractors", "kgbuilder.graph.model",
                   # the name and relation knowledge the extractors read (titles, types, schema)
                   "kgbuilder.graph.names", "kgbuilder.graph.entity_types", "kgbuilder.graph.schema")
#: What a shard depends on besides that: resolution, graph assembly and the RDF writer.
SHARD_CODE = (*EXTRACTION_CODE, "kgbuilder.graph", "kgbuilder.exports.rdf")
#: The modules whose loaders read lexicon files (each has a DATA_DIR of *.json files).
LEXICON_MODULES = ("kgbuilder.graph.names", "kgbuilder.graph.schema", "kgbuilder.extractors.lexicon")


def _source_files(module: str) -> list[Path]:
    spec = importlib.util.find_spec(module)
    if spec is None:
        return []
    if spec.submodule_search_locations:  # a package: every module in it
        return [p for folder in spec.submodule_search_locations for p in Path(folder).rglob("*.py")]
    return [Path(spec.origin)] if spec.origin else []


def code_fingerprint(modules: Sequence[str] = EXTRACTION_CODE) -> str:
    """A hash of the source files of ``modules`` (where they are installed, or in the checkout):
    results computed by other code are never reused."""
    h = hashlib.blake2b(digest_size=12)
    for path in sorted({p.resolve() for module in modules for p in _source_files(module)}):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        h.update(f"{path.parent.name}/{path.name}".encode())
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def lexicon_fingerprint() -> str:
    """A hash of the lexicon files extraction reads: each file the loader read (``graph.names.
    read_lexicon_file`` records it, hashed as it was read) after loading the default lexicons, and
    every other ``*.json`` in the lexicon data folders, so a lexicon added later and loaded lazily is
    covered before its first read."""
    from kgbuilder.extractors.lexicon import load_confidence, load_names, load_relations
    from kgbuilder.graph.names import lexicon_files_read

    for load in (load_relations, load_names, load_confidence):  # the defaults extraction loads (cached)
        load()
    folders = {Path(importlib.import_module(m).DATA_DIR).resolve() for m in LEXICON_MODULES}
    entries = {f"read {_short(Path(p))}:{digest}" for p, digest in lexicon_files_read().items()
               if Path(p).parent in folders}
    for folder in folders:
        for path in folder.glob("*.json"):
            try:
                entries.add(f"file {_short(path)}:{hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()}")
            except OSError:
                continue
    h = hashlib.blake2b(digest_size=12)
    for entry in sorted(entries):
        h.update(entry.encode("utf-8", "surrogatepass") + b"\n")
    return h.hexdigest()


def _short(path: Path) -> str:
    return "/".join(path.parts[-3:])  # graph/data/names.json: the same in a checkout and an installed copy


def extraction_fingerprint(modules: Sequence[str] = EXTRACTION_CODE) -> str:
    """What results depend on besides the model: the code of ``modules`` and the lexicon files."""
    return f"{code_fingerprint(modules)}-{lexicon_fingerprint()}"


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

    def __init__(self, out_dir: str | os.PathLike, mode: str, options: dict, resume: bool = True,
                 on_note: Callable[[str], None] | None = None):
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
        self._on_note = on_note

    def note(self, message: str) -> None:
        """Say something about the checkpoint (a batch not reused, ...) to whoever listens."""
        if self._on_note is not None:
            self._on_note(message)

    def header(self) -> dict:
        return {"kgbuilder_checkpoint": FORMAT, "mode": self.mode, "options": self.options}

    # ------------------------------------------------------------------ opening
    def open(self) -> "Manifest":
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock.acquire()
        try:
            remove_temp_files(self.folder)
            remove_temp_files(self.out)
            _remove_pickles(self.folder)
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
        write_atomic(self.path, "".join(_line(record) for record in [self.header(), *lines]))

    # ------------------------------------------------------------------ writing
    def append(self, record: dict) -> None:
        """Add one line with a single write (a line is never half there after a kill)."""
        data = _line(record).encode("ascii")
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


def _line(record: dict) -> str:
    # ASCII escapes: any document id (even one with a lone surrogate) writes and reads back the same
    return json.dumps(record, ensure_ascii=True) + "\n"


def _remove_pickles(folder: Path) -> None:
    """Batch files of format 1 were pickles, which can run code when loaded: never read, deleted."""
    for name in os.listdir(folder):
        if _PICKLED_BATCH.fullmatch(name):
            try:
                (folder / name).unlink()
            except OSError:
                pass


def _difference(old: dict, new: dict) -> str:
    if old.get("kgbuilder_checkpoint") != new.get("kgbuilder_checkpoint"):
        return "the checkpoint was written by another version of kgbuilder"
    if old.get("mode") != new.get("mode"):
        return f"the earlier run was a {old.get('mode')} build, this one is a {new.get('mode')} build"
    old_options, new_options = old.get("options") or {}, new.get("options") or {}
    changed = sorted(k for k in set(old_options) | set(new_options) if old_options.get(k) != new_options.get(k))
    what = {"model": "the spaCy pipeline", "code": "the extraction code or its lexicon files",
            "max_length": "the length parsed at once"}
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

    def __init__(self, out_dir, options: dict, resume: bool = True, on_note: Callable[[str], None] | None = None):
        super().__init__(out_dir, "graph", options, resume, on_note)
        self.entries: dict[str, _Entry] = {}
        self._next = 1
        self._cache: OrderedDict[str, list] = OrderedDict()
        self._bad: set[str] = set()  # batch files that did not validate
        #: batch files read and validated once: the document id at each position (decoded again to load)
        self._ids: dict[str, tuple[str, ...]] = {}

    def accept(self, lines):
        kept = []
        for record in lines:
            batch, docs = record.get("batch"), record.get("documents")
            if not isinstance(batch, str) or not _BATCH.fullmatch(batch) or not (self.folder / batch).is_file():
                continue
            if not isinstance(docs, list) or not all(_is_entry(d) for d in docs):
                continue  # not a line this code wrote: its documents are parsed again
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
        """Whether the document's result is checkpointed (its batch file read and valid)."""
        entry = self.entries.get(doc_id)
        if entry is None or entry.digest != digest:
            return False
        if entry.batch not in self._ids and self._batch(entry.batch) is None:
            return False
        ids = self._ids[entry.batch]
        return entry.position < len(ids) and ids[entry.position] == doc_id

    def _batch(self, name: str) -> list[DocumentResult] | None:
        """The results of a batch file (the last few are cached), None when it does not validate."""
        if name in self._bad:
            return None
        batch = self._cache.get(name)
        if batch is not None:
            self._cache.move_to_end(name)
            return batch
        try:
            batch = load_results((self.folder / name).read_bytes())
        except (OSError, CodecError) as err:
            self._bad.add(name)
            self.entries = {doc_id: e for doc_id, e in self.entries.items() if e.batch != name}
            self.note(f"{self.folder / name}: not reused ({err}); its documents are parsed again")
            return None
        self._ids[name] = tuple(r.doc_id for r in batch)
        self._cache[name] = batch
        while len(self._cache) > 4:
            self._cache.popitem(last=False)
        return batch

    def load(self, doc_id: str) -> DocumentResult:
        """The checkpointed result of a document that ``done`` said is there."""
        entry = self.entries[doc_id]
        batch = self._batch(entry.batch)
        result = batch[entry.position] if batch is not None and entry.position < len(batch) else None
        if result is None or result.doc_id != doc_id:
            raise CodecError(f"{self.folder / entry.batch}: entry {entry.position} is not {doc_id!r}; "
                             f"build again with --fresh")
        return result

    # ------------------------------------------------------------------ writing
    def save(self, documents: Sequence[tuple[str, str]], results: Sequence[DocumentResult] | None = None,
             payload: bytes | None = None) -> None:
        """Persist one batch: ``documents`` are (doc_id, digest) in the order of ``results``.

        ``payload`` is ``dump_results(results)`` when the caller has it already (from a worker), so it
        is written as it came, without encoding again.
        """
        if not documents:
            return
        if payload is None:
            if results is None:
                raise ValueError("save needs results or payload")
            payload = dump_results(results)
        elif results is None:
            results = load_results(payload)
        name = f"results-{self._next:06d}.json"
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


#: The counts a shard line carries (``parallel.ShardTask``), read back when the shard is reused.
SHARD_COUNTS = ("documents", "sentences", "words", "triples", "entities", "relations")


def _valid_stats(stats) -> bool:
    return isinstance(stats, dict) and all(type(stats.get(k)) is int for k in SHARD_COUNTS)


def _is_entry(item) -> bool:
    """[doc_id, digest, status, position], as ``Checkpoint.save`` writes it."""
    return (isinstance(item, list) and len(item) == 4 and isinstance(item[0], str) and isinstance(item[1], str)
            and item[2] in (DONE, FAILED) and type(item[3]) is int and item[3] >= 0)


class ShardManifest(Manifest):
    """The partitions of a ``--shards`` build: one line per N-Triples file in ``OUT/shards/``.

    A shard is named by a hash of its documents' ids and content hashes, so an unchanged partition
    keeps its name and is not built again; a shard file that no line names is deleted.
    """

    SHARD = re.compile(r"part-[0-9a-f]{16}\.nt")

    def __init__(self, out_dir, options: dict, resume: bool = True, shard_dir: str = "shards",
                 on_note: Callable[[str], None] | None = None):
        super().__init__(out_dir, "shards", options, resume, on_note)
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
            if (isinstance(name, str) and self.SHARD.fullmatch(name) and (self.shard_dir / name).is_file()
                    and _valid_stats(record.get("stats"))):
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
