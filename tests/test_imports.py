"""The module graph of kg/: no import cycle, and each layer imports only the layers below it.

Imports are read with ``ast`` from the source, lazy ones inside functions included,
so a cycle cannot hide behind an import on use.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

KG = Path(__file__).resolve().parent.parent / "kg"

#: Layers from the bottom up; a module may import its own layer and the ones before it.
LAYERS = (
    ("base", ("kg", "kg.errors", "kg.settings", "kg.resources")),
    ("sparql text", ("kg.sparql",)),
    ("vocabulary and records", ("kg.vocab", "kg.formats", "kg.records", "kg.iris")),
    ("stores", ("kg.store",)),
    (
        "pipeline and queries",
        (
            "kg.loaders", "kg.gazetteer", "kg.extract", "kg.resolve", "kg.build", "kg.pool", "kg.ingest", "kg.shards",
            "kg.queries", "kg.results", "kg.stats", "kg.evaluate", "kg.resolution",
        ),
    ),
    ("network", ("kg.network",)),
    ("outputs", ("kg.export", "kg.render", "kg.serve")),
    ("commands", ("kg.cli", "kg.__main__")),
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(KG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(KG.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _imports(name: str) -> set[str]:
    """Modules of kg that ``name`` imports, anywhere in its source."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if _is_package(name) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from kg.loaders import feed`` imports the submodule kg.loaders.feed
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        found.update(t for t in targets if t in MODULES and t != name)
    return found


GRAPH = {name: _imports(name) for name in MODULES}


def _layer(name: str) -> int:
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"{name} belongs to no layer: add it to LAYERS in {Path(__file__).name}")


def _cycle() -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        path.append(name)
        for target in sorted(GRAPH[name]):
            if state.get(target) == 1:
                return [*path[path.index(target):], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[name] = 2
        return None

    for name in sorted(GRAPH):
        if name not in state and (found := visit(name)):
            return found
    return None


def test_the_walker_sees_lazy_and_relative_imports():
    assert "kg.ingest" in GRAPH["kg.cli.ingest"]  # imported inside the command function
    assert "kg.loaders.feed" in GRAPH["kg.loaders"]


def test_no_import_cycle():
    cycle = _cycle()
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_every_module_has_a_layer():
    for name in MODULES:
        _layer(name)


def test_layers_import_only_downwards():
    upward = [
        f"{name} ({LAYERS[_layer(name)][0]}) imports {target} ({LAYERS[_layer(target)][0]})"
        for name, targets in GRAPH.items()
        for target in sorted(targets)
        if _layer(target) > _layer(name)
    ]
    assert not upward, "\n".join(upward)


def test_sparql_text_imports_nothing_of_ours():
    assert GRAPH["kg.sparql"] <= {"kg.errors"}


@pytest.mark.parametrize(
    "name", ["kg.sparql", "kg.vocab", "kg.formats", "kg.store", "kg.queries", "kg.results", "kg.ingest", "kg.serve"]
)
def test_a_low_module_imports_alone(name):
    """``import kg.<module>`` in a fresh interpreter loads no layer above it."""
    code = (
        f"import sys, {name}\n"
        "print('\\n'.join(m for m in sys.modules if m == 'kg' or m.startswith('kg.')))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    above = [m for m in loaded if m in MODULES and _layer(m) > _layer(name)]
    assert not above, f"import {name} loads {above}"
