"""Quipu with its graph in an external SPARQL store: a real Oxigraph server process."""

from __future__ import annotations

import json

import pytest

from quipu.api.pipeline import ingest
from quipu.api.workspace import Workspace
from quipu.core.settings import Settings

DOCS = {
    "empleo.md": "# Servicio de empleo\n\nEl Ministerio de Trabajo y Promoción del Empleo (MTPE) gestiona la bolsa de trabajo "
    "creada por Decreto Supremo N° 001-2012-TR en la región Puno.\n",
    "migracion.txt": "MIGRACIÓN\n\nEl servicio informa a los migrantes que viajan a España e Italia.\n",
}


@pytest.fixture(scope="module")
def external(oxigraph_server, tmp_path_factory, embedder):
    url = oxigraph_server()
    folder = tmp_path_factory.mktemp("external-docs")
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("external-data"),
        corpus_dir=folder,
        sparql_endpoint=f"{url}/query",
        sparql_update_endpoint=f"{url}/update",
    )
    report = ingest(settings, embedder=embedder)
    return settings, report, Workspace(settings, embedder=embedder)


def test_ingest_writes_into_the_external_store(external):
    settings, report, workspace = external
    assert report.ok and report.triples > 0
    # Nothing was written to an embedded store.
    assert not any(settings.data_dir.glob("generations/*/graph"))
    body = json.loads(workspace.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").body)
    assert int(body["results"]["bindings"][0]["n"]["value"]) >= report.triples


def test_queries_and_entities_come_from_the_external_store(external):
    _, _, workspace = external
    rows = workspace.store.select(
        "PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?id WHERE { ?n eli:id_local ?id }"
    )
    assert {"id": "DS-1-2012-TR"} in rows
    assert workspace.search("bolsa de trabajo", 1).results[0].document.id == "empleo"


def test_a_changed_document_replaces_its_graphs_in_the_external_store(external, embedder):
    settings, _, workspace = external
    (settings.corpus_dir / "migracion.txt").write_text("MIGRACIÓN\n\nLos retornantes llegan desde Chile.\n", encoding="utf-8")
    report = ingest(settings, embedder=embedder)
    assert report.updated == ["migracion"]
    texts = workspace.store.select(
        'PREFIX qp: <https://w3id.org/quipu/ontology#> SELECT ?t WHERE { ?p qp:text ?t FILTER(CONTAINS(?t, "España")) }'
    )
    assert texts == []


def test_export_from_the_external_store_round_trips(external):
    import pyoxigraph as ox

    _, _, workspace = external
    fresh = ox.Store()
    fresh.load(workspace.store.dump("application/trig"), format=ox.RdfFormat.TRIG)
    assert len(fresh) == len(workspace.store)
