"""Entity repair on the real pipeline, on sentences written for these tests."""
import pytest

from kgbuilder.extractors.entity_repair import repair_entities

pytestmark = pytest.mark.model


@pytest.mark.parametrize("text,word", [
    ("The strikes began at 4:00 A.M. local time (0100 UTC) near the port.", "UTC"),
    ("The strikes began at 4:00 A.M. local time (0100 UTC) near the port.", "A.M."),
    ("Ola Berg died at 2:15 BST in the hospital.", "BST"),
    ("Polls closed at 0300 GMT in the capital.", "GMT"),
])
def test_clock_words_are_times_not_names(nlp, text, word):
    labels = {e.text: e.label_ for e in repair_entities(nlp(text)).ents}
    assert labels.get(word, "TIME") == "TIME"  # a time, or no entity at all


def test_words_that_look_like_zones_stay_names(nlp):
    # "the West" is no time zone, however it is written
    labels = {e.text: e.label_ for e in repair_entities(nlp("Relations between Russia and the West worsened.")).ents}
    assert labels.get("the West", labels.get("West", "LOC")) != "TIME"


def test_a_name_before_a_natural_place_noun_is_a_place(nlp):
    # the tagger reads "Amazon" as the company
    labels = {e.text: e.label_ for e in repair_entities(nlp("Fires spread across the Amazon rainforest in May.")).ents}
    assert labels["Amazon"] == "LOC"
