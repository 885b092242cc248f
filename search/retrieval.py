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
from .fusion import reciprocal_rank_fusion, top_rows
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
    translated_source_weight: float = 0.2  # BM25 weight of English words that were translated
    source_weight: float = 0.3  # BM25 weight of the words of a source clause ("según la evaluación de X")
    sentence_boost: float = 0.5  # fused-score bonus × share of the query's weight found in one sentence
    rerank_depth: int = 30
    context: bool = True  # BM25 over passages with their document title and section path


DEFAULT_CONFIG = FullConfig()


# Question words that survive the stop list ("¿cuántos…?", "¿cuál…?", "según…"): they ask,
# they are not what the answer says, and "el cual" is everywhere in Spanish prose.
QUESTION_TERMS = frozenset({"cuant", "cual", "segun", "dond", "cuand"})


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
    if expansion.english and config.translated_source_weight < 1.0 and expansion.matched:
        # "one-stop windows" is carried by "ventanilla única"; the English words themselves,
        # rare loanwords in Spanish text ("one-stop point"), would outweigh it.
        keep = set(analyzer.terms(" ".join([*expansion.untranslated, expansion.spanish])))
        for term in set(analyzer.terms(" ".join(expansion.matched))) - keep:
            if term in weights:
                weights[term] = min(weights[term], config.translated_source_weight)
    for term in QUESTION_TERMS.intersection(weights):
        del weights[term]
    if config.source_weight < 1.0:
        _soften_source(weights, index, expansion.query, config.source_weight)
    return weights


# "según la evaluación de CAPLAB", "according to the REDPROEMPLEO evaluation": the clause names
# where the answer is, not what it says; its words would pull the document's introduction.
_SOURCE_CLAUSE = re.compile(
    r"\b(?:seg[uú]n|de\s+acuerdo\s+(?:con|a)|conforme\s+a|according\s+to|as\s+reported\s+(?:in|by))\s+[^,;?¿¡]+"
    r"|\b(?:en|in)\s+(?:la|el|los|las|the|its|their)\s+(?:\w+\s+){0,3}?"
    r"(?:evaluaci[oó]n|informe|ficha|sistematizaci[oó]n|documento|estudio|evaluation|report|fact\s+sheet|study|document|review)"
    r"\b[^,;?¿¡]*",
    re.IGNORECASE,
)


def _soften_source(weights: dict[str, float], index: "SearchIndex", query: str, weight: float) -> None:
    """Lower the weight of the terms that only a source clause of the query brings."""
    clauses = [m.group() for m in _SOURCE_CLAUSE.finditer(query)]
    if not clauses:
        return
    rest = _SOURCE_CLAUSE.sub(" ", query)
    analyzer = index.context_lexical.analyzer

    def terms_of(text: str) -> set[str]:
        expansion = query_expansion(index, text)
        return set(analyzer.terms(" ".join([text, expansion.spanish])))

    kept = terms_of(rest)
    for term in terms_of(" ".join(clauses)) - kept:
        if term in weights:
            weights[term] = min(weights[term], weight)


def query_expansion(index: "SearchIndex", query: str, vocabulary: Vocabulary | None = None) -> Expansion:
    """The query's expansion, with cognates checked against the terms of the index."""
    analyzer = index.context_lexical.analyzer
    known = index.context_lexical.vocabulary

    def stem(word: str) -> str:
        terms = analyzer.terms(word)
        return terms[0] if terms else ""

    return expand(query, vocabulary or default_vocabulary(), known=known, stem=stem)


def highlight_weights(index: "SearchIndex", query: str, config: FullConfig = DEFAULT_CONFIG) -> dict[str, float]:
    """Analysed terms of the query and its expansion, weighted by expansion weight × IDF."""
    weights = lexical_weights(index, query_expansion(index, query), config)
    return {term: weight * index.context_lexical.idf(term) for term, weight in weights.items()}


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
    allowed: np.ndarray | None = None,
) -> list[tuple[int, float, int | None, int | None]]:
    """Rows of the k best passages as (row, score, lexical rank, dense rank), best first.

    ``allowed`` (row numbers) restricts every ranking to the passages a filter lets through.
    """

    lexical_index = index.context_lexical if config.context else index._lexical
    expansion = query_expansion(index, query, vocabulary)
    weights = lexical_weights(index, expansion, config)
    scores = lexical_index.weighted_scores(weights)
    # Rankings are read deeper than config.depth only to fill a long result list (facets);
    # the order of the first results never depends on k.
    depth = max(config.depth, k)
    lexical_all = top_rows(scores, depth, allowed)
    if getattr(index.embedder, "multilingual", False):
        dense_weight = config.multilingual_dense_weight
    else:
        dense_weight = config.dense_weight if expansion.english else config.dense_weight_es
    if not lexical_all:
        dense_weight = max(dense_weight, 1.0)  # no known term at all: the vectors are all we have
    dense_text = query if config.dense_query == "original" else f"{query} {expansion.spanish}"
    dense_all = index.dense_ranking(dense_text, depth, allowed) if dense_weight > 0 else []

    lexical, dense = lexical_all[: config.depth], dense_all[: config.depth]
    weights_of_lists = [config.lexical_weight, dense_weight]
    ranked = reciprocal_rank_fusion([lexical, dense], config.rrf_k, weights_of_lists)
    if config.number_boost or config.entity_boost or config.sentence_boost:
        term_weights = {t: w * lexical_index.idf(t) for t, w in weights.items()} if config.sentence_boost else {}
        ranked = _rerank(index, ranked, query, expansion, config, term_weights)
    if len(ranked) < k:
        seen = {row for row, _ in ranked}
        deeper = reciprocal_rank_fusion([lexical_all, dense_all], config.rrf_k, weights_of_lists)
        ranked += [(row, score) for row, score in deeper if row not in seen]

    lexical_rank = {row: rank for rank, row in enumerate(lexical_all, start=1)}
    dense_rank = {row: rank for rank, row in enumerate(dense_all, start=1)}
    return [(row, score, lexical_rank.get(row), dense_rank.get(row)) for row, score in ranked[:k]]


def _rerank(
    index: "SearchIndex",
    ranked: list[tuple[int, float]],
    query: str,
    expansion: Expansion,
    config: FullConfig,
    term_weights: dict[str, float] | None = None,
) -> list[tuple[int, float]]:
    numbers = query_numbers(query)
    total = sum(term_weights.values()) if term_weights else 0.0
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
        if total:
            # Query terms close together (in one sentence or table row) answer better than scattered ones.
            found = max(sum(term_weights.get(t, 0.0) for t in terms) for *_, terms in index.sentences(row))
            bonus += config.sentence_boost * found / total
        rescored.append((row, score + bonus * scale))
    rescored.sort(key=lambda item: (-item[1], item[0]))
    return rescored + tail
