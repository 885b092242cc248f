"""The search index with the real model and FAISS: build, save, load, rank."""

import numpy as np
import pytest

from quipu.search import PassageRecord, SearchIndex

TEXTS = [
    "La ventanilla única atiende a jóvenes que buscan empleo y les ofrece orientación vocacional.",
    "El presupuesto del programa se ejecutó al 95 por ciento en el segundo semestre.",
    "Los migrantes que retornan al país reciben información sobre trámites y oportunidades laborales.",
    "La capacitación técnica de los operadores mejoró la calidad del servicio de intermediación.",
]


def records():
    return [
        PassageRecord(id=f"d-{i:04d}", document_id="d", document_title="Doc", text=t, start=0, end=len(t))
        for i, t in enumerate(TEXTS)
    ]


@pytest.fixture(scope="module")
def embedded_index(embedder):
    recs = records()
    return SearchIndex.build(recs, embedder.embed_passages([r.text for r in recs]), model=embedder.name, embedder=embedder)


@pytest.fixture(scope="module")
def index(embedded_index, on_backend):
    return on_backend(embedded_index)


@pytest.mark.parametrize(
    ("query", "mode", "expected"),
    [
        pytest.param("presupuesto ejecutado", "lexical", "d-0001", id="lexical: stems meet"),
        pytest.param("migrantes retorno", "hybrid", "d-0002", id="hybrid: shared words"),
        pytest.param("technical training for the operators", "dense", "d-0003", id="dense: English words, no shared term"),
    ],
)
def test_finds_the_passage(index, query, mode, expected):
    assert index.search(query, 2, mode=mode)[0].record.id == expected


def test_lexical_mode_returns_nothing_for_unknown_words(index):
    assert index.search("zzzz qqqq", 3, mode="lexical") == []


def test_save_and_load_round_trip(embedded_index, embedder, tmp_path):
    index = embedded_index
    index.save(tmp_path)
    loaded = SearchIndex.load(tmp_path, embedder=embedder)
    assert loaded.records == index.records
    assert np.allclose(loaded.passages.embeddings, index.passages.embeddings)
    assert [h.record.id for h in loaded.search("orientación vocacional", 4)] == [
        h.record.id for h in index.search("orientación vocacional", 4)
    ]


def test_both_backends_hold_the_same_passages(index, embedded_index):
    assert index.records == embedded_index.records
    ids = [r.id for r in embedded_index.records]
    assert np.allclose(index.embeddings_of(ids), embedded_index.embeddings_of(ids), atol=1e-6)


def test_embeddings_of_reuses_stored_vectors(index):
    assert index.embeddings_of(["d-0002", "d-0000"]).shape == (2, 384)
    assert index.embeddings_of(["missing"]) is None


def test_embeddings_are_normalised(index):
    vectors = index.embeddings_of([r.id for r in index.records])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
