"""Filters and facets over a small index with the real model and FAISS, and over the corpus."""

from __future__ import annotations

import pytest

from quipu.core.errors import QueryError
from quipu.search import CatalogEntity, EntityCatalog, PassageRecord, SearchFilters, SearchIndex, facet_counts

# (id, document, year, type, text, entity keys it mentions)
PASSAGES = [
    ("a-0000", "a", 2015, "plan de mejora", "La bolsa de trabajo de Puno atendió a jóvenes.", ["region/puno", "service/bolsa"]),
    ("a-0001", "a", 2015, "plan de mejora", "La bolsa de trabajo de Cusco amplió su horario.", ["region/cusco", "service/bolsa"]),
    ("b-0000", "b", 2024, "informe", "La bolsa de trabajo nacional registró 48 mil personas.", ["service/bolsa", "institution/mtpe"]),
    ("b-0001", "b", 2024, "informe", "El presupuesto del programa se ejecutó al 99 por ciento.", ["institution/mtpe"]),
]
ENTITIES = [
    CatalogEntity("region/puno", "region", "Puno"),
    CatalogEntity("region/cusco", "region", "Cusco"),
    CatalogEntity("service/bolsa", "service", "Bolsa de Trabajo", ("BT", "Bolsa de Empleo")),
    CatalogEntity("institution/mtpe", "institution", "Ministerio de Trabajo y Promoción del Empleo", ("MTPE",)),
]


@pytest.fixture(scope="module")
def index(embedder, on_backend) -> SearchIndex:
    records = [
        PassageRecord(id=i, document_id=d, document_title=d.upper(), text=t, start=0, end=len(t), year=y, document_type=k)
        for i, d, y, k, t, _ in PASSAGES
    ]
    catalog = EntityCatalog(ENTITIES, {i: keys for i, *_, keys in PASSAGES})
    vectors = embedder.embed_passages([r.text for r in records])
    return on_backend(SearchIndex.build(records, vectors, model=embedder.name, embedder=embedder, catalog=catalog))


@pytest.mark.parametrize("mode", ["lexical", "dense", "hybrid", "full"])
@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param({}, {"a-0000", "a-0001", "b-0000"}, id="no filter: every bolsa passage"),
        pytest.param({"regions": ["Puno"]}, {"a-0000"}, id="region by name"),
        pytest.param({"regions": ["region/cusco", "puno"]}, {"a-0000", "a-0001"}, id="two regions: either"),
        pytest.param({"years": [2024]}, {"b-0000"}, id="year"),
        pytest.param({"documents": ["a"], "regions": ["Cusco"]}, {"a-0001"}, id="document and region: both"),
        pytest.param({"entities": ["MTPE"]}, {"b-0000"}, id="entity by acronym"),
        pytest.param({"document_types": ["informe"], "regions": ["Puno"]}, set(), id="nothing passes"),
    ],
)
def test_filters_restrict_every_mode(index, mode, filters, expected):
    parsed = SearchFilters.parse(index.catalog, **filters)
    hits = index.search("bolsa de trabajo", 10, mode=mode, filters=parsed)
    found = {h.record.id for h in hits}
    passing = {p[0] for p in PASSAGES if parsed.accepts(_record(index, p[0]), p[5])}
    assert expected <= found <= passing  # vectors may also rank passages without the words
    if mode == "lexical":
        assert found == expected


def _record(index: SearchIndex, passage_id: str) -> PassageRecord:
    return next(r for r in index.records if r.id == passage_id)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        pytest.param("regions", "Narnia", "no region 'Narnia'", id="unknown region"),
        pytest.param("regions", "MTPE", "no region 'MTPE'", id="an institution is not a region"),
        pytest.param("entities", "Programa Fantasma", "no entity", id="unknown entity"),
        pytest.param("years", "dos mil", "is not a year", id="year not a number"),
    ],
)
def test_bad_filter_values_say_what_to_give(index, field, value, message):
    with pytest.raises(QueryError, match=message):
        SearchFilters.parse(index.catalog, **{field: [value]})


def test_an_index_without_a_catalog_says_to_reingest():
    with pytest.raises(QueryError, match="run `quipu ingest`"):
        SearchFilters.parse(EntityCatalog([], {}), regions=["Puno"])


