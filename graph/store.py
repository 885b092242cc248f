"""The embedded store: Oxigraph on disk, one store per generation of the data directory.

:class:`OxigraphStore` is the :class:`~quipu.graph.protocol.GraphStore` Quipu uses unless
QUIPU_SPARQL_ENDPOINT names a server. A writer opens a generation's folder for writing
during an ingest; readers open it read-only, so a server answers queries from one
generation while the next is being written. Queries see the union of all named graphs as
their default graph.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from quipu.core.errors import QueryError, StoreError

from .formats import GRAPH_FORMATS
from .results import QueryResult, run_query
from .terms import Bindings, Triple, bind, iri_term, oxigraph_quads

__all__ = ["OxigraphStore"]


class OxigraphStore:
    """The embedded store: pyoxigraph on disk (or in memory when ``path`` is None).

    ``dataset`` gives the same data as an rdflib :class:`~rdflib.Dataset` (through
    oxrdflib) for Python users; Quipu itself talks to pyoxigraph directly because
    it serialises every SPARQL result format natively.
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            raise StoreError(
                f"cannot open the graph store at {path}: {exc}. If another quipu process is "
                "writing to it, wait for it to finish.",
                location=str(path),
            ) from exc
        self.read_only = read_only

    def __repr__(self) -> str:
        return f"OxigraphStore({self.path!r}, read_only={self.read_only})"

    @property
    def dataset(self) -> Dataset:
        from oxrdflib import OxigraphStore as RdflibOxigraph

        return Dataset(store=RdflibOxigraph(store=self._store), default_union=True)

    # Graphs of more quads than this are loaded without a transaction (see replace_graph).
    BULK_ABOVE = 5_000

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> int:
        """Make ``graph`` hold exactly these triples (the new ones are built before the old go).

        A large graph is written with ``bulk_extend``, which streams the quads into new
        files rather than holding them in one transaction: ingest writes into a generation
        nobody reads until it is published, so atomicity buys nothing there, and a
        transaction of a million quads took over a gigabyte and half the ingest's time.
        """
        quads = list(oxigraph_quads(triples, str(graph)))
        self.drop_graph(graph)
        if len(quads) > self.BULK_ABOVE:
            self._store.bulk_extend(quads)
        else:
            self._store.extend(quads)
        return len(quads)

    def drop_graph(self, graph: URIRef) -> None:
        name = ox.NamedNode(str(graph))
        if self._store.contains_named_graph(name):
            self._store.remove_graph(name)

    def graph_names(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def backup(self, target: Path) -> None:
        """Copy the store to a new folder (cheap: the files are hard-linked)."""
        self.flush()
        self._store.backup(str(target))

    def query(
        self,
        sparql: str,
        *,
        accept: Sequence[str] = (),
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> QueryResult:
        """Run a query in this process (the server sends users' queries to its workers instead,
        where a time limit can stop them: :class:`~quipu.graph.executor.QueryExecutor`)."""
        return run_query(self._store, sparql, accept=accept, default_graphs=default_graphs, named_graphs=named_graphs)

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (only on a store opened for writing)."""
        if self.read_only:
            raise StoreError(
                f"the graph store at {self.path} is open read-only; a SPARQL Update is applied to a new "
                "generation (the server's /sparql with the admin token), never to one being read",
                location=str(self.path),
            )
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}", query=sparql) from exc

    def dump(self, media_type: str) -> bytes:
        """Every quad of the store in a dataset format (TriG, N-Quads) or, merged, in a graph format."""
        fmt = GRAPH_FORMATS[media_type]
        if fmt.supports_datasets:
            return self._store.dump(format=fmt) or b""
        # A graph format cannot name graphs: write the union, each triple once.
        return self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept=[media_type]).body

    def select(self, sparql: str, bindings: Bindings | None = None) -> list[dict[str, str]]:
        """Rows of a SELECT query as plain strings, for Python callers and tests.

        ``bindings`` bind variables to IRIs: a value that came from a request is passed
        here, checked as an IRI and written as a term by :func:`~quipu.graph.terms.bind`,
        never formatted into the query text by the caller.
        """
        sparql = bind(sparql, bindings)
        try:
            solutions = self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}", query=sparql) from exc
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("select() needs a SELECT query; use query() for ASK, CONSTRUCT and DESCRIBE", query=sparql)
        names = [v.value for v in solutions.variables]
        return [{n: term.value for n in names if (term := s[n]) is not None} for s in solutions]

    def quads(
        self, subject: str | None = None, predicate: str | None = None, object: str | None = None, *, limit: int = 10_000
    ) -> list[ox.Quad]:
        """At most ``limit`` quads matching a pattern of IRIs (None: any), from the store's index."""
        s, p, o = (iri_term(term) if term is not None else None for term in (subject, predicate, object))
        return list(itertools.islice(self._store.quads_for_pattern(s, p, o), limit))

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Write everything to disk files, so that a read-only copy or backup sees it."""
        if not self.read_only:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store
