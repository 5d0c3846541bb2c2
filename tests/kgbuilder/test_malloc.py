"""kgbuilder.malloc: glibc thresholds set once per process, never over the user's own settings."""
import os
import subprocess
import sys

import pytest

PROBE = "from kgbuilder.malloc import keep_freed_memory; print(keep_freed_memory(), keep_freed_memory())"


def run_probe(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    done = subprocess.run([sys.executable, "-c", PROBE], env={**clean, **env}, capture_output=True, text=True,
                          check=True)
    return done.stdout.split()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")
def test_thresholds_are_set_on_glibc_and_the_answer_is_stable():
    import platform

    expected = "True" if platform.libc_ver()[0] == "glibc" else "False"
    assert run_probe() == [expected, expected]


def test_a_user_setting_in_the_environment_is_left_alone():
    assert run_probe(MALLOC_TRIM_THRESHOLD_="131072") == ["False", "False"]
    assert run_probe(MALLOC_MMAP_THRESHOLD_="131072") == ["False", "False"]


def test_the_heap_is_frozen_for_the_block_only_and_settling_collects_garbage_first():
    import gc
    import weakref

    from kgbuilder.malloc import FrozenHeap

    class Node:
        pass

    assert gc.get_freeze_count() == 0
    with FrozenHeap() as heap:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        cycle = Node()
        cycle.me = cycle
        dead = weakref.ref(cycle)
        kept = [Node()]
        del cycle
        heap.settle()
        assert dead() is None  # garbage is collected, not frozen
        assert gc.get_freeze_count() > frozen  # what lives on is frozen
        with FrozenHeap() as inner:  # nested: the outer block keeps its own
            inner.settle()
        assert gc.get_freeze_count() > frozen
    assert gc.get_freeze_count() == 0 and kept


def test_a_build_parses_with_the_model_frozen_and_leaves_nothing_frozen(tmp_path, fake, monkeypatch):
    import gc

    from kgbuilder.pipeline import build

    seen = []
    pipe = fake.pipe

    def recording(*args, **kwargs):
        seen.append(gc.get_freeze_count())
        return pipe(*args, **kwargs)

    monkeypatch.setattr(fake, "pipe", recording)
    (tmp_path / "a.txt").write_text("Kerry called Lavrov.", encoding="utf-8")
    report = build([tmp_path / "a.txt"], tmp_path / "out", formats=["json"], progress=False)
    assert report.documents == 1
    assert seen and seen[0] > 0
    assert gc.get_freeze_count() == 0


def test_forked_workers_freeze_what_they_inherit(fake):
    import gc

    from kgbuilder.parallel import PoolEngine

    with PoolEngine(1, nlp=fake) as engine:
        assert engine._pool.submit(gc.get_freeze_count).result() > 0  # the inherited model, left out of scans
    assert gc.get_freeze_count() == 0  # the parent's own heap is untouched
