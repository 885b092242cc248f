"""The search tests run on both passage stores: the embedded files and PostgreSQL.

A module's ``index`` fixture builds an embedded :class:`SearchIndex` and hands it to
``on_backend``, which returns it as it is, or copied into a fresh PostgreSQL database
(the ``postgres`` session fixture) and opened from there. Every test of such a module
runs once per backend, so the two must rank, filter and read passages alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from quipu.search import Embedder, PassageIndex, PassageRecord, SearchIndex
from quipu.search.postgres import PostgresDatabase, PostgresPassages, PostgresWriter


def to_postgres(index: SearchIndex, url: str) -> SearchIndex:
    """``index``'s passages, vectors and catalog written into the database at ``url``, and
    opened from there with the same embedder."""
    passages = index.passages
    assert isinstance(passages, PassageIndex)
    documents: dict[str, list[PassageRecord]] = {}
    rows: dict[str, list[int]] = {}
    for row, record in enumerate(passages.records):
        documents.setdefault(record.document_id, []).append(record)
        rows.setdefault(record.document_id, []).append(row)
    vectors = {doc: np.asarray(passages.embeddings[found]) for doc, found in rows.items()}
    database = PostgresDatabase(url)
    writer = PostgresWriter(database, passages.model)
    try:
        writer.sync(documents, vectors, passages.catalog, {})
    finally:
        writer.close()
    embedder = (lambda: passages.embedder) if passages.has_embedder else None
    return SearchIndex(PostgresPassages(database, embedder=embedder))


def _reopen(index: SearchIndex, folder: Path, embedder: Embedder) -> SearchIndex:
    if isinstance(index.passages, PostgresPassages):
        return SearchIndex(PostgresPassages(index.passages.database, embedder=embedder))
    index.save(folder)
    return SearchIndex.load(folder, embedder=embedder)


@pytest.fixture()
def reopen() -> Callable[[SearchIndex, Path, Embedder], SearchIndex]:
    """``reopen(index, folder, embedder)``: ``index`` as another process opens it, loaded
    from ``folder`` where it was saved, or from its database."""
    return _reopen


@pytest.fixture(scope="module", params=["embedded", "postgresql"])
def search_backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def on_backend(search_backend: str, request: pytest.FixtureRequest) -> Callable[[SearchIndex], SearchIndex]:
    if search_backend == "embedded":
        return lambda index: index
    new_database = request.getfixturevalue("postgres")
    return lambda index: to_postgres(index, new_database())
