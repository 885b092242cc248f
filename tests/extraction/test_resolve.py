"""Entity resolution across documents and the JSON form of facts."""

from quipu.ingest.extract.resolve import merge_entities, resolve
from quipu.ingest.facts import Entity, Facts, Link, Observation, Span, facts_from_dict, facts_to_dict

SPAN = Span("d-0000", 0, 4, "VUPE")


def facts(doc: str, *entities: Entity) -> Facts:
    f = Facts(document_id=doc)
    for e in entities:
        f.entities[e.key] = e
    return f


def test_acronym_in_one_document_and_long_form_in_another_are_one_entity():
    a = facts("a", Entity("service/vupe", "service", "Ventanilla Única de Promoción del Empleo", {"VUPE"}, mentions=[SPAN]))
    b = facts("b", Entity("service/ventanilla-unica-de-promocion-del-empleo", "service", "ventanilla única de promoción del empleo"))
    mapping = resolve([a, b])
    assert mapping["service/ventanilla-unica-de-promocion-del-empleo"] == "service/vupe"
    merged = merge_entities([a, b], mapping)
    assert list(merged) == ["service/vupe"]
    assert merged["service/vupe"].label == "Ventanilla Única de Promoción del Empleo"


def test_same_name_of_different_types_stays_apart():
    a = facts("a", Entity("institution/osel", "institution", "OSEL"))
    b = facts("b", Entity("service/osel", "service", "OSEL"))
    assert resolve([a, b]) == {"institution/osel": "institution/osel", "service/osel": "service/osel"}


def test_a_regional_body_named_without_its_region_keeps_that_name_apart():
    """Each regional government has a "Gerencia Regional de Desarrollo Social": the name as two
    documents write it is an alternative label of each, not a reason to merge them."""
    piura = Entity("institution/grds-piura", "institution", "Gerencia Regional de Desarrollo Social de Piura",
                   {"Gerencia Regional de Desarrollo Social"})
    tumbes = Entity("institution/grds-tumbes", "institution", "Gerencia Regional de Desarrollo Social de Tumbes",
                    {"Gerencia Regional de Desarrollo Social"})
    mapping = resolve([facts("a", piura), facts("b", tumbes)])
    assert mapping == {"institution/grds-piura": "institution/grds-piura", "institution/grds-tumbes": "institution/grds-tumbes"}


def test_two_names_cut_short_alike_do_not_merge():
    """Two objectives of one plan whose table cells wrapped after the same first words
    ("Promover la"): that cut name is an alternative label of each, not one objective."""
    one = Entity("objective/mtpe/poi-2031/oei-01", "objective", "Promover la Formalización del Empleo", {"Promover la", "OEI 1"})
    two = Entity("objective/mtpe/poi-2031/oei-02", "objective", "Promover la Empleabilidad Juvenil", {"Promover la", "OEI 2"})
    mapping = resolve([facts("a", one, two)])
    assert mapping == {one.key: one.key, two.key: two.key}
    # nor is it kept as a name of either
    assert all("Promover la" not in e.alt_labels for e in merge_entities([facts("a", one, two)], mapping).values())


def test_vocabulary_key_wins():
    a = facts("a", Entity("institution/ministerio-de-trabajo", "institution", "Ministerio de Trabajo"))
    b = facts("b", Entity("institution/mtpe", "institution", "Ministerio de Trabajo y Promoción del Empleo",
                          {"Ministerio de Trabajo", "MTPE"}, {"vocabulary": True}))
    assert resolve([a, b])["institution/ministerio-de-trabajo"] == "institution/mtpe"


def test_facts_round_trip_through_json():
    f = facts("a", Entity("norm/ley-29381", "norm", "Ley N° 29381", {"Ley Nº 29381"}, {"id_local": "LEY-29381"}, [SPAN]))
    f.links.append(Link("norm/ley-29381", "amends", "norm/dl-688", SPAN))
    f.observations.append(Observation("indicator/x", "target", "95%", SPAN, 95.0, "percent", "2024"))
    again = facts_from_dict(facts_to_dict(f))
    assert again == f
