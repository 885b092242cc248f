"""Ranked lists and scores: top rows, reciprocal rank fusion, score normalisation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

# k = 60 with 1-based ranks, as in Cormack et al. (2009); k = 0 lets each list's
# first hit dominate the fused ranking.
RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Iterable[Sequence[int]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[int, float]]:
    """Fuse ranked lists of row ids into one list of (row, score), best first.

    ``weights`` (one per ranking, default 1) scale each list's contribution.
    """
    fused: dict[int, float] = {}
    for index, ranking in enumerate(rankings):
        weight = 1.0 if weights is None else weights[index]
        if not weight:
            continue
        for rank, row in enumerate(ranking, start=1):
            fused[row] = fused.get(row, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


def only_allowed(scores: np.ndarray, allowed: np.ndarray | None) -> np.ndarray:
    """The scores with every row outside ``allowed`` set to 0 (all of them when None)."""
    if allowed is None:
        return scores
    masked = np.zeros_like(scores)
    masked[allowed] = scores[allowed]
    return masked


def top_rows(scores: np.ndarray, depth: int, allowed: np.ndarray | None = None) -> list[int]:
    """Rows of the ``depth`` highest positive scores, best first (only ``allowed`` rows)."""
    scores = only_allowed(scores, allowed)
    if not scores.any():
        return []
    depth = min(depth, len(scores))
    top = np.argpartition(-scores, depth - 1)[:depth]
    top = top[scores[top] > 0]
    return [int(r) for r in top[np.lexsort((top, -scores[top]))]]  # ties by row, as a database orders them


# ---------------------------------------------------------------------------- fitted fusion

Norm = Literal["max", "z", "minmax", "raw"]


@dataclass(frozen=True)
class Candidates:
    """What the full retrieval knows of each candidate passage of one query, one array
    entry per candidate (``keys`` are the store's keys)."""

    keys: np.ndarray  # int64
    text: np.ndarray  # BM25 of the weighted query terms over the passage text (0: not matched)
    heading: np.ndarray  # the same over its document title, section path and table header
    context: np.ndarray  # the same over its headings and text glued into one field
    cosine: np.ndarray  # cosine similarity of the query's and the passage's vectors
    figures: np.ndarray  # share of the passage's tokens that are figures
    entities: np.ndarray  # share of the query's named entities the passage names
    nearest: np.ndarray  # bool: among the nearest vectors (the dense ranking's own list)

    def __len__(self) -> int:
        return len(self.keys)


def normalised(values: np.ndarray, norm: Norm) -> np.ndarray:
    """One query's scores on a scale another query's share.

    ``max``: divided by the best (the top scores 1); ``z``: standard scores over the
    candidates; ``minmax``: spread over [0, 1]; ``raw``: as they are (cosines already share
    one scale across queries)."""
    if not len(values) or norm == "raw":
        return values.astype(np.float64)
    values = values.astype(np.float64)
    if norm == "max":
        best = values.max()
        return values / best if best > 0 else np.zeros_like(values)
    if norm == "z":
        spread = values.std()
        return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)
    low, high = values.min(), values.max()
    return (values - low) / (high - low) if high > low else np.ones_like(values)


@dataclass(frozen=True)
class Fusion:
    """A weighted sum of a query's candidate scores, each normalised per query.

    score = norm(text) + heading_weight × norm(heading) + dense_weight × norm(cosine)
            + entity_weight × entity share

    where a passage made mostly of figures (``figures_share``; 1 disables it) takes its
    lexical part in place of its dense one when that is higher: a flattened table row says
    little a sentence model can read. The weights are fitted (``benchmarks/fit_fusion.py``).
    """

    lexical_field: str = "text"  # "text" | "context" | "fields" (text + heading_weight × heading, then normalised)
    lexical_norm: Norm = "max"
    dense_norm: Norm = "minmax"
    dense_weight: float = 0.5
    heading_weight: float = 0.0
    entity_weight: float = 0.0
    figures_share: float = 0.25
    sentence_weight: float = 0.15  # the re-ranker's (quipu.search.rerank), fitted with the rest
    rerank_depth: int = 30

    def scores(self, found: Candidates) -> np.ndarray:
        if self.lexical_field == "fields":
            lexical = normalised(found.text + self.heading_weight * found.heading, self.lexical_norm)
        else:
            lexical = normalised(found.context if self.lexical_field == "context" else found.text, self.lexical_norm)
        if self.heading_weight and self.lexical_field != "fields":
            lexical = lexical + self.heading_weight * normalised(found.heading, self.lexical_norm)
        dense = normalised(found.cosine, self.dense_norm)
        if self.figures_share < 1.0:
            tables = found.figures >= self.figures_share
            dense = np.where(tables, np.maximum(dense, lexical), dense)
        fused = lexical + self.dense_weight * dense
        if self.entity_weight:
            fused = fused + self.entity_weight * found.entities
        return fused

    def order(self, found: Candidates, sentence: np.ndarray | None = None) -> np.ndarray:
        """Candidate positions best first; ``sentence`` (the re-ranker's share per
        candidate) re-scores the first ``rerank_depth``."""
        fused = self.scores(found)
        order = np.lexsort((found.keys, -fused))
        if sentence is None or not self.sentence_weight:
            return order
        head = order[: self.rerank_depth]
        rescored = fused[head] + self.sentence_weight * sentence[head]
        return np.concatenate([head[np.lexsort((found.keys[head], -rescored))], order[self.rerank_depth :]])


# Fitted by `python benchmarks/fit_fusion.py --data D --corpus ../shared/corpus --corpus
# tests/search/eval/newdocs` on the 111 questions of tests/search/eval/questions.toml (the
# training split; R@5 0.919, MRR@10 0.767 there), best of 4,320 fusions by R@5 + MRR@10.
# Z-scores put BM25 and the cosines on one scale without stretching a narrow band of
# cosines over [0, 1] as min-max scaling did.
FITTED_FUSION = Fusion(
    lexical_field="context",
    lexical_norm="z",
    dense_norm="z",
    dense_weight=0.5,
    heading_weight=0.1,
    entity_weight=0.1,
    figures_share=0.25,
    sentence_weight=0.15,
    rerank_depth=30,
)
