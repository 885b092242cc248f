"""The sentence of a passage that best matches a question, to mark in a result.

A passage is ~1,000 characters; a reader wants the one sentence (or table row) that
answers. Sentences are scored by the query terms they share with the question, each
term weighted by its rarity in the index (IDF) and by its expansion weight, so "2024"
or "Llamkasun" count more than "empleo".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from quipu.ingest.passages import trim_span

# Sentence ends, list items and table rows: each line of a table is its own unit.
_BOUNDARY = re.compile(
    r"(?<=[.!?;])\s+(?=[\"'(¿¡A-ZÁÉÍÓÚÑ0-9•\-])"  # end of a sentence
    r"|\n\s*\n"  # blank line
    r"|\n(?=\s*[•\-–*·]|\s*\d+[.)]\s)"  # list item
)
MAX_SENTENCE = 600  # a "sentence" longer than this is cut around its best words


@dataclass(frozen=True)
class Highlight:
    """A span of a passage's text (offsets into the passage) and the text it covers."""

    start: int
    end: int
    text: str


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, list item or table row of ``text``, trimmed."""
    spans, start = [], 0
    for boundary in _BOUNDARY.finditer(text):
        spans.append((start, boundary.start()))
        start = boundary.end()
    spans.append((start, len(text)))
    spans = [line for s, e in spans for line in _rows(text, s, e)]
    trimmed = [trim_span(text, s, e) for s, e in spans]
    return [(s, e) for s, e in trimmed if e > s] or [(0, len(text))]


def analysed_sentences(text: str, terms_of: Callable[[str], list[str]]) -> list[tuple[int, int, frozenset[str]]]:
    """Each sentence's (start, end, analysed terms): what :func:`best_sentence` scores."""
    return [(start, end, frozenset(terms_of(text[start:end]))) for start, end in sentence_spans(text)]


def best_sentence(
    text: str,
    weights: Mapping[str, float],
    terms_of: Callable[[str], list[str]],
    sentences: list[tuple[int, int, frozenset[str]]] | None = None,
) -> Highlight:
    """The sentence with the most query-term weight (the first one on ties, or when none matches).

    ``weights`` maps analysed query terms to their weight; ``terms_of`` is the analyser
    that made them. ``sentences`` (from :func:`analysed_sentences`) saves analysing again.
    """
    if sentences is None:
        sentences = analysed_sentences(text, terms_of)
    best, best_score = sentences[0][:2], 0.0
    for start, end, terms in sentences:
        score = sum(weights.get(term, 0.0) for term in terms)
        if score > best_score:
            best, best_score = (start, end), score
    start, end = best
    if end - start > MAX_SENTENCE:
        end = _word_end(text, start + MAX_SENTENCE, end)
    return Highlight(start, end, text[start:end])


def _rows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at its line breaks when it holds table rows (tab-separated cells)."""
    if "\t" not in text[start:end]:
        return [(start, end)]
    rows, at = [], start
    for line in text[start:end].split("\n"):
        rows.append((at, at + len(line)))
        at += len(line) + 1
    return rows


def _word_end(text: str, at: int, limit: int) -> int:
    space = text.rfind(" ", 0, at)
    return space if space > at - 80 else min(at, limit)


__all__ = ["Highlight", "analysed_sentences", "best_sentence", "sentence_spans"]
