"""The embedded passage store: every passage as one row of files in the data directory.

Row i is the same passage everywhere: in ``records``, in the stored vectors, in the
BM25 index and in the FAISS index, and its row is its key for the retrievers
(:mod:`quipu.search.retrievers`, :mod:`quipu.search.full_retrieval`), which read it
through the :class:`~quipu.search.store.PassageStore` protocol, so a passage is analysed,
embedded and stored once, whatever the search mode.
"""

from __future__ import annotations

import ctypes
import gc
import json
import threading
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path

import numpy as np

from .analysis import SpanishAnalyzer
from .catalog import EntityCatalog
from .dense import HNSW_ABOVE, DenseIndex
from .filters import SearchFilters
from .fusion import top_rows
from .lexical import LexicalIndex
from .records import PassageRecord, read_records, write_records
from .store import EmbedderSource, Field, LazyEmbedder, Neighbours, Scored, StoreStats


class PassageIndex(LazyEmbedder):
    """Passages, their vectors, their BM25 and FAISS indexes and the entity catalog.

    Saved in one folder. The embedder is loaded only when a query needs it, so opening
    the index (and lexical search) stays fast; what only some queries need (BM25 with
    headings, analysed sentences, figure shares) is computed on first use.
    """

    RECORDS = "passages.jsonl"
    EMBEDDINGS = "embeddings.npy"
    LEXICAL = "bm25"
    CONTEXT_LEXICAL = "bm25-context"
    HEADING_LEXICAL = "bm25-heading"
    INFO = "index.json"

    def __init__(
        self,
        records: list[PassageRecord],
        embeddings: np.ndarray,
        lexical: LexicalIndex,
        dense: DenseIndex,
        *,
        model: str,
        embedder: EmbedderSource | None = None,
        catalog: EntityCatalog | None = None,
        context_lexical: LexicalIndex | None = None,
        heading_lexical: LexicalIndex | None = None,
    ) -> None:
        self.records = records
        self.embeddings = embeddings
        self.text_lexical = lexical
        self.faiss = dense
        self.model = model
        self.catalog = catalog or EntityCatalog([], {})
        self._embedder = embedder
        self._rows = {record.id: row for row, record in enumerate(records)}
        self._context_lexical = context_lexical
        self._heading_lexical = heading_lexical
        self._allowed: dict[SearchFilters, np.ndarray] = {}
        self._allowed_lock = threading.Lock()

    # ------------------------------------------------------------ build and persist

    @classmethod
    def build(
        cls,
        records: list[PassageRecord],
        embeddings: np.ndarray,
        *,
        model: str,
        embedder: EmbedderSource | None = None,
        catalog: EntityCatalog | None = None,
        hnsw_above: int = HNSW_ABOVE,
    ) -> PassageIndex:
        """Index ``records`` with their ``embeddings`` (row i is the vector of passage i); the
        dense index is an HNSW graph above ``hnsw_above`` passages (:mod:`quipu.search.dense`)."""
        if len(records) != len(embeddings):
            raise ValueError(f"{len(records)} passages but {len(embeddings)} embeddings")
        lexical = LexicalIndex.build([r.text for r in records])
        dense = DenseIndex.build(embeddings, hnsw_above=hnsw_above)
        return cls(records, embeddings, lexical, dense, model=model, embedder=embedder, catalog=catalog)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        for name, index in (
            (self.LEXICAL, self.text_lexical),
            (self.CONTEXT_LEXICAL, self.context_lexical),
            (self.HEADING_LEXICAL, self.heading_lexical),
        ):
            (folder / name).mkdir(exist_ok=True)
            index.save(folder / name)
        self.faiss.save(folder)
        _save_rest(folder, self.records, self.embeddings, self.catalog, model=self.model, dense=self.faiss.kind)

    @classmethod
    def write(
        cls,
        folder: Path,
        records: list[PassageRecord],
        embeddings: np.ndarray,
        *,
        model: str,
        catalog: EntityCatalog,
        hnsw_above: int = HNSW_ABOVE,
    ) -> None:
        """Build and save the index of ``records`` part by part, each part freed before the
        next is built: what an ingest does, where the index is the peak of its memory (the
        two BM25 indexes and the FAISS one are never held at once)."""
        if len(records) != len(embeddings):
            raise ValueError(f"{len(records)} passages but {len(embeddings)} embeddings")
        folder.mkdir(parents=True, exist_ok=True)
        fields = ((cls.LEXICAL, lambda r: r.text), (cls.CONTEXT_LEXICAL, context_text), (cls.HEADING_LEXICAL, heading_text))
        for name, text_of in fields:
            lexical = LexicalIndex.build(text_of(r) for r in records)
            (folder / name).mkdir(exist_ok=True)
            lexical.save(folder / name)
            del lexical
            release_memory()
        dense = DenseIndex.build(embeddings, hnsw_above=hnsw_above)
        dense.save(folder)
        kind = dense.kind
        del dense
        release_memory()
        _save_rest(folder, records, embeddings, catalog, model=model, dense=kind)

    @classmethod
    def load(cls, folder: Path, *, embedder: EmbedderSource | None = None) -> PassageIndex:
        """Open a saved index; its vectors and BM25 matrices are memory-mapped, not read in."""
        info = json.loads((folder / cls.INFO).read_text())
        # Saved since 2026-12 (the heading field since 2026-12-07); built on first use before.
        context, heading = folder / cls.CONTEXT_LEXICAL, folder / cls.HEADING_LEXICAL
        return cls(
            list(read_records(folder / cls.RECORDS)),
            np.load(folder / cls.EMBEDDINGS, mmap_mode="r"),
            LexicalIndex.load(folder / cls.LEXICAL),
            DenseIndex.load(folder),
            model=info["model"],
            embedder=embedder,
            catalog=EntityCatalog.load(folder),
            context_lexical=LexicalIndex.load(context) if context.is_dir() else None,
            heading_lexical=LexicalIndex.load(heading) if heading.is_dir() else None,
        )

    # ------------------------------------------------------------ rows

    def __len__(self) -> int:
        return len(self.records)

    def key_of(self, passage_id: str) -> int | None:
        """The row of a passage, or None when the index does not hold it."""
        return self._rows.get(passage_id)

    def record(self, key: int) -> PassageRecord:
        return self.records[key]

    def records_of(self, keys: Sequence[int]) -> list[PassageRecord]:
        return [self.records[key] for key in keys]

    def iter_records(self) -> Iterator[PassageRecord]:
        return iter(self.records)

    def embeddings_of(self, passage_ids: list[str]) -> np.ndarray | None:
        """Stored vectors of these passages, or None if any is missing (then re-embed)."""
        rows = [self._rows.get(pid) for pid in passage_ids]
        found = [row for row in rows if row is not None]
        if len(found) < len(rows):
            return None
        return self.embeddings[found]

    def neighbours(self, passage_ids: Sequence[str], n: int) -> list[Neighbours]:
        """The passages around each of these in its document, by start offset (rows need not
        keep a document's passages together)."""
        order, position = self._document_order
        found = []
        for pid in passage_ids:
            row = self._rows.get(pid)
            if row is None or n <= 0:
                found.append(Neighbours())
                continue
            rows, at = order[self.records[row].document_id], position[row]
            found.append(Neighbours(
                tuple(self.records[r] for r in rows[max(0, at - n) : at]),
                tuple(self.records[r] for r in rows[at + 1 : at + 1 + n]),
            ))
        return found

    @cached_property
    def _document_order(self) -> tuple[dict[str, list[int]], list[int]]:
        """Each document's rows in the order of its passages, and each row's place there
        (built on first use)."""
        order: dict[str, list[int]] = {}
        for row in sorted(range(len(self.records)), key=lambda r: (self.records[r].start, self.records[r].id)):
            order.setdefault(self.records[row].document_id, []).append(row)
        position = [0] * len(self.records)
        for rows in order.values():
            for at, row in enumerate(rows):
                position[row] = at
        return order, position

    @property
    def dimension(self) -> int:
        return int(self.embeddings.shape[1]) if self.embeddings.ndim == 2 else 0

    def stats(self) -> StoreStats:
        return StoreStats(
            backend="embedded",
            passages=len(self.records),
            documents=len({r.document_id for r in self.records}),
            dimension=self.dimension,
            dense=self.faiss.kind,
        )

    def allowed_rows(self, filters: SearchFilters | None) -> np.ndarray | None:
        """Row numbers of the passages that pass ``filters``; None when nothing is filtered.

        The last few filters' rows are kept: a search asks for them once per retriever."""
        if not filters:
            return None
        found = self._allowed.get(filters)
        if found is None:
            catalog = self.catalog
            found = np.array(
                [
                    row
                    for row, r in enumerate(self.records)
                    if filters.accepts(r, catalog.of_passage(r.id), catalog.of_document(r.document_id))
                ],
                dtype=np.int64,
            )
            with self._allowed_lock:  # requests are served on several threads
                if len(self._allowed) >= 16:
                    self._allowed.pop(next(iter(self._allowed)))
                self._allowed[filters] = found
        return found

    # ------------------------------------------------------------ ranking (PassageStore)

    def lexical(
        self, weights: Mapping[str, float], k: int, filters: SearchFilters | None = None, *, field: Field = "text"
    ) -> list[Scored]:
        index = self._field(field)
        scores = index.weighted_scores(weights)
        return [Scored(row, float(scores[row])) for row in top_rows(scores, k, self.allowed_rows(filters))]

    def dense(self, vector: np.ndarray, k: int, filters: SearchFilters | None = None) -> list[Scored]:
        allowed = self.allowed_rows(filters)
        if allowed is not None and not len(allowed):
            return []
        rows, similarities = self.faiss.search(vector, k, allowed=allowed)
        return [Scored(int(row), float(similarity)) for row, similarity in zip(rows, similarities)]

    def lexical_scores(self, weights: Mapping[str, float], keys: Sequence[int], *, field: Field = "text") -> np.ndarray:
        if not len(keys):
            return np.zeros(0)
        return self._field(field).weighted_scores(weights)[np.asarray(keys, dtype=np.int64)].astype(np.float64)

    def similarities(self, vector: np.ndarray, keys: Sequence[int]) -> np.ndarray:
        if not len(keys):
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self.embeddings[np.asarray(keys, dtype=np.int64)] @ np.asarray(vector, dtype=np.float32))

    def idf(self, term: str, *, field: Field = "context") -> float:
        return self._field(field).idf(term)

    def _field(self, field: Field) -> LexicalIndex:
        if field == "heading":
            return self.heading_lexical
        return self.context_lexical if field == "context" else self.text_lexical

    def knows(self, term: str) -> bool:
        return term in self.context_lexical.vocabulary

    # ------------------------------------------------------------ what the full retrieval reads

    @property
    def context_lexical(self) -> LexicalIndex:
        """BM25 over each passage with its document title and section path (built on first use).

        Table rows and list items rarely repeat what they are about; their headings do.
        """
        if self._context_lexical is None:
            self._context_lexical = LexicalIndex.build([context_text(r) for r in self.records])
        return self._context_lexical

    @property
    def heading_lexical(self) -> LexicalIndex:
        """BM25 over each passage's headings alone: its document title, section path and
        table header (built on first use)."""
        if self._heading_lexical is None:
            self._heading_lexical = LexicalIndex.build([heading_text(r) for r in self.records])
        return self._heading_lexical

    @property
    def analyzer(self) -> SpanishAnalyzer:
        """The analyser that made the index terms, for query terms to match them."""
        return self.context_lexical.analyzer


