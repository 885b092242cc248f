"""The shape of the code, read from its imports: data flows one way and nothing loops.

Every ``import`` of every module is read from the source (function-level ones too:
a lazy import still ties two modules together), so a new cycle or a layer reaching
upwards fails here, naming the modules.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import networkx as nx
import pytest

REPO = Path(__file__).resolve().parents[1]
# Each package and the packages it may import, lowest layer first (ARCHITECTURE.md).
LAYERS: dict[str, set[str]] = {
    "ontology": set(),
    "core": {"ontology"},
    "ingest": {"core", "ontology"},
    "graph": {"core", "ontology", "ingest"},
    "search": {"core", "ontology", "ingest"},
    "workspace": {"core", "ontology", "ingest", "graph", "search"},
    "api": {"core", "ontology", "ingest", "graph", "search", "workspace"},
}


def _module_name(path: Path) -> str:
    parts = ["quipu", *path.relative_to(REPO).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, module: str) -> set[str]:
    """The quipu modules ``path`` imports (a name imported from a package counts as the
    package's submodule when there is one)."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("quipu.")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("quipu."):
                found.add(target)
                found |= {f"{target}.{alias.name}" for alias in node.names}
    return found


@lru_cache(maxsize=1)
def _graph() -> nx.DiGraph:
    files = [p for layer in LAYERS for p in (REPO / layer).rglob("*.py")]
    modules = {_module_name(p): p for p in files}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        for target in _imports(path, name):
            if target in modules and target != name:
                graph.add_edge(name, target)
    return graph


def _layer(module: str) -> str:
    return module.split(".")[1]


def test_no_module_imports_one_that_imports_it_back():
    # Modules that reach each other (a strongly connected set) form a cycle.
    tangles = [sorted(group) for group in nx.strongly_connected_components(_graph()) if len(group) > 1]
    assert not tangles, "modules that import each other: " + "; ".join(", ".join(t) for t in tangles)


@pytest.mark.parametrize("layer", list(LAYERS))
def test_each_package_imports_only_the_layers_beneath_it(layer):
    graph = _graph()
    upward = sorted(
        f"{source} → {target}"
        for source, target in graph.edges
        if _layer(source) == layer and _layer(target) != layer and _layer(target) not in LAYERS[layer]
    )
    assert not upward, f"{layer} reaches {', '.join(upward)}"


def test_the_walk_sees_the_imports_it_checks():
    # The checks above pass vacuously if the walk finds nothing; these edges must exist.
    graph = _graph()
    assert graph.has_edge("quipu.ingest.documents", "quipu.core.text")
    assert graph.number_of_edges() > 200
