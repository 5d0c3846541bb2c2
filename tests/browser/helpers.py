"""Graphs and page probes for the browser tests (the fixtures are in conftest.py)."""
from __future__ import annotations

from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.graph.model import Provenance


def canvas_ink(viewer) -> int:
    """How many pixels of the network canvas are not background: proof that something was drawn."""
    return viewer.js("""() => {
        const canvas = document.querySelector('#kg-network canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 0; i < data.length; i += 4) {
            if (data[i + 3] > 0 && (data[i] < 235 || data[i + 1] < 235 || data[i + 2] < 235)) ink++;
        }
        return ink;
    }""")


# ------------------------------------------------------------------------------ graphs
def seed_like_graph() -> KnowledgeGraph:
    """A hand-built graph shaped like the seed article's."""
    kg = KnowledgeGraph(name="Seed article (hand-built)")
    people = [("John_Kerry", "John Kerry", "PERSON", "Kerry"), ("Sergei_Lavrov", "Sergei Lavrov", "PERSON", "Lavrov"),
              ("Mark_Toner", "Mark Toner", "PERSON", "Toner"), ("Zahran_Alloush", "Zahran Alloush", "PERSON", "Alloush"),
              ("Russia", "Russia", "GPE", None), ("Syria", "Syria", "GPE", None), ("US", "United States", "GPE", "US"),
              ("Jaysh_al_Islam", "Jaysh al Islam", "ORG", None), ("State_Department", "State Department", "ORG", None),
              ("Russian", "Russian", "NORP", None), ("Geneva", "Geneva", "GPE", None),
              ("peace_talks", "peace talks", "", None), ("ceasefire", "a ceasefire", "", None)]
    for node, label, type_, alias in people:
        kg.add_entity(node, label, type_, alias=alias, span=("seed.txt", 0, 1))
    facts = [("John_Kerry", "discuss_with", "Sergei_Lavrov", False, "Kerry discussed Syria with Lavrov in a phone call."),
             ("John_Kerry", "discuss", "Syria", False, "Kerry discussed Syria with Lavrov in a phone call."),
             ("Mark_Toner", "say", "John_Kerry", False, "Toner said Kerry discussed the peace talks."),
             ("Mark_Toner", "spokesperson_of", "State_Department", False, "State Department spokesperson Mark Toner"),
             ("Sergei_Lavrov", "foreign_minister_of", "Russia", False, "Russian Foreign Minister Sergei Lavrov"),
             ("Zahran_Alloush", "head_of", "Jaysh_al_Islam", False, "Alloush, the head of Jaysh al Islam"),
             ("Russia", "attack", "Zahran_Alloush", False, "a Russian airstrike killed Alloush"),
             ("John_Kerry", "secretary_of_state_of", "US", False, "US Secretary of State John Kerry"),
             ("Russia", "support", "peace_talks", True, "Russia did not support the peace talks in Geneva."),
             ("peace_talks", "in", "Geneva", False, "the peace talks in Geneva"),
             ("Russian", "nationality_of", "Sergei_Lavrov", False, "Russian Foreign Minister Sergei Lavrov"),
             ("Syria", "agree_to", "ceasefire", False, "Syria agreed to a ceasefire.")]
    for i, (s, r, o, negated, sentence) in enumerate(facts):
        kg.add_fact(s, r, o, 0.55 + 0.03 * i, Provenance("seed.txt", i, sentence, 0, len(sentence)),
                    negated=negated)
    return kg


#: Set window.__pwned if they ever run; alert() if they ever run (the dialog is recorded).
HOSTILE_LABELS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"};alert(1);//',
                  "</script><script>window.__pwned=1</script>", "<svg onload=\"window.__pwned=2\">",
                  "<iframe srcdoc='<script>parent.__pwned=3</script>'>"]


def hostile_graph() -> KnowledgeGraph:
    """Every text field of the graph carries markup or script."""
    kg = KnowledgeGraph(name="<b>corpus</b><script>alert('title')</script>")
    kg.add_entity("victim", "Victim", "PERSON", alias="<img src=y onerror=alert('alias')>")
    for i, label in enumerate(HOSTILE_LABELS):
        node = f"hostile_{i}"
        kg.add_entity(node, label, type_="ORG" if i % 2 else "<b>TYPE</b>", alias=f"<img src=z{i} onerror=alert({i})>")
        sentence = f"{label} met the victim; </script><script>alert('sentence {i}')</script>"
        kg.add_fact(node, "meet" if i % 2 else "<i>rel</i>\"};alert(1);//", "victim", 0.6,
                    Provenance(f"doc<script>alert({i})</script>.txt", i, sentence, 0, len(sentence)),
                    negated=i == 3)
    return kg


def synthetic_graph(n: int) -> KnowledgeGraph:
    """n entities in a ring with chords: enough to take the precomputed-layout path."""
    kg = KnowledgeGraph(name=f"synthetic {n}")
    types = ["PERSON", "ORG", "GPE", ""]
    for i in range(n):
        kg.add_entity(f"E{i}", f"Entity {i}", types[i % 4], span=("d", i, i + 1))
    for i in range(n):
        kg.add_fact(f"E{i}", "next", f"E{(i + 1) % n}", 0.5, Provenance("d", i, f"s{i}", 0, 1))
        if i % 7 == 0:
            kg.add_fact(f"E{i}", "chord", f"E{(i * 13) % n}", 0.5, Provenance("d", n + i, f"c{i}", 0, 1))
    return kg
