"""Reading inputs into a stream of documents, with a list of problems instead of crashes.

Inputs are files, folders (searched recursively), JSON Lines files (``.jsonl``, ``.ndjson``, ``.json``: one
``{"id": ..., "text": ...}`` object a line) and ``-`` for standard input. ``Corpus(inputs)`` is iterable: it yields
:class:`Document` objects in a deterministic order (inputs in the order given, the files of a folder
sorted by their path) and collects a :class:`Problem` for every input it could not read (an empty
file, a binary file, a file that is not UTF-8, a missing path, a broken symbolic link, a bad JSON line,
text that is not valid Unicode). A bad input never stops the others.

A document longer than ``max_length`` characters (what is parsed at once) is split, at paragraph or
sentence boundaries where it can be, into parts that each fit; every part carries its character
offset in the whole document, so evidence offsets stay relative to the document.

Standard library only: this module knows nothing about spaCy.
"""
from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Callable, Iterable, Iterator

#: File patterns read from a folder unless ``glob`` says otherwise.
DEFAULT_GLOBS = ("*.txt", "*.md")
#: Project metadata files skipped inside folders (seeds/ keeps README.md and SOURCES.md beside the
#: articles). Files named explicitly on the command line are always read.
DEFAULT_EXCLUDES = ("README*", "SOURCES*", "LICENSE*", "NOTICE*", "CHANGELOG*")
#: spaCy's default ``nlp.max_length``.
DEFAULT_MAX_LENGTH = 1_000_000
#: The input name that means standard input.
STDIN = "-"
#: Suffixes of JSON Lines files (a ``.json`` file is read as JSON Lines when it starts with an object).
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines", ".json")

ERROR, NOTE = "error", "note"


