"""Hostile input and faults (issue 13): nothing crashes, nothing is lost, memory stays bounded.

One test (or a few) per numbered item of the issue, through the CLI where the user meets the problem.
Most run with the fake parser of tests/kgbuilder/fakes.py; the ones about spaCy itself (line breaks,
lone surrogates) run the real pipeline.
"""
from __future__ import annotations

import json
import os
import pickle
import shlex
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from kgbuilder.cli import main
from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.manifest import CHECKPOINT_DIR, MANIFEST
from tests.kgbuilder.fakes import FakeNLP, install
from tests.kgbuilder.test_resume import checkpointed, child, wait_for, write_corpus

GOOD = "Ann met Bob. Bob thanked Cy.\n"


def evidence_docs(path: Path) -> set[str]:
    kg = KnowledgeGraph.read_json(path)
    return {ev["doc_id"] for _, _, _, d in kg.iter_facts() for ev in d["evidence"]}


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def facts(kg: KnowledgeGraph) -> set[tuple[str, str, str]]:
    nodes = kg.graph.nodes
    return {(nodes[s]["label"], rel, nodes[o]["label"]) for s, rel, o, _ in kg.iter_facts()}


# ---------------------------------------------------------------------- 1, 2: line breaks
def blank_pipeline():
    import spacy

    from kgbuilder.extractors.pipeline import PARAGRAPH_BREAKS, _register_paragraph_breaks

    _register_paragraph_breaks()
    nlp = spacy.blank("en")
    nlp.add_pipe(PARAGRAPH_BREAKS)
    return nlp


def test_only_a_blank_line_starts_a_sentence():
    doc = blank_pipeline()("The Dutch Trade\nMinister spoke.\n\nA second paragraph \r\n\r\nand a third.")
    starts = [t.text for t in doc if t.is_sent_start and t.i > 0]
    assert starts == ["A", "and"]
    assert doc[3].text == "\n" and not doc[4].is_sent_start  # "Minister" after a single line break


def test_paragraph_breaks_take_linear_time():
    nlp = blank_pipeline()
    component = nlp.get_pipe("kgbuilder_paragraph_breaks")

    def cpu_seconds(paragraphs: int) -> float:  # CPU time, the fastest of five: steadier than the wall clock
        doc_text = "\n\n".join(f"Line {i} here." for i in range(paragraphs))
        runs = []
        for _ in range(5):
            doc = nlp.make_doc(doc_text)
            started = time.process_time()
            component(doc)
            runs.append(time.process_time() - started)
        return min(runs)

    small, large = cpu_seconds(4_000), cpu_seconds(32_000)
    # 8x the paragraphs: about 8x the time when linear, 64x when every start rescans the Doc
    assert large < 24 * max(small, 1e-3), (small, large)


@pytest.mark.model
def test_hard_wrapped_text_gives_the_facts_of_one_line(nlp):
    from kgbuilder.pipeline import build_graph_from_texts

    sentences = [
        "Prime Minister Justin Trudeau spoke with German Chancellor Olaf Scholz in Ottawa on Thursday, "
        "officials said.",
        "The Japanese Foreign Minister Yoko Kamikawa met her Indian counterpart Subrahmanyam Jaishankar in Tokyo.",
    ]
    one_line = build_graph_from_texts(sentences, nlp=nlp)
    wrapped = [
        "Prime Minister\nJustin Trudeau spoke\nwith German\nChancellor Olaf\nScholz in Ottawa on\nThursday, "
        "officials\nsaid.",
        "The Japanese Foreign\nMinister Yoko\nKamikawa met her\nIndian counterpart\nSubrahmanyam\nJaishankar in Tokyo.",
    ]
    assert facts(build_graph_from_texts(wrapped, nlp=nlp)) == facts(one_line)
    assert ("Olaf Scholz", "chancellor_of", "Germany") in facts(one_line)