def test_facets_count_documents_years_types_regions_and_entities(index):
    hits = index.search("bolsa de trabajo", 10, mode="lexical")
    facets = facet_counts([h.record for h in hits], index.catalog)
    assert facets.considered == 3
    counts = {name: {v.value: v.count for v in values} for name, values in facets.fields.items()}
    assert counts["document"] == {"a": 2, "b": 1}
    assert counts["year"] == {"2015": 2, "2024": 1}
    assert counts["document_type"] == {"plan de mejora": 2, "informe": 1}
    assert counts["region"] == {"region/puno": 1, "region/cusco": 1}
    assert counts["entity"] == {"service/bolsa": 3, "institution/mtpe": 1}
    assert [v.label for v in facets.fields["entity"]] == ["Bolsa de Trabajo", "Ministerio de Trabajo y Promoción del Empleo"]
    assert [v.value for v in facets.fields["year"]] == ["2024", "2015"]  # newest first


def test_catalog_survives_save_and_load(index, embedder, tmp_path, reopen):
    loaded = reopen(index, tmp_path, embedder)
    assert loaded.catalog.of_passage("a-0000") == ("region/puno", "service/bolsa")
    assert loaded.catalog.get("service/bolsa") == index.catalog.get("service/bolsa")


# ------------------------------------------------------------------ on the ingested corpus


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        # Every passage found in one document is of that document.
        pytest.param({"documents": ["infomigra-sistematizacion"]}, lambda h: h.record.document_id == "infomigra-sistematizacion", id="document"),
        # A region filter keeps passages that name the region, or whose document is about it.
        pytest.param({"regions": ["Puno"]}, lambda h: "region/puno" in {e.key for e in (*h.entities, *h.about)}, id="region"),
        # An acronym names the entity: the VUPE is the Centro de Empleo service.
        pytest.param({"entities": ["VUPE"]}, lambda h: "service/centro-de-empleo" in {e.key for e in (*h.entities, *h.about)},
                     id="entity by acronym"),
    ],
)
def test_corpus_filters(corpus_workspace, filters, check):
    outcome = corpus_workspace.search("servicios de empleo para jóvenes", 10, **filters)
    assert outcome.hits
    assert all(check(h) for h in outcome.hits)
    assert outcome.facets.considered >= len(outcome.hits)


def test_corpus_facets_list_regions_with_labels(corpus_workspace):
    outcome = corpus_workspace.search("ventanilla única de promoción del empleo en las regiones", 10)
    regions = {v.value: v for v in outcome.facets.fields["region"]}
    assert regions and all(v.count >= 1 and v.label for v in regions.values())
    assert sum(v.count for v in outcome.facets.fields["document"]) == outcome.facets.considered


# The entity bonus of the fusion (whatever weight the fit gave it; the rule is what is tested).
BOOST = 0.1


def _with_boost(weight: float):
    from dataclasses import replace

    from quipu.search.full_retrieval import DEFAULT_CONFIG

    return replace(DEFAULT_CONFIG, fusion=replace(DEFAULT_CONFIG.fusion, entity_weight=weight))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Both entities named: a passage naming both gets 1, one naming one of them 0.5.
        ("¿Cuántos jóvenes atendió la BT en Puno?", {"a-0000": 1.0, "a-0001": 0.5, "b-0000": 0.5, "b-0001": 0.0}),
        # By acronym: the MTPE is named by two passages.
        ("presupuesto del MTPE", {"a-0000": 0.0, "a-0001": 0.0, "b-0000": 1.0, "b-0001": 1.0}),
        # No entity named: no passage gets anything.
        ("horario de atención", {"a-0000": 0.0, "a-0001": 0.0, "b-0000": 0.0, "b-0001": 0.0}),
    ],
)
def test_the_entity_boost_is_the_share_of_the_query_entities_a_passage_names(index, query, expected):
    from quipu.search.full_retrieval import FullRetriever

    boosted = {r.key: r.score for r in FullRetriever(index.passages, _with_boost(BOOST)).retrieve(query, 4)}
    plain = {r.key: r.score for r in FullRetriever(index.passages, _with_boost(0.0)).retrieve(query, 4)}
    # A passage neither ranking finds (no query term, no vector weight) gets no boost either.
    keys = {record.id: index.passages.key_of(record.id) for record in index.passages.iter_records()}
    share = {
        pid: (boosted.get(key, 0.0) - plain.get(key, 0.0)) / BOOST for pid, key in keys.items()
    }
    assert share == pytest.approx(expected)