@dataclass(frozen=True, slots=True)
class Document:
    """One text to parse: a whole document, or one part of a long one."""

    doc_id: str
    text: str
    offset: int = 0  # where ``text`` starts in the whole document (non-zero for later parts)
    part: int = 0  # index of this part
    parts: int = 1  # how many parts the document was split into
    size: int = 0  # bytes this part stands for in the input, for progress bars


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one input. ``error`` means it was not built; a ``note`` is informational."""

    source: str  # the file, "file:line" for a JSON line, or "stdin"
    message: str  # what is wrong and how to fix it
    severity: str = ERROR

    def __str__(self) -> str:
        from kgbuilder.exports.terminal import printable

        prefix = "" if self.severity == ERROR else f"{self.severity}: "
        return printable(f"{prefix}{self.source}: {self.message}")


@dataclass(frozen=True, slots=True)
class Source:
    """One input found on disk (or stdin), not read yet."""

    path: Path | None  # None for stdin
    doc_id: str  # the document id (plain files) or the name used in messages (JSONL)
    jsonl: bool = False
    size: int = 0  # bytes on disk, 0 when unknown


def _patterns(values: Iterable[str] | str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    """Patterns from repeated and/or comma-separated values; None means the default, "" means none."""
    if values is None:
        return default
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values:
        out.extend(p.strip() for p in value.split(",") if p.strip())
    return tuple(out)


def _matches(rel: PurePosixPath, patterns: tuple[str, ...]) -> bool:
    """Case-insensitive match of a pattern against the file name, or the relative path if it has a /."""
    name, path = rel.name.lower(), rel.as_posix().lower()
    for pattern in patterns:
        pattern = pattern.lower()
        target = path if "/" in pattern else name
        if fnmatch.fnmatchcase(target, pattern):
            return True
    return False


_SURROGATE = re.compile("[\ud800-\udfff]")


def _display(path: str) -> str:
    """A path as the user gave it, normalised (``./a//b.txt`` -> ``a/b.txt``), with forward slashes."""
    return decoded_name(Path(os.path.normpath(path)).as_posix())


def decoded_name(name: str) -> str:
    """A file name as valid text: bytes that are not UTF-8 (``bad\\xffbyte.txt``) shown as ``\\xff``.

    Python keeps such bytes as lone surrogates, which no UTF-8 file, terminal or IRI can hold.
    """
    if not _SURROGATE.search(name):
        return name
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # not from the file system: no byte behind the surrogate
        raw = name.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be parsed, or None. Lone surrogates (``"\\ud800"`` in JSON) are no Unicode."""
    found = _SURROGATE.search(text)
    if found is None:
        return None
    return (f"holds a lone surrogate (\\u{ord(found.group()):04x} at character {found.start():,}), "
            "which is not valid Unicode; fix the text where it was produced")


class Corpus:
    """The documents of some inputs, read lazily.

    ``problems`` fills up while the corpus is listed and iterated; read it after iterating.
    """

    def __init__(self, inputs: Iterable[str | os.PathLike], glob: Iterable[str] | str | None = None,
                 exclude: Iterable[str] | str | None = None, max_length: int = DEFAULT_MAX_LENGTH,
                 stdin: BinaryIO | None = None, on_problem: Callable[[Problem], None] | None = None):
        self.inputs = [os.fspath(i) for i in inputs]
        self.globs = _patterns(glob, DEFAULT_GLOBS)
        self.excludes = _patterns(exclude, DEFAULT_EXCLUDES)
        if max_length < 2:
            raise ValueError("max_length must be at least 2 characters")
        self.max_length = max_length
        self._stdin = stdin
        self._on_problem = on_problem
        self.problems: list[Problem] = []
        #: bytes of inputs that were not read (so a progress bar over ``total_size`` can reach its end)
        self.skipped_bytes = 0
        self.sources: list[Source] = self._list_sources()

    # ------------------------------------------------------------------ listing
    def _problem(self, source: str, message: str, severity: str = ERROR) -> None:
        problem = Problem(source, message, severity)
        self.problems.append(problem)
        if self._on_problem is not None:
            self._on_problem(problem)

    def _list_sources(self) -> list[Source]:
        sources: list[Source] = []
        seen_files: set[Path] = set()
        for given in self.inputs:
            if given == STDIN:
                sources.append(Source(None, "stdin"))
                continue
            path = Path(given)
            shown = _display(given)
            if path.is_dir():
                found = self._list_folder(path, shown)
                if not found:
                    self._problem(shown, f"folder has no files matching {', '.join(self.globs) or '(no pattern)'}"
                                  f"{' (skipping ' + ', '.join(self.excludes) + ')' if self.excludes else ''}; "
                                  "pass --glob to read other files")
                candidates = found
            elif path.exists():
                candidates = [self._source(path, shown)]
            elif path.is_symlink():
                self._problem(shown, _broken_link(path))
                continue
            else:
                self._problem(shown, "no such file or folder; check the path")
                continue
            for source in candidates:
                real = source.path.resolve()
                if real in seen_files:  # the same file named twice (a folder and a file in it)
                    continue
                seen_files.add(real)
                sources.append(source)
        return sources

    def _list_folder(self, folder: Path, shown: str) -> list[Source]:
        found = []
        for root, dirs, files in os.walk(folder, onerror=lambda err: self._problem(
                _display(err.filename or shown), f"cannot list folder ({err.strerror}); check its permissions")):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # .git, .ipynb_checkpoints, ...
            for name in files:
                if name.startswith("."):
                    continue
                path = Path(root, name)
                rel = PurePosixPath(path.relative_to(folder).as_posix())
                if not _matches(rel, self.globs) or _matches(rel, self.excludes):
                    continue
                if not path.is_file():
                    if path.is_symlink() and not path.exists():
                        self._problem(_display(str(path)), _broken_link(path))
                    continue
                found.append(self._source(path, rel.as_posix()))
            for name in dirs:
                if os.path.islink(os.path.join(root, name)):
                    self._problem(_display(os.path.join(root, name)), "a symbolic link to a folder, not followed "
                                  "(a link may loop); name the folder itself to read it", NOTE)
        found.sort(key=lambda s: s.doc_id)
        return found

    def _source(self, path: Path, doc_id: str) -> Source:
        name = decoded_name(doc_id)
        if name != doc_id:
            self._problem(name, "the file name is not valid UTF-8: read with the bytes shown as \\xNN in its "
                          "document id; rename the file to keep a readable id", NOTE)
        return Source(path, name, jsonl=path.suffix.lower() in JSONL_SUFFIXES, size=_size(path))

    @property
    def total_size(self) -> int | None:
        """Bytes of all file inputs (for a progress bar), None when stdin is among them."""
        if any(s.path is None for s in self.sources):
            return None
        return sum(s.size for s in self.sources)

    # ------------------------------------------------------------------ reading
    def __iter__(self) -> Iterator[Document]:
        seen_ids: dict[str, str] = {}
        for source in self.sources:
            for doc_id, text, where, size in self._read(source):
                if doc_id in seen_ids:
                    self._problem(where, f"duplicate document id {doc_id!r} (first seen in {seen_ids[doc_id]}); "
                                  "skipped: give every document a distinct id or file name")
                    continue
                seen_ids[doc_id] = where
                yield from self.split(doc_id, text, where, size)

    def _read(self, source: Source) -> Iterator[tuple[str, str, str, int]]:
        """(doc_id, text, where, size) for each document of one input."""
        if source.path is None:
            stream = self._stdin if self._stdin is not None else sys.stdin.buffer
            data = stream.read()
            if isinstance(data, str):  # a text stream (tests, notebooks)
                data = data.encode("utf-8")
            text = self._decode(data, "stdin")
            if text is not None:
                yield "stdin", text, "stdin", len(data)
            return
        where = _display(str(source.path))
        try:
            if source.jsonl:  # streamed line by line: a JSON Lines corpus may not fit in memory
                with source.path.open("rb") as lines:
                    yield from self._read_jsonl(lines, where)
                return
            data = source.path.read_bytes()
        except OSError as err:
            self.skipped_bytes += source.size
            self._problem(where, f"cannot read ({err.strerror}); check that the file is readable")
            return
        text = self._decode(data, where)
        if text is None:
            self.skipped_bytes += len(data)
            return
        yield source.doc_id, text, where, len(data)

    def _decode(self, data: bytes, where: str) -> str | None:
        if not data.strip():
            self._problem(where, "empty file: nothing to build; add text or remove it from the inputs")
            return None
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            self._problem(where, f"UTF-16 text; convert it to UTF-8 {_convert_hint(where, 'utf-16')}")
            return None
        nul = data.find(b"\0")
        if nul >= 0:
            self._problem(where, f"binary file (NUL byte at byte offset {nul}), not text; "
                          "pass text files, or leave it out with --glob/--exclude")
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            bad = data[err.start:err.start + 1].hex()
            self._problem(where, f"not UTF-8 (byte 0x{bad} at byte offset {err.start}); "
                          f"convert it {_convert_hint(where, 'latin1')}")
            return None
        if not text.strip():
            self._problem(where, "empty file: nothing to build; add text or remove it from the inputs")
            return None
        return text

    def _read_jsonl(self, lines: Iterable[bytes], where: str) -> Iterator[tuple[str, str, str, int]]:
        found = bad = 0
        for number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            if not found and not bad and where.lower().endswith(".json") and not raw.lstrip().startswith(b"{"):
                self._problem(where, "a JSON file that is not JSON Lines; kgbuilder reads one "
                              "{\"id\": ..., \"text\": ...} object a line (e.g. `jq -c '.[]' "
                              f"{shlex.quote(where)} > corpus.jsonl`)")
                return
            record, problem = _json_record(raw, number)
            if problem:
                bad += 1
                self.skipped_bytes += len(raw)
                self._problem(f"{where}:{number}", problem)
                continue
            found += 1
            yield str(record["id"]), record["text"], f"{where}:{number}", len(raw)
        if not found and not bad:
            self._problem(where, "empty file: no JSON lines; add lines like {\"id\": \"doc1\", \"text\": \"...\"}")

    # ------------------------------------------------------------------ long documents
    def split(self, doc_id: str, text: str, where: str = "", size: int = 0) -> list[Document]:
        """The document as one part, or as several parts that each fit ``max_length`` (with a note)."""
        parts = split_document(doc_id, text, self.max_length, size)
        if len(parts) > 1:
            self._problem(where or doc_id, f"{len(text):,} characters, over the max length {self.max_length:,} "
                          f"parsed at once: split into {len(parts)} parts, cut at "
                          f"{describe_cuts(text, self.max_length)}", NOTE)
        return parts

    @property
    def failed(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)


def split_document(doc_id: str, text: str, max_length: int = DEFAULT_MAX_LENGTH, size: int = 0) -> list[Document]:
    """One Document, or the parts of a text longer than ``max_length``, each with its offset."""
    if len(text) <= max_length:
        return [Document(doc_id, text, 0, 0, 1, size)]
    bounds = split_points(text, max_length)
    return [Document(doc_id, text[start:end], start, index, len(bounds),
                     size * (end - start) // len(text) if size else 0)
            for index, (start, end) in enumerate(bounds)]


def _valid_id(value) -> bool:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return False
    return bool(str(value).strip())


def _convert_hint(where: str, encoding: str) -> str:
    """A shell command that converts the file in place (quoted; same name, so the same glob reads it)."""
    if where == "stdin":
        return f"first, e.g. with `iconv -f {encoding} -t utf-8`"
    path, tmp = shlex.quote(where), shlex.quote(where + ".utf8")
    return f"in place, e.g. `iconv -f {encoding} -t utf-8 {path} > {tmp} && mv {tmp} {path}`"


def _json_record(raw: bytes, number: int) -> tuple[dict | None, str]:
    """The object of one JSON line, or what is wrong with it."""
    try:
        record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
    except UnicodeDecodeError as err:
        return None, (f"not UTF-8 (byte 0x{raw[err.start:err.start + 1].hex()} at byte offset {err.start} "
                      "of the line); JSON Lines files must be UTF-8")
    except json.JSONDecodeError as err:
        return None, (f"not valid JSON ({_json_error(err)}); "
                      "each line must be one object like {\"id\": \"doc1\", \"text\": \"...\"}")
    if not isinstance(record, dict):
        return None, "not a JSON object; each line must look like {\"id\": \"doc1\", \"text\": \"...\"}"
    if not _valid_id(record.get("id")):
        return None, "missing or empty \"id\"; give every line a string or number \"id\""
    if _SURROGATE.search(str(record["id"])):
        return None, "the \"id\" holds a lone surrogate (\\ud800-\\udfff), which is not valid Unicode; fix the id"
    if not isinstance(record.get("text"), str):
        return None, "missing \"text\" (or not a string); give every line a \"text\" string"
    if not record["text"].strip():
        return None, f"document {record['id']!s} has empty text; nothing to build"
    why = text_problem(record["text"])
    if why:
        return None, f"the text of document {record['id']!s} {why}"
    return record, ""


def _broken_link(path: Path) -> str:
    try:
        target = decoded_name(os.readlink(path))
    except OSError:
        target = "?"
    return f"a symbolic link to {target!r}, which does not exist or loops back; fix the link or remove it"


def _json_error(err: json.JSONDecodeError) -> str:
    # some of json's messages end in "at" ("Invalid control character at"): no "at at column 41"
    return f"{err.msg.removesuffix(' at')} at column {err.colno}"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# Break candidates, best first: a blank line (paragraph), the end of a sentence, a line break, a space.
_BREAKS = (
    ("paragraph break", re.compile(r"\n[ \t]*\n\s*")),
    ("sentence end", re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+")),
    ("line break", re.compile(r"\n\s*")),
    ("space", re.compile(r"\s+")),
)
HARD_CUT = "hard cut inside a word"
_PLURAL = {"paragraph break": "paragraph breaks", "sentence end": "sentence ends", "line break": "line breaks",
           "space": "spaces", HARD_CUT: "hard cuts inside words"}


def split_points(text: str, max_length: int) -> list[tuple[int, int]]:
    """(start, end) offsets of parts of ``text`` that each hold at most ``max_length`` characters.

    Each cut goes after the best boundary found in the second half of the window (a paragraph break,
    else a sentence end, else a line break, else a space), so parts are neither tiny nor cut mid-word
    when that can be helped; with no boundary at all the cut is hard, at ``max_length``.
    The parts cover the text without gaps: ``"".join(text[s:e] for s, e in parts) == text``.
    """
    cuts = [cut for cut, _kind in _cuts(text, max_length)]
    return list(zip([0, *cuts], [*cuts, len(text)]))


def _cuts(text: str, max_length: int) -> list[tuple[int, str]]:
    """Where ``split_points`` cuts, and at what kind of boundary."""
    cuts = []
    start, n = 0, len(text)
    while n - start > max_length:
        cut, kind = _best_cut(text, start, start + max_length)
        cuts.append((cut, kind))
        start = cut
    return cuts


def _best_cut(text: str, start: int, limit: int) -> tuple[int, str]:
    for kind, pattern in _BREAKS:
        for floor in (start + (limit - start) // 2, start + 1):
            ends = [e for e in (m.end() for m in pattern.finditer(text, floor, limit)) if start < e <= limit]
            if ends:
                return ends[-1], kind
    return limit, HARD_CUT


def describe_cuts(text: str, max_length: int) -> str:
    """How a long text is cut: "2 paragraph breaks and 1 hard cut inside a word"."""
    counts = Counter(kind for _cut, kind in _cuts(text, max_length))
    names = [f"{n} {_PLURAL[kind] if n > 1 else kind}" for kind, n in counts.items()]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
