"""The entity and graph API (quipu.graph.explore) over a small hand-made graph and the corpus."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from pathlib import Path

import pytest

from quipu.core.errors import QueryError
from quipu.graph import IRIs, OxigraphStore, document_triples, explore
from quipu.graph.facts import document_fact_triples, entity_triples
from quipu.ingest.facts import Entity, EntityType, Facts, Link, Observation, Span, is_learned, rule
from quipu.ingest.models import Document, DocumentMeta, Passage

BASE = "https://w3id.org/quipu/id/"
IRIS = IRIs(BASE)

# Two tiny documents; every fact cites a phrase of their text.
TEXTS = {
    "plan": (
        "PLAN OPERATIVO\n"
        "El Ministerio de Trabajo y Promoción del Empleo (MTPE) conduce la Ventanilla Única de Promoción del Empleo (VUPE), "
        "creada por Decreto Supremo N° 001-2012-TR.\n"
        "La VUPE opera en Puno y en Ica. El programa Jóvenes Productivos opera en Puno.\n"
        "Indicador: Personas colocadas. Meta 2024: 1 200. Logro 2024: 1 080. Avance: 90 %.\n"
    ),
    "informe": (
        "INFORME\n"
        "La VUPE atendió a 5 000 personas. La Organización de Servicios VUPE coordina con la DRTPE Cusco.\n"
    ),
}
SECTIONS = {"plan": ("Plan operativo", "1. Marco"), "informe": ("Informe",)}


def make_document(doc_id: str) -> Document:
    text = TEXTS[doc_id]
    lines = text.splitlines(keepends=True)
    passages, offset = [], 0
    for i, line in enumerate(lines):
        passages.append(Passage(f"{doc_id}-{i:04d}", doc_id, i, line, offset, offset + len(line), SECTIONS[doc_id][: i + 1]))
        offset += len(line)
    return Document(
        doc_id, Path(f"{doc_id}.txt"), "0" * 64, "text/plain", text,
        DocumentMeta(title=f"Documento {doc_id}", year=2024, language="es"), passages,
    )


def span(doc_id: str, phrase: str, occurrence: int = 0) -> Span:
    text = TEXTS[doc_id]
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(phrase, start + 1)
    before = text[:start].count("\n")
    return Span(f"{doc_id}-{before:04d}", start, start + len(phrase), phrase)


def make_facts() -> dict[str, Facts]:
    plan, informe = Facts("plan"), Facts("informe")

    def add(facts: Facts, key: str, type_: EntityType, label: str, phrases: list[str], alt=(), **attributes) -> None:
        entity = facts.entity(key, type_, label)
        entity.alt_labels |= set(alt)
        entity.attributes.update(attributes)
        entity.mentions += [span(facts.document_id, p) for p in phrases]

    add(plan, "institution/mtpe", "institution", "Ministerio de Trabajo y Promoción del Empleo",
        ["Ministerio de Trabajo y Promoción del Empleo", "MTPE"], alt={"MTPE"}, acronym="MTPE")
    add(plan, "service/vupe", "service", "Ventanilla Única de Promoción del Empleo",
        ["Ventanilla Única de Promoción del Empleo", "VUPE"], alt={"VUPE"}, acronym="VUPE")
    add(plan, "norm/ds-1-2012-tr", "norm", "Decreto Supremo N° 001-2012-TR", ["Decreto Supremo N° 001-2012-TR"],
        id_local="DS-1-2012-TR", norm_type="DS", number="1", year=2012, issuer="TR")
    add(plan, "region/puno", "region", "Puno", ["Puno"])
    add(plan, "region/ica", "region", "Ica", ["Ica"])
    add(plan, "programme/jovenes-productivos", "programme", "Jóvenes Productivos", ["Jóvenes Productivos"])
    add(plan, "indicator/colocados", "indicator", "Personas colocadas", ["Personas colocadas"], unit="count",
        means_of_verification="Informe anual")
    add(informe, "service/vupe", "service", "VUPE", ["VUPE"])
    add(informe, "institution/organizacion-vupe", "institution", "Organización de Servicios VUPE",
        ["Organización de Servicios VUPE"])
    add(informe, "institution/drtpe-cusco", "institution", "DRTPE Cusco", ["DRTPE Cusco"])
    add(informe, "region/cusco", "region", "Cusco", [])  # an entity that nothing links and no one mentions

    plan.links += [
        Link("institution/mtpe", "runs", "service/vupe", span("plan", "El Ministerio de Trabajo y Promoción del Empleo (MTPE) conduce"), rule=rule("relations/runs")),
        Link("service/vupe", "createdBy", "norm/ds-1-2012-tr", span("plan", "creada por Decreto Supremo N° 001-2012-TR")),
        Link("service/vupe", "operatesIn", "region/puno", span("plan", "La VUPE opera en Puno")),
        Link("service/vupe", "operatesIn", "region/ica", span("plan", "La VUPE opera en Puno y en Ica"), rule=rule("learned/operatesIn")),
        Link("programme/jovenes-productivos", "operatesIn", "region/puno", span("plan", "Jóvenes Productivos opera en Puno")),
        Link("indicator/colocados", "measures", "service/vupe", span("plan", "Indicador: Personas colocadas")),
    ]
    plan.observations += [
        Observation("indicator/colocados", "target", "1 200", span("plan", "1 200"), 1200.0, "count", "2024"),
        Observation("indicator/colocados", "achieved", "1 080", span("plan", "1 080"), 1080.0, "count", "2024"),
        Observation("indicator/colocados", "executionRate", "90 %", span("plan", "90 %"), 90.0, "percent", "2024"),
    ]
    informe.links += [
        Link("institution/organizacion-vupe", "subOrganizationOf", "institution/drtpe-cusco",
             span("informe", "La Organización de Servicios VUPE coordina con la DRTPE Cusco")),
    ]
    return {"plan": plan, "informe": informe}


def merged_entities(all_facts: dict[str, Facts]) -> dict[str, Entity]:
    """One entity per key, as the pipeline's merge does: the first label, all variants."""
    merged: dict[str, Entity] = {}
    for facts in all_facts.values():
        for e in facts.entities.values():
            if e.key not in merged:
                merged[e.key] = Entity(e.key, e.type, e.label, set(e.alt_labels), dict(e.attributes))
            else:
                merged[e.key].alt_labels |= e.alt_labels | ({e.label} - {merged[e.key].label})
    return merged


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    store = OxigraphStore(None)
    all_facts = make_facts()
    for doc_id, facts in all_facts.items():
        store.replace_graph(IRIS.document_graph(doc_id), document_triples(make_document(doc_id), IRIS))
        store.replace_graph(IRIS.facts_graph(doc_id), document_fact_triples(facts, IRIS, {}))
    entities = merged_entities(all_facts)
    store.replace_graph(
        IRIS.entities_graph, (t for e in entities.values() for t in entity_triples(e, IRIS, entities.keys()))
    )
    return store


