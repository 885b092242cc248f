"""A graph store behind a SPARQL 1.1 endpoint (Oxigraph server, Apache Jena Fuseki, GraphDB).

:class:`SparqlEndpointStore` implements the same :class:`~quipu.graph.store.GraphStore`
protocol as the embedded :class:`~quipu.graph.store.OxigraphStore`, over the SPARQL 1.1
Protocol (queries) and SPARQL 1.1 Update (writes), so a user can keep Quipu's graph in a
store they already run.

Quipu's contract is that a query's default graph is the union of all named graphs. This
module rewrites no query to get that: **configure the remote store for a union default
graph**:

- Oxigraph server: ``oxigraph serve --location DIR --bind 127.0.0.1:7878 --union-default-graph``
  (query endpoint ``http://127.0.0.1:7878/query``, update endpoint ``http://127.0.0.1:7878/update``);
- Apache Jena Fuseki (TDB2): ``tdb2:unionDefaultGraph true`` in the dataset's assembler
  (endpoints ``http://host:3030/DATASET/query`` and ``.../update``);
- GraphDB: the default graph is the union of all graphs by default (query endpoint
  ``http://host:7200/repositories/REPO``, update endpoint ``.../repositories/REPO/statements``).

Differences from the embedded store: generations are not used (:meth:`backup` raises), a
:meth:`replace_graph` larger than :attr:`SparqlEndpointStore.chunk_size` triples is sent as
several update requests and so is not atomic, and without an update endpoint the store is
read-only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import httpx
import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from quipu.core.errors import LimitError, QueryError, StoreError

from .formats import DEFAULT_GRAPH, DEFAULT_RESULTS, GRAPH_FORMATS, RESULTS_FORMATS, choose
from .store import Bindings, QueryResult, bind, iri_term

Triple = tuple[Node, Node, Node]

# What to look at when the endpoint cannot be reached or refuses us.
_CHECK = (
    "check that the SPARQL server is running and reachable from here, and that the URL is its query "
    "endpoint (Oxigraph: http://HOST:7878/query; Fuseki: http://HOST:3030/DATASET/query; "
    "GraphDB: http://HOST:7200/repositories/REPO)"
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


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )


def term_n3(term: Node) -> str:
    """A term in N-Triples syntax (also valid SPARQL): ``<iri>``, ``_:label`` or ``"lexical"@lang``/``^^<dt>``."""
    if isinstance(term, URIRef):
        return term.n3()  # raises for an IRI that cannot be written
    if isinstance(term, BNode):
        return term.n3()
    if isinstance(term, Literal):
        lexical = f'"{_escape(str(term))}"'
        if term.language:
            return f"{lexical}@{term.language}"
        if term.datatype is not None:
            return f"{lexical}^^{URIRef(term.datatype).n3()}"
        return lexical
    raise TypeError(f"cannot store {term!r} in a graph")


def _term(binding: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A term of a SPARQL JSON result as a pyoxigraph term."""
    if binding["type"] == "uri":
        return ox.NamedNode(binding["value"])
    if binding["type"] == "bnode":
        return ox.BlankNode(binding["value"])
    if "xml:lang" in binding:
        return ox.Literal(binding["value"], language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(binding["value"], datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(binding["value"])


def _chunks(triples: Iterable[Triple], size: int) -> Iterator[list[str]]:
    """N-Triples lines in groups of about ``size``.

    Blank node labels are scoped to one INSERT DATA operation, so every triple that
    shares a blank node (directly or through other triples) goes in the same group.
    """
    plain: list[str] = []
    parent: dict[BNode, BNode] = {}
    with_bnodes: list[tuple[list[BNode], str]] = []

    def find(node: BNode) -> BNode:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for s, p, o in triples:
        line = f"{term_n3(s)} {term_n3(p)} {term_n3(o)} ."
        bnodes = [t for t in (s, o) if isinstance(t, BNode)]
        if not bnodes:
            plain.append(line)
            if len(plain) >= size:
                yield plain
                plain = []
            continue
        for b in bnodes:
            parent.setdefault(b, b)
        if len(bnodes) == 2:
            a, b = find(bnodes[0]), find(bnodes[1])
            if a != b:
                parent[a] = b
        with_bnodes.append((bnodes, line))
    if with_bnodes:
        groups: dict[BNode, list[str]] = {}
        for bnodes, line in with_bnodes:
            groups.setdefault(find(bnodes[0]), []).append(line)
        for group in groups.values():
            if plain and len(plain) + len(group) > size:
                yield plain
                plain = []
            plain.extend(group)
    if plain:
        yield plain


# Other names servers give the media types Quipu asks for.
_ALIASES = {"text/tsv": "text/tab-separated-values", "application/json": DEFAULT_RESULTS}


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


class SparqlEndpointStore:
    """A :class:`~quipu.graph.store.GraphStore` on a remote SPARQL 1.1 endpoint.

    ``update_endpoint`` may be None: the store is then read-only and every write raises
    :class:`~quipu.core.errors.StoreError`. ``timeout`` is in seconds, per request;
    ``auth`` is a (user, password) pair sent as HTTP basic authentication.
    The remote store must present the union of all named graphs as the default graph
    (see the module documentation for how to configure Oxigraph, Fuseki and GraphDB).
    """

    chunk_size = 5000  # triples per INSERT DATA, to stay under servers' request size limits

    def __init__(
        self,
        query_endpoint: str,
        update_endpoint: str | None = None,
        *,
        timeout: float = 30.0,
        auth: tuple[str, str] | None = None,
    ) -> None:
        self.query_endpoint = query_endpoint
        self.update_endpoint = update_endpoint
        self.timeout = timeout
        self.read_only = update_endpoint is None
        self._client = httpx.Client(timeout=timeout, auth=httpx.BasicAuth(*auth) if auth else None)

    def __repr__(self) -> str:
        return f"SparqlEndpointStore({self.query_endpoint!r}, {self.update_endpoint!r})"

    # ------------------------------------------------------------ HTTP

    def _post(
        self, url: str, body: str, content_type: str, *, accept: str | None = None, params: list | None = None,
        sparql: str,
    ) -> httpx.Response:
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        if accept:
            headers["Accept"] = accept
        try:
            response = self._client.post(url, content=body.encode("utf-8"), headers=headers, params=params)
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
        if response.status_code < 300:
            return response
        message = response.text.strip()[:2000] or response.reason_phrase
        if response.status_code == 400:
            raise QueryError(f"the SPARQL server rejected the request: {message}", query=sparql)
        if response.status_code in (401, 403):
            raise StoreError(
                f"the SPARQL endpoint {url} refused the request (HTTP {response.status_code}: {message}); "
                "check the user and password given as auth",
                location=url,
            )
        if response.status_code == 404:
            raise StoreError(
                f"there is no SPARQL endpoint at {url} (HTTP 404); {_CHECK}", location=url
            )
        raise StoreError(
            f"the SPARQL endpoint {url} answered HTTP {response.status_code}: {message}", location=url
        )

    def _writable(self) -> str:
        if self.update_endpoint is None:
            raise StoreError(
                f"the store at {self.query_endpoint} is read-only: give an update endpoint "
                "(Oxigraph: http://HOST:7878/update) to write to it",
                location=self.query_endpoint,
            )
        return self.update_endpoint

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the update endpoint."""
        url = self._writable()
        self._post(url, sparql, "application/sparql-update", sparql=sparql)

    def dump(self, media_type: str) -> bytes:
        """Every quad of the store in an RDF format, read with one SELECT over all named graphs."""
        rows = json.loads(
            self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", accept=[DEFAULT_RESULTS]).body
        )["results"]["bindings"]
        local = ox.Store()
        local.extend(ox.Quad(_term(r["s"]), _term(r["p"]), _term(r["o"]), _term(r["g"])) for r in rows)
        fmt = GRAPH_FORMATS[media_type]
        if fmt.supports_datasets:
            return local.dump(format=fmt)
        union = local.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return union.serialize(format=fmt)

    # ------------------------------------------------------------ GraphStore

    def replace_graph(self, graph: URIRef, triples: Iterable[Triple]) -> int:
        """DROP the graph and INSERT the triples, in requests of at most about :attr:`chunk_size` triples.

        The first request drops and inserts; the next ones only insert. A graph sent in
        several requests is not replaced atomically: a reader may see it half written.
        """
        self._writable()
        name = URIRef(graph).n3()
        drop = f"DROP SILENT GRAPH {name}"
        count = 0
        first = True
        for lines in _chunks(triples, self.chunk_size):
            body = f"INSERT DATA {{ GRAPH {name} {{\n" + "\n".join(lines) + "\n} }"
            self.update(f"{drop} ;\n{body}" if first else body)
            first = False
            count += len(lines)
        if first:
            self.update(drop)
        return count

    def drop_graph(self, graph: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {URIRef(graph).n3()}")

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
        response = self._post(
            self.query_endpoint, sparql, "application/sparql-query", accept=media_type, params=params or None,
            sparql=sparql,
        )
        # Report what the server sent (normally what was asked for).
        got = _media_type(response.headers.get("content-type"))
        return QueryResult(response.content, _ALIASES.get(got, got) or media_type)

    def select(self, sparql: str, bindings: Bindings | None = None) -> list[dict[str, str]]:
        """Rows of a SELECT query as plain strings (unbound variables left out), like OxigraphStore.select.

        The endpoint cannot take bindings beside the query, so bound variables are written
        into it as IRIs checked by :func:`~quipu.graph.store.iri_term`.
        """
        sparql = bind(sparql, bindings)
        body = self.query(sparql, accept=[DEFAULT_RESULTS]).body
        try:
            data = json.loads(body)
            bindings = data["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as exc:
            raise QueryError("select() needs a SELECT query", query=sparql) from exc
        return [{name: value["value"] for name, value in row.items()} for row in bindings]

    def quads(
        self, subject: str | None = None, predicate: str | None = None, object: str | None = None, *, limit: int = 10_000
    ) -> list[ox.Quad]:
        """At most ``limit`` quads matching a pattern of IRIs (None: any), by one bound SELECT."""
        given = {"s": subject, "p": predicate, "o": object}
        for value in given.values():
            if value is not None:
                iri_term(value)
        sparql = bind(
            f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT {int(limit)}",
            {name: value for name, value in given.items() if value is not None},
        )
        rows = json.loads(self.query(sparql, accept=[DEFAULT_RESULTS]).body)["results"]["bindings"]
        return [
            ox.Quad(
                iri_term(subject) if subject else _term(r["s"]),
                iri_term(predicate) if predicate else _term(r["p"]),
                iri_term(object) if object else _term(r["o"]),
                _term(r["g"]),
            )
            for r in rows
        ]

    def __len__(self) -> int:
        """How many quads the named graphs hold (Quipu writes nothing to the default graph)."""
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0

    def flush(self) -> None:
        """Nothing to do: the server writes each update when it answers."""

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
