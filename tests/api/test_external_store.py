"""Quipu with its graph in an external SPARQL store: a real Oxigraph server process.

Ingest writes each document's graphs with one Graph Store Protocol PUT apiece (to the
store endpoint QUIPU_SPARQL_STORE_ENDPOINT), so a changed document's graphs are replaced,
never added to, and its literals reach the server exactly as they were read.
"""

from __future__ import annotations

import json

import pytest

from quipu.core.settings import Settings
from quipu.workspace.pipeline import ingest
from quipu.workspace.workspace import Workspace

DOCS = {
    "empleo.md": "# Servicio de empleo\n\nEl Ministerio de Trabajo y Promoción del Empleo (MTPE) gestiona la bolsa de trabajo "
    "creada por Decreto Supremo N° 001-2012-TR en la región Puno.\n",
    "migracion.txt": "MIGRACIÓN\n\nEl servicio informa a los migrantes que viajan a España e Italia.\n",
    # Text whose literals need escaping: quotes of three kinds, a backslash, non-ASCII, line breaks.
    "citas.md": '# Citas "textuales"\n\nEl programa «Jóvenes Productivos» respondió: "¡Sí!" — ñandú € 😀\n'
    "y una barra \\ invertida.\nOtra línea, en Cusco.\n",
}
MANIFEST = '[[document]]\nfile = "citas.md"\ntitle = "Citas \\"textuales\\" del año"\nlanguage = "es"\n'
PREFIXES = "PREFIX qp: <https://w3id.org/quipu/ontology#> PREFIX dct: <http://purl.org/dc/terms/>\n"


@pytest.fixture(scope="module")
def external(oxigraph_server, tmp_path_factory, embedder):
    url = oxigraph_server()
    folder = tmp_path_factory.mktemp("external-docs")
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("external-data"),
        corpus_dir=folder,
        sparql_endpoint=f"{url}/query",
        sparql_update_endpoint=f"{url}/update",
        sparql_store_endpoint=f"{url}/store",
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
    assert workspace.search("bolsa de trabajo", 1).hits[0].record.document_id == "empleo"


def test_literals_reach_the_external_store_as_they_were_read(external):
    _, _, workspace = external
    rows = workspace.store.select(
        PREFIXES + "SELECT ?title (LANG(?title) AS ?lang) ?text WHERE { ?d dct:identifier 'citas' ; dct:title ?title . "
        "?p qp:inDocument ?d ; qp:text ?text }"
    )
    assert {(r["title"], r["lang"]) for r in rows} == {('Citas "textuales" del año', "es")}
    text = "\n".join(r["text"] for r in rows)
    for written in ("«Jóvenes Productivos»", '"¡Sí!"', "ñandú € 😀", "barra \\ invertida.\nOtra línea"):
        assert written in text
    labels = workspace.store.select(
        PREFIXES + "SELECT DISTINCT ?l (LANG(?l) AS ?lang) WHERE { ?r a qp:Region ; qp:mentionedIn ?m ; "
        "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
    )
    assert {"l": "Cusco", "lang": "es"} in labels


def graph_size(workspace, graph: str) -> int:
    rows = workspace.store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"])


def test_a_changed_document_replaces_its_graphs_in_the_external_store(external, embedder):
    settings, _, workspace = external
    graph = settings.base() + "graph/document/migracion"
    before = graph_size(workspace, graph)
    (settings.corpus_dir / "migracion.txt").write_text("MIGRACIÓN\n\nLos retornantes llegan desde Chile.\n", encoding="utf-8")
    report = ingest(settings, embedder=embedder)
    assert report.updated == ["migracion"]
    texts = workspace.store.select(PREFIXES + 'SELECT ?t WHERE { ?p qp:text ?t FILTER(CONTAINS(?t, "España")) }')
    assert texts == []
    # Replaced, not appended: the graph holds exactly what this ingest wrote into it.
    after = Workspace(settings, embedder=embedder).state.documents["migracion"].triples
    assert before > 0 and graph_size(workspace, graph) == after


def test_export_from_the_external_store_round_trips(external):
    import pyoxigraph as ox

    _, _, workspace = external
    fresh = ox.Store()
    fresh.load(workspace.store.dump("application/trig"), format=ox.RdfFormat.TRIG)
    assert len(fresh) == len(workspace.store)
