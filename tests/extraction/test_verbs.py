"""The finite forms a cue's ``{V:verb}`` stands for (ingest/extract/verbs.py)."""

import re

import pytest

from quipu.ingest.extract.verbs import alternation, expand, forms


@pytest.mark.parametrize(
    "infinitive, expected",
    [
        ("ejecutar", {"ejecuta", "ejecutan", "ejecutó", "ejecutaron", "ejecutaba", "ejecutará", "ha ejecutado"}),  # regular -ar
        ("ofrecer", {"ofrece", "ofrecen", "ofreció", "ofrecieron", "ofrecía", "ofrecerá"}),  # regular in the 3rd person
        ("conducir", {"conduce", "condujo", "condujeron", "conducirá", "ha conducido"}),  # irregular preterite
        ("evaluar", {"evalúa", "evalúan", "evaluó", "evaluaron"}),  # the stressed present takes an accent
        ("financiar", {"financia", "financió", "financiarán"}),  # -iar without one
        ("tener", {"tiene", "tuvo", "tuvieron", "tendrá"}),
        ("ser", {"es", "fue", "será", "ha sido"}),  # an auxiliary of the passive
    ],
)
def test_forms(infinitive: str, expected: set[str]) -> None:
    assert expected <= set(forms(infinitive))


def test_no_infinitive_is_an_error() -> None:
    with pytest.raises(ValueError, match="infinitive"):
        forms("ejecuta")


def test_the_macro_matches_whole_forms_only() -> None:
    pattern = re.compile(expand(r"^\s*{V:ejecutar|conducir}\s+el\s*$"))
    assert pattern.match(" ejecutó el ")
    assert pattern.match(" ha  conducido el ")  # any run of spaces in a compound form
    assert not pattern.match(" ejecutorias el ")
    assert alternation("ejecutar") == alternation("ejecutar|")
