"""Peer search engines for the retrieval benchmark (benchmarks/retrieval.py --peer).

:class:`TxtaiPeer` is txtai's hybrid search (``pip install -e '.[bench]'``) over the same
passages and the same vectors as a Quipu index: txtai's own keyword index (a terms index
scored by BM25, TF-IDF or SIF over txtai's Unicode word tokenizer: lowercase, no stemming,
no stop words) fused with a dense search over the vectors Quipu stored. No model is loaded
or downloaded: txtai runs with external vectors (``method="external"``) whose transform
function hands back the stored passage vectors while the index is built, and asks
Quipu's query embedder for a query's vector afterwards (the e5 "query: " prefix is that
embedder's own).

How txtai fuses the two rankings depends on its keyword scores (txtai 9.14,
``txtai.embeddings.search.hybrid``):

* ``normalize=True`` (what ``hybrid=True`` sets by itself): keyword scores scaled into
  0..1, then a convex combination ``w * cosine + (1 - w) * keyword``;
* ``normalize="bb25"``: Bayesian BM25 — keyword scores calibrated into probabilities by a
  sigmoid fitted to each query's candidates, dense cosines likewise, fused as weighted
  log-odds;
* ``normalize=False``: weighted reciprocal-rank fusion, ``w / rank`` (no constant 60).

``w`` is the dense weight (txtai's ``weights=w`` means ``[w, 1 - w]``, dense first).
Each side contributes ``10 * k`` candidates.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

QueryEmbedder = Callable[[str], np.ndarray]


@dataclass(frozen=True)
class TxtaiConfig:
    """One configuration of txtai's hybrid search, named as the benchmark table shows it."""

    name: str
    scoring: str = "bm25"  # txtai keyword scoring: bm25, tfidf or sif (pgtext needs PostgreSQL)
    normalize: bool | str = True  # True: convex fusion; "bb25": log-odds fusion; False: RRF
    weight: float = 0.5  # the dense side's weight; the keyword side gets 1 - weight

    @property
    def index_key(self) -> tuple[str, bool | str]:
        """What the keyword index depends on; configurations differing only in weight share one."""
        return (self.scoring, self.normalize)


# txtai's default hybrid fusion and its tuned (Bayesian BM25) one, each at three weights,
# plus rank fusion and txtai's two other offline keyword scorings at the even weight.
TXTAI_CONFIGS: tuple[TxtaiConfig, ...] = (
    *(TxtaiConfig(f"txtai-bm25-{w}", "bm25", True, w) for w in (0.3, 0.5, 0.7)),
    *(TxtaiConfig(f"txtai-bb25-{w}", "bm25", "bb25", w) for w in (0.3, 0.5, 0.7)),
    TxtaiConfig("txtai-rrf-0.5", "bm25", False, 0.5),
    TxtaiConfig("txtai-tfidf-0.5", "tfidf", True, 0.5),
    TxtaiConfig("txtai-sif-0.5", "sif", True, 0.5),
)


class _Transform:
    """txtai's external transform: the stored vectors, in document order, while the index
    is built (txtai vectorises the documents in the order they are given); the query
    embedder's vector for each text afterwards."""

    def __init__(self, embed_query: QueryEmbedder) -> None:
        self.embed_query = embed_query
        self.pending: np.ndarray | None = None
        self.taken = 0

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        if self.pending is not None:
            rows = self.pending[self.taken : self.taken + len(texts)]
            if len(rows) != len(texts):
                raise RuntimeError("txtai asked for more document vectors than there are passages")
            self.taken += len(texts)
            return rows
        return np.stack([np.asarray(self.embed_query(text), dtype=np.float32).reshape(-1) for text in texts])


class TxtaiPeer:
    """txtai hybrid search over ``texts`` (row order) with their ``vectors`` (float32, one
    L2-normalised row per text) and ``embed_query`` for queries (the same model)."""

    def __init__(
        self,
        texts: Sequence[str],
        vectors: np.ndarray,
        embed_query: QueryEmbedder,
        *,
        scoring: str = "bm25",
        normalize: bool | str = True,
        weights: float = 0.5,
        backend: str | None = None,
    ) -> None:
        from txtai import Embeddings
        from txtai.vectors.dense.external import External

        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(texts):
            raise ValueError(f"{len(texts)} texts need as many vector rows, got an array of shape {vectors.shape}")
        self.weights = weights
        self._transform = transform = _Transform(embed_query)

        # a plain function: txtai calls any other callable once, with no arguments, to make one
        def vectorise(texts: Sequence[str]) -> np.ndarray:
            return transform(texts)

        config: dict[str, object] = {
            "method": "external",
            "transform": vectorise,
            "content": True,
            "hybrid": True,
            # an explicit scoring table, since hybrid=True alone gives bm25 with normalize=True
            "scoring": {"method": scoring, "terms": True, "normalize": normalize},
        }
        if backend:
            config["backend"] = backend  # the ANN: faiss by default (exact below 5,000 rows), numpy, hnsw...
        self.embeddings = Embeddings(config)
        if not isinstance(self.embeddings.model, External):  # never a default model from the Hub
            raise RuntimeError("txtai did not take the external vectors")
        self._transform.pending, self._transform.taken = vectors, 0
        try:
            self.embeddings.index((row, text, None) for row, text in enumerate(texts))
        finally:
            taken, self._transform.pending = self._transform.taken, None
        if taken != len(texts):
            raise RuntimeError(f"txtai vectorised {taken} of {len(texts)} passages")

    def __len__(self) -> int:
        return int(self.embeddings.count())

    def search(self, query: str, k: int = 10, *, weights: float | None = None) -> list[int]:
        """Row numbers of the k best passages, best first; ``weights`` is the dense side's."""
        found = self.embeddings.search(query, k, weights=self.weights if weights is None else weights)
        return [int(hit["id"]) for hit in found]

    def close(self) -> None:
        self.embeddings.close()


def txtai_searchers(
    texts: Sequence[str],
    vectors: np.ndarray,
    embed_query: QueryEmbedder,
    configs: Sequence[TxtaiConfig] = TXTAI_CONFIGS,
) -> dict[str, Callable[[str, int], list[int]]]:
    """A search function (query, k) → rows for each configuration, named as it is; one
    txtai index per keyword scoring, shared by the configurations that differ in weight."""
    peers: dict[tuple[str, bool | str], TxtaiPeer] = {}
    searchers: dict[str, Callable[[str, int], list[int]]] = {}
    for config in configs:
        if config.index_key not in peers:
            peers[config.index_key] = TxtaiPeer(
                texts, vectors, embed_query, scoring=config.scoring, normalize=config.normalize
            )
        searchers[config.name] = _searcher(peers[config.index_key], config.weight)
    return searchers


def _searcher(peer: TxtaiPeer, weight: float) -> Callable[[str, int], list[int]]:
    def search(query: str, k: int) -> list[int]:
        return peer.search(query, k, weights=weight)

    return search


__all__ = ["TXTAI_CONFIGS", "TxtaiConfig", "TxtaiPeer", "txtai_searchers"]
