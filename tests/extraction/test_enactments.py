"""A norm's own text: what its operative articles approve, create and amend, and what its
recitals cite (quipu.ingest.extract.enactments), on an ordinance written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts
from quipu.ingest.facts import Facts

ORDINANCE = """ORDENANZA REGIONAL N° 021-2026-GRM/CR

Moquegua, 3 de marzo de 2026

CONSIDERANDO:

Que, la Ley N° 27867, Ley Orgánica de Gobiernos Regionales, establece las funciones en materia de trabajo;

Que, mediante Ordenanza Regional N° 011-2019-GRM/CR se aprobó el reglamento de organización vigente;

SE ORDENA:

Artículo 1.- APROBAR el Plan Regional de Empleo Decente de Moquegua 2026-2028, que forma parte de la presente ordenanza.

Artículo 2.- CREAR el Servicio Regional de Colocación Juvenil, a cargo de la Dirección Regional de Trabajo y Promoción del Empleo de Moquegua.

Artículo 3.- ENCARGAR a la Gerencia Regional de Desarrollo Social la supervisión del Servicio Regional de Colocación Juvenil.

Artículo 4.- MODIFICAR el artículo 12 de la Ordenanza Regional N° 011-2019-GRM/CR.

Artículo 5.- DEJAR SIN EFECTO la Ordenanza Regional N° 004-2018-GRM/CR.

Artículo 6.- DERÓGASE el artículo 3 de la Ordenanza Regional N° 006-2020-GRM/CR y la Ordenanza Regional N° 008-2021-GRM/CR, aprobada por la Ordenanza Regional N° 002-2021-GRM/CR.
"""

DIRECTIVE = """RESOLUCIÓN DIRECTORAL REGIONAL N° 012-2026-GRM/DRTPE

Moquegua, 9 de abril de 2026

SE RESUELVE:

Artículo 1.- APROBAR la Directiva N° 003-2026-GRM/DRTPE, «Lineamientos de atención del Servicio Regional de Colocación Juvenil», y su Anexo N° 1, que contiene la matriz de indicadores.

ANEXO N° 1

Código
Indicador
Meta 2026
IND-01
Jóvenes colocados por el servicio
640
IND-02
Empresas que publican vacantes
85
"""
OWN = "norm/or-21-2026-grm-cr"


def extracted(path: Path, text: str) -> Facts:
    """The facts of a norm written to ``path``, read as a user's file would be."""
    path.write_text(text, encoding="utf-8")
    return extract_facts(read_document(path))
SERVICE = "service/servicio-regional-de-colocacion-juvenil"


@pytest.fixture(scope="module")
def facts(tmp_path_factory) -> Facts:
    return extracted(tmp_path_factory.mktemp("norm") / "ordenanza.txt", ORDINANCE)


@pytest.mark.parametrize(
    "triple",
    [
        # Artículo 1.- APROBAR el Plan …
        ("plan/regional-de-empleo-decente-de-moquegua-2026-2028", "approvedBy", OWN),
        # Artículo 2.- CREAR el Servicio …
        (SERVICE, "createdBy", OWN),
        # Artículo 4.- MODIFICAR el artículo 12 de la Ordenanza …
        (OWN, "amends", "norm/or-11-2019-grm-cr"),
        # a law the recitals stand on
        (OWN, "cites", "norm/ley-27867"),
        # Artículo 5.- DEJAR SIN EFECTO la Ordenanza …
        (OWN, "amends", "norm/or-4-2018-grm-cr"),
        # Artículo 6.- every norm the repealing article names …
        (OWN, "amends", "norm/or-6-2020-grm-cr"),
        (OWN, "amends", "norm/or-8-2021-grm-cr"),
        # ENCARGAR a X la supervisión de Y
        ("institution/gerencia-regional-de-desarrollo-social", "evaluates", SERVICE),
    ],
)
def test_article_links(facts: Facts, triple: tuple[str, str, str]) -> None:
    assert triple in {(l.subject, l.predicate, l.object) for l in facts.links}


