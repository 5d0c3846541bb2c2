"""Triple stores: load RDF into an embedded Oxigraph store or a SPARQL 1.1 Graph Store, and query it.

Loading is idempotent: RDF graphs are sets and every IRI kgbuilder writes is deterministic (statement
nodes are named by a hash of their content, no blank nodes), so loading the same file twice, or two
overlapping corpora, adds each triple once.

* ``load_into_store(paths, "kgstore")``: an on-disk ``pyoxigraph.Store`` (created if missing).
* ``load_into_endpoint(paths, url)``: HTTP ``POST`` per file, SPARQL 1.1 Graph Store Protocol. ``url`` is
  the store's graph-store endpoint, e.g. ``http://localhost:7878/store`` (Oxigraph),
  ``http://localhost:3030/ds/data`` (Fuseki), ``http://localhost:7200/repositories/REPO/rdf-graphs/service``
  (GraphDB). Triples go to ``?default`` (or ``?graph=IRI``); TriG and N-Quads files are posted to the
  URL itself, which Oxigraph and Fuseki read as "add these quads to the dataset".
* ``query(source, sparql)``: a store folder, an RDF file (loaded into memory first) or an
  ``http(s)://`` SPARQL query endpoint, with the kgbuilder prefixes (``kg:``, ``rel:``, ``entity:``,
  ``schema:``, ``rdfs:`` ...) predeclared. Queries only: an update (``INSERT``, ``DROP``, ``LOAD`` ...) is
  refused with a message that says so. A local query that calls ``SERVICE <url>`` (a federated query,
  an outbound request to any URL the query names) is refused unless ``allow_service=True``. Queries see the default graph, where Turtle, N-Triples and
  JSON-LD go; TriG puts each document's facts in a named graph: use ``GRAPH ?doc { ... }``, or
  ``union=True`` to query all graphs at once (Oxigraph's union is a bag: a triple stored in two graphs
  matches twice, so don't mix a TriG load with a Turtle load of the same corpus in one store).
"""
from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from kgbuilder.exports.rdf import DEFAULT_BASE_IRI, prefixes
from kgbuilder.exports.terminal import printable

#: File suffix -> pyoxigraph.RdfFormat name. graph.json (node-link) is read through KnowledgeGraph.
RDF_SUFFIXES = {
    ".ttl": "TURTLE", ".turtle": "TURTLE", ".nt": "N_TRIPLES", ".ntriples": "N_TRIPLES",
    ".nq": "N_QUADS", ".trig": "TRIG", ".jsonld": "JSON_LD", ".rdf": "RDF_XML", ".owl": "RDF_XML",
    ".n3": "N3",
}
#: What a folder load picks up (not .json: a build folder holds graph.json *and* graph.ttl).
FOLDER_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".jsonld")
DEFAULT_STORE = "kgstore"
RESULT_FORMATS = ("table", "csv", "json")


class StoreError(Exception):
    """A load or query that cannot be done; the message says what to do about it."""


class QueryError(StoreError):
    """A SPARQL query the parser rejects, an update, or a SERVICE call that is not allowed."""


@dataclass
class LoadReport:
    files: list[Path] = field(default_factory=list)
    added: int | None = None  # new triples (local store only: a remote store does not say)
    total: int | None = None  # triples in the store afterwards (local store only)
    target: str = ""

    def summary(self) -> str:
        files = f"{len(self.files)} file{'s' if len(self.files) != 1 else ''}"
        if self.added is None:
            return f"loaded {files} into {self.target}"
        return (f"loaded {files} into {self.target}: {self.added:,} new triples, "
                f"{self.total:,} in the store")


# ------------------------------------------------------------------------------------------ inputs
def rdf_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The files to load: each file as given, each folder's RDF files (recursively, sorted)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                raise StoreError(f"{path}: no RDF files ({', '.join(FOLDER_SUFFIXES)}) in this folder; "
                                 "write some with `kgbuilder build PATH -o DIR`")
            files.extend(found)
        elif path.is_file():
            _format_of(path)  # fail early on an unknown suffix
            files.append(path)
        else:
            raise StoreError(f"{path}: no such file or folder; build one with `kgbuilder build PATH -o out/` "
                             "and load out/graph.ttl")
    return files


def _format_of(path: Path):
    import pyoxigraph as ox

    suffix = path.suffix.lower()
    if suffix == ".json":
        return None  # graph.json
    name = RDF_SUFFIXES.get(suffix)
    if name is None:
        raise StoreError(f"{path}: unknown RDF file type {suffix or '(no suffix)'!r}; use one of "
                         f"{', '.join(sorted(RDF_SUFFIXES))} or a kgbuilder graph.json")
    return getattr(ox.RdfFormat, name)


