"""What a build did: ``BuildReport``, with the one-screen summary ``kgbuilder build`` prints."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kgbuilder.corpus import ERROR, Problem
from kgbuilder.graph.knowledge_graph import KnowledgeGraph


@dataclass
class BuildReport:
    """What a build did: counts, files written, problems, time."""

    documents: int = 0  # documents built (a long document split into parts counts once)
    sentences: int = 0
    words: int = 0
    characters: int = 0
    entities: int = 0  # nodes of the entity layer
    relations: int = 0  # edges, both layers
    claims: int = 0  # nodes of the claims layer (phrases, values)
    entity_relations: int = 0  # edges between two entities
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    model: str = ""
    parsed: int = 0  # documents parsed by this run (the rest were reused from the checkpoint)
    parsed_words: int = 0
    reused: int = 0  # documents taken from an earlier run's checkpoint
    graph: KnowledgeGraph | None = field(default=None, repr=False, compare=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def failed(self) -> bool:
        """True when some input was not built (or an output could not be written)."""
        return bool(self.errors)

    @property
    def exit_code(self) -> int:
        """0 when everything was built, 1 when some input failed (the rest was still built)."""
        return 1 if self.failed else 0

    def summary(self, max_problems: int = 10) -> str:
        """A one-screen, human summary."""
        rate = (f", {self.parsed_words / self.seconds:,.0f} words/s parsed"
                if self.seconds > 0 and self.parsed_words else "")
        lines = [
            f"Documents: {self.documents:,} ({self.sentences:,} sentences, {self.words:,} words, "
            f"{self.characters:,} characters)",
            f"Graph:     {self.entities:,} entities, {self.relations:,} relations ({self.entity_relations:,} between "
            f"entities; {self.claims:,} claim nodes: phrases and values)",
        ]
        if self.reused:
            lines.insert(1, f"Resumed:   {self.reused:,} documents reused from the checkpoint, "
                            f"{self.parsed:,} parsed")
        if self.files:
            lines.append(f"Wrote:     {self.files[0]}")
            lines.extend(f"           {f}" for f in self.files[1:])
        else:
            lines.append("Wrote:     nothing")
        lines.append(f"Time:      {self.seconds:.1f} s{rate}" + (f" (model {self.model})" if self.model else ""))
        if self.problems:
            errors = len(self.errors)
            notes = len(self.problems) - errors
            counts = ", ".join(part for part in (f"{errors} not built" if errors else "",
                                                 f"{notes} note{'s' * (notes != 1)}" if notes else "") if part)
            lines.append(f"Problems:  {counts}")
            lines.extend(f"  {p}" for p in self.problems[:max_problems])
            if len(self.problems) > max_problems:
                lines.append(f"  ... and {len(self.problems) - max_problems} more (listed on stderr)")
        else:
            lines.append("Problems:  none")
        return "\n".join(lines)
