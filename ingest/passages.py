"""Splitting a document's blocks into passages: the units Quipu embeds, searches and cites.

Rules, and why:

* A passage is a few hundred words (about ``target_chars``): big enough to carry an
  idea, small enough that a citation points somewhere precise.
* A passage never crosses a section boundary that has text on both sides, so its
  section path is true for all of its body. The heading starts the first passage of its
  section, so that passage carries its title.
* A heading is never a passage of its own when text follows it in the document: headings
  with no body of their own (a chapter whose first text is a subsection's, a title over
  the first heading, a heading right before the next one) wait for the next passage and
  open it. That passage's section path is the section of its body, the deepest or latest
  of the headings it opens with; the headings above it are only its first lines. A
  heading at the end of a document, with nothing after it, stays a passage of its own
  (joining the passage before would put it under a section path that is not its own).
  Only a run of bodiless headings longer than the target or :data:`HEADING_RUN` (a table
  of contents) is cut off as a passage before the next heading.
* A list stays with its lead-in: a paragraph or sentence ending in ":" ("Los servicios
  que brinda la VUPE son los siguientes:") never ends a passage when the text of its
  section goes on. When what follows does not fit, the lead-in moves to the next passage
  with it, or, when the list is longer than a passage, the passage is filled with the
  lead-in and the first items (whole items; sentences for prose after a label). Every
  later passage of that list carries the lead-in sentence as ``header``, so each chunk
  still says what it lists. The list runs over the paragraphs that start with an item
  marker ("-", "•", "➢", "1.", "a)", "iv.") after the lead-in, or is the one paragraph
  that follows it; a list paragraph longer than twice the target is cut between items.
  A lead-in may end a passage only before a heading (its list is not in its section), a
  table (never mixed with prose) or a PDF table flattened into short lines (whose row
  labels stay with their figures instead). A lead-in that opens its passage takes at least
  the first item with it, even past the target.
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
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from quipu.core.text import sentence_spans, sentence_starts, text_lines, trim_span

from .models import Passage
from .structure import Block, row_cells


@dataclass
class _Chunk:
    start: int
    end: int
    kind: str
    section: tuple[str, ...]
    header: tuple[int, int] | None = None  # span of the table's first row, or of a list's lead-in
    section_start: int = 0  # where the heading of the passage's section starts
    body: int = 0  # where its first unit starts, after the headings it opens with


@dataclass(frozen=True)
class _Unit:
    """A piece of a block that is packed whole, and the lead-in of the list it belongs to."""

    start: int
    end: int
    lead: tuple[int, int] | None = None


# The longest run of headings with no body that waits for the next passage; a longer one
# (a table of contents read as headings) is a passage of its own.
HEADING_RUN = 400


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
    pending: list[Block] = []  # headings waiting for the next passage
    chunk: _Chunk | None = None
    run: _Unit | None = None  # the first of the lead-ins that end chunk ("…detalle:" / "… 6 propuestas:")
    section_start = 0
    lead: tuple[int, int] | None = None  # the lead-in of the list being read
    after_lead = False  # the last text block ended with a lead-in

    def section() -> tuple[str, ...]:
        return tuple(title for _, title in path)

    for block in blocks:
        if block.kind == "heading":
            if chunk:
                spans.append(chunk)
                chunk = None
            if pending and pending[-1].end - pending[0].start > min(HEADING_RUN, target_chars):
                # A table of contents, not a title: its headings become a passage of their own.
                spans.append(_Chunk(pending[0].start, pending[-1].end, "text", section()))
                pending = []
            level = block.level or 1
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, block.title))
            pending.append(block)
            section_start = block.start
            lead, after_lead = None, False
            continue
        kind = "table" if block.kind == "table" else "text"
        units = [_Unit(start, end) for start, end in _units(text, block, target_chars, max_chars)]
        header = (units[0].start, units[0].end) if kind == "table" and units else None
        if kind == "text":
            units, lead, after_lead = _with_leads(text, block, units, lead, after_lead)
        else:
            lead, after_lead = None, False
        queue = deque(units)
        while queue:
            unit = queue.popleft()
            start, end = unit.start, unit.end
            if chunk and (chunk.kind != kind or end - chunk.start > target_chars):
                if chunk.kind == kind == "text" and run is not None and _follows_lead(text, start, end):
                    # The chunk ends with the lead-in of what follows: never cut between them.
                    alone = run.start <= chunk.body  # nothing but headings before the lead-in
                    if not alone and end - run.start <= target_chars:
                        chunk = _move_to_next(text, chunk, run, spans)
                        chunk.end = end
                        run = _run(text, unit, run)
                        continue
                    cut = _fitting_cut(text, start, end, chunk.start + target_chars)
                    if cut is None and not alone:
                        chunk = _move_to_next(text, chunk, run, spans)
                        queue.appendleft(unit)
                        continue
                    if cut is None:  # not even its first item fits: it comes all the same
                        cuts = _cuts(text, start, end)
                        cut = cuts[0] if cuts else end
                    # The lead-in and the first items (or sentences) that fit; the rest of the
                    # list goes on under the lead-in.
                    list_lead = unit.lead or _lead_span(text, chunk.body, chunk.end)
                    head, rest = trim_span(text, start, cut), trim_span(text, cut, end)
                    chunk.end = head[1]
                    run = _run(text, _Unit(*head), None)
                    if rest[0] < rest[1]:
                        # Item by item, so that the next passages are packed full.
                        bounds = [rest[0], *_cuts(text, *rest), rest[1]]
                        pieces = [trim_span(text, a, b) for a, b in zip(bounds, bounds[1:])]
                        queue.extendleft(reversed([_Unit(a, b, list_lead) for a, b in pieces if a < b]))
                    continue
                label = _trailing_label(text, chunk, start, end) if chunk.kind == kind == "text" else None
                if label is not None:
                    # Keep a flattened table's row label with the figures that follow it.
                    spans.append(
                        _Chunk(chunk.start, label[0], chunk.kind, chunk.section, chunk.header, chunk.section_start, chunk.body)
                    )
                    chunk = _Chunk(label[1], end, kind, section(), None, section_start, label[1])
                    run = None
                    continue
                spans.append(chunk)
                chunk = None
            if chunk is None:
                continued = header is not None and start > header[0]
                opening = header if continued else None
                if kind == "text" and unit.lead is not None and unit.lead[1] <= start:
                    opening = unit.lead  # a later piece of a list: it says what it lists
                chunk = _Chunk(pending[0].start if pending else start, end, kind, section(), opening, section_start, start)
                pending = []
                run = None
            else:
                chunk.end = end
            run = _run(text, unit, run) if kind == "text" else None
    if chunk:
        spans.append(chunk)
    if pending:
        # Headings that end the document: nothing follows for them to open.
        spans.append(_Chunk(pending[0].start, pending[-1].end, "text", section()))

    captions = _captions(text)
    caption_starts = [c[0] for c in captions]
    passages = []
    for ordinal, span in enumerate(spans):
        lines: list[str] = []
        if span.header:
            row = text[span.header[0] : span.header[1]]  # a table's first row, or a list's lead-in
            lines.append(row if span.kind == "table" else " ".join(row.split()))
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


# --------------------------------------------------------------------- lists and lead-ins

# The marker that opens a list item: a bullet, or a number, letter or roman numeral with
# "." or ")" ("1.", "a)", "(b)", "iv.").
_ITEM = re.compile(r"[ \t]*(?:[-–—•·▪●○■►◦‣✓➢➤❖→*+]\s|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{2,5})[.)]\s)")


def _is_item(text: str, start: int) -> bool:
    return bool(_ITEM.match(text, start))


def _item_starts(text: str, start: int, end: int) -> list[int]:
    """Where the list items after the first line of ``text[start:end]`` begin."""
    found = []
    for line in text_lines(text[start:end])[1:]:
        if line.text and _is_item(text, start + line.start):
            found.append(start + line.start)
    return found


def _lead_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The lead-in sentence that ends ``text[start:end]`` ("… son los siguientes:"), or None."""
    start, end = trim_span(text, start, end)
    if start >= end or text[end - 1] != ":":
        return None
    sentences = sentence_spans(text, start, end)
    return trim_span(text, *sentences[-1]) if sentences else (start, end)