def _graph_json_ntriples(path: Path, base_iri: str) -> bytes:
    from kgbuilder.exports.rdf import SURROGATE_ERRORS, iter_ntriples
    from kgbuilder.graph.knowledge_graph import KnowledgeGraph

    try:
        kg = KnowledgeGraph.read_json(path)
    except (ValueError, FileNotFoundError) as err:
        raise StoreError(str(err)) from None
    return "".join(iter_ntriples(kg, base_iri)).encode("utf-8", SURROGATE_ERRORS)


# ------------------------------------------------------------------------------------------ local store
def open_store(location: str | os.PathLike, create: bool = True):
    """The on-disk Oxigraph store at ``location`` (created when ``create``)."""
    import pyoxigraph as ox

    location = Path(location)
    if not create and not is_store(location):
        raise StoreError(f"{location}: not an Oxigraph store; create one with "
                         f"`kgbuilder load out/graph.ttl --store {location}`")
    if location.exists() and not location.is_dir():
        raise StoreError(f"{location}: is a file, not a store folder; pass a folder to --store")
    try:
        location.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(location))
    except OSError as err:
        raise StoreError(f"{location}: cannot open the store ({err}); is another process using it?") from None


def is_store(location: str | os.PathLike) -> bool:
    """Whether ``location`` looks like an Oxigraph (RocksDB) store folder."""
    location = Path(location)
    return location.is_dir() and (location / "CURRENT").is_file()


def load_into_store(paths: Iterable[str | os.PathLike], store, graph: str | None = None,
                    base_iri: str = DEFAULT_BASE_IRI) -> LoadReport:
    """Load files or folders into ``store`` (a ``pyoxigraph.Store`` or a folder path). Idempotent."""
    import pyoxigraph as ox

    files = rdf_files(paths)
    target = str(store) if isinstance(store, (str, os.PathLike)) else "the store"
    if isinstance(store, (str, os.PathLike)):
        store = open_store(store)
    to_graph = ox.NamedNode(graph) if graph else None
    before = len(store)
    for path in files:
        fmt = _format_of(path)
        if to_graph is not None and fmt is not None and fmt.supports_datasets:
            raise StoreError(f"{path}: a dataset file (named graphs inside) cannot go into --graph {graph}; "
                             "load it without --graph")
        try:
            if fmt is None:
                store.load(_graph_json_ntriples(path, base_iri), ox.RdfFormat.N_TRIPLES, to_graph=to_graph)
            else:
                store.load(path=str(path), format=fmt, to_graph=to_graph)
        except SyntaxError as err:
            raise StoreError(f"{path}: not valid {fmt.name if fmt else 'RDF'}: {err}") from None
    store.flush()
    after = len(store)
    return LoadReport(files, after - before, after, target)


# ------------------------------------------------------------------------------------------ HTTP (GSP)
def graph_store_url(endpoint: str, graph: str | None = None) -> str:
    """``endpoint?default`` or ``endpoint?graph=IRI`` (keeping any query string already there)."""
    joiner = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if graph:
        return f"{endpoint}{joiner}graph={urllib.parse.quote(graph, safe='')}"
    return f"{endpoint}{joiner}default"


def _check_url(url: str) -> None:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise StoreError(f"{url!r} is not an http(s) URL; pass e.g. http://localhost:7878/store")


def _http(request: urllib.request.Request, timeout: float) -> tuple[bytes, str]:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as err:
        body = err.read().decode("utf-8", "replace").strip()
        raise StoreError(f"{request.full_url} answered {err.code} {err.reason}: {body[:800]}") from None
    except urllib.error.URLError as err:
        raise StoreError(f"cannot reach {request.full_url} ({err.reason}); is the server running "
                         "and the URL right?") from None
    except TimeoutError:
        raise StoreError(f"{request.full_url} did not answer within {timeout} s") from None


def _post(url: str, body, media_type: str, length: int, timeout: float) -> None:
    content_type = f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": content_type, "Content-Length": str(length)})
    _http(request, timeout)


