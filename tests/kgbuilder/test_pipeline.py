"""The build pipeline with a fake parser (fast, no model), and once end to end with the real one."""
from __future__ import annotations

import io
import json

import pytest

from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.graph.model import DocumentResult, Mention, Provenance, Triple
from kgbuilder import extraction, pipeline
from kgbuilder.corpus import Document
from kgbuilder.parallel import PoolEngine
from kgbuilder.progress import Progress
from kgbuilder.pipeline import BuildReport, UnknownFormatError, build, build_graph_from_texts, merge_parts
from tests.kgbuilder.fakes import FakeNLP, fake_extract, install


def labels(kg: KnowledgeGraph):
    nodes = kg.graph.nodes
    return {(nodes[s]["label"], rel, nodes[o]["label"]) for s, rel, o, _ in kg.iter_facts()}


def test_build_streams_documents_and_writes_json(tmp_path, fake):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Kerry called Lavrov. Lavrov thanked Kerry.", encoding="utf-8")
    (src / "b.txt").write_text("Toner briefed Kerry.", encoding="utf-8")
    report = build([src], tmp_path / "out", formats=["json"], batch_size=7, progress=False)
    assert (report.documents, report.sentences, report.relations, report.entities) == (2, 3, 3, 3)
    assert report.files == [tmp_path / "out" / "graph.json"]
    assert report.problems == [] and report.exit_code == 0
    assert report.model == "en_fake-0.0"
    assert fake.calls == [{"batch_size": 7, "n_process": 1}]
    data = json.loads((tmp_path / "out" / "graph.json").read_text(encoding="utf-8"))
    kg = KnowledgeGraph.from_node_link(data)
    assert labels(kg) == {("Kerry", "called", "Lavrov"), ("Lavrov", "thanked", "Kerry"), ("Toner", "briefed", "Kerry")}
    evidence = [ev for _, _, _, d in kg.iter_facts() for ev in d["evidence"]]
    assert {ev["doc_id"] for ev in evidence} == {"a.txt", "b.txt"}


def test_processes_parse_in_worker_processes_and_build_the_same_graph(tmp_path, fake):
    src = tmp_path / "in"
    src.mkdir()
    for n in range(12):
        (src / f"{n:02d}.txt").write_text(f"Ann{n % 3} met Bob{n % 4}. Bob{n % 4} thanked Cy.", encoding="utf-8")
    one = build([src], tmp_path / "one", formats=["json"], progress=False, batch_size=5)
    assert len(fake.texts) == 12
    fake.texts.clear()
    two = build([src], tmp_path / "two", formats=["json"], engine=PoolEngine(2), progress=False,
                partition_size=2)
    assert fake.texts == []  # the workers parsed, not this process
    assert (two.documents, two.parsed, two.relations) == (one.documents, 12, one.relations)
    assert (tmp_path / "one" / "graph.json").read_bytes() == (tmp_path / "two" / "graph.json").read_bytes()