@pytest.fixture(scope="module")
def graph(store):
    return explore.graph_of(store, base=BASE)


# ------------------------------------------------------------------ list_entities


@pytest.mark.parametrize(
    ("kwargs", "keys"),
    [
        pytest.param({"q": "vupe"}, ["service/vupe", "institution/organizacion-vupe"], id="prefix match first, then substring"),
        pytest.param({"q": "VENTANILLA unica"}, ["service/vupe"], id="case and accents ignored"),
        pytest.param({"q": "promoción"}, ["service/vupe", "institution/mtpe"], id="substring, by mentions"),
        pytest.param({"q": "min trab"}, ["institution/mtpe"], id="word prefixes"),
        pytest.param({"q": "ds-1-2012"}, ["norm/ds-1-2012-tr"], id="the key"),
        pytest.param({"q": "  "}, None, id="blank query lists everything"),
        pytest.param({"type": "region"}, ["region/ica", "region/puno", "region/cusco"], id="a type, by mentions then label"),
        pytest.param({"type": "region", "q": "p"}, ["region/puno"], id="type and query"),
        pytest.param({"type": "institution", "q": "vupe"}, ["institution/organizacion-vupe"], id="type narrows the match"),
        pytest.param({"q": "nada parecido"}, [], id="no match"),
        pytest.param({"type": "region", "limit": 1, "offset": 1}, ["region/puno"], id="limit and offset"),
    ],
)
def test_list_entities(store, kwargs, keys):
    found = explore.list_entities(store, base=BASE, **kwargs)
    if keys is None:
        assert len(found) == 10
    else:
        assert [e.key for e in found] == keys


def test_a_listed_entity_has_its_labels_type_and_mentions(store):
    (vupe, *_) = explore.list_entities(store, base=BASE, q="vupe")
    assert asdict(vupe) == {
        "iri": BASE + "service/vupe",
        "key": "service/vupe",
        "type": "service",
        "label": "Ventanilla Única de Promoción del Empleo",
        "alt_labels": ["VUPE"],
        "mentions": 3,
    }
    json.dumps(asdict(vupe))