def load_into_endpoint(paths: Iterable[str | os.PathLike], endpoint: str, graph: str | None = None,
                       base_iri: str = DEFAULT_BASE_IRI, timeout: float = 300) -> LoadReport:
    """POST each file to a SPARQL 1.1 Graph Store Protocol endpoint. Idempotent (POST adds to a set)."""
    _check_url(endpoint)
    files = rdf_files(paths)
    for path in files:
        fmt = _format_of(path)
        if fmt is None:  # graph.json: converted in memory
            body, media_type, url = (_graph_json_ntriples(path, base_iri), "application/n-triples",
                                     graph_store_url(endpoint, graph))
            _post(url, body, media_type, len(body), timeout)
            continue
        if fmt.supports_datasets:
            if graph:
                raise StoreError(f"{path}: a dataset file (named graphs inside) cannot go into --graph "
                                 f"{graph}; load it without --graph")
            url = endpoint
        else:
            url = graph_store_url(endpoint, graph)
        with open(path, "rb") as body:  # streamed, not read into memory
            _post(url, body, fmt.media_type, path.stat().st_size, timeout)
    return LoadReport(files, None, None, endpoint)


# ------------------------------------------------------------------------------------------ query
def default_prefixes(base_iri: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    return {**prefixes(base_iri), "owl": "http://www.w3.org/2002/07/owl#"}


def _with_prologue(sparql: str, ns: dict[str, str]) -> str:
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:", sparql)}
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in ns.items() if p.lower() not in declared]
    return "\n".join([*lines, sparql])


# What is not a keyword: comments, strings (long ones first) and IRIs, blanked before keywords are sought.
_OPAQUE = re.compile(r"#[^\n]*"
                     r"|'''.*?'''|\"\"\".*?\"\"\""
                     r"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\""
                     r"|<[^<>\"{}|^`\\\s]*>", re.DOTALL)
_PROLOGUE = re.compile(r"(?i)\s*(?:(?:PREFIX\s+[\w.-]*:\s*|BASE\s*)<>\s*)*")
_UPDATE = re.compile(r"(?i)(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b")
_SERVICE = re.compile(r"(?i)(?<![\w?$:.\-])SERVICE(?![\w:\-])")


def _keywords(sparql: str) -> str:
    return _OPAQUE.sub(lambda m: "<>" if m.group().startswith("<") else " ", sparql)


def is_update(sparql: str) -> bool:
    """Whether ``sparql`` is a SPARQL update (its first word after the prologue is INSERT, DROP, LOAD ...)."""
    text = _keywords(sparql)
    return bool(_UPDATE.match(text, _PROLOGUE.match(text).end()))


def calls_service(sparql: str) -> bool:
    """Whether ``sparql`` holds a SERVICE clause (a federated call to another endpoint)."""
    return bool(_SERVICE.search(_keywords(sparql)))


def query(source: str | os.PathLike, sparql: str, base_iri: str = DEFAULT_BASE_IRI, timeout: float = 120,
          union: bool = False, allow_service: bool = False):
    """Run ``sparql`` against a store folder, an RDF file, or an http(s) SPARQL query endpoint.

    ``union``: the default graph is the union of all graphs (local stores; for an endpoint, start
    the server with its own option, e.g. ``oxigraph serve --union-default-graph``). ``allow_service``:
    let a local query call other endpoints with ``SERVICE <url>`` (an endpoint applies its own rules).

    Returns pyoxigraph's result: ``QuerySolutions`` (SELECT), ``QueryBoolean`` (ASK) or
    ``QueryTriples`` (CONSTRUCT/DESCRIBE), computed as they are read (``format_results``). Raises
    QueryError with the parser's message on bad SPARQL, for an update, and for a SERVICE call that is
    not allowed.
    """
    import pyoxigraph as ox

    if is_update(sparql):
        raise QueryError("this is a SPARQL update (INSERT, DELETE, LOAD, DROP, ...): `kgbuilder query` runs "
                         "queries only (SELECT, ASK, CONSTRUCT, DESCRIBE); add data with `kgbuilder load`")
    ns = default_prefixes(base_iri)
    text = str(source)
    if re.match(r"(?i)https?://", text):
        return _remote_query(text, _with_prologue(sparql, ns), timeout)
    if not allow_service and calls_service(sparql):
        raise QueryError("the query calls SERVICE, a request to another server: `kgbuilder query` makes "
                         "none unless you pass --allow-service")
    path = Path(source)
    if is_store(path):
        try:
            store = ox.Store.read_only(str(path))
        except OSError as err:
            raise StoreError(f"{path}: cannot open the store ({err})") from None
    elif path.is_dir():
        raise StoreError(f"{path}: a folder but not an Oxigraph store; create one with "
                         f"`kgbuilder load FILE --store {path}`, or query a file such as out/graph.ttl")
    elif path.is_file():
        store = ox.Store()
        load_into_store([path], store, base_iri=base_iri)
    else:
        raise StoreError(f"{path}: no such store or file; build one with `kgbuilder build PATH -o out/` "
                         "and query out/graph.ttl, or load it first with `kgbuilder load out/graph.ttl`")
    try:
        return store.query(sparql, prefixes=ns, use_default_graph_as_union=union)
    except SyntaxError as err:
        raise QueryError(_explain_syntax_error(sparql, str(err))) from None


