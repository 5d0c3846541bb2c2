"""Words with the bound prefix "co-" through the real pipeline, on sentences written for these tests."""
import pytest

from kgbuilder.extractors.pipeline import BOUND_PREFIX
from kgbuilder.extractors.triples import extract_document

pytestmark = pytest.mark.model


def facts(nlp, text: str) -> set[tuple[str, str, str]]:
    return {(t.subject.key_text, t.relation, t.object.key_text) for t in extract_document(nlp(text), "d").triples}


@pytest.mark.parametrize("text, word, lemma", [
    ("Robert Smith co-founded the Liberal Alliance Party in 1975.", "co-founded", "co-found"),
    ("Talks aimed at closer co-operation (and co-ordination).", "co-operation", "co-operation"),
    ("Mary Jones, a Co-founder of the Green Future Society, spoke.", "Co-founder", "co-founder"),
])
def test_a_co_word_is_one_token_with_its_stems_lemma(nlp, text, word, lemma):
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    assert token.lemma_ == lemma
    assert "co" not in [t.lower_ for t in doc]  # never split off at the hyphen


def test_punctuation_around_a_co_word_is_still_split_off(nlp):
    assert [t.text for t in nlp("(co-hosted, co-chaired.)")] == ["(", "co-hosted", ",", "co-chaired", ".", ")"]
    assert BOUND_PREFIX.match("co-founder,") is None and BOUND_PREFIX.match("cost-cutting") is None


def test_founding_is_read_from_the_verb_and_from_the_role_noun(nlp):
    assert ("Robert Smith", "founded", "the Liberal Alliance Party") in facts(
        nlp, "Robert Smith co-founded the Liberal Alliance Party in 1975.")
    assert ("John Baker", "founder_of", "Acme Corporation") in facts(
        nlp, "Acme Corporation co-founder John Baker said on Monday that sales rose.")
    assert ("Mary Jones", "founder_of", "the Green Future Society") in facts(
        nlp, "Mary Jones, a co-founder of the Green Future Society, spoke.")
