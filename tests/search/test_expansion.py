"""Query expansion: language, acronyms ↔ long forms, dictionary, cognates."""

import pytest

from quipu.search.analysis import spanish_analyzer
from quipu.search.expansion import cognates, expand
from quipu.search.freedict import FreeDict


def dictionary(*entries: str) -> FreeDict:
    """A FreeDict of dictd entries ("headword /sound/\nrenderings"), held in memory."""
    text, index = b"", {}
    for entry in entries:
        data = (entry.strip() + "\n").encode()
        index.setdefault(entry.split(" /")[0].lower(), []).append((len(text), len(data)))
        text += data
    return FreeDict(index, text)


# A dictionary of a few words, in FreeDict's shape, for the tests of its step.
WORDS = dictionary(
    "harvest /hɑːvist/\ncosecha",
    "river /rivər/\nrío",
    "market /mɑːkit/\n1. bazar\n2. mercado",
    "how /hau/\n1. cómo\n2. como",
    "budget /bʌdʒət/\npresupuesto",
    "weakness /wiːknəs/\nflaqueza",
    "intervention /intəvenʃən/\nmediación",
    "set /set/\n1. aparato\n2. grupo",
    "through /θruː/\nterminado",
)


def analysed():
    analyzer = spanish_analyzer()
    return lambda w: (analyzer.terms(w) or [""])[0]


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("What were the main weaknesses of the windows?", "en"),  # function words
        ("How many people were placed in 2024?", "en"),
        ("VUPE placements Puno 2012", "en"),  # names, a year and one English ending
        ("¿Qué servicios ofrece la VUPE?", "es"),
        ("Presupuesto del programa en Puno según el informe", "es"),
        ("cuantos jovenes fueron colocados", "es"),  # Spanish typed without accents
        ("labour market", None),  # nothing tells
    ],
)
def test_language_is_told_per_query(query, language):
    expansion = expand(query, dictionary=False)
    assert expansion.language == language
    assert expansion.english is (language == "en")


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
    expansion = expand("¿Cuál es la meta del indicador?", dictionary=WORDS)
    assert expansion.english is False
    assert expansion.translated == expansion.dictionary == []


def test_an_undecided_query_gets_its_english_phrases_translated():
    # "labour market": no word tells the language, but no Spanish query writes the phrase.
    expansion = expand("labour market Puno Cusco Lima", dictionary=WORDS)
    assert expansion.language is None and not expansion.english
    assert expansion.matched == ["labour market"]
    assert expansion.translated
    assert expansion.dictionary == []  # the dictionary serves English queries only


def test_an_undecided_query_keeps_its_single_words():
    # "presupuesto", "plan": Spanish words, and nothing says they are English.
    expansion = expand("plan presupuesto Puno", dictionary=WORDS)
    assert expansion.translated == expansion.dictionary == []


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


def test_the_dictionary_translates_what_the_vocabulary_does_not_know():
    stem = analysed()
    known = {stem(w) for w in ("cosecha", "río", "mercado")}
    expansion = expand("the harvests of the river valleys", known=known, stem=stem, dictionary=WORDS)
    assert expansion.dictionary == ["cosecha", "río"]  # "harvests": its singular is the headword
    assert expansion.looked_up == ["harvests", "river"]
    assert "cosecha" in expansion.spanish


@pytest.mark.parametrize(
    ("query", "absent"),
    [
        # "budget" is the vocabulary's (glossary: Presupuesto); the dictionary is not asked.
        ("What was the budget?", "presupuesto"),
        # "weakness" is the lexicon's: its "flaqueza" here would be a second guess.
        ("the weaknesses of the office", "flaqueza"),
        # "how": a stop word is not looked up, and its renderings are Spanish stop words.
        ("how does it work", "cómo"),
        # "bazar": a sense the index does not write is left out ("mercado" is kept).
        ("the market of Puno", "bazar"),
        # "set": a word of three letters has too many senses to take the first.
        ("Which goals were set for Puno?", "grupo"),
        # "through": a preposition, an English stop word.
        ("placed through the offices", "terminado"),
    ],
)
def test_what_the_dictionary_does_not_give(query, absent):
    stem = analysed()
    known = {stem(w) for w in ("mercado", "presupuesto", "flaqueza", "como", "grupo", "terminado")}
    expansion = expand(query, known=known, stem=stem, dictionary=WORDS)
    assert absent not in expansion.dictionary


def test_cognates_serve_the_words_the_dictionary_left():
    stem = analysed()
    known = {stem("intervención"), stem("mediación")}
    # the dictionary's "mediación" is a term of the index: no cognate is needed
    with_dictionary = expand("the intervention", known=known, stem=stem, dictionary=WORDS)
    assert (with_dictionary.dictionary, with_dictionary.cognates) == (["mediación"], [])
    # without a dictionary, the cognate rules find "intervencion"
    without = expand("the intervention", known=known, stem=stem, dictionary=False)
    assert (without.dictionary, without.cognates) == ([], ["intervencion"])


def test_cognates_are_kept_only_when_the_index_knows_them():
    analyzer = spanish_analyzer()
    stem = lambda w: (analyzer.terms(w) or [""])[0]  # noqa: E731
    known = {stem("intervención")}
    expansion = expand("the intervention and the zorblaxation", known=known, stem=stem, dictionary=False)
    assert expansion.cognates == ["intervencion"]
