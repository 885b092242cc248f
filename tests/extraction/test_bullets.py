"""Services listed in bullets under the sentence that introduces them (quipu.ingest.extract.bullets),
on reports written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts
from quipu.ingest.facts import Facts


def facts_of(tmp_path: Path, text: str) -> Facts:
    path = tmp_path / "memoria.md"
    path.write_text(text, encoding="utf-8")
    return extract_facts(read_document(path))


def bulleted(facts: Facts) -> set[tuple[str, str, str]]:
    return {(l.subject, l.predicate, l.object) for l in facts.links if l.rule.endswith("/bulleted-list")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a centre named in the lead-in: its services are part of it, blank lines between bullets
        pytest.param(
            "# Memoria\n\nEn el Centro de Empleo Ilo se ofrecen los servicios siguientes:\n\n"
            "- **Bolsa de Trabajo.** Registró 900 vacantes.\n\n- **Certificado Único Laboral (CUL).** Se emitieron 2 100.\n",
            {("service/certificado-unico-laboral", "partOf", "service/centro-de-empleo-ilo"),
             ("service/bolsa-de-trabajo", "partOf", "service/centro-de-empleo-ilo")},
            id="centre-bold-bullets",
        ),
        # a body named in the lead-in runs the services; numbered items
        pytest.param(
            "# Informe\n\nLa Dirección de Empleo Rural tiene a su cargo los servicios que siguen:\n"
            "1. Bolsa de Trabajo, con ferias mensuales;\n2. Certificado Único Laboral, en línea.\n",
            {("institution/direccion-de-empleo-rural", "runs", "service/bolsa-de-trabajo"),
             ("institution/direccion-de-empleo-rural", "runs", "service/certificado-unico-laboral")},
            id="body-numbered-items",
        ),
        # bullets that open with an article, or with "la emisión del", before the service's name
        pytest.param(
            "# Memoria\n\nLa Oficina de Empleo Juvenil administra tres servicios permanentes:\n"
            "- la Bolsa de Trabajo, con ferias mensuales;\n- la emisión del Certificado Único Laboral, en línea;\n"
            "- el Servicio de Orientación Vocacional, para escolares.\n",
            {("institution/oficina-de-empleo-juvenil", "runs", "service/bolsa-de-trabajo"),
             ("institution/oficina-de-empleo-juvenil", "runs", "service/certificado-unico-laboral"),
             ("institution/oficina-de-empleo-juvenil", "runs", "service/orientacion-vocacional")},
            id="articles-before-the-names",
        ),
        # a lead-in about a body's units: the bodies heading the bullets belong to it, an
        # acronym and a relative clause after the name, two units in one bullet
        pytest.param(
            "# Memoria\n\nLa Dirección Regional de Trabajo y Promoción del Empleo de Piura cuenta con los siguientes órganos:\n\n"
            "- Oficina de Administración (OA), que gestiona las compras.\n"
            "- Zona de Trabajo de Sullana y Zona de Trabajo de Paita: órganos desconcentrados.\n",
            {("institution/oficina-de-administracion", "subOrganizationOf", "institution/direccion-regional-de-trabajo-y-promocion-del-empleo-de-piura"),
             ("institution/zona-de-trabajo-de-sullana", "subOrganizationOf", "institution/direccion-regional-de-trabajo-y-promocion-del-empleo-de-piura"),
             ("institution/zona-de-trabajo-de-paita", "subOrganizationOf", "institution/direccion-regional-de-trabajo-y-promocion-del-empleo-de-piura")},
            id="units-of-a-body",
        ),
    ],
)
def test_bullets_under_a_lead_in(tmp_path: Path, text: str, expected: set) -> None:
    assert bulleted(facts_of(tmp_path, text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        # the lead-in speaks of achievements, not services
        pytest.param("# Memoria\n\nEl Centro de Empleo Ilo logró lo siguiente:\n\n- Bolsa de Trabajo: 900 vacantes.\n", id="not-a-list-of-services"),
        # two containers named: which one the bullets belong to is unclear
        pytest.param("# Memoria\n\nEl Centro de Empleo Ilo y el Centro de Empleo Tacna comparten los servicios siguientes:\n\n- Bolsa de Trabajo.\n", id="two-containers"),
        # a paragraph after the list ends it
        pytest.param("# Memoria\n\nEn el Centro de Empleo Ilo se ofrecen los servicios siguientes:\n\nEl año fue bueno.\n\n- Bolsa de Trabajo.\n", id="paragraph-ends-the-list"),
        # a list about a body's offices that names no unit at the head of its bullets
        pytest.param("# Memoria\n\nLa Dirección Regional de Trabajo y Promoción del Empleo de Piura atendió en sus oficinas:\n\n- 300 personas en la Oficina de Administración.\n", id="units-lead-in-without-unit-heads"),
    ],
)
def test_no_links_from_other_lists(tmp_path: Path, text: str) -> None:
    assert not bulleted(facts_of(tmp_path, text))
