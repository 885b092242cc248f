"""English → Spanish translation of query terms from the glossary, entities and lexicon."""

import pytest

from quipu.search.glossary import Vocabulary, default_vocabulary, english_tokens, singular


@pytest.fixture(scope="module")
def vocabulary():
    return default_vocabulary()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("one-stop window", "Ventanilla Única de Promoción del Empleo", id="phrase: one-stop window"),
        pytest.param("Where are the one-stop windows?", "Ventanilla única", id="plural phrase"),
        pytest.param("youth employment in Puno", "Empleo juvenil", id="two-word concept"),
        pytest.param("returning migrants", "Migrante retornante", id="plural, glossary"),
        pytest.param("the BASELINE value", "Línea de base", id="case folded"),
        pytest.param("job placement services", "Intermediación laboral", id="concept with altLabel es"),
        pytest.param("What was the budget?", "Presupuesto", id="single word"),
        pytest.param("International Labour Organization", "OIT", id="entity English name → acronym"),
        pytest.param("weaknesses of the office", "debilidad", id="lexicon word"),
    ],
)
def test_translates_english_terms(vocabulary, query, expected):
    assert expected in vocabulary.translate(query).spanish


def test_longer_phrases_win_over_their_words(vocabulary):
    translation = vocabulary.translate("youth employment")
    assert translation.matched == ["youth employment"]
    assert "Jóvenes" not in translation.spanish  # "youth" alone is not translated


def test_function_words_are_neither_translated_nor_kept(vocabulary):
    translation = vocabulary.translate("What is the one of them?")
    assert translation.spanish == []
    assert translation.untranslated == []


def test_untranslated_content_words_are_reported(vocabulary):
    assert vocabulary.translate("zorblax budget").untranslated == ["zorblax"]


def test_the_runs_between_translated_phrases_are_kept_for_the_dictionary():
    vocabulary = Vocabulary()
    vocabulary.add_english("job bank", ["bolsa de trabajo"])
    translation = vocabulary.translate("the point of view of the job bank in the river valley")
    # stop words stay in the runs (a dictionary's phrase may hold one: "point of view")
    assert translation.gaps == [["the", "point", "of", "view", "of", "the"], ["in", "the", "river", "valley"]]
    assert translation.untranslated == ["point", "view", "river", "valley"]


@pytest.mark.parametrize(
    "word",
    [
        "once",  # an English function word; Spanish "once" (eleven) does not reach the translation
        "via",  # idem, Spanish "vía"
        "according",  # a word of English grammar ("according to"), in the one stop list
    ],
)
def test_english_stop_words_are_not_translated_alone(word):
    vocabulary = Vocabulary()
    vocabulary.add_english(word, ["x"])
    assert vocabulary.translate(word).spanish == [] and vocabulary.translate(word).untranslated == []


@pytest.mark.parametrize(
    ("word", "expected"),
    [("activities", "activity"), ("windows", "window"), ("boxes", "box"), ("business", "business"), ("status", "status")],
    ids=["ies", "s", "xes", "ss", "us"],
)
def test_singular(word, expected):
    assert singular(word) == expected


def test_tokens_fold_accents_and_split_hyphens():
    assert english_tokens("Jóvenes one-stop") == ["jovenes", "one", "stop"]


def test_a_vocabulary_from_scratch():
    vocabulary = Vocabulary()
    vocabulary.add_english("job bank", ["bolsa de trabajo"])
    vocabulary.add_entity(["Centro de Empleo", "VUPE"])
    assert vocabulary.translate("two job banks").spanish == ["bolsa de trabajo"]
    assert vocabulary.entity_names("la VUPE de Tacna") == [("vupe", ["Centro de Empleo"])]
