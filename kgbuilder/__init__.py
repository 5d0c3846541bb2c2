"""kgbuilder: English text to a knowledge graph (spaCy extraction, networkx assembly, RDF and HTML export).

The library's layers are ``kgbuilder.extractors`` (text to facts), ``kgbuilder.graph`` (the model, entity
resolution, the KnowledgeGraph) and ``kgbuilder.exports`` (RDF, JSON, HTML, stores); this package adds the
application (CLI, pipeline, parallel execution) on top.
"""
import importlib.abc as _abc
import importlib.util as _util
import sys as _sys
from pathlib import Path as _Path

#: The layers: top-level folders of the repository (the design card fixes that layout) that install as
#: subpackages of kgbuilder (pyproject.toml, package-dir), never as top-level packages of their own.
LAYERS = ("graph", "extractors", "exports")


class _CheckoutLayers(_abc.MetaPathFinder):
    """In a source checkout the layer folders sit beside this package, not inside it: find
    ``kgbuilder.graph`` & co. there, so tests and notebooks import what an installed copy provides."""

    def __init__(self, root: _Path):
        self.root = root

    def find_spec(self, fullname, path=None, target=None):
        prefix, _, layer = fullname.partition(".")
        if prefix != __name__ or layer not in LAYERS:
            return None
        folder = self.root / layer
        return _util.spec_from_file_location(fullname, folder / "__init__.py",
                                             submodule_search_locations=[str(folder)])


_here = _Path(__file__).resolve().parent
if not (_here / LAYERS[0]).is_dir() and (_here.parent / LAYERS[0] / "__init__.py").is_file():
    _sys.meta_path.insert(0, _CheckoutLayers(_here.parent))
