"""The read side of a Quipu installation: the current graph store and search index.

The HTTP app and the CLI both go through a :class:`Workspace`. It opens the current
generation read-only and reopens it when an ingest publishes a new one, so a running
server picks up new documents without a restart.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quipu.core.errors import (
    ConfigError,
    LimitError,
    NotReadyError,
    QueryError,
    QuipuError,
    StoreError,
    TooLargeError,
)
from quipu.core.settings import Settings
from quipu.graph import GraphStore, OxigraphStore, QueryResult
from quipu.graph.executor import QueryExecutor
from quipu.graph.policy import check_query
from quipu.graph.remote import SparqlEndpointStore
from quipu.graph.terms import iri_term
from quipu.search import (
    SEARCH_MODES,
    CatalogEntity,
    Embedder,
    Facets,
    PassageRecord,
    SearchFilters,
    SearchIndex,
    embedder_from_settings,
    facet_counts,
)
from quipu.search.embedder import QueryCache
from quipu.search.highlight import Highlight
from quipu.search.postgres import PostgresDatabase, PostgresPassages, database_version, held_documents, ingest_state
from quipu.search.rerank import reranker_from

from .datadir import DataDir, Generation, IngestState
from .status import IngestStatus, read_status

log = logging.getLogger("quipu.data")

FACET_DEPTH = 100  # ranked passages a search counts facets over


@dataclass(frozen=True)
class SearchHit:
    """One passage a search found, with what a reader needs to judge it."""

    record: PassageRecord  # the passage, with its document's title, year and type
    score: float  # the fused score the passages are ranked by (higher is better)
    highlight: Highlight | None  # the sentence that best matches the query; offsets into record.text
    entities: tuple[CatalogEntity, ...]  # the entities the passage mentions
    # The regions and entities its document is about: a filter on one of them keeps the
    # passage even when it does not mention it.
    about: tuple[CatalogEntity, ...] = ()


@dataclass(frozen=True)
class SearchOutcome:
    """What :meth:`Workspace.search` found: the passages, and what lets a reader narrow them.

    The HTTP API writes it as JSON (``quipu.api.schemas.SearchResponse.of``), the web pages
    as HTML; this is the one result both are made from.
    """

    query: str  # the query as searched (without surrounding spaces)
    mode: str  # one of quipu.search.SEARCH_MODES
    took_ms: float  # the time the search took, rounded to 0.01 ms
    hits: tuple[SearchHit, ...]  # the k best passages that pass the filters, best first
    facets: Facets  # counts per value over the first FACET_DEPTH ranked passages that pass the filters
    filters: Mapping[str, tuple[str, ...]]  # the filters given, as resolved (keys, ids), by facet name
    query_entities: tuple[CatalogEntity, ...]  # the entities the query names; each key is a valid filter
    # True when nothing close to the query was found (quipu.search.confidence): the hits are
    # then only the least far passages, kept for clients that want them anyway.
    low_confidence: bool = False
    suggestions: tuple[str, ...] = ()  # what to search for instead: the query respelt, entity names


def executor_for(settings: Settings) -> QueryExecutor:
    """The pool of SPARQL worker processes of a server, with the limits of ``settings``."""
    return QueryExecutor(
        workers=settings.query_workers,
        timeout=settings.query_timeout,
        max_bytes=settings.max_result_bytes,
        queue_limit=settings.query_queue,
        per_client=settings.query_client_limit,
        memory_mb=settings.query_memory_mb,
    )


def open_store(settings: Settings, generation: Generation, *, read_only: bool) -> GraphStore:
    """The graph store of a generation: the embedded Oxigraph, or the external SPARQL store."""
    if settings.sparql_endpoint:
        return SparqlEndpointStore.from_settings(settings)
    return OxigraphStore(generation.graph_path, read_only=read_only)


@dataclass
class _Opened:
    pointer: str | None  # what CURRENT said when this was opened
    marker: str  # the generation opened: the current one, or the previous when it is damaged
    store: GraphStore
    index: SearchIndex
    state: IngestState
    damaged: list[str]  # what is wrong with the current generation when the previous is used
    triples: int | None = None  # counted once, on the first /health


class Workspace:
    """Opens what the last ingest published and answers searches and SPARQL queries."""

    def __init__(
        self, settings: Settings, *, embedder: Embedder | None = None, executor: QueryExecutor | None = None
    ) -> None:
        self.settings = settings
        self.data = DataDir(settings.data_dir)
        self._embedder = embedder
        # With an executor, SPARQL runs in worker processes under a time limit (the server);
        # without one, in this process (the CLI, where Ctrl-C stops a query).
        self.executor = executor
        self._opened: _Opened | None = None
        self._lock = threading.Lock()
        self._search_db: PostgresDatabase | None = None
        self._connecting = threading.Lock()

    # ------------------------------------------------------------ state

    def embedder(self) -> Embedder:
        """The query embedder, loaded once and kept across generations."""
        if self._embedder is None:
            self._embedder = QueryCache(embedder_from_settings(self.settings))
        return self._embedder

    def ingest_status(self) -> IngestStatus | None:
        """The progress of an ingest running on this data directory (here or in another process)."""
        return read_status(self.data)

    def search_database(self) -> PostgresDatabase | None:
        """The database of QUIPU_SEARCH_URL (connected once per process), or None."""
        if self.settings.search_url and self._search_db is None:
            with self._connecting:
                if self._search_db is None:
                    self._search_db = PostgresDatabase(self.settings.search_url)
        return self._search_db

    def is_empty(self) -> bool:
        """Nothing to serve yet: no generation here, and no passages in the search database."""
        if self.data.current() is not None:
            return False
        database = self.search_database()
        return database is None or held_documents(database) == 0

    def _pointer(self) -> str | None:
        """What changes whenever something new is published: the current generation, and
        the version of the search database, which another process's ingest may change."""
        marker = self.data.current_marker()
        database = self.search_database()
        if database is None:
            return marker
        return f"{marker}@{database_version(database)}"

    def _open(self) -> _Opened:
        pointer = self._pointer()
        opened = self._opened
        if opened is not None and opened.pointer == pointer:
            return opened
        with self._lock:
            if self._opened is not None and self._opened.pointer == pointer:
                return self._opened
            generation = self.data.current()
            database = self._search_db
            if generation is None and database is not None:
                self._opened = self._open_shared(pointer, database)
                return self._opened
            if generation is None:
                raise NotReadyError(
                    f"nothing has been ingested into {self.settings.data_dir} yet; run `quipu ingest` first"
                )
            generation, damaged = self._intact(generation)
            if database is not None:
                index = self._database_index(database)
            else:
                index = self._load_index(generation)
            self._opened = _Opened(
                pointer=pointer,
                marker=generation.name,
                store=open_store(self.settings, generation, read_only=True),
                index=index,
                state=generation.state(),
                damaged=damaged,
            )
            return self._opened

    def _load_index(self, generation: Generation) -> SearchIndex:
        info = generation.index_path / SearchIndex.INFO
        if info.exists() and json.loads(info.read_text()).get("backend", "embedded") != "embedded":
            raise ConfigError(
                f"the passages ingested into {self.settings.data_dir} live in a PostgreSQL database, and "
                "QUIPU_SEARCH_URL is not set: set it to that database, or run `quipu ingest` to build the "
                "embedded index",
                setting="QUIPU_SEARCH_URL",
            )
        try:
            index = SearchIndex.load(
                generation.index_path,
                embedder=lambda: self._query_embedder(index.model, index.passages.dimension),
                reranker=reranker_from(self.settings),
            )
        except QuipuError:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged file the checksums did not cover
            raise StoreError(
                f"cannot read the search index in {generation.index_path} ({type(exc).__name__}: {exc}); "
                "run `quipu verify`, then `quipu restore` or ingest again",
                location=str(generation.index_path),
            ) from None
        return index

    def _database_index(self, database: PostgresDatabase) -> SearchIndex:
        passages: PostgresPassages = PostgresPassages(
            database, embedder=lambda: self._query_embedder(passages.model, passages.dimension)
        )
        return SearchIndex(passages, reranker=reranker_from(self.settings))

    def _open_shared(self, pointer: str | None, database: PostgresDatabase) -> _Opened:
        """A process that serves what another one ingested: the passages from the search
        database, the graph from the external SPARQL store, nothing from the data directory."""
        if not self.settings.sparql_endpoint:
            raise NotReadyError(
                f"nothing has been ingested into {self.settings.data_dir}, and the graph of the passages in "
                "QUIPU_SEARCH_URL lives in the data directory of the process that ingested them; set "
                "QUIPU_SPARQL_ENDPOINT to an external SPARQL store that both use, or run `quipu ingest` here"
            )
        state = ingest_state(database)
        return _Opened(
            pointer=pointer,
            marker="shared",
            store=SparqlEndpointStore.from_settings(self.settings),
            index=self._database_index(database),
            state=IngestState.from_dict(state) if state else IngestState(),
            damaged=[],
        )

    def _intact(self, generation: Generation) -> tuple[Generation, list[str]]:
        """``generation`` when its checksums hold; else the previous generation when that one
        is intact (with what is wrong with the current one); else :class:`StoreError`."""
        problems = generation.verify()
        if not problems:
            return generation, []
        log.error("the current generation %s is damaged: %s", generation.name, "; ".join(problems))
        previous = self.data.previous()
        if previous is not None and previous != generation and not previous.verify():
            log.error(
                "serving the previous generation %s instead; run `quipu restore` to make it current", previous.name
            )
            return previous, problems
        raise StoreError(
            f"the data in {self.settings.data_dir} is damaged: {'; '.join(problems[:5])}; and there is no intact "
            "previous generation. Delete the data directory and run `quipu ingest` again",
            location=str(generation.path),
        )

    @property
    def triples(self) -> int:
        """How many triples the graph holds (counted once per generation: a count walks the store)."""
        opened = self._open()
        if opened.triples is None:
            opened.triples = len(opened.store)
        return opened.triples

    @property
    def damaged(self) -> list[str]:
        """What is wrong with the current generation when the previous one is served instead."""
        return self._open().damaged

    def _query_embedder(self, index_model: str, dimension: int) -> Embedder:
        """The embedder for queries, refused when the passages were embedded by another model
        (its vectors would rank at random, silently), or when it gives vectors of another
        dimension than the index's (a remote server that now runs another model)."""
        if index_model != self.settings.model:
            raise ConfigError(
                f"the passages in {self.settings.data_dir} were embedded with QUIPU_MODEL={index_model!r}, "
                f"but QUIPU_MODEL is {self.settings.model!r}: run `quipu ingest` to embed them again with it, "
                f"or set QUIPU_MODEL={index_model}",
                setting="QUIPU_MODEL",
            )
        embedder = self.embedder()
        if embedder.dimension != dimension:
            where = f"the server at {self.settings.embeddings_url}" if self.settings.embeddings_url else "the model"
            raise ConfigError(
                f"the passages in {self.settings.data_dir} have vectors of {dimension} dimensions from "
                f"{index_model!r}, but {where} gives {embedder.dimension}: it runs another model. Point "
                "QUIPU_EMBEDDINGS_URL at a server of that model, or name the new model in QUIPU_MODEL and "
                "run `quipu ingest` to embed every passage again",
                setting="QUIPU_EMBEDDINGS_URL" if self.settings.embeddings_url else "QUIPU_MODEL",
            )
        return embedder

    @property
    def store(self) -> GraphStore:
        return self._open().store

    @property
    def index(self) -> SearchIndex:
        return self._open().index

    @property
    def state(self) -> IngestState:
        return self._open().state

    @property
    def generation(self) -> str:
        return self._open().marker

    def warm_up(self) -> None:
        """Open everything and load the model now rather than on the first query."""
        self._open()
        self.index.warm_up()

    # ------------------------------------------------------------ queries

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        mode: str = "full",
        documents: Sequence[str] = (),
        years: Sequence[int | str] = (),
        document_types: Sequence[str] = (),
        regions: Sequence[str] = (),
        entities: Sequence[str] = (),
    ) -> SearchOutcome:
        """The k best passages for ``query`` that pass the filters, with facet counts.

        Regions and entities are given by key, label or acronym. Facets count the
        first :data:`FACET_DEPTH` ranked passages that pass the filters. When nothing close
        to the query is found, the outcome says so (``low_confidence``) and suggests what to
        search for instead; the hits are returned all the same.
        """
        query = query.strip()
        if not query:
            raise QueryError("the search query is empty; give some words to look for", query=query)
        limit = self.settings.max_question_chars
        if limit and len(query) > limit:
            raise TooLargeError(
                f"the question has {len(query):,} characters, more than {limit:,} (QUIPU_MAX_QUESTION_CHARS); "
                "ask it in fewer words",
                limit="max_question_chars",
                value=limit,
                in_url=True,
            )
        if mode not in SEARCH_MODES:
            raise QueryError(f"unknown search mode {mode!r}; use one of {', '.join(SEARCH_MODES)}")
        if not 1 <= k <= self.settings.max_k:
            raise LimitError(f"k must be between 1 and {self.settings.max_k} (QUIPU_MAX_K)", limit="max_k", value=k)
        began = time.perf_counter()
        index = self.index
        filters = SearchFilters.parse(
            index.catalog,
            documents=documents,
            years=years,
            document_types=document_types,
            regions=regions,
            entities=entities,
        )
        ranked = index.search(query, max(k, FACET_DEPTH), mode=mode, filters=filters)
        mark = index.highlighter(query)
        catalog = index.catalog
        hits = tuple(
            SearchHit(
                record=h.record,
                score=h.score,
                highlight=mark(h.record),
                entities=tuple(e for key in catalog.of_passage(h.record.id) if (e := catalog.get(key)) is not None),
                about=tuple(
                    e for key in catalog.of_document(h.record.document_id) if (e := catalog.get(key)) is not None
                ),
            )
            for h in ranked[:k]
        )
        facets = facet_counts([h.record for h in ranked], catalog)
        confidence = index.confidence(query, mode=mode, filters=filters)
        suggestions = index.suggestions(query, confidence)
        took = (time.perf_counter() - began) * 1000
        applied = {
            "document": sorted(filters.documents),
            "year": sorted(str(y) for y in filters.years),
            "document_type": sorted(filters.document_types),
            "region": sorted(filters.regions),
            "entity": sorted(filters.entities),
        }
        return SearchOutcome(
            query=query,
            mode=mode,
            took_ms=round(took, 2),
            hits=hits,
            facets=facets,
            filters={name: tuple(values) for name, values in applied.items() if values},
            query_entities=tuple(catalog.recognise(query)),
            low_confidence=confidence.low,
            suggestions=tuple(suggestions),
        )

    def sparql(
        self,
        query: str,
        *,
        accept: Sequence[str] = (),
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        client: str = "",
    ) -> QueryResult:
        """Run a SPARQL query that a user sent: checked first (no SERVICE unless allowed, no
        deep nesting, graph names that are IRIs), then run in a worker under the time
        limit when this workspace has an executor (the server)."""
        if not query.strip():
            raise QueryError("the SPARQL query is empty", query=query)
        check_query(query, service_allow=self.settings.service_allow())
        for name, graphs in (("default-graph-uri", default_graphs), ("named-graph-uri", named_graphs)):
            for graph in graphs:
                try:
                    iri_term(graph)
                except QueryError:
                    raise QueryError(f"{name} {graph[:200]!r} is not an IRI; give absolute IRIs of graphs") from None
        opened = self._open()
        if self.executor is not None and isinstance(opened.store, OxigraphStore):
            generation = Generation(self.data.generations / opened.marker)
            return self.executor.run(
                generation.graph_path,
                query,
                accept=accept,
                default_graphs=default_graphs,
                named_graphs=named_graphs,
                client=client,
            )
        return opened.store.query(query, accept=accept, default_graphs=default_graphs, named_graphs=named_graphs)