def _inner_lead(text: str, block: Block) -> tuple[int, int] | None:
    """The lead-in of a paragraph that goes on with its list ("Son los siguientes:" / "- a) …")."""
    items = _item_starts(text, block.start, block.end)
    return _lead_span(text, block.start, items[0]) if items else None


def _with_leads(
    text: str, block: Block, units: list[_Unit], lead: tuple[int, int] | None, after_lead: bool
) -> tuple[list[_Unit], tuple[int, int] | None, bool]:
    """The units of a text block with the lead-in of the list each belongs to, and what the
    next block inherits: the lead-in of the list that goes on, and whether this block
    ended with one.

    The block right after a lead-in belongs to its list, unless it is a table flattened
    into lines (that has its caption); the blocks after that only while they are list items.
    """
    is_item = _is_item(text, block.start)
    outer = lead if (after_lead and _follows_lead(text, block.start, block.end)) or (lead is not None and is_item) else None
    inner = _inner_lead(text, block)
    marked = [_Unit(u.start, u.end, inner if inner is not None and u.start >= inner[1] else outer) for u in units]
    ends = _lead_span(text, block.start, block.end)
    if ends is not None:
        return marked, ends, True
    if inner is not None:
        return marked, inner, False
    return marked, outer if is_item else None, False


def _follows_lead(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, right after a lead-in, is what it introduces: a list, or
    prose; not a PDF table flattened into short lines ("… el detalle siguiente:" / "Objetivo
    Estratégico / Institucional (OEI) / …"), whose rows stay with their figures instead."""
    body = text[start:end]
    return _is_item(text, start) or body.count("\n") < 2 or not _looks_tabular(body)


def _cuts(text: str, start: int, end: int) -> list[int]:
    """Where ``text[start:end]`` may be cut when it must: between list items, else sentences
    (not after an item's marker: "3. Propuesta…" reads as a sentence "3." to the splitter)."""
    items = _item_starts(text, start, end)
    if items:
        return items
    return [
        cut for cut in sentence_starts(text, start, end)
        if not _ITEM.fullmatch(text, max(text.rfind("\n", start, cut) + 1, start), cut)
    ]


def _fitting_cut(text: str, start: int, end: int, limit: int) -> int | None:
    """The last cut of ``text[start:end]`` whose first part ends by ``limit``, or None."""
    fitting = [cut for cut in _cuts(text, start, end) if trim_span(text, start, cut)[1] <= limit]
    return fitting[-1] if fitting else None


def _run(text: str, unit: _Unit, run: _Unit | None) -> _Unit | None:
    """The first of the lead-ins that end a chunk once ``unit`` is added to it (``run``:
    the first before), or None when ``unit`` is no lead-in."""
    if unit.end <= unit.start or text[unit.end - 1] != ":":
        return None
    return unit if run is None else run


def _move_to_next(text: str, chunk: _Chunk, run: _Unit, spans: list[_Chunk]) -> _Chunk:
    """Close ``chunk`` before ``run``, the first of the lead-ins that end it, and open the
    next chunk with them (under the lead-in of the list they belong to, if any)."""
    end = trim_span(text, chunk.start, run.start)[1]
    spans.append(_Chunk(chunk.start, end, chunk.kind, chunk.section, chunk.header, chunk.section_start, chunk.body))
    opening = run.lead if run.lead is not None and run.lead[1] <= run.start else None
    return _Chunk(run.start, chunk.end, "text", chunk.section, opening, chunk.section_start, run.start)


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
    between list items, else sentences, when it is longer than ``max_chars``)."""
    if block.kind == "table":
        rows, cells = [], []
        for line in text_lines(text[block.start:block.end], strip=" "):  # edge tabs are empty cells
            if line.text.strip():
                rows.append(trim_span(text, block.start + line.start, block.start + line.end))
                cells.append(row_cells(line.text))
        return _row_groups(rows, cells, max_chars)
    if block.end - block.start <= max_chars:
        return [(block.start, block.end)]
    items = _item_starts(text, block.start, block.end)
    if len(items) < 2:
        return _split_long(text, block.start, block.end, target, max_chars)
    # A long list: groups of whole items up to the target (an item too long alone is cut
    # between its sentences).
    pieces, begin, previous = [], block.start, block.start
    for cut in [*items, block.end]:
        if cut - begin > target and previous > begin:
            pieces.append((begin, previous))
            begin = previous
        previous = cut
    pieces.append((begin, block.end))
    found = []
    for start, end in pieces:
        start, end = trim_span(text, start, end)
        found.extend([(start, end)] if end - start <= max_chars else _split_long(text, start, end, target, max_chars))
    return found


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


