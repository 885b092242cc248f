"""Passages out: the hybrid search index (BM25 with Spanish analysis + FAISS vectors)."""

from .embedder import Embedder, SentenceTransformerEmbedder, load_embedder
from .index import SEARCH_MODES, Hit, SearchIndex
from .records import PassageRecord

__all__ = [
    "SEARCH_MODES",
    "Embedder",
    "Hit",
    "PassageRecord",
    "SearchIndex",
    "SentenceTransformerEmbedder",
    "load_embedder",
]
