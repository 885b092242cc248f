"""The shipped regions of Peru (INEI ubigeo, ISO 3166-2) and countries (ISO 3166-1)."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, Namespace
from rdflib.namespace import SKOS

from quipu.core.text import slug
from quipu.graph import QP

ID = Namespace("https://w3id.org/quipu/id/")

PERU = ID["country/pe"]


def departments(graph):
    """Regions whose ubigeo has two digits: the departments."""
    return {r for r in graph.subjects(RDF.type, QP.Region) if len(str(graph.value(r, QP.ubigeo) or "")) == 2}


def test_there_are_exactly_25_departments_with_ubigeo_01_to_25(regions):
    codes = sorted(str(regions.value(r, QP.ubigeo)) for r in departments(regions))
    assert codes == [f"{n:02d}" for n in range(1, 26)]


# (slug, INEI ubigeo, ISO 3166-2): spot checks where RENIEC numbering or ISO would differ.
KNOWN = [
    pytest.param("amazonas", "01", "PE-AMA", id="first-alphabetically"),
    pytest.param("ancash", "02", "PE-ANC", id="accented-name"),
    pytest.param("callao", "07", "PE-CAL", id="callao-is-07-not-reniec-24"),
    pytest.param("cusco", "08", "PE-CUS", id="cusco-is-08-not-reniec-07"),
    pytest.param("lima", "15", None, id="lima-department-has-no-iso-code"),
    pytest.param("madre-de-dios", "17", "PE-MDD", id="multi-word-slug"),
    pytest.param("puno", "21", "PE-PUN", id="puno"),
    pytest.param("san-martin", "22", "PE-SAM", id="accent-in-slug"),
    pytest.param("ucayali", "25", "PE-UCA", id="last"),
    pytest.param("lima-metropolitana", "1501", "PE-LMA", id="lima-metropolitana-is-province-1501"),
    pytest.param("lima-provincias", None, "PE-LIM", id="lima-provincias-has-no-ubigeo"),
]


@pytest.mark.parametrize(("name", "ubigeo", "iso"), KNOWN)
def test_known_region_codes(regions, name, ubigeo, iso):
    region = ID[f"region/{name}"]
    assert (region, RDF.type, QP.Region) in regions
    found_ubigeo = regions.value(region, QP.ubigeo)
    assert (None if found_ubigeo is None else str(found_ubigeo)) == ubigeo
    found_iso = regions.value(region, QP.iso3166)
    assert (None if found_iso is None else str(found_iso)) == iso


def test_regions_are_exactly_the_departments_and_the_two_parts_of_lima(regions):
    extra = set(regions.subjects(RDF.type, QP.Region)) - departments(regions)
    assert extra == {ID["region/lima-metropolitana"], ID["region/lima-provincias"]}


@pytest.mark.parametrize("part", ["lima-metropolitana", "lima-provincias"])
def test_the_parts_of_lima_lie_within_the_department(regions, part):
    assert (ID[f"region/{part}"], SKOS.broader, ID["region/lima"]) in regions


def test_departments_lie_within_peru_and_are_top_concepts(regions):
    for region in departments(regions):
        assert (region, SKOS.broader, PERU) in regions, region
        assert (region, SKOS.topConceptOf, ID["scheme/regions"]) in regions, region


def test_iso_3166_2_codes_are_unique_and_peruvian(regions):
    codes = [str(regions.value(r, QP.iso3166)) for r in regions.subjects(RDF.type, QP.Region) if regions.value(r, QP.iso3166)]
    assert len(codes) == len(set(codes)) == 26  # 24 departments + PE-LMA + PE-LIM (Lima itself has none)
    assert all(re.fullmatch(r"PE-[A-Z]{3}", c) for c in codes)


def test_region_iris_are_the_slug_of_the_spanish_label(regions):
    # Extraction keys a region as "region/<slug>"; the shipped IRIs must be what it mints.
    for region in regions.subjects(RDF.type, QP.Region):
        (label,) = [lbl for lbl in regions.objects(region, SKOS.prefLabel) if lbl.language == "es"]
        assert region == ID[f"region/{slug(str(label))}"]


def test_region_labels_are_plain_names(regions):
    labels = [str(lbl) for r in regions.subjects(RDF.type, QP.Region) for lbl in regions.objects(r, SKOS.prefLabel)]
    assert not [lbl for lbl in labels if lbl.startswith(("Región ", "Departamento "))]


REQUIRED_COUNTRIES = ["PE", "ES", "IT", "AR", "CL", "US", "JP", "BO", "EC", "VE", "CO", "BR", "MX", "CA", "DE", "FR", "GB", "AU", "KR"]


def countries(graph):
    return set(graph.subjects(RDF.type, QP.Country))


def test_countries_have_unique_iso_alpha_2_codes(regions):
    codes = [str(regions.value(c, QP.iso3166)) for c in countries(regions)]
    assert len(codes) == len(set(codes)) == len(countries(regions))
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in codes)
    assert set(REQUIRED_COUNTRIES) <= set(codes)


def test_country_iris_are_the_lower_case_iso_code(regions):
    for country in countries(regions):
        assert country == ID[f"country/{str(regions.value(country, QP.iso3166)).lower()}"]


def test_countries_have_one_spanish_and_one_english_label(regions):
    for country in countries(regions):
        langs = sorted(lbl.language for lbl in regions.objects(country, SKOS.prefLabel))
        assert langs == ["en", "es"], country


@pytest.mark.parametrize(
    ("iso", "spanish"),
    [
        pytest.param("ES", "España", id="spain"),
        pytest.param("US", "Estados Unidos", id="usa"),
        pytest.param("GB", "Reino Unido", id="uk-is-gb-not-uk"),
        pytest.param("KR", "Corea del Sur", id="south-korea"),
        pytest.param("PE", "Perú", id="peru"),
    ],
)
def test_country_spanish_names(regions, iso, spanish):
    (country,) = [c for c in countries(regions) if str(regions.value(c, QP.iso3166)) == iso]
    assert {str(lbl) for lbl in regions.objects(country, SKOS.prefLabel) if lbl.language == "es"} == {spanish}


def test_peru_is_a_country_and_not_a_region(regions):
    assert (PERU, RDF.type, QP.Country) in regions
    assert (PERU, RDF.type, QP.Region) not in regions