@pytest.mark.parametrize("kwargs", [{"type": "person"}, {"limit": -1}])
def test_list_entities_refuses_bad_arguments(store, kwargs):
    with pytest.raises(QueryError):
        explore.list_entities(store, base=BASE, **kwargs)


# ------------------------------------------------------------------ entity


def test_entity_has_labels_attributes_links_and_sources(store):
    vupe = explore.entity(store, "service/vupe", base=BASE)
    assert vupe is not None
    assert (vupe.type, vupe.label, vupe.alt_labels) == ("service", "Ventanilla Única de Promoción del Empleo", ["VUPE"])
    assert vupe.types == ["https://w3id.org/quipu/ontology#Service"]
    assert vupe.attributes == {"qp:acronym": ["VUPE"]}
    out = [(l.name, l.entity.key, [s.quote for s in l.sources]) for l in vupe.outgoing]
    assert out == [
        ("qp:createdBy", "norm/ds-1-2012-tr", ["creada por Decreto Supremo N° 001-2012-TR"]),
        ("qp:operatesIn", "region/ica", ["La VUPE opera en Puno y en Ica"]),
        ("qp:operatesIn", "region/puno", ["La VUPE opera en Puno"]),
        ("qp:runBy", "institution/mtpe", ["El Ministerio de Trabajo y Promoción del Empleo (MTPE) conduce"]),
    ]
    incoming = [(l.name, l.entity.key, l.entity.label) for l in vupe.incoming]
    assert incoming == [("qp:measures", "indicator/colocados", "Personas colocadas")]
    assert vupe.mention_count == 3
    assert [(s.document.id, s.quote) for s in vupe.sources] == [
        ("informe", "VUPE"), ("plan", "Ventanilla Única de Promoción del Empleo"), ("plan", "VUPE"),
    ]
    first = vupe.sources[1]
    assert first.document.title == "Documento plan"
    assert first.section == "1. Marco"
    assert TEXTS["plan"][first.start : first.end] == first.quote
    assert first.passage == BASE + "passage/plan-0001" and first.passage_id == "plan-0001"
    json.dumps(vupe.to_dict())


def test_a_link_names_the_rules_that_read_it(store):
    """So that what shows a link can weigh a learned model's reading against a rule's."""
    vupe = explore.entity(store, "service/vupe", base=BASE)
    assert vupe is not None
    rules = {(l.name, l.entity.key): l.rules for l in vupe.outgoing}
    assert rules[("qp:runBy", "institution/mtpe")] == [BASE + "rule/relations/runs"]
    assert rules[("qp:operatesIn", "region/ica")] == [BASE + "rule/learned/operatesIn"]
    assert rules[("qp:operatesIn", "region/puno")] == []  # a fact that names no rule
    assert [is_learned(r) for r in rules[("qp:operatesIn", "region/ica")] + rules[("qp:runBy", "institution/mtpe")]] == [True, False]


@pytest.mark.parametrize(
    ("key", "attributes"),
    [
        pytest.param(
            "norm/ds-1-2012-tr",
            {"eli:id_local": ["DS-1-2012-TR"], "eli:number": ["1"], "qp:normType": [BASE + "norm-type/ds"],
             "qp:sectorCode": ["TR"], "qp:year": ["2012"]},
            id="a norm",
        ),
        pytest.param(
            "indicator/colocados",
            {"qp:meansOfVerification": ["Informe anual"], "qp:unit": ["http://qudt.org/vocab/unit/NUM"]},
            id="an indicator",
        ),
        pytest.param("region/cusco", {}, id="an entity with nothing but labels"),
    ],
)
def test_entity_attributes(store, key, attributes):
    found = explore.entity(store, key, base=BASE)
    assert found is not None and found.attributes == attributes


def test_entity_links_without_a_statement_and_incoming_sources(store):
    mtpe = explore.entity(store, BASE + "institution/mtpe", base=BASE)  # a full IRI works too
    assert mtpe is not None and mtpe.key == "institution/mtpe"
    assert [(l.name, l.entity.key) for l in mtpe.incoming] == [("qp:runBy", "service/vupe")]
    assert mtpe.incoming[0].sources[0].document.id == "plan"
    assert mtpe.outgoing == []


