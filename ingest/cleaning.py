"""Cleaning raw text into the text Quipu keeps, cites and splits.

Text extracted from PDFs and office files carries layout, not meaning: words hyphenated
at line ends, a blank line after every line, running headers and page numbers, inline
markup. Cleaning removes that layout while keeping what the structure parser needs:
Markdown ``#`` headings, one table row per line (cells separated by tabs or pipes), and
paragraphs separated by exactly one blank line.

Everything works line by line and remembers each line's page, so ``page_starts`` stays
exact whatever was removed or joined.
"""

from __future__ import annotations

import heapq
import html
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from .source import SourceText


@dataclass(frozen=True)
class CleanText:
    """Cleaned text, and where each page begins in it (None for formats without pages)."""

    text: str
    page_starts: list[int] | None = None


def clean(source: SourceText) -> CleanText:
    """Clean a reader's output into paragraphs separated by one blank line."""
    pages = list(source.pages)
    has_pages = source.has_pages
    if len(pages) == 1 and "\f" in pages[0]:
        # A form feed is how text exports mark a page break.
        pages = pages[0].split("\f")
        has_pages = True
    markdown = source.media_type == "text/markdown"
    lines = _split_lines(pages, markdown=markdown)
    _drop_furniture(lines, paged=has_pages and len(pages) > 1)
    # Blank lines are layout in PDF text (one after every line); elsewhere they separate paragraphs.
    layout_blank_lines = source.media_type in ("text/plain", "application/pdf")
    text, starts = _assemble(lines, len(pages), layout_blank_lines=layout_blank_lines)
    return CleanText(text, starts if has_pages else None)


# --- lines ------------------------------------------------------------------------------

BLANK, SPACES, TEXT, REMOVED = "blank", "spaces", "text", "removed"


@dataclass
class _Line:
    text: str
    page: int
    kind: str  # BLANK: empty; SPACES: only whitespace; TEXT; REMOVED: furniture or a rule
    letter_spaced: bool = False


