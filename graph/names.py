"""Name knowledge shared by extraction and resolution: titles, aliases, demonyms (graph/data/names.json)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


class LexiconError(ValueError):
    """A lexicon file is missing or malformed."""


def read_lexicon_file(path: Path, required: tuple[str, ...]) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LexiconError(f"{path}: lexicon file not found; reinstall kgbuilder or pass an existing file") from None
    except json.JSONDecodeError as err:
        raise LexiconError(f"{path}: not valid JSON at line {err.lineno} column {err.colno}: {err.msg}") from None
    missing = [key for key in required if not isinstance(data.get(key), (dict, list))]
    if missing:
        raise LexiconError(f"{path}: missing section(s) {', '.join(missing)}; see the files in graph/data/ and extractors/data/ for the format")
    return data


@dataclass(frozen=True)
class NameLexicon:
    titles: frozenset[str]
    aliases: dict[str, str]
    demonyms: dict[str, str]

    @cached_property  # read once per entity mention: computed once per lexicon
    def longest_title_words(self) -> int:
        return max(len(t.split()) for t in self.titles)


@lru_cache(maxsize=8)
def load_names(path: str | None = None) -> NameLexicon:
    data = read_lexicon_file(Path(path) if path else DATA_DIR / "names.json", ("titles", "aliases", "demonyms"))
    return NameLexicon(frozenset(t.lower() for t in data["titles"]),
                       {k.lower(): v for k, v in data["aliases"].items()},
                       {k.lower(): v for k, v in data["demonyms"].items()})
