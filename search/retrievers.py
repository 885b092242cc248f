"""Retrievers: the one contract every search mode answers, and the plain implementations.

A :class:`Retriever` ranks the passages of a :class:`~quipu.search.store.PassageStore`
for a query. Here are BM25 (:class:`LexicalRetriever`), FAISS vectors
(:class:`DenseRetriever`) and their reciprocal rank fusion (:class:`RankFusionRetriever`);
the "full" retrieval, with query expansion and score fusion, is
:class:`quipu.search.full_retrieval.FullRetriever`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from .filters import SearchFilters
from .fusion import reciprocal_rank_fusion
from .store import PassageStore, Scored


@dataclass(frozen=True)
class Ranked:
    """One passage a retriever found: its key in the store, its score, and the 1-based
    ranks the BM25 and vector rankings gave it (None when that ranking did not find it)."""

    key: int
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None


class Retriever(Protocol):
    """Ranks the passages of an index for a query."""

    def retrieve(self, query: str, k: int, filters: SearchFilters | None = None) -> list[Ranked]:
        """The ``k`` best passages for ``query``, best first.

        ``filters`` restrict the ranking itself (the store applies them), so ``k``
        passages come back whenever ``k`` passages that pass them match.
        """
        ...


class LexicalRetriever:
    """BM25 over the passage texts; scores are BM25 scores, and only matching passages rank."""

    def __init__(self, passages: PassageStore) -> None:
        self.passages = passages

    def retrieve(self, query: str, k: int, filters: SearchFilters | None = None) -> list[Ranked]:
        # A term the query repeats counts once per repetition, as BM25 scores a query.
        weights = Counter(self.passages.analyzer.terms(query))
        found = self.passages.lexical(weights, k, filters) if weights else []
        return [Ranked(s.key, s.score, lexical_rank=rank) for rank, s in enumerate(found, start=1)]


class DenseRetriever:
    """The passages whose vectors are nearest the query's; scores are cosine similarities."""

    def __init__(self, passages: PassageStore) -> None:
        self.passages = passages

    def similarities(self, query: str, k: int, filters: SearchFilters | None = None) -> list[Scored]:
        """The ``k`` nearest passages and their cosine similarities, nearest first."""
        return self.passages.dense(self.passages.embedder.embed_query(query), k, filters)

    def retrieve(self, query: str, k: int, filters: SearchFilters | None = None) -> list[Ranked]:
        return [
            Ranked(s.key, s.score, dense_rank=rank)
            for rank, s in enumerate(self.similarities(query, k, filters), start=1)
        ]


class RankFusionRetriever:
    """Reciprocal rank fusion of other retrievers' rankings (the ``hybrid`` mode).

    Each retriever ranks ``max(depth, k)`` rows and a row scores the sum of 1 / (60 +
    its rank) over the rankings (a fixed depth: the first results never depend on how many
    are asked for, so the API, the CLI and a caller in process rank alike); ranks, not scores, so BM25 scores and cosine similarities
    need no common scale. Fusing a single ranking (the ``lexical`` and ``dense`` modes)
    keeps its order and gives every mode but ``full`` scores on one scale.
    """

    def __init__(self, retrievers: Sequence[Retriever], *, depth: int = 100) -> None:
        self.retrievers = list(retrievers)
        self.depth = depth

    def retrieve(self, query: str, k: int, filters: SearchFilters | None = None) -> list[Ranked]:
        depth = max(self.depth, k)
        rankings = [retriever.retrieve(query, depth, filters) for retriever in self.retrievers]
        lexical_rank: dict[int, int] = {}
        dense_rank: dict[int, int] = {}
        for ranking in rankings:
            for found in ranking:
                if found.lexical_rank is not None:
                    lexical_rank.setdefault(found.key, found.lexical_rank)
                if found.dense_rank is not None:
                    dense_rank.setdefault(found.key, found.dense_rank)
        fused = reciprocal_rank_fusion([[found.key for found in ranking] for ranking in rankings])[:k]
        return [Ranked(row, score, lexical_rank.get(row), dense_rank.get(row)) for row, score in fused]


__all__ = ["DenseRetriever", "LexicalRetriever", "RankFusionRetriever", "Ranked", "Retriever"]
