"""Passage text as safe HTML: a search result's snippet and a document's mention links.

Everything from the documents is escaped here; the only tags added are ``<mark>`` around
the sentence that best matches a search and ``<a class="mention">`` around the names of
entities.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from markupsafe import Markup

from quipu.search.highlight import Highlight

from .links import entity_href


def snippet(text: str, highlight: Highlight | None, context: int = 180) -> Markup:
    """The passage around its best-matching sentence, which is marked with <mark>.

    ``highlight`` is a span of ``text`` (offsets into the passage); the context on each side
    is cut at a word and the cut shown with an ellipsis. Without a highlight, the start of
    the passage.
    """
    if highlight is None:
        return Markup(escape(text[: 2 * context]))
    start, end = highlight.start, highlight.end
    before, after = text[max(0, start - context) : start], text[end : end + context]
    if start - context > 0:
        before = "…" + before[before.find(" ") + 1 :] if " " in before else "…" + before
    if end + context < len(text):
        after = after[: after.rfind(" ")] + "…" if " " in after else after + "…"
    return Markup(f"{escape(before)}<mark>{escape(text[start:end])}</mark>{escape(after)}")


def linkify(text: str, mentions: Iterable[tuple[int, int, str, str]]) -> Markup:
    """``text`` escaped, with each (start, end, key, label) span as a link to the entity.

    The spans must be sorted and must not overlap: links cannot nest.
    """
    out, at = [], 0
    for start, end, key, label in mentions:
        out.append(escape(text[at:start]))
        out.append(
            f'<a class="mention" href="{escape(entity_href(key))}" title="{escape(label)}">{escape(text[start:end])}</a>'
        )
        at = end
    out.append(escape(text[at:]))
    return Markup("".join(out))


__all__ = ["linkify", "snippet"]
