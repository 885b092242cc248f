"""One ingest's new generation, written document by document.

A :class:`GenerationBuilder` holds what a generation needs while documents stream in:
the graph store (a copy of the previous generation's, changed in place), each
document's passage records, its facts, and the vectors of the passage texts. The
document itself is dropped once its graph is written, so memory grows with the
largest document and the passages, never with the corpus's text.

The embedder works on its own thread: while it embeds one document's passages (the
model's C code releases the GIL), the pipeline reads and extracts the next document
and writes its graph. A text that already has a vector (in the previous generation or
earlier in this ingest) is never embedded again.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import numpy as np

from quipu.core.errors import ConfigError
from quipu.core.settings import Settings
from quipu.graph import ONTOLOGY_GRAPH, GraphStore, IRIs, OxigraphStore, document_triples
from quipu.graph.facts import document_fact_triples, entity_triples
from quipu.graph.mapping import document_subject_triples
from quipu.graph.remote import SparqlEndpointStore
from quipu.graph.vocabulary import vocabulary_graph
from quipu.ingest import Document
from quipu.ingest.extract.resolve import merge_entities, resolve
from quipu.ingest.facts import Facts, facts_from_dict, facts_to_dict
from quipu.search import Embedder, EntityCatalog, PassageRecord, SearchIndex
from quipu.search.passages import PassageIndex, release_memory, save_ledger
from quipu.search.postgres import PostgresDatabase, PostgresWriter, ingest_state
from quipu.search.records import read_records

from .datadir import Generation, IngestState

EmbedderSource = Embedder | Callable[[], Embedder]


class Reporter:
    """What the builder tells the pipeline's report and progress (kept apart to stay testable)."""

    def __init__(self, advance: Callable[[str, int], None], extend: Callable[[str, int], None]) -> None:
        self.advance = advance
        self.extend = extend
        self.embedded = 0
        self.triples = 0
        self.entities = 0


