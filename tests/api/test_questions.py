"""What a question asks of the graph (quipu.api.questions): relations, measures, periods, names.

Phrasings written for these tests, in both languages; none comes from the corpus.
"""

from __future__ import annotations

import pytest

from quipu.api.questions import named_entities, read_question
from quipu.search.catalog import CatalogEntity, EntityCatalog

SERVICE = CatalogEntity("service/oficina-de-empleo", "service", "Oficina de Empleo", ("OE",))
AGENCY = CatalogEntity("institution/agencia", "institution", "Agencia Nacional de Capacitación", ("ANC",))
INDICATOR = CatalogEntity(
    "indicator/plan-x/n-de-personas-capacitadas", "indicator", "N° de personas capacitadas en oficios técnicos"
)
PROGRAMME = CatalogEntity("programme/conjunto", "programme", "Programa Conjunto Mujer, Trabajo y Ciudad")
PROMOTION = CatalogEntity("service/promocion", "service", "Servicio de Promoción de Empleo")
WINDOW = CatalogEntity("service/ventanilla", "service", "Ventanilla Única de Promoción del Empleo")
REGION = CatalogEntity("region/tacna", "region", "Tacna")
CATALOG = EntityCatalog([SERVICE, AGENCY, INDICATOR, PROGRAMME, PROMOTION, WINDOW, REGION], {})


@pytest.mark.parametrize(
    ("question", "properties"),
    [
        # who runs; a national programme is also a unit of its ministry
        ("¿Quién ejecuta la Oficina de Empleo?", {"qp:runBy", "org:subOrganizationOf"}),
        ("Which agency is in charge of the employment office?", {"qp:runBy", "org:subOrganizationOf"}),
        ("¿Qué norma aprobó el plan regional?", {"qp:approvedBy"}),  # a specific normative relation only
        ("¿Qué decreto regula el servicio?", {"qp:regulatedBy"}),
        ("¿Qué ley respalda el programa?", {"qp:regulatedBy", "qp:createdBy", "qp:approvedBy", "qp:legalBasis"}),
        ("¿En qué regiones opera el programa?", {"qp:operatesIn"}),  # where, not who runs
        ("¿Qué entidad opera el centro?", {"qp:runBy", "org:subOrganizationOf"}),  # who runs, not where
        ("Where does the programme work?", {"qp:operatesIn"}),
        ("¿Con qué recursos se financia la oficina en las regiones?", {"qp:fundedBy"}),  # regions as scope only
        ("¿Quién evaluó el proyecto?", {"qp:evaluatedBy", "qp:evaluates"}),
        # the parts of the named entity (incoming links), or what it is part of (its own link up)
        ("What services make up the employment office?", {"<qp:partOf", "<org:subOrganizationOf"}),
        ("¿De qué dirección depende la oficina?", {">qp:partOf", ">org:subOrganizationOf"}),
        ("Where does the office's budget come from?", {"qp:fundedBy"}),  # a source of money, not a place
        ("¿En qué consiste la oficina?", {"<qp:partOf", "<org:subOrganizationOf"}),  # what it is made of
        # "consistente con" is consistent with, not made of
        ("¿Qué norma aprobó el plan consistente con el presupuesto?", {"qp:approvedBy"}),
        # financial statements and financial execution are no source of money
        ("¿Quién auditó los estados financieros del proyecto?", set()),
        ("Who audited the programme's financial statements?", set()),
        ("¿Quién financió el proyecto?", {"qp:fundedBy"}),
        # a question for figures that asks for no entity names its source with relation words
        ("Según la evaluación del proyecto, ¿cuántas oficinas se abrieron?", set()),
        ("How many staff did the offices studied by the evaluation have?", set()),
        ("¿Quién evaluó el proyecto y cuánto costó?", {"qp:evaluatedBy", "qp:evaluates"}),
    ],
)
def test_relations_come_from_cue_words(question, properties):
    assert read_question(question).properties & {
        "qp:runBy", "qp:approvedBy", "qp:regulatedBy", "qp:createdBy", "qp:legalBasis", "qp:operatesIn",
        "qp:fundedBy", "qp:evaluatedBy", "qp:evaluates", "<qp:partOf", "<org:subOrganizationOf",
        ">qp:partOf", ">org:subOrganizationOf", "org:subOrganizationOf",
    } == properties


