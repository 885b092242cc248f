"""A norm that changes another named by a phrase pointing back to it
(quipu.ingest.extract.amendments), on sentences written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts


def amendments(tmp_path: Path, text: str) -> set[tuple[str, str]]:
    path = tmp_path / "informe.txt"
    path.write_text(text, encoding="utf-8")
    facts = extract_facts(read_document(path))
    label = lambda key: facts.entities[key].label  # noqa: E731
    return {(label(l.subject), label(l.object)) for l in facts.links if l.rule.endswith("/amends-what-it-points-to")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "dicha resolución": the norm named before
        pytest.param(
            "El plan se aprobó con la Resolución Directoral Regional N° 015-2023-GR/DRTPE. Luego, la Resolución Directoral Regional N° 061-2024-GR/DRTPE modificó dicha resolución.",
            ("Resolución Directoral N° 061-2024-GR/DRTPE", "Resolución Directoral N° 015-2023-GR/DRTPE"),
            id="dicha-resolucion",
        ),
        # "el anexo 2 de la citada ordenanza", in a relative clause after the amending norm
        pytest.param(
            "La Ordenanza Regional N° 007-2024-GR/CR aprobó el plan. Sus metas fueron reprogramadas por la Resolución Ejecutiva Regional N° 188-2025-GR, que modificó el anexo 2 de la citada ordenanza.",
            ("Resolución Ejecutiva Regional N° 188-2025-GR", "Ordenanza Regional N° 007-2024-GR/CR"),
            id="part-of-the-cited-ordinance",
        ),
        # the passive: "Esta norma fue modificada por …"
        pytest.param(
            "Los lineamientos se aprobaron por Resolución Ministerial N° 101-2022-TR. Esta norma fue modificada por la Resolución Ministerial N° 204-2024-TR.",
            ("Resolución Ministerial N° 204-2024-TR", "Resolución Ministerial N° 101-2022-TR"),
            id="passive-esta-norma",
        ),
        # what was changed is a plan: the norm that approved it is amended
        pytest.param(
            "El POI 2025 fue aprobado mediante la Resolución Ejecutiva Regional N° 120-2024-GR. La Resolución Ejecutiva Regional N° 090-2025-GR modificó la programación física del POI 2025.",
            ("Resolución Ejecutiva Regional N° 090-2025-GR", "Resolución Ejecutiva Regional N° 120-2024-GR"),
            id="programming-of-the-plan",
        ),
    ],
)
def test_amends_what_it_points_to(tmp_path: Path, text: str, expected: tuple[str, str]) -> None:
    assert expected in amendments(tmp_path, text)


def test_no_pointer_no_amendment(tmp_path: Path) -> None:
    """A verb of changing without a phrase that points back to a norm amends nothing."""
    text = "La Resolución Ministerial N° 101-2022-TR aprobó los lineamientos. La Resolución Ministerial N° 204-2024-TR modificó los horarios de atención."
    assert not amendments(tmp_path, text)