class GenerationBuilder:
    """Writes one generation: graph, facts and search index, a document at a time."""

    def __init__(
        self,
        settings: Settings,
        previous: Generation | None,
        generation: Generation,
        state: IngestState,
        reporter: Reporter,
        embedder: EmbedderSource,
    ) -> None:
        self.settings = settings
        self.previous = previous
        self.generation = generation
        self.state = state
        self.reporter = reporter
        self.iris = IRIs(settings.base())
        self._embedder_source = embedder
        self._embedder: Embedder | None = None
        self._old_records, self._vectors = _previous_passages(previous, settings.model, generation.path / "vectors.spool")
        self._dimension = self._vectors.dimension
        self._records: dict[str, list[PassageRecord]] = {}
        self._facts: dict[str, Facts] = {}
        self._queued: set[str] = self._vectors.keys()
        self._pending: dict[str, Future[None]] = {}
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quipu-embed")
        self.generation.facts_path.mkdir(exist_ok=True)
        self._since_reopen = 0
        # A database search index has one writer: taking its lock first tells a second
        # ingest at once, before it reads a file.
        self._search: PostgresWriter | None = None
        if settings.search_url:
            database = PostgresDatabase(settings.search_url, max_connections=1)
            try:
                self._search = PostgresWriter(database, settings.model)
            except BaseException:
                database.close()
                raise
        try:
            self.store = self._open_store()
            self._store_open = True
            self.store.replace_graph(ONTOLOGY_GRAPH, vocabulary_graph(self.iris.base))
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------ the store

    def _open_store(self) -> GraphStore:
        settings = self.settings
        if settings.sparql_endpoint:
            # An external store is written in place: it keeps no generations of its own.
            if not settings.sparql_update_endpoint:
                raise ConfigError(
                    "QUIPU_SPARQL_ENDPOINT is set but QUIPU_SPARQL_UPDATE_ENDPOINT is not; ingest needs to write",
                    setting="QUIPU_SPARQL_UPDATE_ENDPOINT",
                )
            return SparqlEndpointStore.from_settings(settings)
        target = self.generation.graph_path
        if self.previous is not None and self.previous.graph_path.is_dir():
            source = OxigraphStore(self.previous.graph_path, read_only=True)
            source.backup(target)
            source.close()
        return OxigraphStore(target)

    # ------------------------------------------------------------ documents

    def remove(self, doc_ids: Iterable[str]) -> None:
        for doc_id in doc_ids:
            self.store.drop_graph(self.iris.document_graph(doc_id))
            self.store.drop_graph(self.iris.facts_graph(doc_id))

    def add(self, document: Document, facts: Facts) -> None:
        """Write a read document's facts and graph now, and queue its passages for the embedder."""
        (self.generation.facts_path / f"{document.id}.json").write_text(
            json.dumps(facts_to_dict(facts), ensure_ascii=False), encoding="utf-8"
        )
        self._facts[document.id] = _light(facts)
        count = self.store.replace_graph(self.iris.document_graph(document.id), document_triples(document, self.iris))
        self.state.documents[document.id].triples = count
        self.reporter.triples += count
        self._written(count)
        records = [PassageRecord.of(document, p) for p in document.passages]
        self._records[document.id] = records
        texts: dict[str, str] = {}
        for record in records:
            key = text_key(record.embedding_text)
            if key not in self._queued:
                self._queued.add(key)
                texts[key] = record.embedding_text
        self._submit(document.id, texts)

    # Quads written to the embedded store between two reopenings of it (see _written).
    REOPEN_AFTER = 1_000_000

    def _written(self, quads: int) -> None:
        """Reopen the embedded store after every million quads written: RocksDB keeps what
        it needs to read each file it wrote in memory while it stays open, which grew by
        about 50 MB per million quads (330 MB of a 30x-corpus ingest's 610 MB)."""
        self._since_reopen += quads
        if self._since_reopen >= self.REOPEN_AFTER and isinstance(self.store, OxigraphStore):
            self.store.close()
            self.store = OxigraphStore(self.generation.graph_path)
            self._since_reopen = 0

    def carry_over(self, doc_ids: Iterable[str]) -> None:
        """Keep these documents' passages from the previous generation, and queue those
        without a vector of this model (the model changed) for the embedder."""
        texts: dict[str, str] = {}
        for doc_id in doc_ids:
            for record in self._old_records.get(doc_id, []):
                key = text_key(record.embedding_text)
                if key not in self._queued:
                    self._queued.add(key)
                    texts[key] = record.embedding_text
        self._submit("", texts)

    def _submit(self, doc_id: str, texts: dict[str, str]) -> None:
        if texts:
            self.reporter.extend("passages", len(texts))
            self._pending[doc_id] = self._pool.submit(self._embed, texts)

    @property
    def added(self) -> int:
        """How many documents this ingest has read so far."""
        return len(self._records)

    def ready(self) -> list[str]:
        """Documents added in this ingest whose passages all have vectors, in the order added."""
        return [d for d in self._records if (f := self._pending.get(d)) is None or f.done()]

    def _embed(self, texts: dict[str, str]) -> None:
        if self._embedder is None:
            source = self._embedder_source
            self._embedder = source if isinstance(source, Embedder) else source()
        items = list(texts.items())
        # Enough batches per call for a remote engine to have QUIPU_EMBEDDINGS_CONCURRENCY in flight.
        step = self.settings.batch_size * max(4, self.settings.embeddings_concurrency)
        for i in range(0, len(items), step):
            batch = items[i : i + step]
            vectors = self._embedder.embed_passages([text for _, text in batch], batch_size=self.settings.batch_size)
            self._check_dimension(int(vectors.shape[1]))
            self._vectors.add([key for key, _ in batch], vectors)
            self.reporter.embedded += len(batch)
            self.reporter.advance("passages", len(batch))

    def embedded(self) -> Iterator[str]:
        """Wait for the embedder document by document; yields each as its passages are done."""
        for doc_id, future in list(self._pending.items()):
            future.result()
            yield doc_id

    def _check_dimension(self, dimension: int) -> None:
        """Vectors of one index all come from one model: a batch of another dimension than
        those kept from the previous generation (a remote server now running another model
        under the same name) stops the ingest before anything is published."""
        if self._dimension is None:
            self._dimension = dimension
        elif dimension != self._dimension:
            url = self.settings.embeddings_url
            raise ConfigError(
                f"the embedder gives vectors of {dimension} dimensions, but the index holds vectors of "
                f"{self._dimension} from QUIPU_MODEL={self.settings.model!r}"
                + (f"; the server at {url} runs another model" if url else "")
                + ". Vectors of two models cannot share an index: point QUIPU_EMBEDDINGS_URL at a server of "
                "that model, or name the new model in QUIPU_MODEL to embed every passage again",
                setting="QUIPU_EMBEDDINGS_URL" if url else "QUIPU_MODEL",
            )

    def _wait(self, doc_ids: Iterable[str]) -> None:
        for doc_id in doc_ids:
            if (future := self._pending.get(doc_id)) is not None:
                future.result()  # re-raises the embedder's error

    # ------------------------------------------------------------ finishing

    def facts_of(self, doc_ids: Iterable[str]) -> list[Facts]:
        """The facts of these documents, without their mentions' quotes (enough to resolve
        entities and count mentions): this ingest's, or the previous generation's (copied over)."""
        found = []
        for doc_id in sorted(doc_ids):
            if doc_id not in self._facts:
                source = self.previous.facts_path / f"{doc_id}.json" if self.previous else None
                if source is None or not source.exists():
                    continue  # ingested before extraction existed; re-ingest to extract
                target = self.generation.facts_path / f"{doc_id}.json"
                if not target.exists():
                    shutil.copyfile(source, target)
                self._facts[doc_id] = _light(self._full_facts(doc_id))
            found.append(self._facts[doc_id])
        return found

    def _full_facts(self, doc_id: str) -> Facts:
        """A document's facts as written in this generation, quotes and all."""
        path = self.generation.facts_path / f"{doc_id}.json"
        return facts_from_dict(json.loads(path.read_text(encoding="utf-8")))

    def _write_facts_graphs(self, doc_ids: list[str]) -> EntityCatalog:
        """Resolve the entities of these documents and write their facts graphs and the
        entities graph; a facts graph is rewritten only when its triples changed.

        Only one document's full facts are in memory at a time: the others are held
        without their quotes, which are most of their size."""
        all_facts = self.facts_of(doc_ids)
        mapping = resolve(all_facts)
        entities = merge_entities(all_facts, mapping)
        for light in all_facts:
            facts = self._full_facts(light.document_id)
            triples = [
                *document_fact_triples(facts, self.iris, mapping),
                *document_subject_triples(facts, self.iris, mapping),
            ]
            digest = _digest(triples)
            doc_state = self.state.documents[facts.document_id]
            if doc_state.facts_digest != digest:
                count = self.store.replace_graph(self.iris.facts_graph(facts.document_id), triples)
                self.reporter.triples += count
                self._written(count)
                doc_state.facts_digest = digest
        self.reporter.entities = len(entities)
        self.store.replace_graph(
            self.iris.entities_graph,
            (t for e in entities.values() for t in entity_triples(e, self.iris, entities.keys())),
        )
        subjects = {f.document_id: [mapping.get(key, key) for key in f.subjects] for f in all_facts}
        return EntityCatalog.of(entities, subjects)

    def _save_index(self, doc_ids: list[str], target: Path, catalog: EntityCatalog, state: IngestState) -> None:
        """Write the search index of these documents into ``target``; with a database
        index (QUIPU_SEARCH_URL), write there instead, and keep in ``target`` only the
        passages and their vectors, which the next ingest reuses."""
        by_document = {doc_id: self._records.get(doc_id) or self._old_records.get(doc_id, []) for doc_id in sorted(doc_ids)}
        records = [record for found in by_document.values() for record in found]
        if records:
            embeddings = self._vectors.matrix([text_key(r.embedding_text) for r in records])
        else:
            embeddings = np.zeros((0, 1), dtype=np.float32)
        if self._search is None:
            PassageIndex.write(
                target, records, embeddings, model=self.settings.model, catalog=catalog,
                hnsw_above=self.settings.hnsw_above,
            )
            return
        save_ledger(target, records, embeddings, model=self.settings.model)
        vectors, at = {}, 0
        for doc_id, found in by_document.items():
            vectors[doc_id] = embeddings[at : at + len(found)]
            at += len(found)
        self._search.sync(by_document, vectors, catalog, state.to_dict())

    def finish(self) -> None:
        """Wait for the embedder, then write the facts graphs, the entities graph, the index and the state."""
        doc_ids = sorted(self.state.documents)
        self._wait(["", *doc_ids])
        release_memory()  # what reading and extracting left freed, before every document's facts are resolved
        catalog = self._write_facts_graphs(doc_ids)
        # The graph is written: free the facts (every document's, held since it was read) and
        # the store's caches before the index, the largest build of an ingest, takes its memory.
        self._facts.clear()
        self.store.close()
        self._store_open = False
        release_memory()
        self._save_index(doc_ids, self.generation.index_path, catalog, self.state)
        self.state.write(self.generation.state_path)

    def snapshot(self, target: Generation) -> int:
        """Fill ``target`` with the documents ready so far, for a first ingest to publish
        while it goes on; returns how many documents it holds. The working store stays open
        (a RocksDB checkpoint hard-links its files)."""
        doc_ids = self.ready()
        catalog = self._write_facts_graphs(doc_ids)
        if isinstance(self.store, OxigraphStore):
            self.store.backup(target.graph_path)
        target.facts_path.mkdir(exist_ok=True)
        for doc_id in doc_ids:
            shutil.copyfile(self.generation.facts_path / f"{doc_id}.json", target.facts_path / f"{doc_id}.json")
        partial = IngestState(model=self.state.model, documents={d: replace(self.state.documents[d]) for d in doc_ids})
        self._save_index(doc_ids, target.index_path, catalog, partial)
        partial.write(target.state_path)
        return len(doc_ids)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._vectors.close()
        if getattr(self, "_store_open", False):
            self.store.close()
            self._store_open = False
        if self._search is not None:
            self._search.close()
            self._search.database.close()
            self._search = None


