"""The relation lexicon, kept in a data file (extractors/data/relations.json), not in code.

Name knowledge (titles, aliases, demonyms) lives in graph.names: resolution needs it too."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kgbuilder.graph.names import LexiconError, NameLexicon, load_names, read_lexicon_file

__all__ = ["LexiconError", "NameLexicon", "RelationLexicon", "load_names", "load_relations"]

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class RelationLexicon:
    frames: dict[str, str]
    inverses: dict[str, str]
    roles: dict[str, str]
    constraints: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def canonical(self, *frames: str) -> str | None:
        """The canonical relation of the first frame the lexicon knows, or None."""
        for frame in frames:
            if frame and frame in self.frames:
                return self.frames[frame]
        return None

    def allows(self, relation: str, subject_label: str, object_label: str) -> bool:
        """Whether the argument types fit the relation's constraints (no constraint: yes).

        An argument with no entity label (a plain phrase) is not ruled out: the text did not say.
        """
        rule = self.constraints.get(relation)
        if not rule:
            return True
        for label, allowed in ((subject_label, rule.get("subject")), (object_label, rule.get("object"))):
            if allowed and label and label not in allowed:
                return False
        return True

    def role(self, phrase: str) -> str | None:
        return self.roles.get(phrase.lower().strip())


@lru_cache(maxsize=8)
def load_relations(path: str | None = None) -> RelationLexicon:
    data = read_lexicon_file(Path(path) if path else DATA_DIR / "relations.json", ("frames", "inverses", "roles"))
    return RelationLexicon(dict(data["frames"]), dict(data["inverses"]),
                           {k.lower(): v for k, v in data["roles"].items()}, dict(data.get("constraints", {})))
