"""QUIPU_BASE_IRI holds end to end: a folder ingested under another base writes every IRI there.

The shipped vocabularies (ontology/*.ttl) and the extraction's rule IRIs are written under
the default base; the ingest rebases them, so a region a document names is the region of
regions.ttl, with its ubigeo code, under whatever base is configured.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from quipu.core.iris import DEFAULT_BASE_IRI
from quipu.core.settings import Settings
from quipu.graph import GraphStore, example_queries, explore
from quipu.graph.validation import validate
from quipu.workspace.pipeline import ingest
from quipu.workspace.workspace import Workspace

OTHER_BASE = "https://example.org/kg/"
QP = "https://w3id.org/quipu/ontology#"

# A plan written for this test: a norm, regions, an institution and its regional
# directorate (a link the vocabulary states), links read from sentences, and a table of
# indicator values (rules that are column roles).
DOCUMENT = (
    "# Ventanilla Única de Promoción del Empleo\n\n"
    "La Ventanilla Única de Promoción del Empleo (VUPE) fue creada por Decreto Supremo N° 001-2012-TR. "
    "La VUPE opera en Puno y en Cusco. El Ministerio de Trabajo y Promoción del Empleo (MTPE) conduce la VUPE.\n\n"
    "La Dirección Regional de Trabajo y Promoción del Empleo de Puno coordina con el Gobierno Regional de Puno.\n\n"
    "## Metas\n\n"
    "| Código | Indicador | Línea de base | Meta 2024 | Logro 2024 |\n"
    "|---|---|---|---|---|\n"
    "| OEI.01 | Personas colocadas | 800 | 1 200 | 1 080 |\n"
)

# The bases an installation may have: the default, and another one with nothing in common.
BASES = [
    pytest.param(DEFAULT_BASE_IRI, id="default base"),
    pytest.param(OTHER_BASE, id="another base"),
    pytest.param(OTHER_BASE.rstrip("/"), id="another base, written without its slash"),
]


@pytest.fixture(scope="module", params=BASES)
def ingested(request, tmp_path_factory, minilm) -> tuple[str, GraphStore]:
    """The document ingested into an embedded store under one base; (that base with its slash, the store)."""
    root = tmp_path_factory.mktemp("base-iri")
    (root / "docs").mkdir()
    (root / "docs" / "vupe.md").write_text(DOCUMENT, encoding="utf-8")
    settings = Settings(data_dir=root / "data", corpus_dir=root / "docs", model="bundled", base_iri=request.param)
    report = ingest(settings, embedder=minilm)
    assert report.ok and report.added == ["vupe"]
    return settings.base(), Workspace(settings, embedder=minilm).store


def other_base(base: str) -> str:
    return OTHER_BASE if base == DEFAULT_BASE_IRI else DEFAULT_BASE_IRI


# Regions the document names, with their INEI ubigeo and ISO 3166-2 code from regions.ttl.
REGIONS = [("region/puno", "21", "PE-PUN"), ("region/cusco", "08", "PE-CUS")]


@pytest.mark.parametrize(("key", "ubigeo", "iso"), REGIONS)
def test_a_mentioned_region_has_its_vocabulary_data_under_the_base(ingested, key, ubigeo, iso):
    base, store = ingested
    rows = store.select(
        f"PREFIX qp: <{QP}> SELECT DISTINCT ?ubigeo ?iso WHERE {{ ?region qp:mentionedIn ?m ; qp:ubigeo ?ubigeo ; "
        "qp:iso3166 ?iso }",
        {"region": base + key},
    )
    assert rows == [{"ubigeo": ubigeo, "iso": iso}]


def test_no_iri_is_under_another_base(ingested):
    base, store = ingested
    rows = store.select(
        """SELECT DISTINCT ?iri WHERE {
             { GRAPH ?iri { ?s ?p ?o } } UNION { ?iri ?p ?o } UNION { ?s ?iri ?o } UNION { ?s ?p ?iri }
             FILTER(isIRI(?iri) && STRSTARTS(STR(?iri), ?other))
           } LIMIT 5""".replace("?other", f'"{other_base(base)}"')
    )
    assert rows == []


def test_entities_documents_and_graphs_are_under_the_base(ingested):
    base, store = ingested
    entities = store.select(f"SELECT DISTINCT ?e WHERE {{ GRAPH <{base}graph/entities> {{ ?e ?p ?o }} }}")
    assert {base + "region/puno", base + "norm/ds-1-2012-tr", base + "institution/mtpe"} <= {r["e"] for r in entities}
    assert all(r["e"].startswith(base) for r in entities)
    assert {str(name) for name in store.graph_names()} == {
        f"{base}graph/document/vupe", f"{base}graph/facts/vupe", f"{base}graph/entities",
        "https://w3id.org/quipu/ontology",  # the ontology's own IRI, not an instance: it stays
    }


# The rules the document's facts cite, one of each kind.
RULES = [
    "rule/relations/created-by",  # a sentence: "creada por Decreto Supremo …"
    "rule/relations/in-region",  # a sentence: "opera en Puno"
    "rule/vocabulary/place-in-name",  # the vocabulary: a regional directorate belongs to its region
    "column-role/target",  # a table column: "Meta 2024"
]


@pytest.mark.parametrize("rule", RULES)
def test_rule_iris_are_under_the_base(ingested, rule):
    base, store = ingested
    rules = {r["rule"] for r in store.select(f"SELECT DISTINCT ?rule WHERE {{ ?x <{QP}extractionRule> ?rule }}")}
    assert base + rule in rules
    assert all(r.startswith(base) for r in rules)


def test_the_shapes_hold_under_the_base(ingested):
    base, store = ingested
    report = validate(store, base=base)
    assert report.conforms, report.text


def test_explore_and_the_example_queries_find_the_entities_under_the_base(ingested):
    base, store = ingested
    puno = explore.entity(store, "region/puno", base=base)
    assert puno is not None and puno.attributes["qp:ubigeo"] == ["21"]
    body = store.query(example_queries(base)["mtpe-programmes-services"], accept=["text/csv"]).body.decode()
    assert list(csv.DictReader(io.StringIO(body))), "the MTPE's services were not found"


def test_the_base_is_part_of_the_fingerprint(ingested, tmp_path: Path, minilm):
    """Ingesting the same folder again under another base redoes the document (its IRIs change)."""
    base, _ = ingested
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "vupe.md").write_text(DOCUMENT, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=docs, model="bundled", base_iri=base)
    ingest(settings, embedder=minilm)
    again = ingest(settings.model_copy(update={"base_iri": other_base(base)}), embedder=minilm)
    assert again.updated == ["vupe"]
