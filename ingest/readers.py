"""Reading a file into raw text, one string per page where the format has pages.

Each reader turns its format into the same light convention that the rest of ingest
understands: Markdown ``#`` headings, one table row per line with cells separated by
tabs, and blank lines between paragraphs. Cleaning and structure parsing then work the
same way whatever the source format was.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from quipu.core.errors import DocumentError
from quipu.core.limits import DEFAULT_LIMITS, ReadLimits

from .ocr import OcrEngine, find_engine
from .source import MEDIA_TYPES, SUPPORTED_SUFFIXES, SourceText, check_unpacked_size


def read_source(
    path: Path,
    limits: ReadLimits = DEFAULT_LIMITS,
    *,
    ocr: OcrEngine | None = None,
    on_page=None,
) -> SourceText:
    """Read ``path`` with the reader for its suffix, within ``limits``.

    ``ocr`` reads the scanned pages of PDFs; None (the default) takes Tesseract when it
    is installed (:func:`~quipu.ingest.ocr.find_engine`); with
    :class:`~quipu.ingest.ocr.NoOcr` such pages are skipped and the warnings name them. ``on_page(done, total)``
    is called after each page of a PDF, for progress bars.

    Raises :class:`DocumentError` when the suffix is unsupported, the file cannot be
    read, it would expand past a limit, or it holds no text (an empty file, a scanned
    PDF without a text layer). Any other failure of a reader library on a damaged
    file is reported the same way, naming the file, so one bad file never stops the
    others from being read.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in MEDIA_TYPES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(path, f"unsupported file type {suffix or '(no suffix)'!r}; supported: {supported}")
    if not path.exists():
        raise DocumentError(path, "no such file")
    if path.is_dir():
        raise DocumentError(path, "is a folder, not a file")
    try:
        if path.stat().st_size == 0:
            raise DocumentError(path, "empty file")
        if suffix == ".pdf":
            from .pdf import read_pdf

            source = read_pdf(path, limits, ocr=ocr or find_engine(), on_page=on_page)
        elif suffix == ".docx":
            source = _read_docx(path, limits)
        elif suffix == ".xlsx":
            from .sheets import read_xlsx

            source = SourceText([read_xlsx(path, limits)], MEDIA_TYPES[suffix])
        else:
            text, warnings = decode_text(path, path.read_bytes())
            if suffix in (".html", ".htm"):
                text = html_to_text(text)
            elif suffix == ".md":
                text = html_tables_to_text(text)
            elif suffix == ".csv":
                from .sheets import read_csv

                text = read_csv(path, text)
            source = SourceText([text], MEDIA_TYPES[suffix], warnings=tuple(warnings))
    except DocumentError:
        raise
    except PermissionError:
        raise DocumentError(path, "cannot read file: permission denied") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot read file: {exc.strerror or exc}") from None
    except MemoryError:
        raise DocumentError(path, "too large to read in memory; split the file") from None
    except Exception as exc:  # noqa: BLE001 - a reader library failing on a damaged file
        raise DocumentError(path, f"not a readable {suffix} file ({type(exc).__name__}: {exc})") from None
    if not any(page.strip() for page in source.pages):
        if suffix == ".pdf":
            reason = "OCR found no words either" if source.ocr_pages else "no text layer and no OCR (is it a scanned PDF?)"
            raise DocumentError(path, f"no text on any page: {reason}")
        raise DocumentError(path, "no text in file")
    chars = sum(len(page) for page in source.pages)
    if limits.text_chars and chars > limits.text_chars:
        raise DocumentError(
            path,
            f"{chars:,} characters of text, more than QUIPU_MAX_TEXT_CHARS={limits.text_chars:,}; "
            "split the document or raise the limit",
        )
    return source


# --- plain text -------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode_text(path: Path, data: bytes) -> tuple[str, list[str]]:
    """Decode bytes as UTF-8, or as Windows-1252 when they are not UTF-8 at all.

    Returns the text and what had to be repaired. Text that is mostly UTF-8 (it has
    more valid multi-byte sequences than invalid bytes) stays UTF-8 with the bad bytes
    replaced by U+FFFD and counted in a warning: re-decoding it whole as Windows-1252
    would garble every accented letter. Text with no valid multi-byte sequences is an
    old single-byte file (Windows-1252, Latin-1). Text full of control characters is a
    binary file with a text suffix, and is refused.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise DocumentError(path, "not valid UTF-16 text despite its byte-order mark") from None
    if b"\x00" in data:
        raise DocumentError(path, "binary content (NUL bytes); not a text file")
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        repaired = data.decode("utf-8-sig", errors="replace")
        bad = repaired.count("\ufffd") - data.decode("utf-8-sig", errors="ignore").count("\ufffd")
        if len(_UTF8_MULTIBYTE.findall(data)) > bad:
            text = repaired
            warnings.append(f"{bad} byte sequence(s) that are not UTF-8 were replaced by \ufffd")
        else:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    if not text.strip():
        raise DocumentError(path, "no text in file (only whitespace)")
    if len(_CONTROL.findall(text)) > max(3, len(text) // 100):
        raise DocumentError(path, "undecodable bytes: not UTF-8, Windows-1252 or Latin-1 text")
    return text, warnings


# --- Word -------------------------------------------------------------------------------

_HEADING_STYLE = re.compile(r"^(?:heading|t[ií]tulo)\s*(\d)$", re.IGNORECASE)


def _read_docx(path: Path, limits: ReadLimits) -> SourceText:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_unpacked_size(path, limits.unpacked_bytes)
    document = docx.Document(str(path))  # read_source reports any failure against the file

    blocks: list[str] = []
    # Walk the body in document order so tables stay where they were among paragraphs.
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(element, document)
            text = paragraph.text.strip()
            if text:
                blocks.append(_docx_prefix(paragraph) + text)
        elif tag == "tbl":
            rows = []
            for row in Table(element, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    # A merged cell is returned once per grid column it spans; keep it once.
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                if any(cells):
                    rows.append("\t".join(cells))
            if rows:
                blocks.append("\n".join(rows))
    return SourceText(["\n\n".join(blocks)], MEDIA_TYPES[".docx"])


def _docx_prefix(paragraph) -> str:
    """Markdown marker for a paragraph's style: ``#`` for headings, ``-`` for list items."""
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name.lower() == "title":
        return "# "
    match = _HEADING_STYLE.match(name.strip())
    if match:
        return "#" * min(6, max(1, int(match.group(1)))) + " "
    if name.lower().startswith("list"):
        return "- "
    return ""


