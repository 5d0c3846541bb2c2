"""DocumentResults as bytes: a versioned JSON format, derived from the dataclasses of ``graph.model``.

Results go to checkpoint files and cross process boundaries (pool and Dask workers). The format is
data, never code (a crafted checkpoint folder cannot run anything), and validated when read::

    {"codec": "kgbuilder-results", "version": 2,
     "fields": {"DocumentResult": ["doc_id", "triples", ...], "Triple": [...], "Mention": [...], ...},
     "results": [["a.txt", [[["John Kerry", "PERSON", 10, 20, "entity", ""], "spoke_with", ...]], ...], ...]}

Each object is the list of its field values in the order the header names them. Nothing here names a
field: the codec walks ``dataclasses.fields`` and the type hints of ``DocumentResult`` (and of the types
its fields hold), so a field added to ``Mention``, ``Triple``, ``Provenance`` or ``DocumentResult`` needs
no change here. Reading data written before a field existed fills in the field's default; a field with
no default that the data lacks makes the data unreadable (``CodecError`` says which), and a checkpoint
then starts over.
"""
from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import lru_cache
from operator import attrgetter
from typing import Any, Callable, Sequence

from kgbuilder.graph.model import DocumentResult

CODEC = "kgbuilder-results"
#: The layout of the file (header + rows); the fields themselves are named in every header.
VERSION = 2
_PLAIN = (str, int, float, bool, type(None))


class CodecError(ValueError):
    """Bytes that are not results this version of kgbuilder can read; the message says why."""


# ---------------------------------------------------------------------- the types, from graph.model
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _dataclasses_of(hint, found: dict[str, type]) -> None:
    """Every dataclass reachable from ``hint`` through fields, lists and tuples, by name."""
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        if hint.__name__ in found:
            return
        found[hint.__name__] = hint
        for f in dataclasses.fields(hint):
            _dataclasses_of(_hints(hint)[f.name], found)
        return
    for arg in typing.get_args(hint):
        _dataclasses_of(arg, found)


@lru_cache(maxsize=1)
def _types() -> dict[str, type]:
    found: dict[str, type] = {}
    _dataclasses_of(DocumentResult, found)
    return found


@lru_cache(maxsize=1)
def schema() -> dict[str, list[str]]:
    """The field names of every type in the results, as written in each header."""
    return {name: [f.name for f in dataclasses.fields(cls)] for name, cls in _types().items()}


# ---------------------------------------------------------------------- encoding
def _encoder(hint) -> Callable | None:
    """A function turning a value of type ``hint`` into JSON data, or None when it is JSON already."""
    if dataclasses.is_dataclass(hint):
        return _object_encoder(hint)
    args = typing.get_args(hint)
    inner = [_encoder(arg) for arg in args if arg is not Ellipsis]
    if not any(inner):
        return None
    if typing.get_origin(hint) is list or (typing.get_origin(hint) is tuple and Ellipsis in args):
        each = inner[0]
        return lambda values: [each(v) for v in values]
    if typing.get_origin(hint) is tuple:
        return lambda values: [e(v) if e else v for e, v in zip(inner, values)]
    return None


@lru_cache(maxsize=None)
def _object_encoder(cls: type) -> Callable:
    names = [f.name for f in dataclasses.fields(cls)]
    get = attrgetter(*names) if len(names) > 1 else (lambda obj, _g=attrgetter(names[0]): (_g(obj),))
    special = [(i, e) for i, name in enumerate(names) if (e := _encoder(_hints(cls)[name]))]
    if not special:
        return get  # a tuple of plain values: JSON writes it as an array

    def encode(obj) -> list:
        values = list(get(obj))
        for i, e in special:
            values[i] = e(values[i])
        return values
    return encode


def dump_results(results: Sequence[DocumentResult]) -> bytes:
    """``results`` as bytes for a checkpoint file or a trip between processes (``load_results`` reads them)."""
    encode = _object_encoder(DocumentResult)
    document = {"codec": CODEC, "version": VERSION, "fields": schema(), "results": [encode(r) for r in results]}
    # ASCII escapes: lone surrogates from broken input survive the trip instead of failing to encode
    return json.dumps(document, ensure_ascii=True, check_circular=False, separators=(",", ":")).encode("ascii")


# ---------------------------------------------------------------------- decoding
def _decoder(hint, stored: dict[str, tuple[str, ...]], where: str) -> Callable:
    """A function checking JSON data against ``hint`` and building the value."""
    if dataclasses.is_dataclass(hint):
        return _object_decoder(hint, stored)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list or (origin is tuple and Ellipsis in args):
        each, build = _decoder(args[0], stored, where), (list if origin is list else tuple)
        return lambda data: build([each(v) for v in _array(data, where)])
    if origin is tuple:
        parts = [_decoder(arg, stored, where) for arg in args]
        return lambda data: tuple(d(v) for d, v in zip(parts, _array(data, where, len(parts))))
    if hint is float:
        return lambda data: float(data) if type(data) in (float, int) else _wrong(data, where, "a number")
    if hint in _PLAIN:
        return lambda data: data if type(data) is hint else _wrong(data, where, hint.__name__)
    if origin in (typing.Union, types.UnionType) and all(a in _PLAIN for a in args):
        return lambda data: data if type(data) in args else _wrong(data, where, str(hint))
    return lambda data: data  # other JSON data (a dict, Any) as it is


