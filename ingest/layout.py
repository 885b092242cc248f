"""A page's positioned words as text in reading order, in ingest's light convention.

PDF text layers and OCR both give words with boxes, not lines or paragraphs. This module
rebuilds what a reader sees:

- **lines**: words whose boxes share most of their height, left to right;
- **columns**: a page of two text columns is read left column first, band by band
  (a line that crosses the gutter, such as a title, starts a new band);
- **tables without rules**: a run of lines with cell-wide gaps is a table; its column
  boundaries are the x-ranges no word of the run covers that some row's gap confirms.
  Rows are told apart by the space between them, so a cell wrapped over several lines,
  or centred beside a taller one, stays in its row; a header whose cells fill their
  columns is placed by where the columns start. Each row becomes one tab-separated line;
- **ruled tables** are found by the PDF reader and arrive here as rows already, placed
  among the lines by their position;
- **paragraphs**: a vertical gap wider than the usual leading is a blank line;
- **headings**: a short line in a clearly larger font than the page's body text
  becomes a Markdown ``#`` heading.

Everything works in the page's own units (PDF points), relative to the font size, so the
same rules hold for a text layer and for OCR boxes at any resolution.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

# A gap this many font sizes wide inside a line separates table cells, not words.
CELL_GAP_EM = 1.0
# The narrowest column boundary, in font sizes, that all rows of a table must leave free.
GUTTER_EM = 0.2
# A vertical gap between lines wider than this share of the font size starts a paragraph.
PARAGRAPH_GAP_EM = 0.75
# A line in a font this much larger than the body text, and this short, is a heading.
HEADING_RATIO = 1.15
HEADING_CHARS = 150


# A line that starts a list item, which is never the continuation of the line above.
_ITEM_START = re.compile(r"^(?:[•·▪●○■►◦‣✓\-–—*+]\s|\(?\d{1,3}(?:\.\d{1,3})*[.)]\s|\(?[a-zA-Z][.)]\s|[IVXivx]{1,6}[.)]\s)")
_BROKEN_WORD = re.compile(r"[a-záéíóúñü]-$")
# A table of contents entry: dot leaders and a page number end the line.
_LEADER_END = re.compile(r"(?:\.{3,}|…+)\s*\d{1,4}$")


def join_wrapped(lines: list[str]) -> str:
    """Lines of one paragraph or cell as one line: a word hyphenated at the end of a line
    is mended ("articula-" + "ción"), a hyphen before a digit is kept ("2016-" + "2021")."""
    out = ""
    for line in (" ".join(line.split()) for line in lines):
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and line[0].isdigit():
            out += line
        elif _BROKEN_WORD.search(out) and line[0].islower():
            out = out[:-1] + line
        else:
            out += " " + line
    return out


@dataclass(frozen=True)
class Word:
    """A word and its box: x grows rightwards, ``top`` and ``bottom`` grow downwards."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # font size (or, from OCR, the line's height)


@dataclass
class Line:
    words: list[Word] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def size(self) -> float:
        return statistics.median(w.size for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def box(self) -> Box:
        return self.x0, self.top, self.x1, self.bottom

    def gaps(self) -> list[float]:
        return [b.x0 - a.x1 for a, b in zip(self.words, self.words[1:])]

    def gapped(self) -> bool:
        """Whether the line has a gap wide enough to separate table cells."""
        return any(gap >= CELL_GAP_EM * self.size for gap in self.gaps())


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True)
class TableRows:
    """A table the PDF reader found by its rules: its box, its rows of cell texts, and
    each row's box when known."""

    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[list[str]]
    row_boxes: list[Box] | None = None


# What a flow of text holds, top to bottom: lines, and the ruled tables placed among them.
FlowItem = Line | TableRows


def _only_lines(items: Sequence[FlowItem]) -> list[Line]:
    """``items``, known to be lines: the run of a borderless table never holds a ruled one."""
    lines = [item for item in items if isinstance(item, Line)]
    assert len(lines) == len(items), "a borderless table's run holds lines only"
    return lines


