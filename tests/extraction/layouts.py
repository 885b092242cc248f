"""A document's tables re-rendered in other layouts, to test that extraction does not
depend on how a table was laid out.

:func:`render` reads a document, finds its tables through the table model and writes a
copy of the document in which every table is printed as Markdown pipe rows, an HTML
``<table>``, a DOCX table (python-docx) or space-aligned columns; the text around the
tables is kept. Extracting the copy must give the facts the original gives.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from quipu.core.text import fold
from quipu.ingest import read_document
from quipu.ingest.extract.extractor import extract_facts
from quipu.ingest.table import Table, find_tables

LAYOUTS = ("pipe", "html", "docx", "aligned")


def comparable_facts(path: Path) -> tuple[set, set]:
    """A document's values and links, keyed by folded names rather than keys, so that two
    layouts of one document can be compared fact by fact."""
    facts = extract_facts(read_document(path))

    def name(key: str) -> str:
        return fold(facts.entities[key].label) if key in facts.entities else key

    values = {(name(o.indicator), o.kind, re.sub(r"\s", "", o.raw), o.period) for o in facts.observations}
    links = {(name(l.subject), l.predicate, name(l.object)) for l in facts.links}
    return values, links


Grid = list[list[str]]  # a table's rows of cell texts, the header first


def _grid(table: Table) -> Grid:
    header = [c.text for c in table.header]
    rows = [[c.text for c in row.cells] + [""] * (table.width - len(row.cells)) for row in table.rows]
    grid = ([header] if any(header) else []) + [r[: table.width] for r in rows]
    return [[" ".join(cell.split()) for cell in row] for row in grid if any(c.strip() for c in row)]


def _pipe(grid: Grid) -> str:
    lines = ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in grid]
    if lines:
        lines.insert(1, "|" + "|".join("---" for _ in grid[0]) + "|")
    return "\n".join(lines)


def _aligned(grid: Grid) -> str:
    widths = [max(len(row[i]) for row in grid) for i in range(len(grid[0]))]
    return "\n".join("   ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in grid)


def _html_table(grid: Grid) -> str:
    out = ["<table>"]
    for index, row in enumerate(grid):
        tag = "th" if index == 0 else "td"
        out.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _pieces(text: str, tables: list[Table]) -> list[str | Grid]:
    """The text cut into pieces of text (a str) and tables (a grid), in order."""
    pieces: list[str | Grid] = []
    position = 0
    for table in tables:
        if table.start < position or not table.rows:
            continue
        pieces.append(text[position : table.start])
        pieces.append(_grid(table))
        position = table.end
    pieces.append(text[position:])
    return pieces


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def render(source: Path, layout: str, folder: Path) -> Path | None:
    """A copy of ``source`` with its tables in ``layout``, written under ``folder``;
    None when the document has no table with a meaningful header."""
    document = read_document(source)
    tables = [t for t in find_tables(document.text) if t.meaningful]
    if not tables:
        return None
    pieces = _pieces(document.text, tables)
    folder.mkdir(parents=True, exist_ok=True)
    stem = source.stem
    if layout in ("pipe", "aligned"):
        render_table = _pipe if layout == "pipe" else _aligned
        parts = [p if isinstance(p, str) else "\n\n" + render_table(p) + "\n\n" for p in pieces]
        target = folder / f"{stem}.{'md' if layout == 'pipe' else 'txt'}"
        target.write_text("".join(parts), encoding="utf-8")
        return target
    if layout == "html":
        body: list[str] = []
        for piece in pieces:
            if not isinstance(piece, str):
                body.append(_html_table(piece))
                continue
            for paragraph in _paragraphs(piece):
                if paragraph.startswith("#"):
                    level = min(len(paragraph) - len(paragraph.lstrip("#")), 6)
                    body.append(f"<h{level}>{html.escape(paragraph.lstrip('#').strip())}</h{level}>")
                else:
                    body.append("<p>" + "<br>\n".join(html.escape(line) for line in paragraph.split("\n")) + "</p>")
        target = folder / f"{stem}.html"
        title = html.escape(document.meta.title or stem)
        target.write_text(f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>\n"
                          + "\n".join(body) + "\n</body></html>", encoding="utf-8")
        return target
    if layout == "docx":
        import docx

        out = docx.Document()
        for piece in pieces:
            if not isinstance(piece, str):
                table = out.add_table(rows=len(piece), cols=len(piece[0]))
                for r, row in enumerate(piece):
                    for c, cell in enumerate(row):
                        table.cell(r, c).text = cell
                continue
            for paragraph in _paragraphs(piece):
                if paragraph.startswith("#"):
                    level = min(len(paragraph) - len(paragraph.lstrip("#")), 6)
                    out.add_heading(paragraph.lstrip("#").strip(), level=level)
                else:
                    for line in paragraph.split("\n"):
                        out.add_paragraph(line)
        target = folder / f"{stem}.docx"
        out.save(str(target))
        return target
    raise ValueError(f"unknown layout {layout!r}; one of {', '.join(LAYOUTS)}")
