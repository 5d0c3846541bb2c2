"""Output formats by name: a small lazy plugin registry (in the spirit of rdflib's ``plugin.register``).

Each format is registered with the dotted path of its writer (``"module:function"``), imported only
when first used, so ``kgbuilder build --format ttl`` never imports pyvis and ``--format html`` never
imports rdflib. A writer is called as ``writer(kg, path, **options)`` and returns the path it wrote.

Each format declares the options its writer takes. One set of options can drive every format (a
writer gets the ones it declares: ``base_iri`` reaches Turtle, not the JSON writer), but an option that
no format declares is an error, so a typo (``provenence="none"``) never passes unnoticed.

>>> get_format("ttl").name, get_format("ttl").filename
('turtle', 'graph.ttl')
>>> write(kg, "ttl", "out/")            # doctest: +SKIP   (a folder: out/graph.ttl)
>>> register("graphml", "mypkg.graphml:write_graphml", "graph.graphml")   # doctest: +SKIP
"""
from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


class UnknownFormatError(ValueError):
    """A format name that is not registered; the message lists the known ones."""


class UnknownOptionError(TypeError):
    """A writer option that no registered format takes; the message lists the ones they do."""


@dataclass(frozen=True)
class Format:
    """One output format: its canonical name, aliases, default file name and writer path."""

    name: str
    target: str  # "package.module:function"
    filename: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    #: the keyword options the writer takes (a writer gets no other)
    options: tuple[str, ...] = ()
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    def load(self) -> Callable:
        """Import the writer (once) and return it."""
        writer = self._cache.get("writer")
        if writer is None:
            module_name, _, attr = self.target.partition(":")
            try:
                module = importlib.import_module(module_name)
            except ImportError as err:
                raise ImportError(f"format {self.name!r} needs module {module_name!r}, which cannot be "
                                  f"imported ({err})") from err
            try:
                writer = getattr(module, attr)
            except AttributeError:
                raise ImportError(f"format {self.name!r}: module {module_name!r} has no {attr!r}") from None
            self._cache["writer"] = writer
        return writer

    def accepted(self, options: dict) -> dict:
        """The ``options`` this format's writer takes; ``UnknownOptionError`` for one no format takes."""
        check_options(options)
        return {k: v for k, v in options.items() if k in self.options}

    def write(self, kg, path: str | os.PathLike, **options) -> Path:
        """Write ``kg`` to ``path`` (a folder means ``folder/<default file name>``).

        Options another format takes but this one does not are left out, so one set of options
        (``base_iri``, ``provenance``, ...) can drive every format; an option no format takes raises
        ``UnknownOptionError`` before anything is written.
        """
        chosen = self.accepted(options)
        path = Path(path)
        if path.is_dir() or str(path).endswith(("/", os.sep)):
            path = path / self.filename
        result = self.load()(kg, path, **chosen)
        return Path(result) if result is not None else path


_FORMATS: dict[str, Format] = {}  # canonical name -> Format
_NAMES: dict[str, str] = {}  # any name or alias (lower case) -> canonical name


def register(name: str, target: str, filename: str, aliases: tuple[str, ...] | list[str] = (),
             description: str = "", options: tuple[str, ...] | list[str] = ()) -> Format:
    """Register (or replace) a format. ``target`` is ``"module:function"``, imported lazily; ``options``
    are the keyword options the writer takes (it is passed no other)."""
    if ":" not in target:
        raise ValueError(f"target {target!r} must look like 'package.module:function'")
    fmt = Format(name.lower(), target, filename, tuple(a.lower() for a in aliases), description, tuple(options))
    old = _FORMATS.get(fmt.name)
    if old is not None:
        for alias in old.aliases:
            _NAMES.pop(alias, None)
    _FORMATS[fmt.name] = fmt
    for key in (fmt.name, *fmt.aliases):
        _NAMES[key] = fmt.name
    return fmt


def get_format(name: str) -> Format:
    """The format called ``name`` (or an alias of it, any case). UnknownFormatError lists the known ones."""
    key = str(name).strip().lower().lstrip(".")
    canonical = _NAMES.get(key)
    if canonical is None:
        raise UnknownFormatError(f"unknown format {name!r}; known formats: {known_names()}")
    return _FORMATS[canonical]


def get_writer(name: str) -> Callable:
    """The writer function of format ``name`` (imported on first use)."""
    return get_format(name).load()


def formats() -> list[Format]:
    """Every registered format, by name."""
    return [_FORMATS[name] for name in sorted(_FORMATS)]


def known_names() -> str:
    """'html, json, jsonld (json-ld), ...': the names for an error message or ``--help``."""
    return ", ".join(f"{f.name} ({', '.join(f.aliases)})" if f.aliases else f.name for f in formats())


def known_options() -> list[str]:
    """Every option some registered format declares, sorted."""
    return sorted({option for fmt in _FORMATS.values() for option in fmt.options})


def check_options(options: dict) -> None:
    """``UnknownOptionError`` naming the options no registered format takes (typos), with the known ones."""
    unknown = sorted(set(options) - set(known_options()))
    if unknown:
        raise UnknownOptionError(f"unknown writer option{'s' * (len(unknown) > 1)} {', '.join(map(repr, unknown))}; "
                                 f"the writers take: {', '.join(known_options())}")


def write(kg, fmt: str, path: str | os.PathLike, **options) -> Path:
    """Write ``kg`` in format ``fmt`` to ``path`` (file, or folder for the default file name)."""
    return get_format(fmt).write(kg, path, **options)


_RDF_OPTIONS = ("base_iri", "provenance")
register("turtle", "kgbuilder.exports.rdf:write_turtle", "graph.ttl", ("ttl",), "RDF Turtle", _RDF_OPTIONS)
register("ntriples", "kgbuilder.exports.rdf:write_ntriples", "graph.nt", ("nt", "n-triples"), "RDF N-Triples",
         _RDF_OPTIONS)
register("jsonld", "kgbuilder.exports.rdf:write_jsonld", "graph.jsonld", ("json-ld",), "RDF JSON-LD with a @context",
         _RDF_OPTIONS)
register("trig", "kgbuilder.exports.rdf:write_trig", "graph.trig", (), "RDF TriG, one named graph per document",
         _RDF_OPTIONS)
register("json", "kgbuilder.exports.json_export:write_json", "graph.json", ("node-link",),
         "networkx node-link JSON (the stable graph.json contract)", ("indent",))
register("html", "kgbuilder.exports.html:write_html", "graph.html", (), "offline interactive viewer",
         ("title", "size_by", "physics", "max_evidence", "seed", "max_label"))
register("graphml", "kgbuilder.exports.graph_formats:write_graphml", "graph.graphml", (),
         "GraphML for Gephi, Cytoscape, yEd (both layers; each node and edge says its layer)", ("layer",))
register("gexf", "kgbuilder.exports.graph_formats:write_gexf", "graph.gexf", (),
         "GEXF for Gephi, coloured by type (both layers; each node and edge says its layer)", ("layer",))