@pytest.mark.parametrize("key", ["service/nothing", "nothing", "service/vupe> } <x", "", BASE + "passage/plan-0000"])
def test_entity_absent(store, key):
    assert explore.entity(store, key, base=BASE) is None


def test_entity_sources_can_be_capped(store):
    vupe = explore.entity(store, "service/vupe", base=BASE, max_sources=1)
    assert len(vupe.sources) == 1 and vupe.mention_count == 3


# ------------------------------------------------------------------ the link graph


def test_graph_of_has_every_entity_and_link(store, graph):
    assert graph.number_of_nodes() == 10
    assert graph.number_of_edges() == 7
    assert graph.nodes["service/vupe"] == {
        "iri": BASE + "service/vupe", "label": "Ventanilla Única de Promoción del Empleo", "type": "service",
    }
    assert set(graph["service/vupe"]["region/puno"]) == {"qp:operatesIn"}
    assert graph.has_edge("institution/organizacion-vupe", "institution/drtpe-cusco", key="org:subOrganizationOf")


def test_graph_of_is_cached_per_store_until_invalidated(store, graph):
    assert explore.graph_of(store, base=BASE) is graph
    other = OxigraphStore(None)
    assert explore.graph_of(other, base=BASE).number_of_nodes() == 0
    explore.invalidate(store)
    rebuilt = explore.graph_of(store, base=BASE)
    assert rebuilt is not graph and sorted(rebuilt.edges(keys=True)) == sorted(graph.edges(keys=True))


@pytest.mark.parametrize(
    ("key", "depth", "nodes"),
    [
        pytest.param("region/puno", 0, {"region/puno"}, id="depth 0"),
        pytest.param("region/puno", 1, {"region/puno", "service/vupe", "programme/jovenes-productivos"}, id="depth 1, both directions"),
        pytest.param(
            "region/puno", 2,
            {"region/puno", "service/vupe", "programme/jovenes-productivos", "region/ica", "norm/ds-1-2012-tr",
             "institution/mtpe", "indicator/colocados"},
            id="depth 2",
        ),
        pytest.param("region/cusco", 3, {"region/cusco"}, id="an isolated entity"),
        pytest.param("institution/drtpe-cusco", 1, {"institution/drtpe-cusco", "institution/organizacion-vupe"}, id="incoming"),
    ],
)
def test_neighbourhood(graph, key, depth, nodes):
    found = explore.neighbourhood(graph, key, depth)
    assert found is not None
    assert {n["key"] for n in found["nodes"]} == nodes
    assert found["center"]["key"] == key and found["nodes"][0]["distance"] == 0
    assert all(e["source"] in nodes and e["target"] in nodes for e in found["edges"])
    assert not found["truncated"]
    json.dumps(found)


def test_neighbourhood_edges_and_cap(graph):
    found = explore.neighbourhood(graph, "region/puno", 1)
    assert [(e["source"], e["name"], e["target"]) for e in found["edges"]] == [
        ("programme/jovenes-productivos", "qp:operatesIn", "region/puno"),
        ("service/vupe", "qp:operatesIn", "region/puno"),
    ]
    capped = explore.neighbourhood(graph, "region/puno", 2, max_nodes=2)
    assert [n["key"] for n in capped["nodes"]] == ["region/puno", "service/vupe"] and capped["truncated"]
    assert explore.neighbourhood(graph, "region/nowhere") is None


@pytest.mark.parametrize(
    ("a", "b", "path"),
    [
        pytest.param("region/ica", "programme/jovenes-productivos",
                     ["region/ica", "service/vupe", "region/puno", "programme/jovenes-productivos"], id="against the arrows"),
        pytest.param("institution/mtpe", "norm/ds-1-2012-tr", ["institution/mtpe", "service/vupe", "norm/ds-1-2012-tr"], id="two steps"),
        pytest.param("region/puno", "region/puno", ["region/puno"], id="same entity"),
        pytest.param("region/puno", "institution/drtpe-cusco", None, id="not connected"),
        pytest.param("region/puno", "region/nowhere", None, id="unknown"),
    ],
)
def test_shortest_path(graph, a, b, path):
    found = explore.shortest_path(graph, a, b)
    if path is None:
        assert found is None
        return
    assert [n["key"] for n in found["nodes"]] == path
    assert len(found["edges"]) == len(path) - 1
    for edge, (u, v) in zip(found["edges"], zip(path, path[1:])):
        assert {edge["source"], edge["target"]} == {u, v}