# ---------------------------------------------------------------------- 3: memory bounded in document size
class BatchRecordingNLP(FakeNLP):
    """Records how many characters each nlp.pipe call is given: what the parser would hold at once."""

    def __init__(self):
        super().__init__()
        self.batches: list[int] = []

    def pipe(self, texts, **kwargs):
        self.batches.append(0)

        def counted():
            for text, context in texts:
                self.batches[-1] += len(text)
                yield text, context
        yield from super().pipe(counted(), **kwargs)


def test_a_long_document_is_parsed_in_bounded_batches(tmp_path, monkeypatch, runner):
    nlp = install(monkeypatch, BatchRecordingNLP())
    words = " ".join(f"w{i}" for i in range(150_000))  # ~1 MB on one line, no paragraph to cut at
    (tmp_path / "long.txt").write_text(f"Ann met Bob. {words} Bob thanked Cy.", encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path / "long.txt"), "-o", str(tmp_path / "out"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert sum(nlp.batches) == len((tmp_path / "long.txt").read_text(encoding="utf-8"))
    assert max(nlp.batches) <= 100_000, nlp.batches  # the bound the README and --help state
    assert facts(KnowledgeGraph.read_json(tmp_path / "out" / "graph.json")) == {("Ann", "met", "Bob"),
                                                                             ("Bob", "thanked", "Cy")}


# ---------------------------------------------------------------------- 4, 5: crashes that lost the build
@pytest.mark.model
def test_a_lone_surrogate_in_a_json_line_is_reported_and_the_rest_built(nlp, runner, tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text(json.dumps({"id": "good", "text": "Angela Merkel met Emmanuel Macron in Berlin."}) + "\n"
                      + '{"id": "broken", "text": "Paris \\ud800 is here."}\n'
                      + '{"id": "\\udc00", "text": "An id that is no text."}\n', encoding="utf-8")
    result = runner.invoke(main, ["build", str(corpus), "-o", str(tmp_path / "out"), "-f", "json,ttl"])
    no_traceback(result)
    assert result.exit_code == 1
    assert "news.jsonl:2" in result.stderr and "surrogate" in result.stderr
    assert "news.jsonl:3" in result.stderr
    assert evidence_docs(tmp_path / "out" / "graph.json") == {"good"}


def test_a_file_name_that_is_not_utf8_is_built_under_a_readable_id(fake, runner, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    fd = os.open(os.fsencode(src) + b"/bad\xffbyte.txt", os.O_WRONLY | os.O_CREAT)
    os.write(fd, b"Dee met Eve.\n")
    os.close(fd)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(src), "-o", str(out), "-f", "json,ttl"])
    no_traceback(result)
    assert result.exit_code == 0, result.output
    assert evidence_docs(out / "graph.json") == {"good.txt", "bad\\xffbyte.txt"}
    assert "not valid UTF-8" in result.stderr
    assert checkpointed(out) == 2  # the manifest holds it too: the next run reuses it
    again = runner.invoke(main, ["build", str(src), "-o", str(out), "-f", "json,ttl"])
    assert "Resumed:   2 documents reused" in again.stdout


# ---------------------------------------------------------------------- 6: an output folder that cannot be written
@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("out", ["/proc/self/kgbuilder-out", "/proc/self"])
@pytest.mark.parametrize("checkpoint", ["--checkpoint", "--no-checkpoint"])
def test_an_output_folder_that_cannot_be_written_exits_2_before_parsing(fake, runner, tmp_path, out, checkpoint):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path / "a.txt"), "-o", out, "-f", "json", checkpoint])
    no_traceback(result)
    assert result.exit_code == 2
    assert f"the output folder {out}" in result.stderr and "pass -o with a writable folder" in result.stderr
    assert fake.calls == []  # nothing was parsed


