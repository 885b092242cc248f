"""The "full" retrieval: expanded BM25 + dense vectors, weighted rank fusion, re-ranking.

Steps, for one query:

1. :func:`quipu.search.expansion.expand` turns the query into Spanish terms (glossary,
   lexicon, cognates for English; other names of named entities in both languages);
2. BM25 scores the original terms (weight 1) plus the expansion terms (lower weights);
3. the dense index ranks passages by the embedding of the query as written;
4. the two rankings are fused by weighted reciprocal rank fusion;
5. the top candidates are re-ranked by a small feature mix: numbers of the query found
   in the passage, entities of the query named in the passage.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .analysis import fold
from .expansion import Expansion, expand
from .glossary import Vocabulary, default_vocabulary

if TYPE_CHECKING:
    from .index import SearchIndex

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class FullConfig:
    """Weights of the full retrieval (tuned on the dev split of the evaluation set)."""

    depth: int = 60  # candidates taken from each ranking
    rrf_k: int = 60
    lexical_weight: float = 1.0
    dense_weight: float = 0.1  # for English queries
    dense_weight_es: float = 0.0  # for Spanish queries (MiniLM is English: it only adds noise)
    multilingual_dense_weight: float = 1.0  # any query, with a multilingual model
    dense_query: str = "original"  # "original" | "expanded" (query + Spanish expansion)
    translation_weight: float = 1.0  # BM25 weight of glossary / lexicon terms
    cognate_weight: float = 0.8
    entity_weight: float = 0.5
    number_boost: float = 0.0  # fused-score bonus per query number found in the passage
    entity_boost: float = 0.0  # fused-score bonus when the passage names a query entity
    rerank_depth: int = 30
    context: bool = True  # BM25 over passages with their document title and section path


DEFAULT_CONFIG = FullConfig()


def lexical_weights(index: "SearchIndex", expansion: Expansion, config: FullConfig) -> dict[str, float]:
    """Analysed BM25 terms of the query and of its expansion, with their weights."""
    analyzer = index.context_lexical.analyzer
    weights: dict[str, float] = {}

    def add(text: str, weight: float) -> None:
        for term in analyzer.terms(text):
            if weights.get(term, 0.0) < weight:
                weights[term] = weight

    add(expansion.query, config.lexical_weight)
    add(" ".join(expansion.translated), config.translation_weight)
    add(" ".join(expansion.cognates), config.cognate_weight)
    add(" ".join(expansion.entities), config.entity_weight)
    return weights


def query_numbers(query: str) -> set[str]:
    """Numbers of a query worth finding in a passage: years, codes, amounts (not 1-digit)."""
    return {n for n in _NUMBER.findall(query) if len(n.replace(",", "").replace(".", "")) >= 2}


def full_search(
    index: "SearchIndex",
    query: str,
    k: int,
    *,
    config: FullConfig = DEFAULT_CONFIG,
    vocabulary: Vocabulary | None = None,
) -> list[tuple[int, float, int | None, int | None]]:
    """Rows of the k best passages as (row, score, lexical rank, dense rank), best first."""
    lexical_index = index.context_lexical if config.context else index._lexical
    analyzer = lexical_index.analyzer
    known = lexical_index.vocabulary

    def stem(word: str) -> str:
        terms = analyzer.terms(word)
        return terms[0] if terms else ""

    expansion = expand(query, vocabulary or default_vocabulary(), known=known, stem=stem)
    scores = lexical_index.weighted_scores(lexical_weights(index, expansion, config))
    depth = max(config.depth, k)
    lexical = _top(scores, depth)
    if getattr(index.embedder, "multilingual", False):
        dense_weight = config.multilingual_dense_weight
    else:
        dense_weight = config.dense_weight if expansion.english else config.dense_weight_es
    if not lexical:
        dense_weight = max(dense_weight, 1.0)  # no known term at all: the vectors are all we have
    dense_text = query if config.dense_query == "original" else f"{query} {expansion.spanish}"
    dense = index.dense_ranking(dense_text, depth) if dense_weight > 0 else []

    fused: dict[int, float] = {}
    for weight, ranking in ((config.lexical_weight, lexical), (dense_weight, dense)):
        for rank, row in enumerate(ranking, start=1):
            fused[row] = fused.get(row, 0.0) + weight / (config.rrf_k + rank)

    ranked = sorted(fused.items(), key=lambda item: (-item[1], item[0]))
    if config.number_boost or config.entity_boost:
        ranked = _rerank(index, ranked, query, expansion, config)

    lexical_rank = {row: rank for rank, row in enumerate(lexical, start=1)}
    dense_rank = {row: rank for rank, row in enumerate(dense, start=1)}
    return [(row, score, lexical_rank.get(row), dense_rank.get(row)) for row, score in ranked[:k]]


def _top(scores: np.ndarray, depth: int) -> list[int]:
    if not scores.any():
        return []
    depth = min(depth, len(scores))
    top = np.argpartition(-scores, depth - 1)[:depth]
    top = top[scores[top] > 0]
    return [int(r) for r in top[np.argsort(-scores[top], kind="stable")]]


def _rerank(
    index: "SearchIndex",
    ranked: list[tuple[int, float]],
    query: str,
    expansion: Expansion,
    config: FullConfig,
) -> list[tuple[int, float]]:
    numbers = query_numbers(query)
    names = [fold(n) for n in expansion.entities]
    head, tail = ranked[: config.rerank_depth], ranked[config.rerank_depth :]
    scale = 1.0 / (config.rrf_k + 1)  # the score of a first rank in one list
    rescored = []
    for row, score in head:
        text = index.folded_text(row)
        bonus = 0.0
        if numbers:
            found = sum(1 for n in numbers if re.search(rf"(?<![\d.,]){re.escape(n)}(?![\d])", text))
            bonus += config.number_boost * found / math.sqrt(len(numbers))
        if names and any(n in text for n in names):
            bonus += config.entity_boost
        rescored.append((row, score + bonus * scale))
    rescored.sort(key=lambda item: (-item[1], item[0]))
    return rescored + tail
