"""Query expansion: language, acronyms ↔ long forms, cognates."""

import pytest

from quipu.search.analysis import spanish_analyzer
from quipu.search.expansion import cognates, expand, looks_english


@pytest.mark.parametrize(
    ("query", "english"),
    [
        ("What were the main weaknesses of the windows?", True),
        ("How many people were placed in 2024?", True),
        ("¿Qué servicios ofrece la VUPE?", False),
        ("Presupuesto del programa en Puno según el informe", False),
    ],
    ids=["en question", "en how many", "es question", "es statement"],
)
def test_detects_english(query, english):
    assert looks_english(query) is english


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("¿Qué servicios ofrece la VUPE?", "Ventanilla Única de Promoción del Empleo", id="VUPE → long form"),
        pytest.param("Ministerio de Trabajo y Promoción del Empleo", "MTPE", id="long form → MTPE"),
        pytest.param("presupuesto del MTPE", "Ministerio de Trabajo y Promoción del Empleo", id="MTPE → long form"),
        pytest.param("¿Quién emite el CUL?", "Certificado Único Laboral", id="CUL → long form"),
        pytest.param("Certijoven en las regiones", "CUL", id="alias → acronym"),
        pytest.param("What does the ILO recommend?", "Organización Internacional del Trabajo", id="English acronym → Spanish"),
        pytest.param("el informe de la OSEL", "Observatorio Socio Económico Laboral", id="OSEL → long form"),
    ],
)
def test_expands_entity_names(query, expected):
    assert expected in expand(query).entities


def test_names_already_in_the_query_are_not_repeated():
    names = expand("la VUPE o Ventanilla Única de Promoción del Empleo").entities
    assert "Ventanilla Única de Promoción del Empleo" not in names
    assert "Centro de Empleo" in names


def test_spanish_queries_are_not_translated():
    expansion = expand("¿Cuál es la meta del indicador?")
    assert expansion.english is False
    assert expansion.translated == []


def test_english_query_gets_spanish_terms():
    expansion = expand("What were the main weaknesses of the one-stop employment windows?")
    assert expansion.english
    assert {"mayor limitación", "ventanilla única"} <= set(expansion.translated)


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("evaluation", "evaluacion"),
        ("university", "universidad"),
        ("economic", "economico"),
        ("beneficiary", "beneficiario"),
        ("strategy", "estrategia"),
        ("intervention", "intervencion"),
    ],
    ids=lambda v: v,
)
def test_cognates(word, form):
    assert form in cognates(word)


def test_cognates_are_kept_only_when_the_index_knows_them():
    analyzer = spanish_analyzer()
    stem = lambda w: (analyzer.terms(w) or [""])[0]  # noqa: E731
    known = {stem("intervención")}
    assert expand("the intervention and the zorblaxation", known=known, stem=stem).cognates == ["intervencion"]
