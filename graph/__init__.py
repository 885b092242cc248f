"""Graph out: the RDF store, the ontology's closed namespace and the document mapping."""

from quipu.core.iris import ONTOLOGY_GRAPH, IRIs
from quipu.core.namespace import QP

from .mapping import document_triples
from .store import GraphStore, OxigraphStore, QueryResult

__all__ = ["IRIs", "ONTOLOGY_GRAPH", "QP", "GraphStore", "OxigraphStore", "QueryResult", "document_triples"]


def example_queries() -> dict[str, str]:
    """The example SPARQL queries shipped in graph/queries, by file stem."""
    from importlib.resources import files

    folder = files(__name__).joinpath("queries")
    return {p.name[:-3]: p.read_text(encoding="utf-8") for p in folder.iterdir() if p.name.endswith(".rq")}
