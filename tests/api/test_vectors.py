"""The ingest's vectors by text key: the previous generation's and those spooled to disk."""

from __future__ import annotations

import numpy as np
import pytest

from quipu.workspace.build import Vectors


@pytest.mark.parametrize("chunk", [1, 2, 16_384])  # rows read at a time: one, a few, all
def test_matrix_gathers_old_and_spooled_vectors_in_the_order_asked(tmp_path, chunk, monkeypatch):
    monkeypatch.setattr(Vectors, "CHUNK", chunk)
    old = np.arange(6, dtype=np.float32).reshape(3, 2)  # the previous generation's: keys a, b, c
    vectors = Vectors(tmp_path / "spool", old, {"a": 0, "b": 1, "c": 2})
    vectors.add(["d", "e"], np.array([[10, 11], [12, 13]], dtype=np.float32))
    vectors.add(["f"], np.array([[14, 15]], dtype=np.float32))
    try:
        found = vectors.matrix(["f", "a", "d", "c", "e", "d"])  # mixed, and one key twice
        assert found.tolist() == [[14, 15], [0, 1], [10, 11], [4, 5], [12, 13], [10, 11]]
    finally:
        vectors.close()
    assert not (tmp_path / "spool").exists()


def test_matrix_of_nothing_spooled_reads_only_the_old_vectors(tmp_path):
    vectors = Vectors(tmp_path / "spool", np.ones((2, 3), dtype=np.float32), {"a": 0, "b": 1})
    try:
        assert vectors.matrix(["b"]).tolist() == [[1.0, 1.0, 1.0]]
    finally:
        vectors.close()
