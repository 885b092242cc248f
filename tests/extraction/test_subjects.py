"""What a document is about: its manifest first, else its title, header and dominant mentions.

Every document here is invented for the test.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from quipu.core.errors import DocumentError
from quipu.ingest.extract import gazetteer, subjects
from quipu.ingest.extract.extractor import extract_facts
from quipu.ingest.facts import Entity, Facts, Span, facts_from_dict, facts_to_dict
from quipu.ingest.models import Document, DocumentMeta

from .conftest import paragraph_document

# A regional plan whose text never names its region: only its title does.
PLAN = (
    "INTRODUCCIÓN\n\n"
    "La Bolsa de Trabajo registró a 300 jóvenes en el primer semestre y amplió su horario de atención.\n\n"
    "El plan propone visitas a empresas para captar vacantes y un registro único de postulantes."
)


def document(text: str, **meta) -> Document:
    return replace(paragraph_document(text), meta=DocumentMeta(**meta))


def subjects_of(doc: Document) -> dict[str, str]:
    return extract_facts(doc).subjects


# ------------------------------------------------------------------ the title


def test_a_region_named_only_by_the_title_is_a_subject_the_facts_then_know():
    doc = document(PLAN, title="Plan de mejora del servicio de empleo (Cusco)")
    facts = extract_facts(doc)
    assert facts.subjects["region/cusco"] == "title"
    region = facts.entities["region/cusco"]
    assert region.type == "region" and region.label == "Cusco" and not region.mentions


def test_the_title_names_the_documents_own_entities_by_name_or_acronym():
    text = (
        "INTRODUCCIÓN\n\n"
        "El Programa Emprende Joven Andino (PEJA) capacitó a 40 jóvenes.\n\n"
        "El PEJA tuvo una evaluación intermedia favorable."
    )
    assert subjects_of(document(text, title="Evaluación final del PEJA"))["programme/peja"] == "title"
    by_name = document(text, title="Evaluación del programa emprende joven andino")
    assert "programme/peja" in subjects_of(by_name)


def test_the_longest_name_in_the_title_wins():
    # "Promoción del Empleo" inside the ministry's name is no mention of a service of that name.
    facts = Facts("t")
    facts.entities["service/promocion-del-empleo"] = Entity("service/promocion-del-empleo", "service", "Promoción del Empleo")
    ministry = Entity("institution/mtpe", "institution", "Ministerio de Trabajo y Promoción del Empleo", {"MTPE"})
    facts.entities["institution/mtpe"] = ministry
    found = subjects.title_subjects("Memoria del Ministerio de Trabajo y Promoción del Empleo", facts)
    assert found == ["institution/mtpe"]


# ------------------------------------------------------------------ the header


def test_the_header_gives_regions_and_programmes_but_not_its_authors():
    text = (
        "PLAN DE FORTALECIMIENTO\n\n"
        "Dirección Regional de Trabajo y Promoción del Empleo\nGobierno Regional de Ayacucho\n\n"
        "Presupuesto total: S/ 120 000\n\n"
        "El plan mejora la atención de la Bolsa de Trabajo en Huamanga. El Ministerio de Trabajo y Promoción "
        "del Empleo acompaña su ejecución."
    )
    found = subjects_of(document(text, title="Plan de fortalecimiento"))
    assert found["region/ayacucho"] == "header"
    assert not any(key.startswith("institution/") for key in found), found


@pytest.mark.parametrize(
    ("text", "ends_after"),
    [
        pytest.param("INFORME ANUAL\n\nServicio de Empleo Juvenil\n\nEl informe describe el año.", "Servicio de Empleo Juvenil", id="headings-then-prose"),
        pytest.param("Programa Andino\n\nPresupuesto total: USD 3,000\n\nMás texto", "Programa Andino", id="a field ends it"),
        pytest.param("Miembros del comité:\n\nMinisterio", "", id="a list's lead-in is body"),
        pytest.param("El documento empieza con prosa.\n\nOtro párrafo.", "", id="prose first: no header"),
        pytest.param("Título\n\nAño\tMeta\n2024\t100\n", "Título", id="a table ends it"),
    ],
)
def test_header_end(text, ends_after):
    assert subjects.header_end(text) == (text.index(ends_after) + len(ends_after) if ends_after else 0)


def test_a_header_never_runs_past_its_limit():
    text = "\n\n".join(f"Sección Número {i}" for i in range(200))
    assert 0 < subjects.header_end(text) <= subjects.HEADER_MAX_CHARS


# ------------------------------------------------------------------ dominant mentions


def _mentioned(counts: dict[str, int]) -> Facts:
    facts = Facts("t")
    for key, count in counts.items():
        facts.entities[key] = Entity(key, key.split("/")[0], key, mentions=[Span("t#0", i, i + 1, "x") for i in range(count)])  # type: ignore[arg-type]
    return facts


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        pytest.param({"service/bolsa": 30, "institution/a": 5, "institution/b": 5, "region/x": 5}, ["service/bolsa"], id="far more than others"),
        pytest.param({f"region/r{i}": 12 for i in range(10)}, [], id="many regions, each a little"),
        pytest.param({"service/bolsa": 9, "institution/a": 1}, [], id="too few mentions"),
        pytest.param({"indicator/colocados": 40, "service/bolsa": 12, "region/x": 40}, ["region/x", "service/bolsa"],
                     id="indicators are never subjects"),
    ],
)
def test_dominant_mentions(counts, expected):
    facts = _mentioned(counts)
    assert subjects.dominant_subjects(facts) == expected


def test_a_service_a_report_keeps_returning_to_is_its_subject():
    lines = ["INFORME", "El Ministerio de Trabajo y Promoción del Empleo presentó el informe."]
    lines += [f"La Bolsa de Trabajo atendió a {100 + i} personas en la semana {i}." for i in range(12)]
    found = subjects_of(document("\n\n".join(lines), title="Informe semanal"))
    assert found == {"service/bolsa-de-trabajo": "dominant"}


# ------------------------------------------------------------------ the manifest


def test_the_manifest_names_regions_and_subjects_by_key_label_or_acronym():
    doc = document(PLAN, title="Plan de mejora (Cusco)", regions=("Apurímac", "region/puno"), subjects=("MTPE", "Bolsa de Trabajo"))
    facts = extract_facts(doc)
    assert facts.subjects == {
        "region/apurimac": "manifest", "region/puno": "manifest",
        "institution/mtpe": "manifest", "service/bolsa-de-trabajo": "manifest",
    }  # the title's Cusco is not added: the manifest named the regions
    assert not facts.entities["institution/mtpe"].mentions  # known from the vocabulary


def test_an_empty_manifest_field_says_about_none():
    assert "region/cusco" not in subjects_of(document(PLAN, title="Plan de mejora (Cusco)", regions=()))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        pytest.param("regions", "Narnia", "'regions' names 'Narnia', which is no region", id="unknown region"),
        pytest.param("regions", "MTPE", "which is no region", id="an institution is not a region"),
        pytest.param("subjects", "Programa Fantasma", "which is no entity", id="unknown entity"),
    ],
)
def test_a_manifest_value_that_names_nothing_fails_the_document_saying_what_to_give(field, value, message):
    with pytest.raises(DocumentError, match=message) as caught:
        extract_facts(document(PLAN, **{field: (value,)}))
    assert "region/puno" in caught.value.reason or "institution/mtpe" in caught.value.reason


def test_subjects_are_saved_with_the_facts():
    facts = extract_facts(document(PLAN, title="Plan de mejora (Cusco)"))
    data = facts_to_dict(facts)
    assert facts_from_dict(data).subjects == facts.subjects == {"region/cusco": "title"}
    del data["subjects"]  # facts saved before subjects existed
    assert facts_from_dict(data).subjects == {}


def test_a_vocabulary_subject_keeps_the_vocabularys_names():
    facts = Facts("t")
    entity = gazetteer.seed_entity(facts, gazetteer.load().seeds["institution/mtpe"])
    assert entity.attributes["acronym"] == "MTPE" and entity.attributes["vocabulary"] and not entity.mentions
