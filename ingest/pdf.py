"""Reading a PDF: text in reading order, tables as rows, metadata, and OCR for scans.

pdfplumber (over pdfminer.six) gives every character with its box and finds tables by
their ruling lines, which ``pypdf.extract_text()`` cannot: a table read as a text
stream loses its cells. Pages are read one at a time and released, so a long PDF needs
little memory; a page that fails is reported and the others are kept.

A page with no usable text layer (a scan) is rendered with pypdfium2 and OCR'd when an
engine is available (:mod:`quipu.ingest.ocr`); its words go through the same layout
rules (:mod:`quipu.ingest.layout`) as a text layer's.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from quipu.core.errors import DocumentError
from quipu.core.limits import ReadLimits

from .layout import Box, TableRows, Word, group_lines, page_text
from .models import DocumentMeta
from .ocr import NoOcr, OcrEngine, OcrPage, repair
from .source import MEDIA_TYPES, SourceText

PageProgress = Callable[[int, int], None]  # (pages done, pages in all)

# Fewer printable characters than this on a page with an image: the page is a scan.
SCAN_CHARS = 25
OCR_DPI = 300


def read_pdf(
    path: Path,
    limits: ReadLimits,
    *,
    ocr: OcrEngine,
    on_page: PageProgress | None = None,
) -> SourceText:
    """Read ``path`` into a :class:`~quipu.ingest.readers.SourceText` with one element per page.

    ``ocr`` reads scanned pages; with :class:`~quipu.ingest.ocr.NoOcr` such pages are
    skipped and named in the warnings with its reason (for instance that Tesseract is absent).
    """
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException


    # pdfminer logs every recoverable oddity of a file; they are not ours to show.
    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.ERROR)

    try:
        pdf = pdfplumber.open(path)
    except (PdfminerException, PDFPasswordIncorrect, PDFEncryptionError, PDFSyntaxError) as exc:
        # pdfplumber wraps pdfminer's errors; the wrapped one says what is wrong.
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise DocumentError(path, "PDF is protected by a password; save a copy without it and ingest that") from None
        if isinstance(cause, PDFEncryptionError):
            raise DocumentError(path, f"PDF is encrypted in a way that cannot be read ({cause})") from None
        raise DocumentError(path, f"not a readable PDF ({type(cause).__name__}: {cause})") from None
    warnings: list[str] = []
    pages: list[str] = []
    ocr_pages: dict[int, float] = {}
    boxes: dict[int, list[tuple[str, Box]]] = {}
    with pdf:
        total = len(pdf.pages)
        if total == 0:
            raise DocumentError(path, "PDF has no pages")
        if limits.pages and total > limits.pages:
            raise DocumentError(
                path,
                f"{total:,} pages, more than QUIPU_MAX_PAGES={limits.pages:,}; split the PDF or raise the limit",
            )
        skipped: list[int] = []
        for number, page in enumerate(pdf.pages, 1):
            text = ""
            lines: list[tuple[str, Box]] = []
            try:
                words, tables, images, width = _page_content(page)
                printable = sum(len(w.text) for w in words)
                if printable < SCAN_CHARS and images:
                    if isinstance(ocr, NoOcr):
                        skipped.append(number)
                    else:
                        result = _ocr_page(path, number - 1, ocr)
                        text = repair(page_text(result.words, width=result.width, boxes=lines))
                        ocr_pages[number] = result.confidence
                else:
                    text = page_text(words, tables, width=width, boxes=lines)
            except DocumentError:
                raise
            except Exception as exc:  # noqa: BLE001 - one damaged page must not lose the others
                warnings.append(f"page {number} could not be read and was left out ({type(exc).__name__}: {exc})")
            finally:
                page.close()
            pages.append(text)
            if lines:
                boxes[number] = lines
            if on_page is not None:
                on_page(number, total)
        if skipped:
            listed = ", ".join(map(str, skipped[:20])) + (" …" if len(skipped) > 20 else "")
            warnings.append(f"{len(skipped)} scanned page(s) without a text layer were skipped ({listed}): {getattr(ocr, 'reason', '')}")
        meta = metadata(pdf.metadata or {}, path)
    if not any(p.strip() for p in pages) and skipped:
        raise DocumentError(path, f"no text layer on any page and no OCR: {getattr(ocr, 'reason', '')}")
    return SourceText(pages, MEDIA_TYPES[".pdf"], has_pages=True, warnings=tuple(warnings), meta=meta, ocr_pages=ocr_pages,
                      boxes=boxes)


def _page_content(page) -> tuple[list[Word], list[TableRows], list, float]:
    """The words of a page's text layer, its ruled tables, its images, and its width
    along the lines of its text."""
    direction = _direction(page.chars)
    if direction != (1, 0):
        width = float(page.height) if direction[0] == 0 else float(page.width)
        return _turned_words(page, direction), [], page.images, width
    tables: list[TableRows] = []
    for table in page.find_tables():
        pairs = [([(cell or "") for cell in row], box.bbox) for row, box in zip(table.extract(), table.rows)]
        pairs = [(row, box) for row, box in pairs if any(c.strip() for c in row)]
        if len(pairs) >= 2 and max(len(row) for row, _ in pairs) >= 2:
            x0, top, x1, bottom = table.bbox
            tables.append(TableRows(x0, top, x1, bottom, [row for row, _ in pairs], [box for _, box in pairs]))
    # Cells of a borderless table can sit 3 points apart, pdfplumber's default distance
    # for letters of one word; half of it keeps such cells apart.
    raw = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5, extra_attrs=["size"])
    words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], float(w.get("size") or 10.0)) for w in raw]
    return words, tables, page.images, float(page.width)


def _direction(chars: list[dict]) -> tuple[int, int]:
    """Which way most of a page's text runs on the page as displayed, as a unit vector
    (x right, y down): (1, 0) for ordinary text, (0, 1) for text turned a quarter clockwise…"""
    counts: dict[tuple[int, int], int] = {}
    for char in chars:
        if char["text"].isspace():
            continue
        a, b = char["matrix"][0], char["matrix"][1]
        key = (int(round(a / max(abs(a), abs(b), 1e-9))), int(round(-b / max(abs(a), abs(b), 1e-9))))
        counts[key] = counts.get(key, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else (1, 0)


def _turned_words(page, direction: tuple[int, int]) -> list[Word]:
    """Words of a page whose text runs in ``direction``, in a frame where it runs left to
    right (a page turned by its /Rotate entry, or text set sideways). Characters running
    another way (a stamp, a margin note) are left out."""
    dx, dy = direction
    nx, ny = -dy, dx  # the next line lies this way

    def frame(x: float, y: float) -> tuple[float, float]:
        return x * dx + y * dy, x * nx + y * ny

    corners = [frame(x, y) for x in (0, float(page.width)) for y in (0, float(page.height))]
    u0, v0 = min(c[0] for c in corners), min(c[1] for c in corners)
    glyphs: list[Word] = []
    for char in page.chars:
        if _direction([char]) != direction:
            continue
        length = (char["x1"] - char["x0"]) if dx else (char["bottom"] - char["top"])
        size = float(char.get("size") or 10.0)
        u, v = frame((char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2)
        u, v = u - u0, v - v0
        glyphs.append(Word(char["text"], u - length / 2, u + length / 2, v - size / 2, v + size / 2, size))
    words: list[Word] = []
    for line in group_lines(glyphs):
        current: list[Word] = []
        for glyph in line.words + [None]:  # None ends the last word
            ends = glyph is None or glyph.text.isspace() or (current and glyph.x0 - current[-1].x1 > 0.2 * glyph.size)
            if ends and current:
                words.append(Word("".join(g.text for g in current), current[0].x0, current[-1].x1,
                                  min(g.top for g in current), max(g.bottom for g in current), current[0].size))
                current = []
            if glyph is not None and not glyph.text.isspace():
                current.append(glyph)
    return words


def _ocr_page(path: Path, index: int, ocr: OcrEngine) -> OcrPage:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        page = document[index]
        image = page.render(scale=OCR_DPI / 72, rotation=0).to_pil()
        result = ocr.read(image)
    finally:
        document.close()
    # OCR boxes are in pixels; the layout rules work in points, like a text layer.
    return result.scaled(72 / OCR_DPI)


# --- metadata -------------------------------------------------------------------------------

_FILE_NAME = re.compile(r"\.(?:pdf|docx?|odt|rtf|txt|html?|xlsx?|pptx?|indd|tex)$", re.IGNORECASE)
_WORD_PREFIX = re.compile(r"^(?:microsoft\s+(?:word|powerpoint|excel)\s*-\s*)", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^(?:untitled|sin\s+t[íi]tulo|document\d*|documento\d*|presentaci[óo]n\d*|title|t[íi]tulo)$", re.IGNORECASE)


def metadata(info: dict, path: Path) -> DocumentMeta:
    """Title, author and year from a PDF's document information, where they are real.

    Many PDFs carry the word processor's file name ("Microsoft Word - informe.docx"), the
    file's own name, or a placeholder ("Untitled") as their title; those are not titles.
    """
    title = _text(info.get("Title"))
    if title:
        title = _WORD_PREFIX.sub("", title).strip()
        stem = " ".join(re.split(r"[\s_\-.]+", path.stem.lower()))
        if (_FILE_NAME.search(title) or _PLACEHOLDER.match(title) or sum(c.isalpha() for c in title) < 4
                or " ".join(re.split(r"[\s_\-.]+", title.lower())) == stem):
            title = None  # a file name, as scanners and image tools write it
    author = _text(info.get("Author"))
    year = None
    for key in ("CreationDate", "ModDate"):
        match = re.match(r"^(?:D:)?((?:19|20)\d\d)", _text(info.get(key)) or "")
        if match:
            year = int(match.group(1))
            break
    return DocumentMeta(title=title, year=year, author=author)


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        for encoding in ("utf-16", "utf-8", "latin-1"):
            try:
                value = value.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if not isinstance(value, str):
        value = str(value)
    value = " ".join(value.replace("\x00", "").split())
    return value or None
