"""The graph store: a small protocol and its embedded Oxigraph implementation.

Everything Quipu writes goes into one named graph per document (plus one for the
ontology), so replacing a document replaces exactly its triples. Queries see the
union of all named graphs as their default graph.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from quipu.core.errors import QueryError, StoreError

Triple = tuple[Node, Node, Node]
Bindings = Mapping[str, str]  # variable name → IRI, bound as a term, never pasted into the text


def iri_term(iri: str) -> ox.NamedNode:
    """An IRI as a term, or :class:`QueryError` when it is not a valid absolute IRI.

    This is the one gate for IRIs that come from a request (a path, a parameter):
    pyoxigraph parses them by RFC 3987, so no ``>``, ``{`` or space can reach a query.
    """
    try:
        return ox.NamedNode(iri)
    except (ValueError, TypeError):
        raise QueryError(f"{iri[:200]!r} is not a valid IRI") from None


_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


def bind(sparql: str, bindings: Bindings | None) -> str:
    """The query with each bound variable replaced by its IRI, written by pyoxigraph.

    The IRIs are checked by :func:`iri_term` (RFC 3987: no ``>``, braces or spaces), so
    each becomes exactly one term of the query and can never add syntax to it. (pyoxigraph's
    own ``substitutions`` needs every bound variable in the projection, and a remote
    endpoint takes no bindings at all, so both stores bind this way.)
    """
    if not bindings:
        return sparql
    head = re.split(r"\bWHERE\b|\{", sparql, maxsplit=1, flags=re.IGNORECASE)[0]
    for name in bindings:
        if re.search(rf"[?$]{name}\b", head):
            raise ValueError(f"?{name} is bound, so it cannot also be projected; project another variable")
    terms = {name: str(iri_term(iri)) for name, iri in bindings.items()}
    return _VARIABLE.sub(lambda m: terms.get(m.group(1), m.group(0)), sparql)


@dataclass(frozen=True)
class QueryResult:
    """A serialised SPARQL result, ready to send."""

    body: bytes
    media_type: str


@runtime_checkable
class GraphStore(Protocol):
    """What Quipu needs of an RDF store."""

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> int:
        """Make ``graph`` hold exactly these triples; return how many were written."""
        ...

    def drop_graph(self, graph: URIRef) -> None: ...

    def graph_names(self) -> list[URIRef]: ...

    def select(self, sparql: str, bindings: Bindings | None = None) -> list[dict[str, str]]:
        """Rows of a SELECT query as plain strings; ``bindings`` bind variables to IRIs."""
        ...

    def quads(
        self, subject: str | None = None, predicate: str | None = None, object: str | None = None, *, limit: int = 10_000
    ) -> list[ox.Quad]:
        """At most ``limit`` quads matching a pattern of IRIs (None: any), without SPARQL."""
        ...

    def query(
        self,
        sparql: str,
        *,
        accept: Sequence[str] = (),
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> QueryResult:
        """Run a query; the default graph is the union of all graphs unless ``default_graphs`` names some."""
        ...

    def __len__(self) -> int: ...

    def close(self) -> None: ...


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the equivalent pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} in a graph")


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

    @property
    def dataset(self) -> Dataset:
        from oxrdflib import OxigraphStore as RdflibOxigraph

        return Dataset(store=RdflibOxigraph(store=self._store), default_union=True)

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> int:
        name = ox.NamedNode(str(graph))
        quads = [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name) for s, p, o in triples]
        if self._store.contains_named_graph(name):
            self._store.remove_graph(name)
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
        from .executor import QueryRequest, execute

        request = QueryRequest("", sparql, tuple(accept), tuple(default_graphs), tuple(named_graphs))
        return execute(self._store, request)

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (only on a store opened for writing)."""
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}", query=sparql) from exc

    def dump(self, media_type: str) -> bytes:
        """Every quad of the store in a dataset format (TriG, N-Quads) or, merged, in a graph format."""
        from .formats import GRAPH_FORMATS

        fmt = GRAPH_FORMATS[media_type]
        if fmt.supports_datasets:
            return self._store.dump(format=fmt)
        # A graph format cannot name graphs: write the union, each triple once.
        return self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", accept=[media_type]).body

    def select(self, sparql: str, bindings: Bindings | None = None) -> list[dict[str, str]]:
        """Rows of a SELECT query as plain strings, for Python callers and tests.

        ``bindings`` bind variables to IRIs: a value that came from a request is passed
        here, checked as an IRI and written as a term by :func:`bind`, never formatted
        into the query text by the caller.
        """
        sparql = bind(sparql, bindings)
        try:
            solutions = self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}", query=sparql) from exc
        names = [v.value for v in solutions.variables]
        return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]

    def quads(
        self, subject: str | None = None, predicate: str | None = None, object: str | None = None, *, limit: int = 10_000
    ) -> list[ox.Quad]:
        """At most ``limit`` quads matching a pattern of IRIs (None: any), from the store's index."""
        pattern = [iri_term(term) if term is not None else None for term in (subject, predicate, object)]
        return list(itertools.islice(self._store.quads_for_pattern(*pattern, None), limit))

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        """Write everything to disk files, so that a read-only copy or backup sees it."""
        if not self.read_only:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store
