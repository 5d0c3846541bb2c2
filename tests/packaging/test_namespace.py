"""The layers import under the project's namespace only: no module reaches for a top-level
``graph``/``extractors``/``exports`` (which a source checkout would happen to provide)."""
import subprocess
import sys

CHECK = """
import importlib, pkgutil, sys
import kgbuilder
names = [m.name for m in pkgutil.walk_packages(kgbuilder.__path__, "kgbuilder.")]
for layer in kgbuilder.LAYERS:
    package = importlib.import_module(f"kgbuilder.{layer}")
    names += [package.__name__, *(m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + "."))]
for name in names:
    importlib.import_module(name)
stray = sorted(n for n in sys.modules if n.split(".")[0] in ("graph", "extractors", "exports"))
assert not stray, stray
print(len(names))
"""


def test_every_module_imports_under_the_kgbuilder_namespace(tmp_path):
    # run outside the checkout, so the repository root is not on sys.path
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"})
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 20
