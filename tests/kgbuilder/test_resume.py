"""Resume: the checkpoint manifest, a build killed midway (SIGKILL) and resumed, Ctrl-C, a grown corpus.

The builds run with the fake parser of tests/kgbuilder/fakes.py (slowed down where a test must catch a
build midway), so they are quick and deterministic; the subprocess builds go through the real CLI.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgbuilder.graph.model import DocumentResult
from kgbuilder import manifest
from kgbuilder.cli import main
from kgbuilder.manifest import CHECKPOINT_DIR, MANIFEST, Checkpoint, CheckpointBusy
from kgbuilder.parallel import PoolEngine
from kgbuilder.pipeline import BuildInterrupted, build
from tests.kgbuilder.fakes import FakeNLP, install
from tests.kgbuilder.test_codec import sample

ROOT = Path(__file__).resolve().parents[2]

#: A `kgbuilder build` in a child process with the fake parser, slowed to SLOW seconds per document.
SCRIPT = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    import kgbuilder.extractors.pipeline, kgbuilder.extraction
    from tests.kgbuilder.fakes import FakeNLP, fake_extract

    class SlowNLP(FakeNLP):
        def pipe(self, texts, **kwargs):
            for doc, context in super().pipe(texts, **kwargs):
                time.sleep({slow})
                yield doc, context

    nlp = SlowNLP()
    kgbuilder.extractors.pipeline.load_pipeline = lambda *a, **k: nlp
    kgbuilder.extraction._extract = fake_extract
    from kgbuilder.cli import main
    main(sys.argv[1:], prog_name="kgbuilder")
""")


def write_corpus(folder: Path, n: int, start: int = 0) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(start, start + n):
        (folder / f"{i:03d}.txt").write_text(f"Ann{i % 5} met Bob{i % 7}. Bob{i % 7} thanked Cy{i % 3}.",
                                             encoding="utf-8")
    return folder


def manifest_lines(out: Path) -> list[dict]:
    path = out / CHECKPOINT_DIR / MANIFEST
    if not path.exists():
        return []
    raw = path.read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), "a manifest line was half-written"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def checkpointed(out: Path) -> int:
    return sum(len(line["documents"]) for line in manifest_lines(out)[1:])


def assert_nothing_half_written(out: Path) -> None:
    """Every file under its final name is complete: manifest lines, batch pickles, graph files."""
    lines = manifest_lines(out)
    for line in lines[1:]:
        batch = manifest.load_results((out / CHECKPOINT_DIR / line["batch"]).read_bytes())
        assert all(isinstance(r, DocumentResult) for r in batch)
        assert [r.doc_id for r in batch] == [doc_id for doc_id, *_ in line["documents"]]
    if (out / "graph.json").exists():
        json.loads((out / "graph.json").read_text(encoding="utf-8"))


def child(args: list[str], slow: float, **kwargs) -> subprocess.Popen:
    script = SCRIPT.format(root=str(ROOT), slow=slow)
    return subprocess.Popen([sys.executable, "-c", script, "build", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True, **kwargs)


def wait_for(condition, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


# ---------------------------------------------------------------------- killed and resumed
@pytest.mark.parametrize("processes", [1, 2])
def test_a_build_killed_midway_resumes_to_the_graph_of_an_uninterrupted_build(tmp_path, fake, processes):
    src = write_corpus(tmp_path / "in", 80)
    build([src], tmp_path / "whole", formats=["json", "ttl"], progress=False, checkpoint="off")

    out = tmp_path / "out"
    args = [str(src), "-o", str(out), "-f", "json,ttl", "--batch-size", "4", "--partition-size", "4",
            "--processes", str(processes)]
    proc = child(args, slow=0.04)
    try:
        wait_for(lambda: checkpointed(out) >= 12 or proc.poll() is not None, what="a few checkpointed batches")
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its workers, without warning
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    done = checkpointed(out)
    assert 12 <= done < 80, "the kill should land midway"
    assert not (out / "graph.json").exists()
    assert_nothing_half_written(out)
    # an atomic write killed before its rename leaves a temp file beside its target: resume removes it
    (out / ".graph.json.abcd1234.tmp").write_text('{"nodes": [', encoding="utf-8")

    fake.texts.clear()
    report = build([src], out, formats=["json", "ttl"], progress=False, batch_size=4)
    assert report.exit_code == 0
    assert (report.reused, report.parsed, report.documents) == (done, 80 - done, 80)
    assert len(fake.texts) == 80 - done  # finished documents were not parsed again
    assert (out / "graph.json").read_bytes() == (tmp_path / "whole" / "graph.json").read_bytes()
    assert (out / "graph.ttl").read_bytes() == (tmp_path / "whole" / "graph.ttl").read_bytes()
    assert_nothing_half_written(out)
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_a_killed_pool_build_leaves_no_orphan_workers(tmp_path):
    src = write_corpus(tmp_path / "in", 40)
    out = tmp_path / "out"
    proc = child([str(src), "-o", str(out), "-f", "json", "--processes", "2", "--partition-size", "2"], slow=0.05)
    try:
        wait_for(lambda: checkpointed(out) >= 4 or proc.poll() is not None, what="checkpointed batches")
        workers = [int(pid) for pid in subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                                                      text=True).stdout.split()]
        proc.kill()  # only the parent: its workers must notice and exit on their own
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert workers, "the pool should have worker processes"

    def gone():
        return not [pid for pid in workers if Path(f"/proc/{pid}").exists()
                    and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2:3]]

    try:
        wait_for(gone, timeout=20, what="orphaned workers to exit")
    finally:
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def test_a_killed_worker_stops_the_build_with_a_resume_hint_and_the_resume_completes(tmp_path, fake):
    src = write_corpus(tmp_path / "in", 60)
    out = tmp_path / "out"
    proc = child([str(src), "-o", str(out), "-f", "json", "--processes", "2", "--partition-size", "2"], slow=0.05)
    try:
        wait_for(lambda: checkpointed(out) >= 6 or proc.poll() is not None, what="checkpointed batches")
        workers = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        os.kill(int(workers[0]), signal.SIGKILL)  # the out-of-memory killer, say
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 1, stderr
    assert "a worker process died while parsing 2 documents" in stderr
    assert "run the same command again to resume" in stderr
    assert "Traceback" not in stderr
    saved = checkpointed(out)
    assert_nothing_half_written(out)

    report = build([src], out, formats=["json"], progress=False, engine=PoolEngine(2), partition_size=2)
    assert (report.reused, report.parsed, report.documents) == (saved, 60 - saved, 60)
    build([src], tmp_path / "whole", formats=["json"], progress=False, checkpoint="off")
    assert (out / "graph.json").read_bytes() == (tmp_path / "whole" / "graph.json").read_bytes()


