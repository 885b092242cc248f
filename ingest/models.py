"""The values that ingest hands downstream: documents and their passages."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path


@dataclass(frozen=True)
class DocumentMeta:
    """What ``manifest.toml`` (or a guess) says about a document; every field optional."""

    title: str | None = None
    publisher: tuple[str, ...] = ()
    year: int | None = None
    type: str | None = None
    language: str | None = None
    author: str | None = None
    # What the document is about, as the manifest names them (keys, labels or acronyms):
    # None when the manifest is silent, so that extraction finds them; an empty tuple
    # says "about no region" (or no entity) and turns that detection off.
    regions: tuple[str, ...] | None = None
    subjects: tuple[str, ...] | None = None

    def over(self, other: DocumentMeta | None) -> DocumentMeta:
        """These fields, with ``other``'s filling the ones left at their default (a manifest
        over a PDF's own)."""
        if other is None:
            return self
        return DocumentMeta(**{
            f.name: value if (value := getattr(self, f.name)) != f.default else getattr(other, f.name)
            for f in fields(self)
        })


@dataclass(frozen=True)
class Passage:
    """A span of a document's cleaned text, small enough to embed and to cite.

    ``text == document.text[start:end]`` always holds, so a citation's offsets
    point into the text Quipu keeps for the document.
    """

    id: str
    document_id: str
    ordinal: int
    text: str
    start: int
    end: int
    section: tuple[str, ...] = ()
    page: int | None = None
    kind: str = "text"  # "text" or "table"
    # The header row of the table a table passage continues (empty when the passage
    # starts with it, or is not a table): rows make sense only with their header.
    header: str = ""
    # Set when the passage's text was read by OCR from a page image: the engine's
    # confidence in [0, 1], so a reader knows to check the original.
    ocr_confidence: float | None = None
    # Where the passage starts on its page, in points from the page's top-left corner
    # (x0, top, x1, bottom), for formats that give positions (PDF).
    bbox: tuple[float, float, float, float] | None = None

    @property
    def section_title(self) -> str | None:
        """The innermost section heading, or None before the first heading."""
        return self.section[-1] if self.section else None


@dataclass
class Document:
    """A source file after reading and cleaning, with its passages."""

    id: str
    path: Path
    sha256: str
    media_type: str
    text: str
    meta: DocumentMeta
    passages: list[Passage] = field(default_factory=list)
    # Start offset in ``text`` of each page, for formats that have pages (PDF).
    page_starts: list[int] | None = None
    # What reading had to repair (bytes that were not UTF-8 …), for the ingest report.
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.meta.title or self.id
