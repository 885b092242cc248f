"""The language of a question: Spanish, English or undecided, from its words alone;
and the function words of each language."""

from __future__ import annotations

import pytest

from quipu.core.language import (
    ENGLISH_STOPWORDS,
    ENGLISH_WORDS,
    SPANISH_HOMOGRAPHS,
    SPANISH_WORDS,
    detect_language,
    language_votes,
)


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
        "cuantos jovenes fueron colocados",  # no accent: "cuantos", "fueron" and the ending -ados
        "colocaciones de jovenes en Puno",  # "de", "en" and -ciones
        "mujeres capacitadas",  # the participle ending -adas, nothing else
        "Ventanilla Única de Promoción del Empleo",  # a name alone, written as a title: its words count
        "empleo juvenil en Puno",  # "en" and nothing else
        "¿Cuántos jóvenes atendió Jóvenes Productivos?",  # the programme's name does not vote
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
        "VUPE placements Puno 2012",  # an acronym, a place, a year and one English ending (-ments)
        "youth employment Peru",  # "youth" (th) and -ment; Peru is a name
        "What did Promoción del Empleo achieve?",  # a Spanish name inside: its accent and "del" do not vote
        "Who runs the Centro de Empleo in Lima?",  # "de" between the two words of a name
        "how do jóvenes productivos work",  # a name in lower case: its accent counts once, against two
        "policy of the country",  # a consonant before a final y
        "women placed in jobs",  # "placed": a past participle after a consonant
        "Youth Employment In Puno",  # title case: every word counts
        "Puno. What is it?",  # a capital after a full stop starts a sentence, not a name
    ],
)
def test_english_questions(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", ["", "   ", "Puno", "VUPE", "MTPE 2024", "UN", "Trabaja Peru"])
def test_names_alone_tell_nothing(text):
    assert detect_language(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "labour market",  # English words, but no function word, ending or spelling to tell
        "presupuesto ejecutado",  # Spanish words, idem ("-ado" is also English: "tornado")
        "once regiones",  # "once" is eleven in Spanish and a word of English
        "the red de empleo",  # one function word each
    ],
)
def test_words_that_do_not_tell_leave_it_undecided(text):
    assert detect_language(text) is None


@pytest.mark.parametrize(
    ("word", "language"),
    [
        ("red", None),  # Spanish "network": the -ed ending needs a longer word
        ("pared", None),  # Spanish "wall", idem
        ("usted", None),  # Spanish "you", idem
        ("merced", None),  # the one longer Spanish word in -ed
        ("trained", "en"),
        ("deshacer", None),  # "sh" is Spanish too (des-hacer), so it is no English spelling
        ("health", "en"),  # "th" is not Spanish
        ("hay", "es"),  # a Spanish function word ("there is"); English hay is rare in questions
        ("muy", "es"),  # a vowel before the final y: Spanish
        ("study", "en"),  # a consonant before it: English
        ("colocaron", "es"),  # a Spanish past plural
        ("baron", None),  # English, and too short for that ending
    ],
)
def test_one_word(word, language):
    votes = language_votes(word)
    assert (max(votes, key=lambda k: votes[k]) if any(votes.values()) else None) == language


def test_acronyms_are_not_words():
    # "UN" (United Nations) is not the Spanish article "un".
    assert language_votes("UN joint programme")["es"] == 0
    assert language_votes("un programa")["es"] >= 1


def test_a_tie_is_undecided():
    assert language_votes("the empleo de") == {"es": 1, "en": 1}
    assert detect_language("the empleo de") is None


def test_the_word_lists_share_nothing():
    assert not SPANISH_WORDS & ENGLISH_WORDS


def test_every_english_function_word_is_a_stop_word():
    assert ENGLISH_WORDS <= ENGLISH_STOPWORDS
    assert {"and", "for", "in", "the", "of", "what", "how", "many"} <= ENGLISH_STOPWORDS


@pytest.mark.parametrize(
    "word",
    [
        "once",  # eleven
        "son",  # "they are" (a Spanish stop word, not an English one)
        "sin",  # "without", idem
        "come",  # "eats"
        "red",  # network: "red de centros de empleo"
        "pan",  # bread
        "dice",  # "says"
        "mayo",  # May
        "solo",  # only / alone
        "via",  # vía, route
        "real",  # real, royal
        "final",
        "general",
        "plan",
    ],
)
def test_no_spanish_content_word_is_an_english_stop_word_for_spanish_text(word):
    assert word not in ENGLISH_STOPWORDS - SPANISH_HOMOGRAPHS