# ---------------------------------------------------------------------- 7, 11, 15: query
class _Listener:
    """A TCP port on 127.0.0.1 that notes every connection made to it (and closes it at once)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.fixture
def tiny_ttl(tmp_path):
    path = tmp_path / "tiny.ttl"
    path.write_text('<http://example.org/a> <http://example.org/says> "red \\u001B[31m bell \\u0007 '
                    'flip \\u202E end" .\n', encoding="utf-8")
    return path


def test_service_calls_are_refused_unless_allowed(runner, tiny_ttl):
    listener = _Listener()
    sparql = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    try:
        result = runner.invoke(main, ["query", str(tiny_ttl), sparql])
        time.sleep(0.3)
    finally:
        listener.close()
    assert listener.connections == 0  # no request went out
    no_traceback(result)
    assert result.exit_code == 1 and "--allow-service" in result.output


def test_a_failing_service_call_is_a_clean_error(runner, tiny_ttl):
    listener = _Listener()  # answers nothing: every connection is closed at once
    port = listener.port
    sparql = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    try:
        result = runner.invoke(main, ["query", str(tiny_ttl), sparql, "--allow-service"])
    finally:
        listener.close()
    assert listener.connections >= 1  # allowed: the call was made
    no_traceback(result)
    assert result.exit_code == 1 and "the query failed" in result.output


def test_table_output_escapes_control_characters(runner, tiny_ttl):
    result = runner.invoke(main, ["query", str(tiny_ttl), "SELECT ?o WHERE { ?s ?p ?o }"])
    assert result.exit_code == 0, result.output
    assert not {"\x1b", "\x07", "\u202e"} & set(result.output)
    assert "red \\x1b[31m bell \\x07 flip \\u202e end" in result.output


@pytest.mark.parametrize("update", ["INSERT DATA { <http://e.org/a> <http://e.org/b> <http://e.org/c> }",
                                    "DROP ALL", "LOAD <file:///etc/passwd>",
                                    "PREFIX ex: <http://e.org/> # a comment\nDELETE WHERE { ?s ex:p ?o }"])
def test_an_update_is_refused_as_an_update(runner, tiny_ttl, update):
    result = runner.invoke(main, ["query", str(tiny_ttl), update])
    no_traceback(result)
    assert result.exit_code == 1
    assert "queries only" in result.output and "update" in result.output
    assert "expected" not in result.output  # not a parser's complaint


# ---------------------------------------------------------------------- 8, 9, 10: lost work
def test_a_mistyped_input_keeps_the_checkpoint_and_says_the_files_are_old(fake, runner, tmp_path):
    src = write_corpus(tmp_path / "in", 5)
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(src), "-o", str(out), "-f", "json"]).exit_code == 0
    typo = runner.invoke(main, ["build", str(tmp_path / "inn"), "-o", str(out), "-f", "json"])
    assert typo.exit_code == 1 and "no such file or folder" in typo.stderr
    assert "left from an earlier build" in typo.output and "graph.json" in typo.output
    assert checkpointed(out) == 5
    fake.texts.clear()
    again = runner.invoke(main, ["build", str(src), "-o", str(out), "-f", "json"])
    assert "Resumed:   5 documents reused from the checkpoint, 0 parsed" in again.stdout
    assert fake.texts == []


def test_a_killed_serial_build_has_checkpointed_most_of_its_first_partition(tmp_path):
    src = write_corpus(tmp_path / "in", 60)
    out = tmp_path / "out"
    proc = child([str(src), "-o", str(out), "-f", "json"], slow=0.1)  # one partition of 60 documents, ~6 s
    try:
        wait_for(lambda: checkpointed(out) > 0 or proc.poll() is not None, timeout=60, what="a first checkpoint")
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL
    assert 0 < checkpointed(out) < 60  # saved within seconds, long before the partition was done


class _Trap:
    """A pickle that, when loaded, writes a file: what a crafted checkpoint could do."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path(self.marker).write_text, ("pickle code ran",))


def test_a_crafted_checkpoint_runs_no_code_and_is_not_reused(fake, runner, tmp_path):
    src = write_corpus(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(src), "-o", str(out), "-f", "json"]).exit_code == 0
    folder = out / CHECKPOINT_DIR
    lines = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    marker = tmp_path / "owned"
    for line in lines[1:]:  # every batch file replaced by a pickle that runs code, under the names listed
        (folder / json.loads(line)["batch"]).write_bytes(pickle.dumps(_Trap(str(marker))))
    fake.texts.clear()
    result = runner.invoke(main, ["build", str(src), "-o", str(out), "-f", "json"])
    no_traceback(result)
    assert not marker.exists()
    assert result.exit_code == 0 and len(fake.texts) == 2  # parsed again instead
    assert "not reused" in result.stderr


