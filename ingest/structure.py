"""Parsing cleaned text into blocks: headings, paragraphs and tables.

Cleaned text separates paragraphs by one blank line, keeps Markdown ``#`` headings and
writes one table row per line. Headings in documents converted from PDF have no ``#``:
they are recognised by numbering ("2.1 Objetivos", "IV) DIFICULTADES", "A. ANTECEDENTES")
or as short ALL-CAPS lines, with care not to take numbered list items, table-of-contents
rows or wrapped sentence fragments for headings.

A heading's level comes from ``#`` where there is one; otherwise each numbering style
gets a level the first time it appears (one below the heading it appears under), the
way a reader infers an outline. "2.1" is always one level below "2.".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from quipu.core.text import text_lines

BlockKind = Literal["heading", "paragraph", "table"]


@dataclass(frozen=True)
class Block:
    """A span ``text == cleaned[start:end]`` of the cleaned text."""

    kind: BlockKind
    text: str
    start: int
    end: int
    level: int | None = None  # headings only: 1 (outermost) to 6

    @property
    def title(self) -> str:
        """A heading's words without ``#`` markers, tabs or repeated spaces."""
        return " ".join(self.text.lstrip("#").replace("\t", " ").replace("\n", " ").split())


MAX_HEADING_CHARS = 120

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# Numbering at the start of a heading, by style. Roman numerals come before letters so
# that "I." and "V)" read as roman.
_NUMBERING = [
    ("arabic", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})(\.?)\s+(?=\S)")),
    ("roman", re.compile(r"^((?=[IVX])X{0,3}(?:IX|IV|V?I{0,3}))([.)-])\s*(?=\S)")),
    ("letter", re.compile(r"^([A-Z])([.)])\s+(?=\S)")),
]
_TOC_LEADER = re.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}")
_LOWER_START = re.compile(r"^[(\"'“«¿¡]*[a-záéíóúñü]")
_SENTENCE_START = re.compile(r"^[(\"'“«¿¡]*[A-ZÁÉÍÓÚÑÜ][a-záéíóúñü]")
_ENDS_SENTENCE = re.compile(r"[.!?…]['\"”’»)]*$")
# Words a title does not end with, but a line broken mid-sentence often does.
_FUNCTION_WORDS = {
    "a", "al", "ante", "con", "de", "del", "desde", "e", "el", "en", "entre", "hacia", "la", "las", "lo",
    "los", "mediante", "o", "para", "por", "que", "se", "según", "sin", "sobre", "su", "sus", "u", "un",
    "una", "y", "the", "of", "and", "to", "for", "in", "on", "with", "by", "or",
}
_LIST_ITEM = re.compile(r"^(?:[•·▪●○■►◦‣✓\-–—*+]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s)")


def parse_blocks(text: str) -> list[Block]:
    """Split cleaned text into heading, paragraph and table blocks, in order."""
    parser = _Parser(text)
    return parser.run()


@dataclass
class _Line:
    text: str
    start: int
    end: int
    para: int  # index of the paragraph (blank-line separated) it belongs to


def _lines(text: str) -> list[_Line]:
    """The non-blank lines of ``text``, stripped, each with the number of its paragraph."""
    lines: list[_Line] = []
    para, previous_blank = 0, False
    for raw in text_lines(text, strip=""):
        # A table row keeps its edge tabs: "\tc. No se culmina…" (an empty first cell) and
        # "RESULTADO FINAL\t\t" (a group label in a logic matrix) are rows, not paragraphs.
        edges = " \r\f\v" if "\t" in raw.text and raw.text.strip() else None
        stripped = raw.text.strip(edges)
        if stripped:
            if previous_blank and lines:
                para += 1
            lead = len(raw.text) - len(raw.text.lstrip(edges))
            lines.append(_Line(stripped, raw.start + lead, raw.start + lead + len(stripped), para))
            previous_blank = False
        else:
            previous_blank = True
    return lines


def is_table_row(line: str) -> bool:
    """A tab-separated row, or a Markdown ``| a | b |`` row."""
    return "\t" in line.strip(" ") or (line.startswith("|") and line.count("|") >= 2)


def row_cells(line: str) -> list[str]:
    """The cells of a table row, stripped (empty cells included)."""
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    return [c.strip() for c in line.strip().strip("|").split("|")]


