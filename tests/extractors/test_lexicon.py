"""The relation and name lexicons: data files, loaded with errors that name the file."""
import json

import pytest

from kgbuilder.extractors.lexicon import LexiconError, load_names, load_relations


def test_default_relation_lexicon_maps_frames_to_canonical_relations():
    lex = load_relations()
    assert lex.canonical("discuss_with") == "spoke_with"
    assert lex.canonical("conversation_with") == "spoke_with"
    assert lex.canonical("unknown_frame", "kill") == "killed"  # first known frame wins
    assert lex.canonical("frobnicate") is None  # unmapped verbs keep their lemma (the caller decides)
    assert lex.role("Foreign Minister") == "foreign_minister_of"


def test_every_canonical_relation_is_an_identifier():
    lex = load_relations()
    for name in [*lex.frames.values(), *lex.roles.values()]:
        name = name.removeprefix("^")  # a frame may name its relation from the object's side
        assert name.replace("_", "").isalnum() and name == name.lower(), name


def test_default_name_lexicon():
    names = load_names()
    assert names.aliases["u.s."] == "United States"
    assert names.demonyms["russian"] == "Russia"
    assert "secretary of state" in names.titles


def test_a_custom_relation_file(tmp_path):
    path = tmp_path / "relations.json"
    path.write_text(json.dumps({"frames": {"wed": "married_to"}, "roles": {"Boss": "leader_of"}}))
    with pytest.raises(LexiconError, match=r"relations\.json: relations married_to are not declared in .*schema\.json"):
        load_relations(str(path))
    path.write_text(json.dumps({"frames": {"wed": "family_of"}, "roles": {"Boss": "leader_of"}}))
    lex = load_relations(str(path))
    assert lex.canonical("wed") == "family_of" and lex.role("boss") == "leader_of"


def test_malformed_files_name_the_file_and_the_problem(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"frames": {')
    with pytest.raises(LexiconError, match=r"broken\.json: not valid JSON at line 1"):
        load_relations(str(broken))
    partial = tmp_path / "partial.json"
    partial.write_text('{"frames": {}}')
    with pytest.raises(LexiconError, match=r"partial\.json: missing section\(s\) roles"):
        load_relations(str(partial))
    with pytest.raises(LexiconError, match="missing.json: lexicon file not found"):
        load_names(str(tmp_path / "missing.json"))


def test_type_constraints():
    lex = load_relations()
    assert lex.allows("member_of", "GPE", "ORG")
    assert not lex.allows("member_of", "PERSON", "PERSON")
    assert lex.allows("member_of", "", "")  # plain phrases are not ruled out
    assert lex.allows("frobnicate", "PERSON", "DATE")  # no constraint


def test_every_emitted_relation_declares_its_schema_relation():
    lex = load_relations()
    schema = lex.schema
    assert len(schema.relations) == 16
    assert lex.schema_of("foreign_minister_of") == "works_for"
    assert lex.schema_of("president_of") == "leader_of"
    assert lex.schema_of("spoke_with") == "met_with"
    assert lex.schema_of("discuss") == ""  # a verb lemma is a kind of no schema relation
    assert schema.generalises("leader_of", "works_for") and not schema.generalises("works_for", "leader_of")
    assert schema.is_symmetric("met_with") and not schema.is_symmetric("killed")
    for relation in [*lex.frames.values(), *lex.roles.values()]:
        assert relation.removeprefix("^") in schema.declared, relation


def test_a_broken_schema_names_the_file_and_the_field(tmp_path):
    from kgbuilder.graph.schema import load_schema

    path = tmp_path / "schema.json"
    path.write_text(json.dumps({"schema": {"works_for": {"head": ["PERSON"], "tail": ["ORG", "COUNTRY"]}},
                                "relations": {"works_for": {"schema": "works_for"}}}))
    with pytest.raises(LexiconError, match=r"schema\.json: schema\.works_for\.tail: expected a list of entity labels"):
        load_schema(str(path))
    path.write_text(json.dumps({"schema": {"works_for": {"head": ["PERSON"], "tail": ["ORG"]}},
                                "relations": {"works_for": {"schema": "works_for"}, "boss_of": {"schema": "leads"}}}))
    with pytest.raises(LexiconError, match=r"relations\.boss_of\.schema: 'leads' is not one of the schema relations"):
        load_schema(str(path))


def test_every_section_of_the_relation_lexicon_is_checked(tmp_path):
    path = tmp_path / "relations.json"
    cases = [
        ({"frames": {"wed": 3}, "roles": {}}, r"frames\.wed: expected a relation name"),
        ({"frames": {}, "roles": {}, "words": {"light_verbs": "make"}}, r"words\.light_verbs: expected a list"),
        ({"frames": {}, "roles": {}, "descriptions": {"firm": ["COMPANY"]}}, r"descriptions\.firm: expected entity labels"),
        ({"frames": {}, "roles": {}, "retype": {"located_in": {"ORG": 1}}}, r"retype\.located_in: expected an object"),
    ]
    for data, message in cases:
        path.write_text(json.dumps(data))
        with pytest.raises(LexiconError, match=message):
            load_relations(str(path))


def test_a_word_list_the_rules_ask_for_must_exist(tmp_path):
    path = tmp_path / "relations.json"
    path.write_text(json.dumps({"frames": {}, "roles": {}, "words": {}}))
    with pytest.raises(LexiconError, match="no word list 'light_verbs'"):
        load_relations(str(path)).words("light_verbs")