def _union(a: Box | None, b: Box) -> Box:
    """The box around both; ``a`` may be missing (a line of ``out`` read without a box)."""
    if a is None:
        return b
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def group_lines(words: list[Word]) -> list[Line]:
    """Words into lines: a word joins the line whose vertical extent it mostly shares."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        height = max(word.bottom - word.top, 0.1)
        for line in reversed(lines[-4:]):
            overlap = min(line.bottom, word.bottom) - max(line.top, word.top)
            if overlap >= 0.5 * min(height, line.bottom - line.top):
                line.words.append(word)
                break
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    lines.sort(key=lambda line: line.top)
    return lines


def page_text(
    words: list[Word],
    tables: Sequence[TableRows] = (),
    *,
    width: float,
    body_size: float | None = None,
    boxes: list[tuple[str, Box]] | None = None,
) -> str:
    """The text of one page: headings, paragraphs and tab-separated table rows in reading order.

    ``boxes``, when given, receives each line of the text with the box it was read from
    (a paragraph's lines, re-joined, share the box of the whole paragraph)."""
    inside = [t for t in tables if t.rows]
    free = [w for w in words if not any(_within(w, t) for t in inside)]
    lines = group_lines(free)
    body = body_size or body_font_size(words)  # over the whole page, table cells included
    flows = _columns(lines, width)
    out: list[str] = []
    for flow in flows:
        items: list[tuple[float, FlowItem]] = [(line.top, line) for line in flow]
        top, bottom = (min(l.top for l in flow), max(l.bottom for l in flow)) if flow else (0.0, 0.0)
        for table in inside:
            # A ruled table goes with the flow it lies beside (both, on a one-column page).
            if len(flows) == 1 or (flow and top - 1 <= table.top <= bottom + 1 and _overlaps_x(table, flow)):
                items.append((table.top, table))
        if len(flows) > 1:
            claimed = [t for t in inside if any(t is item for _, item in items)]
            inside = [t for t in inside if t not in claimed]
        items.sort(key=lambda item: item[0])
        out.append(_flow_text(items, body, boxes))
    return "\n\n".join(part for part in out if part.strip())


def body_font_size(words: list[Word]) -> float:
    """The font size most characters are set in: the size of body text."""
    counts: Counter[float] = Counter()
    for word in words:
        counts[round(word.size, 1)] += len(word.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def _within(word: Word, table: TableRows) -> bool:
    cx, cy = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return table.x0 - 1 <= cx <= table.x1 + 1 and table.top - 1 <= cy <= table.bottom + 1


def _overlaps_x(table: TableRows, flow: list[Line]) -> bool:
    left, right = min(l.x0 for l in flow), max(l.x1 for l in flow)
    return min(right, table.x1) - max(left, table.x0) > 0.5 * (table.x1 - table.x0)


# --- columns ------------------------------------------------------------------------------


def _columns(lines: list[Line], width: float) -> list[list[Line]]:
    """The page's lines as flows in reading order: one flow, or per band a left and a
    right column when the page is set in two columns of prose."""
    gutter = _column_gutter(lines, width)
    if gutter is None:
        return [lines]
    left_edge, right_edge = gutter
    flows: list[list[Line]] = []
    left: list[Line] = []
    right: list[Line] = []

    def close_band() -> None:
        for column in (left, right):
            if column:
                flows.append(list(column))
                column.clear()

    for line in lines:
        if any(w.x0 < right_edge and w.x1 > left_edge for w in line.words):
            close_band()  # a line across the gutter (a title, a wide table row) ends the band
            flows.append([line])
            continue
        lhs = [w for w in line.words if w.x1 <= left_edge]
        rhs = [w for w in line.words if w.x0 >= right_edge]
        if lhs:
            left.append(Line(lhs))
        if rhs:
            right.append(Line(rhs))
    close_band()
    # Consecutive one-line flows of full-width lines read as one flow.
    merged: list[list[Line]] = []
    for flow in flows:
        if merged and _full_width(merged[-1], left_edge, right_edge) and _full_width(flow, left_edge, right_edge):
            merged[-1].extend(flow)
        else:
            merged.append(flow)
    return merged


def _full_width(flow: list[Line], left_edge: float, right_edge: float) -> bool:
    return all(any(w.x0 < right_edge and w.x1 > left_edge for w in line.words) for line in flow)


def _column_gutter(lines: list[Line], width: float) -> tuple[float, float] | None:
    """The x-range between two text columns, or None for a one-column page.

    Two columns of prose leave a vertical strip near the middle of the page that almost
    no line crosses, with many lines on both sides, and on each side lines of several
    words without cell-wide gaps (a table has wide gaps and short cells).
    """
    if len(lines) < 6:
        return None
    body = statistics.median(line.size for line in lines)
    step = max(body / 4, 0.5)
    low, high = 0.3 * width, 0.7 * width
    bins = int((high - low) / step)
    if bins <= 0:
        return None
    crossing = [0] * bins
    for line in lines:
        for word in line.words:
            first = max(0, int((word.x0 - low) / step))
            last = min(bins - 1, int((word.x1 - low) / step))
            for b in range(first, last + 1):
                crossing[b] += 1
    allowed = max(1, len(lines) // 20)
    best: tuple[int, int] | None = None
    run_start = None
    for b in range(bins + 1):
        free = b < bins and crossing[b] <= allowed
        if free and run_start is None:
            run_start = b
        elif not free and run_start is not None:
            if best is None or b - run_start > best[1] - best[0]:
                best = (run_start, b)
            run_start = None
    if best is None or (best[1] - best[0]) * step < 0.8 * body:
        return None
    left_edge, right_edge = low + best[0] * step, low + best[1] * step
    both = [l for l in lines if any(w.x1 <= left_edge for w in l.words) and any(w.x0 >= right_edge for w in l.words)]
    if len(both) < 0.4 * len(lines):
        return None
    sides = [[Line([w for w in l.words if w.x1 <= left_edge]) for l in both],
             [Line([w for w in l.words if w.x0 >= right_edge]) for l in both]]
    for side in sides:
        if statistics.mean(len(l.words) for l in side) < 4 or sum(l.gapped() for l in side) > 0.2 * len(side):
            return None
    return left_edge, right_edge


# --- one flow: paragraphs, headings and tables -----------------------------------------------


def _flow_text(items: list[tuple[float, FlowItem]], body: float, boxes: list[tuple[str, Box]] | None = None) -> str:
    out: list[str] = []
    where: list[Box | None] = []  # the box each line of ``out`` was read from

    def add(text: str, box: Box | None = None) -> None:
        out.append(text)
        where.append(box)

    previous_bottom: float | None = None
    previous: Line | None = None  # the last prose line, while its paragraph goes on
    lines = [item for _, item in items]
    prose = [item for item in lines if isinstance(item, Line)]
    left = min((l.x0 for l in prose), default=0.0)
    right = max((l.x1 for l in prose), default=0.0)
    index = 0
    while index < len(lines):
        item = lines[index]
        if isinstance(item, TableRows):
            add("")
            row_boxes = item.row_boxes or [(item.x0, item.top, item.x1, item.bottom)] * len(item.rows)
            for cells, box in zip(item.rows, row_boxes):
                if any(c.strip() for c in cells):
                    add("\t".join(join_wrapped(cell.split("\n")) for cell in cells), box)
            add("")
            previous_bottom, previous = item.bottom, None
            index += 1
            continue
        line = item
        block = _aligned_block(lines, index)
        if block:
            end = block.end
            if previous_bottom is not None:
                add("")
            for row, box in _rows(_only_lines(lines[index:end]), block.gutters, block.header):
                add(row, box)
            add("")
            previous_bottom, previous = lines[end - 1].bottom, None
            index = end
            continue
        if previous_bottom is not None and line.top - previous_bottom > PARAGRAPH_GAP_EM * line.size:
            add("")
            previous = None
        heading = _heading_level(line, body)
        if heading:
            last = next((k for k in range(len(out) - 1, -1, -1) if out[k]), None)
            if (
                last is not None and out[last].startswith("#") and previous_bottom is not None
                and line.top - previous_bottom < 0.9 * line.size
            ):
                out[last] += " " + line.text  # a heading wrapped onto a second line
                where[last] = _union(where[last], line.box)
                del out[last + 1 :], where[last + 1 :]
                add("")
            else:
                if out and out[-1] != "":
                    add("")
                add("#" * heading + " " + line.text, line.box)
                add("")
            previous = None
        elif previous is not None and out and out[-1] and _continues(previous, line, left, right):
            out[-1] = join_wrapped([out[-1], line.text])
            where[-1] = _union(where[-1], line.box)
            previous = line
        else:
            add(line.text, line.box)
            previous = line
        previous_bottom = line.bottom
        index += 1
    if boxes is not None:
        boxes.extend((text, box) for text, box in zip(out, where) if text and box is not None)
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n")


def _continues(above: Line, line: Line, left: float, right: float) -> bool:
    """Whether ``line`` carries on the paragraph of the line above: that line ran to the
    right edge of the text (it wrapped), and this one does not start a list item."""
    return (
        above.x1 >= right - 0.12 * (right - left)
        and not _ITEM_START.match(line.text)
        and not line.gapped()
        and not _LEADER_END.search(above.text)
    )


def _heading_level(line: Line, body: float) -> int:
    if len(line.text) > HEADING_CHARS or line.gapped() or not any(c.isalpha() for c in line.text):
        return 0
    ratio = line.size / body if body else 1.0
    if ratio >= 1.6:
        return 1
    if ratio >= 1.3:
        return 2
    if ratio >= HEADING_RATIO:
        return 3
    return 0


def _overlap(a: FlowItem, b: FlowItem) -> bool:
    """Whether two lines share height: cells of one table row set at different heights."""
    return isinstance(a, Line) and isinstance(b, Line) and a.top < b.bottom and b.top < a.bottom


@dataclass(frozen=True)
class _Block:
    """A borderless table found among a flow's lines: where it ends, its column boundaries,
    and how many lines at its top are a header placed by where columns start."""

    end: int
    gutters: list[tuple[float, float]]
    header: int = 0


def _aligned_block(items: list[FlowItem], start: int) -> _Block | None:
    """The borderless table starting at ``items[start]``, or None when none starts there:
    a table of rows with wide gaps (:func:`_gapped_block`), or such a table with one or
    two header lines above it. A header's cells often fill their columns, so its gaps are
    narrow and its words may reach over a boundary of the rows below; it belongs to the
    table when each of its phrases starts where a column starts.
    """
    block = _gapped_block(items, start)
    if block is not None:
        return _Block(*block)
    for lines_above in (1, 2):
        below = start + lines_above
        block = _gapped_block(items, below) if below < len(items) else None
        if block is None:
            continue
        end, gutters = block
        rows = _only_lines(items[below:end])
        starts = _column_starts(rows, gutters)
        right = max(line.x1 for line in rows)
        header = items[start:below]
        fitting = [_heads(line, items[k + 1], starts, right) for k, line in enumerate(header, start)]
        # all(fitting) holds for lines only, so _only_lines finds lines there
        if all(fitting) and any(_spans(line, starts) for line in _only_lines(header)):
            return _Block(end, gutters, lines_above)
    return None


def _column_starts(lines: list[Line], gutters: list[tuple[float, float]]) -> list[float]:
    """Where each column's text starts: the leftmost word of the column."""
    starts = [float("inf")] * (len(gutters) + 1)
    for line in lines:
        for word in line.words:
            column = _column_of(word, gutters)
            starts[column] = min(starts[column], word.x0)
    return starts


def _start_column(word: Word, starts: list[float], tolerance: float) -> int:
    """The column a header word belongs to: the last one starting at or before it."""
    found = 0
    for column, x in enumerate(starts):
        if x - tolerance <= word.x0:
            found = column
    return found


def _heads(line: FlowItem, below: FlowItem, starts: list[float], right: float) -> bool:
    """Whether ``line`` may be a header line over columns starting at ``starts``: close
    above the next line, within the table's width. A header of several lines needs one
    that :func:`_spans` the columns; the others may hold a single wrapped cell."""
    if not isinstance(line, Line) or not isinstance(below, Line) or below.top - line.bottom > 1.5 * line.size:
        return False
    return line.words[0].x0 >= starts[0] - line.size and line.x1 <= right + line.size


def _spans(line: Line, starts: list[float]) -> bool:
    """Whether words of ``line`` start where three in four columns start (two of two):
    a line of prose starts at the first column at most."""
    tolerance = 0.3 * line.size
    matched = {k for w in line.words for k, x in enumerate(starts) if abs(w.x0 - x) <= tolerance}
    return len(matched) >= max(2, math.ceil(0.75 * len(starts)))


def _gapped_block(items: list[FlowItem], start: int) -> tuple[int, list[tuple[float, float]]] | None:
    """A borderless table whose first line has cell-wide gaps, as :func:`_aligned_block`.

    A table is a run of lines with cell-wide gaps. Lines between them belong to it when
    they share height with a neighbour (a cell centred beside a taller one) or are
    indented with table lines right after (a wrapped cell). Its column boundaries are the
    x-ranges no word of the run covers where some row has a cell-wide gap. Rows right
    after the run whose words cross no boundary and fill two columns or more belong to it
    too (their cells happen to sit close).
    """
    first = items[start]
    if not isinstance(first, Line):
        return None
    beside = items[start + 1] if start + 1 < len(items) else None
    if not first.gapped() and not (isinstance(beside, Line) and _overlap(first, beside) and beside.gapped()):
        return None
    end = start + 1
    last_kept = start
    while end < len(items):
        line = items[end]
        if not isinstance(line, Line) or line.top - items[end - 1].bottom > 2.5 * line.size:
            break
        if line.gapped() or _overlap(line, items[end - 1]) or (end + 1 < len(items) and _overlap(line, items[end + 1])):
            last_kept = end
        elif _keeps_columns(_only_lines(items[start:end]), line):
            last_kept = end  # a row whose cells happen to sit close together
        elif _wrapped_cell(items, start, end):
            if line.top - items[end - 1].bottom <= 0.5 * line.size:
                last_kept = end  # the last lines of a row's wrapped cell
        elif not (line.x0 > first.x0 + line.size and any(isinstance(l, Line) and l.gapped() for l in items[end + 1 : end + 3])):
            break  # an indented line is a wrapped cell only when table rows follow it
        end += 1
    end = last_kept + 1
    run = _only_lines(items[start:end])
    if sum(1 for l in run if l.gapped()) < 2:
        return None
    gutters = _gutters(run)
    if not gutters:
        return None
    while end < len(items):
        line = items[end]
        if not isinstance(line, Line) or line.top - items[end - 1].bottom > 1.5 * line.size:
            break
        if any(w.x0 < g1 and w.x1 > g0 for w in line.words for g0, g1 in gutters):
            break
        if len({_column_of(w, gutters) for w in line.words}) < 2:
            break
        end += 1
    return end, gutters


def _wrapped_cell(items: list[FlowItem], start: int, index: int) -> bool:
    """Whether ``items[index]`` is a line of a wrapped cell of the table ``items[start:index]``:
    none of its words crosses a column boundary, and it is close below the line before it
    or more table rows follow (through more such lines)."""
    gutters = _gutters(_only_lines(items[start:index]))
    if not gutters:
        return False

    def fits(line: FlowItem) -> bool:
        return isinstance(line, Line) and not any(w.x0 < g1 and w.x1 > g0 for w in line.words for g0, g1 in gutters)

    line = items[index]
    if not isinstance(line, Line) or not fits(line):
        return False
    if line.top - items[index - 1].bottom <= 0.5 * line.size:
        return True
    for ahead in items[index + 1 : index + 9]:
        if isinstance(ahead, Line) and ahead.gapped():
            return True
        if not fits(ahead):
            return False
    return False


def _keeps_columns(block: list[Line], line: Line) -> bool:
    """Whether ``line`` fills two columns of the table above it and leaves its column
    boundaries standing (the words of its cells may sit closer than a cell-wide gap)."""
    before = _gutters(block)
    if not before:
        return False
    after = _gutters(block + [line])
    return len(after) >= len(before) and len({_column_of(w, after) for w in line.words}) >= 2


def _gutters(lines: list[Line]) -> list[tuple[float, float]]:
    """The x-ranges that no word of any line covers and that some row confirms.

    A row confirms a range when it has a cell-wide gap across it and across no other
    free range: the boundary between two of its cells. Word spaces that happen to line
    up down a few lines are free ranges too, but a row's cell-wide gap spans several of
    them at once (an empty cell, the short last line of a wrapped cell), so none of them
    is confirmed.
    """
    size = statistics.median(line.size for line in lines)
    spans = sorted((w.x0, w.x1) for line in lines for w in line.words)
    free: list[tuple[float, float]] = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= GUTTER_EM * size:
            free.append((reach, x0))
        reach = max(reach, x1)
    confirmed: set[tuple[float, float]] = set()
    for line in lines:
        for a, b in zip(line.words, line.words[1:]):
            if b.x0 - a.x1 < CELL_GAP_EM * size:
                continue
            inside = [g for g in free if a.x1 <= g[0] and g[1] <= b.x0]
            wide = [g for g in inside if g[1] - g[0] >= 0.5 * size]
            if len(inside) == 1:
                confirmed.add(inside[0])
            elif len(wide) == 1:
                confirmed.add(wide[0])  # beside word spaces of a header that lined up
    return [g for g in free if g in confirmed]


def _column_of(word: Word, gutters: list[tuple[float, float]]) -> int:
    centre = (word.x0 + word.x1) / 2
    return sum(1 for g0, _ in gutters if centre > g0)


def _rows(lines: list[Line], gutters: list[tuple[float, float]], header: int = 0) -> list[tuple[str, Box]]:
    """The rows of a borderless table, as tab-separated lines with their boxes.

    A cell may wrap onto several lines, and the cells of a row may be centred vertically,
    so a row's name can sit above and below the line of its figures. Rows are told apart
    by the space between them: lines that overlap or sit at the usual leading belong to
    one row, and a gap clearly wider than that leading (the widest jump between the sorted
    gaps) starts the next. When the gaps are all alike, each line is a row. The first
    ``header`` lines are a header: each of its words goes to the column that starts at or
    before it (a header's words may reach over a boundary of the rows below).
    """
    if header:
        heading, body = lines[:header], lines[header:]
        starts = _column_starts(body, gutters)
        tolerance = 0.3 * heading[0].size
        heads: list[list[str]] = [[] for _ in starts]
        box = heading[0].box
        for line in heading:
            box = _union(box, line.box)
            placed: list[list[str]] = [[] for _ in starts]
            for word in line.words:
                placed[_start_column(word, starts, tolerance)].append(word.text)
            for column, words in enumerate(placed):
                if words:
                    heads[column].append(" ".join(words))
        return [("\t".join(join_wrapped(cell) for cell in heads), box)] + _rows(body, gutters)
    size = statistics.median(line.size for line in lines)
    ordered = sorted(lines, key=lambda l: l.top)
    gaps: list[float] = []
    bottom = ordered[0].bottom
    for line in ordered[1:]:
        gaps.append(line.top - bottom)
        bottom = max(bottom, line.bottom)
    positive = sorted(g for g in gaps if g > 0)
    threshold: float | None = None
    if len(positive) >= 2:
        jump, lower = max((b - a, a) for a, b in zip(positive, positive[1:]))
        # Leading inside a cell is a small share of the type size; when even the
        # smaller gaps are wider than that, every gap is between rows.
        if jump >= 0.15 * size and lower <= 0.35 * size:
            threshold = lower + jump / 2
    bands: list[list[Line]] = [[ordered[0]]]
    for line, gap in zip(ordered[1:], gaps):
        if gap > 0 and (threshold is None or gap > threshold):
            bands.append([line])
        else:
            bands[-1].append(line)
    rows = []
    for band in bands:
        cells: list[list[str]] = [[] for _ in range(len(gutters) + 1)]
        for line in band:
            parts: list[list[str]] = [[] for _ in range(len(gutters) + 1)]
            for word in line.words:
                parts[_column_of(word, gutters)].append(word.text)
            for column, words in enumerate(parts):
                if words:
                    cells[column].append(" ".join(words))
        box = band[0].box
        for line in band[1:]:
            box = _union(box, line.box)
        rows.append(("\t".join(join_wrapped(cell) for cell in cells), box))
    return rows
