"""The dense index: flat up to a size, an HNSW graph above it, memory-mapped when loaded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from quipu.search.dense import EXACT_BELOW, DenseIndex


def _vectors(n: int, seed: int = 0, dimension: int = 32) -> np.ndarray:
    """Unit vectors in clusters, as passage embeddings are (random ones have no near neighbours)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(max(1, n // 50), dimension))
    vectors = centres[rng.integers(0, len(centres), n)] + 0.3 * rng.normal(size=(n, dimension))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize(
    ("passages", "hnsw_above", "kind"),
    [
        (500, 1_000, "flat"),  # below the threshold: exact
        (500, 500, "flat"),  # at it: still flat
        (500, 499, "hnsw"),  # above it: a graph
    ],
)
def test_the_index_kind_follows_the_threshold(passages: int, hnsw_above: int, kind: str) -> None:
    assert DenseIndex.build(_vectors(passages), hnsw_above=hnsw_above).kind == kind


def test_hnsw_finds_what_exact_search_finds() -> None:
    vectors = _vectors(3_000)
    flat = DenseIndex.build(vectors, hnsw_above=10_000)
    graph = DenseIndex.build(vectors, hnsw_above=100)
    queries = _vectors(50, seed=1)
    found = [
        len(set(flat.search(q, 10)[0]) & set(graph.search(q, 10)[0])) / 10 for q in queries
    ]
    assert np.mean(found) >= 0.95


@pytest.mark.parametrize(
    "allowed",
    [
        np.arange(0, 3_000, 7),  # a small filter: searched exactly over its vectors
        np.arange(0, 3_000, 2),  # half the rows
    ],
)
def test_a_filtered_graph_search_returns_only_allowed_rows_best_first(allowed: np.ndarray) -> None:
    vectors = _vectors(3_000)
    graph = DenseIndex.build(vectors, hnsw_above=100)
    rows, scores = graph.search(vectors[5], 10, allowed=allowed)
    assert len(rows) == 10 and set(rows) <= set(allowed)
    assert list(scores) == sorted(scores, reverse=True)
    exact = allowed[np.argsort(-(vectors[allowed] @ vectors[5]))[:10]]
    assert len(set(rows) & set(exact)) >= 8
    assert len(allowed) < EXACT_BELOW


def test_k_beyond_the_search_list_still_returns_k_rows() -> None:
    graph = DenseIndex.build(_vectors(1_000), hnsw_above=100)
    rows, _ = graph.search(_vectors(1, seed=2)[0], 300)
    assert len(rows) == 300 and len(set(rows)) == 300


@pytest.mark.parametrize("hnsw_above", [10_000, 100])  # flat, then a graph
def test_a_saved_index_loads_memory_mapped_and_answers_the_same(tmp_path: Path, hnsw_above: int) -> None:
    vectors = _vectors(1_000)
    index = DenseIndex.build(vectors, hnsw_above=hnsw_above)
    index.save(tmp_path)
    loaded = DenseIndex.load(tmp_path)
    assert loaded.kind == index.kind and loaded.size == 1_000
    assert list(loaded.search(vectors[3], 5)[0]) == list(index.search(vectors[3], 5)[0])