# Spaces that are not U+0020 become one; invisible characters go.
_SPACE_MAP: dict[int, str | None] = {ord(c): " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"}
_SPACE_MAP.update({ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff"})
_SPACE_MAP[ord("\v")] = " "

# Inline HTML that Markdown exports and some text dumps leave behind. Only known tag
# names are removed, so "a <b" comparisons or "<5%" survive.
_TAG_NAMES = (
    "b|strong|i|em|u|s|strike|del|ins|mark|small|big|span|font|a|sub|sup|code|kbd|abbr|cite|q|"
    "p|br|div|li|ul|ol|center|hr|img|tt|wbr|nobr|section|article|header|footer"
)
_FOOTNOTE_SUP = re.compile(r"<sup>\s*[\d*†‡,\s]{1,8}\s*</sup>", re.IGNORECASE)
_BREAK_TAG = re.compile(r"<\s*(?:br|/p|p|/div|div|/li|li)\b[^>]*>", re.IGNORECASE)
_INLINE_TAG = re.compile(rf"<\s*/?\s*(?:{_TAG_NAMES})\b[^<>]*>", re.IGNORECASE)
_MD_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_MD_RULE = re.compile(r"^\s*(?:[-*_=]\s*){3,}$")
_MD_HEADING = re.compile(r"^#{1,6}\s")
# A list marker followed by a tab: the tab is indentation, not a table cell.
_LIST_TAB = re.compile(r"^((?:[•·▪●○■►◦‣\-–—*]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.),]|[IVXivx]{1,6}[.)])|(?:\d{1,2}\.){1,3})[ \t]*\t[ \t]*")


def _strip_markup(text: str, *, markdown: bool) -> str:
    """Remove inline HTML tags and Markdown emphasis, keep the words."""
    if "<" in text:
        # A footnote mark glued to a word ("Díaz<sup>2</sup>") would corrupt the word.
        text = _FOOTNOTE_SUP.sub("", text)
        out = []
        for line in text.split("\n"):
            # Inside a table row a break would split the row, so it becomes a space.
            line = _BREAK_TAG.sub(" " if "\t" in line else "\n", line)
            out.append(_INLINE_TAG.sub("", line))
        text = "\n".join(out)
    if markdown and "&" in text:
        text = html.unescape(text)
    if "**" in text or "__" in text:
        text = _MD_BOLD.sub(r"\2", text)
    if "*" in text:
        text = _MD_EM.sub(r"\1", text)
    return text


def _split_lines(pages: list[str], *, markdown: bool) -> list[_Line]:
    lines: list[_Line] = []
    for number, page in enumerate(pages):
        page = unicodedata.normalize("NFC", page).replace("\r\n", "\n").replace("\r", "\n")
        page = aligned_to_tabs(_strip_markup(page.translate(_SPACE_MAP), markdown=markdown))
        for raw in page.split("\n"):
            if not raw:
                lines.append(_Line("", number, BLANK))
            elif not raw.strip():
                lines.append(_Line("", number, SPACES))
            elif _MD_RULE.match(raw) and "\t" not in raw:
                # A horizontal rule ("---") carries no words; it only separates.
                lines.append(_Line("", number, REMOVED))
            else:
                text, spaced = _normalise_line(raw)
                lines.append(_Line(text, number, TEXT, spaced))
    return lines


# --- space-aligned columns -------------------------------------------------------------

_GAP = re.compile(r"\S {2,}(?=\S)")
MIN_GUTTER = 2  # spaces between two columns of an aligned table
ONE_CELL_ROWS = 4  # one-cell rows (a level of a logic matrix) in a row inside an aligned table


def _gutters(block: list[str]) -> list[tuple[int, int]]:
    """Character ranges blank in every line of ``block`` that separate text in some line."""
    width = max(len(line) for line in block)
    blank = [all(i >= len(line) or line[i] == " " for line in block) for i in range(width)]
    gutters: list[tuple[int, int]] = []
    start = None
    for i, is_blank in enumerate(blank + [False]):
        if is_blank and start is None:
            start = i
        elif not is_blank and start is not None:
            if (i - start >= MIN_GUTTER or _inside_wide_gaps(block, start, i)) and start > 0 and i < width:
                # It separates two cells in at least two lines, or in one line while two others
                # start right after it (their cells on the left are empty: a column carried down).
                separating = sum(1 for line in block if line[:start].strip() and line[i:].strip())
                indented = sum(1 for line in block if not line[:i].strip() and line[i:i + 1].strip())
                if separating >= 2 or separating >= 1 and indented >= 2:
                    gutters.append((start, i))
            start = None
    return gutters


def _touching_gutters(block: list[str], gutters: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``gutters`` with the column bounds no blank column shows: a long cell on the left and a
    right-aligned figure on the right can each reach the same character column in different
    rows ("… orientación vocacional  900" below "… en un empleo    1,100"). Every line must
    have a gap of two spaces or more at the bound (or no text across it), and two lines must
    have text on both sides; the bound is a zero-width gutter (p, p)."""
    width = max(len(line) for line in block)

    def allows(line: str, p: int) -> bool:
        text = line.rstrip()
        if p >= len(text) or not line[:p].strip():
            return True
        left, right = p, p
        while left > 0 and line[left - 1] == " ":
            left -= 1
        while right < len(line) and line[right] == " ":
            right += 1
        return right - left >= MIN_GUTTER

    found = list(gutters)
    p = 1
    while p < width:
        near = any(a - 1 <= p <= b + 1 for a, b in found)
        if not near and all(allows(line, p) for line in block):
            separating = sum(1 for line in block if line[:p].strip() and line[p:].strip())
            if separating >= 2:
                found.append((p, p))
                p += MIN_GUTTER
                continue
        p += 1
    return sorted(found)


def _inside_wide_gaps(block: list[str], start: int, end: int) -> bool:
    """A blank range narrower than a gutter still parts two columns when every line has a
    gap of two or more spaces there: a long cell and a wide right-aligned figure can
    leave a single blank column between them ("Lima Norte   S/ 38 000.00" above
    "Tacna            S/ 150 000.00")."""
    narrow = wide = starts = 0
    narrow_end = None
    ends: list[int] = []
    for line in block:
        if start >= len(line.rstrip()):
            continue
        left, right = start, end
        while left > 0 and line[left - 1] == " ":
            left -= 1
        while right < len(line) and line[right] == " ":
            right += 1
        following = _WORD.match(line, right)
        # only a figure counts as right-aligned ("1,586,000.00", "94.2")
        figure = following is not None and bool(_FIGURE_CELL.fullmatch(following.group()))
        run_end = following.end() if following is not None and figure else -1
        if right - left < MIN_GUTTER:
            narrow += 1
            narrow_end = run_end if figure else None
        else:
            wide += 1
            starts += right == end  # the next column starts right there, as in the narrow line
            ends.append(run_end)
    # One cell that fills its column to the last character ("… competencias laborales 186")
    # leaves a single space; the other rows still show the gutter, their next cells starting
    # where the narrow line's does (a space between two words of a long cell lines up with nothing),
    # or, in a column of right-aligned figures, ending where the narrow line's does
    # ("Total OEI.05 1,586,000.00" below "AEI.05.01      842,300.00").
    aligned_right = narrow_end is not None and sum(e == narrow_end for e in ends) >= max(2, len(ends) - 1)
    return narrow == 0 or narrow == 1 and wide >= 4 and (starts >= 2 or aligned_right)


def _cells_by_overlap(line: str, gutters: list[tuple[int, int]]) -> list[str]:
    """A line that crosses a gutter, cut into its runs of text (parted by two spaces), each
    put in the column its middle falls in."""
    bounds = [(a + b) / 2 for a, b in gutters]
    cells: list[list[str]] = [[] for _ in range(len(gutters) + 1)]
    for run in re.finditer(r"\S+(?: \S+)*", line):
        middle = (run.start() + run.end()) / 2
        cells[sum(middle > bound for bound in bounds)].append(run.group(0))
    return [" ".join(cell) for cell in cells]


_ONE_CELL_WIDTH = 60  # a line without gaps longer than this spans columns: a row of one cell
_RUN = re.compile(r"\S+(?: \S+)*")
_WORD = re.compile(r"\S+")
_FIGURE_CELL = re.compile(r"[-(]?(?:S/\.?|US\$)?\d[\d.,']*%?\)?")


def _label_row(line: str) -> bool:
    """A short label and one long run of words that does not end in a figure ("OE1   Mejorar
    la inserción de los jóvenes de 15 a 29 años"): a group row, not cells."""
    runs = _RUN.findall(line)
    return len(runs) == 2 and len(runs[0]) <= 12 and len(runs[1]) > 40 and not re.search(r"\d[\d.,]*\s*%?\)?$", runs[1])


def aligned_to_tabs(page: str) -> str:
    """Space-aligned table rows (as ``pdftotext -layout`` writes them) as tab-separated rows.

    A block is a run of lines with a gap of two or more spaces inside them, with indented
    lines between them (a cell wrapped onto the next line). Its columns are the character
    ranges blank in every line of the block; each line is cut there, so an empty cell
    stays empty and a wrapped cell becomes a row with an empty first cell. Prose with a
    stray double space does not line up across lines, so it has no gutter and stays.
    """
    if "  " not in page:
        return page
    lines = page.split("\n")
    out: list[str] = []
    index = 0

    def gapped(line: str) -> bool:
        return "\t" not in line and not line.lstrip().startswith("|") and bool(_GAP.search(line.strip()))

    while index < len(lines):
        if not gapped(lines[index]):
            out.append(lines[index])
            index += 1
            continue
        end = index
        last_gapped = index
        while end + 1 < len(lines):
            following = lines[end + 1]
            if (
                not following.strip() and end == last_gapped and end - index < 3
                and len(_GAP.findall(lines[index].strip())) >= 2
                # the header's other lines: cells of their own, or the wrapped ends of its cells
                and all(len(_GAP.findall(l.strip())) >= 2 or l.startswith("  ") and l.strip() for l in lines[index + 1 : end + 1])
                and any(len(_GAP.findall(l.strip())) >= 2 for l in lines[end + 2 : end + 4])
            ):
                end += 1  # one blank line between a table's header and its rows
                continue
            if "\t" in following or not following.strip() or following.lstrip().startswith("|"):
                break
            if gapped(following):
                last_gapped = end + 1
            elif not following.startswith("  ") and not any(gapped(l) for l in lines[end + 2 : end + 2 + ONE_CELL_ROWS]):
                break  # flush-left lines are one-cell rows only when table rows follow them
            end += 1
        block = lines[index : last_gapped + 1]
        # a long line without a gap inside ("OE.1 Mejorar la empleabilidad de …") is a row of
        # one cell across the columns: it says nothing of where the columns part
        measured = [line for line in block if gapped(line) or line.startswith("  ") and len(line.strip()) <= _ONE_CELL_WIDTH]
        # "FIN:      Contribuir a que …" (a level's label and its long statement) is a group row
        # across the columns too, when enough rows of several cells are left to measure
        rows = [line for line in measured if not _label_row(line)]
        if len(rows) >= 3 and len(rows) < len(measured):
            measured = rows
        gutters = _gutters(measured) if len(measured) >= 2 else []
        # A header cell wider than its column ("Comp." over "C1" after a long name) hides a
        # gutter the rows below all leave: the rows' gutters win, and the header's cells
        # (parted by two spaces) go to the column they overlap most.
        below = _gutters(measured[1:]) if len(measured) >= 3 else []
        if len(below) > len(gutters):
            gutters = below
        if gutters:
            gutters = _touching_gutters(measured, gutters)
        if not gutters:
            out.append(lines[index])
            index += 1
            continue
        for line in block:
            if not line.strip():
                out.append(line)
                continue
            if not gapped(line) and len(line.strip()) > _ONE_CELL_WIDTH and any(line[a:b].strip() for a, b in gutters):
                out.append(line.strip())  # a row of one cell across the columns
                continue
            if any(line[a:b].strip() for a, b in gutters):
                out.append("\t".join(_cells_by_overlap(line, gutters)))
                continue
            cuts = [0] + [g for gutter in gutters for g in gutter] + [max(len(line), gutters[-1][1])]
            cells = [line[cuts[k] : cuts[k + 1]].strip() for k in range(0, len(cuts) - 1, 2)]
            out.append("\t".join(cells))
        index = last_gapped + 1
    return "\n".join(out)


def _normalise_line(raw: str) -> tuple[str, bool]:
    line = raw.strip(" ")
    if line.endswith("\u00ad"):
        line = line[:-1] + "-"  # a soft hyphen at a line end is a hyphenation point
    line = line.replace("\u00ad", "")
    spaced = _is_letter_spaced(line)
    if spaced:
        line = _unletter_space(line)
    line = _LIST_TAB.sub(lambda m: m.group(1) + " ", line)
    line = re.sub(r" *\t *", "\t", line)
    line = re.sub(r" {2,}", " ", line)
    return line.strip(" "), spaced


_SPACED_WORD = re.compile(r"^\S( \S)*$")


def _is_letter_spaced(line: str) -> bool:
    """"P l a n  R e g i o n a l": one character per token, words split by two spaces."""
    words = [w for w in re.split(r" {2,}", line.strip()) if w]
    if not words or not all(_SPACED_WORD.match(w) for w in words):
        return False
    chars = [c for w in words for c in w if c != " "]
    letters = sum(c.isalpha() for c in chars)
    return len(chars) >= 5 and letters >= 0.7 * len(chars) and any(len(w) >= 5 for w in words)


def _unletter_space(line: str) -> str:
    return " ".join(w.replace(" ", "") for w in re.split(r" {2,}", line.strip()) if w)


# --- furniture: page numbers and running headers/footers --------------------------------

_PAGE_WORDS = re.compile(
    r"^(?:(?:p[áa]gina|p[áa]g\.?|page|p\.)\s*\d{1,4}(?:\s*(?:de|of|/)\s*\d{1,4})?"
    r"|[-–—]\s*\d{1,4}\s*[-–—]"
    r"|\d{1,4}\s*(?:de|of)\s*\d{1,4})$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_EDGE_LINES = 3  # lines at the top and bottom of a page where headers and footers live


def _key(text: str) -> str:
    """What a running header looks like whatever page number leads or ends it
    ("Informe final | 12"); numbers inside the line still count, so "Cuadro 3" and
    "Cuadro 4" stay different lines."""
    return re.sub(r"^\d+\s*[|·•\-–—]?\s*|\s*[|·•\-–—]?\s*\d+$", "", " ".join(text.lower().split()))


def _drop_furniture(lines: list[_Line], *, paged: bool) -> None:
    text_lines = [i for i, line in enumerate(lines) if line.kind == TEXT]
    numbers = {i for i in text_lines if _PAGE_WORDS.match(lines[i].text)}
    if paged:
        numbers |= _edge_furniture(lines)
    else:
        numbers |= _page_number_sequences(lines, text_lines)
    for i in numbers:
        lines[i].kind = REMOVED
    _drop_running_lines(lines, numbers)


def _edge_furniture(lines: list[_Line]) -> set[int]:
    """With real pages: lines repeated at the top or bottom of many pages, and bare numbers there."""
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if line.kind == TEXT:
            by_page[line.page].append(i)
    edges = {p: set(idx[:_EDGE_LINES] + idx[-_EDGE_LINES:]) for p, idx in by_page.items()}
    pages_with: Counter[str] = Counter()
    for idx in edges.values():
        pages_with.update({_key(lines[i].text) for i in idx if len(lines[i].text) <= 120})
    threshold = max(2, math.ceil(0.5 * len(by_page)))
    found = set()
    for idx in edges.values():
        for i in idx:
            text = lines[i].text
            if _BARE_NUMBER.match(text) or (len(text) <= 120 and pages_with[_key(text)] >= threshold):
                found.add(i)
    return found


def _page_number_sequences(lines: list[_Line], text_lines: list[int]) -> set[int]:
    """Without pages, a bare number is a page number only as part of a run n, n+1, n+2…
    spread a page apart; numbers in a table column sit a few lines apart and stay."""
    position = {i: k for k, i in enumerate(text_lines)}
    chains: list[list[int]] = []
    # A number joins the first chain (in creation order) that ends with the number before
    # it at least 15 lines back. Trying every chain for every number grew with the square
    # of the document, so the chains wait in a heap per last value, by creation order;
    # those too close are put back (at most the 15 lines before).
    waiting: dict[int, list[int]] = defaultdict(list)  # last value -> heap of chain numbers
    for i in text_lines:
        if not _BARE_NUMBER.match(lines[i].text):
            continue
        value = int(lines[i].text)
        # No chain ends with the number before: an empty heap, not one added to ``waiting``.
        heap, too_close, found = waiting.get(value - 1, []), [], None
        while heap:
            number = heapq.heappop(heap)
            if position[i] - position[chains[number][-1]] >= 15:
                found = number
                break
            too_close.append(number)
        for number in too_close:
            heapq.heappush(heap, number)
        if found is None:
            found = len(chains)
            chains.append([i])
        else:
            chains[found].append(i)
        heapq.heappush(waiting[value], found)
    return {i for chain in chains if len(chain) >= 3 for i in chain}


def _drop_running_lines(lines: list[_Line], page_numbers: set[int]) -> None:
    """Drop short lines repeated through the document that behave like headers/footers:
    letter-spaced lines, or lines that mostly sit right next to a page number. Other
    repeated lines (table headers, "I) ACTIVIDADES" in every chapter) are content."""
    occurrences: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if line.kind == TEXT and len(line.text) <= 120:
            occurrences[_key(line.text)].append(i)
    doomed: list[int] = []  # decided first, removed after, so removals cannot cascade
    for idx in occurrences.values():
        if len(idx) < 2:
            continue
        spaced = all(lines[i].letter_spaced for i in idx)
        near = sum(1 for i in idx if _near(lines, i, page_numbers))
        if spaced or (len(idx) >= 3 and near >= 0.5 * len(idx)):
            doomed.extend(idx)
    for i in doomed:
        lines[i].kind = REMOVED


def _near(lines: list[_Line], i: int, marks: set[int], reach: int = 2) -> bool:
    """Whether one of the ``reach`` text lines before or after line i is in ``marks``."""
    for step in (-1, 1):
        j, seen = i + step, 0
        while 0 <= j < len(lines) and seen < reach:
            if j in marks:
                return True
            if lines[j].kind in (TEXT, REMOVED):
                seen += 1
            j += step
    return False


# --- paragraphs -------------------------------------------------------------------------

_ENDS_SENTENCE = re.compile(r"[.!?:;…]['\"”’»)]*$")
_ENDS_STRONG = re.compile(r"[.!?:…]['\"”’»)]*$")
_ENDS_PERIOD = re.compile(r"[.!?…]['\"”’»)]*$")
_BLOCK_START = re.compile(
    r"^(?:[•·▪●○■►◦‣✓\-–—*+]\s|#{1,6}\s|\(?\d{1,3}(?:\.\d{1,3})*[.)]\s|\d{1,3}(?:\.\d{1,3})*\s+[A-ZÁÉÍÓÚÑ]|\(?[a-zA-Z][.)]\s|[IVXivx]{1,6}[.)]\s)"
)
_HYPHEN_END = re.compile(r"(\w+)-$")
_VOWELS = set("aeiouáéíóúü")


@dataclass
class _Gap:
    blanks: int = 0  # empty or whitespace-only lines
    spaces: bool = False  # one of them held only spaces (a PDF paragraph mark)
    removed: bool = False  # furniture or a rule was removed here
    page_break: bool = False


def _assemble(lines: list[_Line], n_pages: int, *, layout_blank_lines: bool) -> tuple[str, list[int]]:
    content: list[_Line] = []
    gaps: list[_Gap] = []  # gaps[k] lies between content[k-1] and content[k]
    gap = _Gap()
    for line in lines:
        if line.kind == TEXT:
            if content and line.page != content[-1].page:
                gap.page_break = True
            content.append(line)
            gaps.append(gap)
            gap = _Gap()
        elif line.kind == REMOVED:
            gap.removed = True
        else:
            gap.blanks += 1
            gap.spaces |= line.kind == SPACES
    if not content:
        return "", [0] * n_pages

    double = _double_spaced(gaps) if layout_blank_lines else [False] * len(gaps)
    texts = [line.text for line in content]
    seps = [""]
    for k in range(1, len(content)):
        sep, texts[k - 1] = _separator(texts[k - 1], texts[k], gaps[k], double[k])
        seps.append(sep)

    parts: list[str] = []
    pos = 0
    starts: list[int | None] = [None] * n_pages
    for line, sep, text in zip(content, seps, texts):
        parts.append(sep)
        pos += len(sep)
        if starts[line.page] is None:
            starts[line.page] = pos
        parts.append(text)
        pos += len(text)
    # A page left with no text starts where the next page with text starts.
    filled: list[int] = []
    following = pos
    for value in reversed(starts):
        following = value if value is not None else following
        filled.append(following)
    filled.reverse()
    filled[0] = 0
    return "".join(parts), filled


def _double_spaced(gaps: list[_Gap], reach: int = 6) -> list[bool]:
    """Whether each gap lies in a stretch where (nearly) every line is followed by a blank
    line, the way many PDF-to-text tools write. There, one blank line is not a paragraph
    break. Decided locally because such files mix double-spaced prose and dense tables."""
    flags = [1 if g.blanks or g.removed else 0 for g in gaps]
    prefix = [0]
    for f in flags:
        prefix.append(prefix[-1] + f)
    result = []
    for k in range(len(gaps)):
        lo, hi = max(1, k - reach), min(len(gaps), k + reach + 1)
        count = hi - lo
        result.append(count >= 4 and (prefix[hi] - prefix[lo]) >= 0.75 * count)
    return result


def _separator(a: str, b: str, gap: _Gap, double: bool) -> tuple[str, str]:
    """How line ``b`` follows line ``a``: "" (same word), "\\n" (same paragraph) or
    "\\n\\n" (new paragraph); also returns ``a``, which loses a hyphenation hyphen."""
    table = "\t" in a or "\t" in b or _is_pipe_row(a) or _is_pipe_row(b)
    if not table:
        joined = _dehyphenate(a, b)
        if joined is not None:
            return "", joined
    if _MD_HEADING.match(a) or _MD_HEADING.match(b) or table:
        return ("\n" if gap.blanks == 0 and not gap.removed else "\n\n"), a
    if not _ENDS_SENTENCE.search(a) and (_starts_lower(b) or _ends_with_function_word(a)):
        # A sentence that goes on across a blank line, a page break or a removed header:
        # the next line starts in lower case, or this one ends on "de", "y", "la"…
        return "\n", a
    if gap.blanks == 0 and not gap.removed:
        if gap.page_break and _ENDS_STRONG.search(a):
            return "\n\n", a
        return "\n", a
    if double and gap.blanks == 1 and not gap.spaces and not gap.removed and not gap.page_break:
        # ":" ends a lead-in only when a list or a new block follows ("la UE02:" + "PNEJ …" goes on).
        if _ENDS_PERIOD.search(a) or _BLOCK_START.match(b) or _is_caps(a) != _is_caps(b):
            return "\n\n", a
        return "\n", a
    return "\n\n", a


def _dehyphenate(a: str, b: str) -> str | None:
    """``a`` without its line-end hyphen when ``b`` continues the word, else None.

    "promo-" + "ción" → "promo" (then "ción" is glued on); "001-" + "2012-TR" and
    "Trabajo-" + "Oficina" keep the hyphen (a real one that fell at a line end);
    "TRABA-" + "JADORES" drops it, "ST-" + "CNTPE" (an acronym) keeps it.
    """
    match = _HYPHEN_END.search(a)
    if not match or not b:
        return None
    prefix, first = match.group(1), b[0]
    if first.islower() and prefix[-1].isalpha():
        return a[:-1]
    if first.isdigit() and prefix[-1].isdigit() or first.isupper() and prefix[-1].isdigit():
        return a  # "001-" + "2012-TR", "2024-" + "TR": a code split at its hyphen
    if first.isupper() and prefix[-1].isalpha():
        next_word = re.match(r"\w+", b)
        if (
            prefix.isupper()
            and len(prefix) >= 4
            and _VOWELS & set(prefix.lower())
            and next_word
            and next_word.group(0).isupper()
        ):
            return a[:-1]
        return a
    return None


_FUNCTION_WORDS = {
    "a", "al", "ante", "con", "de", "del", "desde", "e", "el", "en", "entre", "hacia", "la", "las", "los",
    "mediante", "o", "para", "por", "que", "según", "sin", "sobre", "su", "sus", "u", "un", "una", "y",
    "the", "of", "and", "to", "for", "in", "on", "with", "by", "or",
}


def _ends_with_function_word(text: str) -> bool:
    words = text.rsplit(None, 1)
    return bool(words) and words[-1].lower() in _FUNCTION_WORDS


def _starts_lower(text: str) -> bool:
    first = text.lstrip("(\"'“«¿¡")[:1]
    return first.isalpha() and first.islower()


def _is_caps(text: str) -> bool:
    return text.isupper() and sum(c.isalpha() for c in text) >= 4


def _is_pipe_row(line: str) -> bool:
    return line.startswith("|") and line.count("|") >= 2
