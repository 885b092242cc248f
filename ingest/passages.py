"""Splitting a document's blocks into passages: the units Quipu embeds, searches and cites.

Rules, and why:

* A passage is a few hundred words (about ``target_chars``): big enough to carry an
  idea, small enough that a citation points somewhere precise.
* A passage never crosses a section boundary, so its section path is true for all of it.
  The heading starts the first passage of its section, so that passage carries its title.
* A table row is never split, and tables are never mixed with prose (kind "table").
  Nor is a group of rows: a label row ("PRODUCTO") with the row it labels, and a row with
  the rows below it that leave a grouping cell empty (the breakdown of a budget line, the
  causes of one problem: cells the source merged over several rows).
  A table passage that does not start with its table's first row carries that row as
  ``header``, so "42,7%	45%	60%" still says which column is the baseline.
* A passage inside a captioned table or figure ("Cuadro N° 05: Presupuesto asignado…")
  that does not hold the caption carries it in ``header`` too, up to the table's
  "Fuente:" line or the next heading: PDF tables flattened into one cell per line are
  only numbers without it.
* Prose paragraphs are packed together up to the target; one paragraph longer than
  twice the target is split between sentences. In a PDF table flattened into paragraphs,
  a row's label ("OEI.07 / PROMOVER EL EMPLEO…") goes to the next passage with its
  figures rather than end the previous one.
* ``passage.text == text[passage.start:passage.end]`` exactly, trimmed of whitespace.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from quipu.core.text import sentence_starts, text_lines, trim_span

from .models import Passage
from .structure import Block, row_cells


@dataclass
class _Chunk:
    start: int
    end: int
    kind: str
    section: tuple[str, ...]
    header: tuple[int, int] | None = None  # span of the table's first row
    section_start: int = 0  # where the heading of the passage's section starts


def split_passages(
    document_id: str,
    text: str,
    blocks: Sequence[Block],
    target_chars: int = 1000,
    page_starts: Sequence[int] | None = None,
) -> list[Passage]:
    """Passages of ``text`` following ``blocks`` (from :func:`~.structure.parse_blocks`)."""
    if target_chars < 50:
        raise ValueError(f"target_chars must be at least 50, not {target_chars}")
    max_chars = 2 * target_chars
    spans: list[_Chunk] = []
    path: list[tuple[int, str]] = []  # (level, title), outermost first
    pending: list[Block] = []  # headings waiting for the first passage of their section
    chunk: _Chunk | None = None
    section_start = 0

    def section() -> tuple[str, ...]:
        return tuple(title for _, title in path)

    for block in blocks:
        if block.kind == "heading":
            if chunk:
                spans.append(chunk)
                chunk = None
            level = block.level or 1
            if pending and not all((h.level or 1) < level for h in pending):
                # The waiting headings got no body: they become a passage of their own.
                spans.append(_Chunk(pending[0].start, pending[-1].end, "text", section()))
                pending = []
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, block.title))
            pending.append(block)
            section_start = block.start
            continue
        kind = "table" if block.kind == "table" else "text"
        units = _units(text, block, target_chars, max_chars)
        header = units[0] if kind == "table" and units else None
        for start, end in units:
            if chunk and (chunk.kind != kind or end - chunk.start > target_chars):
                label = _trailing_label(text, chunk, start, end) if chunk.kind == kind == "text" else None
                if label is not None:
                    # Keep a flattened table's row label with the figures that follow it.
                    spans.append(_Chunk(chunk.start, label[0], chunk.kind, chunk.section, chunk.header, chunk.section_start))
                    chunk = _Chunk(label[1], end, kind, section(), None, section_start)
                    continue
                spans.append(chunk)
                chunk = None
            if chunk is None:
                continued = header is not None and start > header[0]
                chunk = _Chunk(
                    pending[0].start if pending else start, end, kind, section(), header if continued else None,
                    section_start,
                )
                pending = []
            else:
                chunk.end = end
    if chunk:
        spans.append(chunk)
    if pending:
        spans.append(_Chunk(pending[0].start, pending[-1].end, "text", section()))

    captions = _captions(text)
    caption_starts = [c[0] for c in captions]
    passages = []
    for ordinal, span in enumerate(spans):
        lines = [text[span.header[0] : span.header[1]]] if span.header else []
        caption = _caption_of(text, captions, span, caption_starts)
        if caption:
            lines.insert(0, caption)
        page = bisect.bisect_right(page_starts, span.start) if page_starts else None
        passages.append(
            Passage(
                id=f"{document_id}-{ordinal:04d}",
                document_id=document_id,
                ordinal=ordinal,
                text=text[span.start:span.end],
                start=span.start,
                end=span.end,
                section=span.section,
                page=page,
                kind=span.kind,
                header="\n".join(lines),
            )
        )
    return passages


_CAPTION = re.compile(
    r"^[ \t]*(?:Cuadro|Tabla|Gr[áa]fico|Figura|Table|Figure|CUADRO|TABLA|GR[ÁA]FICO)\s*"
    r"(?:N\s?[°º.]*\s*)?\d+[\s.:\-–]+\S[^\n]*(?:\n[ \t]*\S[^\n]*)?",
    re.MULTILINE,
)
CAPTION_REACH = 8000  # characters after its caption a table may still run on
_SOURCE_LINE = re.compile(r"^[ \t]*(?:Fuente|Elaboraci[óo]n|Source)\s*:", re.MULTILINE)
_OPEN_END = re.compile(r"(?:\b(?:de|del|la|las|el|los|y|e|en|por|a|al|para|con|según|año)|[:,\-–])\s*$", re.IGNORECASE)


def _captions(text: str) -> list[tuple[int, int]]:
    """Spans of the table and figure captions of a text (a caption cut after "del" goes on)."""
    found = []
    for match in _CAPTION.finditer(text):
        end = match.end()
        first = text[match.start() : end].split("\n", 1)[0]
        if "\n" in text[match.start() : end] and not _OPEN_END.search(first) and not re.search(
            r"\n[ \t]*[a-záéíóúñ]", text[match.start() : end]
        ):
            end = match.start() + len(first)
        found.append(trim_span(text, match.start(), end))
    return found


def _caption_of(
    text: str, captions: list[tuple[int, int]], span: _Chunk, starts: Sequence[int] | None = None
) -> str:
    """The caption of the table a passage sits in, when the passage does not hold it.

    ``starts`` are the captions' start offsets, computed once per document by the caller.
    """
    at = bisect.bisect_right(starts if starts is not None else [c[0] for c in captions], span.start) - 1
    if at < 0:
        return ""
    start, end = captions[at]
    if start < span.section_start or end > span.start:
        return ""  # another section's caption, or one inside the passage itself
    # The reach first: searching the text since a distant caption, for every passage, grew
    # with the square of the document.
    if span.start - end > CAPTION_REACH or _SOURCE_LINE.search(text, end, span.start):
        return ""  # the captioned table ended before this passage
    source = _SOURCE_LINE.search(text, span.start, span.end)
    if span.kind != "table" and not _looks_tabular(text[span.start : source.start() if source else span.end]):
        return ""  # prose after the table
    return " ".join(text[start:end].split())


def _looks_tabular(text: str) -> bool:
    """Mostly short lines, or many figures: cells of a table flattened one per line."""
    lines = [line for line in text.split("\n") if line.strip()]
    if not lines:
        return False
    short = sum(len(line) < 60 for line in lines) / len(lines)
    digits = sum(c.isdigit() for c in text) / max(len(text), 1)
    return short >= 0.6 or digits >= 0.12


# A line of figures: "243,616,423.12 244,195,208.58 99.3%", "5 Moquegua 250 72 29".
_FIGURES = re.compile(r"^[\s\d.,%/()$S-]*(?:\d[\d.,%]*\s+){2,}[\d.,%]+\s*$")
LABEL_REACH = 400  # longest row label kept with the figures that follow it


def _is_figures(text: str) -> bool:
    return bool(_FIGURES.match(text))


def _trailing_label(text: str, chunk: _Chunk, start: int, end: int) -> tuple[int, int] | None:
    """Where a closing chunk should end, and the next one begin, so that the row label
    at its end stays with the figures of ``text[start:end]``; None when nothing moves.

    A PDF table flattened to paragraphs reads "OEI.07 / PROMOVER EL EMPLEO… / 243,616,423.12
    …": cut between the label and its figures, the figures no longer say what they are.
    """
    if not _is_figures(text[start:end]):
        return None
    body = text[chunk.start : start]
    last = None  # end of the chunk's last paragraph of figures
    offset = chunk.start
    for paragraph in re.split(r"(\n\s*\n)", body):
        if paragraph.strip() and _is_figures(paragraph.strip()):
            last = offset + len(paragraph)
        offset += len(paragraph)
    if last is None:
        return None
    label = trim_span(text, last, start)
    if label[0] >= label[1] or label[1] - label[0] > LABEL_REACH:
        return None
    return trim_span(text, chunk.start, last)[1], label[0]


def _units(text: str, block: Block, target: int, max_chars: int) -> list[tuple[int, int]]:
    """The pieces of a block that may not be split: table rows, or a paragraph (cut
    between sentences when it is longer than ``max_chars``)."""
    if block.kind == "table":
        rows, cells = [], []
        for line in text_lines(text[block.start:block.end], strip=" "):  # edge tabs are empty cells
            if line.text.strip():
                rows.append(trim_span(text, block.start + line.start, block.start + line.end))
                cells.append(row_cells(line.text))
        return _row_groups(rows, cells, max_chars)
    if block.end - block.start <= max_chars:
        return [(block.start, block.end)]
    return _split_long(text, block.start, block.end, target, max_chars)


GROUPING_FILL = 0.5  # a leading column filled in most rows is a grouping column


def _row_groups(rows: list[tuple[int, int]], cells: list[list[str]], max_chars: int) -> list[tuple[int, int]]:
    """Table rows joined into the groups a passage may not cut: a label row ("PRODUCTO",
    its other cells empty) with the row it labels, and a row with the row above when it
    leaves a grouping cell empty ("\tb. Sin monitoreo", "Curso\t\tServicio\t11 500.00"
    under the activity they break down: the source merged those cells over several rows).

    The first row, the table's header, stays alone; no group grows past ``max_chars``.
    """
    body = cells[1:]
    leading = [
        j for j in (0, 1)
        if body and sum(1 for c in body if len(c) > j and c[j]) >= GROUPING_FILL * len(body)
    ]
    groups = [rows[0]] if rows else []
    label_open = False  # the last group is a label row waiting for its row
    for (start, end), row in zip(rows[1:], body):
        filled = [j for j, cell in enumerate(row) if cell]
        label = len(row) > 1 and filled == [0]
        continues = not label and bool(filled) and any(len(row) > j and not row[j] for j in leading)
        joins = len(groups) > 1 and (label_open or continues)
        if joins and end - groups[-1][0] <= max_chars:
            groups[-1] = (groups[-1][0], end)
        else:
            groups.append((start, end))
        label_open = label
    return groups


def _split_long(text: str, start: int, end: int, target: int, max_chars: int) -> list[tuple[int, int]]:
    cuts = sentence_starts(text, start, end)
    pieces = []
    while end - start > max_chars:
        limit = start + target
        # cuts ascend: bisect for the last one up to the limit and the first past it, since
        # filtering all of them for each piece grew with the square of a long paragraph
        at = bisect.bisect_right(cuts, limit)
        if at and cuts[at - 1] > start:
            cut = cuts[at - 1]
        elif at < len(cuts) and cuts[at] <= start + max_chars:
            cut = cuts[at]
        else:
            # One enormous sentence: cut at a line break or a space near the target.
            window = text[start + target // 2: limit]
            at = max(window.rfind("\n"), window.rfind(" "))
            cut = start + target // 2 + at + 1 if at >= 0 else limit
        pieces.append(trim_span(text, start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append(trim_span(text, start, end))
    return [p for p in pieces if p[1] > p[0]]


