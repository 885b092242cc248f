"""What Quipu needs of an RDF store: the :class:`GraphStore` protocol.

Two stores implement it: :class:`~quipu.graph.store.OxigraphStore` (embedded, on disk,
one per generation of the data directory) and
:class:`~quipu.graph.remote.SparqlEndpointStore` (a SPARQL 1.1 server the user runs).
The ingest pipeline writes through it, and the workspace, the HTTP API and the CLI read
through it, so none of them needs to know which store it has.

The contract both keep:

- everything Quipu writes goes into one named graph per document (plus one for the
  entities and one for the ontology), so replacing a document replaces exactly its
  triples, and :meth:`GraphStore.replace_graph` replaces a graph as one operation;
- a query's default graph is the union of all named graphs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import URIRef

from .results import QueryResult
from .terms import Bindings, Triple


@runtime_checkable
class GraphStore(Protocol):
    """An RDF store of named graphs, queried with the union of them as the default graph."""

    read_only: bool

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> int:
        """Make ``graph`` hold exactly these triples, in one step; return how many were written.

        No triples leaves no graph: replacing with nothing drops it.
        """
        ...

    def drop_graph(self, graph: URIRef) -> None:
        """Remove ``graph`` and its triples; an absent graph is no error."""
        ...

    def graph_names(self) -> list[URIRef]:
        """The names of the graphs that hold triples, sorted."""
        ...

    def query(
        self,
        sparql: str,
        *,
        accept: Sequence[str] = (),
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> QueryResult:
        """Run a query sent by a user; the result in the first of ``accept`` the store offers.

        The default graph is the union of all graphs unless ``default_graphs`` names some.
        """
        ...

    def select(self, sparql: str, bindings: Bindings | None = None) -> list[dict[str, str]]:
        """Rows of a SELECT query as plain strings (unbound variables left out).

        ``bindings`` bind variables to IRIs: a value that came from a request is passed
        here, checked as an IRI, never formatted into the query text by the caller.
        """
        ...

    def quads(
        self, subject: str | None = None, predicate: str | None = None, object: str | None = None, *, limit: int = 10_000
    ) -> list[ox.Quad]:
        """At most ``limit`` quads matching a pattern of IRIs (None: any)."""
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update; :class:`~quipu.core.errors.StoreError` on a read-only store."""
        ...

    def dump(self, media_type: str) -> bytes:
        """Every quad in an RDF format: a dataset format keeps the graphs, a graph format merges them."""
        ...

    def backup(self, target: Path) -> None:
        """Copy the store to a new folder (a remote store refuses: its server keeps its own backups)."""
        ...

    def flush(self) -> None:
        """Make what was written durable before another process reads it."""
        ...

    def __len__(self) -> int:
        """How many quads the store holds."""
        ...

    def close(self) -> None: ...
