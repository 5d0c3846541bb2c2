"""The corpus reader: files, folders, JSON Lines, stdin; every bad input reported, never fatal."""
from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgbuilder.corpus import ERROR, NOTE, Corpus, Document, split_document, split_points

GOOD = "Kerry met Lavrov in Moscow.\n"


def read(*inputs, **options):
    corpus = Corpus([str(i) for i in inputs], **options)
    docs = list(corpus)
    return docs, corpus.problems


def ids(docs):
    return [d.doc_id for d in docs]


def only_problem(problems, severity=ERROR):
    found = [p for p in problems if p.severity == severity]
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "corpus"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text("Alpha text.", encoding="utf-8")
    (root / "b" / "c.md").write_text("Gamma text.", encoding="utf-8")
    (root / "b" / "deeper" / "d.txt").write_text("Delta text.", encoding="utf-8")
    (root / "notes.rst").write_text("not read by default", encoding="utf-8")
    (root / "README.md").write_text("# about this folder", encoding="utf-8")
    (root / "SOURCES.md").write_text("attribution", encoding="utf-8")
    (root / "b" / "LICENSE.txt").write_text("license", encoding="utf-8")
    (root / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("git internals", encoding="utf-8")
    return root


# ------------------------------------------------------------------ folders and files
def test_folder_is_read_recursively_in_sorted_order_with_relative_ids(folder):
    docs, problems = read(folder)
    assert ids(docs) == ["a.txt", "b/c.md", "b/deeper/d.txt"]
    assert [d.text for d in docs] == ["Alpha text.", "Gamma text.", "Delta text."]
    assert problems == []


def test_folder_skips_project_metadata_and_hidden_files(folder):
    docs, _ = read(folder)
    assert not {"README.md", "SOURCES.md", "b/LICENSE.txt", ".hidden.txt", ".git/x.txt"} & set(ids(docs))


def test_ids_do_not_depend_on_how_the_folder_is_written(folder, monkeypatch):
    monkeypatch.chdir(folder.parent)
    assert ids(read("corpus")[0]) == ids(read("./corpus/")[0]) == ids(read(folder)[0])


def test_file_id_is_the_path_as_given(folder, monkeypatch):
    monkeypatch.chdir(folder.parent)
    docs, problems = read("./corpus//b/c.md", "corpus/a.txt")
    assert ids(docs) == ["corpus/b/c.md", "corpus/a.txt"]  # the order given, normalised
    assert problems == []


def test_a_metadata_file_named_explicitly_is_read(folder):
    docs, _ = read(folder / "README.md")
    assert [d.text for d in docs] == ["# about this folder"]


def test_the_same_file_named_twice_is_read_once(folder):
    docs, problems = read(folder, folder / "a.txt")
    assert ids(docs) == ["a.txt", "b/c.md", "b/deeper/d.txt"]
    assert problems == []


def test_glob_replaces_the_default_patterns(folder):
    assert ids(read(folder, glob=["*.rst"])[0]) == ["notes.rst"]
    assert ids(read(folder, glob="*.rst,*.md")[0]) == ["b/c.md", "notes.rst"]


def test_glob_with_a_slash_matches_the_relative_path(folder):
    assert ids(read(folder, glob=["b/*/*.txt"])[0]) == ["b/deeper/d.txt"]


def test_glob_is_case_insensitive(tmp_path):
    (tmp_path / "LOUD.TXT").write_text("Shouted text.", encoding="utf-8")
    assert ids(read(tmp_path)[0]) == ["LOUD.TXT"]


def test_exclude_replaces_the_default_list(folder):
    docs, _ = read(folder, exclude=["b/*"])  # README etc. are read again; * crosses /, so all of b/ goes
    assert ids(docs) == ["README.md", "SOURCES.md", "a.txt"]


def test_empty_exclude_skips_nothing(folder):
    docs, _ = read(folder, exclude=[""])
    assert set(ids(docs)) == {"README.md", "SOURCES.md", "a.txt", "b/c.md", "b/LICENSE.txt", "b/deeper/d.txt"}


def test_folder_with_no_matching_files_is_a_problem(tmp_path):
    (tmp_path / "x.csv").write_text("a,b", encoding="utf-8")
    docs, problems = read(tmp_path)
    assert docs == []
    problem = only_problem(problems)
    assert "no files matching *.txt, *.md" in problem.message and "--glob" in problem.message


def test_seed_folder_reads_the_articles_not_the_readme(seed_dir):
    docs, problems = read(seed_dir)
    assert problems == []
    assert "000_89717a7031c64688.txt" in ids(docs)
    assert not {"README.md", "SOURCES.md"} & set(ids(docs))
    assert ids(docs) == sorted(ids(docs))


def test_total_size_is_the_bytes_of_the_files(folder):
    corpus = Corpus([folder])
    assert corpus.total_size == sum(len(t.encode()) for t in ("Alpha text.", "Gamma text.", "Delta text."))


# ------------------------------------------------------------------ bad files
def test_missing_path_is_reported_and_the_others_are_read(folder):
    docs, problems = read(folder / "nope.txt", folder / "a.txt")
    assert ids(docs) == [(folder / "a.txt").as_posix()]
    problem = only_problem(problems)
    assert problem.source.endswith("nope.txt")
    assert "no such file or folder" in problem.message


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_file_is_reported(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    docs, problems = read(path, tmp_path / "good.txt")
    assert ids(docs) == [(tmp_path / "good.txt").as_posix()]
    problem = only_problem(problems)
    assert problem.source.endswith("empty.txt") and "empty file" in problem.message


def test_binary_file_is_reported_with_the_offset_of_the_nul_byte(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    docs, problems = read(path)
    assert docs == []
    problem = only_problem(problems)
    assert "image.txt" in str(problem)
    assert "binary file" in problem.message and "byte offset 8" in problem.message


def test_latin1_file_is_reported_with_the_byte_offset_and_a_fix(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café au lait in Zürich.".encode("latin-1"))
    docs, problems = read(path)
    assert docs == []
    problem = only_problem(problems)
    assert "not UTF-8" in problem.message
    assert "0xe9 at byte offset 3" in problem.message
    assert "iconv" in problem.message and "latin.txt" in problem.message


def test_utf16_file_is_named_as_such(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("Kerry met Lavrov.".encode("utf-16"))
    problem = only_problem(read(path)[1])
    assert "UTF-16" in problem.message and "utf-8" in problem.message.lower()


def test_utf8_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    docs, problems = read(path)
    assert [d.text for d in docs] == [GOOD] and problems == []


def test_bad_files_inside_a_folder_do_not_stop_the_good_ones(tmp_path):
    (tmp_path / "1-good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "2-empty.txt").write_bytes(b"")
    (tmp_path / "3-binary.txt").write_bytes(b"\x00\x01")
    (tmp_path / "4-latin.txt").write_bytes("naïve".encode("latin-1"))
    (tmp_path / "5-good.md").write_text(GOOD, encoding="utf-8")
    seen = []
    corpus = Corpus([tmp_path], on_problem=seen.append)
    assert ids(corpus) == ["1-good.txt", "5-good.md"]
    assert sorted(p.source.rsplit("/", 1)[-1] for p in corpus.problems) == ["2-empty.txt", "3-binary.txt",
                                                                            "4-latin.txt"]
    assert seen == corpus.problems
    assert corpus.failed
    assert corpus.skipped_bytes == 0 + 2 + len("naïve".encode("latin-1"))


# ------------------------------------------------------------------ JSON Lines
def test_jsonl_gives_one_document_per_line_with_its_id(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a1", "text": "First story."},
        {"id": 7, "text": "Second story.", "title": "extra keys are fine"},
    ]) + "\n\n", encoding="utf-8")
    docs, problems = read(path)
    assert [(d.doc_id, d.text) for d in docs] == [("a1", "First story."), ("7", "Second story.")]
    assert problems == []


def test_bad_jsonl_lines_are_reported_with_file_and_line(tmp_path):
    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"id": "ok", "text": "Good story."}),
        "{not json",
        json.dumps({"text": "no id"}),
        json.dumps({"id": "no-text"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "blank", "text": "   "}),
        "",
        json.dumps({"id": "ok2", "text": "Another story."}),
    ]
    path.write_bytes("\n".join(lines).encode() + b"\n" + b'{"id": "latin", "text": "caf\xe9"}\n')
    docs, problems = read(path)
    assert ids(docs) == ["ok", "ok2"]
    where = {p.source.rsplit("/", 1)[-1]: p.message for p in problems}
    assert set(where) == {"news.jsonl:2", "news.jsonl:3", "news.jsonl:4", "news.jsonl:5", "news.jsonl:6",
                          "news.jsonl:9"}
    assert "not valid JSON" in where["news.jsonl:2"]
    assert '"id"' in where["news.jsonl:3"]
    assert '"text"' in where["news.jsonl:4"]
    assert "not a JSON object" in where["news.jsonl:5"]
    assert "empty text" in where["news.jsonl:6"]
    assert "not UTF-8" in where["news.jsonl:9"]


def test_duplicate_ids_are_reported_and_the_first_kept(tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "One."}) + "\n" + json.dumps({"id": "x", "text": "Two."}) + "\n")
    docs, problems = read(path)
    assert [d.text for d in docs] == ["One."]
    problem = only_problem(problems)
    assert problem.source.endswith("dup.jsonl:2") and "duplicate document id 'x'" in problem.message


