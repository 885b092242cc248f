"""Passages out: the hybrid search index (BM25 with Spanish analysis + FAISS vectors).

:class:`SearchIndex` is what other packages use; :class:`PassageIndex` holds the rows
and every :class:`Retriever` (one per search mode) ranks them.
"""

from .catalog import CatalogEntity, EntityCatalog
from .embedder import Embedder, SentenceTransformerEmbedder, load_embedder
from .filters import FACETS, Facets, FacetValue, SearchFilters, facet_counts
from .index import SEARCH_MODES, Hit, SearchIndex
from .passages import PassageIndex
from .records import PassageRecord
from .retrievers import Ranked, Retriever

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
    "PassageIndex",
    "PassageRecord",
    "Ranked",
    "Retriever",
    "SearchIndex",
    "SentenceTransformerEmbedder",
    "load_embedder",
]
