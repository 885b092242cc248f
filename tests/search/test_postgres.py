"""The PostgreSQL passage store on its own: schema, writes, one writer, and BM25 that stays
equal to the embedded store's after documents change.

(Every other search test runs on it too, through ``on_backend``.)
"""

from __future__ import annotations

import numpy as np
import psycopg
import pytest

from quipu.core.errors import StoreError
from quipu.search import EntityCatalog, PassageRecord, SearchIndex
from quipu.search.postgres import (
    SCHEMA_VERSION,
    PostgresDatabase,
    PostgresPassages,
    PostgresWriter,
    database_version,
    safe_url,
)

pytestmark = pytest.mark.server

DIMENSION = 8


def _records(doc: str, texts: list[str]) -> list[PassageRecord]:
    return [
        PassageRecord(id=f"{doc}-{i:04d}", document_id=doc, document_title=doc.title(), text=t, start=0, end=len(t))
        for i, t in enumerate(texts)
    ]


def _vectors(n: int, seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(n, DIMENSION)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


FIRST = {
    "a": _records("a", ["La bolsa de trabajo colocó a cien jóvenes.", "El presupuesto se ejecutó al 90 por ciento."]),
    "b": _records("b", ["La bolsa de trabajo de Puno abrió una oficina nueva.", "Capacitación para mujeres."]),
}
# "a" changes, "b" is gone, "c" is new.
SECOND = {
    "a": _records("a", ["La bolsa de trabajo colocó a doscientos jóvenes en empresas.", "El presupuesto creció."]),
    "c": _records("c", ["Certificación de competencias laborales de trabajadores de la bolsa."]),
}


def _write(database: PostgresDatabase, documents: dict, model: str = "test") -> int:
    writer = PostgresWriter(database, model)
    try:
        vectors = {doc: _vectors(len(records), seed=len(doc)) for doc, records in documents.items()}
        return writer.sync(documents, vectors, EntityCatalog([], {}), {"documents": sorted(documents)})
    finally:
        writer.close()


def test_the_schema_is_created_once_and_versioned(postgres):
    url = postgres()
    PostgresDatabase(url).close()
    PostgresDatabase(url).close()  # a second process finds it current
    with psycopg.connect(url) as conn:
        versions = conn.execute("SELECT version FROM quipu_schema ORDER BY version").fetchall()
    assert versions == [(v,) for v in range(1, SCHEMA_VERSION + 1)]  # each migration once


def test_the_heading_field_migration_empties_the_passages_for_the_next_ingest(postgres, monkeypatch):
    # A database of schema 1 with passages: schema 2 adds the heading field, which only the
    # analyser can fill, so it empties the derived passages; `quipu ingest` sees an empty
    # database (no stored state) and fills it again from its ledger.
    import quipu.search.postgres as module

    url = postgres()
    monkeypatch.setattr(module, "SCHEMA_VERSION", 1)
    database = PostgresDatabase(url)
    with database.connection() as conn:
        columns = ", ".join(f"{name}_terms, {name}_length" for name in ("text", "context"))
        conn.execute("INSERT INTO quipu_documents (id, digest, passages) VALUES ('a', 'x', 1)")
        conn.execute(
            f"INSERT INTO quipu_passages (id, document_id, ord, record, {columns}, embedding) "
            "VALUES ('a-0000', 'a', 0, '{}', 'bolsa', 1, 'bolsa', 1, '[1,0,0]')"
        )
        conn.execute("""INSERT INTO quipu_meta (key, value) VALUES ('state', '{"documents": ["a"]}')""")
    database.close()
    monkeypatch.setattr(module, "SCHEMA_VERSION", 2)
    database = PostgresDatabase(url)
    try:
        assert module.held_documents(database) == 0
        assert module.ingest_state(database) is None
        assert _write(database, FIRST) == 2  # both documents written: the next ingest fills it
        passages = PostgresPassages(database)
        assert passages.lexical({"bols": 1.0}, 5, field="heading") == []  # no heading says "bolsa"
        assert len(passages.lexical({"bols": 1.0}, 5, field="text")) == 2
    finally:
        database.close()


def test_only_changed_documents_are_written_and_a_gone_one_is_removed(postgres):
    database = PostgresDatabase(postgres())
    assert _write(database, FIRST) == 2
    before = database_version(database)
    assert _write(database, FIRST) == 0  # nothing changed: nothing rewritten
    assert _write(database, SECOND) == 2  # "a" changed, "c" is new
    assert database_version(database) > before  # serving processes notice
    store = PostgresPassages(database)
    assert sorted(r.document_id for r in store.iter_records()) == ["a", "a", "c"]
    assert len(store) == 3


@pytest.mark.parametrize(
    ("weights", "field"),
    [
        ({"bols": 1.0, "trabaj": 1.0}, "text"),  # terms of several documents, after one changed and one left
        ({"bols": 0.5, "jov": 2.0}, "context"),  # weighted terms, over the text with its title
        ({"certif": 1.0}, "text"),  # a term only the new document holds
    ],
)
def test_bm25_after_changes_equals_the_embedded_store_built_afresh(postgres, weights, field):
    database = PostgresDatabase(postgres())
    _write(database, FIRST)
    _write(database, SECOND)
    records = [r for doc in sorted(SECOND) for r in SECOND[doc]]
    embedded = SearchIndex.build(records, _vectors(len(records), 0), model="test").passages
    stored = PostgresPassages(database)
    expected = {embedded.record(s.key).id: s.score for s in embedded.lexical(weights, 10, field=field)}
    found = {stored.record(s.key).id: s.score for s in stored.lexical(weights, 10, field=field)}
    assert expected and found == pytest.approx(expected, rel=1e-5)
    for term in weights:
        assert stored.idf(term, field=field) == pytest.approx(embedded.idf(term, field=field), rel=1e-6)


def test_a_second_writer_is_refused_while_one_writes(postgres):
    database = PostgresDatabase(postgres())
    first = PostgresWriter(database, "test")
    try:
        with pytest.raises(StoreError, match="another ingest is writing"):
            PostgresWriter(database, "test")
    finally:
        first.close()
    PostgresWriter(database, "test").close()  # free again once the first is done


def test_a_new_model_empties_the_index_before_writing(postgres):
    database = PostgresDatabase(postgres())
    _write(database, FIRST, model="old")
    _write(database, {"c": SECOND["c"]}, model="new")
    store = PostgresPassages(database)
    assert store.model == "new" and [r.document_id for r in store.iter_records()] == ["c"]


def test_an_unreachable_database_says_what_to_check():
    with pytest.raises(StoreError, match="cannot connect") as caught:
        PostgresDatabase("postgresql://quipu:secret@127.0.0.1:1/quipu", timeout=2)
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://quipu:secret@db.example.org/quipu", "postgresql://quipu@db.example.org/quipu"),  # password
        ("postgresql://postgres:@/postgres?host=/tmp/pg", "postgresql://postgres@/postgres?host=/tmp/pg"),  # socket
        ("postgresql://db.example.org/quipu", "postgresql://db.example.org/quipu"),  # no credentials
    ],
)
def test_urls_are_shown_without_their_password(url, shown):
    assert safe_url(url) == shown
