"""Graph out: the RDF stores, the ontology's closed namespace and the document mapping.

The modules, each depending only on those listed before it (no two import each other):

- ``formats``: media types of SPARQL results and RDF serialisations;
- ``terms``: checked IRIs, variables bound to IRIs, rdflib ↔ pyoxigraph terms;
- ``results``: :class:`QueryResult`, and one query run on an open pyoxigraph store;
- ``protocol``: :class:`GraphStore`, what Quipu needs of a store;
- ``store``: :class:`OxigraphStore`, the embedded store;
- ``remote``: :class:`~quipu.graph.remote.SparqlEndpointStore`, a SPARQL 1.1 server;
- ``executor``: worker processes that run users' queries under a time limit;
- ``mapping`` and ``facts``: documents, passages and extracted facts as triples;
- ``vocabulary``: the shipped ontology files, rebased under the configured base IRI;
- ``validation``: SHACL checks of a store against the shapes, under the same base;
- ``explore`` and ``documents``: entities and documents read back for browsing;
- ``policy``: what a user's query may do (no SERVICE unless allowed, bounded nesting);
- ``examples``: the shipped example queries (``queries/``), titled in each language.
"""

from quipu.core.iris import DEFAULT_BASE_IRI, ONTOLOGY_GRAPH, IRIs
from quipu.core.namespace import QP

from .mapping import document_triples
from .protocol import GraphStore
from .results import QueryResult
from .store import OxigraphStore

__all__ = [
    "IRIs", "ONTOLOGY_GRAPH", "QP", "GraphStore", "OxigraphStore", "QueryResult", "document_triples", "example_queries",
]


def example_queries(base: str = DEFAULT_BASE_IRI) -> dict[str, str]:
    """The example SPARQL queries shipped in graph/queries, by file stem, naming IRIs under ``base``.

    The files are written under the default base; another base (QUIPU_BASE_IRI) is put in
    place of it in their IRIs, so the examples ask about what the store holds.
    """
    from .examples import example_list  # titled, per language: graph.examples

    return {example.name: example.query for example in example_list(base)}