def test_bad_inputs_are_problems_and_the_good_ones_are_built(tmp_path, fake):
    (tmp_path / "good.txt").write_text("Kerry called Lavrov.", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    seen = []
    report = build([tmp_path, tmp_path / "missing.txt"], tmp_path / "out", formats=["json"], progress=False,
                   on_problem=seen.append)
    assert report.documents == 1
    assert sorted(p.source.rsplit("/", 1)[-1] for p in report.problems) == ["empty.txt", "missing.txt"]
    assert seen == report.problems
    assert report.failed and report.exit_code == 1
    assert (tmp_path / "out" / "graph.json").exists()


def test_nothing_is_written_when_no_document_was_built(tmp_path, fake):
    (tmp_path / "empty.txt").write_bytes(b"")
    report = build([tmp_path / "empty.txt"], tmp_path / "out", formats=["json"], progress=False)
    assert report.documents == 0 and report.files == [] and report.exit_code == 1
    assert not (tmp_path / "out" / "graph.json").exists()


def test_an_extraction_error_is_a_problem_not_a_crash(tmp_path, fake):
    (tmp_path / "a.txt").write_text("Kerry called Lavrov.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("EXPLODE here.", encoding="utf-8")
    report = build([tmp_path], tmp_path / "out", formats=["json"], progress=False)
    assert report.documents == 1 and report.relations == 1
    [problem] = report.problems
    assert problem.source == "b.txt" and "RuntimeError" in problem.message and "bug" in problem.message


def test_a_long_document_is_parsed_in_parts_and_merged_with_document_offsets(tmp_path, monkeypatch):
    nlp = install(monkeypatch, FakeNLP(max_length=60))
    text = "\n\n".join(["Kerry called Lavrov.", "Lavrov thanked Kerry.", "Toner briefed Kerry.",
                       "Kerry visited Moscow."] * 3)
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    report = build([tmp_path / "long.txt"], tmp_path / "out", formats=["json"], progress=False)
    assert len(nlp.texts) > 1 and all(len(t) <= 60 for t in nlp.texts)
    assert report.documents == 1 and report.sentences == 12
    assert [p.severity for p in report.problems] == ["note"] and report.exit_code == 0
    evidence = [ev for _, _, _, d in report.graph.iter_facts() for ev in d["evidence"]]
    assert len(evidence) == 12
    for ev in evidence:
        assert text[ev["start_char"]:ev["end_char"]] == ev["sentence"]
    assert sorted(ev["sentence_index"] for ev in evidence) == list(range(12))  # indexes of the whole document


def test_merge_parts_shifts_sentence_indexes_and_drops_failed_parts():
    def part(doc_id, index, sentences):
        prov = Provenance(doc_id, index, "s", 0, 1)
        m = Mention("A", "PERSON", 0, 1, "entity")
        return DocumentResult(doc_id, [Triple(m, "r", Mention("B", "PERSON", 2, 3, "entity"), 0.5, prov)], [m],
                              sentences=sentences, words=10)

    merged = merge_parts([part("d", 1, 3), DocumentResult("d", error="boom"), part("d", 0, 2)])
    assert [t.provenance.sentence_index for t in merged.triples] == [1, 3]
    assert (merged.sentences, merged.words, merged.error, len(merged.mentions)) == (5, 20, "", 2)
    assert merge_parts([DocumentResult("d", error="x"), DocumentResult("d", error="y")]).error == "x; y"


def test_iter_results_yields_one_result_per_document_in_order(monkeypatch):
    monkeypatch.setattr(extraction, "_extract", fake_extract)
    docs = [Document("a", "Ann met Bob.", 0, 0, 2), Document("a", "Bob met Cy.", 13, 1, 2),
            Document("b", "Dee met Eve.")]
    results = list(pipeline.iter_results(FakeNLP(), docs, batch_size=2))
    assert [r.doc_id for r in results] == ["a", "b"]
    assert [t.subject.start_char for t in results[0].triples] == [0, 13]


def test_iter_results_never_glues_documents_when_a_part_is_missing(monkeypatch):
    monkeypatch.setattr(extraction, "_extract", fake_extract)
    docs = [Document("a", "Ann met Bob.", 0, 0, 3), Document("a", "Bob met Cy.", 13, 1, 3),  # part 3 lost
            Document("b", "Dee met Eve.", 0, 0, 2), Document("b", "Eve met Fay.", 13, 1, 2),
            Document("c", "Gil met Hal.", 0, 0, 2)]  # the stream ends early
    results = list(pipeline.iter_results(FakeNLP(), docs))
    assert [(r.doc_id, len(r.triples)) for r in results] == [("a", 2), ("b", 2), ("c", 1)]


def test_unknown_format_fails_before_any_work(tmp_path, fake):
    (tmp_path / "a.txt").write_text("Kerry called Lavrov.", encoding="utf-8")
    with pytest.raises(UnknownFormatError, match="unknown output format 'docx'"):
        build([tmp_path], tmp_path / "out", formats=["json", "docx"], progress=False)
    assert fake.calls == []


def test_a_failing_writer_is_a_problem_and_the_other_formats_are_written(tmp_path, fake, monkeypatch):
    def broken(kg, path, **options):
        raise OSError("disk full")

    real = pipeline.get_writer
    monkeypatch.setattr(pipeline, "get_writer",
                        lambda name: (broken, "graph.broken") if name == "broken" else real(name))
    (tmp_path / "a.txt").write_text("Kerry called Lavrov.", encoding="utf-8")
    report = build([tmp_path], tmp_path / "out", formats="broken,json", progress=False)
    assert report.files == [tmp_path / "out" / "graph.json"]
    [problem] = report.problems
    assert problem.source.endswith("graph.broken") and "disk full" in problem.message
    assert report.exit_code == 1


def test_stdin_is_built(tmp_path, fake):
    report = build(["-"], tmp_path / "out", formats=["json"], progress=False,
                   stdin=io.BytesIO(b"Kerry called Lavrov."))
    assert report.documents == 1
    assert {ev["doc_id"] for _, _, _, d in report.graph.iter_facts() for ev in d["evidence"]} == {"stdin"}


def test_writers_come_from_the_exports_registry_and_aliases_write_one_file(tmp_path, fake):
    (tmp_path / "a.txt").write_text("Kerry called Lavrov.", encoding="utf-8")
    report = build([tmp_path], tmp_path / "out", formats="nt,ntriples,json", progress=False)
    assert report.files == [tmp_path / "out" / "graph.nt", tmp_path / "out" / "graph.json"]
    assert {"turtle", "ntriples", "jsonld", "trig", "json", "html"} <= set(pipeline.available_formats())
    with pytest.raises(UnknownFormatError, match="unknown output format 'docx'; available: .*turtle"):
        pipeline.get_writer("docx")


def test_parse_formats_accepts_lists_and_commas():
    assert pipeline.parse_formats(["ttl,json", "JSON", " html "]) == ("ttl", "json", "html")
    assert pipeline.parse_formats("json") == ("json",)


def test_summary_names_counts_files_and_problems(tmp_path, fake):
    (tmp_path / "a.txt").write_text("Kerry called Lavrov.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00")
    text = build([tmp_path], tmp_path / "out", formats=["json"], progress=False).summary()
    for expected in ("Documents: 1 (1 sentences", "Graph:     2 entities, 1 relations (1 between entities; 0 claim",
                     str(tmp_path / "out" / "graph.json"), "Problems:  1 not built", "b.txt: binary file"):
        assert expected in text
    assert len(text.splitlines()) <= 24  # one screen


def test_summary_lists_at_most_ten_problems():
    from kgbuilder.corpus import Problem

    report = BuildReport(problems=[Problem(f"f{i}.txt", "empty file") for i in range(25)])
    text = report.summary()
    assert "f9.txt" in text and "f10.txt" not in text and "... and 15 more" in text


def test_build_graph_from_texts_with_plain_strings_and_pairs(fake):
    kg = build_graph_from_texts(["Kerry called Lavrov.", "Toner briefed Kerry."], nlp=fake)
    assert labels(kg) == {("Kerry", "called", "Lavrov"), ("Toner", "briefed", "Kerry")}
    kg = build_graph_from_texts([("story-1", "Kerry called Lavrov.")], nlp=fake)
    assert {ev["doc_id"] for _, _, _, d in kg.iter_facts() for ev in d["evidence"]} == {"story-1"}


def test_build_graph_from_texts_raises_extraction_errors(fake):
    with pytest.raises(RuntimeError, match="doc1: extraction failed"):
        build_graph_from_texts("EXPLODE now.", nlp=fake)


@pytest.mark.model
def test_build_graph_from_texts_with_the_real_pipeline(nlp):
    kg = build_graph_from_texts("Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov "
                                "in Moscow on Tuesday.", nlp=nlp)
    persons = {d["label"] for _, d in kg.graph.nodes(data=True) if d["type"] == "PERSON"}
    assert {"John Kerry", "Sergei Lavrov"} <= persons
    assert kg.number_of_relations >= 1


def test_long_runs_without_a_terminal_print_progress_lines(tmp_path, fake, monkeypatch, capsys):
    monkeypatch.setattr(Progress, "__init__", _fast_progress(Progress.__init__))
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text("Kerry called Lavrov.", encoding="utf-8")
    build([tmp_path], tmp_path / "out", formats=["json"], batch_size=1)
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("building: ")]
    assert lines and "documents/s" in lines[-1] and "words/s" in lines[-1] and "% of the input" in lines[-1]
    assert lines[-1].startswith("building: 3 documents")


def _fast_progress(init):
    def patched(self, total, enabled, interval=30.0):
        init(self, total, enabled, interval=0.0)  # a line at every update instead of every 30 s
    return patched
