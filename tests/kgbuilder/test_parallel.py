"""Partitions, the ordered window, the process pool, shards, and Dask (a real LocalCluster on the seeds)."""
from __future__ import annotations

import json
import threading
import time

import pytest

from kgbuilder.graph.knowledge_graph import KnowledgeGraph
from kgbuilder import parallel
from kgbuilder.corpus import Document
from kgbuilder.manifest import CHECKPOINT_DIR, MANIFEST, content_hash
from kgbuilder.parallel import (DaskEngine, Group, PoolEngine, SerialEngine, engine_for, group_documents, partition,
                                partition_stable)
from kgbuilder.pipeline import build, build_shards


def write_corpus(folder, n: int, start: int = 0):
    folder.mkdir(exist_ok=True)
    for i in range(start, start + n):
        (folder / f"{i:03d}.txt").write_text(f"Ann{i % 5} met Bob{i % 7}. Bob{i % 7} thanked Cy{i % 3}.",
                                             encoding="utf-8")
    return folder


def groups(n: int, size: int = 10) -> list[Group]:
    return [Group(f"d{i:04d}", [Document(f"d{i:04d}", "x" * size, size=size)], str(i), size) for i in range(n)]


# ---------------------------------------------------------------------- documents and partitions
def test_group_documents_keeps_the_parts_of_a_document_together_and_hashes_the_whole_text():
    docs = [Document("a", "Hello ", 0, 0, 2, 6), Document("a", "world.", 6, 1, 2, 6), Document("b", "Bye.", size=4),
            Document("c", "lost ", 0, 0, 3), Document("d", "Hi.")]  # c lost its last parts
    out = list(group_documents(docs))
    assert [(g.doc_id, len(g.parts), g.size) for g in out] == [("a", 2, 12), ("b", 1, 4), ("c", 1, 0), ("d", 1, 0)]
    assert out[0].digest == content_hash("Hello world.")


def test_partition_cuts_runs_of_size_and_tapers_at_the_end_for_several_workers():
    assert [len(p) for p in partition(groups(10), 4)] == [4, 4, 2]
    sizes = [len(p) for p in partition(groups(100), 16, total_bytes=1000, workers=2)]
    assert sum(sizes) == 100
    assert sizes[:3] == [16, 16, 16] and sizes[-1] < 4  # smaller and smaller near the end
    assert sizes == sorted(sizes, reverse=True)


def test_partitions_stop_at_a_byte_bound_so_a_lost_partition_is_seconds_of_work():
    assert [len(p) for p in partition(groups(10, size=10), 64, max_bytes=35)] == [4, 4, 2]
    assert [len(p) for p in partition(groups(3, size=100), 64, max_bytes=35)] == [1, 1, 1]  # one big document
    assert all(sum(g.size for g in p) < parallel.PARTITION_BYTES + 4000
               for p in partition(groups(200, size=4000), 64))


def test_stable_partitions_change_only_where_documents_were_added():
    before = [[g.doc_id for g in p] for p in partition_stable(groups(300), 16)]
    assert [d for p in before for d in p] == [g.doc_id for g in groups(300)]
    grown = groups(300)
    grown.insert(150, Group("d0149-new", [], "new", 1))
    after = [[g.doc_id for g in p] for p in partition_stable(grown, 16)]
    changed = [p for p in after if p not in before]
    assert len(changed) <= 2 and any("d0149-new" in p for p in changed)
    assert max(len(p) for p in before) <= 48 and min(len(p) for p in before[:-1]) >= 4


class _Future:
    def __init__(self, value):
        self.value, self.ready = value, False

    def result(self):
        return self.value


def test_the_ordered_window_calls_on_done_as_partitions_finish_and_yields_in_order():
    submitted, finishing = [], [2, 0, 1, 3, 4]  # the order the "workers" finish in

    def submit(groups_):
        future = _Future(groups_[0].doc_id)
        submitted.append(future)
        return future

    def wait_any(futures):
        for index in finishing:
            if index < len(submitted) and submitted[index] in futures:
                submitted[index].ready = True
                return {submitted[index]}
        return {futures[0]}

    done_order = []

    def on_done(groups_, value):
        done_order.append(value)
        return value.upper()

    parts = [[g] for g in groups(5)]
    out = list(parallel._ordered(submit, wait_any, parts, 3, on_done))
    assert [value for _, value in out] == ["D0000", "D0001", "D0002", "D0003", "D0004"]
    assert [groups_[0].doc_id for groups_, _ in out] == [f"d{i:04d}" for i in range(5)]
    assert done_order[:3] == ["d0002", "d0000", "d0001"]


def test_a_failed_partition_names_itself():
    class Broken(_Future):
        def result(self):
            raise OSError("worker died")

    with pytest.raises(parallel.PartitionFailed, match="parsing 2 documents \\(from d0000\\) failed: OSError: worker died"):
        list(parallel._ordered(lambda g: Broken(None), lambda fs: set(fs), [groups(2)], 2, lambda g, v: v))