# ---------------------------------------------------------------------- 12, 13, 14, 16, 17: clear messages
@pytest.mark.parametrize("suffix", [".ndjson", ".json", ".jsonl"])
def test_json_lines_files_are_read_as_json_lines_by_their_suffix(fake, runner, tmp_path, suffix):
    path = tmp_path / f"corpus{suffix}"
    path.write_text(json.dumps({"id": "n1", "text": "Ann met Bob."}) + "\n"
                    + json.dumps({"id": "n2", "text": "Cy met Dee."}) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "out"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert evidence_docs(tmp_path / "out" / "graph.json") == {"n1", "n2"}


def test_a_json_file_that_is_not_json_lines_is_a_problem(fake, runner, tmp_path):
    path = tmp_path / "corpus.json"
    path.write_text(json.dumps([{"id": "n1", "text": "Ann met Bob."}], indent=2), encoding="utf-8")
    result = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "out"), "-f", "json"])
    assert result.exit_code == 1
    assert "not JSON Lines" in result.stderr and fake.texts == []


def test_an_empty_format_is_a_usage_error(fake, runner, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--format", ""])
    assert result.exit_code == 2 and "no output format" in result.output
    assert fake.calls == []


def test_the_latin1_hint_is_a_command_that_works_in_place(fake, runner, tmp_path):
    src = tmp_path / "my articles"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    (src / "café menu.txt").write_bytes("Le café à Zürich.".encode("latin-1"))
    result = runner.invoke(main, ["build", str(src), "-o", str(tmp_path / "out"), "-f", "json"])
    line = next(line for line in result.stderr.splitlines() if "not UTF-8" in line)
    command = line.split("`")[1]
    words = shlex.split(command)
    target = str(src / "café menu.txt")
    assert words[:5] == ["iconv", "-f", "latin1", "-t", "utf-8"] and words[5] == target
    assert words[-1] == target  # converted under its own name: the folder's *.txt glob reads it next time


def test_dangling_and_looping_symlinks_are_reported(fake, runner, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    (src / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (src / "loop1.txt").symlink_to(src / "loop2.txt")
    (src / "loop2.txt").symlink_to(src / "loop1.txt")
    result = runner.invoke(main, ["build", str(src), "-o", str(tmp_path / "out"), "-f", "json"])
    no_traceback(result)
    assert result.exit_code == 1
    for name in ("dangling.txt", "loop1.txt", "loop2.txt"):
        assert any(name in line and "symbolic link" in line for line in result.stderr.splitlines()), name
    assert evidence_docs(tmp_path / "out" / "graph.json") == {"good.txt"}


def test_a_folder_that_is_no_pipeline_is_named_as_such_and_nothing_is_created(runner, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    not_a_model = tmp_path / "just a folder"
    not_a_model.mkdir()
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(out), "--model", str(not_a_model)])
    no_traceback(result)
    assert result.exit_code == 2
    assert "not a spaCy pipeline folder" in result.stderr and "not installed" not in result.stderr
    assert not out.exists()  # the model failed: no output folder was made


def test_json_errors_read_well(fake, runner, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"id": "a", "text": "tab\tinside"}\n')
    result = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "out"), "-f", "json"])
    assert "at column" in result.stderr and "at at" not in result.stderr


def test_a_hard_cut_inside_a_word_is_reported_as_such(tmp_path, monkeypatch, runner):
    install(monkeypatch, FakeNLP(max_length=50))
    (tmp_path / "long.txt").write_text("Ann met Bob. " + "x" * 120, encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path / "long.txt"), "-o", str(tmp_path / "out"), "-f", "json"])
    note = next(line for line in result.stderr.splitlines() if "split into" in line)
    assert "hard cut" in note and "paragraph/sentence boundaries" not in note
