"""Inner-product search over normalised passage embeddings (FAISS).

Up to :data:`HNSW_ABOVE` passages the index is flat: exact, and a few milliseconds a
query at 50,000 passages on 2 cores. Above it, an HNSW graph answers in about a
millisecond at any size, at the price of a build that takes minutes per million
passages and a recall@10 against exact search of about 0.98 (``benchmarks/scale.py``
measures both). FAISS cannot remove vectors from an HNSW graph, so every ingest
rebuilds it; the benchmark reports how long that takes.

A saved index is opened memory-mapped where the FAISS build allows it
(``IO_FLAG_MMAP_IFC``), so its vectors stay in the page cache, shared between the
server's processes, rather than copied into each one.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

# Passages above which the index is an HNSW graph rather than flat (QUIPU_HNSW_ABOVE).
HNSW_ABOVE = 50_000
# HNSW's graph degree, and the candidate list sizes while building and searching.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
# A filter that lets fewer passages through than this is searched exactly, over their
# vectors alone: a graph walk that must skip most nodes finds too few of them.
EXACT_BELOW = 20_000


class DenseIndex:
    """A FAISS index whose row i is passage i of the search index."""

    FILE = "dense.faiss"

    def __init__(self, index: faiss.Index) -> None:
        self._index = index

    @classmethod
    def build(cls, embeddings: np.ndarray, *, hnsw_above: int = HNSW_ABOVE) -> DenseIndex:
        vectors = np.ascontiguousarray(embeddings, dtype=np.float32)
        index: faiss.Index
        if len(vectors) > hnsw_above:
            index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(vectors)
        return cls(index)

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def kind(self) -> str:
        """'hnsw' or 'flat'."""
        return "hnsw" if isinstance(self._index, faiss.IndexHNSW) else "flat"

    def save(self, folder: Path) -> None:
        faiss.write_index(self._index, str(folder / self.FILE))

    @classmethod
    def load(cls, folder: Path) -> DenseIndex:
        flag = getattr(faiss, "IO_FLAG_MMAP_IFC", 0)  # FAISS builds before 1.11 copy the vectors in
        index = faiss.read_index(str(folder / cls.FILE), flag)
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = HNSW_EF_SEARCH
        return cls(index)

    def search(
        self, query_vector: np.ndarray, k: int, *, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows and cosine similarities of the k nearest passages, best first.

        ``allowed`` (row numbers) restricts the search to those rows, inside FAISS, so a
        filter never leaves fewer than k results when k rows pass it.
        """
        k = min(k, self.size if allowed is None else len(allowed))
        if k <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        query = np.asarray(query_vector, dtype=np.float32).reshape(1, -1)
        if allowed is not None and self.kind == "hnsw" and len(allowed) < EXACT_BELOW:
            return self._exact(query, k, np.asarray(allowed, dtype=np.int64))
        params = None
        if self.kind == "hnsw" and (allowed is not None or k > HNSW_EF_SEARCH):
            params = _hnsw_parameters(max(HNSW_EF_SEARCH, k))
        elif allowed is not None:
            params = faiss.SearchParameters()
        if allowed is not None and params is not None:
            params.sel = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        scores, rows = self._index.search(query, k, params=params)
        keep = rows[0] >= 0
        return rows[0][keep], scores[0][keep]

    def _exact(self, query: np.ndarray, k: int, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest of the ``allowed`` rows, by their stored vectors."""
        vectors = self._index.reconstruct_batch(allowed)
        scores = vectors @ query[0]
        top = np.argsort(-scores, kind="stable")[:k]
        return allowed[top], scores[top].astype(np.float32)


def _hnsw_parameters(ef_search: int) -> faiss.SearchParameters:
    """Search parameters of an HNSW index (FAISS's type stubs do not list the class)."""
    params = faiss.SearchParametersHNSW()  # type: ignore[attr-defined]
    params.efSearch = ef_search
    return params
