"""Spanish analysis: the same term for accents, case, plurals and inflections."""

import pytest

from quipu.core.text import fold
from quipu.search.analysis import figure_share, spanish_analyzer


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Promoción", "promocion", id="accent and case"),
        pytest.param("ventanillas", "ventanilla", id="plural"),
        pytest.param(
            "jóvenes", "joven", id="plural with accent shift",
            marks=pytest.mark.xfail(strict=True, reason="Snowball stems 'joven' to 'jov' but 'jóvenes' to 'joven'"),
        ),
        pytest.param("capacitación", "capacitaciones", id="plural of -ción"),
        pytest.param("EMPLEO", "empleo", id="upper case"),
    ],
)
def test_variants_meet_on_one_term(a, b):
    analyzer = spanish_analyzer()
    assert analyzer.terms(a) == analyzer.terms(b)


def test_stop_words_are_dropped():
    assert spanish_analyzer().terms("de la y en el") == []


def test_fold():
    assert fold("Ñandú ÁÉÍÓÚ") == "nandu aeiou"


@pytest.mark.parametrize(
    ("text", "share"),
    [
        # A flattened budget row: the label is one token in five.
        ("OEI.07 243,616,423.12 244,195,208.58 99.3% 100.0%", 0.8),
        # Prose with a year and an amount.
        ("En 2024 se generaron 118,762 empleos temporales", 2 / 7),
        # Words only, and nothing at all.
        ("Ventanilla Única de Promoción del Empleo", 0.0),
        ("", 0.0),
    ],
)
def test_figure_share(text, share):
    assert figure_share(text) == pytest.approx(share)