def test_a_norm_named_as_the_source_of_another_is_not_amended(facts: Facts) -> None:
    """ "…, aprobada por la Ordenanza C": C approved what is repealed; it is not repealed itself."""
    assert (OWN, "amends", "norm/or-2-2021-grm-cr") not in {(l.subject, l.predicate, l.object) for l in facts.links}


def test_an_amended_norm_is_not_also_cited(facts: Facts) -> None:
    assert (OWN, "cites", "norm/or-11-2019-grm-cr") not in {(l.subject, l.predicate, l.object) for l in facts.links}


def test_a_norm_cited_in_a_sentence_is_not_a_norm_document(tmp_path: Path) -> None:
    """Only a document whose title is the norm speaks for it: a report citing one does not."""
    path = tmp_path / "informe.txt"
    path.write_text("Informe de gestión 2026\n\nSe aplicó la Ordenanza Regional N° 021-2026-GRM/CR.\n\nArtículo 1.- APROBAR el Plan Regional de Empleo Decente de Moquegua 2026-2028.\n", encoding="utf-8")
    assert not [l for l in extract_facts(read_document(path)).links if l.predicate in ("approvedBy", "cites")]


@pytest.fixture(scope="module")
def directive(tmp_path_factory) -> Facts:
    return extracted(tmp_path_factory.mktemp("directive") / "resolucion.txt", DIRECTIVE)


def test_an_approved_directive_rules_the_service_it_names(directive: Facts) -> None:
    links = {(l.subject, l.predicate, l.object) for l in directive.links}
    assert (SERVICE, "regulatedBy", "norm/dir-3-2026-grm-drtpe") in links
    # a norm approved by a norm is outside the closed set of links, and the service is not approved
    assert not [l for l in directive.links if l.predicate == "approvedBy" and l.subject in ("norm/dir-3-2026-grm-drtpe", SERVICE)]


def test_the_indicators_of_an_approved_annex_are_approved(directive: Facts) -> None:
    approved = {l.subject for l in directive.links if l.predicate == "approvedBy" and l.object == "norm/rd-12-2026-grm-drtpe"}
    indicators = {k for k, e in directive.entities.items() if e.type == "indicator"}
    assert len(indicators) == 2 and indicators <= approved


# No operative formula ("SE ORDENA"): the operative part opens at the first article. The
# approved plan's annex is named in a clause about the plan, so its indicators are not approved.
FORMULALESS = """ORDENANZA REGIONAL N° 044-2027-GRT/CR

Tacna, 2 de febrero de 2027

Que, la Ley N° 27867 atribuye a los gobiernos regionales funciones en materia de trabajo;

Estando a lo acordado, se expide la presente norma.

Artículo 1°.- APROBAR el Plan Regional de Trabajo Digno de Tacna 2027-2029, cuya matriz de metas figura como anexo.

Artículo 2°.- CREAR el Servicio Regional de Empleo Costero, a cargo de la Gerencia Regional de Desarrollo Social.

ANEXO
Código\tIndicador\tMeta 2027\tResponsable
IND.01\tPersonas colocadas por el servicio\t600\tGRDS
"""


@pytest.fixture(scope="module")
def formulaless(tmp_path_factory) -> Facts:
    return extracted(tmp_path_factory.mktemp("formulaless") / "ordenanza.txt", FORMULALESS)


def test_without_a_formula_the_articles_still_enact(formulaless: Facts) -> None:
    links = {(l.subject, l.predicate, l.object) for l in formulaless.links}
    assert ("plan/regional-de-trabajo-digno-de-tacna-2027-2029", "approvedBy", "norm/or-44-2027-grt-cr") in links
    assert any(p == "createdBy" and o == "norm/or-44-2027-grt-cr" for _, p, o in links)


def test_an_annex_named_in_a_clause_about_the_plan_approves_no_indicator(formulaless: Facts) -> None:
    indicators = {k for k, e in formulaless.entities.items() if e.type == "indicator"}
    assert indicators
    assert not [l for l in formulaless.links if l.predicate == "approvedBy" and l.subject in indicators]
