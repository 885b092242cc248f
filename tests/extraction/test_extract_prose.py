"""Indicator values stated in running prose (quipu.ingest.extract.prose) and indicator cards
(quipu.ingest.extract.cards): one invented snippet per rule, and what must not be read."""

from __future__ import annotations

import pytest

from quipu.ingest.extract import acronyms, cards, entities, gazetteer, norms, plans, prose
from quipu.ingest.facts import Facts
from quipu.ingest.models import Document

CHAIN = [norms.extract, plans.extract, gazetteer.extract, acronyms.extract, entities.extract, prose.extract, cards.extract]


@pytest.fixture
def run(paragraphs):
    return lambda text: _run(paragraphs(text))


def _run(document: Document) -> Facts:
    """The chain over a document of one passage per paragraph (the first is the opening)."""
    facts = Facts(document_id="t")
    for extract in CHAIN:
        extract(document, facts)
    for observation in facts.observations:
        assert observation.raw.replace(" ", "") in observation.evidence.quote.replace(" ", "")
    return facts


def values(facts: Facts) -> set[tuple[str, str, str, str | None]]:
    """(indicator label, kind, raw, period) of every observation."""
    return {(facts.entities[o.indicator].label, o.kind, o.raw, o.period) for o in facts.observations}


CASES = [
    # the programme or service that did it names the indicator (its name, not its acronym after it)
    pytest.param("El Programa Trabaja Perú (PTP) capacitó a 1.318 jóvenes en 2025.", ("Jóvenes capacitados por el Programa Trabaja Perú", "achieved", "1.318", "2025"), id="actor-named-before-the-verb"),
    # a comparison after the count is no part of what was counted; "mujeres" is feminine
    pytest.param("En 2026 la Ventanilla de Empleo Juvenil atendió a 640 mujeres frente a una meta de 700.", ("Mujeres atendidas por la Ventanilla de Empleo Juvenil", "achieved", "640", "2026"), id="actor-count-frente-a"),
    # an impersonal verb has no actor, though a service is named after it
    pytest.param("Se capacitó a 80 jóvenes en el Programa Trabaja Perú.", ("Jóvenes capacitados", "achieved", "80", None), id="impersonal-no-actor"),
    pytest.param("Presupuesto total: USD 1,200,000", ("Presupuesto total", "cost", "USD 1,200,000", None), id="field-amount"),
    # what an office produced, with the participle in the gender of what was counted ("3 mil" reads as 3000 elsewhere)
    pytest.param("En 2026 se organizaron 31 ferias laborales en las provincias.", ("Ferias laborales organizadas", "achieved", "31", "2026"), id="organised-feminine"),
    pytest.param("El servicio patrocinó 512 procesos judiciales por despido.", ("Procesos judiciales patrocinados", "achieved", "512", None), id="sponsored-masculine"),
    # a participle after the counted noun stays with it, after the verb's own
    pytest.param("Se captaron 3 950 vacantes ofrecidas por las empresas.", ("Vacantes captados ofrecidas", "achieved", "3 950", None), id="participle-after-the-noun"),
    pytest.param("Desembolsos: Segundo Desembolso: 12 Mayo 2010 USD500,000", ("Segundo desembolso", "cost", "USD500,000", "2010"), id="field-dated-amount"),
    pytest.param("Resultado 1: Capacitación: Mi Chamba –cursos cortos- (120 jóvenes participantes), otros.", ("Mi Chamba: jóvenes participantes", "achieved", "120", None), id="counted-list-item"),
    pytest.param("El número de consultas realizadas desde marzo 2011 a junio 2012 asciende a 950 consultas.", ("Número de consultas", "achieved", "950", "2011-03/2012-06"), id="amounts-to-with-period"),
    pytest.param("Un logro es que el 20% de las consultas fueron de retornantes, lo que alienta.", ("% de consultas de retornantes", "achieved", "20%", None), id="share-of"),
    pytest.param("La instalación de la VUPE Ica costó 95,000 Nuevos Soles y se pagó.", ("Costo de instalación de la VUPE Ica", "cost", "95,000 Nuevos Soles", None), id="cost-verb"),
    pytest.param("• IF 2: 60% de empresas que contratan jóvenes egresados", ("IF 2: % de empresas que contratan jóvenes egresados", "target", "60%", None), id="coded-target"),
    # a body's PIA is its plan's when the document has one operational plan
    pytest.param("Se aprobó el POI 2023 del MTPE con 120 actividades y un PIA de S/ 1,000,000.00 soles.", ("Plan Operativo Institucional (POI) 2023", "budgetOpening", "S/ 1,000,000.00", "2023"), id="pia"),
    # … and an indicator of the body's budget when the document names no plan
    pytest.param("En 2023 el MTPE contó con un PIA de S/ 1,000,000.00 soles.", ("Presupuesto Institucional de Apertura (PIA) 2023 del MTPE", "budgetOpening", "S/ 1,000,000.00", "2023"), id="pia-of-a-body"),
    # words between the budget and its amount; the kind the ontology gives a PIM
    pytest.param("El PIM de la Dirección Regional de Trabajo y Promoción del Empleo de Moquegua para 2025 fue de S/ 2 150 000.", ("Presupuesto Institucional Modificado (PIM) 2025 del DRTPE", "budgetModified", "S/ 2 150 000", "2025"), id="pim-words-between"),
    # a plan's own budget, and the share of it executed
    pytest.param("El POI 2026 se formuló con un PIA de S/ 940 000.00.", ("Plan Operativo Institucional (POI) 2026", "budgetOpening", "S/ 940 000.00", "2026"), id="pia-of-a-plan"),
    pytest.param("La ejecución del POI 2026 llegó al 91,2 % del PIM.", ("Plan Operativo Institucional (POI) 2026", "executionRate", "91,2 %", "2026"), id="plan-reached-share-of-pim"),
    # a programme's own budget, in two constructions
    pytest.param("El Proyecto Caminos de Empleo contó con un presupuesto total de US$ 640 000 para el periodo 2023-2025.", ("Proyecto Caminos de Empleo", "cost", "US$ 640 000", "2023-2025"), id="own-budget"),
    pytest.param("El presupuesto del Proyecto Caminos de Empleo para 2026 es de S/ 310 000.", ("Proyecto Caminos de Empleo", "cost", "S/ 310 000", "2026"), id="budget-of-a-named-programme"),
    # a target reached: the share of the last indicator's target
    pytest.param("La tasa de colocación fue de 24 % en 2025. La meta para 2025 era de 30 %. Así, se alcanzó el 80,0 % de la meta.", ("Tasa de colocación", "executionRate", "80,0 %", None), id="share-of-target-reached"),
    # a share and what the people it counts did
    pytest.param("En 2025 se atendió a 1 900 jóvenes. El 62,5 % de los jóvenes atendidos consiguió empleo en seis meses.", ("Jóvenes atendidos que consiguen empleo en seis meses (%)", "achieved", "62,5 %", None), id="share-with-verb"),
    pytest.param("En 2025 el servicio atendió a 520 pescadores, de los cuales 35 % firmó un contrato.", ("Pescadores atendidos que firman un contrato (%)", "achieved", "35 %", "2025"), id="share-of-whom"),
    # what was counted, with its participle after the noun; an irregular participle
    pytest.param("En 2025 se colocó a 640 jóvenes en un empleo formal.", ("Jóvenes colocados en un empleo formal", "achieved", "640", "2025"), id="participle-after-the-noun"),
    pytest.param("En 2025 se inscribió a 3 200 jóvenes en ferias laborales.", ("Jóvenes inscritos en ferias laborales", "achieved", "3 200", "2025"), id="irregular-participle"),
    # an irregular participle agrees with a feminine noun
    pytest.param("En 2025 se inscribió a 1 150 personas en ferias laborales.", ("Personas inscritas en ferias laborales", "achieved", "1 150", "2025"), id="irregular-participle-feminine"),
    # a group and its share of what follows the verb of proportion
    pytest.param("Las mujeres representaron el 47,5 % de las personas capacitadas.", ("Personas capacitadas: mujeres (%)", "achieved", "47,5 %", None), id="share-represented"),
    pytest.param("Por provincias, Huaura concentró el 61,2 % de los registros.", ("Registros: Huaura (%)", "achieved", "61,2 %", None), id="share-concentrated"),
    # what was counted does not end on a preposition cut before a figure
    pytest.param("En 2025 participaron 1 420 jóvenes de 18 a 24 años.", ("Jóvenes participados", "achieved", "1 420", "2025"), id="counted-without-trailing-preposition"),
    # a programme's budget when the sentence names it only by a pronoun
    pytest.param("El Proyecto Caminos de Empleo abrió en 2024. Para 2025 se le asignó un presupuesto de S/ 480 000.", ("Proyecto Caminos de Empleo", "cost", "S/ 480 000", "2025"), id="budget-of-the-programme-just-named"),
    pytest.param("El Proyecto Caminos de Empleo abrió en 2024. La OIT aportó US$ 60,000 para el periodo 2024-2025.", ("Proyecto Caminos de Empleo", "cost", "US$ 60,000", "2024-2025"), id="contribution-to-the-programme-just-named"),
    # what was spent of a plan's budget, and the share of it
    pytest.param("El POI 2025 tuvo un PIM de S/ 900 000. El devengado llegó a S/ 855 000, esto es, el 95,0 % de lo programado.", ("Plan Operativo Institucional (POI) 2025", "budgetAccrued", "S/ 855 000", None), id="accrued-of-the-plan"),
    pytest.param("El POI 2025 tuvo un PIM de S/ 900 000. El devengado llegó a S/ 855 000, esto es, el 95,0 % de lo programado.", ("Plan Operativo Institucional (POI) 2025", "executionRate", "95,0 %", None), id="share-of-what-was-programmed"),
    pytest.param("Gráfico 01: PIM a nivel del Pliego 012: MTPE\n\nAl cierre del año 2023 se registró un devengado que equivale a un avance del 95.5% del PIM.", ("Ejecución presupuestal del Pliego 012 MTPE", "executionRate", "95.5%", "2023"), id="budget-advance"),
    # budgets stated with a verb of the budget cycle, of the programme the sentence names
    pytest.param("En 2024 el Programa Costa Activa devengó S/ 2 415 300.50, es decir, el 91,8 % del PIM.", ("Programa Costa Activa", "budgetAccrued", "S/ 2 415 300.50", "2024"), id="accrued-verb"),
    pytest.param("En 2024 el Programa Costa Activa devengó S/ 2 415 300.50, es decir, el 91,8 % del PIM.", ("Programa Costa Activa", "executionRate", "91,8 %", "2024"), id="share-of-the-pim"),
    pytest.param("El Proyecto Valles Unidos nació en 2021. Entre 2021 y 2024 se ejecutaron USD 1 204 000, lo que representa un avance financiero de 88,4 %.", ("Proyecto Valles Unidos", "budgetAccrued", "USD 1 204 000", "2021-2024"), id="executed-passive-range"),
    pytest.param("El Proyecto Valles Unidos nació en 2021. Entre 2021 y 2024 se ejecutaron USD 1 204 000, lo que representa un avance financiero de 88,4 %.", ("Proyecto Valles Unidos", "executionRate", "88,4 %", "2021-2024"), id="financial-advance"),
    pytest.param("El Proyecto Valles Unidos contó con un presupuesto aprobado de USD 1 380 000.", ("Proyecto Valles Unidos", "cost", "USD 1 380 000", None), id="approved-budget"),
    pytest.param("La operación del Servicio Puerto Joven demandará S/ 645 200.00 en el año fiscal 2027.", ("Puerto Joven", "cost", "S/ 645 200.00", "2027"), id="will-demand"),
    pytest.param("El gobierno regional consignó S/ 275 000 en su PIA 2026 para el Servicio Puerto Joven.", ("Puerto Joven", "budgetOpening", "S/ 275 000", "2026"), id="in-its-pia"),
    # what was spent of a budget stated before belongs to that budget's owner
    pytest.param("El POI 2026 tuvo un PIM de S/ 2 400 000. Al cierre del año se devengó S/ 2 210 400, con un avance de 92,1 %.", ("Plan Operativo Institucional (POI) 2026", "budgetAccrued", "S/ 2 210 400", None), id="accrued-of-the-budget-before"),
    pytest.param("El POI 2026 tuvo un PIM de S/ 2 400 000. Al cierre del año se devengó S/ 2 210 400, con un avance de 92,1 %.", ("Plan Operativo Institucional (POI) 2026", "executionRate", "92,1 %", None), id="advance-in-a-sentence-that-spends"),
    pytest.param("El Proyecto Valles Unidos, que comprometió USD 520 000 para el periodo 2024-2026, opera en Piura.", ("Proyecto Valles Unidos", "cost", "USD 520 000", "2024-2026"), id="committed"),
    pytest.param("El Proyecto Valles Unidos abrió en 2024. La Agencia Andina lo financia con US$ 310,000 para el periodo 2024-2026.", ("Proyecto Valles Unidos", "cost", "US$ 310,000", "2024-2026"), id="funds-it-with"),
    # what people earn is measured, not spent: an amount said of an income or a wage is achieved
    pytest.param("En 2026 el ingreso promedio mensual de los jóvenes colocados fue de S/ 1 250.40.", ("Ingreso promedio mensual de los jóvenes colocados", "achieved", "S/ 1 250.40", "2026"), id="income-is-achieved"),
    pytest.param("La remuneración promedio de las vacantes ofrecidas ascendió a S/ 1 380.00 en 2027.", ("Remuneración promedio de las vacantes ofrecidas", "achieved", "S/ 1 380.00", "2027"), id="wage-is-achieved"),
    # an amount after the funded programme or service: "cofinanció el X con", "asignó al X", "financiará el X con"
    pytest.param("El Gobierno Regional de Tacna cofinanció el Proyecto Manos Unidas con S/ 310 000.00 en 2027.", ("Proyecto Manos Unidas", "cost", "S/ 310 000.00", "2027"), id="cofinancio-el-x-con"),
    pytest.param("En 2027 el Gobierno Regional de Junín asignó al Programa Emprende Junín S/ 486 200.00 de recursos ordinarios.", ("Programa Emprende Junín", "cost", "S/ 486 200.00", "2027"), id="asigno-al-x"),
    # a second funder with the verb left out gives the same programme's cost
    pytest.param("La Municipalidad Provincial de Ilo financió el Proyecto Manos Unidas con S/ 40 000 y el Gobierno Regional de Moquegua con S/ 95 000.", ("Proyecto Manos Unidas", "cost", "S/ 95 000", None), id="gapped-second-funder"),
    pytest.param("Segundo indicador del Componente 2: IC 3\nDefinición Número de personas colocadas en\nun empleo formal\nCálculo Suma de colocados\nMeta 1 200", ("IC 3: Número de personas colocadas en un empleo formal", "target", "1 200", None), id="indicator-card"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_prose_values(text: str, expected: tuple, run) -> None:
    found = values(run(text))
    assert expected in found, found


NEGATIVES = [
    pytest.param("Con un PIM de S/ 10,000.00 soles la UE 002 ejecutó sus actividades.", id="budget-of-an-executing-unit"),
    pytest.param("Pasó de un PIM de S/ 10,000.00 soles a un PIM de S/ 9,000.00 soles.", id="budget-change"),
    pytest.param("Las visitas en ese periodo ascienden a 50\n478 en total.", id="number-broken-over-lines"),
    pytest.param("Total de participantes: 300", id="field-without-currency"),
    pytest.param("Definición 84 publicaciones de indicadores\nMeta 84", id="card-without-indicator-name"),
    # a funding verb whose object names no programme or service gives no cost
    pytest.param("La municipalidad financió la compra de computadoras con S/ 12 000.", id="funded-object-no-programme"),
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_prose_values(text: str, run) -> None:
    assert not run(text).observations


def test_scoped_label_keys_on_the_topic(run) -> None:
    facts = run("Ficha del Proyecto REDPROEMPLEO\n\nPresupuesto total: USD 1,200,000")
    indicator = facts.entities[facts.observations[0].indicator]
    assert indicator.attributes["subject"] == "programme/redproempleo"
    # keyed on the topic, but no "measures" link: the sentence states a figure, not what the
    # indicator measures (annotators of every gold set left such links out)
    assert not [l for l in facts.links if l.subject == indicator.key and l.predicate == "measures"]


def test_card_code_joins_the_coded_statement(run) -> None:
    facts = run("• IP 1: 35% de personas colocadas\n\nPrimer indicador de Propósito: IP 1\nDefinición % de personas colocadas\nMeta 35%")
    assert [o.indicator for o in facts.observations] == ["indicator/ip-1"]
