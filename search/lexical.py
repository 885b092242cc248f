"""BM25 over passages with Spanish analysis (bm25s + PyStemmer)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path

import bm25s
import numpy as np

from .analysis import SpanishAnalyzer, spanish_analyzer


class LexicalIndex:
    """A BM25 index whose row i is passage i of the search index."""

    def __init__(self, bm25: bm25s.BM25, analyzer: SpanishAnalyzer | None = None) -> None:
        self._bm25 = bm25
        self._analyzer = analyzer or spanish_analyzer()
        # The score matrix's arrays as plain views (of the mapped file when loaded with mmap):
        # each index into a np.memmap makes a memmap object, a third of a query's BM25 time.
        index = bm25.scores
        self._data, self._indices, self._indptr = (np.asarray(index[k]) for k in ("data", "indices", "indptr"))

    @classmethod
    def build(cls, texts: Iterable[str]) -> LexicalIndex:
        analyzer = spanish_analyzer()
        # An empty passage still needs one token so that rows stay aligned with passages.
        corpus = [analyzer.terms(t) or [""] for t in texts]
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
        return cls(bm25, analyzer)

    def save(self, folder: Path) -> None:
        self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Open a saved index with its score matrix memory-mapped (read-only, shared between processes)."""
        return cls(bm25s.BM25.load(str(folder), mmap=True, show_progress=False))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage for the query (zeros when no term is known)."""
        vocab = self._bm25.vocab_dict
        terms = [t for t in self._analyzer.terms(query) if t in vocab]
        if not terms:
            return np.zeros(self._bm25.scores["num_docs"], dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)

    @property
    def vocabulary(self) -> dict[str, int]:
        """Index term → token id (terms are stemmed and folded, as ``analyzer.terms`` makes them)."""
        return self._bm25.vocab_dict

    @property
    def analyzer(self) -> SpanishAnalyzer:
        return self._analyzer

    def idf(self, term: str) -> float:
        """Inverse document frequency of an analysed term (0 for a term of no passage)."""
        token = self._bm25.vocab_dict.get(term)
        if token is None:
            return 0.0
        frequency = int(self._indptr[token + 1] - self._indptr[token])
        return math.log(1 + (self._bm25.scores["num_docs"] - frequency + 0.5) / (frequency + 0.5))

    def weighted_scores(self, weights: Mapping[str, float]) -> np.ndarray:
        """BM25 scores for already-analysed terms, each term's contribution times its weight."""
        data, indices, indptr = self._data, self._indices, self._indptr
        scores = np.zeros(self._bm25.scores["num_docs"], dtype=np.float32)
        vocab = self._bm25.vocab_dict
        for term, weight in weights.items():
            token = vocab.get(term)
            if token is None or weight == 0:
                continue
            start, end = indptr[token], indptr[token + 1]
            scores[indices[start:end]] += weight * data[start:end]
        return scores
