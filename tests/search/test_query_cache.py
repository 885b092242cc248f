"""The server's cache of query vectors: the same question is embedded once, the oldest are forgotten."""

from __future__ import annotations

import numpy as np
import pytest

from quipu.search.embedder import QueryCache


class Counting:
    """A stand-in embedder that counts its calls (the cache's logic only; the real models are
    tested in test_embedders.py)."""

    name, dimension, multilingual = "counting", 2, False

    def __init__(self) -> None:
        self.calls: list[str] = []

    def embed_passages(self, texts, *, batch_size=32, progress=False):
        return np.ones((len(texts), 2), dtype=np.float32)

    def embed_query(self, text):
        self.calls.append(text)
        return np.array([len(text), 1.0], dtype=np.float32)


def test_a_repeated_question_is_embedded_once():
    inner = Counting()
    cache = QueryCache(inner, size=10)
    first = cache.embed_query("empleo juvenil")
    again = cache.embed_query("empleo juvenil")
    assert inner.calls == ["empleo juvenil"] and np.array_equal(first, again)
    with pytest.raises(ValueError):
        again[0] = 0  # shared between requests, so read-only


def test_the_least_recently_used_question_is_forgotten():
    inner = Counting()
    cache = QueryCache(inner, size=2)
    for text in ["a", "b", "a", "c", "a", "b"]:
        cache.embed_query(text)
    # "b" was the least recently used when "c" came, so it is embedded again; "a" never is.
    assert inner.calls == ["a", "b", "c", "b"]


def test_passages_go_straight_through_and_the_description_is_kept():
    inner = Counting()
    cache = QueryCache(inner)
    assert cache.embed_passages(["x", "y"]).shape == (2, 2)
    assert (cache.name, cache.dimension, cache.multilingual) == ("counting", 2, False)
