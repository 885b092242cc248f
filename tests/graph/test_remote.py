"""SparqlEndpointStore against a real Oxigraph server: the GraphStore contract over HTTP.

Queries go to the SPARQL 1.1 Protocol endpoint, graphs to the Graph Store HTTP Protocol
endpoint (one PUT per graph), updates to the SPARQL 1.1 Update endpoint.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from quipu.core.errors import QueryError, QuipuError, StoreError
from quipu.core.settings import Settings
from quipu.graph import IRIs, OxigraphStore, document_triples, explore
from quipu.graph.facts import document_fact_triples, entity_triples
from quipu.graph.remote import SparqlEndpointStore, n_triples, query_form, store_endpoint_for
from quipu.ingest.facts import Entity, Facts, Link, Observation, Span
from quipu.ingest.models import Document, DocumentMeta, Passage

EX = "http://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")
BASE = "https://w3id.org/quipu/id/"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def server(oxigraph_server) -> str:
    """A fresh `oxigraph serve` on 127.0.0.1 for this module; yields its base URL."""
    return oxigraph_server()


@pytest.fixture()
def remote(server: str) -> Iterator[SparqlEndpointStore]:
    """An empty store on the server (everything dropped first)."""
    store = SparqlEndpointStore(f"{server}/query", f"{server}/update", timeout=30)
    store.update("DROP SILENT ALL")
    yield store
    store.close()


def triples(n: int, tag: str) -> list[tuple[URIRef, URIRef, Literal]]:
    return [(URIRef(f"{EX}{tag}{i}"), URIRef(EX + "p"), Literal(f"valor {i}", lang="es")) for i in range(n)]


@pytest.fixture()
def filled(remote: SparqlEndpointStore) -> SparqlEndpointStore:
    remote.replace_graph(G1, triples(3, "a"))
    remote.replace_graph(G2, triples(2, "b"))
    return remote


def count(store) -> int:
    return int(store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"])


# ------------------------------------------------------------------ the GraphStore contract


def test_remote_store_is_a_graph_store(remote):
    from quipu.graph import GraphStore

    assert isinstance(remote, GraphStore)


def test_replace_drop_names_and_len(filled):
    assert filled.graph_names() == [G1, G2]
    assert len(filled) == 5 and count(filled) == 5
    assert filled.replace_graph(G1, triples(1, "c")) == 1
    assert len(filled) == 3
    assert filled.select(f"SELECT ?s WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}") == [{"s": EX + "c0"}]
    filled.drop_graph(G2)
    assert filled.graph_names() == [G1]
    filled.drop_graph(G2)  # dropping an absent graph is no error
    assert filled.replace_graph(G1, []) == 0
    assert filled.graph_names() == [] and len(filled) == 0


def test_default_graph_is_the_union_and_can_be_narrowed(filled):
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    body = json.loads(filled.query(query, default_graphs=[str(G1)]).body)
    assert body["results"]["bindings"][0]["n"]["value"] == "3"
    assert count(filled) == 5


def parse_json(body: bytes) -> list[str]:
    return [b["s"]["value"] for b in json.loads(body)["results"]["bindings"]]


def parse_xml(body: bytes) -> list[str]:
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    return [e.text for e in ET.fromstring(body).findall(".//r:binding[@name='s']/r:uri", ns)]


def parse_csv(body: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == ["s"]
    return [r[0] for r in rows[1:]]


def parse_tsv(body: bytes) -> list[str]:
    lines = body.decode().splitlines()
    assert lines[0] == "?s"
    return [line.strip("<>") for line in lines[1:]]


@pytest.mark.parametrize(
    ("accept", "media_type", "parse"),
    [
        pytest.param([], "application/sparql-results+json", parse_json, id="default JSON"),
        pytest.param(["application/json"], "application/sparql-results+json", parse_json, id="plain JSON"),
        pytest.param(["application/sparql-results+xml"], "application/sparql-results+xml", parse_xml, id="XML"),
        pytest.param(["text/csv"], "text/csv", parse_csv, id="CSV"),
        pytest.param(["tsv"], "text/tab-separated-values", parse_tsv, id="TSV"),
        pytest.param(["text/turtle", "text/csv"], "text/csv", parse_csv, id="first offered of several"),
    ],
)
def test_select_results_in_each_format(filled, accept, media_type, parse):
    result = filled.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s", accept=accept)
    assert result.media_type == media_type
    assert parse(result.body) == [f"{EX}a{i}" for i in range(3)] + [f"{EX}b{i}" for i in range(2)]


def test_ask(filled):
    result = filled.query(f"ASK {{ <{EX}a0> ?p ?o }}")
    assert result.media_type == "application/sparql-results+json"
    assert json.loads(result.body)["boolean"] is True


@pytest.mark.parametrize(
    ("query", "accept", "media_type", "fmt"),
    [
        pytest.param("CONSTRUCT WHERE { ?s ?p ?o }", [], "text/turtle", "turtle", id="CONSTRUCT as Turtle"),
        pytest.param(
            "# a comment\nPREFIX ex: <http://example.org/>\nconstruct { ?s ex:p ?o } where { ?s ex:p ?o }",
            ["application/n-triples"], "application/n-triples", "nt", id="CONSTRUCT as N-Triples",
        ),
        pytest.param(
            "CONSTRUCT WHERE { ?s ?p ?o }", ["application/sparql-results+json"], "text/turtle", "turtle",
            id="a results format asked for a graph gives Turtle",
        ),
    ],
)
def test_construct_gives_a_graph(filled, query, accept, media_type, fmt):
    result = filled.query(query, accept=accept)
    assert result.media_type == media_type
    graph = Graph().parse(data=result.body, format=fmt)
    expected = Graph()
    for t in triples(3, "a") + triples(2, "b"):
        expected.add(t)
    assert isomorphic(graph, expected)


def test_describe_gives_a_graph(filled):
    result = filled.query(f"DESCRIBE <{EX}a1>")
    assert result.media_type == "text/turtle"
    assert (URIRef(EX + "a1"), URIRef(EX + "p"), Literal("valor 1", lang="es")) in Graph().parse(
        data=result.body, format="turtle"
    )


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("  select ?s { ?s ?p ?o }", "SELECT"),
        ("PREFIX ex: <http://example.org/#select>\nBASE <http://x/>\nASK { ?s ?p ?o }", "ASK"),
        ("# CONSTRUCT in a comment\nPREFIX : <http://e/>\nDESCRIBE :a", "DESCRIBE"),
        ("PREFIX ex.a-b: <http://e/>\nPREFIX ñ: <http://e/>\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("INSERT DATA { <http://a> <http://b> <http://c> }", None),
        ("nonsense", None),
        ("", None),
    ],
)
def test_query_form(query, form):
    assert query_form(query) == form


def test_a_syntax_error_is_a_query_error_with_the_servers_message(remote):
    with pytest.raises(QueryError) as caught:
        remote.query("SELECT WHERE {")
    assert "rejected" in caught.value.message and "error" in caught.value.message.lower()
    assert caught.value.query == "SELECT WHERE {"
    with pytest.raises(QueryError):
        remote.select("SELEC ?s WHERE { ?s ?p ?o }")


# ------------------------------------------------------------------ writes: Graph Store Protocol PUT


def test_replace_graph_replaces_the_graph_and_does_not_append(remote, server):
    many = triples(10_000, "n")
    assert remote.replace_graph(G1, many) == 10_000
    assert remote.replace_graph(G1, iter(many[:7000])) == 7000
    assert len(remote) == 7000
    assert remote.replace_graph(G1, triples(2, "m")) == 2
    assert sorted(r["s"] for r in remote.select("SELECT ?s WHERE { ?s ?p ?o }")) == [EX + "m0", EX + "m1"]
    # The graph is where the Graph Store Protocol says: GET /store?graph=<G1> gives it back.
    got = httpx.get(f"{server}/store", params={"graph": str(G1)}, headers={"Accept": "application/n-triples"})
    assert isomorphic(Graph().parse(data=got.text, format="nt"), graph_of(triples(2, "m")))


def test_a_reader_never_sees_a_graph_half_replaced(remote):
    """Each replace is one PUT, one transaction on the server: a reader counting the graph
    while it is replaced over and over sees the whole old graph or the whole new one."""
    size = 3000
    remote.replace_graph(G1, triples(size, "v0-"))
    seen: set[int] = set()
    done = threading.Event()

    def read() -> None:
        with SparqlEndpointStore(remote.query_endpoint, timeout=30) as reader:
            while not done.is_set():
                seen.add(count(reader))

    thread = threading.Thread(target=read)
    thread.start()
    try:
        for version in range(1, 6):
            remote.replace_graph(G1, triples(size, f"v{version}-"))
    finally:
        done.set()
        thread.join()
    assert seen == {size}


def test_a_graph_that_cannot_be_written_leaves_the_old_one(filled):
    # The body is built before anything is sent: a triple RDF does not allow (an IRI with a
    # space) fails here, and the graph keeps what it had.
    with pytest.raises(ValueError):
        filled.replace_graph(G1, [(URIRef(EX + "a b"), URIRef(EX + "p"), Literal("x"))])
    assert len(filled) == 5


def graph_of(data) -> Graph:
    graph = Graph()
    for t in data:
        graph.add(t)
    return graph


def test_blank_nodes_keep_their_links(remote):
    graph = Graph()
    for i in range(5):  # five chains a -> _:x -> _:y -> literal, and plain triples between
        x, y = BNode(), BNode()
        graph.add((URIRef(f"{EX}a{i}"), URIRef(EX + "p"), x))
        graph.add((x, URIRef(EX + "q"), y))
        graph.add((y, URIRef(EX + "r"), Literal(i)))
        graph.add((URIRef(f"{EX}a{i}"), URIRef(EX + "s"), Literal(f"plain {i}")))
    assert remote.replace_graph(G1, graph) == 20
    back = Graph().parse(data=remote.query("CONSTRUCT WHERE { ?s ?p ?o }").body, format="turtle")
    assert isomorphic(back, graph)


# Literals whose writing needs escaping or care, each sent and read back as it was.
# (In canonical forms: the server normalises "12.50" to "12.5" and "es-PE" to "es-pe".)
LITERALS = [
    pytest.param(Literal('comillas "dobles" y \\ barra'), id="double quotes and a backslash"),
    pytest.param(Literal("línea uno\nlínea dos\r\ttab"), id="newline, carriage return, tab"),
    pytest.param(Literal('termina en comillas"'), id="a quote at the end"),
    pytest.param(Literal('"""triple"""'), id="Turtle's long-string quotes"),
    pytest.param(Literal("ñandú – “curvas” € 😀"), id="non-ASCII, outside the BMP too"),
    pytest.param(Literal(""), id="empty"),
    pytest.param(Literal("Perú", lang="es"), id="language tag"),
    pytest.param(Literal("Lima\n\"Metropolitana\"", lang="es-pe"), id="region subtag, with a quote and newline"),
    pytest.param(Literal("employment", lang="en"), id="another language"),
    pytest.param(Literal("12.5", datatype=XSD_NS + "decimal"), id="decimal"),
    pytest.param(Literal("2012", datatype=XSD_NS + "gYear"), id="year"),
    pytest.param(Literal("a\x00b\x7f\u2028c"), id="control characters and a line separator"),
]


@pytest.mark.parametrize("literal", LITERALS)
def test_a_literal_survives_the_round_trip(remote, literal):
    data = [(URIRef(EX + "s"), URIRef(EX + "p"), literal)]
    remote.replace_graph(G1, data)
    (row,) = remote.select(f"SELECT ?o (LANG(?o) AS ?lang) WHERE {{ ?s <{EX}p> ?o }}")
    assert row["o"] == str(literal) and row["lang"] == (literal.language or "")
    back = Graph().parse(data=remote.query("CONSTRUCT WHERE { ?s ?p ?o }").body, format="turtle")
    assert isomorphic(back, graph_of(data))


def test_all_the_literals_in_one_graph(remote):
    data = [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), p.values[0]) for i, p in enumerate(LITERALS)]
    assert remote.replace_graph(G1, data) == len(LITERALS)
    back = Graph().parse(data=remote.dump("application/n-triples"), format="nt")
    assert isomorphic(back, graph_of(data))


def test_n_triples_are_written_by_pyoxigraph():
    body, count = n_triples([(URIRef(EX + "s"), URIRef(EX + "p"), Literal('a "b"\nc', lang="es"))])
    assert count == 1
    assert body.decode() == f'<{EX}s> <{EX}p> "a \\"b\\"\\nc"@es .\n'
    with pytest.raises(TypeError):
        n_triples([(Literal("a literal"), URIRef(EX + "p"), Literal("o"))])  # no literal subjects


# Where each server keeps its Graph Store endpoint, from the query URL; None: it must be set.
STORE_ENDPOINTS = [
    ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/store"),  # Oxigraph: one dataset at the root
    ("http://h:3030/empleo/query", "http://h:3030/empleo/data"),  # Fuseki: per dataset
    ("http://h:3030/empleo/sparql", "http://h:3030/empleo/data"),  # Fuseki's other query name
    ("http://h:7200/repositories/quipu", "http://h:7200/repositories/quipu/rdf-graphs/service"),  # GraphDB
    ("https://h/rdf4j-server/repositories/q", "https://h/rdf4j-server/repositories/q/rdf-graphs/service"),  # RDF4J
    ("http://h/endpoint", None),  # unknown layout
    ("http://h/query?x=1", "http://h/store"),  # a query string is not part of the store URL
]


@pytest.mark.parametrize(("query", "store"), STORE_ENDPOINTS)
def test_store_endpoint_beside_the_query_endpoint(query, store):
    assert store_endpoint_for(query) == store


def test_a_given_store_endpoint_wins_and_settings_name_it(server):
    store = SparqlEndpointStore(f"{server}/query", f"{server}/update", store_endpoint=f"{server}/elsewhere")
    assert store.store_endpoint == f"{server}/elsewhere"
    settings = Settings(
        sparql_endpoint=f"{server}/query", sparql_update_endpoint=f"{server}/update",
        sparql_store_endpoint=f"{server}/store",
    )
    with SparqlEndpointStore.from_settings(settings) as configured:
        assert (configured.store_endpoint, configured.update_endpoint) == (f"{server}/store", f"{server}/update")


def test_a_wrong_store_endpoint_is_a_store_error_that_names_the_setting(filled, server):
    wrong = SparqlEndpointStore(f"{server}/query", f"{server}/update", store_endpoint=f"{server}/nothing-here")
    for write in (lambda: wrong.replace_graph(G1, triples(1, "x")), lambda: wrong.drop_graph(G1)):
        with pytest.raises(StoreError, match="QUIPU_SPARQL_STORE_ENDPOINT") as caught:
            write()
        assert caught.value.location == f"{server}/nothing-here"
    assert len(filled) == 5


def test_no_known_store_endpoint_is_a_store_error_before_anything_is_sent():
    store = SparqlEndpointStore("http://127.0.0.1:9/endpoint", "http://127.0.0.1:9/update")
    with pytest.raises(StoreError, match="QUIPU_SPARQL_STORE_ENDPOINT"):
        store.replace_graph(G1, triples(1, "x"))


def test_rdflib_sparql_store_reads_the_same_data(filled, server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    reader = SPARQLStore(f"{server}/query")
    rows = reader.query(f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s")
    assert [(str(s), str(o)) for s, o in rows] == [(f"{EX}a{i}", f"valor {i}") for i in range(3)] + [
        (f"{EX}b{i}", f"valor {i}") for i in range(2)
    ]
    reader.close()


def test_a_closed_port_is_a_store_error_naming_the_endpoint():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/query"
    store = SparqlEndpointStore(url, timeout=2)
    with pytest.raises(StoreError) as caught:
        store.graph_names()
    assert url in caught.value.message and "running" in caught.value.message
    assert caught.value.location == url


def test_a_wrong_path_is_a_store_error(server):
    store = SparqlEndpointStore(f"{server}/nothing-here")
    with pytest.raises(StoreError, match="HTTP 404"):
        store.select("ASK {}")


def test_without_an_update_endpoint_the_store_is_read_only(filled, server):
    reader = SparqlEndpointStore(f"{server}/query")
    assert len(reader) == 5
    with pytest.raises(StoreError, match="read-only"):
        reader.replace_graph(G1, triples(1, "x"))
    with pytest.raises(StoreError, match="read-only"):
        reader.drop_graph(G1)


def test_backup_is_refused_and_flush_does_nothing(remote, tmp_path):
    remote.flush()
    with pytest.raises(StoreError, match="generations") as caught:
        remote.backup(tmp_path / "copy")
    assert isinstance(caught.value, QuipuError)


# ------------------------------------------------------------------ parity with the embedded store


def sample() -> tuple[Document, Facts]:
    text = 'El Decreto Supremo N° 001-2012-TR crea la "VUPE".\nLa VUPE opera en Puno. Meta 2015: 1 200 colocados.'
    cut = text.index("\n") + 1
    passages = [
        Passage("doc-0000", "doc", 0, text[:cut], 0, cut, ("1. Marco", "1.1 Normas")),
        Passage("doc-0001", "doc", 1, text[cut:], cut, len(text), ("2. Metas",), page=2),
    ]
    document = Document(
        "doc", Path("doc.txt"), "0" * 64, "text/plain", text,
        DocumentMeta(title="Informe \\ de prueba", publisher=("MTPE",), year=2015, language="es"), passages,
    )

    def span(phrase: str) -> Span:
        start = text.index(phrase)
        pid = "doc-0000" if start < cut else "doc-0001"
        return Span(pid, start, start + len(phrase), phrase)

    facts = Facts("doc")
    facts.entities["norm/ds-1-2012-tr"] = Entity(
        "norm/ds-1-2012-tr", "norm", "Decreto Supremo N° 001-2012-TR", set(),
        {"id_local": "DS-1-2012-TR", "norm_type": "DS", "number": "1", "year": 2012, "issuer": "TR"},
        [span("Decreto Supremo N° 001-2012-TR")],
    )
    facts.entities["service/vupe"] = Entity(
        "service/vupe", "service", "Ventanilla Única de Promoción del Empleo", {"VUPE"}, {"acronym": "VUPE"},
        [span('"VUPE"'), span("La VUPE")],
    )
    facts.entities["region/puno"] = Entity("region/puno", "region", "Puno", set(), {}, [span("Puno")])
    facts.entities["indicator/colocados"] = Entity(
        "indicator/colocados", "indicator", "Colocados", set(), {"unit": "count"}, [span("colocados")]
    )
    facts.links.append(Link("service/vupe", "createdBy", "norm/ds-1-2012-tr", span(text[:cut - 1])))
    facts.links.append(Link("service/vupe", "operatesIn", "region/puno", span("La VUPE opera en Puno")))
    facts.observations.append(
        Observation("indicator/colocados", "target", "1 200", span("1 200"), 1200.0, "count", "2015")
    )
    return document, facts


def write(store, document: Document, facts: Facts) -> None:
    iris = IRIs(BASE)
    store.replace_graph(iris.document_graph(document.id), document_triples(document, iris))
    store.replace_graph(iris.facts_graph(facts.document_id), document_fact_triples(facts, iris, {}))
    store.replace_graph(
        iris.entities_graph,
        (t for e in facts.entities.values() for t in entity_triples(e, iris, facts.entities.keys())),
    )


PARITY_QUERIES = {
    "documents": "PREFIX dct: <http://purl.org/dc/terms/> SELECT ?d ?title ?year WHERE { ?d dct:title ?title ; dct:issued ?year }",
    "passages": """PREFIX qp: <https://w3id.org/quipu/ontology#>
        SELECT ?p ?text ?start ?section ?page WHERE { ?p a qp:Passage ; qp:text ?text ; qp:startOffset ?start ;
        qp:section ?section OPTIONAL { ?p qp:page ?page } }""",
    "mentions": """PREFIX qp: <https://w3id.org/quipu/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?e ?quote ?start WHERE { ?e qp:mentionedIn ?m . ?m oa:hasTarget/oa:hasSelector ?q , ?pos .
        ?q oa:exact ?quote . ?pos oa:start ?start }""",
    "links": """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?s ?p ?o WHERE { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?s ?p ?o }""",
    "labels": "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?e ?l (LANG(?l) AS ?lang) WHERE { ?e skos:prefLabel|skos:altLabel ?l }",
    "values": """PREFIX m: <http://purl.org/linked-data/sdmx/2009/measure#>
        SELECT ?o ?v (DATATYPE(?v) AS ?dt) WHERE { ?o m:obsValue ?v }""",
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
}


@pytest.fixture()
def both(remote) -> tuple[OxigraphStore, SparqlEndpointStore]:
    document, facts = sample()
    local = OxigraphStore(None)
    write(local, document, facts)
    write(remote, document, facts)
    return local, remote


def _sorted(rows: list[dict[str, str]]) -> list[list[tuple[str, str]]]:
    return sorted(sorted(r.items()) for r in rows)


@pytest.mark.parametrize("name", list(PARITY_QUERIES))
def test_same_answers_as_the_embedded_store(both, name):
    local, remote = both
    expected = local.select(PARITY_QUERIES[name])
    assert expected, f"{name} found nothing"
    assert _sorted(remote.select(PARITY_QUERIES[name])) == _sorted(expected)


def test_same_size_and_graphs_as_the_embedded_store(both):
    local, remote = both
    assert len(remote) == len(local)
    assert remote.graph_names() == local.graph_names()


def test_the_explore_functions_give_the_same_answers_on_both(both):
    local, remote = both
    assert explore.list_entities(remote, base=BASE, q="vupe") == explore.list_entities(local, base=BASE, q="vupe")
    assert explore.entity(remote, "service/vupe", base=BASE) == explore.entity(local, "service/vupe", base=BASE)
    assert explore.observations(remote, base=BASE) == explore.observations(local, base=BASE)
    a, b = explore.graph_of(local, base=BASE), explore.graph_of(remote, base=BASE)
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True)) and len(a.edges) == 2


# Quad patterns (what /id/… pages read) and what each leaves open.
QUAD_PATTERNS = [
    pytest.param({"subject": BASE + "service/vupe"}, id="by subject"),
    pytest.param({"predicate": "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}, id="by predicate"),
    pytest.param({"object": BASE + "region/puno"}, id="by object"),
    pytest.param({"subject": BASE + "service/vupe", "object": BASE + "region/puno"}, id="subject and object"),
    pytest.param({"subject": BASE + "nothing"}, id="nothing matches"),
]


@pytest.mark.parametrize("pattern", QUAD_PATTERNS)
def test_quads_match_the_embedded_store(both, pattern):
    local, remote = both
    assert sorted(map(str, remote.quads(**pattern))) == sorted(map(str, local.quads(**pattern)))


def test_quads_stop_at_the_limit(both):
    _, remote = both
    assert len(remote.quads(limit=3)) == 3