class Vectors:
    """Passage vectors by text key, kept on disk: the previous generation's, memory-mapped,
    and those embedded in this ingest, appended to a spool file (removed on close), so
    that a hundred thousand vectors cost page cache rather than the ingest's memory."""

    CHUNK = 16_384  # spooled rows read at a time (24 MB of 384-dimensional vectors)

    def __init__(self, spool: Path, old: np.ndarray | None = None, old_rows: dict[str, int] | None = None) -> None:
        self._old = old
        self._old_rows = old_rows or {}
        self._rows: dict[str, int] = {}
        self._spool = spool
        self._file = spool.open("wb")
        self._lock = threading.Lock()
        self.dimension: int | None = int(old.shape[1]) if old is not None and len(old) else None

    def keys(self) -> set[str]:
        return set(self._old_rows) | set(self._rows)

    def add(self, keys: list[str], vectors: np.ndarray) -> None:
        rows = np.ascontiguousarray(vectors, dtype=np.float32)
        with self._lock:
            self.dimension = self.dimension or int(rows.shape[1])
            start = len(self._rows)
            self._file.write(rows.tobytes())
            self._file.flush()
            for offset, key in enumerate(keys):
                self._rows.setdefault(key, start + offset)

    def matrix(self, keys: list[str]) -> np.ndarray:
        """The vectors of these texts, one row each, in memory (for the index).

        The spool is read in chunks rather than memory-mapped: mapped pages count in the
        process's RSS, and at 100x the corpus the spool is 150 MB.
        """
        with self._lock:
            dimension = self.dimension or 1
            out = np.empty((len(keys), dimension), dtype=np.float32)
            rows = np.array([self._rows.get(key, -1) for key in keys], dtype=np.int64)
            for i in np.flatnonzero(rows < 0):
                assert self._old is not None
                out[i] = self._old[self._old_rows[keys[i]]]
            if not len(self._rows):
                return out
            self._file.flush()
            written = self._spool.stat().st_size // (4 * dimension)
            chunk = self.CHUNK
            with self._spool.open("rb") as spool:
                for start in range(0, written, chunk):
                    block = np.fromfile(spool, dtype=np.float32, count=chunk * dimension).reshape(-1, dimension)
                    wanted = np.flatnonzero((rows >= start) & (rows < start + len(block)))
                    out[wanted] = block[rows[wanted] - start]
            return out

    def close(self) -> None:
        self._file.close()
        self._spool.unlink(missing_ok=True)


