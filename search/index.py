"""The passage search index: BM25 and dense vectors over the same rows, and their fusion."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from .analysis import figure_share
from .catalog import EntityCatalog
from .dense import DenseIndex
from .embedder import Embedder
from .filters import SearchFilters
from .fusion import reciprocal_rank_fusion, top_rows
from .highlight import Highlight, analysed_sentences, best_sentence
from .lexical import LexicalIndex
from .records import PassageRecord, read_records, write_records
from .retrieval import full_search, highlight_weights

SEARCH_MODES = ("hybrid", "lexical", "dense", "full")


@dataclass(frozen=True)
class Hit:
    """One passage found by a search, with its fused score."""

    record: PassageRecord
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None


class SearchIndex:
    """Passages, their BM25 index and their FAISS index, saved in one folder.

    The embedder is loaded only when a query needs it, so opening the index (and
    lexical search) stays fast.
    """

    RECORDS = "passages.jsonl"
    EMBEDDINGS = "embeddings.npy"
    LEXICAL = "bm25"
    INFO = "index.json"

    def __init__(
        self,
        records: list[PassageRecord],
        embeddings: np.ndarray,
        lexical: LexicalIndex,
        dense: DenseIndex,
        *,
        model: str,
        embedder: Embedder | Callable[[], Embedder] | None = None,
        catalog: EntityCatalog | None = None,
    ) -> None:
        self.records = records
        self.catalog = catalog or EntityCatalog([], {})
        self.embeddings = embeddings
        self.model = model
        self._lexical = lexical
        self._dense = dense
        self._embedder = embedder
        self._rows = {record.id: row for row, record in enumerate(records)}
        self._context_lexical: LexicalIndex | None = None
        self._sentences: dict[int, list[tuple[int, int, frozenset[str]]]] = {}
        self._naming: dict[str, list[int]] | None = None

    # ------------------------------------------------------------ build and persist

    @classmethod
    def build(
        cls,
        records: list[PassageRecord],
        embeddings: np.ndarray,
        *,
        model: str,
        embedder: Embedder | Callable[[], Embedder] | None = None,
        catalog: EntityCatalog | None = None,
    ) -> SearchIndex:
        if len(records) != len(embeddings):
            raise ValueError(f"{len(records)} passages but {len(embeddings)} embeddings")
        lexical = LexicalIndex.build([r.text for r in records])
        dense = DenseIndex.build(embeddings)
        return cls(records, embeddings, lexical, dense, model=model, embedder=embedder, catalog=catalog)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        write_records(folder / self.RECORDS, self.records)
        np.save(folder / self.EMBEDDINGS, self.embeddings)
        (folder / self.LEXICAL).mkdir(exist_ok=True)
        self._lexical.save(folder / self.LEXICAL)
        self._dense.save(folder)
        self.catalog.save(folder)
        info = {"model": self.model, "passages": len(self.records), "dimension": int(self.embeddings.shape[1])}
        (folder / self.INFO).write_text(json.dumps(info, indent=2))

    @classmethod
    def load(cls, folder: Path, *, embedder: Embedder | Callable[[], Embedder] | None = None) -> SearchIndex:
        info = json.loads((folder / cls.INFO).read_text())
        records = list(read_records(folder / cls.RECORDS))
        embeddings = np.load(folder / cls.EMBEDDINGS)
        return cls(
            records,
            embeddings,
            LexicalIndex.load(folder / cls.LEXICAL),
            DenseIndex.load(folder),
            model=info["model"],
            embedder=embedder,
            catalog=EntityCatalog.load(folder),
        )

    # ------------------------------------------------------------ queries

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            raise RuntimeError("this index was opened without an embedder; dense search is unavailable")
        if callable(self._embedder) and not isinstance(self._embedder, Embedder):
            self._embedder = self._embedder()
        return self._embedder  # type: ignore[return-value]

    def embeddings_of(self, passage_ids: list[str]) -> np.ndarray | None:
        """Stored vectors of these passages, or None if any is missing (then re-embed)."""
        rows = [self._rows.get(pid) for pid in passage_ids]
        if any(row is None for row in rows):
            return None
        return self.embeddings[rows]

    def allowed_rows(self, filters: SearchFilters | None) -> np.ndarray | None:
        """Row numbers of the passages that pass ``filters``; None when nothing is filtered."""
        if not filters:
            return None
        return np.array(
            [row for row, r in enumerate(self.records) if filters.accepts(r, self.catalog.of_passage(r.id))],
            dtype=np.int64,
        )

    def lexical_ranking(self, query: str, depth: int, allowed: np.ndarray | None = None) -> list[int]:
        return top_rows(self._lexical.scores(query), depth, allowed)

    def dense_ranking(self, query: str, depth: int, allowed: np.ndarray | None = None) -> list[int]:
        rows, _ = self.dense_similarities(query, depth, allowed)
        return [int(r) for r in rows]

    def dense_similarities(
        self, query: str, depth: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Rows and cosine similarities of the ``depth`` passages nearest the query, best first."""
        return self._dense.search(self.embedder.embed_query(query), depth, allowed=allowed)

    def entity_share(self, query: str) -> np.ndarray:
        """Per row, the share of the entities ``query`` names (entity catalog) that the passage names."""
        share = np.zeros(len(self.records))
        keys = {entity.key for entity in self.catalog.recognise(query)}
        if not keys:
            return share
        if self._naming is None:
            self._naming = {}
            for row, record in enumerate(self.records):
                for key in self.catalog.of_passage(record.id):
                    self._naming.setdefault(key, []).append(row)
        for key in keys:
            share[self._naming.get(key, [])] += 1.0 / len(keys)
        return share

    @cached_property
    def figure_shares(self) -> np.ndarray:
        """Per row, the share of the passage's tokens that are figures (computed on first use)."""
        return np.array([figure_share(record.text) for record in self.records], dtype=np.float64)

    @property
    def context_lexical(self) -> LexicalIndex:
        """BM25 over each passage with its document title and section path (built on first use).

        Table rows and list items rarely repeat what they are about; their headings do.
        """
        if self._context_lexical is None:
            self._context_lexical = LexicalIndex.build(
                [" ".join((r.document_title, *r.section, r.header, r.text)) for r in self.records]
            )
        return self._context_lexical

    def highlighter(self, query: str) -> Callable[[PassageRecord], Highlight]:
        """A function marking, in any passage, the sentence that best matches ``query``."""
        weights = highlight_weights(self, query)
        terms_of = self.context_lexical.analyzer.terms
        return lambda record: best_sentence(
            record.text, weights, terms_of, self.sentences(self._rows[record.id]) if record.id in self._rows else None
        )

    def warm_up(self) -> None:
        """Load the model, build the context index and analyse every passage's sentences now,
        rather than during the first queries."""
        if self._embedder is not None:
            self.embedder.embed_query("warm up")
        self.search("warm up", 1, mode="full")
        for row in range(len(self.records)):
            self.sentences(row)

    def sentences(self, row: int) -> list[tuple[int, int, frozenset[str]]]:
        """A passage's sentences with their analysed terms (computed once per passage)."""
        found = self._sentences.get(row)
        if found is None:
            found = self._sentences[row] = analysed_sentences(self.records[row].text, self.context_lexical.analyzer.terms)
        return found

    def search(
        self, query: str, k: int = 10, *, mode: str = "hybrid", filters: SearchFilters | None = None
    ) -> list[Hit]:
        """The k passages that best answer the query, best first.

        ``hybrid`` fuses BM25 and dense rankings by RRF; ``lexical`` and ``dense`` use one
        of them; ``full`` adds query expansion (English → Spanish, acronyms), weighted
        score fusion and re-ranking (:mod:`quipu.search.retrieval`).
        ``filters`` restrict the ranking itself, so k results come back whenever k
        passages pass them.
        """
        if mode not in SEARCH_MODES:
            raise ValueError(f"mode must be one of {SEARCH_MODES}")
        if not self.records or k <= 0:
            return []
        allowed = self.allowed_rows(filters)
        if allowed is not None and not len(allowed):
            return []
        if mode == "full":
            return [
                Hit(self.records[row], round(score, 6), lexical_rank, dense_rank)
                for row, score, lexical_rank, dense_rank in full_search(self, query, k, allowed=allowed)
            ]
        depth = max(50, 5 * k)
        lexical = self.lexical_ranking(query, depth, allowed) if mode != "dense" else []
        dense = self.dense_ranking(query, depth, allowed) if mode != "lexical" else []
        lexical_rank = {row: rank for rank, row in enumerate(lexical, start=1)}
        dense_rank = {row: rank for rank, row in enumerate(dense, start=1)}
        fused = reciprocal_rank_fusion([lexical, dense])[:k]
        return [
            Hit(self.records[row], round(score, 6), lexical_rank.get(row), dense_rank.get(row))
            for row, score in fused
        ]

