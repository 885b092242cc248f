"""The entity and graph API over HTTP, on the ingested corpus."""

from __future__ import annotations

import csv
import io

import pytest


def test_typeahead_finds_an_entity_by_its_acronym(http):
    results = http.get("/v1/entities", params={"q": "VUPE"}).json()["results"]
    assert results and results[0]["type"] == "service"


@pytest.mark.parametrize(
    ("params", "expected_type"),
    [
        pytest.param({"type": "norm", "limit": 5}, "norm", id="by type"),
        pytest.param({"type": "region", "q": "pun"}, "region", id="type and the start of a label"),
    ],
)
def test_list_entities_by_type(http, params, expected_type):
    results = http.get("/v1/entities", params=params).json()["results"]
    assert results and {r["type"] for r in results} == {expected_type}


def test_one_entity_with_labels_facts_and_quoted_sources(http):
    body = http.get("/v1/entities/institution/mtpe").json()
    assert body["label"] == "Ministerio de Trabajo y Promoción del Empleo"
    assert "MTPE" in body["alt_labels"]
    assert body["sources"] and all(s["quote"] and s["document"]["id"] for s in body["sources"])
    assert body["incoming"]


def test_neighbourhood_and_paths(http):
    around = http.get("/v1/entities/institution/mtpe/neighbourhood", params={"depth": 1}).json()
    assert len(around["nodes"]) > 1 and around["edges"]
    other = next(n["key"] for n in around["nodes"] if n["key"] != "institution/mtpe")
    path = http.get("/v1/paths", params={"from": "institution/mtpe", "to": other}).json()
    assert path["nodes"][0]["key"] == "institution/mtpe" and path["nodes"][-1]["key"] == other


def test_most_connected_per_type(http):
    results = http.get("/v1/top", params={"type": "institution", "limit": 3}).json()["results"]
    assert len(results) == 3 and all(r["type"] == "institution" for r in results)


def test_observations_as_csv(http):
    response = http.get("/v1/observations", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert response.headers["content-type"].startswith("text/csv")
    assert {"target", "achieved", "executionRate"} <= {r["kind"] for r in rows}


def test_an_unknown_entity_is_a_404_with_advice(http):
    response = http.get("/v1/entities/institution/nope")
    assert response.status_code == 404 and "/v1/entities" in response.json()["error"]["message"]
