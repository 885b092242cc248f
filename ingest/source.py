"""What a reader hands on: the text of a file as found, and the formats Quipu reads.

Beneath every reader (readers, pdf, sheets), so they share these without importing each other.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from quipu.core.errors import DocumentError

from .models import DocumentMeta

# Suffix → media type. The order is the order users see in messages.
MEDIA_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
}

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(MEDIA_TYPES)


@dataclass(frozen=True)
class SourceText:
    """The text of a file as its reader found it, before cleaning.

    ``pages`` has one element per page for paged formats (PDF) and exactly one element
    otherwise; ``has_pages`` says which, so page numbers are only reported when real.
    """

    pages: list[str]
    media_type: str
    has_pages: bool = False
    # What the reader had to repair, for the ingest report (e.g. bytes that were not UTF-8).
    warnings: tuple[str, ...] = ()
    # What the file says about itself (a PDF's title, author and date); a manifest wins.
    meta: DocumentMeta | None = None
    # Pages (numbered from 1) whose text came from OCR, with the engine's confidence in [0, 1].
    ocr_pages: dict[int, float] = field(default_factory=dict)
    # Per page (from 1), each line of its text with the box it was read from, in points
    # from the page's top-left corner (x0, top, x1, bottom): where a passage sits on the page.
    boxes: dict[int, list[tuple[str, tuple[float, float, float, float]]]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)


def check_unpacked_size(path: Path, limit: int) -> None:
    """Refuse a zip-based file (.docx, .xlsx) whose members would expand past ``limit`` bytes.

    The sizes come from the zip's directory; :mod:`zipfile` never yields more than the
    size a member declares, so a lying header cannot get past this check either.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise DocumentError(path, f"not a readable {path.suffix.lower()} file ({exc})") from None
    if limit and total > limit:
        raise DocumentError(
            path,
            f"expands to {total:,} bytes, more than QUIPU_MAX_UNPACKED_BYTES={limit:,}; "
            "is it a zip bomb? Raise the limit if the file is genuine",
        )
