"""A programme's profile written as "Label: value" lines (quipu.ingest.extract.implicit), on a
profile written for this test: the label says the link, the value names its other end, and the
programme the profile is about is the topic."""

from __future__ import annotations

import pytest

from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts
from quipu.ingest.extract.topic import topic

PROFILE = """MINISTERIO DE LA PRODUCCIÓN
Viceministerio de Pesca y Capacitación Laboral

FICHA DEL PROGRAMA REGIONAL «MAR ADENTRO»

Nombre: Programa Regional de Empleo Costero «Mar Adentro»
Norma de creación: Ordenanza Regional N° 031-2029-GRP/CR, publicada en marzo de 2029
Conducción: Gerencia Regional de Pesca y Acuicultura, que administra sus sedes
Financiamiento: Gobierno Regional de Piura, con recursos ordinarios
Ámbito de intervención (fase 1): departamentos de Piura y Tumbes
Seguimiento: la Oficina Regional de Planeamiento presenta un informe cada semestre
Unidad responsable: Oficina de Estadística
"""


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("profile") / "ficha.txt"
    path.write_text(PROFILE, encoding="utf-8")
    document = read_document(path)
    return document, extract_facts(document)


def _labelled(facts) -> set[tuple[str, str, str]]:
    label = lambda key: facts.entities[key].label  # noqa: E731
    return {(label(l.subject), l.predicate, label(l.object)) for l in facts.links if l.rule.endswith("/labelled-line")}


def test_the_topic_is_the_profiles_programme_not_a_name_inside_a_ministry(facts) -> None:
    # "Capacitación Laboral" inside the vice-ministry's name is no mention of the service
    document, found = facts
    assert topic(document, found).label == "Programa Regional de Empleo Costero «Mar Adentro»"


def test_a_quoted_name_at_the_end_is_an_alternative_label(facts) -> None:
    assert "Mar Adentro" in topic(*facts).alt_labels


@pytest.mark.parametrize(
    "link",
    [
        # the creating norm
        ("Programa Regional de Empleo Costero «Mar Adentro»", "createdBy", "Ordenanza Regional N° 031-2029-GRP/CR"),
        # who runs it, who funds it, who follows it up: the first body of the value
        ("Gerencia Regional de Pesca y Acuicultura", "runs", "Programa Regional de Empleo Costero «Mar Adentro»"),
        ("Gobierno Regional de Piura", "funds", "Programa Regional de Empleo Costero «Mar Adentro»"),
        ("Oficina Regional de Planeamiento", "evaluates", "Programa Regional de Empleo Costero «Mar Adentro»"),
        # every region of its area
        ("Programa Regional de Empleo Costero «Mar Adentro»", "operatesIn", "Tumbes"),
    ],
)
def test_labelled_lines(facts, link: tuple[str, str, str]) -> None:
    assert link in _labelled(facts[1])


def test_responsible_unit_is_an_indicator_sheets_label_not_the_programmes(facts) -> None:
    assert not [l for l in _labelled(facts[1]) if l[0] == "Oficina de Estadística"]
