"""The HTTP API of a real `quipu serve` process over the ingested corpus."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest

VUPE = "¿Qué servicios ofrece la Ventanilla Única de Promoción del Empleo?"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CONTRACT = {"passage_id", "text", "score", "document", "section", "page", "start", "end"}


def test_health_reports_the_corpus(http, corpus_ingest):
    body = http.get("/health").json()
    assert body["status"] == "ok"
    assert body["documents"] == 5
    assert body["passages"] == corpus_ingest.passages


def test_search_follows_the_json_contract(http):
    response = http.get("/v1/search", params={"q": VUPE, "k": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == VUPE
    assert len(body["results"]) == 5
    for result in body["results"]:
        assert CONTRACT <= set(result)
        assert set(result["document"]) >= {"id", "title"}
        assert result["end"] > result["start"] >= 0
    assert "redproempleo-evaluacion-vupe-2013" in {r["document"]["id"] for r in body["results"]}


@pytest.mark.parametrize(
    ("params", "status"),
    [
        pytest.param({"q": ""}, 400, id="empty query"),
        pytest.param({"q": "empleo", "k": 0}, 400, id="k below 1"),
        pytest.param({"q": "empleo", "k": 10_000}, 400, id="k above QUIPU_MAX_K"),
        pytest.param({"q": "empleo", "mode": "magic"}, 400, id="unknown mode"),
        pytest.param({}, 400, id="missing q"),
    ],
)
def test_bad_search_requests_are_refused_with_a_message(http, params, status):
    response = http.get("/v1/search", params=params)
    assert response.status_code == status
    assert response.json()["error"]["message"]


def count_of(body: dict) -> int:
    return int(body["results"]["bindings"][0]["n"]["value"])


def test_sparql_get_answers_sparql_json(http, corpus_ingest):
    response = http.get("/sparql", params={"query": COUNT})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert count_of(response.json()) >= corpus_ingest.triples


def test_sparql_post_form_and_direct_body_agree(http):
    form = http.post("/sparql", data={"query": COUNT})
    direct = http.post("/sparql", content=COUNT, headers={"content-type": "application/sparql-query"})
    assert form.status_code == direct.status_code == 200
    assert count_of(form.json()) == count_of(direct.json())


@pytest.mark.parametrize(
    ("accept", "check"),
    [
        pytest.param("text/csv", lambda b: list(csv.reader(io.StringIO(b)))[0] == ["n"], id="CSV"),
        pytest.param("text/tab-separated-values", lambda b: b.splitlines()[0] == "?n", id="TSV"),
        pytest.param("application/sparql-results+xml", lambda b: ET.fromstring(b) is not None, id="XML"),
    ],
)
def test_sparql_results_negotiated_by_accept(http, accept, check):
    response = http.get("/sparql", params={"query": COUNT}, headers={"accept": accept})
    assert response.headers["content-type"].startswith(accept)
    assert check(response.text)


def test_documents_and_passages_are_in_the_graph(http):
    query = """PREFIX qp: <https://w3id.org/quipu/ontology#>
    PREFIX dct: <http://purl.org/dc/terms/>
    SELECT ?title (COUNT(?p) AS ?passages) WHERE { ?p qp:inDocument ?d . ?d dct:title ?title }
    GROUP BY ?title"""
    rows = http.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    assert len(rows) == 5
    assert all(int(r["passages"]["value"]) > 0 for r in rows)


def test_malformed_sparql_is_a_400_with_the_parser_message(http):
    response = http.get("/sparql", params={"query": "SELECT WHERE {"})
    assert response.status_code == 400
    assert "syntax" in response.json()["error"]["message"].lower()


def test_sparql_update_is_refused(http):
    response = http.post("/sparql", data={"update": "DROP ALL"})
    assert response.status_code == 403


def test_service_description_without_a_query(http):
    response = http.get("/sparql")
    assert response.status_code == 200
    assert "sd:Service" in response.text
