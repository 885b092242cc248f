"""Retrievers: the one contract every search mode answers, and the plain implementations.

A :class:`Retriever` ranks the rows of a :class:`~quipu.search.passages.PassageIndex`
for a query. Here are BM25 (:class:`LexicalRetriever`), FAISS vectors
(:class:`DenseRetriever`) and their reciprocal rank fusion (:class:`RankFusionRetriever`);
the "full" retrieval, with query expansion and score fusion, is
:class:`quipu.search.full_retrieval.FullRetriever`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .fusion import reciprocal_rank_fusion, top_rows
from .passages import PassageIndex


@dataclass(frozen=True)
class Ranked:
    """One passage a retriever found: its row, its score, and the 1-based ranks the BM25
    and vector rankings gave it (None when that ranking did not find it)."""

    row: int
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None


class Retriever(Protocol):
    """Ranks the passages of an index for a query."""

    def retrieve(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[Ranked]:
        """The ``k`` best rows for ``query``, best first.

        ``allowed`` (row numbers, from :meth:`PassageIndex.allowed_rows`) restricts the
        ranking itself, so ``k`` rows come back whenever ``k`` allowed rows match.
        """
        ...


class LexicalRetriever:
    """BM25 over the passage texts; scores are BM25 scores, and only matching rows rank."""

    def __init__(self, passages: PassageIndex) -> None:
        self.passages = passages

    def retrieve(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[Ranked]:
        scores = self.passages.lexical.scores(query)
        return [
            Ranked(row, float(scores[row]), lexical_rank=rank)
            for rank, row in enumerate(top_rows(scores, k, allowed), start=1)
        ]


class DenseRetriever:
    """The passages whose vectors are nearest the query's; scores are cosine similarities."""

    def __init__(self, passages: PassageIndex) -> None:
        self.passages = passages

    def similarities(self, query: str, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Rows and similarities of the ``k`` nearest passages as FAISS returns them (float32),
        for callers that scale them as arrays."""
        return self.passages.dense.search(self.passages.embedder.embed_query(query), k, allowed=allowed)

    def retrieve(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[Ranked]:
        rows, similarities = self.similarities(query, k, allowed)
        return [
            Ranked(int(row), float(similarity), dense_rank=rank)
            for rank, (row, similarity) in enumerate(zip(rows, similarities), start=1)
        ]


class RankFusionRetriever:
    """Reciprocal rank fusion of other retrievers' rankings (the ``hybrid`` mode).

    Each retriever ranks ``max(depth, 5 k)`` rows and a row scores the sum of 1 / (60 +
    its rank) over the rankings; ranks, not scores, so BM25 scores and cosine similarities
    need no common scale. Fusing a single ranking (the ``lexical`` and ``dense`` modes)
    keeps its order and gives every mode but ``full`` scores on one scale.
    """

    def __init__(self, retrievers: Sequence[Retriever], *, depth: int = 50) -> None:
        self.retrievers = list(retrievers)
        self.depth = depth

    def retrieve(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[Ranked]:
        depth = max(self.depth, 5 * k)
        rankings = [retriever.retrieve(query, depth, allowed) for retriever in self.retrievers]
        lexical_rank: dict[int, int] = {}
        dense_rank: dict[int, int] = {}
        for ranking in rankings:
            for found in ranking:
                if found.lexical_rank is not None:
                    lexical_rank.setdefault(found.row, found.lexical_rank)
                if found.dense_rank is not None:
                    dense_rank.setdefault(found.row, found.dense_rank)
        fused = reciprocal_rank_fusion([[found.row for found in ranking] for ranking in rankings])[:k]
        return [Ranked(row, score, lexical_rank.get(row), dense_rank.get(row)) for row, score in fused]


__all__ = ["DenseRetriever", "LexicalRetriever", "RankFusionRetriever", "Ranked", "Retriever"]
