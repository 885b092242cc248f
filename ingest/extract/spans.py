"""Where extractors read: spans into the cleaned text, sentences, and positions found fast.

Adding what they find without duplicates is :mod:`.record`'s work."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from quipu.core.text import sentence_spans, text_lines
from quipu.ingest.facts import Span
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


T = TypeVar("T")


class Intervals(Generic[T]):
    """Spans bucketed by start offset, each with an item, to find those near [lo, hi)
    without scanning all."""

    WIDTH = 256

    def __init__(self) -> None:
        self.buckets: dict[int, list[tuple[int, int, T]]] = defaultdict(list)
        self.longest = 0

    def add(self, start: int, end: int, item: T) -> None:
        self.buckets[start // self.WIDTH].append((start, end, item))
        self.longest = max(self.longest, end - start)

    def remove(self, start: int, end: int, item: T) -> None:
        bucket = self.buckets[start // self.WIDTH]
        bucket[:] = [entry for entry in bucket if entry != (start, end, item)]

    def near(self, lo: int, hi: int) -> Iterator[tuple[int, int, T]]:
        """Every span that overlaps, contains or lies in [lo, hi) (and possibly a few more):
        those starting from ``longest`` before ``lo`` up to ``hi``, in no particular order."""
        first = (min(lo, hi) - self.longest) // self.WIDTH
        for bucket in range(first, max(lo, hi) // self.WIDTH + 1):
            found = self.buckets.get(bucket)
            if found:
                yield from found


def prose_sentences(document: Document) -> Iterator[Sentence]:
    """The sentences of the document's running text: not a table passage's rows, and none
    that overlaps a table (a table's cells are read from its header, by .tables)."""
    from quipu.ingest.table import find_tables  # the table model sits beside, not beneath, this module

    tables: Intervals[None] = Intervals()
    for table in find_tables(document.text):
        tables.add(table.start, table.end, None)
    for sentence in iter_sentences(document):
        if sentence.passage.kind == "table":
            continue
        lo = sentence.passage.start + sentence.start
        hi = sentence.passage.start + sentence.end
        if any(a < hi and lo < b for a, b, _ in tables.near(lo, hi)):
            continue
        yield sentence
