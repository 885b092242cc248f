"""What the pages read of the current generation: read once, kept until the next one.

A :class:`Site` holds a :class:`Snapshot` of the documents and entities of the graph the
workspace has open (a few queries, read on the first page), and fills it as pages are
asked for: a document's passages with their mention links, an entity's detail, the
indicators' values. An ingest publishes a new generation with a new store object; the
first page after it reads a fresh snapshot.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from markupsafe import Markup

from quipu.core.text import fold
from quipu.graph import documents as graph_documents
from quipu.graph import explore
from quipu.graph.documents import DocumentInfo
from quipu.graph.examples import example_list
from quipu.workspace.workspace import Workspace

from .markup import linkify, quote
from .names import Names

MAX_QUOTES = 4  # sentences an entity's page quotes from each document that mentions it
MAX_DETAILS = 512  # entity details kept before the cache starts again
_HEADING = re.compile(r"#{1,6}[ \t]+([^\n]*)\n*")


@dataclass
class Passage:
    """A passage as its document's page shows it: its text, with its mentions as links."""

    id: str
    ordinal: int
    start: int
    end: int
    text: str
    section_path: tuple[str, ...]
    page: int | None
    kind: str
    html: Markup = Markup("")
    ocr: float | None = None  # the OCR confidence when the text was read from a page image


@dataclass(frozen=True)
class Quote:
    """A sentence that mentions an entity, the mention marked, and where it is."""

    html: Markup
    passage_id: str
    section: str | None
    page: int | None


@dataclass
class SourceGroup:
    """The mentions of an entity in one document: how many, and the first sentences that hold them."""

    document_id: str
    title: str
    mentions: int
    quotes: list[Quote]


@dataclass
class Snapshot:
    """What the pages need of one generation, read once from the graph."""

    documents: dict[str, DocumentInfo]  # by id, newest first
    entities: dict[str, explore.EntitySummary]  # by IRI
    pages: dict[str, list[Passage]] = field(default_factory=dict)  # document id -> passages, rendered
    observations: dict[str, list[explore.ObservationRow]] | None = None  # indicator key -> values
    details: dict[str, explore.EntityDetail | None] = field(default_factory=dict)  # entity key -> detail
    sources: dict[str, list[SourceGroup]] = field(default_factory=dict)  # entity key -> its mentions by document

    def __post_init__(self) -> None:
        self._keys = {e.key: e for e in self.entities.values()}

    def by_key(self, key: str) -> explore.EntitySummary | None:
        """An entity by IRI or by key."""
        return self.entities.get(key) or self._keys.get(key)


