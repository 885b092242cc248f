"""Which sentence of a passage is marked as the best match for a question."""

from __future__ import annotations

import pytest

from quipu.search.analysis import spanish_analyzer
from quipu.search.highlight import best_sentence, sentence_spans

TEXT = (
    "El ministerio publica informes cada año. La bolsa de trabajo une empresas y personas. "
    "En 2024 la bolsa de trabajo de Llamkasun Perú colocó a 1 200 jóvenes.\n"
    "Indicador\tMeta 2024\tLogro 2024\n"
    "Personas colocadas\t1 000\t1 200"
)


def weights(*terms: str, weight: float = 1.0) -> dict[str, float]:
    analyzer = spanish_analyzer()
    return {t: weight for term in terms for t in analyzer.terms(term)}


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        # Most shared terms wins: "bolsa" and "trabajo" in two sentences, "2024" only in one.
        pytest.param(("bolsa", "trabajo", "2024"), "En 2024 la bolsa de trabajo de Llamkasun Perú colocó a 1 200 jóvenes.", id="most terms"),
        # Each table row is its own unit, not the whole table.
        pytest.param(("personas", "colocadas"), "Personas colocadas\t1 000\t1 200", id="table row"),
        # Accents and stems meet: "publicación" / "publica" share no stem, "informe" / "informes" do.
        pytest.param(("informe",), "El ministerio publica informes cada año.", id="stemmed"),
        # No term matches: the first sentence.
        pytest.param(("zzz",), "El ministerio publica informes cada año.", id="no match: first"),
    ],
)
def test_best_sentence(terms, expected):
    found = best_sentence(TEXT, weights(*terms), spanish_analyzer().terms)
    assert found.text == expected
    assert TEXT[found.start : found.end] == found.text


def test_rare_terms_weigh_more_than_common_ones():
    marked = best_sentence(TEXT, {**weights("bolsa", "trabajo"), **weights("llamkasun", weight=5.0)}, spanish_analyzer().terms)
    assert "Llamkasun" in marked.text


def test_sentence_spans_cover_text_without_surrounding_space():
    text = "  Una frase. Otra frase.\n\n• Un punto  "
    assert [text[s:e] for s, e in sentence_spans(text)] == ["Una frase.", "Otra frase.", "• Un punto"]