@pytest.mark.parametrize(
    ("question", "measures", "periods"),
    [
        ("¿Cuál fue la meta de 2023 y cuánto se logró?", {"target", "achieved"}, {"2023"}),
        ("What was the baseline in 2019?", {"baseline"}, {"2019"}),
        ("¿Cuál es el avance de ejecución del indicador?", {"executionRate"}, set()),
        ("¿A cuánto ascendió el Presupuesto Institucional Modificado en 2022?", {"budgetModified"}, {"2022"}),
        ("¿Cuánto costó instalar la oficina?", {"cost"}, set()),
        ("¿Qué resultados obtuvo la oficina en 2025?", {"achieved"}, {"2025"}),
        # "result 2" of a programme is one of its expected results, not an achieved value
        ("¿Qué instancias fortalece el resultado 2 del programa?", set(), set()),
        ("Which bodies does expected result No 3 strengthen?", set(), set()),
        # "programó" (planned) asks for a target
        ("¿Cuántas ferias programó la oficina para 2025?", {"target"}, {"2025"}),
    ],
)
def test_measures_and_periods(question, measures, periods):
    intent = read_question(question)
    assert intent.measures == measures and intent.periods == periods


def test_a_measure_is_not_read_as_a_relation():
    # "Modificado" of the budget is not a question about amendments
    assert not read_question("¿Cuál fue el Presupuesto Institucional Modificado?").properties


def test_a_name_is_not_read_as_cue_words_or_a_year():
    plan = CatalogEntity("plan/poi-2031", "plan", "Plan de Financiamiento 2031")
    intent = read_question("¿Qué dice el Plan de Financiamiento 2031?", [plan])
    assert not intent.properties and not intent.periods


@pytest.mark.parametrize(
    ("question", "keys"),
    [
        ("¿Quién ejecuta la Oficina de Empleo?", ["service/oficina-de-empleo"]),  # by its name
        ("¿Qué hace la ANC?", ["institution/agencia"]),  # by its acronym
        # an indicator by the content words of its long name, in another order
        ("¿Cuántas personas capacitadas en oficios técnicos hubo?", ["indicator/plan-x/n-de-personas-capacitadas"]),
        # an English question through the translation of its words
        ("Who funds the single window for employment promotion?", ["service/ventanilla"]),
        ("¿Qué cuesta la oficina en Tacna?", ["region/tacna"]),  # "oficina" alone is no name
    ],
)
def test_named_entities(question, keys):
    assert [e.key for e in named_entities(CATALOG, question)] == keys


def test_a_longer_name_holds_a_shorter_one():
    # the window's name holds "promoción" and "empleo": the promotion service is not also named
    keys = [e.key for e in named_entities(CATALOG, "¿Qué servicios ofrece la Ventanilla Única de Promoción del Empleo?")]
    assert keys == ["service/ventanilla"]


def test_words_of_a_named_entity_s_long_name_are_not_another_entity():
    hands = CatalogEntity(
        "programme/manos-habiles", "programme", "Programa Nacional de Capacitación Laboral «Manos Hábiles»",
        ("Manos Hábiles",),
    )
    generic = CatalogEntity("programme/pnc", "programme", "Programa Nacional de Capacitación")
    catalog = EntityCatalog([hands, generic], {})
    # the generic name's words, in another order, describe Manos Hábiles
    question = "¿De qué ministerio depende Manos Hábiles, el programa de capacitación nacional?"
    assert [e.key for e in named_entities(catalog, question)] == ["programme/manos-habiles"]


@pytest.mark.parametrize(
    ("question", "other", "own", "accepted"),
    [
        # "¿qué programa…?" asks for a programme: an institution is no answer
        ("¿Qué programa ejecuta la Oficina de Empleo?", "institution", "service", False),
        ("¿Qué programa ejecuta la Oficina de Empleo?", "programme", "service", True),
        # a noun of the card entity's own type names that entity: "the project" is REDPROEMPLEO
        ("Who funded the training project?", "institution", "programme", True),
        ("¿Qué institución financia el proyecto?", "institution", "programme", True),  # English and Spanish alike
        ("Which institution funds the project?", "region", "programme", False),
    ],
)
def test_the_type_a_question_asks_for(question, other, own, accepted):
    assert read_question(question, [SERVICE]).accepts(other, own) is accepted
