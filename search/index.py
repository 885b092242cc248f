"""The search index: what the rest of Quipu searches with.

A :class:`SearchIndex` is a :class:`~quipu.search.store.PassageStore` (the embedded
:class:`~quipu.search.passages.PassageIndex`, or PostgreSQL) with one
:class:`~quipu.search.retrievers.Retriever` per search mode over it, and the
highlighter that marks in each hit the sentence that answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from .catalog import EntityCatalog
from .confidence import CALIBRATED_MODEL, Confidence, Signals, decide, nearest_cosine, query_words
from .dense import HNSW_ABOVE
from .features import PassageFeatures
from .filters import SearchFilters
from .freedict import default_dictionary
from .full_retrieval import FullRetriever
from .highlight import Highlight, best_sentence
from .passages import EmbedderSource, PassageIndex
from .records import PassageRecord
from .rerank import Reranker
from .retrievers import DenseRetriever, LexicalRetriever, RankFusionRetriever, Retriever
from .store import Neighbours, PassageStore
from .suggest import NameIndex, Speller, suggestions

SEARCH_MODES = ("hybrid", "lexical", "dense", "full")


@dataclass(frozen=True)
class Hit:
    """One passage found by a search, with its score and the ranks BM25 and the vectors gave it."""

    record: PassageRecord
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None


class SearchIndex:
    """Passages in a :class:`~quipu.search.store.PassageStore`, searched in any of
    :data:`SEARCH_MODES`.

    The embedder is loaded only when a query needs it, so opening the index (and
    lexical search) stays fast; so is the ``reranker`` of the full mode's second stage
    (:mod:`quipu.search.rerank`; None: the full retrieval's own sentence re-ranking).
    """

    RECORDS = PassageIndex.RECORDS
    EMBEDDINGS = PassageIndex.EMBEDDINGS
    LEXICAL = PassageIndex.LEXICAL
    INFO = PassageIndex.INFO

    def __init__(self, passages: PassageStore, *, reranker: Reranker | None = None) -> None:
        self.passages = passages
        self.features = PassageFeatures(passages.analyzer)
        self.full = FullRetriever(passages, features=self.features, reranker=reranker)
        lexical, dense = LexicalRetriever(passages), DenseRetriever(passages)
        self.retrievers: dict[str, Retriever] = {
            "hybrid": RankFusionRetriever([lexical, dense]),
            "lexical": RankFusionRetriever([lexical]),
            "dense": RankFusionRetriever([dense]),
            "full": self.full,
        }

    # ------------------------------------------------------------ build and persist

    @classmethod
    def build(
        cls,
        records: list[PassageRecord],
        embeddings: np.ndarray,
        *,
        model: str,
        embedder: EmbedderSource | None = None,
        catalog: EntityCatalog | None = None,
        hnsw_above: int = HNSW_ABOVE,
        reranker: Reranker | None = None,
    ) -> SearchIndex:
        """Index ``records`` with their ``embeddings`` (row i is the vector of passage i)."""
        return cls(
            PassageIndex.build(
                records, embeddings, model=model, embedder=embedder, catalog=catalog, hnsw_above=hnsw_above
            ),
            reranker=reranker,
        )

    @classmethod
    def load(
        cls, folder: Path, *, embedder: EmbedderSource | None = None, reranker: Reranker | None = None
    ) -> SearchIndex:
        return cls(PassageIndex.load(folder, embedder=embedder), reranker=reranker)

    def save(self, folder: Path) -> None:
        if not isinstance(self.passages, PassageIndex):
            raise TypeError("only an embedded index is saved to a folder")
        self.passages.save(folder)

    # ------------------------------------------------------------ what the index holds

    def __len__(self) -> int:
        return len(self.passages)

    @property
    def records(self) -> list[PassageRecord]:
        """Every passage (read in full from a database store: for small indexes and tests)."""
        return list(self.passages.iter_records())

    @property
    def model(self) -> str:
        """The QUIPU_MODEL value the passages were embedded with."""
        return self.passages.model

    @property
    def catalog(self) -> EntityCatalog:
        return self.passages.catalog

    def embeddings_of(self, passage_ids: list[str]) -> np.ndarray | None:
        """Stored vectors of these passages, or None if any is missing (then re-embed)."""
        return self.passages.embeddings_of(passage_ids)

    def neighbours(self, passage_ids: Sequence[str], n: int) -> list[Neighbours]:
        """For each of these passages, the ``n`` passages before and after it in its document
        (fewer at its edges): the context a reader sees around a hit. Only reads passages, so
        a search's hits and scores are the same whether their neighbours are asked or not."""
        if n <= 0:
            return [Neighbours() for _ in passage_ids]
        return self.passages.neighbours(passage_ids, n)

    # ------------------------------------------------------------ queries

    def search(
        self, query: str, k: int = 10, *, mode: str = "hybrid", filters: SearchFilters | None = None
    ) -> list[Hit]:
        """The k passages that best answer the query, best first.

        ``hybrid`` fuses BM25 and dense rankings by RRF; ``lexical`` and ``dense`` use one
        of them; ``full`` adds query expansion (English → Spanish, acronyms), weighted
        score fusion and re-ranking (:mod:`quipu.search.full_retrieval`).
        ``filters`` restrict the ranking itself, so k results come back whenever k
        passages pass them.
        """
        if mode not in SEARCH_MODES:
            raise ValueError(f"mode must be one of {SEARCH_MODES}")
        if not len(self.passages) or k <= 0:
            return []
        found = self.retrievers[mode].retrieve(query, k, filters or None)
        records = self.passages.records_of([f.key for f in found])
        return [Hit(record, round(f.score, 6), f.lexical_rank, f.dense_rank) for f, record in zip(found, records)]

    def confidence(self, query: str, *, mode: str = "full", filters: SearchFilters | None = None) -> Confidence:
        """Whether a search in ``mode`` found anything close to ``query`` (:mod:`quipu.search.confidence`).

        The cosine signal is read only when the mode ranks by vectors, so a lexical search
        never loads the model.
        """
        words = query_words(query, self.full)
        cosine = None
        if mode != "lexical" and self.passages.has_embedder and len(self.passages):
            cosine = nearest_cosine(self.full, query, filters or None)
        return decide(Signals(words, cosine), calibrated=self.model == CALIBRATED_MODEL)

    def suggestions(self, query: str, confidence: Confidence) -> list[str]:
        """What to search for instead (:mod:`quipu.search.suggest`): ``query`` with its unknown
        words respelt, and entity names close to them; none for a query whose words are all
        known and that found something close."""
        unknown = confidence.signals.unknown
        if not unknown and not confidence.low:
            return []
        return suggestions(query, unknown, self.speller, self.names)

    @cached_property
    def speller(self) -> Speller:
        """The words of the passages and their headings, for close spellings (built on first use)."""
        return Speller(" ".join((r.document_title, *r.section, r.text)) for r in self.passages.iter_records())

    @cached_property
    def names(self) -> NameIndex:
        """The entity names of the catalog, for names close to a query (built on first use)."""
        return NameIndex(self.catalog)

    def highlighter(self, query: str) -> Callable[[PassageRecord], Highlight]:
        """A function marking, in any passage, the sentence that best matches ``query``."""
        weights = self.full.highlight_weights(query)
        terms_of, features = self.passages.analyzer.terms, self.features

        def mark(record: PassageRecord) -> Highlight:
            return best_sentence(record.text, weights, terms_of, features.sentences(record))

        return mark

    def warm_up(self) -> None:
        """Load the model, build the context index and analyse every passage's sentences now,
        rather than during the first queries."""
        if self.passages.has_embedder:
            self.passages.embedder.embed_query("warm up")
        self.search("warm up", 1, mode="full")
        default_dictionary()  # the FreeDict index, read on an English question's first unknown word
        for number, record in enumerate(self.passages.iter_records()):
            if number >= PassageFeatures.LIMIT:
                break
            self.features.sentences(record)


__all__ = ["SEARCH_MODES", "Hit", "SearchIndex"]
