"""Text analysis for the lexical index: tokens, stop words of both languages, Spanish stems, accent folding."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_SPANISH

from quipu.core.language import ENGLISH_STOPWORDS, SPANISH_HOMOGRAPHS
from quipu.core.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)
_TOKEN = re.compile(r"\S+")
_FIGURE = re.compile(r"[\d.,%/()\-]*\d[\d.,%/()\-]*")

# Function words of both languages, folded. English ones too: a corpus of Spanish passages
# has few English words, so "and", "for" or "in" in an English query would be among its
# rarest terms, the highest BM25 weights of the query. English words that are Spanish
# content words ("once", eleven; "via", the folded "vía") stay terms.
STOPWORDS = frozenset(fold(w) for w in STOPWORDS_SPANISH) | (ENGLISH_STOPWORDS - SPANISH_HOMOGRAPHS)


class SpanishAnalyzer:
    """Turns text into BM25 terms: word tokens, minus stop words, Snowball-stemmed, folded.

    Stemming runs before folding because the Snowball rules expect accented
    suffixes; folding after it makes a query typed without accents match.

    One analysis for passages and queries of either language: the stop words are those
    of Spanish and of English (:data:`STOPWORDS`), dropped at index time as at query
    time. Dropping a word only ever removes a term (every word is stemmed on its own),
    so an index built before the English stop words were added still matches every term
    a query now makes; its passage lengths count the English function words of English
    passages until the next ingest re-indexes them, which only shifts BM25's length
    normalisation for those passages.
    """

    def __init__(self) -> None:
        self._stemmer = Stemmer.Stemmer("spanish")
        self._stopwords = STOPWORDS

    def terms(self, text: str) -> list[str]:
        words = [w for w in _WORD.findall(text.lower()) if _folded(w) not in self._stopwords]
        return [_folded(s) for s in self._stemmer.stemWords(words)]


@lru_cache(maxsize=1 << 18)
def _folded(word: str) -> str:
    """:func:`fold` of one word, remembered: a corpus repeats its words, and folding each
    occurrence anew was a third of the time spent building the BM25 indexes."""
    return fold(word)


def figure_share(text: str) -> float:
    """The share of a text's tokens that are figures ("243,616,423.12", "99.3%", "2024").

    A shape test, not :func:`quipu.core.text.parse_number`: what the full retrieval asks
    is whether a passage reads like a table row, and "2019-2021", "(12)" or "3/4" are
    figures there though no one number.
    """
    tokens = _TOKEN.findall(text)
    return sum(1 for t in tokens if _FIGURE.fullmatch(t)) / len(tokens) if tokens else 0.0


@lru_cache(maxsize=1)
def spanish_analyzer() -> SpanishAnalyzer:
    return SpanishAnalyzer()