def test_jsonl_in_a_folder_is_read_when_the_glob_asks_for_it(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "part.jsonl").write_text(json.dumps({"id": "j1", "text": "Story."}) + "\n")
    assert ids(read(tmp_path, glob="*.jsonl")[0]) == ["j1"]


def test_empty_jsonl_is_reported(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    assert "empty file" in only_problem(read(path)[1]).message


# ------------------------------------------------------------------ stdin
def test_stdin_is_one_document_called_stdin():
    docs, problems = read("-", stdin=io.BytesIO(GOOD.encode()))
    assert [(d.doc_id, d.text) for d in docs] == [("stdin", GOOD)]
    assert problems == []


def test_stdin_accepts_a_text_stream_and_reports_bad_bytes():
    assert [d.text for d in read("-", stdin=io.StringIO(GOOD))[0]] == [GOOD]
    docs, problems = read("-", stdin=io.BytesIO(b"caf\xe9"))
    assert docs == [] and only_problem(problems).source == "stdin"


def test_stdin_has_no_known_size():
    assert Corpus(["-"], stdin=io.BytesIO(b"x")).total_size is None


# ------------------------------------------------------------------ long documents
def paragraphs(n, words=12):
    return "\n\n".join(" ".join(f"w{p}x{i}" for i in range(words)) + "." for p in range(n))


def test_long_document_is_split_at_paragraphs_with_offsets_into_the_document(tmp_path):
    text = paragraphs(30)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    corpus = Corpus([path], max_length=200)
    parts = list(corpus)
    assert len(parts) > 1
    assert {d.doc_id for d in parts} == {path.as_posix()}
    assert [d.part for d in parts] == list(range(len(parts)))
    assert {d.parts for d in parts} == {len(parts)}
    for d in parts:
        assert len(d.text) <= 200
        assert text[d.offset:d.offset + len(d.text)] == d.text
        assert d.offset == 0 or text[d.offset - 2:d.offset] == "\n\n"  # cut after a blank line
    assert "".join(d.text for d in parts) == text
    note = only_problem(corpus.problems, NOTE)
    assert "long.txt" in str(note) and "split into" in note.message and "max length 200" in note.message
    assert not corpus.failed  # splitting is not a failure


def test_a_long_paragraph_is_split_at_sentence_ends():
    text = " ".join(f"Sentence number {i} is here." for i in range(40))
    parts = split_document("d", text, max_length=100)
    assert all(p.text.rstrip().endswith(".") for p in parts)
    assert "".join(p.text for p in parts) == text


def test_text_without_spaces_is_cut_hard():
    assert split_points("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]


def test_short_document_is_one_part():
    assert split_document("d", "short", 10, size=5) == [Document("d", "short", 0, 0, 1, 5)]


@given(st.text(alphabet=st.sampled_from("ab .\n!"), max_size=400), st.integers(min_value=2, max_value=60))
def test_parts_cover_the_text_and_fit(text, max_length):
    parts = split_points(text, max_length)
    assert "".join(text[s:e] for s, e in parts) == text
    assert all(0 < e - s <= max_length for s, e in parts) or text == ""
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:]))
