"""Real PDFs, spreadsheets and scans that the ingest tests write for themselves.

Made with reportlab (text, ruled tables, two columns, rotation), pypdf (a password),
pypdfium2 and Pillow (a scan: a page rendered to an image and wrapped back into a PDF
with no text layer) and openpyxl (workbooks), so each test knows exactly what the file
says and can check what Quipu reads against it.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

STYLES = getSampleStyleSheet()


def _running(header: str):
    """A page decoration with a running header and a page number, as published PDFs have."""

    def draw(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2 * cm, A4[1] - 1.2 * cm, header)
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, str(document.page))
        canvas.restoreState()

    return draw


def flowables(blocks: list) -> list:
    """("h1", text), ("h2", text), ("p", text), ("table", rows), ("borderless", rows) or
    ("space", points) as reportlab flowables; a "table" has ruled cells, a "borderless"
    one none, its cells centred vertically."""
    out: list = []
    for kind, content in blocks:
        if kind in ("h1", "h2"):
            out.append(Paragraph(content, STYLES["Heading1" if kind == "h1" else "Heading2"]))
        elif kind == "p":
            out.append(Paragraph(content, STYLES["BodyText"]))
        elif kind == "space":
            out.append(Spacer(1, content))
        elif kind in ("table", "borderless"):
            cells = [[Paragraph(str(c), STYLES["BodyText"]) for c in row] for row in content]
            table = Table(cells, repeatRows=1)
            if kind == "table":
                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            else:
                table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
            out.append(table)
        else:
            raise ValueError(kind)
    return out


def document_pdf(path: Path, blocks: list, *, title: str | None = None, author: str | None = None,
                 header: str = "Informe de prueba") -> Path:
    """A one-column PDF with a running header and page numbers on every page."""
    document = SimpleDocTemplate(str(path), pagesize=A4, title=title or "", author=author or "")
    draw = _running(header)
    document.build(flowables(blocks), onFirstPage=draw, onLaterPages=draw)
    return path


def two_column_pdf(path: Path, title: str, left: list[str], right: list[str]) -> Path:
    """A page with a full-width title and two columns of paragraphs: the left one first."""
    document = BaseDocTemplate(str(path), pagesize=A4)
    width, height = A4
    margin, gap = 2 * cm, 1 * cm
    column = (width - 2 * margin - gap) / 2
    top = Frame(margin, height - margin - 2 * cm, width - 2 * margin, 2 * cm, id="title")
    frames = [top,
              Frame(margin, margin, column, height - 2 * margin - 2 * cm, id="left"),
              Frame(margin + column + gap, margin, column, height - 2 * margin - 2 * cm, id="right")]
    document.addPageTemplates([PageTemplate(id="two", frames=frames)])
    from reportlab.platypus import FrameBreak

    story = [Paragraph(title, STYLES["Heading1"]), FrameBreak()]
    story += [Paragraph(p, STYLES["BodyText"]) for p in left] + [FrameBreak()]
    story += [Paragraph(p, STYLES["BodyText"]) for p in right]
    document.build(story)
    return path


def rotated_pdf(path: Path, lines: list[str], rotation: int = 90) -> Path:
    """A landscape page stored as a portrait one with /Rotate, as scanners and Word write them."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4)
    y = A4[1] - 3 * cm
    for line in lines:
        canvas.drawString(2 * cm, y, line)
        y -= 16
    canvas.setPageRotation(rotation)
    canvas.showPage()
    canvas.save()
    return path


def encrypted_pdf(source: Path, path: Path, password: str = "secreto") -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt(password)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def scanned_pdf(source: Path, path: Path, dpi: int = 200) -> Path:
    """``source``'s pages rendered to images and wrapped back into a PDF with no text layer."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(source))
    images = [page.render(scale=dpi / 72).to_pil().convert("L") for page in document]
    document.close()
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


def workbook(path: Path, sheets: dict[str, list[list]], merged: dict[str, list[str]] | None = None,
             percent: dict[str, list[str]] | None = None) -> Path:
    """An .xlsx with the given rows per sheet, merged ranges ("B1:D1") and cells formatted as percentages."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merged or {}).get(name, []):
            sheet.merge_cells(cells)
        for cell in (percent or {}).get(name, []):
            sheet[cell].number_format = "0%"
    book.save(path)
    return path