@pytest.mark.parametrize("processes", [1, 2])
def test_ctrl_c_flushes_the_checkpoint_and_says_how_to_resume(tmp_path, processes):
    src = write_corpus(tmp_path / "in", 60)
    out = tmp_path / "out"
    proc = child([str(src), "-o", str(out), "-f", "json", "--batch-size", "20", "--processes", str(processes),
                  "--partition-size", "20" if processes == 1 else "3"], slow=0.05)
    try:
        # in one process, the first batch of 20 is still being parsed: the documents done so far are flushed
        wait_for(lambda: len(list((tmp_path / "in").iterdir())) and (
            checkpointed(out) >= 6 if processes > 1 else (out / CHECKPOINT_DIR / MANIFEST).exists()),
            what="the build to start")
        time.sleep(0.4)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    saved = checkpointed(out)
    assert 0 < saved < 60
    assert f"{saved:,} finished documents are saved in {out / CHECKPOINT_DIR}" in stderr
    assert "run the same command again to resume" in stderr
    assert_nothing_half_written(out)

    done = child([str(src), "-o", str(out), "-f", "json"], slow=0)
    stdout, stderr = done.communicate(timeout=120)
    assert done.returncode == 0, stderr
    assert f"Resumed:   {saved:,} documents reused from the checkpoint, {60 - saved:,} parsed" in stdout


def test_keyboard_interrupt_in_the_library_raises_build_interrupted(tmp_path, monkeypatch):
    class InterruptingNLP(FakeNLP):
        def pipe(self, texts, **kwargs):
            for n, item in enumerate(super().pipe(texts, **kwargs)):
                if len(self.texts) == 7:
                    raise KeyboardInterrupt
                yield item

    install(monkeypatch, InterruptingNLP())
    src = write_corpus(tmp_path / "in", 12)
    with pytest.raises(BuildInterrupted) as info:
        build([src], tmp_path / "out", formats=["json"], progress=False, batch_size=5)
    assert info.value.saved == 6  # one whole batch of 5, and the one document parsed of the next
    assert "6 finished documents are saved" in info.value.message
    assert checkpointed(tmp_path / "out") == 6


# ---------------------------------------------------------------------- a grown corpus
def test_a_grown_corpus_parses_only_new_and_changed_documents_and_drops_removed_ones(tmp_path, fake):
    src = write_corpus(tmp_path / "in", 10)
    out = tmp_path / "out"
    first = build([src], out, formats=["json"], progress=False, batch_size=4)
    assert (first.parsed, first.reused) == (10, 0)

    write_corpus(src, 3, start=10)  # new
    (src / "002.txt").write_text("Dee met Eve.", encoding="utf-8")  # changed
    (src / "005.txt").unlink()  # removed
    fake.texts.clear()
    second = build([src], out, formats=["json"], progress=False, batch_size=4)
    assert sorted(fake.texts) == sorted(["Dee met Eve."] + [(src / f"{i:03d}.txt").read_text() for i in (10, 11, 12)])
    assert (second.parsed, second.reused, second.documents) == (4, 8, 12)
    docs = {ev["doc_id"] for _, _, _, d in second.graph.iter_facts() for ev in d["evidence"]}
    assert "005.txt" not in docs and "012.txt" in docs
    # the same graph as a build from scratch
    build([src], tmp_path / "scratch", formats=["json"], progress=False, checkpoint="off")
    assert (out / "graph.json").read_bytes() == (tmp_path / "scratch" / "graph.json").read_bytes()
    # the removed document is gone from the manifest too
    listed = {doc[0] for line in manifest_lines(out)[1:] for doc in line["documents"]}
    assert listed == {f"{i:03d}.txt" for i in range(13)} - {"005.txt"}
    assert len(list((out / CHECKPOINT_DIR).glob("results-*.json"))) <= 4


