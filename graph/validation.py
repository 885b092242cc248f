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


def link_conforms(predicate: str, subject_type: str, object_type: str, *, base: str | None = None) -> bool:
    """Whether the shapes allow an extracted link ``predicate`` from an entity of
    ``subject_type`` to one of ``object_type`` (as the graph writes it: "runs" becomes the
    programme's ``qp:runBy``). For what learns links from data, so it proposes none the
    ontology refuses."""
    import pyshacl
    from rdflib import RDF, URIRef

    from .facts import CLASSES, PROPERTIES

    if base is None:
        from quipu.core.settings import get_settings

        base = get_settings().base()
    prop, reverse = PROPERTIES[predicate]
    subject, obj = URIRef("urn:quipu:check:subject"), URIRef("urn:quipu:check:object")
    data = Graph()
    data.add((subject, RDF.type, CLASSES[subject_type]))
    data.add((obj, RDF.type, CLASSES[object_type]))
    data.add((obj, prop, subject) if reverse else (subject, prop, obj))
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(base), ont_graph=ontology_graph(base), inference="none", allow_warnings=True
    )
    from rdflib.namespace import SH

    # the two bare nodes break other shapes (no label, no key): only the link's own path counts
    return not any(results.triples((None, SH.resultPath, prop)))
