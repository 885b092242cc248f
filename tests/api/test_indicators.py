"""Which indicator a value question describes without naming it (quipu.api.indicators).

Indicator names and questions written for these tests, in both languages; none comes from
the corpus. The whole chain, on the ingested corpus, is tests/api/test_cards.py.
"""

from __future__ import annotations

import pytest

from quipu.api.indicators import ObservedNames

LABELS = {
    "indicator/plan/satisfaccion": "% de usuarios satisfechos con la atención de las oficinas de empleo",
    "indicator/plan/colocados": "N° de personas colocadas en un puesto de trabajo formal",
    "indicator/plan/certificados": "N° de personas certificadas por el servicio de certificación",
    "indicator/plan/capacitados": "N° de personas capacitadas en oficios técnicos",
    "indicator/plan/capacitados-mujeres": "N° de mujeres rurales capacitadas en oficios técnicos",
    "indicator/plan/capacitados-jovenes": "N° de jóvenes rurales capacitados en oficios técnicos",
    "indicator/plan/capacitados-adultos": "N° de adultos rurales capacitados en oficios técnicos",
    "indicator/plan/ferias": "N° de ferias laborales realizadas en las provincias",
    "indicator/plan/ferias-bis": "Nº de ferias laborales realizadas en provincias",
    "activity/plan/diagnostico": "Diagnóstico de la demanda de capacitación de las empresas",
    "indicator/plan/atenciones": "N° de atenciones a personas migrantes",
    "indicator/plan/conflictos": "% de conflictos laborales resueltos en la vía conciliatoria",
    "indicator/plan/pia": "Presupuesto Institucional de Apertura de la Dirección Regional",
}
NAMES = ObservedNames(LABELS)


@pytest.mark.parametrize(
    ("question", "keys"),
    [
        # a paraphrase: the rare words of the name ("satisfechos", "atención") carry it
        ("¿Qué porcentaje de usuarios quedó satisfecho con la atención en 2026?", ["indicator/plan/satisfaccion"]),
        # plural and singular, accents or none
        ("¿Cuantas personas fueron colocadas en un trabajo formal?", ["indicator/plan/colocados"]),
        # a budget line, not only an indicator
        ("¿Cuánto costó el diagnóstico de la demanda de capacitación?", ["activity/plan/diagnostico"]),
        # one indicator given twice under names that differ by a word is one answer
        ("¿Cuántas ferias laborales se realizaron en provincias?", ["indicator/plan/ferias"]),
        # English, through the Spanish translations of its words
        ("How many labour conflicts were resolved through conciliation?", ["indicator/plan/conflictos"]),
        # a runner-up that answers a word the best does not is shown beside it
        ("¿Cuántas mujeres y jóvenes rurales fueron capacitados en oficios?",
         ["indicator/plan/capacitados-mujeres", "indicator/plan/capacitados-jovenes"]),
        # the name that holds the question's words and fewest others
        ("¿Cuántos fueron capacitados en oficios técnicos?", ["indicator/plan/capacitados"]),
        # too vague to pick one of three names that match the same words: none
        ("¿Cuántos rurales fueron capacitados en oficios técnicos?", []),
        # one word of a name, however written, is not enough ("certificadas" and "certificación" are one)
        ("¿Cuántos dragones se certificaron?", []),
        # common words alone ("personas", "N°") describe nothing
        ("¿Cuántas personas hubo?", []),
    ],
)
def test_a_question_describes_an_indicator_by_the_words_of_its_name(question, keys):
    assert [m.key for m in NAMES.best(question)] == keys


def test_the_words_of_a_named_entity_do_not_describe_an_indicator():
    question = "¿Cuál fue el presupuesto institucional de apertura de la Dirección Regional?"
    assert [m.key for m in NAMES.best(question)] == ["indicator/plan/pia"]
    # the question names the directorate outright: its name's words are not the indicator's
    assert NAMES.best("¿Cuál fue el presupuesto de la Dirección Regional?", named=["Dirección Regional"]) == []


@pytest.mark.parametrize(
    ("question", "among", "keys"),
    [
        # the one indicator of the objective the question names is the answer
        ("¿Cuál fue la meta del indicador del objetivo 3?", ["indicator/plan/atenciones"], ["indicator/plan/atenciones"]),
        # of several, one word of its name is enough to choose
        ("¿Cuál fue la meta del objetivo 3 en ferias?", ["indicator/plan/atenciones", "indicator/plan/ferias"],
         ["indicator/plan/ferias"]),
        # and a word of none chooses none
        ("¿Cuál fue la meta del objetivo 3?", ["indicator/plan/atenciones", "indicator/plan/ferias"], []),
    ],
)
def test_the_indicators_of_a_named_objective_are_the_candidates(question, among, keys):
    assert [m.key for m in NAMES.best(question, among=among)] == keys
