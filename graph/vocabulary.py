"""The shipped ontology and vocabularies as they go into a store: under the configured base.

``ontology/*.ttl`` write their instances (regions with their ubigeo codes, schemes, column
roles, the indicators' data set) under :data:`~quipu.core.iris.DEFAULT_BASE_IRI`. The
entities Quipu mints are under QUIPU_BASE_IRI; so that ``<base>region/puno`` from a
document and ``region:puno`` of ``regions.ttl`` are one node, the files are rebased on
the way into the store, here, and nowhere else.
"""

from __future__ import annotations

from rdflib import Graph

from quipu.core.iris import DEFAULT_BASE_IRI, normal_base, rebase_triples
from quipu.ontology import path as ontology_path
from quipu.ontology import turtle_files

SHAPES_FILE = "shapes.ttl"


def _rebased(graph: Graph, base: str) -> Graph:
    if normal_base(base) == DEFAULT_BASE_IRI:
        return graph
    moved = Graph()
    for triple in rebase_triples(graph, base):
        moved.add(triple)
    return moved


def vocabulary_graph(base: str = DEFAULT_BASE_IRI) -> Graph:
    """Everything the store's ontology graph holds: the ontology, its shapes and the reference
    vocabularies (not the extraction seeds, whose entities enter only when mentioned)."""
    graph = Graph()
    for path in turtle_files(seeds=False):
        graph.parse(path, format="turtle")
    return _rebased(graph, base)


def shapes_graph(base: str = DEFAULT_BASE_IRI) -> Graph:
    """The SHACL shapes of ``ontology/shapes.ttl``, naming schemes and kinds under ``base``."""
    return _rebased(Graph().parse(ontology_path(SHAPES_FILE), format="turtle"), base)


def ontology_graph(base: str = DEFAULT_BASE_IRI) -> Graph:
    """The ontology and vocabularies without the shapes: what SHACL validation reasons over."""
    graph = Graph()
    for path in turtle_files(seeds=False):
        if path.name != SHAPES_FILE:
            graph.parse(path, format="turtle")
    return _rebased(graph, base)
