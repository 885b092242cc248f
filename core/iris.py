"""Where Quipu's IRIs come from: one place, so every part mints the same ones."""

from __future__ import annotations

from rdflib import URIRef

from quipu.ontology import ONTOLOGY_IRI

ONTOLOGY_GRAPH = URIRef(ONTOLOGY_IRI)

# The namespace of every IRI Quipu mints (QUIPU_BASE_IRI) and of the shipped vocabularies'
# instances (ontology/*.ttl are written under it and rebased when another base is set).
DEFAULT_BASE_IRI = "https://w3id.org/quipu/id/"


class IRIs:
    """Mints the IRIs of documents, passages and their named graphs under a base IRI."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def document(self, document_id: str) -> URIRef:
        return URIRef(f"{self.base}document/{document_id}")

    def passage(self, passage_id: str) -> URIRef:
        return URIRef(f"{self.base}passage/{passage_id}")

    def document_graph(self, document_id: str) -> URIRef:
        """The named graph of one document's metadata and passages."""
        return URIRef(f"{self.base}graph/document/{document_id}")

    def facts_graph(self, document_id: str) -> URIRef:
        """The named graph of what one document states: mentions, links, observations."""
        return URIRef(f"{self.base}graph/facts/{document_id}")

    @property
    def entities_graph(self) -> URIRef:
        """The one named graph where each entity of the corpus is described once."""
        return URIRef(f"{self.base}graph/entities")
