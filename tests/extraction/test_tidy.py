"""The last pass: a service named inside a longer name is no mention of its own
(quipu.ingest.extract.tidy), on sentences written for this test."""

from __future__ import annotations

from pathlib import Path

from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts


def facts_of(tmp_path: Path, text: str):
    path = tmp_path / "informe.txt"
    path.write_text(text, encoding="utf-8")
    return extract_facts(read_document(path))


def test_a_service_inside_a_body_name_is_no_entity(tmp_path: Path) -> None:
    """ "Capacitación Laboral" is a service the vocabulary knows, here only words of a body's name."""
    facts = facts_of(tmp_path, "La Dirección de Promoción del Empleo y Capacitación Laboral (DPECL) atiende en Ilo.")
    assert [e.label for e in facts.entities.values() if e.type == "service"] == []
    assert any(e.label == "Dirección de Promoción del Empleo y Capacitación Laboral" for e in facts.entities.values())


def test_the_same_service_named_on_its_own_stays(tmp_path: Path) -> None:
    facts = facts_of(tmp_path, "La Dirección de Promoción del Empleo y Capacitación Laboral (DPECL) brinda Capacitación Laboral en Ilo.")
    services = [e for e in facts.entities.values() if e.type == "service"]
    assert [len(e.mentions) for e in services] == [1]


def test_a_region_inside_a_body_name_keeps_its_mention(tmp_path: Path) -> None:
    """Search filters passages by the regions they name; a regional government's name names its region."""
    facts = facts_of(tmp_path, "El Gobierno Regional de Tacna aprobó el plan.")
    assert facts.entities["region/tacna"].mentions