def search_behind(settings: Settings, previous: Generation | None, state: IngestState) -> bool:
    """Whether the search index must be written though no file changed: the database of
    QUIPU_SEARCH_URL holds another ingest's state than ``state`` (a new, emptied or shared
    database), or, back on the embedded index, the previous generation kept its passages
    in a database."""
    if settings.search_url:
        database = PostgresDatabase(settings.search_url, max_connections=1)
        try:
            return ingest_state(database) != state.to_dict()
        finally:
            database.close()
    if previous is None or not (previous.index_path / SearchIndex.INFO).exists():
        return False
    info = json.loads((previous.index_path / SearchIndex.INFO).read_text())
    return info.get("backend", "embedded") != "embedded"


def _previous_passages(
    previous: Generation | None, model: str, spool: Path
) -> tuple[dict[str, list[PassageRecord]], Vectors]:
    """The previous generation's passages by document, and the vectors of their texts when
    they were embedded by ``model`` (vectors of another model must not mix in)."""
    if previous is None or not (previous.index_path / SearchIndex.INFO).exists():
        return {}, Vectors(spool)
    folder = previous.index_path
    info = json.loads((folder / SearchIndex.INFO).read_text())
    by_document: dict[str, list[PassageRecord]] = {}
    records = list(read_records(folder / SearchIndex.RECORDS))
    for record in records:
        by_document.setdefault(record.document_id, []).append(record)
    if info.get("model") != model:
        return by_document, Vectors(spool)
    embeddings = np.load(folder / SearchIndex.EMBEDDINGS, mmap_mode="r")
    rows = {text_key(r.embedding_text): row for row, r in enumerate(records)}
    return by_document, Vectors(spool, embeddings, rows)


