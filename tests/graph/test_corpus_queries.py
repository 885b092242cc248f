"""The questions of the ontology issue, asked in SPARQL over the ingested corpus.

Each answer must come with its source (a quote and the passage it was read from).
"""

from __future__ import annotations

import csv
import io

import pytest

from quipu.graph import example_queries

QUERIES = example_queries()


def rows(workspace, name: str) -> list[dict[str, str]]:
    body = workspace.sparql(QUERIES[name], accept=["text/csv"]).body.decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_every_example_query_runs(corpus_workspace):
    for name in QUERIES:
        assert rows(corpus_workspace, name), f"{name} returned nothing"


@pytest.mark.parametrize(
    ("plan", "norm"),
    [
        pytest.param("Plan Operativo Institucional (POI) 2024", "RM-2-2024-TR", id="the POI 2024 by a ministerial resolution"),
        pytest.param("Plan Operativo Institucional (POI) 2024, modificado versión 1", "RSG-28-2024-TR-SG", id="its first update"),
        pytest.param("Plan Estratégico Institucional (PEI) 2017-2027", "RM-411-2023-TR", id="the PEI it is framed in"),
    ],
)
def test_norms_that_approved_the_plans_with_their_quotes(corpus_workspace, plan, norm):
    found = [r for r in rows(corpus_workspace, "plan-approvals") if r["planLabel"] == plan and r["normId"] == norm]
    assert found, f"{plan} approved by {norm} not found"
    assert all(r["quote"] and r["passage"].startswith("https://w3id.org/quipu/id/passage/") for r in found)


def test_plan_indicators_have_means_of_verification_and_targets(corpus_workspace):
    found = rows(corpus_workspace, "plan-indicators")
    assert sum(1 for r in found if r["meansOfVerification"]) >= 20
    assert any(r["kind"] == "target" and r["value"] for r in found)
    assert any(r["kind"] == "baseline" and r["value"] for r in found)
    assert any(r["level"] in {"national", "regional"} for r in found)


def test_strategic_indicators_have_target_achieved_and_rate(corpus_workspace):
    found = rows(corpus_workspace, "strategic-indicators")
    complete = [r for r in found if r["target"] and r["achieved"] and r["executionRate"]]
    assert len(complete) >= 20
    assert {r["code"][:3] for r in complete} == {"AEI", "OEI"}


def test_mtpe_programmes_with_the_unit_that_runs_them(corpus_workspace):
    found = rows(corpus_workspace, "mtpe-programmes-services")
    labels = " ".join(r["label"] for r in found)
    assert "Jóvenes Productivos" in labels and "Llamkasun Perú" in labels
    assert all(r["quote"] and r["passage"] for r in found)


def test_regions_where_the_vupe_operated(corpus_workspace):
    found = rows(corpus_workspace, "service-regions")
    assert {"Ica", "Tacna"} <= {r["regionLabel"] for r in found}
    assert all(r["ubigeo"] and r["quote"] for r in found)


def test_no_two_entities_of_a_type_share_a_folded_label(corpus_workspace):
    from quipu.core.text import fold

    query = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?type ?label ?e WHERE { GRAPH <https://w3id.org/quipu/id/graph/entities> { ?e a ?type ; skos:prefLabel ?label } }"""
    seen: dict[tuple[str, str], str] = {}
    duplicates = []
    for row in corpus_workspace.store.select(query):
        key = (row["type"], fold(row["label"]))
        if key in seen and seen[key] != row["e"]:
            duplicates.append((seen[key], row["e"]))
        seen.setdefault(key, row["e"])
    assert not duplicates


def test_every_extracted_entity_has_a_label_and_a_source(corpus_workspace):
    query = """PREFIX qp: <https://w3id.org/quipu/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH <https://w3id.org/quipu/id/graph/entities> { ?e a ?t }
      FILTER NOT EXISTS { ?e skos:prefLabel ?l . ?e qp:mentionedIn ?m } }"""
    assert corpus_workspace.store.select(query)[0]["n"] == "0"


def test_documents_say_which_regions_and_entities_they_are_about(corpus_workspace):
    query = """PREFIX dct: <http://purl.org/dc/terms/> PREFIX qp: <https://w3id.org/quipu/ontology#>
    SELECT DISTINCT ?id ?p ?about WHERE { ?doc a qp:Document ; dct:identifier ?id ; ?p ?about .
      VALUES ?p { dct:spatial dct:subject } }"""
    body = corpus_workspace.sparql(query, accept=["text/csv"]).body.decode()
    found = {(r["id"], r["p"].rsplit("/", 1)[-1], r["about"].removeprefix("https://w3id.org/quipu/id/"))
             for r in csv.DictReader(io.StringIO(body))}
    assert ("puno-mejora-continua-promocion-empleo-2015", "spatial", "region/puno") in found
    assert ("redproempleo-evaluacion-vupe-2013", "subject", "service/centro-de-empleo") in found
    assert ("mtpe-evaluacion-poi-2024", "subject", "institution/mtpe") in found
    # A region is what a document is dct:spatial about, never its dct:subject.
    assert all(not about.startswith(("region/", "country/")) for _, p, about in found if p == "subject")
