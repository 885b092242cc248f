"""The language of a question: Spanish, English or undecided, from its words alone."""

from __future__ import annotations

import pytest

from quipu.core.language import ENGLISH_WORDS, SPANISH_WORDS, detect_language, language_votes


@pytest.mark.parametrize(
    "text",
    [
        "¿Qué servicios ofrece la Ventanilla Única de Promoción del Empleo?",
        "bolsa de trabajo",
        "centro de empleo en Puno",
        "promocion del empleo juvenil",  # typed without accents
        "evaluación de impacto",
        "¿Dónde opera Jóvenes Productivos?",
        "metas y logros del POI 2024",
        "ESTRATEGIAS PARA LA FORMALIZACIÓN LABORAL",
        "qué norma aprobó el plan",
    ],
)
def test_spanish_questions(text):
    assert detect_language(text) == "es"


@pytest.mark.parametrize(
    "text",
    [
        "youth employment programmes in Puno",
        "Which regions did the VUPE operate in?",
        "What norm approved the POI 2024?",
        "employment promotion",
        "Who runs the Centro de Empleo in Lima?",
        "impact evaluation of youth programs",
        "how many young people were placed",
        "WHAT IS THE TARGET FOR 2024",
    ],
)
def test_english_questions(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", ["", "   ", "Puno", "VUPE", "MTPE 2024", "UN", "Trabaja Peru"])
def test_names_alone_tell_nothing(text):
    assert detect_language(text) is None


def test_acronyms_are_not_words():
    # "UN" (United Nations) is not the Spanish article "un".
    assert language_votes("UN joint programme")["es"] == 0
    assert language_votes("un programa")["es"] >= 1


def test_a_tie_is_undecided():
    assert language_votes("the empleo de") == {"es": 1, "en": 1}
    assert detect_language("the empleo de") is None


def test_the_word_lists_share_nothing():
    assert not SPANISH_WORDS & ENGLISH_WORDS