def _light(facts: Facts) -> Facts:
    """What resolving entities and the catalog need of ``facts``: its entities and subjects,
    each mention reduced to its passage; the links and observations (read again from the
    document's facts file when its graph is written) are left out."""
    entities = {
        key: replace(entity, mentions=[replace(span, start=0, end=0, quote="") for span in entity.mentions])
        for key, entity in facts.entities.items()
    }
    return replace(facts, entities=entities, links=[], observations=[])


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _digest(triples: list) -> str:
    return hashlib.sha256("\n".join(sorted(" ".join(map(str, t)) for t in triples)).encode()).hexdigest()


class PublishClock:
    """When a first ingest should publish what it has: at once for the first document,
    then no sooner than ``every`` seconds, nor than four times the last snapshot's cost
    (so snapshots never take more than a fifth of the ingest)."""

    def __init__(self, every: float) -> None:
        self.every = every
        self._last = 0.0
        self._cost = 0.0
        self._held = 0

    def due(self, ready: int) -> bool:
        if ready <= self._held:
            return False
        if self._held == 0:
            return True
        return time.monotonic() - self._last >= max(self.every, 4 * self._cost)

    def published(self, held: int, cost: float) -> None:
        self._held, self._cost, self._last = held, cost, time.monotonic()


__all__ = ["GenerationBuilder", "PublishClock", "Reporter", "text_key"]
