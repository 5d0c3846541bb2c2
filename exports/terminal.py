"""Text from the data, made safe to print on a terminal.

Document text, file names and query results may hold ESC, BEL, NUL and the bidirectional controls
that reorder what a terminal shows (``U+202E`` writes the rest of a line backwards). Printed raw they
can recolour, retitle or hide output; printed through :func:`printable` each shows as an escape.
"""
from __future__ import annotations

import re

# C0 and C1 controls and DEL; the bidirectional marks, embeddings, overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def printable(text: str, keep: str = "") -> str:
    """``text`` with every control character escaped (``\\x1b``, ``\\u202e``, ``\\n``) except those in ``keep``.

    Lone surrogates (undecodable file names) are escaped too: they cannot be written to a UTF-8 terminal.
    """
    if keep:
        return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)
    return _UNSAFE.sub(_escape, text)