# ---------------------------------------------------------------------- the process pool
def test_the_pool_builds_the_graph_of_one_process_whatever_the_partitions(tmp_path, fake):
    src = write_corpus(tmp_path / "in", 40)
    build([src], tmp_path / "one", formats=["json"], progress=False, checkpoint="off")
    expected = (tmp_path / "one" / "graph.json").read_bytes()
    for size in (1, 3, 40):
        report = build([src], tmp_path / f"pool{size}", formats=["json"], progress=False, engine=PoolEngine(2),
                       partition_size=size)
        assert report.parsed == 40 and report.exit_code == 0
        assert (tmp_path / f"pool{size}" / "graph.json").read_bytes() == expected, size


def test_extraction_errors_in_workers_are_problems(tmp_path, fake):
    src = write_corpus(tmp_path / "in", 6)
    (src / "003.txt").write_text("EXPLODE here.", encoding="utf-8")
    report = build([src], tmp_path / "out", formats=["json"], progress=False, engine=PoolEngine(2),
                   partition_size=2)
    assert report.documents == 5
    [problem] = report.problems
    assert problem.source == "003.txt" and "RuntimeError" in problem.message


# ---------------------------------------------------------------------- shards
def nt_lines(folder):
    return {line for path in sorted(folder.glob("part-*.nt")) for line in path.read_text(encoding="utf-8").splitlines()}


@pytest.mark.parametrize("processes", [1, 2])
def test_shards_are_one_ntriples_file_per_partition_and_rebuilt_only_where_documents_changed(tmp_path, fake,
                                                                                              processes):
    import rdflib

    src = write_corpus(tmp_path / "in", 200)
    out = tmp_path / "out"
    report = build_shards([src], out, progress=False, shard_size=8, engine=engine_for(processes))
    shard_dir = out / "shards"
    shards = sorted(p.name for p in shard_dir.glob("part-*.nt"))
    assert report.exit_code == 0 and report.documents == 200 and report.files == [shard_dir]
    assert len(shards) >= 10
    assert not (out / "graph.json").exists()
    # every shard is valid N-Triples on its own, and together they hold every document's facts
    union = rdflib.Graph()
    for name in shards:
        part = rdflib.Graph().parse(shard_dir / name, format="nt")
        assert len(part) > 0
        union += part
    labels = {str(o) for o in union.objects(predicate=rdflib.RDFS.label)}
    assert {f"Ann{i}" for i in range(5)} | {f"Bob{i}" for i in range(7)} <= labels
    lines = [json.loads(line) for line in (out / CHECKPOINT_DIR / MANIFEST).read_text().splitlines()]
    assert lines[0]["mode"] == "shards" and sorted(line["shard"] for line in lines[1:]) == shards

    # the same corpus again: nothing is parsed
    fake.texts.clear()
    again = build_shards([src], out, progress=False, shard_size=8, engine=engine_for(processes))
    assert (again.parsed, again.reused, again.documents) == (0, 200, 200)
    assert sorted(p.name for p in shard_dir.glob("part-*.nt")) == shards

    # one document changed, one removed: only their partitions are rebuilt; stale shards are deleted
    (src / "010.txt").write_text("Dee met Eve.", encoding="utf-8")
    (src / "140.txt").unlink()
    third = build_shards([src], out, progress=False, shard_size=8, engine=engine_for(processes))
    now = sorted(p.name for p in shard_dir.glob("part-*.nt"))
    assert third.documents == 199 and 0 < third.parsed <= 4 * 3 * 8 and third.reused == 199 - third.parsed
    assert len(set(now) - set(shards)) <= 4 and len(set(shards) - set(now)) <= 4
    assert any('"Eve"' in line for line in nt_lines(shard_dir))
    assert not list(out.rglob("*.tmp"))


# ---------------------------------------------------------------------- Dask
@pytest.mark.model
@pytest.mark.slow
def test_a_dask_local_cluster_builds_the_same_graph_as_one_process(nlp, seed_dir, tmp_path):
    pytest.importorskip("distributed")
    one = build([seed_dir], tmp_path / "one", formats=["json"], progress=False, engine=SerialEngine(nlp),
                checkpoint="off")
    dask = build([seed_dir], tmp_path / "dask", formats=["json"], progress=False, engine=DaskEngine("local", None, 2),
                 partition_size=1)
    assert one.exit_code == dask.exit_code == 0
    assert dask.parsed == one.documents == 4 and dask.model == one.model
    a = json.loads((tmp_path / "one" / "graph.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "dask" / "graph.json").read_text(encoding="utf-8"))
    assert a == b
    assert KnowledgeGraph.read_json(tmp_path / "dask" / "graph.json").find("John Kerry")


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, fake):
    pytest.importorskip("distributed")
    from kgbuilder.parallel import DaskUnavailable

    write_corpus(tmp_path / "in", 1)
    started = time.perf_counter()
    with pytest.raises(DaskUnavailable, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        parallel.DaskEngine("tcp://127.0.0.1:9", None, timeout=2).__enter__()
    assert time.perf_counter() - started < 30
    assert threading.active_count() < 50


def test_kgbuilder_load_takes_the_shards_folder(tmp_path, fake):
    import rdflib
    from click.testing import CliRunner

    from kgbuilder.cli import main

    src = write_corpus(tmp_path / "in", 30)
    out = tmp_path / "out"
    build_shards([src], out, progress=False, shard_size=4)
    union = rdflib.Graph()
    for path in (out / "shards").glob("part-*.nt"):
        union.parse(path, format="nt")
    result = CliRunner().invoke(main, ["load", str(out / "shards"), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert f"{len(union):,} in the store" in result.stdout
