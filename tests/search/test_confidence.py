"""When search says it found nothing close, and what it suggests instead (no model, no corpus).

The index is four invented passages with vectors from a tiny letter-trigram embedder, so
the signals and the suggestions can be checked exactly.
"""

from __future__ import annotations

import pytest

from quipu.search import CatalogEntity, EntityCatalog, PassageRecord, SearchIndex
from quipu.search import confidence as rule
from quipu.search.confidence import QueryWord, Signals, decide, query_words, score
from quipu.search.suggest import MAX_SUGGESTIONS, NameIndex, respelt, suggestions

PASSAGES = [
    ("a-0000", "La bolsa de trabajo de Puno atendió a jóvenes en la oficina regional."),
    ("a-0001", "El Programa Llamkasun Perú generó empleos temporales en 2024."),
    ("b-0000", "El presupuesto de la promoción del empleo se ejecutó al 99 por ciento."),
    ("b-0001", "La Ventanilla Única de Promoción del Empleo ofrece orientación y capacitación laboral."),
]
ENTITIES = [
    CatalogEntity(
        "programme/llamkasun-peru", "programme",
        "Programa para la Generación de Empleo Social Inclusivo “Llamkasun Perú”", ("LLAMKASUN PERÚ", "Llamkasun Perú"),
    ),
    CatalogEntity("service/vupe", "service", "Ventanilla Única de Promoción del Empleo", ("VUPE",)),
    # "Trabajo" names six entities: a common word, not a name to suggest.
    *(CatalogEntity(f"institution/drt-{r}", "institution", f"Dirección Regional de Trabajo de {r.title()}")
      for r in ("puno", "cusco", "tacna", "lima", "piura", "junin")),
]


@pytest.fixture(scope="module")
def index(on_backend, hashed_embedder) -> SearchIndex:
    # Letter trigrams: close spellings, close vectors.
    embedder = hashed_embedder("trigrams", 256, trigrams=True)
    records = [PassageRecord(id=i, document_id=i[0], document_title="", text=t, start=0, end=len(t)) for i, t in PASSAGES]
    catalog = EntityCatalog(ENTITIES, {"a-0001": ["programme/llamkasun-peru"], "b-0001": ["service/vupe"]})
    vectors = embedder.embed_passages([r.text for r in records])
    return on_backend(SearchIndex.build(records, vectors, model=embedder.name, embedder=embedder, catalog=catalog))


def signals(known: int, unknown: int, cosine: float | None) -> Signals:
    words = [QueryWord(f"k{i}", frozenset({f"k{i}"}), True, 1.0) for i in range(known)]
    words += [QueryWord(f"u{i}", frozenset({f"u{i}"}), False, 1.0) for i in range(unknown)]
    return Signals(tuple(words), cosine)


# ------------------------------------------------------------ the decision


@pytest.mark.parametrize(
    ("known", "unknown", "cosine", "low"),
    [
        pytest.param(3, 0, 0.88, False, id="every word known, close passage"),
        pytest.param(0, 1, 0.86, True, id="gibberish: e5 puts it close, but no word is known"),
        pytest.param(0, 0, 0.90, True, id="no content word at all"),
        pytest.param(3, 1, 0.85, False, id="one unknown word in four, a close passage"),
        pytest.param(3, 1, 0.78, True, id="one unknown word in four, nothing close"),
        pytest.param(1, 1, 0.85, True, id="half the words unknown"),
    ],
)
def test_low_confidence_below_the_fitted_line(known, unknown, cosine, low):
    assert decide(signals(known, unknown, cosine)).low is low


def test_without_vectors_the_known_share_alone_decides():
    assert score(0.75, None) == (0.75, rule.LEXICAL_THRESHOLD)
    assert not decide(signals(3, 1, None)).low
    assert decide(signals(1, 1, None)).low


def test_a_cosine_of_another_model_is_not_read():
    # MiniLM's cosines sit far lower than e5's; the line fitted on e5 would flag everything.
    found = decide(signals(3, 1, 0.30), calibrated=False)
    assert not found.low and found.threshold == rule.LEXICAL_THRESHOLD


def test_the_known_share_counts_words_and_the_weighted_one_their_rarity():
    words = (QueryWord("bolsa", frozenset({"bols"}), True, 1.0), QueryWord("zzz", frozenset({"zzz"}), False, 3.0))
    found = Signals(words, None)
    assert found.known == 0.5 and found.known_weighted == 0.25 and found.unknown == ("zzz",)


# ------------------------------------------------------------ the signals


def test_spanish_words_leave_out_stop_words_and_question_words(index):
    words = query_words("¿Cuántos jóvenes atendió la bolsa de trabajo?", index.full)
    assert [w.text for w in words] == ["jóvenes", "atendió", "bolsa", "trabajo"]
    assert all(w.known for w in words)


def test_an_unknown_word_is_kept_as_written(index):
    words = query_words("bolsa de Trabjo", index.full)
    assert [(w.text, w.known) for w in words] == [("bolsa", True), ("Trabjo", False)]


def test_english_words_are_known_through_their_translation(index):
    words = {w.text: w.known for w in query_words("What was the budget of the programme?", index.full)}
    assert words["budget"] and words["programme"]


@pytest.mark.parametrize(
    ("query", "low"),
    [("zzzqqq", True), ("bolsa de trabajo", False), ("¿Qué ofrece la Ventanilla Única de Promoción del Empleo?", False)],
)
def test_the_index_judges_a_query(index, query, low):
    assert index.confidence(query).low is low


def test_a_lexical_search_reads_no_vectors(index):
    assert index.confidence("bolsa de trabajo", mode="lexical").signals.cosine is None
    assert index.confidence("bolsa de trabajo", mode="full").signals.cosine is not None


# ------------------------------------------------------------ suggestions


def test_the_speller_offers_close_words_as_the_texts_write_them(index):
    speller = index.speller
    assert speller.close("trabjo") == ["trabajo"]
    assert speller.close("promosion") == ["promoción"]  # folded to compare, written with its accent
    assert speller.close("zzzqqq") == []
    assert speller.close("jvn") == []  # too short to guess
    assert "Trabajo" in speller


def test_a_query_is_respelt_in_place(index):
    assert respelt("bolsa de trabjo", ["trabjo"], index.speller) == ["bolsa de trabajo"]
    assert respelt("Bolsa de Trabjo en Puno", ["Trabjo"], index.speller) == ["Bolsa de Trabajo en Puno"]
    assert respelt("zzzqqq", ["zzzqqq"], index.speller) == []


def test_a_close_entity_is_suggested_by_its_shortest_name(index):
    assert NameIndex(index.catalog).close(["Lamkasun"]) == ["Llamkasun Perú"]
    assert NameIndex(index.catalog).close(["ventanila"]) == ["Ventanilla Única de Promoción del Empleo"]


def test_a_common_word_of_names_suggests_no_entity(index):
    assert NameIndex(index.catalog).close(["trabjo"]) == []


def test_suggestions_put_the_respelt_query_first_and_never_repeat_the_query(index):
    found = index.suggestions("Lamkasun", index.confidence("Lamkasun"))
    assert found == ["Llamkasun", "Llamkasun Perú"]
    assert index.suggestions("bolsa de trabajo", index.confidence("bolsa de trabajo")) == []
    many = suggestions("ventanila", ["ventanila"] * 3, index.speller, index.names)
    assert len(many) <= MAX_SUGGESTIONS and "ventanila" not in many
