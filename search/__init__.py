"""Passages out: the hybrid search index (BM25 with Spanish analysis + dense vectors).

:class:`SearchIndex` is what other packages use. A :class:`PassageStore` holds the
passages (:class:`PassageIndex`, files in the data directory, or
:class:`~quipu.search.postgres.PostgresPassages`, a PostgreSQL database) and every
:class:`Retriever` (one per search mode) ranks them.
"""

from .catalog import CatalogEntity, EntityCatalog
from .embedder import Embedder, SentenceTransformerEmbedder, embedder_from_settings, load_embedder
from .filters import FACETS, Facets, FacetValue, SearchFilters, facet_counts
from .index import SEARCH_MODES, Hit, SearchIndex
from .passages import PassageIndex
from .records import PassageRecord
from .remote_embedder import RemoteEmbedder
from .retrievers import Ranked, Retriever
from .store import PassageStore, Scored

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
    "PassageStore",
    "Ranked",
    "RemoteEmbedder",
    "Retriever",
    "Scored",
    "SearchIndex",
    "SentenceTransformerEmbedder",
    "embedder_from_settings",
    "load_embedder",
]
