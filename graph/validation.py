"""SHACL validation of the graph against ``ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from quipu.ontology import path as ontology_path
from quipu.ontology import turtle_files

from .store import OxigraphStore

SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int
    triples: int
    text: str


def shapes_graph() -> Graph:
    return Graph().parse(ontology_path(SHAPES_FILE), format="turtle")


def ontology_graph() -> Graph:
    graph = Graph()
    for path in turtle_files(seeds=False):
        if path.name != SHAPES_FILE:
            graph.parse(path, format="turtle")
    return graph


def validate(store: OxigraphStore) -> ValidationReport:
    """Validate everything in the store (all named graphs as one graph)."""
    import pyshacl
    from rdflib.namespace import SH

    data = Graph()
    data.parse(data=store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept=["application/n-triples"]).body,
               format="nt")
    conforms, results, text = pyshacl.validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none", allow_warnings=True
    )
    violations = sum(1 for _ in results.subjects(SH.resultSeverity, SH.Violation))
    return ValidationReport(conforms=bool(conforms), violations=violations, triples=len(data), text=str(text))
