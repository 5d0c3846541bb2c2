"""The shape of the application layer (issue 15): one-way imports, short functions, one option declared once."""
from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest

from kgbuilder.cli import main

PACKAGE = Path(__file__).resolve().parents[2] / "kgbuilder"
MODULES = sorted(PACKAGE.glob("*.py"))
LAYERS = ("kgbuilder", "graph", "extractors", "exports")
#: Every module of the package, by its import name.
ALL_MODULES = {(f"kgbuilder.{p.stem}" if layer == "kgbuilder" else f"kgbuilder.{layer}.{p.stem}"): p
               for layer in LAYERS for p in sorted((PACKAGE.parent / layer).glob("*.py")) if p.stem != "__init__"}


def imported_modules(path: Path) -> set[str]:
    """The kgbuilder modules a file imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found.update(n for n in names if n.startswith("kgbuilder."))
    return found


def test_the_application_modules_import_each_other_one_way():
    graph = {p.stem: {n.split(".")[1] for n in imported_modules(p)} & {m.stem for m in MODULES} - {p.stem}
             for p in MODULES}

    def reaches(start: str, target: str, seen=()) -> bool:
        return any(n == target or (n not in seen and reaches(n, target, (*seen, n))) for n in graph[start])

    cycles = sorted(m for m in graph if reaches(m, m))
    assert cycles == [], f"import cycles through {cycles}"
    assert "parallel" in graph["pipeline"] and "pipeline" not in graph["parallel"]


def test_nothing_imports_the_cli():
    layers = ("kgbuilder", "graph", "extractors", "exports")
    for path in (p for layer in layers for p in (PACKAGE.parent / layer).glob("*.py")):
        if path.name not in ("cli.py", "__main__.py"):
            assert "kgbuilder.cli" not in imported_modules(path), path


def top_level_imports(path: Path) -> set[str]:
    """The package modules a file imports when it is imported (not inside functions)."""
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ImportFrom) and node.module:
            found.update([node.module, *(f"{node.module}.{a.name}" for a in node.names)])
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found & set(ALL_MODULES)


def test_no_module_of_any_layer_imports_itself_round_a_cycle():
    # (KnowledgeGraph.to_rdf and .show, the notebook's conveniences, import their exporter when called:
    # exports depend on graph, and graph never imports exports when it is imported)
    graph = {name: top_level_imports(path) - {name} for name, path in ALL_MODULES.items()}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, f"import cycle: {' -> '.join((*path, name))}"
        if name not in done:
            for other in graph[name]:
                visit(other, (*path, name))
            done.add(name)

    for name in graph:
        visit(name, ())


@pytest.mark.parametrize("path", list(ALL_MODULES.values()), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_function_is_over_80_lines(path):
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 80]
    assert long == []


def test_a_shared_option_is_declared_once_with_one_default():
    declared = {}
    for name, command in main.commands.items():
        for param in command.params:
            if isinstance(param, click.Option) and "--base-iri" in param.opts:
                declared[name] = (param.default, param.callback)
    assert {"build", "load", "query"} <= set(declared)
    assert len(set(declared.values())) == 1, declared
