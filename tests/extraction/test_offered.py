"""Services a centre or a programme offers, listed in its sentence (quipu.ingest.extract.offered),
on sentences written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts
from quipu.ingest.facts import Facts


def facts_of(tmp_path: Path, text: str) -> Facts:
    path = tmp_path / "informe.md"
    path.write_text("# Informe\n\n" + text + "\n", encoding="utf-8")
    return extract_facts(read_document(path))


def offered(facts: Facts) -> set[tuple[str, str]]:
    """(service label, host label) of every link the rule made."""
    label = lambda key: facts.entities[key].label  # noqa: E731
    return {(label(l.subject), label(l.object)) for l in facts.links if l.rule.endswith("/offered-services")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # lower-case kinds of service after "se prestan los servicios de"
        pytest.param(
            "En el Centro de Empleo Chincha se prestan los servicios de bolsa de trabajo, orientación vocacional y asesoría para la búsqueda de empleo.",
            {("Orientación vocacional", "Centro de Empleo Chincha"), ("Asesoría para la Búsqueda de Empleo", "Centro de Empleo Chincha")},  # the vocabulary's label,
            id="se-prestan-los-servicios-de",
        ),
        # named services after a verb in the preterite, "entre otros" between
        pytest.param(
            "El Centro de Empleo Chincha brindó, entre otros, la Bolsa de Trabajo y el Certificado Único Laboral.",
            {("Bolsa de Trabajo", "Centro de Empleo Chincha"), ("Certificado Único Laboral", "Centro de Empleo Chincha")},
            id="brindo-entre-otros",
        ),
        # a programme offering its own lines of service
        pytest.param(
            "El Programa Costa Activa ofrece capacitación técnica y colocación en empresas del puerto.",
            {("Capacitación técnica", "Programa Costa Activa"), ("Colocación en empresas del puerto", "Programa Costa Activa")},
            id="programme-offers",
        ),
    ],
)
def test_offered_services(tmp_path: Path, text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= offered(facts_of(tmp_path, text))


@pytest.mark.parametrize(
    "text",
    [
        # figures: what was delivered, not a list of services
        pytest.param("El Centro de Empleo Chincha brindó 1 200 asesorías y 300 talleres.", id="counts"),
        # a service named before the verb offers nothing of its own
        pytest.param("La Bolsa de Trabajo brinda orientación vocacional a los postulantes.", id="host-is-no-centre"),
        # no centre or programme before the verb
        pytest.param("La Dirección de Empleo brinda orientación vocacional.", id="a-body-is-no-host"),
    ],
)
def test_no_offered_services(tmp_path: Path, text: str) -> None:
    assert not offered(facts_of(tmp_path, text))
