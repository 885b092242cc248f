"""Passages out: the hybrid search index (BM25 with Spanish analysis + FAISS vectors)."""

from .catalog import CatalogEntity, EntityCatalog
from .embedder import Embedder, SentenceTransformerEmbedder, load_embedder
from .filters import FACETS, Facets, FacetValue, SearchFilters, facet_counts
from .index import SEARCH_MODES, Hit, SearchIndex
from .records import PassageRecord

__all__ = [
    "FACETS",
    "SEARCH_MODES",
    "CatalogEntity",
    "EntityCatalog",
    "FacetValue",
    "Facets",
    "SearchFilters",
    "facet_counts",
    "Embedder",
    "Hit",
    "PassageRecord",
    "SearchIndex",
    "SentenceTransformerEmbedder",
    "load_embedder",
]
