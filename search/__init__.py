"""Passages out: the hybrid search index (BM25 with Spanish analysis + FAISS vectors).

:class:`SearchIndex` is what other packages use; :class:`PassageIndex` holds the rows
and every :class:`Retriever` (one per search mode) ranks them.
"""

from .catalog import CatalogEntity, EntityCatalog
from .embedder import Embedder, SentenceTransformerEmbedder, embedder_from_settings, load_embedder
from .filters import FACETS, Facets, FacetValue, SearchFilters, facet_counts
from .index import SEARCH_MODES, Hit, SearchIndex
from .passages import PassageIndex
from .records import PassageRecord
from .remote_embedder import RemoteEmbedder
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
    "RemoteEmbedder",
    "Retriever",
    "SearchIndex",
    "SentenceTransformerEmbedder",
    "embedder_from_settings",
    "load_embedder",
]
