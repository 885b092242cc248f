"""A graph store behind a SPARQL 1.1 server (Oxigraph server, Apache Jena Fuseki, GraphDB).

:class:`SparqlEndpointStore` implements the same :class:`~quipu.graph.protocol.GraphStore`
protocol as the embedded :class:`~quipu.graph.store.OxigraphStore`, so a user can keep
Quipu's graph in a store they already run. It speaks three W3C protocols:

- SPARQL 1.1 Protocol for queries (the *query endpoint*, QUIPU_SPARQL_ENDPOINT);
- SPARQL 1.1 Graph Store HTTP Protocol for graphs (the *store endpoint*,
  QUIPU_SPARQL_STORE_ENDPOINT): :meth:`~SparqlEndpointStore.replace_graph` is one ``PUT``
  of the whole named graph, so the server replaces a document's graph in one transaction
  and a reader never sees it half written; :meth:`~SparqlEndpointStore.drop_graph` is a
  ``DELETE``. The body is N-Triples written by pyoxigraph, which escapes every literal;
- SPARQL 1.1 Update for what a user sends (the *update endpoint*, QUIPU_SPARQL_UPDATE_ENDPOINT).
  Giving it is what makes the store writable: without it every write raises
  :class:`~quipu.core.errors.StoreError`.

Where each server has its endpoints (query, store, update; the store endpoint is derived
from the query URL by :func:`store_endpoint_for` when not given):

- Oxigraph: ``http://HOST:7878/query``, ``…/store``, ``…/update``;
- Apache Jena Fuseki: ``http://HOST:3030/DATASET/query``, ``…/DATASET/data``, ``…/DATASET/update``;
- GraphDB (and RDF4J): ``http://HOST:7200/repositories/REPO``, ``…/REPO/rdf-graphs/service``,
  ``…/REPO/statements``.

Quipu's contract is that a query's default graph is the union of all named graphs. This
module rewrites no query to get that: **configure the remote store for a union default
graph**: ``oxigraph serve --location DIR --bind 127.0.0.1:7878 --union-default-graph``;
``tdb2:unionDefaultGraph true`` in a Fuseki TDB2 dataset's assembler; GraphDB does it by
default.

Differences from the embedded store: generations are not used (:meth:`~SparqlEndpointStore.backup`
raises), and the server, not Quipu, decides how large a request body it accepts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from rdflib import URIRef

from quipu.core.errors import ConfigError, LimitError, QueryError, StoreError

from .formats import DEFAULT_GRAPH, DEFAULT_RESULTS, GRAPH_FORMATS, RESULTS_FORMATS, choose
from .results import QueryResult
from .terms import Bindings, Triple, bind, iri_term, json_quad, oxigraph_triple

if TYPE_CHECKING:
    from quipu.core.settings import Settings

# What to look at when the endpoint cannot be reached or refuses us.
_CHECK = (
    "check that the SPARQL server is running and reachable from here, and that the URL is its query "
    "endpoint (Oxigraph: http://HOST:7878/query; Fuseki: http://HOST:3030/DATASET/query; "
    "GraphDB: http://HOST:7200/repositories/REPO)"
)
_CHECK_STORE = (
    "set QUIPU_SPARQL_STORE_ENDPOINT to the server's Graph Store Protocol endpoint (Oxigraph: "
    "http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET/data; GraphDB: "
    "http://HOST:7200/repositories/REPO/rdf-graphs/service)"
)

# Tokens that may come before the query form: IRIs, prefixed names, comments, strings.
_FORM_TOKENS = re.compile(
    r"""(?P<iri><[^<>"{}|^`\\\s]*>)"""
    r"""|(?P<comment>\#[^\n\r]*)"""
    r"""|(?P<string>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')"""
    r"""|(?P<word>[^\W\d][\w.-]*)""",
)
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def query_form(sparql: str) -> str | None:
    """The form of a SPARQL query: 'SELECT', 'ASK', 'CONSTRUCT' or 'DESCRIBE'.

    The first keyword after the ``PREFIX``/``BASE`` declarations (comments and IRIs are
    skipped); ``None`` when there is none, e.g. for an update or a broken query.
    """
    for match in _FORM_TOKENS.finditer(sparql):
        word = match.group("word")
        if word is None:
            continue
        upper = word.upper()
        if upper in ("PREFIX", "BASE"):
            continue
        if upper in QUERY_FORMS:
            return upper
        if upper in _UPDATE_WORDS:
            return None
        # A prefix name ("qp" of "PREFIX qp: <...>") comes between PREFIX and its IRI.
        if sparql[match.end() : match.end() + 1] == ":":
            continue
        break
    return _parsed_form(sparql)


def _parsed_form(sparql: str) -> str | None:
    """The query form by rdflib's parser: slower, for what the scan above does not recognise."""
    try:
        from rdflib.plugins.sparql.parser import parseQuery

        name = parseQuery(sparql)[1].name  # e.g. "SelectQuery"
    except Exception:  # noqa: BLE001 - a broken query: the server will say what is wrong
        return None
    form = name.removesuffix("Query").upper()
    return form if form in QUERY_FORMS else None


# Query URL path → store URL path, by server; the first that matches is used.
_STORE_BESIDE_QUERY: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^/query$"), "/store"),  # Oxigraph serves one dataset at the root
    (re.compile(r"^(?P<prefix>/.+)/(?:query|sparql)$"), r"\g<prefix>/data"),  # Fuseki: /DATASET/query
    (re.compile(r"^(?P<prefix>.*/repositories/[^/]+)$"), r"\g<prefix>/rdf-graphs/service"),  # GraphDB, RDF4J
]


