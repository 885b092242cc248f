"""Recognising the entities a question names, from the catalog ingest writes."""

from __future__ import annotations

import pytest

from quipu.ingest.facts import Entity, Span
from quipu.search import CatalogEntity, EntityCatalog

CATALOG = EntityCatalog(
    [
        CatalogEntity("service/centro-de-empleo", "service", "Centro de Empleo",
                      ("VUPE", "Ventanilla Única de Promoción del Empleo")),
        CatalogEntity("programme/jovenes-productivos", "programme", "Jóvenes Productivos", ("PNEJ",)),
        CatalogEntity("region/ica", "region", "Ica"),
        CatalogEntity("region/la-libertad", "region", "La Libertad"),
        CatalogEntity("norm/rm-411-2023-tr", "norm", "Resolución Ministerial N° 411-2023-TR"),
        CatalogEntity("plan/poi-2024", "plan", "Plan Operativo Institucional (POI) 2024", ("POI 2024",)),
        CatalogEntity("indicator/x", "indicator", "Tasa de empleo"),  # indicators are not matched by name
    ],
    {},
)


@pytest.mark.parametrize(
    ("question", "keys"),
    [
        pytest.param("¿Qué servicios ofrece la VUPE?", ["service/centro-de-empleo"], id="acronym"),
        pytest.param("ventanilla unica de promocion del empleo en ica", ["service/centro-de-empleo"],
                     id="long form without accents; 'ica' in lower case is not the region"),
        pytest.param("La VUPE de Ica y de La Libertad", ["service/centro-de-empleo", "region/ica", "region/la-libertad"],
                     id="in order of appearance"),
        pytest.param("¿Qué aprobó la R.M. N° 411-2023-TR?", ["norm/rm-411-2023-tr"], id="norm in another written form"),
        pytest.param("metas del POI 2024 de jovenes productivos", ["plan/poi-2024", "programme/jovenes-productivos"],
                     id="plan and programme"),
        pytest.param("tasa de empleo", [], id="indicator labels are paraphrased, not matched"),
        pytest.param("unica promocion", [], id="part of a name is not the name"),
    ],
)
def test_recognise(question, keys):
    assert [e.key for e in CATALOG.recognise(question)] == keys


@pytest.mark.parametrize(
    ("value", "regions", "key"),
    [
        pytest.param("region/ica", True, "region/ica", id="key"),
        pytest.param("la libertad", True, "region/la-libertad", id="label folded"),
        pytest.param("PNEJ", None, "programme/jovenes-productivos", id="acronym"),
        pytest.param("VUPE", True, None, id="a service is not a region"),
    ],
)
def test_resolve_filter_values(value, regions, key):
    found = CATALOG.resolve(value, regions=regions)
    assert (found.key if found else None) == key


def test_catalog_of_merged_entities_maps_passages_to_entities():
    entity = Entity("region/ica", "region", "Ica", {"ICA"}, mentions=[Span("d-0001", 0, 3, "Ica"), Span("d-0004", 9, 12, "ICA")])
    catalog = EntityCatalog.of({"region/ica": entity})
    assert catalog.of_passage("d-0004") == ("region/ica",)
    assert catalog.get("region/ica").names == ("ICA",)


# Entities that documents define by an acronym ("Secretaría Técnica del Consejo … (ST-CRT)").
DEFINED = EntityCatalog(
    [
        CatalogEntity("institution/st-crt", "institution", "Secretaría Técnica del Consejo Regional de Trabajo", ("ST-CRT",)),
        CatalogEntity("programme/jovenes-productivos", "programme", "Jóvenes Productivos"),
        CatalogEntity("region/ica", "region", "Región Ica", ("ICA",)),
    ],
    {},
)


@pytest.mark.parametrize(
    ("question", "names"),
    [
        pytest.param("¿Qué funciones tiene la ST-CRT?",
                      ["Secretaría Técnica del Consejo Regional de Trabajo", "ST-CRT"], id="acronym gives the long form"),
        pytest.param("funciones de la secretaria tecnica del consejo regional de trabajo",
                     ["Secretaría Técnica del Consejo Regional de Trabajo", "ST-CRT"], id="long form gives the acronym"),
        pytest.param("metas de Jóvenes Productivos", [], id="a name without an acronym adds nothing"),
        pytest.param("empleo en ICA", [], id="regions are left out, acronym or not"),
    ],
)
def test_acronym_names(question, names):
    from quipu.search.full_retrieval import acronym_names

    assert acronym_names(DEFINED, question) == names
