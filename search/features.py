"""What the retrieval reads from a passage's text beyond its BM25 terms and vector: its
analysed sentences (for re-ranking and highlighting) and the share of it that is figures.

Computed from the record, whatever store it came from, once per text: the last
:data:`PassageFeatures.LIMIT` texts analysed are kept (a sentence list costs about 2 KB
a passage).
"""

from __future__ import annotations

from collections import OrderedDict

from .analysis import SpanishAnalyzer, figure_share
from .highlight import Sentence, analysed_sentences
from .records import PassageRecord


class PassageFeatures:
    """Analysed sentences and figure shares of passages, computed on first use and kept."""

    LIMIT = 50_000

    def __init__(self, analyzer: SpanishAnalyzer, limit: int = LIMIT) -> None:
        self._analyzer = analyzer
        self._limit = limit
        # Keyed by text: a passage replaced by a re-ingest under the same id is analysed anew.
        self._sentences: OrderedDict[str, list[Sentence]] = OrderedDict()
        self._figures: OrderedDict[str, float] = OrderedDict()

    def sentences(self, record: PassageRecord) -> list[Sentence]:
        found = self._sentences.get(record.text)
        if found is None:
            found = analysed_sentences(record.text, self._analyzer.terms)
            self._keep(self._sentences, record.text, found)
        return found

    def figure_share(self, record: PassageRecord) -> float:
        found = self._figures.get(record.text)
        if found is None:
            found = figure_share(record.text)
            self._keep(self._figures, record.text, found)
        return found

    def _keep(self, cache: OrderedDict, text: str, value: object) -> None:
        cache[text] = value
        if len(cache) > self._limit:
            cache.popitem(last=False)


__all__ = ["PassageFeatures"]
