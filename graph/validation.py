"""SHACL validation of the graph against ``ontology/shapes.ttl`` (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from .protocol import GraphStore
from .vocabulary import SHAPES_FILE, ontology_graph, shapes_graph

__all__ = ["SHAPES_FILE", "ValidationReport", "ontology_graph", "shapes_graph", "validate"]


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: int
    triples: int
    text: str


def validate(store: GraphStore, *, base: str | None = None) -> ValidationReport:
    """Validate everything in the store (all named graphs as one graph).

    ``base`` is the base IRI the store was written under (None: QUIPU_BASE_IRI): the shapes
    name schemes and kinds under it, as the store does.
    """
    import pyshacl
    from rdflib.namespace import SH

    if base is None:
        from quipu.core.settings import get_settings

        base = get_settings().base()
    data = Graph()
    data.parse(data=store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept=["application/n-triples"]).body,
               format="nt")
    conforms, results, text = pyshacl.validate(
        data, shacl_graph=shapes_graph(base), ont_graph=ontology_graph(base), inference="none", allow_warnings=True
    )
    violations = sum(1 for _ in results.subjects(SH.resultSeverity, SH.Violation))
    return ValidationReport(conforms=bool(conforms), violations=violations, triples=len(data), text=str(text))
