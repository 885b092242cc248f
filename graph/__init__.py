"""Graph out: the RDF store, the ontology's closed namespace and the document mapping."""

from .iris import ONTOLOGY_GRAPH, IRIs
from .mapping import document_triples
from .store import GraphStore, OxigraphStore, QueryResult
from .vocab import QP

__all__ = ["IRIs", "ONTOLOGY_GRAPH", "QP", "GraphStore", "OxigraphStore", "QueryResult", "document_triples"]
