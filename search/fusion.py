"""Ranked lists and scores: top rows, reciprocal rank fusion, score normalisation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .store import Scored

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
    return [int(r) for r in top[np.argsort(-scores[top], kind="stable")]]


def max_normalised(found: Sequence[Scored]) -> dict[int, float]:
    """Scores divided by the best one, so the top passage scores 1 whatever the query."""
    best = max((s.score for s in found), default=0.0)
    return {s.key: s.score / best for s in found} if best > 0 else {s.key: 0.0 for s in found}


def min_max_scaled(found: Sequence[Scored]) -> dict[int, float]:
    """Similarities min-max scaled to [0, 1] over the nearest passages of one query.

    Cosine similarities of one model bunch in a narrow band (0.75–0.90 for e5); scaling
    them over the top passages of one query spreads that band over [0, 1], so they add to
    max-normalised BM25 scores on an equal footing, and the worst of them adds 0.
    """
    if not found:
        return {}
    low, high = min(s.score for s in found), max(s.score for s in found)
    return {s.key: (s.score - low) / (high - low) if high > low else 1.0 for s in found}