def _explain_syntax_error(sparql: str, message: str) -> str:
    """The parser's message, plus the offending line with a caret when it gives a position."""
    text = f"invalid SPARQL: {message}"
    m = re.search(r"(\d+):(\d+)", message)
    if m:
        line_no, col = int(m[1]), int(m[2])
        lines = sparql.splitlines() or [""]
        if 1 <= line_no <= len(lines):
            line = lines[line_no - 1]
            text += f"\n  {line}\n  {' ' * max(0, col - 1)}^"
    return text


def _remote_query(url: str, sparql: str, timeout: float):
    import pyoxigraph as ox

    _check_url(url)
    request = urllib.request.Request(
        url, data=sparql.encode("utf-8"), method="POST",
        headers={"Content-Type": "application/sparql-query",
                 "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
    try:
        body, content_type = _http(request, timeout)
    except StoreError as err:
        if " 400 " in str(err):
            raise QueryError(f"invalid SPARQL (the endpoint says): {err}") from None
        raise
    media = content_type.split(";")[0].strip().lower()
    if media == "application/sparql-results+json" or media == "application/json":
        return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    fmt = ox.RdfFormat.from_media_type(media) if media else None
    if fmt is None:
        raise StoreError(f"{url} answered with {content_type!r}, which is neither SPARQL results nor RDF")
    return RemoteTriples(quad.triple for quad in ox.parse(body, fmt))


class RemoteTriples(list):
    """CONSTRUCT/DESCRIBE results from an endpoint: a list of ``pyoxigraph.Triple``."""


# ------------------------------------------------------------------------------------------ output
def render_term(term, ns: dict[str, str] | None = None) -> str:
    """A term for a human: IRIs shortened with the prefixes, literals as their text."""
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        for prefix, base in (ns or {}).items():
            if iri.startswith(base) and len(iri) > len(base):
                return f"{prefix}:{iri[len(base):]}"
        return f"<{iri}>"
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def format_results(result, fmt: str = "table", base_iri: str = DEFAULT_BASE_IRI) -> str:
    """Query results as text: an aligned ``table``, SPARQL ``csv`` or SPARQL ``json``.

    ASK gives ``true``/``false`` (JSON: the SPARQL boolean document); CONSTRUCT gives Turtle for a
    table, N-Triples for csv, JSON-LD for json.
    """
    if fmt not in RESULT_FORMATS:
        raise ValueError(f"format {fmt!r}: choose one of {', '.join(RESULT_FORMATS)}")
    try:
        return _format_results(result, fmt, base_iri)
    except OSError as err:  # results are computed as they are read: a SERVICE call or the store failed
        raise StoreError(f"the query failed while its results were read: {err}") from None


def _format_results(result, fmt: str, base_iri: str) -> str:
    import pyoxigraph as ox

    ns = default_prefixes(base_iri)
    if isinstance(result, ox.QueryBoolean):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result)})
        return "true" if result else "false"
    if isinstance(result, ox.QuerySolutions):
        if fmt == "csv":
            return result.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8")
        if fmt == "json":
            return result.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8")
        names = [v.value for v in result.variables]
        rows = [[render_term(solution[name], ns) for name in names] for solution in result]
        return _table(names, rows)
    # graph results (CONSTRUCT / DESCRIBE)
    triples = list(result)
    rdf_format = {"table": ox.RdfFormat.TURTLE, "csv": ox.RdfFormat.N_TRIPLES, "json": ox.RdfFormat.JSON_LD}[fmt]
    extra = {"prefixes": ns} if rdf_format is ox.RdfFormat.TURTLE else {}
    return ox.serialize(triples, None, rdf_format, **extra).decode("utf-8")


def _table(names: list[str], rows: list[list[str]]) -> str:
    def clean(cell: str) -> str:  # one row per line; no ESC, BEL, NUL or bidi control reaches the terminal
        return printable(cell.replace("\\", "\\\\"))

    rows = [[clean(c) for c in row] for row in rows]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