@pytest.mark.parametrize(
    ("type", "expected"),
    [
        pytest.param(None, [("service/vupe", 5), ("region/puno", 2)], id="all"),
        pytest.param("region", [("region/puno", 2), ("region/ica", 1)], id="regions"),
        pytest.param("institution", [("institution/drtpe-cusco", 1), ("institution/mtpe", 1)], id="ties by label"),
    ],
)
def test_most_connected(graph, type, expected):
    found = explore.most_connected(graph, type=type, limit=2)
    assert [(n["key"], n["degree"]) for n in found] == expected


# ------------------------------------------------------------------ observations


def test_observations_of_one_indicator(store):
    rows = explore.observations(store, "indicator/colocados", base=BASE)
    assert [(r.kind, r.period, r.raw, r.value, r.unit) for r in rows] == [
        ("target", "2024", "1 200", 1200.0, "count"),
        ("achieved", "2024", "1 080", 1080.0, "count"),
        ("executionRate", "2024", "90 %", 90.0, "percent"),
    ]
    assert {(r.indicator_label, r.document) for r in rows} == {("Personas colocadas", "plan")}
    assert [r.quote for r in rows] == ["1 200", "1 080", "90 %"]
    assert all(r.passage == BASE + "passage/plan-0003" for r in rows)


@pytest.mark.parametrize(("key", "count"), [(None, 3), ("indicator/colocados", 3), ("indicator/other", 0), ("bad key", 0)])
def test_observations_counts(store, key, count):
    assert len(explore.observations(store, key, base=BASE)) == count


def test_observations_csv(store):
    text = explore.observations_csv(explore.observations(store, base=BASE))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    assert rows[0]["indicator_key"] == "indicator/colocados" and rows[0]["kind"] == "target"
    assert rows[2]["value"] == "90.0" and rows[2]["unit"] == "percent" and rows[2]["raw"] == "90 %"
    assert explore.observations_csv([]).strip() == ",".join(explore.OBSERVATION_COLUMNS)


def test_a_value_of_one_row_of_a_table_keeps_its_breakdown():
    """A value read from one row of a table by place says which row: the graph keeps it as
    qp:breakdown, and the API and the CSV give it; a value of the whole indicator has none."""
    facts = Facts("informe")
    indicator = facts.entity("indicator/atendidos", "indicator", "Personas atendidas")
    indicator.mentions.append(span("informe", "La VUPE atendió"))
    facts.observations += [
        Observation("indicator/atendidos", "achieved", "5 000", span("informe", "5 000"), 5000.0, "count", "2024", breakdown="Cusco"),
    ]
    store = OxigraphStore(None)
    store.replace_graph(IRIS.document_graph("informe"), document_triples(make_document("informe"), IRIS))
    store.replace_graph(IRIS.facts_graph("informe"), document_fact_triples(facts, IRIS, {}))
    rows = explore.observations(store, "indicator/atendidos", base=BASE)
    assert [(r.raw, r.period, r.breakdown) for r in rows] == [("5 000", "2024", "Cusco")]
    assert list(csv.DictReader(io.StringIO(explore.observations_csv(rows))))[0]["breakdown"] == "Cusco"


def test_a_value_of_the_whole_indicator_has_no_breakdown(store):
    assert {r.breakdown for r in explore.observations(store, base=BASE)} == {None}


# ------------------------------------------------------------------ the real corpus


def test_explore_the_corpus(corpus_workspace):
    store = corpus_workspace.store
    base = corpus_workspace.settings.base()

    (first, *_) = explore.list_entities(store, base=base, q="VUPE")
    assert first.key == "service/centro-de-empleo" and "VUPE" in first.alt_labels

    mtpe = explore.entity(store, "institution/mtpe", base=base)
    assert mtpe is not None and mtpe.type == "institution" and mtpe.mention_count >= 50
    assert all(s.quote and s.document.id and s.passage_id for s in mtpe.sources)

    graph = explore.graph_of(store, base=base)
    around = explore.neighbourhood(graph, "institution/mtpe", 1)
    assert len(around["nodes"]) > 1 and around["edges"]

    by_indicator: dict[str, set[str]] = {}
    for row in explore.observations(store, base=base):
        if row.document and "poi" in row.document:
            by_indicator.setdefault(row.indicator_key, set()).add(row.kind)
    assert any({"target", "achieved"} <= kinds for kinds in by_indicator.values())
    some = next(k for k, kinds in by_indicator.items() if {"target", "achieved"} <= kinds)
    assert {r.kind for r in explore.observations(store, some, base=base)} >= {"target", "achieved"}