def test_full_search_adds_the_entity_boost_to_passages_naming_the_query_entities(index):
    from quipu.search.full_retrieval import FullRetriever

    query = "bolsa de trabajo en Puno"  # names two entities: the Bolsa de Trabajo and Puno
    boosted = FullRetriever(index.passages, _with_boost(BOOST))
    plain = FullRetriever(index.passages, _with_boost(0.0))
    with_boost = {index.passages.record(r.key).id: r.score for r in boosted.retrieve(query, 4)}
    without = {index.passages.record(r.key).id: r.score for r in plain.retrieve(query, 4)}
    boost = BOOST
    assert with_boost["a-0000"] - without["a-0000"] == pytest.approx(boost)  # names both
    assert with_boost["a-0001"] - without["a-0001"] == pytest.approx(boost / 2)  # the Bolsa, in Cusco


# ------------------------------------------------------------------ documents about a region or entity

# A Puno plan "p" whose passages never name Puno, and a national report "n" that does.
ABOUT_PASSAGES = [
    ("p-0000", "p", 2015, "plan de mejora", "La bolsa de trabajo atendió a 300 jóvenes.", ["service/bolsa"]),
    ("p-0001", "p", 2015, "plan de mejora", "El presupuesto regional se ejecutó al 90 por ciento.", []),
    ("n-0000", "n", 2024, "informe", "La bolsa de trabajo de Puno abrió una oficina.", ["region/puno", "service/bolsa"]),
    ("n-0001", "n", 2024, "informe", "La bolsa de trabajo de Cusco registró vacantes.", ["region/cusco", "service/bolsa"]),
]
ABOUT = {"p": ["region/puno", "institution/mtpe"]}


@pytest.fixture(scope="module")
def about_index(on_backend) -> SearchIndex:
    import numpy as np

    records = [
        PassageRecord(id=i, document_id=d, document_title=d.upper(), text=t, start=0, end=len(t), year=y, document_type=k)
        for i, d, y, k, t, _ in ABOUT_PASSAGES
    ]
    catalog = EntityCatalog(ENTITIES, {i: keys for i, *_, keys in ABOUT_PASSAGES}, ABOUT)
    vectors = np.random.default_rng(0).normal(size=(len(records), 8)).astype(np.float32)
    return on_backend(SearchIndex.build(records, vectors, model="test", catalog=catalog))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        pytest.param({"regions": ["Puno"]}, {"p-0000", "n-0000"}, id="region: named, or the document is about it"),
        pytest.param({"regions": ["Puno"], "years": [2015]}, {"p-0000"}, id="the README example"),
        pytest.param({"entities": ["MTPE"]}, {"p-0000"}, id="entity the document is about"),
        pytest.param({"regions": ["Cusco"]}, {"n-0001"}, id="a region no document is about"),
    ],
)
def test_a_filter_matches_the_passages_of_documents_about_its_value(about_index, filters, expected):
    parsed = SearchFilters.parse(about_index.catalog, **filters)
    assert {h.record.id for h in about_index.search("bolsa de trabajo", 10, mode="lexical", filters=parsed)} == expected


def test_accepts_a_passage_by_what_it_mentions_or_what_its_document_is_about(about_index):
    puno = SearchFilters.parse(about_index.catalog, regions=["Puno"])
    record = _record(about_index, "p-0001")
    assert not puno.accepts(record, ())
    assert puno.accepts(record, (), about_index.catalog.of_document("p"))
    assert puno.accepts(record, ("region/puno",))


def test_facets_count_a_passage_under_what_its_document_is_about(about_index):
    facets = facet_counts(about_index.records, about_index.catalog)
    counts = {name: {v.value: v.count for v in values} for name, values in facets.fields.items()}
    assert counts["region"] == {"region/puno": 3, "region/cusco": 1}  # both passages of the plan, one of the report
    assert counts["entity"] == {"service/bolsa": 3, "institution/mtpe": 2}


def test_document_subjects_survive_save_and_load(about_index, tmp_path, reopen):
    import json

    loaded = reopen(about_index, tmp_path / "reopened", None)
    assert loaded.catalog.of_document("p") == ("institution/mtpe", "region/puno")
    assert loaded.catalog.keys_of("p-0001", "p") == ("institution/mtpe", "region/puno")
    # A catalog saved before documents had subjects loads with none.
    about_index.catalog.save(tmp_path)
    path = tmp_path / EntityCatalog.FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["documents"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert EntityCatalog.load(tmp_path).of_document("p") == ()