def _array(data, where: str, length: int | None = None) -> list:
    if type(data) is not list or (length is not None and len(data) != length):
        _wrong(data, where, f"an array of {length}" if length is not None else "an array")
    return data


def _wrong(data, where: str, expected: str):
    raise CodecError(f"{where}: expected {expected}, found {type(data).__name__} {str(data)[:40]!r}")


def _object_decoder(cls: type, stored: dict[str, tuple[str, ...]]) -> Callable:
    """Build ``cls`` from a row written with the fields ``stored[cls.__name__]`` (older data: defaults)."""
    written = stored.get(cls.__name__)
    if written is None:
        raise CodecError(f"the data has no field list for {cls.__name__}")
    hints, fields = _hints(cls), dataclasses.fields(cls)
    if written == tuple(f.name for f in fields):
        return _same_fields_decoder(cls, stored)
    plan = []
    for f in fields:
        where = f"{cls.__name__}.{f.name}"
        if f.name in written:
            plan.append((written.index(f.name), _decoder(hints[f.name], stored, where)))
        elif f.default is not dataclasses.MISSING:
            plan.append((None, lambda _row, _v=f.default: _v))
        elif f.default_factory is not dataclasses.MISSING:
            plan.append((None, lambda _row, _f=f.default_factory: _f()))
        else:
            raise CodecError(f"the data was written without the field {where}, which has no default")
    width = len(written)

    def decode(row) -> Any:
        _array(row, cls.__name__, width)
        return cls(*[convert(row) if index is None else convert(row[index]) for index, convert in plan])
    return decode


def _same_fields_decoder(cls: type, stored: dict[str, tuple[str, ...]]) -> Callable:
    """The common case, written by this version: one check of the row's value types, then the nested
    values converted in place. Rows that fail the quick check go through the field-by-field one."""
    hints = _hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    converters = [_decoder(hints[name], stored, f"{cls.__name__}.{name}") for name in names]
    expected = tuple(_json_type(hints[name]) for name in names)
    nested = [(i, _checked_list_decoder(hints[names[i]], stored) or converters[i])
              for i, t in enumerate(expected) if t is list]
    width = len(names)

    def careful(row) -> Any:
        _array(row, cls.__name__, width)
        return cls(*[convert(value) for convert, value in zip(converters, row)])

    def decode(row) -> Any:
        if tuple(map(type, row)) != expected:  # not a list of the right values (a dict, a str...)
            return careful(row)
        for i, convert in nested:
            row[i] = convert(row[i])
        return cls(*row)
    return decode


def _checked_list_decoder(hint, stored: dict[str, tuple[str, ...]]) -> Callable | None:
    """For a list field whose value is known to be a JSON array: convert each item, no second check."""
    if typing.get_origin(hint) is not list:
        return None
    each = _decoder(typing.get_args(hint)[0], stored, str(hint))
    return lambda data: [each(v) for v in data]


def _json_type(hint) -> type | None:
    """The type json.loads gives a value of type ``hint`` (None: no single one)."""
    if dataclasses.is_dataclass(hint) or typing.get_origin(hint) in (list, tuple):
        return list
    return hint if hint in _PLAIN else None


@lru_cache(maxsize=8)
def _results_decoder(fields: tuple[tuple[str, tuple[str, ...]], ...]) -> Callable:
    return _object_decoder(DocumentResult, dict(fields))


def _header_fields(document) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(document, dict) or document.get("codec") != CODEC:
        raise CodecError("not kgbuilder results")
    if document.get("version") != VERSION:
        raise CodecError(f"results format version {document.get('version')!r}; this kgbuilder reads {VERSION}")
    fields = document.get("fields")
    if not isinstance(fields, dict) or not all(
            isinstance(names, list) and all(isinstance(n, str) for n in names) for names in fields.values()):
        raise CodecError("the header's field lists are malformed")
    if not isinstance(document.get("results"), list):
        raise CodecError("no list of results")
    return tuple(sorted((str(name), tuple(names)) for name, names in fields.items()))


def load_results(data: bytes) -> list[DocumentResult]:
    """The DocumentResults ``dump_results`` wrote, checked field by field; ``CodecError`` when they are not."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as err:  # JSONDecodeError is a ValueError
        raise CodecError(f"not JSON ({err})") from None
    decode = _results_decoder(_header_fields(document))
    try:
        return [decode(row) for row in document["results"]]
    except (TypeError, ValueError) as err:  # a row that is no array, a dataclass refusing its arguments
        if isinstance(err, CodecError):
            raise
        raise CodecError(f"malformed results ({err})") from None
