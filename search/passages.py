"""The passage index: every passage as one row, and what each retriever reads about the rows.

Row i is the same passage everywhere: in ``records``, in the stored vectors, in the
BM25 index and in the FAISS index. The retrievers (:mod:`quipu.search.retrievers`,
:mod:`quipu.search.full_retrieval`) all read one :class:`PassageIndex`, so a passage is
analysed, embedded and stored once, whatever the search mode.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

import numpy as np

from .analysis import SpanishAnalyzer, figure_share
from .catalog import EntityCatalog
from .dense import HNSW_ABOVE, DenseIndex
from .embedder import Embedder
from .filters import SearchFilters
from .highlight import Sentence, analysed_sentences
from .lexical import LexicalIndex
from .records import PassageRecord, read_records, write_records

# An embedder, or what loads one: an index opened to serve lexical queries should not pay
# for a model it may never use.
EmbedderSource = Embedder | Callable[[], Embedder]


class PassageIndex:
    """Passages, their vectors, their BM25 and FAISS indexes and the entity catalog.

    Saved in one folder. The embedder is loaded only when a query needs it, so opening
    the index (and lexical search) stays fast; what only some queries need (BM25 with
    headings, analysed sentences, figure shares) is computed on first use.
    """

    RECORDS = "passages.jsonl"
    EMBEDDINGS = "embeddings.npy"
    LEXICAL = "bm25"
    CONTEXT_LEXICAL = "bm25-context"
    # Passages whose analysed sentences are kept: all of them in a corpus of this size, the
    # most recently used in a larger one (a sentence list costs about 2 KB a passage).
    SENTENCE_CACHE = 50_000
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
    ) -> None:
        self.records = records
        self.embeddings = embeddings
        self.lexical = lexical
        self.dense = dense
        self.model = model
        self.catalog = catalog or EntityCatalog([], {})
        self._embedder = embedder
        self._rows = {record.id: row for row, record in enumerate(records)}
        self._context_lexical = context_lexical
        self._sentences: dict[int, list[Sentence]] = {}
        self._naming: dict[str, list[int]] | None = None

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
        write_records(folder / self.RECORDS, self.records)
        np.save(folder / self.EMBEDDINGS, self.embeddings)
        for name, index in ((self.LEXICAL, self.lexical), (self.CONTEXT_LEXICAL, self.context_lexical)):
            (folder / name).mkdir(exist_ok=True)
            index.save(folder / name)
        self.dense.save(folder)
        self.catalog.save(folder)
        info = {
            "model": self.model, "passages": len(self.records), "dimension": int(self.embeddings.shape[1]),
            "dense": self.dense.kind,
        }
        (folder / self.INFO).write_text(json.dumps(info, indent=2))

    @classmethod
    def load(cls, folder: Path, *, embedder: EmbedderSource | None = None) -> PassageIndex:
        """Open a saved index; its vectors and BM25 matrices are memory-mapped, not read in."""
        info = json.loads((folder / cls.INFO).read_text())
        context = folder / cls.CONTEXT_LEXICAL  # saved since 2026-12; built on first use before
        return cls(
            list(read_records(folder / cls.RECORDS)),
            np.load(folder / cls.EMBEDDINGS, mmap_mode="r"),
            LexicalIndex.load(folder / cls.LEXICAL),
            DenseIndex.load(folder),
            model=info["model"],
            embedder=embedder,
            catalog=EntityCatalog.load(folder),
            context_lexical=LexicalIndex.load(context) if context.is_dir() else None,
        )

    # ------------------------------------------------------------ the embedder

    @property
    def has_embedder(self) -> bool:
        """Whether dense search is possible (the model itself may not be loaded yet)."""
        return self._embedder is not None

    @property
    def embedder(self) -> Embedder:
        """The query embedder, loaded on first use."""
        if self._embedder is None:
            raise RuntimeError("this index was opened without an embedder; dense search is unavailable")
        if not isinstance(self._embedder, Embedder):
            self._embedder = self._embedder()
        return self._embedder

    # ------------------------------------------------------------ rows

    def __len__(self) -> int:
        return len(self.records)

    def row_of(self, passage_id: str) -> int | None:
        """The row of a passage, or None when the index does not hold it."""
        return self._rows.get(passage_id)

    def embeddings_of(self, passage_ids: list[str]) -> np.ndarray | None:
        """Stored vectors of these passages, or None if any is missing (then re-embed)."""
        rows = [self._rows.get(pid) for pid in passage_ids]
        found = [row for row in rows if row is not None]
        if len(found) < len(rows):
            return None
        return self.embeddings[found]

    def allowed_rows(self, filters: SearchFilters | None) -> np.ndarray | None:
        """Row numbers of the passages that pass ``filters``; None when nothing is filtered."""
        if not filters:
            return None
        catalog = self.catalog
        return np.array(
            [
                row
                for row, r in enumerate(self.records)
                if filters.accepts(r, catalog.of_passage(r.id), catalog.of_document(r.document_id))
            ],
            dtype=np.int64,
        )

    # ------------------------------------------------------------ what the full retrieval reads

    @property
    def context_lexical(self) -> LexicalIndex:
        """BM25 over each passage with its document title and section path (built on first use).

        Table rows and list items rarely repeat what they are about; their headings do.
        """
        if self._context_lexical is None:
            self._context_lexical = LexicalIndex.build(
                [" ".join((r.document_title, *r.section, r.header, r.text)) for r in self.records]
            )
        return self._context_lexical

    @property
    def analyzer(self) -> SpanishAnalyzer:
        """The analyser that made the index terms, for query terms to match them."""
        return self.context_lexical.analyzer

    def sentences(self, row: int) -> list[Sentence]:
        """A passage's sentences with their analysed terms (computed once per passage)."""
        found = self._sentences.get(row)
        if found is None:
            if len(self._sentences) >= self.SENTENCE_CACHE:
                self._sentences.pop(next(iter(self._sentences)), None)  # the oldest
            found = self._sentences[row] = analysed_sentences(self.records[row].text, self.analyzer.terms)
        return found

    def entity_share(self, query: str) -> np.ndarray:
        """Per row, the share of the entities ``query`` names (entity catalog) that the passage names."""
        share = np.zeros(len(self.records))
        keys = {entity.key for entity in self.catalog.recognise(query)}
        if not keys:
            return share
        if self._naming is None:
            self._naming = {}
            for row, record in enumerate(self.records):
                for key in self.catalog.of_passage(record.id):
                    self._naming.setdefault(key, []).append(row)
        for key in keys:
            share[self._naming.get(key, [])] += 1.0 / len(keys)
        return share

    @cached_property
    def figure_shares(self) -> np.ndarray:
        """Per row, the share of the passage's tokens that are figures (computed on first use)."""
        return np.array([figure_share(record.text) for record in self.records], dtype=np.float64)


__all__ = ["EmbedderSource", "PassageIndex"]