def numbering(line: str) -> tuple[str, int] | None:
    """The numbering style of a heading-like line and its depth ("2.1" → ("arabic", 2))."""
    for style, pattern in _NUMBERING:
        match = pattern.match(line)
        if not match:
            continue
        if style == "arabic":
            if int(match.group(1).split(".")[0]) == 0:
                return None
            depth = match.group(1).count(".") + 1
            if not match.group(2) and depth == 1:
                # "5 GOBIERNO LOCAL" is a heading; "12 de diciembre" and "5 personas" are not.
                rest = line[match.end():]
                if not _is_caps(rest):
                    return None
            return style, depth
        suffix = match.group(2)
        return f"{style}{suffix if suffix == ')' else '.'}", 1
    return None


_ROMAN = {"I": 1, "V": 5, "X": 10}


def _number_value(line: str) -> tuple[str, int] | None:
    """The sequence a numbered title belongs to and its number: "2.3 Foo" → ("arabic:2.", 3)."""
    numbered = numbering(line)
    if numbered is None:
        return None
    style, _ = numbered
    raw_token = line.split()[0]
    token = raw_token.rstrip(".)-")
    if style == "arabic":
        parts = token.split(".")
        # "1." and a bare "1" are separate sequences: a stray "1 ASPECTOS" must not
        # make the "1." that follows look like a repeat.
        dotted = "." if raw_token.endswith(".") or len(parts) > 1 else ""
        return f"arabic{dotted}:{'.'.join(parts[:-1])}", int(parts[-1]) if parts[-1].isdigit() else 0
    if style.startswith("roman"):
        total = 0
        for k, ch in enumerate(token):
            value = _ROMAN.get(ch, 0)
            nxt = _ROMAN.get(token[k + 1], 0) if k + 1 < len(token) else 0
            total += -value if value < nxt else value
        return style, total
    return style, ord(token[0]) - ord("A") + 1


def _is_caps(text: str) -> bool:
    # str.isupper is True when every cased character is upper case (and there is one).
    return text.isupper() and sum(c.isalpha() for c in text) >= 3


