"""Budget programmes by number and name (quipu.ingest.extract.budget_programmes), on sentences
written for this test."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from quipu.ingest.extract import budget_programmes
from quipu.ingest.facts import Facts
from quipu.ingest.models import Document


@pytest.fixture
def facts_of(paragraphs: Callable[[str], Document]) -> Callable[[str], Facts]:
    """The budget programmes of a text (one passage per paragraph, see conftest)."""

    def read(text: str) -> Facts:
        facts = Facts(document_id="t")
        budget_programmes.extract(paragraphs(text), facts)
        return facts

    return read


@pytest.mark.parametrize(
    ("text", "key", "label", "aliases"),
    [
        # the long form, the name in quotes with its own acronym, and the short form in brackets
        pytest.param('Se financia con el Programa Presupuestal 0148 "Reducción del trabajo informal - FORMALIZA" (PP 0148).',
                     "programme/pp-0148", "Reducción del trabajo informal - FORMALIZA", {"PP 0148", "Programa Presupuestal 0148", "FORMALIZA"}, id="long-quoted"),
        # the name in quotes, then only the short form
        pytest.param('El programa "Empleo rural digno" (PP 0201) financió talleres.',
                     "programme/pp-0201", "Empleo rural digno", {"PP 0201", "Programa Presupuestal 0201"}, id="quoted-short"),
        # the name unquoted after the number
        pytest.param("Se financian con cargo al Programa Presupuestal 0148 Reducción del trabajo informal (PP 0148).",
                     "programme/pp-0148", "Reducción del trabajo informal", {"PP 0148"}, id="long-plain"),
        # the short form alone, with a number sign
        pytest.param("En el PP N° 0201 hubo recortes.", "programme/pp-0201", "Programa Presupuestal 0201", {"PP 0201"}, id="short-alone"),
    ],
)
def test_budget_programmes(facts_of, text: str, key: str, label: str, aliases: set[str]) -> None:
    entity = facts_of(text).entities[key]
    assert entity.type == "programme"
    assert entity.label == label
    assert aliases <= entity.alt_labels


def test_a_later_citation_names_the_programme_cited_by_number(facts_of) -> None:
    entity = facts_of('En el PP 0201 hubo recortes. El programa "Empleo rural digno" (PP 0201) sigue.').entities["programme/pp-0201"]
    assert entity.label == "Empleo rural digno"
    assert len(entity.mentions) == 2


@pytest.mark.parametrize("text", ["La PP 12 se fue.", "Programa Presupuestal de la región", "El APP 2030 es un plan."])
def test_no_budget_programme(facts_of, text: str) -> None:
    assert not facts_of(text).entities