class Site:
    """The reads of the pages over a workspace, cached per generation."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.base = workspace.settings.base()
        self._snapshot: tuple[object, Snapshot] | None = None
        self._lock = threading.Lock()
        self.examples = example_list(self.base)  # the SPARQL page's, titled per language
        self.names = Names(self.base)  # the vocabulary's names of things, per language

    def data(self) -> Snapshot:
        """The snapshot of the generation the workspace has open now."""
        store = self.workspace.store
        cached = self._snapshot
        if cached is not None and cached[0] is store:
            return cached[1]
        with self._lock:
            if self._snapshot is not None and self._snapshot[0] is store:
                return self._snapshot[1]
            documents = {d.id: d for d in graph_documents.documents(store)}
            entities = {e.iri: e for e in explore.list_entities(store, base=self.base, limit=10**6)}
            snapshot = Snapshot(documents, entities)
            self._snapshot = (store, snapshot)
            return snapshot

    def passages(self, doc_id: str) -> list[Passage] | None:
        """A document's passages in reading order, their mentions linked; None: no such document."""
        data = self.data()
        if doc_id in data.pages:
            return data.pages[doc_id]
        doc = data.documents.get(doc_id)
        if doc is None:
            return None
        store = self.workspace.store
        passages = [
            Passage(
                id=p.id, ordinal=p.ordinal, start=p.start, end=p.end, text=p.text, section_path=p.section_path,
                page=p.page, kind=p.kind, ocr=p.ocr,
            )
            for p in graph_documents.passages(store, doc.iri, base=self.base)
        ]
        # Mentions of entities: their offsets are in the document's cleaned text.
        by_passage: dict[str, list[tuple[int, int, str]]] = {}
        for mention in graph_documents.mentions(store, doc.iri, base=self.base):
            by_passage.setdefault(mention.passage_id, []).append((mention.start, mention.end, mention.entity))
        for passage in passages:
            # A Markdown heading that opens a passage repeats the section heading drawn above it.
            heading = _HEADING.match(passage.text)
            if heading and passage.section_path and fold(heading.group(1).strip("# ")) == fold(passage.section_path[-1]):
                passage.text = passage.text[heading.end() :]
                passage.start += heading.end()
            spans = []
            for start, end, entity_iri in by_passage.get(passage.id, []):
                summary = data.entities.get(entity_iri)
                local_start, local_end = start - passage.start, end - passage.start
                if summary is None or local_start < 0 or local_end > len(passage.text) or local_end <= local_start:
                    continue
                spans.append((local_start, local_end, summary.key, summary.label))
            # Links cannot nest: keep the longest of overlapping spans (then the first).
            spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
            kept: list[tuple[int, int, str, str]] = []
            for span in spans:
                if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
                    kept.append(span)
            passage.html = linkify(passage.text, sorted(kept))
        data.pages[doc_id] = passages
        return passages

    def observations(self, key: str) -> list[explore.ObservationRow]:
        """An indicator's values (all indicators' are read at once: one query is as fast as all)."""
        data = self.data()
        if data.observations is None:
            grouped: dict[str, list[explore.ObservationRow]] = {}
            for row in explore.observations(self.workspace.store, None, base=self.base):
                grouped.setdefault(row.indicator_key, []).append(row)
            data.observations = grouped
        return data.observations.get(key, [])

    def entity(self, key: str) -> explore.EntityDetail | None:
        """One entity with its facts and every mention; None: no such entity."""
        data = self.data()
        if key not in data.details:
            if len(data.details) > MAX_DETAILS:
                data.details.clear()
                data.sources.clear()
            data.details[key] = explore.entity(self.workspace.store, key, base=self.base, max_sources=None)
        return data.details[key]

    def sources(self, key: str) -> list[SourceGroup]:
        """Where the documents mention an entity, by document (most mentions first): in each,
        the first :data:`MAX_QUOTES` sentences that do, cut from the passages the search
        index holds, the mentions marked."""
        data = self.data()
        found = data.sources.get(key)
        if found is not None:
            return found
        detail = self.entity(key)
        if detail is None:
            return []
        passages = self.workspace.index.passages
        by_document: dict[str, list[explore.Source]] = {}
        for source in detail.sources:
            by_document.setdefault(source.document.id, []).append(source)
        groups = []
        for doc_id, mentions in by_document.items():
            doc = data.documents.get(doc_id)
            title = doc.title if doc else mentions[0].document.title or doc_id
            by_passage: dict[str, list[explore.Source]] = {}
            for source in mentions:  # in reading order (explore sorts them by offset)
                by_passage.setdefault(source.passage_id, []).append(source)
            quotes: list[Quote] = []
            for passage_id, here in by_passage.items():
                if len(quotes) >= MAX_QUOTES:
                    break
                row = passages.key_of(passage_id)
                if row is None:  # not in the index (it should be): the mention itself
                    sentences = [Markup("<mark>{}</mark>").format(here[0].quote)]
                    section, page = here[0].section, None
                else:
                    record = passages.record(row)
                    spans = [(s.start - record.start, s.end - record.start) for s in here]
                    sentences = quote(record.text, [(a, b) for a, b in spans if 0 <= a < b <= len(record.text)])
                    section, page = (record.section[-1] if record.section else here[0].section), record.page
                quotes += [Quote(html, passage_id, section, page) for html in sentences[: MAX_QUOTES - len(quotes)]]
            groups.append(SourceGroup(doc_id, title, len(mentions), quotes))
        groups.sort(key=lambda g: (-g.mentions, fold(g.title)))
        data.sources[key] = groups
        return groups


__all__ = ["Passage", "Quote", "Site", "Snapshot", "SourceGroup"]
