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


def _grid(table: Table) -> list[list[str]]:
    header = [c.text for c in table.header]
    rows = [[c.text for c in row.cells] + [""] * (table.width - len(row.cells)) for row in table.rows]
    grid = ([header] if any(header) else []) + [r[: table.width] for r in rows]
    return [[" ".join(cell.split()) for cell in row] for row in grid if any(c.strip() for c in row)]


def _pipe(grid: list[list[str]]) -> str:
    lines = ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in grid]
    if lines:
        lines.insert(1, "|" + "|".join("---" for _ in grid[0]) + "|")
    return "\n".join(lines)


def _aligned(grid: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in grid) for i in range(len(grid[0]))]
    return "\n".join("   ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in grid)


def _html_table(grid: list[list[str]]) -> str:
    out = ["<table>"]
    for index, row in enumerate(grid):
        tag = "th" if index == 0 else "td"
        out.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _pieces(text: str, tables: list[Table]) -> list[tuple[str, object]]:
    """The text cut into ("text", str) and ("table", grid) pieces, in order."""
    pieces: list[tuple[str, object]] = []
    position = 0
    for table in tables:
        if table.start < position or not table.rows:
            continue
        pieces.append(("text", text[position : table.start]))
        pieces.append(("table", _grid(table)))
        position = table.end
    pieces.append(("text", text[position:]))
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
        parts = [p if kind == "text" else "\n\n" + render_table(p) + "\n\n" for kind, p in pieces]  # type: ignore[arg-type]
        target = folder / f"{stem}.{'md' if layout == 'pipe' else 'txt'}"
        target.write_text("".join(parts), encoding="utf-8")
        return target
    if layout == "html":
        body: list[str] = []
        for kind, piece in pieces:
            if kind == "table":
                body.append(_html_table(piece))  # type: ignore[arg-type]
                continue
            for paragraph in _paragraphs(piece):  # type: ignore[arg-type]
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
        for kind, piece in pieces:
            if kind == "table":
                grid = piece  # type: ignore[assignment]
                table = out.add_table(rows=len(grid), cols=len(grid[0]))  # type: ignore[arg-type]
                for r, row in enumerate(grid):  # type: ignore[arg-type]
                    for c, cell in enumerate(row):
                        table.cell(r, c).text = cell
                continue
            for paragraph in _paragraphs(piece):  # type: ignore[arg-type]
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