def test_fresh_and_changed_options_start_over(tmp_path, fake, monkeypatch):
    src = write_corpus(tmp_path / "in", 5)
    out = tmp_path / "out"
    build([src], out, formats=["json"], progress=False)
    assert build([src], out, formats=["json"], progress=False).parsed == 0
    assert build([src], out, formats=["json"], progress=False, checkpoint="fresh").parsed == 5

    monkeypatch.setattr(manifest, "code_fingerprint", lambda *a: "other code")
    report = build([src], out, formats=["json"], progress=False)
    assert report.parsed == 5 and report.exit_code == 0
    [note] = report.problems
    assert note.severity == "note" and "changed since the earlier run: the extraction code" in note.message


def test_no_checkpoint_writes_no_folder_and_the_cli_options(tmp_path, fake):
    src = write_corpus(tmp_path / "in", 3)
    runner = CliRunner()
    result = runner.invoke(main, ["build", str(src), "-o", str(tmp_path / "a"), "-f", "json", "--no-checkpoint"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "a" / CHECKPOINT_DIR).exists()
    result = runner.invoke(main, ["build", str(src), "-o", str(tmp_path / "b"), "-f", "json"])
    assert "Resumed" not in result.stdout
    result = runner.invoke(main, ["build", str(src), "-o", str(tmp_path / "b"), "-f", "json"])
    assert "Resumed:   3 documents reused from the checkpoint, 0 parsed" in result.stdout
    for flag in ("--fresh", "--no-resume"):
        result = runner.invoke(main, ["build", str(src), "-o", str(tmp_path / "b"), "-f", "json", flag])
        assert result.exit_code == 0 and "Resumed" not in result.stdout, flag
    result = runner.invoke(main, ["build", str(src), "-o", str(tmp_path / "c"), "--shards", "-f", "json"])
    assert result.exit_code == 2 and "--shards writes N-Triples shards only" in result.output


# ---------------------------------------------------------------------- the manifest itself
def test_checkpoint_survives_orphans_torn_lines_and_missing_batches(tmp_path):
    out = tmp_path / "out"
    options = {"model": "m", "code": "c", "max_length": 10}
    results = [DocumentResult(f"d{i}", sentences=i) for i in range(6)]
    with Checkpoint(out, options) as cp:
        cp.save([("d0", "h0"), ("d1", "h1")], results[:2])
        cp.save([("d2", "h2"), ("d3", "h3")], results[2:4])
        cp.save([("d4", "h4")], [DocumentResult("d4", error="boom")])
    folder = out / CHECKPOINT_DIR
    (folder / "results-000009.json").write_bytes(b"orphan: renamed, but killed before its manifest line")
    (folder / "results-000002.json").unlink()  # a batch that went missing
    with open(folder / MANIFEST, "ab") as fh:
        fh.write(b'{"batch": "results-0000')  # a torn line (power loss)
    with Checkpoint(out, options) as cp:
        assert cp.done("d0", "h0") and cp.done("d1", "h1")
        assert not cp.done("d0", "other hash") and not cp.done("d2", "h2") and not cp.done("d4", "h4")
        assert cp.load("d1").sentences == 1
        assert not (folder / "results-000009.json").exists()
        cp.save([("d5", "h5")], results[5:])
        assert sorted(p.name for p in folder.glob("results-*")) == ["results-000001.json", "results-000003.json",
                                                                    "results-000004.json"]
        cp.finish(["d1", "d5"])
        assert sorted(p.name for p in folder.glob("results-*")) == ["results-000001.json", "results-000004.json"]
    lines = manifest_lines(out)
    assert lines[0] == {"kgbuilder_checkpoint": manifest.FORMAT, "mode": "graph", "options": options}
    assert [[d[0] for d in line["documents"]] for line in lines[1:]] == [["d1"], ["d5"]]
    with Checkpoint(out, options, resume=False) as cp:
        assert len(cp) == 0
    assert not list(folder.glob("results-*"))


def test_two_builds_never_write_to_one_folder(tmp_path, fake):
    out = tmp_path / "out"
    with Checkpoint(out, {"model": "m"}):
        with pytest.raises(CheckpointBusy, match="another kgbuilder build is writing to"):
            Checkpoint(out, {"model": "m"}).open()
        result = CliRunner().invoke(main, ["build", str(write_corpus(tmp_path / "in", 1)), "-o", str(out)])
        assert result.exit_code == 2 and "another kgbuilder build is writing to" in result.stderr
    with Checkpoint(out, {"model": "m"}):  # released when the first one closed
        pass


def test_results_survive_the_trip_through_bytes():
    results = sample()  # a full result, a failed one and an empty one (tests/kgbuilder/test_codec.py)
    assert manifest.load_results(manifest.dump_results(results)) == results
