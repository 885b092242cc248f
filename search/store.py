"""The passage store: where passages live and what the retrievers ask of it.

Every search mode (:mod:`quipu.search.retrievers`, :mod:`quipu.search.full_retrieval`)
reads passages through this one small protocol, so expansion, fusion and re-ranking run
the same on every backend. There are two:

- :class:`quipu.search.passages.PassageIndex`, the embedded default: files in the data
  directory (bm25s for BM25, FAISS for vectors), served by the process that opens them;
- :class:`quipu.search.postgres.PostgresPassages` (``QUIPU_SEARCH_URL=postgresql://…``):
  a PostgreSQL database with pgvector, shared by any number of processes.

A passage is named by a *key*, an integer the store gives it (a row number in the
embedded store, a serial in PostgreSQL): keys are stable while an index is open, and
are what the retrievers rank. Both stores score BM25 the same way, over the same
analysed terms (:class:`quipu.search.analysis.SpanishAnalyzer`), so a query ranks the
same passages on either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from .analysis import SpanishAnalyzer
from .catalog import EntityCatalog
from .embedder import Embedder
from .filters import SearchFilters
from .records import PassageRecord

# An embedder, or what loads one: an index opened to serve lexical queries should not pay
# for a model it may never use.
EmbedderSource = Embedder | Callable[[], Embedder]

# Which text BM25 reads: the passage alone; its headings alone (document title, section
# path and table header: table rows rarely repeat what they are about); or both glued.
Field = Literal["text", "heading", "context"]


@dataclass(frozen=True)
class Scored:
    """A passage a store ranked: its key and its score (BM25, or cosine similarity)."""

    key: int
    score: float


@dataclass(frozen=True)
class Neighbours:
    """The passages around one passage in its document, in document order: those before it
    (the nearest last) and those after it (the nearest first)."""

    before: tuple[PassageRecord, ...] = ()
    after: tuple[PassageRecord, ...] = ()


@runtime_checkable
class PassageStore(Protocol):
    """Passages with their BM25 terms, vectors and entity keys, searchable under filters."""

    model: str  # the QUIPU_MODEL the passages were embedded with

    @property
    def dimension(self) -> int:
        """The dimension of the stored vectors (0 when the store is empty)."""
        ...

    @property
    def catalog(self) -> EntityCatalog: ...

    @property
    def analyzer(self) -> SpanishAnalyzer: ...

    @property
    def has_embedder(self) -> bool: ...

    @property
    def embedder(self) -> Embedder: ...

    def __len__(self) -> int: ...

    # ------------------------------------------------------------ ranking

    def lexical(
        self, weights: Mapping[str, float], k: int, filters: SearchFilters | None = None, *, field: Field = "text"
    ) -> list[Scored]:
        """The ``k`` best passages by BM25 over analysed ``weights`` terms (each term's
        contribution times its weight), best first; only passages scoring above 0."""
        ...

    def dense(self, vector: np.ndarray, k: int, filters: SearchFilters | None = None) -> list[Scored]:
        """The ``k`` passages whose vectors are nearest ``vector`` (cosine), nearest first."""
        ...

    def lexical_scores(self, weights: Mapping[str, float], keys: Sequence[int], *, field: Field = "text") -> np.ndarray:
        """BM25 of each of these passages for the weighted terms (as :meth:`lexical`), in order."""
        ...

    def similarities(self, vector: np.ndarray, keys: Sequence[int]) -> np.ndarray:
        """Cosine similarity of ``vector`` with each of these passages' vectors, in order."""
        ...

    def idf(self, term: str, *, field: Field = "context") -> float:
        """BM25 inverse document frequency of an analysed term (0 for a term of no passage)."""
        ...

    def knows(self, term: str) -> bool:
        """Whether an analysed term occurs in some passage (with its headings)."""
        ...

    # ------------------------------------------------------------ reading passages

    def record(self, key: int) -> PassageRecord: ...

    def records_of(self, keys: Sequence[int]) -> list[PassageRecord]:
        """The records of these keys, in their order."""
        ...

    def key_of(self, passage_id: str) -> int | None:
        """The key of a passage, or None when the store does not hold it."""
        ...

    def iter_records(self) -> Iterator[PassageRecord]:
        """Every passage, in document order."""
        ...

    def embeddings_of(self, passage_ids: list[str]) -> np.ndarray | None:
        """Stored vectors of these passages, or None if any is missing."""
        ...

    def neighbours(self, passage_ids: Sequence[str], n: int) -> list[Neighbours]:
        """For each of these passages, up to ``n`` passages of its document before it and
        ``n`` after it, by their order in the document (fewer at its edges, none for a
        passage the store does not hold)."""
        ...

    def stats(self) -> StoreStats: ...


class LazyEmbedder:
    """What a store does with its query embedder: hold it, or what loads it on first use."""

    _embedder: EmbedderSource | None

    @property
    def has_embedder(self) -> bool:
        """Whether dense search is possible (the model itself may not be loaded yet)."""
        return self._embedder is not None

    @property
    def embedder(self) -> Embedder:
        """The query embedder, loaded on first use."""
        if self._embedder is None:
            raise RuntimeError("this index was opened without an embedder; dense search is unavailable")
        if not isinstance(self._embedder, Embedder):
            self._embedder = self._embedder()
        return self._embedder


@dataclass(frozen=True)
class StoreStats:
    """What a store holds, for /health and the CLI."""

    backend: str  # "embedded" | "postgresql"
    passages: int
    documents: int
    dimension: int
    dense: str  # how vectors are searched: "flat", "hnsw"


__all__ = ["EmbedderSource", "Field", "LazyEmbedder", "Neighbours", "PassageStore", "Scored", "StoreStats"]
