"""The JSON contract of the API and of the CLI's --json output (one definition for both).

Fields may be added; the ones of the first release are never renamed or removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from quipu.core.markup import parse
from quipu.search import CatalogEntity, Facets, PassageRecord
from quipu.search.store import Neighbours
from quipu.workspace.workspace import SearchHit, SearchOutcome

# The most passages before and after each hit that a search returns (``context``).
MAX_CONTEXT = 3


class HighlightSpan(BaseModel):
    """The sentence (or table row) of a passage that best matches the query."""

    text: str
    start: int = Field(description="Start offset in the document's cleaned text")
    end: int = Field(description="End offset (exclusive) in the document's cleaned text")
    text_start: int = Field(description="Start offset in the result's `text` (the plain text, markup removed)")
    text_end: int = Field(description="End offset (exclusive) in the result's `text`")


class EntityRef(BaseModel):
    key: str = Field(description="Entity key; its page is /v1/entities/{key}, its IRI the base IRI + key")
    label: str
    type: str

    @classmethod
    def of(cls, entity: CatalogEntity) -> EntityRef:
        return cls(key=entity.key, label=entity.label, type=entity.type)


class DocumentRef(BaseModel):
    id: str
    title: str
    about: list[EntityRef] = Field(
        default_factory=list,
        description="Regions and entities the document is about (its manifest, title, header or dominant "
        "mentions); a region or entity filter keeps every passage of the document for them",
    )


class ContextPassage(BaseModel):
    """A passage next to a result in its document, to read the result in its context."""

    passage_id: str
    text: str = Field(description="The passage as plain text: its Markdown and inline HTML markup removed")
    section: str | None = Field(default=None, description="Innermost section title of the passage")
    section_path: list[str] = Field(default_factory=list, description="Section titles, outermost first")
    page: int | None = Field(default=None, description="Page where the passage starts, for paged formats")
    start: int = Field(description="Start offset in the document's cleaned text")
    end: int = Field(description="End offset (exclusive) in the document's cleaned text")
    kind: str = Field(default="text", description="'text' or 'table'")

    @classmethod
    def of(cls, record: PassageRecord) -> ContextPassage:
        return cls(
            passage_id=record.id, text=parse(record.text).text, section=record.section_title,
            section_path=list(record.section), page=record.page, start=record.start, end=record.end, kind=record.kind,
        )


class SearchResult(BaseModel):
    passage_id: str
    text: str = Field(description="The passage as plain text: its Markdown and inline HTML markup removed")
    score: float
    document: DocumentRef
    section: str | None = Field(default=None, description="Innermost section title of the passage")
    page: int | None = Field(default=None, description="Page where the passage starts, for paged formats")
    start: int = Field(description="Start offset in the document's cleaned text (which keeps the markup)")
    end: int = Field(description="End offset (exclusive) in the document's cleaned text")
    section_path: list[str] = Field(default_factory=list, description="Section titles, outermost first")
    kind: str = Field(default="text", description="'text' or 'table'")
    table_header: str | None = Field(
        default=None,
        description="Header row of the table a table passage continues (or its caption), or the lead-in of the "
        "list a passage continues",
    )
    year: int | None = None
    document_type: str | None = None
    highlight: HighlightSpan | None = Field(default=None, description="The sentence that best matches the query")
    entities: list[EntityRef] = Field(default_factory=list, description="Entities the passage mentions")
    before: list[ContextPassage] | None = Field(
        default=None,
        description="With context=N: the N passages before this one in its document, in document order "
        "(fewer, or none, at the document's start); null without context",
    )
    after: list[ContextPassage] | None = Field(
        default=None,
        description="With context=N: the N passages after this one in its document, in document order "
        "(fewer, or none, at the document's end); null without context",
    )

    @classmethod
    def of(cls, hit: SearchHit, neighbours: Neighbours | None = None) -> SearchResult:
        """The JSON of one passage found: its text without markup; the highlight's offsets
        become document offsets, and offsets into that plain text (the same words).
        ``neighbours``, when context was asked, are the passages around it."""
        r, mark = hit.record, hit.highlight
        marked = parse(r.text)
        highlight = None
        if mark:
            start, end = marked.plain_span(mark.start, mark.end)
            highlight = HighlightSpan(
                text=marked.text[start:end], start=r.start + mark.start, end=r.start + mark.end,
                text_start=start, text_end=end,
            )
        return cls(
            passage_id=r.id,
            text=marked.text,
            score=hit.score,
            document=DocumentRef(id=r.document_id, title=r.document_title, about=[EntityRef.of(e) for e in hit.about]),
            section=r.section_title,
            page=r.page,
            start=r.start,
            end=r.end,
            section_path=list(r.section),
            kind=r.kind,
            table_header=r.header or None,
            year=r.year,
            document_type=r.document_type,
            highlight=highlight,
            entities=[EntityRef.of(e) for e in hit.entities],
            before=None if neighbours is None else [ContextPassage.of(n) for n in neighbours.before],
            after=None if neighbours is None else [ContextPassage.of(n) for n in neighbours.after],
        )


class FacetCount(BaseModel):
    value: str = Field(description="What to pass back as a filter: document id, year, type or entity key")
    label: str
    count: int
    type: str | None = Field(default=None, description="Entity type, for region and entity facets")


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]
    mode: str = "full"
    took_ms: float = 0.0
    filters: dict[str, list[str]] = Field(default_factory=dict, description="The filters applied, as resolved")
    facets: dict[str, list[FacetCount]] = Field(
        default_factory=dict, description="document, year, document_type, region, entity: counts per value"
    )
    facets_over: int = Field(default=0, description="How many ranked passages (after filters) the facet counts cover")
    query_entities: list[EntityRef] = Field(
        default_factory=list,
        description="Entities the query names (by label, acronym or norm number); each key is a valid filter",
    )
    low_confidence: bool = Field(
        default=False,
        description="True when nothing close to the query was found: the results are only the least far passages",
    )
    suggestions: list[str] = Field(
        default_factory=list,
        description="What to search for instead: the query with its unknown words respelt, entity names close to it",
    )

    @classmethod
    def of(cls, outcome: SearchOutcome, neighbours: Sequence[Neighbours] | None = None) -> SearchResponse:
        """The JSON of a search (GET /v1/search, ``quipu search --json``); ``neighbours``
        (one per hit, from :meth:`~quipu.search.SearchIndex.neighbours`) when context was asked."""
        around: Sequence[Neighbours | None] = neighbours if neighbours is not None else [None] * len(outcome.hits)
        return cls(
            query=outcome.query,
            results=[SearchResult.of(hit, near) for hit, near in zip(outcome.hits, around, strict=True)],
            mode=outcome.mode,
            took_ms=outcome.took_ms,
            filters={name: list(values) for name, values in outcome.filters.items()},
            facets=cls.facet_fields(outcome.facets),
            facets_over=outcome.facets.considered,
            query_entities=[EntityRef.of(e) for e in outcome.query_entities],
            low_confidence=outcome.low_confidence,
            suggestions=list(outcome.suggestions),
        )

    @staticmethod
    def facet_fields(facets: Facets) -> dict[str, list[FacetCount]]:
        return {
            name: [FacetCount(value=v.value, label=v.label, count=v.count, type=v.type) for v in values]
            for name, values in facets.fields.items()
        }


class DocumentSummary(BaseModel):
    id: str
    title: str
    file: str
    passages: int
    triples: int


class IngestProgress(BaseModel):
    """How far the running ingest has come; the passages to embed grow as documents are read."""

    files_done: int
    files_total: int
    passages_done: int
    passages_total: int
    seconds: float = Field(description="Seconds since the ingest began")


class Health(BaseModel):
    status: Literal["ok", "empty", "degraded", "ingesting"] = Field(
        description="ok; empty before the first ingest; ingesting while an ingest runs (the documents "
        "published so far are searched meanwhile); degraded when the current data is damaged and the "
        "previous generation is served"
    )
    generation: str | None
    documents: int
    passages: int
    triples: int
    model: str
    damaged: list[str] = Field(default_factory=list, description="Damaged files of the current generation")
    ingest: IngestProgress | None = Field(None, description="Progress of the running ingest; null when none runs")
