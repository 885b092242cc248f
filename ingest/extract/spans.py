"""Helpers shared by the extractors: spans into the cleaned text and entity keys."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass

from quipu.core.text import sentence_spans, text_lines
from quipu.ingest.facts import Link, Span
from quipu.ingest.models import Document, Passage


def span(passage: Passage, start: int, end: int) -> Span:
    """A span given offsets relative to ``passage.text``."""
    return Span(
        passage_id=passage.id,
        start=passage.start + start,
        end=passage.start + end,
        quote=passage.text[start:end],
    )


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a table row) of a passage, with its offset inside the passage."""

    passage: Passage
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


def sentences(passage: Passage) -> Iterator[Sentence]:
    """The sentences of a passage; each row of a table passage is one sentence."""
    if passage.kind == "table":
        for line in text_lines(passage.text, strip=""):
            if line.text.strip():
                yield Sentence(passage, line.start, line.end)
        return
    for start, end in sentence_spans(passage.text):
        yield Sentence(passage, start, end)


def iter_sentences(document: Document) -> Iterator[Sentence]:
    for passage in document.passages:
        yield from sentences(passage)


def passage_index(document: Document, offset: int) -> int:
    """Index of the passage ``offset`` falls in (the one starting last at or before it, else 0)."""
    # The passages' starts are kept on the document (re-read if its passages change):
    # listing them again at every lookup made extraction quadratic in the document's size.
    passages = document.passages
    cached = document.__dict__.get("_passage_starts")
    if cached is None or cached[0] is not passages or len(cached[1]) != len(passages):
        cached = document.__dict__["_passage_starts"] = (passages, [p.start for p in passages])
    return max(bisect.bisect_right(cached[1], offset) - 1, 0)


class _Keys:
    __slots__ = ("items", "count", "last", "keys")

    def __init__(self, items: list) -> None:
        self.items, self.count, self.last, self.keys = items, 0, None, set()


def listed(owner: object, items: list, key: Callable[[object], Hashable], wanted: Hashable) -> bool:
    """Whether ``items`` (a list held by ``owner``) has an item whose ``key`` is ``wanted``.

    Scanning the list at each check made extraction quadratic in the document's size, so
    the keys are kept in a set on ``owner`` and caught up with the items appended since
    the last check; a list changed otherwise (items removed) is noticed and re-read.
    """
    indexes = owner.__dict__.setdefault("_listed", {})
    index = indexes.get(key)
    if (
        index is None
        or index.items is not items
        or len(items) < index.count
        or (index.count and items[index.count - 1] is not index.last)
    ):
        index = indexes[key] = _Keys(items)
    if len(items) > index.count:
        index.keys.update(map(key, items[index.count :]))
        index.count, index.last = len(items), items[-1]
    return wanted in index.keys


def itself(item: object) -> object:
    """The key of :func:`listed` for items compared whole (mentions)."""
    return item


def triple(link: Link) -> tuple[str, str, str]:
    """The key of :func:`listed` for links: one link per subject, predicate and object."""
    return link.subject, link.predicate, link.object


class Intervals:
    """Spans bucketed by start offset, to find those near [lo, hi) without scanning all."""

    WIDTH = 256

    def __init__(self) -> None:
        self.buckets: dict[int, list[tuple[int, int, object]]] = defaultdict(list)
        self.longest = 0

    def add(self, start: int, end: int, item: object) -> None:
        self.buckets[start // self.WIDTH].append((start, end, item))
        self.longest = max(self.longest, end - start)

    def remove(self, start: int, end: int, item: object) -> None:
        bucket = self.buckets[start // self.WIDTH]
        bucket[:] = [entry for entry in bucket if entry != (start, end, item)]

    def near(self, lo: int, hi: int) -> Iterator[tuple[int, int, object]]:
        """Every span that overlaps, contains or lies in [lo, hi) (and possibly a few more):
        those starting from ``longest`` before ``lo`` up to ``hi``, in no particular order."""
        first = (min(lo, hi) - self.longest) // self.WIDTH
        for bucket in range(first, max(lo, hi) // self.WIDTH + 1):
            found = self.buckets.get(bucket)
            if found:
                yield from found
