"""The JSON contract of the API and of the CLI's --json output (one definition for both).

Fields may be added; the ones of the first release are never renamed or removed.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from quipu.search import Hit


class DocumentRef(BaseModel):
    id: str
    title: str


class SearchResult(BaseModel):
    passage_id: str
    text: str
    score: float
    document: DocumentRef
    section: str | None = Field(None, description="Innermost section title of the passage")
    page: int | None = Field(None, description="Page where the passage starts, for paged formats")
    start: int = Field(description="Start offset in the document's cleaned text")
    end: int = Field(description="End offset (exclusive) in the document's cleaned text")
    section_path: list[str] = Field(default_factory=list, description="Section titles, outermost first")
    kind: str = Field("text", description="'text' or 'table'")

    @classmethod
    def of(cls, hit: Hit) -> "SearchResult":
        r = hit.record
        return cls(
            passage_id=r.id,
            text=r.text,
            score=hit.score,
            document=DocumentRef(id=r.document_id, title=r.document_title),
            section=r.section_title,
            page=r.page,
            start=r.start,
            end=r.end,
            section_path=list(r.section),
            kind=r.kind,
        )


class SearchResponse(BaseModel):
    query: str
    results: list[SearchResult]
    mode: str = "full"
    took_ms: float = 0.0


class DocumentSummary(BaseModel):
    id: str
    title: str
    file: str
    passages: int
    triples: int


class Health(BaseModel):
    status: str
    generation: str | None
    documents: int
    passages: int
    triples: int
    model: str