def _save_rest(
    folder: Path, records: list[PassageRecord], embeddings: np.ndarray, catalog: EntityCatalog, *, model: str, dense: str
) -> None:
    """The records, vectors, catalog and description of an index whose BM25 and FAISS parts are saved."""
    write_records(folder / PassageIndex.RECORDS, records)
    np.save(folder / PassageIndex.EMBEDDINGS, embeddings)
    catalog.save(folder)
    info = {"model": model, "passages": len(records), "dimension": int(embeddings.shape[1]), "dense": dense}
    (folder / PassageIndex.INFO).write_text(json.dumps(info, indent=2))


def release_memory() -> None:
    """Collect the garbage of a finished build and give glibc's free pages back to the system,
    so the next part of the index starts from a lower RSS."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc


def save_ledger(folder: Path, records: list[PassageRecord], embeddings: np.ndarray, *, model: str) -> None:
    """Keep in ``folder`` the passages and their vectors of an index that lives elsewhere
    (a database): what the next ingest reuses rather than embed again, without the BM25
    and FAISS indexes that only the embedded store reads."""
    folder.mkdir(parents=True, exist_ok=True)
    write_records(folder / PassageIndex.RECORDS, records)
    np.save(folder / PassageIndex.EMBEDDINGS, embeddings)
    info = {
        "model": model, "passages": len(records), "dimension": int(embeddings.shape[1]), "backend": "postgresql",
    }
    (folder / PassageIndex.INFO).write_text(json.dumps(info, indent=2))


def heading_text(record: PassageRecord) -> str:
    """What the ``heading`` BM25 field reads of a passage: its document title, section path
    and table header."""
    return " ".join((record.document_title, *record.section, record.header))


def context_text(record: PassageRecord) -> str:
    """What the ``context`` BM25 field reads of a passage: its document title, section path,
    table header and text."""
    return " ".join((record.document_title, *record.section, record.header, record.text))


__all__ = ["EmbedderSource", "PassageIndex", "context_text", "release_memory", "save_ledger"]
