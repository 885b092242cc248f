"""The sentence of a passage that best matches a question, to mark in a result.

A passage is ~1,000 characters; a reader wants the one sentence (or table row) that
answers. Sentences are scored by the query terms they share with the question, each
term weighted by its rarity in the index (IDF) and by its expansion weight, so "2024"
or "Llamkasun" count more than "empleo".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from quipu.core.text import sentence_spans as split_sentences
from quipu.core.text import text_lines, trim_span

MAX_SENTENCE = 600  # a "sentence" longer than this is cut around its best words


@dataclass(frozen=True)
class Highlight:
    """A span of a passage's text (offsets into the passage) and the text it covers."""

    start: int
    end: int
    text: str


class Sentence(NamedTuple):
    """A sentence of a passage (offsets into the passage) with its analysed terms: what
    :func:`best_sentence` scores, kept per passage so a passage is analysed once."""

    start: int
    end: int
    terms: frozenset[str]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, list item or table row of ``text``, trimmed."""
    spans = [row for s, e in split_sentences(text) for row in _rows(text, s, e)]
    trimmed = [trim_span(text, s, e) for s, e in spans]
    return [(s, e) for s, e in trimmed if e > s] or [(0, len(text))]


def analysed_sentences(text: str, terms_of: Callable[[str], list[str]]) -> list[Sentence]:
    """Each sentence of ``text`` with the terms ``terms_of`` (the index's analyser) gives it."""
    return [Sentence(start, end, frozenset(terms_of(text[start:end]))) for start, end in sentence_spans(text)]


def best_sentence(
    text: str,
    weights: Mapping[str, float],
    terms_of: Callable[[str], list[str]],
    sentences: list[Sentence] | None = None,
) -> Highlight:
    """The sentence with the most query-term weight (the first one on ties, or when none matches).

    ``weights`` maps analysed query terms to their weight; ``terms_of`` is the analyser
    that made them. ``sentences`` (from :func:`analysed_sentences`) saves analysing again.
    """
    if sentences is None:
        sentences = analysed_sentences(text, terms_of)
    best, best_score = sentences[0], 0.0
    for sentence in sentences:
        score = sum(weights.get(term, 0.0) for term in sentence.terms)
        if score > best_score:
            best, best_score = sentence, score
    start, end = best.start, best.end
    if end - start > MAX_SENTENCE:
        end = _word_end(text, start + MAX_SENTENCE, end)
    return Highlight(start, end, text[start:end])


def _rows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at its line breaks when it holds table rows (tab-separated cells)."""
    if "\t" not in text[start:end]:
        return [(start, end)]
    return [(start + line.start, start + line.end) for line in text_lines(text[start:end])]


def _word_end(text: str, at: int, limit: int) -> int:
    space = text.rfind(" ", 0, at)
    return space if space > at - 80 else min(at, limit)


__all__ = ["Highlight", "Sentence", "analysed_sentences", "best_sentence", "sentence_spans"]
