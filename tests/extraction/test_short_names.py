"""Short names: a programme or service named in full once and then by the head of its name."""

from __future__ import annotations

import pytest

from quipu.ingest.extract import acronyms, entities, gazetteer, norms, short_names
from quipu.ingest.extract.extractor import BUILTIN
from quipu.ingest.facts import Facts

from .conftest import paragraph_document

CHAIN = [norms.extract, gazetteer.extract, acronyms.extract, entities.extract, short_names.extract]


def run(text: str) -> Facts:
    document = paragraph_document(text)
    facts = Facts(document_id=document.id)
    for step in CHAIN:
        step(document, facts)
    return facts


@pytest.mark.parametrize(
    "label, forms",
    [
        # the kind and its connector go, then the capitalised head of what is left
        ("Servicio Ruta Joven al Trabajo", ["Ruta Joven al Trabajo", "Ruta Joven"]),
        ("Programa Regional de Emprendimiento Rural Andino", ["Emprendimiento Rural Andino"]),
        ("Proyecto Manos a la Obra", ["Manos a la Obra"]),
        # one capitalised word is too short to stand for the name
        ("Servicio Integra", []),
        # a name without a kind keeps only a head of two words or more
        ("Bolsa de Trabajo", []),
        ("Red Joven de Empleo Rural", ["Red Joven"]),
    ],
)
def test_short_forms(label: str, forms: list[str]) -> None:
    assert short_names.short_forms(label) == forms


def test_short_name_mentions_the_service() -> None:
    facts = run(
        "El Servicio Ruta Joven al Trabajo orienta a jóvenes de Pasco.\n\n"
        "Ruta Joven atendió a 300 personas. En 2024, Ruta Joven abrió una sede nueva."
    )
    service = next(e for e in facts.entities.values() if e.label.endswith("Ruta Joven al Trabajo"))
    assert "Ruta Joven" in service.alt_labels
    assert len([m for m in service.mentions if m.quote == "Ruta Joven"]) == 2


def test_short_name_needs_to_stand_alone() -> None:
    """Only inside the full name: no alias, and no mention is added."""
    facts = run("El Servicio Ruta Joven al Trabajo orienta a jóvenes. El Servicio Ruta Joven al Trabajo creció.")
    service = next(e for e in facts.entities.values() if e.label.endswith("Ruta Joven al Trabajo"))
    assert "Ruta Joven" not in service.alt_labels


@pytest.mark.parametrize(
    "text, label",
    [
        # a quoted name after its kind in lower case, then its acronym in brackets
        ("El proyecto «Surco Andino» (PSA) fue ejecutado por la OIT. La DRTPE supervisó el PSA en 2026.", "Surco Andino"),
        # a service named after its kind in lower case
        ("La municipalidad abrió el servicio Ruta Joven (SRJ) en 2025. El SRJ atendió a 300 jóvenes.", "Ruta Joven"),
    ],
)
def test_an_acronym_in_brackets_after_a_lower_case_kind_is_an_alias(text: str, label: str) -> None:
    facts = run(text)
    entity = next(e for e in facts.entities.values() if e.label == label)
    acronym = next(a for a in entity.alt_labels if a.isupper())
    assert len([m for m in entity.mentions if m.quote == acronym]) == 2


def test_an_acronym_of_other_initials_is_not_taken() -> None:
    facts = run("El proyecto «Surco Andino» (OIT) fue presentado. La OIT lo ejecutó.")
    entity = next(e for e in facts.entities.values() if e.label == "Surco Andino")
    assert "OIT" not in entity.alt_labels


def test_short_name_of_another_entity_is_left_alone() -> None:
    facts = run(
        "El Proyecto Empleo Verde Amazónico trabaja con el Programa Empleo Verde. "
        "El Programa Empleo Verde capacitó a 200 jóvenes."
    )
    project = next(e for e in facts.entities.values() if e.label == "Proyecto Empleo Verde Amazónico")
    assert "Empleo Verde" not in project.alt_labels


def test_runs_before_the_extractors_that_read_mentions() -> None:
    order = {e.name: e.order for e in BUILTIN}
    assert order["entities"] < order["short-names"] < order["tables"] < order["relations"]
