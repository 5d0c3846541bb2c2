"""Fixtures for the exports tests: a small hand-built graph of the seed article's facts, the same with a
claims layer, and the 40 Wikinews articles built once per session (``corpus``, see corpus.py)."""
from __future__ import annotations

import pytest

from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.graph.model import Provenance

from .corpus import corpus  # noqa: F401  (the session fixture)

SEED = "000_89717a7031c64688.txt"
CALL = ("He said Secretary of State John Kerry discussed concerns about the strikes in a phone call "
        "with Russian Foreign Minister Sergei Lavrov.")
TONER_QUOTE = ('"We have at times in the past six months to a year seen Russia play a more positive or '
               'constructive role on the political side of resolving the Syrian conflict," Toner said.')
NOT_MET = "Kerry did not meet Assad."


def news_graph() -> KnowledgeGraph:
    """Kerry -spoke_with-> Lavrov (two sentences), Toner -said-> ..., a negated fact, titles, dates."""
    kg = KnowledgeGraph(name="seed")
    kg.add_entity("John_Kerry", "John Kerry", "PERSON", alias="Kerry", span=(SEED, 1180, 1190),
                  attributes={"title": ["Secretary of State"]})
    kg.add_entity("John_Kerry", "John Kerry", "PERSON", alias="Secretary Kerry", span=(SEED, 2400, 2405))
    kg.add_entity("Sergei_Lavrov", "Sergei Lavrov", "PERSON", alias="Lavrov", span=(SEED, 1270, 1283),
                  attributes={"title": ["Foreign Minister"], "nationality": ["Russian"]})
    kg.add_entity("Mark_Toner", "Mark Toner", "PERSON", alias="Toner", span=(SEED, 300, 310),
                  attributes={"title": ["State Department spokesman"]})
    kg.add_entity("Bashar_al-Assad", "Bashar al-Assad", "PERSON", alias="Assad")
    kg.add_entity("Russia", "Russia", "GPE", span=(SEED, 700, 706))
    kg.add_entity("Syrians", "Syrian", "NORP")
    kg.add_entity("State_Department", "State Department", "ORG",
                  attributes={"founded": ["July 27, 1789"], "staff": ["13000"]})
    kg.add_entity("russia_role", "Russia play a more positive or constructive role", "")
    kg.add_entity("kerry_discussed", "Secretary of State John Kerry discussed concerns", "")

    kg.add_fact("John_Kerry", "spoke_with", "Sergei_Lavrov", 0.8,
                Provenance(SEED, 7, CALL, 1166, 1290), "rules", "discussed concerns in a phone call with")
    kg.add_fact("John_Kerry", "spoke_with", "Sergei_Lavrov", 0.7,
                Provenance("wikinews/002.txt", 3, "Kerry had a conversation with Lavrov.", 40, 77), "rules",
                "had a conversation with")
    kg.add_fact("Mark_Toner", "said", "russia_role", 0.8, Provenance(SEED, 5, TONER_QUOTE, 820, 990), "rules")
    kg.add_fact("Mark_Toner", "said", "kerry_discussed", 0.8, Provenance(SEED, 7, CALL, 1166, 1290), "rules")
    kg.add_fact("Mark_Toner", "spokesman_of", "State_Department", 0.9,
                Provenance(SEED, 2, "State Department spokesman Mark Toner said Tuesday ...", 300, 345), "appos")
    kg.add_fact("John_Kerry", "meet", "Bashar_al-Assad", 0.6, Provenance("wikinews/003.txt", 1, NOT_MET, 0, 25),
                "rules", "meet", negated=True)
    return kg


@pytest.fixture
def news_kg() -> KnowledgeGraph:
    return news_graph()


def layered_graph() -> KnowledgeGraph:
    """news_graph plus a claims layer (a phrase and a value of one document), a hypothetical fact,
    and relations that are kinds of schema relations."""
    kg = news_graph()
    kg.add_entity(f"concept/{SEED}/concerns", "concerns", "", kind="phrase")
    kg.add_entity(f"literal/{SEED}/Tuesday", "Tuesday", "DATE", kind="literal")
    kg.add_fact("John_Kerry", "discuss", f"concept/{SEED}/concerns", 0.7, Provenance(SEED, 7, CALL, 1166, 1290))
    kg.add_fact("Mark_Toner", "say_on", f"literal/{SEED}/Tuesday", 0.6,
                Provenance(SEED, 2, "State Department spokesman Mark Toner said Tuesday ...", 300, 345))
    kg.add_fact("John_Kerry", "meet", "Sergei_Lavrov", 0.6, Provenance(SEED, 9, HYPOTHETICAL, 0, 40),
                surface="will meet", modality="will")
    kg.add_fact("Sergei_Lavrov", "foreign_minister_of", "Russia", 0.9,
                Provenance(SEED, 8, "Russian Foreign Minister Sergei Lavrov", 1250, 1290), schema="works_for")
    kg.add_entity("Syria", "Syria", "GPE")
    kg.add_fact("Bashar_al-Assad", "president_of", "Syria", 0.8,
                Provenance("wikinews/003.txt", 2, "Syrian President Bashar al-Assad", 0, 32), schema="leader_of")
    return kg


HYPOTHETICAL = "Kerry will meet Lavrov in Geneva next week."


@pytest.fixture
def layered_kg() -> KnowledgeGraph:
    return layered_graph()