def store_endpoint_for(query_endpoint: str) -> str | None:
    """The Graph Store Protocol endpoint a server keeps beside ``query_endpoint``; None when
    the URL is not laid out like Oxigraph's, Fuseki's or GraphDB's (then it must be given)."""
    parts = urlsplit(query_endpoint)
    for pattern, replacement in _STORE_BESIDE_QUERY:
        if pattern.match(parts.path):
            path = pattern.sub(replacement, parts.path)
            return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return None


def n_triples(triples: Iterable[Triple]) -> tuple[bytes, int]:
    """The triples as an N-Triples document written by pyoxigraph, and how many there are."""
    converted = [oxigraph_triple(s, p, o) for s, p, o in triples]
    return ox.serialize(converted, format=ox.RdfFormat.N_TRIPLES) or b"", len(converted)


# Other names servers give the media types Quipu asks for.
_ALIASES = {"text/tsv": "text/tab-separated-values", "application/json": DEFAULT_RESULTS}


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


class SparqlEndpointStore:
    """A :class:`~quipu.graph.protocol.GraphStore` on a remote SPARQL 1.1 server.

    ``update_endpoint`` may be None: the store is then read-only and every write raises
    :class:`~quipu.core.errors.StoreError`. ``store_endpoint`` is the Graph Store Protocol
    endpoint graphs are written to (default: :func:`store_endpoint_for` the query URL).
    ``timeout`` is in seconds, per request; ``auth`` is a (user, password) pair sent as
    HTTP basic authentication. The remote store must present the union of all named graphs
    as the default graph (see the module documentation for Oxigraph, Fuseki and GraphDB).
    """

    def __init__(
        self,
        query_endpoint: str,
        update_endpoint: str | None = None,
        *,
        store_endpoint: str | None = None,
        timeout: float = 30.0,
        auth: tuple[str, str] | None = None,
    ) -> None:
        self.query_endpoint = query_endpoint
        self.update_endpoint = update_endpoint
        self.store_endpoint = store_endpoint or store_endpoint_for(query_endpoint)
        self.timeout = timeout
        self.read_only = update_endpoint is None
        self._client = httpx.Client(timeout=timeout, auth=httpx.BasicAuth(*auth) if auth else None)

    @classmethod
    def from_settings(cls, settings: Settings) -> SparqlEndpointStore:
        """The store QUIPU_SPARQL_ENDPOINT, QUIPU_SPARQL_UPDATE_ENDPOINT and QUIPU_SPARQL_STORE_ENDPOINT name."""
        if not settings.sparql_endpoint:
            raise ConfigError(
                "QUIPU_SPARQL_ENDPOINT is not set, so there is no external store to open", setting="QUIPU_SPARQL_ENDPOINT"
            )
        return cls(
            settings.sparql_endpoint, settings.sparql_update_endpoint, store_endpoint=settings.sparql_store_endpoint
        )

    def __repr__(self) -> str:
        endpoints = f"{self.query_endpoint!r}, {self.update_endpoint!r}, store_endpoint={self.store_endpoint!r}"
        return f"SparqlEndpointStore({endpoints})"

    # ------------------------------------------------------------ HTTP

    def _send(
        self,
        method: str,
        url: str,
        *,
        body: bytes = b"",
        content_type: str | None = None,
        accept: str | None = None,
        params: list[tuple[str, str]] | None = None,
        sparql: str | None = None,
        answers: frozenset[int] = frozenset(),
    ) -> httpx.Response:
        """One request; a failure becomes the Quipu error that says what to check.

        ``sparql`` is the query or update sent, for a :class:`QueryError` when the server
        rejects it; a rejected graph (no ``sparql``) is a :class:`StoreError`. ``answers``
        are error statuses the caller reads as an answer (404 to a DELETE: no such graph).
        """
        headers = {}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        try:
            response = self._client.request(method, url, content=body, headers=headers, params=tuple(params or ()))
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
                raise StoreError(
                    f"cannot connect to the SPARQL endpoint {url} (no answer within {self.timeout:g} s); {_CHECK}",
                    location=url,
                ) from exc
            raise LimitError(
                f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s; narrow the query, add a "
                "LIMIT, or raise the timeout",
                limit="query_timeout",
                value=self.timeout,
            ) from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc}; {_CHECK}", location=url) from exc
        if response.status_code < 300 or response.status_code in answers:
            return response
        message = response.text.strip()[:2000] or response.reason_phrase
        if response.status_code == 400 and sparql is not None:
            raise QueryError(f"the SPARQL server rejected the request: {message}", query=sparql)
        if response.status_code in (401, 403):
            raise StoreError(
                f"the SPARQL endpoint {url} refused the request (HTTP {response.status_code}: {message}); "
                "check the user and password given as auth",
                location=url,
            )
        if response.status_code == 404:
            check = _CHECK if sparql is not None else _CHECK_STORE
            raise StoreError(f"there is no SPARQL endpoint at {url} (HTTP 404: {message}); {check}", location=url)
        raise StoreError(f"the SPARQL endpoint {url} answered HTTP {response.status_code}: {message}", location=url)

    def _update_url(self) -> str:
        """The update endpoint, or :class:`StoreError`: without one the store is read-only."""
        if self.update_endpoint is None:
            raise StoreError(
                f"the store at {self.query_endpoint} is read-only: give an update endpoint "
                "(QUIPU_SPARQL_UPDATE_ENDPOINT; Oxigraph: http://HOST:7878/update) to write to it",
                location=self.query_endpoint,
            )
        return self.update_endpoint

    def _store_url(self) -> str:
        """The Graph Store endpoint, or :class:`StoreError` when this store may not or cannot write graphs."""
        self._update_url()  # giving an update endpoint is what makes the store writable
        if self.store_endpoint is None:
            raise StoreError(
                f"no Graph Store Protocol endpoint is known for {self.query_endpoint}; {_CHECK_STORE}",
                location=self.query_endpoint,
            )
        return self.store_endpoint

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the update endpoint."""
        self._send(
            "POST", self._update_url(), body=sparql.encode("utf-8"),
            content_type="application/sparql-update; charset=utf-8", sparql=sparql,
        )

    def dump(self, media_type: str) -> bytes:
        """Every quad of the store in an RDF format, read with one SELECT over all named graphs."""
        rows = json.loads(
            self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", accept=[DEFAULT_RESULTS]).body
        )["results"]["bindings"]
        local = ox.Store()
        local.extend(json_quad(row) for row in rows)
        fmt = GRAPH_FORMATS[media_type]
        if fmt.supports_datasets:
            return local.dump(format=fmt) or b""
        # A graph format cannot name graphs: write the union, each triple once.
        union = local.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        assert isinstance(union, ox.QueryTriples)  # a CONSTRUCT gives triples
        return union.serialize(format=fmt) or b""

    # ------------------------------------------------------------ GraphStore

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> int:
        """``PUT`` the whole graph (Graph Store Protocol): the server swaps it in one transaction.

        No triples drops the graph, as the embedded store does (a ``PUT`` of nothing
        would leave an empty graph that :meth:`graph_names` lists).
        """
        url = self._store_url()
        body, count = n_triples(triples)
        if count == 0:
            self.drop_graph(graph)
            return 0
        self._send("PUT", url, body=body, content_type="application/n-triples", params=[("graph", str(graph))])
        return count

    def drop_graph(self, graph: URIRef) -> None:
        """``DELETE`` the graph (Graph Store Protocol); an absent graph is no error."""
        url = self._store_url()
        response = self._send("DELETE", url, params=[("graph", str(graph))], answers=frozenset({404}))
        # A server answers 404 both for an absent graph and for a wrong URL: ask it about
        # the default graph, which every Graph Store endpoint has, to tell them apart.
        if response.status_code == 404 and not self._serves_graphs(url):
            raise StoreError(f"there is no Graph Store endpoint at {url} (HTTP 404); {_CHECK_STORE}", location=url)

    def _serves_graphs(self, url: str) -> bool:
        return self._send("HEAD", url, params=[("default", "")], answers=frozenset({404})).status_code != 404

    def graph_names(self) -> list[URIRef]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(URIRef(r["g"]) for r in rows if "g" in r)

    def query(
        self,
        sparql: str,
        *,
        accept: Sequence[str] = (),
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> QueryResult:
        """Run a query on the endpoint; results in the first accepted format Quipu offers.

        The default graph is the remote store's (configure it as the union of all named
        graphs) unless ``default_graphs`` names some.
        """
        form = query_form(sparql)
        if form in ("CONSTRUCT", "DESCRIBE"):
            media_type = choose(accept, list(GRAPH_FORMATS), DEFAULT_GRAPH)
        else:  # SELECT, ASK, or something the server will reject with its own message
            media_type = choose(accept, list(RESULTS_FORMATS), DEFAULT_RESULTS)
        params = [("default-graph-uri", g) for g in default_graphs]
        params += [("named-graph-uri", g) for g in named_graphs]
        response = self._send(
            "POST", self.query_endpoint, body=sparql.encode("utf-8"),
            content_type="application/sparql-query; charset=utf-8", accept=media_type, params=params or None,
            sparql=sparql,
        )
        # Report what the server sent (normally what was asked for).
        got = _media_type(response.headers.get("content-type"))
        return QueryResult(response.content, _ALIASES.get(got, got) or media_type)

    def select(self, sparql: str, bindings: Bindings | None = None) -> list[dict[str, str]]:
        """Rows of a SELECT query as plain strings (unbound variables left out), like OxigraphStore.select.

        The endpoint cannot take bindings beside the query, so bound variables are written
        into it as IRIs checked by :func:`~quipu.graph.terms.iri_term`.
        """
        sparql = bind(sparql, bindings)
        body = self.query(sparql, accept=[DEFAULT_RESULTS]).body
        try:
            rows: list[dict[str, dict[str, str]]] = json.loads(body)["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as exc:
            raise QueryError("select() needs a SELECT query", query=sparql) from exc
        return [{name: value["value"] for name, value in row.items()} for row in rows]

    def quads(
        self, subject: str | None = None, predicate: str | None = None, object: str | None = None, *, limit: int = 10_000
    ) -> list[ox.Quad]:
        """At most ``limit`` quads matching a pattern of IRIs (None: any), by one bound SELECT."""
        given = {"s": subject, "p": predicate, "o": object}
        bound = {name: value for name, value in given.items() if value is not None}
        for value in bound.values():
            iri_term(value)
        projected = " ".join(f"?{name}" for name in ("g", "s", "p", "o") if name not in bound)
        sparql = bind(f"SELECT {projected} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {int(limit)}", bound)
        rows = json.loads(self.query(sparql, accept=[DEFAULT_RESULTS]).body)["results"]["bindings"]
        fixed = {name: {"type": "uri", "value": value} for name, value in bound.items()}
        return [json_quad({**row, **fixed}) for row in rows]

    def __len__(self) -> int:
        """How many quads the named graphs hold (Quipu writes nothing to the default graph)."""
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0

    def flush(self) -> None:
        """Nothing to do: the server writes each request when it answers."""

    def backup(self, target: Path) -> None:
        raise StoreError(
            f"generations (and their backups) are not used with a remote store ({self.query_endpoint}); "
            "use the SPARQL server's own backup",
            location=self.query_endpoint,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> SparqlEndpointStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

