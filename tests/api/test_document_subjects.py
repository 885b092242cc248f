"""What a document is about, from ingest to search: in the graph as document facts, and in
the filters, which keep every passage of a document about the region or entity asked for.

The documents are invented: a regional plan whose text never names its region (its
manifest title does), and a national report that names regions passage by passage.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quipu.core.settings import Settings
from quipu.workspace.pipeline import ingest
from quipu.workspace.workspace import Workspace

DOCS = {
    "plan-regional.md": "# Plan de mejora\n\n## Atención\n\nLa bolsa de trabajo registró a 300 jóvenes y amplió su horario.\n\n"
    "## Presupuesto\n\nEl presupuesto regional se ejecutó al 90 por ciento del monto previsto.\n",
    "informe-nacional.md": "# Informe nacional\n\n## Sur\n\nEn Cusco la bolsa de trabajo abrió una oficina nueva.\n\n"
    "## Centro\n\nEn Junín la bolsa de trabajo publicó cien vacantes.\n",
}
MANIFEST = """
[[document]]
file = "plan-regional.md"
title = "Plan de mejora del servicio de empleo (Cusco)"
year = 2015

[[document]]
file = "informe-nacional.md"
year = 2024
subjects = ["MTPE"]
"""
BASE = "https://w3id.org/quipu/id/"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, embedder) -> Workspace:
    folder = tmp_path_factory.mktemp("docs")
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    settings = Settings(data_dir=Path(tmp_path_factory.mktemp("data")), corpus_dir=folder)
    report = ingest(settings, embedder=embedder)
    assert report.ok, report.failed
    return Workspace(settings, embedder=embedder)


def test_what_each_document_is_about_is_in_the_graph(workspace):
    rows = workspace.store.select(
        "PREFIX dct: <http://purl.org/dc/terms/> PREFIX qp: <https://w3id.org/quipu/ontology#> "
        "SELECT DISTINCT ?id ?p ?about WHERE { ?doc a qp:Document ; dct:identifier ?id ; ?p ?about . "
        "VALUES ?p { dct:spatial dct:subject } }"
    )
    found = {(str(r["id"]), str(r["p"]).rsplit("/", 1)[-1], str(r["about"]).removeprefix(BASE)) for r in rows}
    assert found == {("plan-regional", "spatial", "region/cusco"), ("informe-nacional", "subject", "institution/mtpe")}


def test_a_region_filter_keeps_the_passages_of_a_plan_about_the_region(workspace):
    outcome = workspace.search("bolsa de trabajo", 10, regions=["Cusco"])
    by_id = {h.record.document_id: h for h in outcome.hits}
    # The plan's passage on its job board never names Cusco; the report's passage on Junín is left out.
    assert "plan-regional" in by_id and "Cusco" not in by_id["plan-regional"].record.text
    assert [e.key for e in by_id["plan-regional"].about] == ["region/cusco"]
    assert all(
        "region/cusco" in {e.key for e in (*h.entities, *h.about)} for h in outcome.hits
    ), [h.record.text for h in outcome.hits]
    assert not any("Junín" in h.record.text for h in outcome.hits)
    assert outcome.hits[0].record.document_id == "plan-regional" or "bolsa" in outcome.hits[0].record.text


def test_the_region_facet_counts_what_the_filter_keeps(workspace):
    outcome = workspace.search("bolsa de trabajo", 10)
    cusco = next(v for v in outcome.facets.fields["region"] if v.value == "region/cusco")
    narrowed = workspace.search("bolsa de trabajo", 10, regions=["region/cusco"])
    assert cusco.count == narrowed.facets.considered == len(narrowed.hits)


def test_an_entity_the_manifest_names_filters_like_one_the_text_names(workspace):
    outcome = workspace.search("bolsa de trabajo", 10, entities=["MTPE"])
    assert outcome.hits and {h.record.document_id for h in outcome.hits} == {"informe-nacional"}


def test_the_graph_with_document_subjects_conforms_to_the_shapes(workspace):
    pytest.importorskip("pyshacl")
    from quipu.graph.validation import validate

    report = validate(workspace.store)
    assert report.conforms, report.text[-3000:]
