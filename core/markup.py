"""The inline markup left in passage text, read once: what it says and the plain text under it.

Documents exported from Markdown or HTML keep some of their markup through cleaning:
``**bold**`` that spans lines, ``####`` headings, ``- `` list markers, stray ``**`` after a
list letter (``- a.** Elaborar…``), a few inline tags (``<b>``, ``<i>``, ``<sup>``) and
character references (``&amp;``). :func:`parse` turns a passage's text into a
:class:`Marked`: the plain text a reader or a JSON client should see, the spans of it that
are bold, italic or a heading, and an offset map both ways, so a span found in one text
(a highlight, a mention, a sentence) still marks the same words in the other.

The offsets of passages and mentions stay offsets into the cleaned document text, which
keeps the markup: only what is shown is plain. One parser, here, serves the pages (which
render the styles) and the API (which returns the plain text).

What counts as markup, and what does not:

- ``**`` and ``__`` pair within a block (a paragraph, a heading or a list item) and
  become bold; one left unpaired is debris of a conversion and is dropped.
- ``*`` and ``_`` pair into italics only at word edges (``*así*``, ``_así_``); an unpaired
  one is text (a footnote asterisk, ``MTPE_3``, ``2 * 3``).
- ``#`` to ``######`` then a space open a heading line (``#PorMásEmpresas`` is text).
- ``-``, ``*`` or ``+`` then a space open a list item; the marker becomes ``•``.
- Only known tag names are tags (``a <b`` stays text); ``<b>``/``<strong>`` are bold,
  ``<i>``/``<em>`` italic, ``<br>`` and closing block tags a line break, the others dropped.
- A backslash before Markdown punctuation keeps that character as text.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

STRONG = "strong"
EMPHASIS = "em"
HEADING = "heading"
BULLET = "•"

# Tags removed as markup, as ingest's cleaning knows them: any other "<…>" is text.
_TAG_NAMES = frozenset(
    "b strong i em u s strike del ins mark small big span font a sub sup code kbd abbr cite q "
    "p br div li ul ol center hr img tt wbr nobr section article header footer".split()
)
_TAG_STYLES = {"b": STRONG, "strong": STRONG, "i": EMPHASIS, "em": EMPHASIS}
_BREAK_TAGS = frozenset({"br", "/p", "/div", "/li"})

_HEADING_LINE = re.compile(r"[ \t]{0,3}(#{1,6})[ \t]+")
_HEADING_CLOSE = re.compile(r"[ \t]+#+[ \t]*$")
_ITEM_LINE = re.compile(r"([ \t]*)([-*+])[ \t]+")
_INLINE = re.compile(
    r"\\(?P<escaped>[\\`*_{}\[\]()#+\-.!<>])"
    r"|(?P<delim>\*\*|__|\*|_)"
    r"|<(?P<close>/?)[ \t]*(?P<tag>[A-Za-z][A-Za-z0-9]*)\b[^<>]*>"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
)


@dataclass(frozen=True)
class Style:
    """A run of the plain text shown as ``kind`` (STRONG, EMPHASIS or HEADING)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Marked:
    """A text with its markup read: the plain text, its styles, and the map between the two.

    The map is kept as runs, each a stretch of plain text copied from one stretch of
    the source (``(plain start, source start, length)``); markup dropped lies between runs.
    """

    source: str
    text: str
    styles: tuple[Style, ...]
    _plain_starts: tuple[int, ...]
    _source_starts: tuple[int, ...]
    _lengths: tuple[int, ...]

    def to_plain(self, offset: int) -> int:
        """Where a span starting at source ``offset`` starts in the plain text (dropped
        markup there: the next plain character)."""
        k = bisect_right(self._source_starts, offset) - 1
        if k < 0:
            return 0
        inside = offset - self._source_starts[k]
        return self._plain_starts[k] + min(inside, self._lengths[k])

    def to_plain_end(self, offset: int) -> int:
        """Where a span ending at source ``offset`` ends in the plain text (how many plain
        characters come from before it)."""
        k = bisect_left(self._source_starts, offset) - 1
        if k < 0:
            return 0
        return self._plain_starts[k] + min(self._lengths[k], offset - self._source_starts[k])

    def to_source(self, offset: int) -> int:
        """The source offset of plain character ``offset`` (the source's end past the last)."""
        if offset >= len(self.text):
            return len(self.source)
        k = bisect_right(self._plain_starts, offset) - 1
        return self._source_starts[k] + offset - self._plain_starts[k]

    def plain_span(self, start: int, end: int) -> tuple[int, int]:
        """The plain span of the source span ``(start, end)``: the same words, markup left out."""
        first = self.to_plain(start)
        return first, max(first, self.to_plain_end(end))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of the plain span ``(start, end)``."""
        if end <= start:
            at = self.to_source(start)
            return at, at
        return self.to_source(start), self.to_source(end - 1) + 1


@dataclass
class _Token:
    start: int  # in the source
    end: int
    text: str | None  # what it shows as: None for a delimiter or tag still to resolve
    delim: str = ""  # "**", "__", "*", "_" or a tag's style ("<b>" …)
    opens: bool = False
    closes: bool = False
    partner: int = -1  # the token that pairs with this one


def _flanks(source: str, start: int, end: int, delim: str) -> tuple[bool, bool]:
    """Whether a delimiter run may open and may close emphasis (CommonMark's flanking, simplified)."""
    before = source[start - 1] if start > 0 else " "
    after = source[end] if end < len(source) else " "
    opens, closes = not after.isspace(), not before.isspace()
    if delim in ("*", "_", "__"):
        # Inside a word these are text: "MTPE_3", "2*3*4", "snake__case".
        opens = opens and not before.isalnum()
        closes = closes and not after.isalnum()
    return opens, closes


def _inline(source: str, start: int, end: int, tokens: list[_Token]) -> None:
    """The tokens of ``source[start:end]``: text, delimiters and tags."""
    at = start
    for match in _INLINE.finditer(source, start, end):
        if match.start() > at:
            tokens.append(_Token(at, match.start(), source[at : match.start()]))
        at = match.end()
        if match.group("escaped") is not None:
            tokens.append(_Token(match.start(), match.end(), match.group("escaped")))
        elif (delim := match.group("delim")) is not None:
            opens, closes = _flanks(source, match.start(), match.end(), delim)
            tokens.append(_Token(match.start(), match.end(), None, delim, opens, closes))
        elif (tag := match.group("tag")) is not None:
            name = tag.lower()
            closing = bool(match.group("close"))
            if name not in _TAG_NAMES:
                tokens.append(_Token(match.start(), match.end(), match.group(0)))
            elif name in _TAG_STYLES:
                tokens.append(_Token(match.start(), match.end(), None, "<" + name + ">", not closing, closing))
            else:
                shown = "\n" if ("/" + name if closing else name) in _BREAK_TAGS else ""
                tokens.append(_Token(match.start(), match.end(), shown))
        else:
            entity = match.group("entity")
            shown = html.unescape(entity).replace("\u00a0", " ")
            tokens.append(_Token(match.start(), match.end(), shown if shown != entity else entity))
    if end > at:
        tokens.append(_Token(at, end, source[at:end]))


def _pair(tokens: list[_Token], first: int) -> None:
    """Pair the delimiters and tags of one block (``tokens[first:]``), innermost first."""
    stack: list[int] = []
    for i in range(first, len(tokens)):
        token = tokens[i]
        if token.text is not None:
            continue
        if token.closes:
            opener = next((j for j in reversed(stack) if _same(tokens[j].delim, token.delim)), None)
            if opener is not None:
                del stack[stack.index(opener) :]  # openers left inside it stay unpaired
                tokens[opener].partner, token.partner = i, opener
                continue
        if token.opens:
            stack.append(i)


def _same(opener: str, closer: str) -> bool:
    # "<b>" closes "<strong>" as browsers would not, but a converter's output is forgiving.
    if opener.startswith("<"):
        return closer.startswith("<") and _TAG_STYLES[opener[1:-1]] == _TAG_STYLES[closer[1:-1]]
    return opener == closer


def _style_of(delim: str) -> str:
    if delim.startswith("<"):
        return _TAG_STYLES[delim[1:-1]]
    return STRONG if len(delim) == 2 else EMPHASIS


class _Builder:
    """The plain text and its runs, appended piece by piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.plain: list[int] = []
        self.source: list[int] = []
        self.lengths: list[int] = []

    def add(self, text: str, source_at: int, copied: bool) -> None:
        """Append ``text``; ``copied``: it is the source from ``source_at`` as it is (else a
        replacement, each of whose characters maps to ``source_at``)."""
        if not text:
            return
        if copied:
            last = len(self.lengths) - 1
            if last >= 0 and self.plain[last] + self.lengths[last] == self.length and (
                self.source[last] + self.lengths[last] == source_at
            ):
                self.lengths[last] += len(text)  # continues the last run
            else:
                self._run(self.length, source_at, len(text))
        else:
            for i in range(len(text)):
                self._run(self.length + i, source_at, 1)
        self.parts.append(text)
        self.length += len(text)

    def _run(self, plain: int, source: int, length: int) -> None:
        self.plain.append(plain)
        self.source.append(source)
        self.lengths.append(length)


@lru_cache(maxsize=2048)
def parse(source: str) -> Marked:
    """``source`` with its inline markup read (see the module's notes). Cached: the same
    passages are shown again and again."""
    out = _Builder()
    styles: list[Style] = []
    position = 0
    tokens: list[_Token] = []
    block = 0  # where the tokens of the current block begin
    lines = source.split("\n")
    # Each line's prefix (a heading's #, a list marker) is handled first; the inline tokens
    # of a block are paired before any is emitted, since a closer decides its opener.
    prefixes: list[tuple[int, int, str, int, int]] = []  # line start, content start, kind, content end, marker at
    for line in lines:
        start, stop = position, position + len(line)
        kind, content, marker = "", start, -1
        if heading := _HEADING_LINE.match(line):
            kind, content = HEADING, start + heading.end()
            if closing := _HEADING_CLOSE.search(line, heading.end()):
                stop = start + closing.start()
        elif item := _ITEM_LINE.match(line):
            kind, content, marker = "item", start + item.end(), start + item.start(2)
        if not line.strip() or kind or (prefixes and prefixes[-1][2] == HEADING):
            _pair(tokens, block)  # a blank line, a heading or a list item ends a block
            block = len(tokens)
        prefixes.append((start, content, kind, stop, marker))
        _inline(source, content, stop, tokens)
        tokens.append(_Token(stop, position + len(line), "", "line"))  # the end of the line
        position += len(line) + 1
    _pair(tokens, block)

    line_of = iter(prefixes)
    opened: dict[int, int] = {}  # opener token -> its plain offset
    expect_line = True
    for i, token in enumerate(tokens):
        if expect_line:
            start, content, kind, stop, marker = next(line_of)
            if kind == "item":
                out.add(source[start:marker], start, True)
                out.add(BULLET, marker, False)
                out.add(source[marker + 1 : content], marker + 1, True)
            heading_at = out.length
            expect_line = False
        if token.delim == "line":
            if kind == HEADING and out.length > heading_at:
                styles.append(Style(heading_at, out.length, HEADING))
            if token.end < len(source):
                out.add("\n", token.end, True)
            expect_line = True
            continue
        if token.text is not None:
            out.add(token.text, token.start, token.text == source[token.start : token.end])
        elif token.partner > i:
            opened[i] = out.length
        elif token.partner >= 0:
            begin = opened.pop(token.partner)
            if out.length > begin:
                styles.append(Style(begin, out.length, _style_of(token.delim)))
        elif len(token.delim) == 1:
            out.add(token.delim, token.start, True)  # a lone * or _ is text
    styles.sort(key=lambda s: (s.start, -s.end))
    return Marked(
        source, "".join(out.parts), tuple(styles), tuple(out.plain), tuple(out.source), tuple(out.lengths)
    )


def plain(source: str) -> str:
    """``source`` without its inline markup."""
    return parse(source).text


__all__ = ["BULLET", "EMPHASIS", "HEADING", "STRONG", "Marked", "Style", "parse", "plain"]
