"""The SPARQL endpoint and Linked Data as real clients use them, against a running server."""

from __future__ import annotations

import json
import threading
import time

import pyoxigraph as ox
import pytest
from rdflib import Graph

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
MTPE_LABEL = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE { <https://w3id.org/quipu/id/institution/mtpe> skos:prefLabel ?label }"""
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize("return_format", ["json", "xml"])
def test_sparqlwrapper_reads_results(server, return_format):
    from SPARQLWrapper import JSON, XML, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(MTPE_LABEL)
    client.setReturnFormat(JSON if return_format == "json" else XML)
    result = client.query().convert()
    if return_format == "json":
        labels = [b["label"]["value"] for b in result["results"]["bindings"]]
    else:
        labels = [node.firstChild.data for node in result.getElementsByTagName("literal")]
    assert labels == ["Ministerio de Trabajo y Promoción del Empleo"]


def test_rdflib_sparqlstore_reads_results(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(f"{server}/sparql"))
    rows = list(graph.query(MTPE_LABEL))
    assert [str(r[0]) for r in rows] == ["Ministerio de Trabajo y Promoción del Empleo"]


CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/quipu/id/graph/entities> { ?s ?p ?o } } LIMIT 200"


@pytest.mark.parametrize(
    ("accept", "parse_as"),
    [
        pytest.param("text/turtle", "turtle", id="Turtle"),
        pytest.param("application/n-triples", "nt", id="N-Triples"),
        pytest.param("application/ld+json", "json-ld", id="JSON-LD"),
        pytest.param("application/rdf+xml", "xml", id="RDF/XML"),
    ],
)
def test_construct_negotiated_by_accept(http, accept, parse_as):
    response = http.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
    assert response.headers["content-type"].startswith(accept)
    assert len(Graph().parse(data=response.content, format=parse_as)) == 200


def test_default_graph_uri_narrows_the_default_graph(http):
    whole = http.get("/sparql", params={"query": COUNT}).json()
    ontology = http.get(
        "/sparql", params={"query": COUNT, "default-graph-uri": "https://w3id.org/quipu/ontology"}
    ).json()
    n = lambda body: int(body["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert 0 < n(ontology) < n(whole)


def test_an_explosive_query_is_stopped_while_a_simple_one_answers(http, server, query_timeout):
    import httpx

    outcome: dict[str, object] = {}

    def explode() -> None:
        began = time.monotonic()
        # Another user than the one below (the server trusts X-Forwarded-For from a local proxy):
        # one client may hold only one query (QUIPU_QUERY_CLIENT_LIMIT).
        outcome["response"] = httpx.get(
            f"{server}/sparql", params={"query": EXPLOSIVE}, headers={"x-forwarded-for": "127.0.1.1"}, timeout=60
        )
        outcome["seconds"] = time.monotonic() - began

    thread = threading.Thread(target=explode)
    thread.start()
    time.sleep(0.5)
    began = time.monotonic()
    simple = http.get("/sparql", params={"query": MTPE_LABEL})
    simple_seconds = time.monotonic() - began
    thread.join(timeout=60)
    assert simple.status_code == 200 and simple_seconds < 1.5
    stopped = outcome["response"]
    assert stopped.status_code == 400
    assert "longer than" in stopped.json()["error"]["message"]
    assert query_timeout - 0.2 < outcome["seconds"] < query_timeout + 5


@pytest.mark.parametrize(
    "headers",
    [pytest.param({}, id="no token"), pytest.param({"authorization": "Bearer wrong"}, id="wrong token")],
)
def test_updates_without_the_token_are_refused(http, headers):
    response = http.post("/sparql", data={"update": "DROP ALL"}, headers=headers)
    assert response.status_code == 403
    assert "QUIPU_ADMIN_TOKEN" in response.json()["error"]["message"]


def test_an_update_with_the_token_is_applied(http, admin_token):
    auth = {"authorization": f"Bearer {admin_token}"}
    graph = "urn:quipu:test"
    ask = f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    insert = http.post(
        "/sparql",
        content=f'INSERT DATA {{ GRAPH <{graph}> {{ <urn:a> <urn:b> "c" }} }}',
        headers={**auth, "content-type": "application/sparql-update"},
    )
    assert insert.status_code == 204
    assert http.get("/sparql", params={"query": ask}).json()["boolean"] is True
    assert http.post("/sparql", data={"update": f"DROP GRAPH <{graph}>"}, headers=auth).status_code == 204
    assert http.get("/sparql", params={"query": ask}).json()["boolean"] is False


def test_an_entity_iri_dereferences_to_turtle(http):
    response = http.get("/id/institution/mtpe", headers={"accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.content, format="turtle")
    labels = {str(o) for o in graph.objects(predicate=__import__("rdflib").SKOS.prefLabel)}
    assert "Ministerio de Trabajo y Promoción del Empleo" in labels


def test_an_entity_iri_dereferences_to_a_readable_page(http):
    response = http.get("/id/institution/mtpe", headers={"accept": "text/html,application/xhtml+xml"})
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Ministerio de Trabajo y Promoción del Empleo</h1>" in response.text
    assert "<blockquote>" in response.text  # its sources are quoted


def test_an_entity_iri_as_json_ld(http):
    response = http.get("/id/institution/mtpe", headers={"accept": "application/ld+json"})
    assert any("@id" in node for node in response.json())


def test_an_unknown_iri_is_a_404(http):
    assert http.get("/id/institution/does-not-exist").status_code == 404


def test_the_ontology_iri_serves_the_ontology(http):
    response = http.get("/ontology", headers={"accept": "text/turtle"})
    graph = Graph().parse(data=response.content, format="turtle")
    assert len(graph) > 500


def test_void_and_json_ld_context(http):
    void = Graph().parse(data=http.get("/.well-known/void").content, format="turtle")
    assert len(void) > 10
    context = json.loads(http.get("/context.jsonld").content)["@context"]
    assert context["qp"] == "https://w3id.org/quipu/ontology#" and context["Norm"] == "qp:Norm"


def test_the_dump_round_trips_into_a_fresh_store(http):
    trig = http.get("/v1/dump", params={"format": "trig"}).content
    fresh = ox.Store()
    fresh.load(trig, format=ox.RdfFormat.TRIG)
    served = http.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}).json()
    assert len(fresh) == int(served["results"]["bindings"][0]["n"]["value"]) 
    # The N-Quads export holds the same quads, blank nodes aside (their labels differ per export).
    nquads = ox.Store()
    nquads.load(http.get("/v1/dump", params={"format": "nquads"}).content, format=ox.RdfFormat.N_QUADS)
    no_blank = lambda store: {str(q) for q in store if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))}  # noqa: E731
    assert no_blank(nquads) == no_blank(fresh) and len(no_blank(fresh)) > 0.9 * len(fresh)