def _looks_like_title(line: str) -> bool:
    """Short, not a TOC row, not a sentence fragment."""
    if len(line) > MAX_HEADING_CHARS or _TOC_LEADER.search(line):
        return False
    if line.endswith((",", ";", "-", "–", "(")) or line.endswith(":") and len(line) > 60:
        return False
    last_word = line.rsplit(None, 1)[-1].lower() if line.split() else ""
    if last_word in _FUNCTION_WORDS:
        return False  # "…aprobada mediante" ends mid-phrase: a wrapped line, not a title
    letters = sum(c.isalpha() for c in line)
    visible = sum(not c.isspace() for c in line)
    return letters >= 3 and letters >= 0.7 * visible


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _lines(text)
        self.blocks: list[Block] = []
        self.style_levels: dict[str, int] = {}
        self.open_level = 0  # level of the innermost heading so far
        self.last_number: dict[str, int] = {}  # numbering key → last number used at that level
        self.number_levels: dict[str, int] = {}
        self.open_style: str | None = None  # numbering style of the innermost heading
        self.body_since_heading = False
        self.caps_numbering: dict[str, bool] = {}  # whether all titles of a numbering were ALL CAPS

    def run(self) -> list[Block]:
        lines = self.lines
        i = 0
        pending: list[_Line] = []  # lines of the paragraph being collected
        while i < len(lines):
            line = lines[i]
            if pending and pending[-1].para != line.para:
                self._flush(pending)
                pending = []
            table_end = self._table_run(i)
            if table_end > i:
                self._flush(pending)
                pending = []
                run = lines[i:table_end]
                self._add("table", run[0].start, run[-1].end)
                i = table_end
                continue
            heading = self._heading(i)
            if heading is not None:
                level, span = heading
                self._flush(pending)
                pending = []
                self._add("heading", line.start, lines[i + span - 1].end, level)
                self._record_number(self.blocks[-1].title, level)
                numbered = numbering(self.blocks[-1].title)
                self.open_style = numbered[0] if numbered else ("md" if line.text.startswith("#") else "caps")
                self.body_since_heading = False
                self.open_level = level
                i += span
                continue
            pending.append(line)
            i += 1
        self._flush(pending)
        return self.blocks

    def _add(self, kind: BlockKind, start: int, end: int, level: int | None = None) -> None:
        if kind != "heading":
            self.body_since_heading = True
        self.blocks.append(Block(kind, self.text[start:end], start, end, level))

    def _flush(self, pending: list[_Line]) -> None:
        if pending:
            self._add("paragraph", pending[0].start, pending[-1].end)

    def _table_run(self, i: int) -> int:
        """End of the table starting at line i (i itself when none starts there).

        Rows must be consecutive lines of one paragraph; a lone tabbed line is a table
        only with three or more cells (a single tab is often just layout)."""
        lines = self.lines
        j = i
        while j < len(lines) and lines[j].para == lines[i].para and is_table_row(lines[j].text):
            j += 1
        if j - i >= 2:
            return j
        if j - i == 1 and sum(1 for c in row_cells(lines[i].text) if c) >= 3:
            return j
        return i

    def _heading(self, i: int) -> tuple[int, int] | None:
        """(level, number of lines) when a heading starts at line i, else None."""
        lines = self.lines
        line = lines[i].text
        md = _MD_HEADING.match(line)
        if md:
            level = len(md.group(1))
            numbered = numbering(md.group(2))
            if numbered:
                self._learn(numbered, level)
            return level, 1
        numbered = numbering(line)
        if numbered:
            if not self._in_sequence(line):
                return None
            for span in (1, 2):
                numbered_level = self._numbered_level(i, span, numbered)
                if numbered_level is not None:
                    return numbered_level, span
            return None
        caps_level = self._caps_level(i)
        return (caps_level, 1) if caps_level is not None else None

    def _in_sequence(self, line: str) -> bool:
        """Whether a numbered title continues the numbering of its siblings: "6." may
        follow "5." (or "4.", one may be missed), and numbering restarts at 1-3 under a
        new parent. "43. LANDING PAGE" after "5. Ejecución…" is a list item."""
        key_value = _number_value(line)
        if key_value is None:
            return True
        key, value = key_value
        last = self.last_number.get(key)
        if last is None:
            return value <= 3
        if self.caps_numbering.get(key) and not _is_caps(re.sub(r"^\S+\s*", "", line)):
            return False  # siblings so far were ALL CAPS: a mixed-case line is a list item
        return last < value <= last + 2

    def _record_number(self, text: str, level: int) -> None:
        # A heading closes the numbering of everything below it.
        for key in [k for k, lvl in self.number_levels.items() if lvl > level]:
            self.last_number.pop(key, None)
            self.caps_numbering.pop(key, None)
            del self.number_levels[key]
        key_value = _number_value(text)
        if key_value:
            key = key_value[0]
            caps = _is_caps(re.sub(r"^\S+\s*", "", text))
            self.caps_numbering[key] = caps if key not in self.last_number else self.caps_numbering[key] and caps
            self.last_number[key] = key_value[1]
            self.number_levels[key] = level

    def _context(self, i: int, span: int) -> tuple[bool, bool, str | None, str | None]:
        lines = self.lines
        k = i + span - 1
        first = i == 0 or lines[i - 1].para != lines[i].para
        last = k + 1 == len(lines) or lines[k + 1].para != lines[k].para
        previous = None if first else lines[i - 1].text
        following = None if last else lines[k + 1].text
        return first, last, previous, following

    def _numbered_level(self, i: int, span: int, numbered: tuple[str, int]) -> int | None:
        """A numbered title ("2.1 Objetivos", "IV) DIFICULTADES") on one line, or on two
        when the first wraps into the second (PDF headings often do)."""
        lines = self.lines
        if span == 2:
            if i + 1 >= len(lines) or lines[i + 1].para != lines[i].para or numbering(lines[i + 1].text):
                return None
            head = lines[i].text
            if _ENDS_SENTENCE.search(head) or _SENTENCE_START.match(lines[i + 1].text) and not (
                head.endswith(",") or head.rsplit(None, 1)[-1].lower() in _FUNCTION_WORDS
            ):
                return None
        title = " ".join(" ".join(lines[j].text for j in range(i, i + span)).replace("\t", " ").split())
        first, last, previous, following = self._context(i, span)
        if len(title) > MAX_HEADING_CHARS * (1 if span == 1 else 1.6) or not _looks_like_title(title):
            return None
        if following is not None and _LOWER_START.match(following):
            return None  # the title wraps into the next line: a sentence, not a title
        caps = _is_caps(title)
        words = re.sub(r"^\S+\s*", "", title)
        if not words[:1].isupper() and not words[:1].isdigit():
            return None
        if re.search(r"[.!?]\s+\S", words.rstrip(".")):
            return None  # "1. Cambios alcanzados. La evaluación…": a list item with sentences
        if (title.endswith(".") or following is not None) and len(title) > 80 and not caps and span == 1:
            return None  # a long mixed-case line running into the next: a list item
        if following is not None and not caps and not self._opens_body(i + span):
            return None
        if not first:
            # Inside a paragraph only after a finished sentence or as its closing line,
            # and not as the next item of a numbered list.
            assert previous is not None  # a line that does not open its paragraph has one before it
            if not (_ENDS_SENTENCE.search(previous) or last):
                return None
            if not (caps or last):
                return None
            numbered_before = numbering(previous)
            if numbered_before and numbered_before[0] == numbered[0]:
                return None
        if following is not None and numbering(following) == numbered and not caps:
            return None  # "11. Gobierno Regional de Ica" / "12. …": a numbered list
        if previous is not None and previous.endswith(":") and not caps:
            return None  # the items of a list announced by "…los siguientes:"
        return self._level_for(numbered)

    def _caps_level(self, i: int) -> int | None:
        """A short ALL-CAPS title line ("RESUMEN EJECUTIVO") followed by a body."""
        lines = self.lines
        flat = " ".join(lines[i].text.replace("\t", " ").split())
        if not (_is_caps(flat) and _looks_like_title(flat) and len(flat) <= 90 and len(flat.split()) <= 12):
            return None
        if flat.endswith(":") or _LIST_ITEM.match(flat) or re.search(r"[A-ZÁÉÍÓÚÑ]\d+$", flat):
            return None  # a label, a list item, or "GENERALES1" (a title glued to a number)
        if i > 0:
            # What comes before must be finished: a sentence end or another heading.
            previous = lines[i - 1]
            after_heading = bool(self.blocks) and self.blocks[-1].kind == "heading" and self.blocks[-1].end == previous.end
            if not (after_heading or _ENDS_SENTENCE.search(previous.text)):
                return None
        if i + 1 >= len(lines) or not self._opens_body(i + 1):
            # What follows must read as a body (a sentence, a list, a numbered title):
            # stacks of capitalised lines are table headers or covers.
            return None
        return self._level_for(("caps", 1))

    def _opens_body(self, j: int) -> bool:
        """Whether line j can follow a heading: a sentence, a list, or one more
        capitalised title line that itself is followed by a sentence ("CONTENIDO" /
        "INTRODUCCIÓN" / "Este documento…")."""
        lines = self.lines
        text = lines[j].text
        if _SENTENCE_START.match(text) or _LIST_ITEM.match(text) or _MD_HEADING.match(text):
            return True
        if numbering(text) and _looks_like_title(" ".join(text.split())):
            return True
        nxt = j + 1
        return (
            _is_caps(text) and _looks_like_title(text)
            and nxt < len(lines) and lines[nxt].para == lines[j].para
            and bool(_SENTENCE_START.match(lines[nxt].text))
        )

    def _previous_text(self) -> str:
        return self.blocks[-1].text.rstrip() if self.blocks and self.blocks[-1].kind == "paragraph" else ""

    def _learn(self, numbered: tuple[str, int], level: int) -> None:
        style, depth = numbered
        self.style_levels.setdefault(style, level - depth + 1)

    def _level_for(self, numbered: tuple[str, int]) -> int:
        style, depth = numbered
        if style not in self.style_levels:
            # First time this style appears: it sits one level below the open heading,
            # except after an unnumbered title that already had its own text
            # ("RESUMEN EJECUTIVO", its paragraphs, then "1. INTRODUCCIÓN"): a sibling.
            sibling = self.open_style == "caps" and self.body_since_heading and style != "caps"
            self.style_levels[style] = max(1, self.open_level) if sibling else min(6, self.open_level + 1)
        return max(1, min(6, self.style_levels[style] + depth - 1))