# --- HTML -------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "div", "section", "article", "header", "footer", "main", "aside", "blockquote",
               "ul", "ol", "dl", "dt", "dd", "table", "figure", "figcaption", "pre", "hr", "nav", "form"}
_SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg"}


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    """A cell's colspan or rowspan: an integer from 1 to 100 (HTML's own bounds are larger)."""
    for key, value in attrs:
        if key == name and value and value.strip().isdigit():
            return max(1, min(int(value.strip()), 100))
    return 1


class _HTMLText(HTMLParser):
    """Collects the text of an HTML page in ingest's light Markdown convention."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.cell_depth = 0
        self.pre = 0
        self.row_cells: list[str] | None = None
        # Spans of the current row's cells, and the columns that cells of rows above
        # still cover (rowspan): column -> rows left.
        self.spans: list[tuple[int, int]] = []
        self.covered: dict[int, int] = {}

    def _emit(self, text: str) -> None:
        if self.row_cells is not None and self.cell_depth:
            self.row_cells[-1] += text
        else:
            self.out.append(text)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif self.skip:
            return
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "tr":
            self.row_cells, self.spans = [], []
        elif tag in ("td", "th"):
            if self.row_cells is None:
                self.row_cells, self.spans = [], []
            self.row_cells.append("")
            self.spans.append((_span(attrs, "colspan"), _span(attrs, "rowspan")))
            self.cell_depth += 1
        elif tag == "br" or tag in ("p", "li", "div") and self.cell_depth:
            # Inside a cell a line break would split the row, so it becomes a space.
            self._emit(" " if self.cell_depth else "\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag == "pre":
            self.pre += 1
            self.out.append("\n\n")
        elif tag in _BLOCK_TAGS:
            self.out.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif self.skip:
            return
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("\n\n")
        elif tag in ("td", "th"):
            self.cell_depth = max(0, self.cell_depth - 1)
        elif tag == "tr":
            self._end_row()
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
            self.out.append("\n\n")
        elif tag in _BLOCK_TAGS and not self.cell_depth:
            if tag == "table":
                self._end_row()
                self.covered = {}
            self.out.append("\n\n")

    def _end_row(self) -> None:
        if self.row_cells is not None:
            cells = self._grid_row([" ".join(c.split()) for c in self.row_cells])
            if any(cells):
                lead = "" if self.out and self.out[-1].endswith("\n") else "\n"
                self.out.append(lead + "\t".join(cells) + "\n")
            self.row_cells = None
            self.cell_depth = 0

    def _grid_row(self, texts: list[str]) -> list[str]:
        """The row on the table's grid: a merged cell keeps its text in its first column
        and leaves the others empty; columns covered from the rows above stay empty."""
        row: list[str] = []
        column = 0
        covered = dict(self.covered)
        for text, (colspan, rowspan) in zip(texts, self.spans):
            while covered.get(column, 0) > 0:
                row.append("")
                column += 1
            row.extend([text] + [""] * (colspan - 1))
            for spanned in range(column, column + colspan):
                if rowspan > 1:
                    self.covered[spanned] = rowspan
            column += colspan
        while any(c >= column and n > 0 for c, n in covered.items()):
            row.append("")
            column += 1
        self.covered = {c: n - 1 for c, n in self.covered.items() if n - 1 > 0}
        return row

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if not self.pre:
            # Source line breaks in HTML are just spaces.
            data = re.sub(r"\s+", " ", data)
        self._emit(data)


_HTML_TABLE = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)


def html_tables_to_text(markdown: str) -> str:
    """Markdown with the HTML tables it embeds (Markdown allows raw HTML blocks) as
    tab-separated rows, as an HTML document's tables are read."""
    if "<table" not in markdown.lower():
        return markdown
    return _HTML_TABLE.sub(lambda m: "\n" + html_to_text(m.group(0)) + "\n", markdown)


def html_to_text(html: str) -> str:
    """Text of an HTML document: headings as ``#`` lines, table rows as tab-separated lines."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    parser._end_row()
    text = "".join(parser.out)
    lines = [line.strip(" ") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
