"""Reading spreadsheets (.xlsx) and delimited files (.csv) as tables.

Each sheet becomes a ``#`` heading named after the sheet, followed by its rows as
tab-separated lines, the same convention every reader writes, so an annex of indicators
gives the table model the same rows whether it came as a workbook, a CSV file, a PDF or
a Word table. A merged cell keeps its text in its first column and leaves the others
empty, as HTML and Word tables do; numbers are written as a person reads them (a
percentage format shows ``35%``, not ``0.35``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from quipu.core.errors import DocumentError
from quipu.core.limits import ReadLimits

from .source import check_unpacked_size

MAX_CELLS = 2_000_000  # a sheet of more cells than this is data, not a document


def read_xlsx(path: Path, limits: ReadLimits) -> str:
    """The text of a workbook: one heading and one table per non-empty sheet."""
    import openpyxl


    check_unpacked_size(path, limits.unpacked_bytes)
    try:
        # Not read-only: merged cells are only known in the full model.
        workbook = openpyxl.load_workbook(path, data_only=True)
    except KeyError as exc:
        raise DocumentError(path, f"not a readable .xlsx workbook (missing part {exc})") from None
    parts: list[str] = []
    cells = 0
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue  # hidden sheets hold lookups and scratch work, not the document
        cells += (sheet.max_row or 0) * (sheet.max_column or 0)
        if cells > MAX_CELLS:
            raise DocumentError(path, f"more than {MAX_CELLS:,} cells; export the part that is a document")
        merged_away = {
            (row, column)
            for merged in sheet.merged_cells.ranges
            for row in range(merged.min_row, merged.max_row + 1)
            for column in range(merged.min_col, merged.max_col + 1)
            if (row, column) != (merged.min_row, merged.min_col)
        }
        rows: list[str] = []
        for row in sheet.iter_rows():
            texts = ["" if (cell.row, cell.column) in merged_away else cell_text(cell.value, cell.number_format)
                     for cell in row]
            while texts and not texts[-1]:
                texts.pop()
            if any(texts):
                rows.append("\t".join(texts))
        if rows:
            parts.append(f"# {sheet.title}\n\n" + "\n".join(rows))
    workbook.close()
    return "\n\n".join(parts)


def cell_text(value, number_format: str = "General") -> str:
    """A cell's value as it reads on screen: ``0.35`` formatted as a percentage is ``35%``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        if "%" in (number_format or ""):
            return _number(value * 100) + "%"
        return _number(value)
    return " ".join(str(value).split())


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def read_csv(path: Path, text: str) -> str:
    """The rows of a delimited file as tab-separated lines; the delimiter is detected."""
    sample = text[:20_000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel  # one column, or too irregular to tell: commas
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise DocumentError(path, f"not a readable CSV file ({exc})") from None
    lines = []
    for row in rows:
        cells = [" ".join(cell.split()) for cell in row]
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            lines.append("\t".join(cells))
    return "\n".join(lines)
