"""Reciprocal rank fusion of ranked lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# k = 60 with 1-based ranks, as in Cormack et al. (2009); k = 0 lets each list's
# first hit dominate the fused ranking.
RRF_K = 60


def reciprocal_rank_fusion(rankings: Iterable[Sequence[int]], k: int = RRF_K) -> list[tuple[int, float]]:
    """Fuse ranked lists of row ids into one list of (row, score), best first."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, row in enumerate(ranking, start=1):
            fused[row] = fused.get(row, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))
