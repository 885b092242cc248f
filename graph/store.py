"""The embedded store: Oxigraph on disk, one store per generation of the data directory.

:class:`OxigraphStore` is the :class:`~quipu.graph.protocol.GraphStore` Quipu uses unless
QUIPU_SPARQL_ENDPOINT names a server. A writer opens a generation's folder for writing
during an ingest; readers open it read-only, so a server answers queries from one
generation while the next is being written. Queries see the union of all named graphs as
their default graph.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
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
        """Make ``graph`` hold exactly these triples.

        A small graph is built first and written in one transaction. A large one is
        streamed with ``bulk_extend`` into new files, neither held in memory nor in one
        transaction: ingest writes into a generation nobody reads until it is published,
        so atomicity buys nothing there (an error discards the generation), and a
        transaction of a million quads took over a gigabyte and half the ingest's time.
        """
        quads = oxigraph_quads(triples, str(graph))
        head = list(itertools.islice(quads, self.BULK_ABOVE + 1))
        self.drop_graph(graph)
        if len(head) <= self.BULK_ABOVE:
            self._store.extend(head)
            return len(head)
        counted = [len(head)]

        def rest() -> Iterator[ox.Quad]:
            yield from head
            for quad in quads:  # streamed: a graph of millions of quads is never held whole
                counted[0] += 1
                yield quad

        self._store.bulk_extend(rest())
        return counted[0]

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
