"""Plans, their versions and the norms that approve them."""

from pathlib import Path

import pytest

from quipu.ingest.extract import norms, plans
from quipu.ingest.facts import Facts
from quipu.ingest.models import Document, DocumentMeta, Passage


def facts_of(text: str) -> Facts:
    passage = Passage(id="d-0000", document_id="d", ordinal=0, text=text, start=0, end=len(text))
    document = Document(id="d", path=Path("d.txt"), sha256="", media_type="text/plain", text=text,
                        meta=DocumentMeta(), passages=[passage])
    facts = Facts(document_id="d")
    norms.extract(document, facts)
    plans.extract(document, facts)
    return facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Mediante Resolución Ministerial N° 002-2024-TR se aprueba el Plan Operativo Institucional (POI) 2024.",
            ("plan/poi-2024", "approvedBy", "norm/rm-2-2024-tr"), id="norm before plan",
        ),
        pytest.param(
            "El PEI 2017-2027 del MTPE, aprobado mediante R.M. N° 411-2023-TR, orienta el plan.",
            ("plan/pei-2017-2027", "approvedBy", "norm/rm-411-2023-tr"), id="plan before norm, acronym only",
        ),
        pytest.param(
            "Se aprobó el POI Anual 2024 Modificado Versión 1 mediante Resolución de Secretaría General N° 028-2024-TR-SG.",
            ("plan/poi-2024-v1", "approvedBy", "norm/rsg-28-2024-tr-sg"), id="a version of the plan",
        ),
        pytest.param(
            "El Plan Regional de Inserción Laboral de Moquegua 2026-2028 (PRIL 2026-2028) fija metas. "
            "El Consejo Regional aprobó el PRIL 2026-2028 mediante la Ordenanza Regional N° 077-2025-GRM/CR.",
            ("plan/regional-de-insercion-laboral-de-moquegua-2026-2028", "approvedBy", "norm/or-77-2025-grm-cr"),
            id="acronym of a named plan, active voice, article after the cue",
        ),
        pytest.param(
            "La gerencia formula el Plan de Mejora de la Atención al Usuario 2026-2027 (en adelante, el Plan de Mejora). "
            "El Plan de Mejora fue aprobado mediante Resolución Ejecutiva Regional N° 031-2026-GRM/GR.",
            ("plan/de-mejora-de-la-atencion-al-usuario-2026-2027", "approvedBy", "norm/rer-31-2026-grm-gr"),
            id="the short name a plan is given hereafter",
        ),
        pytest.param(
            "El Plan de Desarrollo Regional Concertado (PDRC) de Moquegua al 2033 fue aprobado por Ordenanza Regional N° 015-2022-GRM/CR.",
            ("plan/de-desarrollo-regional-concertado-de-moquegua-2033", "approvedBy", "norm/or-15-2022-grm-cr"),
            id="acronym inside the name, horizon year after al",
        ),
    ],
)
def test_approval_links(text, expected):
    links = {(l.subject, l.predicate, l.object) for l in facts_of(text).links}
    assert expected in links


def test_a_version_is_part_of_its_plan():
    facts = facts_of("El POI 2024 Versión 2 fue publicado.")
    assert ("plan/poi-2024-v2", "partOf", "plan/poi-2024") in {(l.subject, l.predicate, l.object) for l in facts.links}


def test_no_link_without_an_approval_cue():
    facts = facts_of("El POI 2024 y la Resolución Ministerial N° 002-2024-TR se citan juntos.")
    assert not [l for l in facts.links if l.predicate == "approvedBy"]


def test_a_plan_keeps_its_inner_acronym_as_an_alias():
    facts = facts_of("El Plan de Desarrollo Regional Concertado (PDRC) de Moquegua al 2033 orienta la gestión.")
    plan = facts.entities["plan/de-desarrollo-regional-concertado-de-moquegua-2033"]
    assert plan.label == "Plan de Desarrollo Regional Concertado (PDRC) de Moquegua al 2033"
    assert {"PDRC", "PDRC de Moquegua al 2033"} <= plan.alt_labels


@pytest.mark.parametrize(
    ("text", "key", "label"),
    [
        # a national policy named without its years, then approved
        pytest.param("Que, la Política Nacional de Inclusión Laboral (PNIL), aprobada con Decreto Supremo N° 004-2030-TR, dispone",
                     "plan/politica-nacional-de-inclusion-laboral", "Política Nacional de Inclusión Laboral", id="policy without years"),
        # an adjective right after "Nacional", and the years it covers
        pytest.param("El diseño sigue la Política Nacional Agraria 2021-2030 en lo que toca al empleo rural.",
                     "plan/politica-nacional-agraria-2021-2030", "Política Nacional Agraria 2021-2030", id="policy with years"),
        # a regional strategy
        pytest.param("El consejo aprobó la Estrategia Regional de Trabajo Digno 2027-2030 y su matriz.",
                     "plan/estrategia-regional-de-trabajo-digno-2027-2030", "Estrategia Regional de Trabajo Digno 2027-2030", id="strategy"),
    ],
)
def test_policies_and_strategies_are_plans(text, key, label):
    facts = facts_of(text)
    assert facts.entities[key].type == "plan"
    assert facts.entities[key].label == label


def test_a_policy_is_approved_by_the_norm_cited_after_it():
    facts = facts_of("Que, la Política Nacional de Inclusión Laboral (PNIL), aprobada con Decreto Supremo N° 004-2030-TR, dispone")
    assert ("plan/politica-nacional-de-inclusion-laboral", "approvedBy", "norm/ds-4-2030-tr") in {(l.subject, l.predicate, l.object) for l in facts.links}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("la política nacional en materia de empleo", id="lower case: no name"),
        pytest.param("la Estrategia de la gerencia fue revisada", id="no qualifier such as Nacional or Regional"),
    ],
)
def test_policy_phrases_without_a_name_are_not_plans(text):
    assert not [e for e in facts_of(text).entities.values() if e.type == "plan"]


def test_dicho_plan_is_the_plan_named_before() -> None:
    facts = facts_of("El Plan Regional de Trabajo Digno de Tacna 2027-2030 orienta la gestión. Dicho plan fue aprobado por la Ordenanza Regional N° 044-2027-GRT/CR.")
    assert ("plan/regional-de-trabajo-digno-de-tacna-2027-2030", "approvedBy", "norm/or-44-2027-grt-cr") in {(l.subject, l.predicate, l.object) for l in facts.links}


def test_a_plan_phrase_with_a_name_of_its_own_is_no_reference() -> None:
    facts = facts_of("El Plan Regional de Trabajo Digno de Tacna 2027-2030 orienta la gestión. Este Plan Anual fue aprobado por la Ordenanza Regional N° 044-2027-GRT/CR.")
    assert not [l for l in facts.links if l.predicate == "approvedBy"]


def test_an_institutional_plan_is_also_named_without_its_acronym() -> None:
    facts = facts_of("Se aprobó el Plan Estratégico Institucional (PEI) 2025-2030 del gobierno regional.")
    assert "Plan Estratégico Institucional 2025-2030" in facts.entities["plan/pei-2025-2030"].alt_labels
