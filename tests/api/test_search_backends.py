"""The README's searches and questions answer the same with the passages in PostgreSQL.

The ingested corpus is copied, and the copy ingested again with QUIPU_SEARCH_URL: nothing
is embedded again (its vectors are kept), the passages go into a fresh database, and
each example below must give the same passages, facets and answer cards on both.
"""

from __future__ import annotations

import shutil

import pytest

from quipu.api.answers import answer_question
from quipu.workspace.pipeline import ingest
from quipu.workspace.workspace import Workspace

pytestmark = pytest.mark.slow

SEARCHES = [
    # (query, filters, mode): the README's examples, and the other modes on one of them
    ("¿Qué servicios ofrece la Ventanilla Única de Promoción del Empleo?", {}, "full"),
    ("youth employment programmes in Puno", {}, "full"),
    ("bolsa de trabajo", {"regions": ["Puno"], "years": [2015]}, "full"),
    ("metas 2024", {"entities": ["Llamkasun Perú"], "documents": ["mtpe-evaluacion-poi-2024"]}, "full"),
    ("bolsa de trabajo", {}, "lexical"),
    ("bolsa de trabajo", {}, "dense"),
    ("bolsa de trabajo", {}, "hybrid"),
    ("zzzqqq", {}, "full"),  # nothing close: low confidence on both
]
QUESTIONS = ["¿Qué norma aprobó el POI 2024?", "In which regions did the VUPE operate?"]


@pytest.fixture(scope="module")
def database_workspace(corpus_settings, corpus_ingest, embedder, postgres, tmp_path_factory) -> Workspace:
    folder = tmp_path_factory.mktemp("database-copy") / "data"
    shutil.copytree(corpus_settings.data_dir, folder)
    settings = corpus_settings.model_copy(update={"data_dir": folder, "search_url": postgres()})
    report = ingest(settings, embedder=embedder)
    assert report.embedded == 0  # the vectors of the copied data directory are reused
    return Workspace(settings, embedder=embedder)


@pytest.mark.parametrize(("query", "filters", "mode"), SEARCHES)
def test_a_search_finds_the_same_on_both_backends(corpus_workspace, database_workspace, query, filters, mode):
    embedded = corpus_workspace.search(query, 10, mode=mode, **filters)
    database = database_workspace.search(query, 10, mode=mode, **filters)
    assert [h.record.id for h in database.hits] == [h.record.id for h in embedded.hits]
    assert [h.score for h in database.hits] == pytest.approx([h.score for h in embedded.hits], rel=1e-4)
    # Facets count the first 50 ranked passages, whose tail may order near-equal scores the
    # other way (BM25 in float32 in the embedded store, in float64 in SQL): the same values,
    # counts within 2.
    for name, values in embedded.facets.fields.items():
        found = {v.value: v.count for v in database.facets.fields[name]}
        assert {v.value for v in values[:3]} <= set(found), name
        assert all(abs(found.get(v.value, 0) - v.count) <= 2 for v in values), name
    assert database.low_confidence == embedded.low_confidence
    assert [h.highlight for h in database.hits] == [h.highlight for h in embedded.hits]


@pytest.mark.parametrize("question", QUESTIONS)
def test_answer_cards_are_the_same_on_both_backends(corpus_workspace, database_workspace, question):
    embedded = answer_question(corpus_workspace, question)
    database = answer_question(database_workspace, question)
    assert [c.model_dump() for c in database.cards] == [c.model_dump() for c in embedded.cards]
    assert [r.passage_id for r in database.results] == [r.passage_id for r in embedded.results]
    assert [r.score for r in database.results] == pytest.approx([r.score for r in embedded.results], rel=1e-4)
