"""The shape of quipu.graph: which module may import which, and the store protocol's two implementations.

A newcomer reads the package bottom-up (graph/__init__.py lists the order); that only
works while no module imports one that imports it back, directly or through others.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx as nx
import pytest

import quipu.graph
from quipu.graph import GraphStore, OxigraphStore, QueryResult
from quipu.graph.remote import SparqlEndpointStore

FOLDER = Path(quipu.graph.__file__).parent


def graph_imports(path: Path) -> set[str]:
    """The modules of quipu.graph that ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:  # from .store import …, from . import explore
                found |= {node.module} if node.module else {alias.name for alias in node.names}
            elif node.module and node.module.startswith("quipu.graph."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[2] for a in node.names if a.name.startswith("quipu.graph.")}
    return found


def dependencies() -> nx.DiGraph:
    modules = {p.stem: p for p in FOLDER.glob("*.py") if p.stem != "__init__"}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for name, path in modules.items():
        graph.add_edges_from((name, imported) for imported in graph_imports(path) if imported in modules)
    return graph


def test_no_module_imports_one_that_imports_it_back():
    cycles = list(nx.simple_cycles(dependencies()))
    assert cycles == [], f"import cycles in quipu.graph: {cycles}"


def listed_order() -> list[str]:
    """The modules in the order graph/__init__.py's docstring lists them."""
    lines = [line for line in (quipu.graph.__doc__ or "").splitlines() if line.startswith("- ``")]
    return [name for line in lines for name in re.findall(r"``(\w+)``", line.split(":")[0])]


def test_the_package_docstring_lists_every_module_after_what_it_imports():
    order = listed_order()
    graph = dependencies()
    assert sorted(order) == sorted(graph.nodes), "list each module of graph/ once in graph/__init__.py"
    for module in order:
        later = [m for m in graph.successors(module) if order.index(m) >= order.index(module)]
        assert later == [], f"{module} imports {later}, listed after it"


# Who may not depend on whom, directly or through other modules.
INDEPENDENT = [
    ("store", "executor"),  # the embedded store runs queries in-process; the pool is the server's
    ("executor", "store"),  # the workers open pyoxigraph themselves and share only results.py
    ("store", "remote"),  # the two implementations know only the protocol's building blocks
    ("remote", "store"),
    ("results", "store"),  # QueryResult is below both stores and the executor
    ("results", "executor"),
    ("protocol", "store"),  # the protocol names no implementation
    ("protocol", "remote"),
]


@pytest.mark.parametrize(("module", "other"), INDEPENDENT)
def test_module_does_not_depend_on(module, other):
    assert other not in nx.descendants(dependencies(), module)


def test_the_executor_and_both_stores_share_one_result_type():
    from quipu.graph import executor, remote, results, store

    assert executor.QueryResult is store.QueryResult is remote.QueryResult is results.QueryResult is QueryResult


# The two named implementations of the store protocol (the remote one needs no server to be built).
IMPLEMENTATIONS = [
    pytest.param(lambda: OxigraphStore(None), id="embedded Oxigraph"),
    pytest.param(lambda: SparqlEndpointStore("http://127.0.0.1:9/query"), id="SPARQL endpoint"),
]


@pytest.mark.parametrize("make", IMPLEMENTATIONS)
def test_each_store_is_a_graph_store(make):
    store = make()
    try:
        assert isinstance(store, GraphStore)
    finally:
        store.close()


@pytest.mark.parametrize(
    "name", ["GraphStore", "OxigraphStore", "QueryResult", "IRIs", "ONTOLOGY_GRAPH", "QP", "document_triples",
             "example_queries"],
)
def test_the_package_exports(name):
    assert getattr(quipu.graph, name) is not None
