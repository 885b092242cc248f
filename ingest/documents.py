"""The public entry point of ingest: find files, and read one into a :class:`Document`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from quipu.core.errors import DocumentError
from quipu.core.limits import DEFAULT_LIMITS, ReadLimits
from quipu.core.text import slug

from .cleaning import clean
from .manifest import MANIFEST_NAME, guess_title
from .models import Document, DocumentMeta
from .ocr import OcrEngine
from .passages import split_passages
from .readers import SUPPORTED_SUFFIXES, read_source
from .structure import parse_blocks


def document_id(path: Path) -> str:
    """A stable, URL-safe id from the file name: "Evaluación POI 2024.pdf" → "evaluacion-poi-2024"."""
    return slug(Path(path).stem) or "document"


def discover(paths: Iterable[Path]) -> list[Path]:
    """The files to read: folders expand to their supported files (recursively, skipping
    hidden ones and the manifest); a file named explicitly is kept even when its type is
    unsupported, so that reading it reports why it was not ingested."""
    found: set[Path] = set()
    for path in map(Path, paths):
        if path.is_dir():
            for candidate in path.rglob("*"):
                relative = candidate.relative_to(path).parts
                if (
                    candidate.is_file()
                    and not any(part.startswith(".") for part in relative)
                    and candidate.name != MANIFEST_NAME
                    and candidate.suffix.lower() in SUPPORTED_SUFFIXES
                ):
                    found.add(candidate)
        elif path.exists():
            found.add(path)
        else:
            raise DocumentError(path, "no such file or folder")
    return sorted(found)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in blocks so large PDFs need little memory."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise DocumentError(path, f"cannot read file: {exc.strerror or exc}") from None
    return digest.hexdigest()


def _words(text: str) -> str:
    return " ".join(text.replace("\t", " ").replace("#", " ").split())


def passage_box(passage, lines: list[tuple[str, tuple[float, float, float, float]]]) -> tuple[float, float, float, float] | None:
    """The box around the lines of its first page that a passage holds: the lines whose
    words appear in it (cleaning only removes furniture and re-joins lines, so each
    line's words survive in order)."""
    text = _words(passage.text)
    found = [box for line, box in lines if len(_words(line)) >= 3 and _words(line) in text]
    if not found:
        return None
    return (round(min(b[0] for b in found), 1), round(min(b[1] for b in found), 1),
            round(max(b[2] for b in found), 1), round(max(b[3] for b in found), 1))


def read_document(
    path: Path,
    meta: DocumentMeta | None = None,
    *,
    target_chars: int = 1000,
    doc_id: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    ocr: OcrEngine | None = None,
    on_page: Callable[[int, int], None] | None = None,
) -> Document:
    """Read, clean and split one file. Raises :class:`DocumentError` when it cannot be
    read or yields no passages. ``meta`` (a manifest entry) wins over what the file says
    about itself (a PDF's title, author and date); a title still missing is guessed
    from the text.

    ``doc_id`` overrides the id derived from the file name (when two files share a stem);
    ``ocr`` and ``on_page`` are passed to :func:`read_source`.
    """
    path = Path(path)
    source = read_source(path, limits, ocr=ocr, on_page=on_page)
    cleaned = clean(source)
    if not cleaned.text.strip():
        raise DocumentError(path, "no text left after cleaning")
    doc_id = doc_id or document_id(path)
    passages = split_passages(doc_id, cleaned.text, parse_blocks(cleaned.text), target_chars, cleaned.page_starts)
    if not passages:
        raise DocumentError(path, "no passages: the document has no text to index")
    if source.ocr_pages:
        passages = [
            replace(p, ocr_confidence=source.ocr_pages[p.page]) if p.page in source.ocr_pages else p for p in passages
        ]
    if source.boxes:
        passages = [replace(p, bbox=passage_box(p, source.boxes.get(p.page or 0, []))) for p in passages]
    meta = (meta or DocumentMeta()).over(source.meta)
    if not meta.title:
        meta = replace(meta, title=guess_title(cleaned.text, path))
    return Document(
        id=doc_id,
        path=path,
        sha256=sha256_file(path),
        media_type=source.media_type,
        text=cleaned.text,
        meta=meta,
        passages=passages,
        page_starts=cleaned.page_starts,
        warnings=list(source.warnings),
    )
