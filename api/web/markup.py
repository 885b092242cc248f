"""Passage text as safe HTML: a search result's snippet, a document's mention links, a quote.

Everything from the documents is escaped here. The passage's own markup (Markdown bold,
headings, list markers, inline tags) is read by :func:`quipu.core.markup.parse` and drawn
as ``<strong>``/``<em>``; the only other tags added are ``<mark>`` around the sentence that
best matches a search (or the mention a quote is for) and ``<a class="mention">`` around
the names of entities. Spans given to these functions are offsets into the passage text
as stored (markup included); they are mapped onto the plain text here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from itertools import pairwise

from markupsafe import Markup

from quipu.core.markup import EMPHASIS, HEADING, STRONG, Marked, parse
from quipu.core.text import sentence_spans
from quipu.search.highlight import Highlight

from .links import entity_href

# How each style is drawn, outermost first when several cover the same words.
STYLE_TAGS = {
    HEADING: ('<strong class="heading">', "</strong>"),
    STRONG: ("<strong>", "</strong>"),
    EMPHASIS: ("<em>", "</em>"),
}
MARK = ("<mark>", "</mark>")
Anchor = tuple[int, int, str, str]  # plain start, end, opening and closing tag


def render(marked: Marked, start: int = 0, end: int | None = None, anchors: Iterable[Anchor] = ()) -> Markup:
    """``marked.text[start:end]`` as HTML: escaped, its styles drawn, each anchor's tags round its span.

    Anchors (plain offsets) must be sorted and must not overlap; styles may cross them and
    each other, so each stretch closes and reopens what it needs and the HTML always nests.
    """
    end = len(marked.text) if end is None else end
    kept = [(max(a, start), min(b, end), o, c) for a, b, o, c in anchors if b > start and a < end and b > a]
    styles = [s for s in marked.styles if s.end > start and s.start < end]
    bounds = {start, end} | {max(start, min(end, x)) for s in styles for x in (s.start, s.end)}
    bounds |= {x for a in kept for x in a[:2]}
    out: list[str] = []
    anchor: Anchor | None = None
    open_styles: tuple[str, ...] = ()
    for a, b in pairwise(sorted(bounds)):
        here = next((k for k in kept if k[0] <= a and b <= k[1]), None)
        wanted = tuple(kind for kind in STYLE_TAGS if any(s.kind == kind and s.start <= a and b <= s.end for s in styles))
        if here is not anchor or wanted != open_styles:
            out.extend(STYLE_TAGS[kind][1] for kind in reversed(open_styles))
            open_styles = ()
            if here is not anchor:
                if anchor is not None:
                    out.append(anchor[3])
                if here is not None:
                    out.append(here[2])
                anchor = here
            out.extend(STYLE_TAGS[kind][0] for kind in wanted)
            open_styles = wanted
        out.append(escape(marked.text[a:b]))
    out.extend(STYLE_TAGS[kind][1] for kind in reversed(open_styles))
    if anchor is not None:
        out.append(anchor[3])
    return Markup("".join(out))


def snippet(text: str, highlight: Highlight | None, context: int = 180) -> Markup:
    """The passage around its best-matching sentence, which is marked with <mark>.

    ``highlight`` is a span of ``text`` (offsets into the passage as stored); the context
    on each side is cut at a word and the cut shown with an ellipsis. Without a highlight,
    the start of the passage.
    """
    marked = parse(text)
    plain = marked.text
    if highlight is None:
        return render(marked, 0, min(len(plain), 2 * context))
    start, end = marked.plain_span(highlight.start, highlight.end)
    low, high = max(0, start - context), min(len(plain), end + context)
    lead = tail = ""
    if low > 0:
        space = plain.find(" ", low, start)
        low, lead = (space + 1 if space != -1 else low), "…"
    if high < len(plain):
        space = plain.rfind(" ", end, high)
        high, tail = (space if space != -1 else high), "…"
    return Markup(lead) + render(marked, low, high, [(start, end, *MARK)]) + Markup(tail)


def linkify(text: str, mentions: Iterable[tuple[int, int, str, str]]) -> Markup:
    """``text`` as HTML (its markup drawn), each (start, end, key, label) span a link to the entity.

    The spans are offsets into ``text``; they must be sorted and must not overlap: links
    cannot nest.
    """
    marked = parse(text)
    anchors = []
    for start, end, key, label in mentions:
        begin, stop = marked.plain_span(start, end)
        anchors.append(
            (begin, stop, f'<a class="mention" href="{escape(entity_href(key))}" title="{escape(label)}">', "</a>")
        )
    return render(marked, anchors=anchors)


def quote(text: str, spans: Iterable[tuple[int, int]], longest: int = 320) -> list[Markup]:
    """The sentences of ``text`` that hold the (start, end) spans, in order, each once, with
    the spans marked: what an entity's page quotes of a passage that mentions it.

    A sentence longer than ``longest`` characters (a table row, a run-on list) is cut at
    words round its marks, the cuts shown with an ellipsis.
    """
    marked = parse(text)
    plain = marked.text
    sentences = sentence_spans(plain)
    marks: dict[tuple[int, int], list[Anchor]] = {}
    for start, end in sorted(spans):
        begin, stop = marked.plain_span(start, end)
        if stop <= begin:
            continue
        around = next((s for s in sentences if s[0] <= begin < s[1]), (begin, stop))
        found = marks.setdefault(around, [])
        if not found or found[-1][1] <= begin:  # of overlapping mentions, the first is marked
            found.append((begin, stop, *MARK))
    quotes = []
    for (start, end), anchors in sorted(marks.items()):
        end = max(end, anchors[-1][1])
        lead = tail = ""
        if end - start > longest:
            first, last = anchors[0][0], anchors[-1][1]
            low = max(start, first - longest // 3)
            high = min(end, max(last, low + longest))
            if low > start:
                space = plain.find(" ", low, first)
                low, lead = (space + 1 if space != -1 else low), "…"
            if high < end:
                space = plain.rfind(" ", last, high)
                high, tail = (space if space != -1 else high), "…"
            start, end = low, high
        quotes.append(Markup(lead) + render(marked, start, end, anchors) + Markup(tail))
    return quotes


def mark_quote(sentence: str, quote: str) -> Markup:
    """``sentence`` escaped, with the first occurrence of ``quote`` (whitespace aside) in <mark>."""
    words = quote.split()
    found = re.search(r"\s+".join(re.escape(w) for w in words), sentence) if words else None
    if found is None:
        return Markup(escape(sentence))
    return Markup(
        escape(sentence[: found.start()]) + "<mark>" + escape(found.group()) + "</mark>" + escape(sentence[found.end() :])
    )


__all__ = ["linkify", "mark_quote", "quote", "render", "snippet"]
