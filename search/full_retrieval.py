"""The "full" retrieval: expanded BM25 + dense vectors, a fitted score fusion, re-ranking.

Steps, for one query:

1. :func:`quipu.search.expansion.expand` turns the query into Spanish terms (glossary,
   lexicon, FreeDict, cognates for English; other names of named entities in both
   languages), and :func:`acronym_names` adds the long form of an acronym an ingested
   document defines (or the acronym of a long form);
2. the candidates are the best passages by BM25 over each passage read with its headings
   (the query's terms weight 1, the expansion's less) and the passages nearest the query's
   vector; each gets every score the fusion reads (:class:`quipu.search.fusion.Candidates`);
3. :class:`quipu.search.fusion.Fusion` adds their z-scores with fitted weights
   (``benchmarks/fit_fusion.py``);
4. the head is re-scored by the configured :class:`quipu.search.rerank.Reranker`.

Score fusion rather than rank fusion: a passage that BM25 ranks first by a wide margin
keeps its lead when the vectors ignore it, where RRF would rank it below any passage
both lists place in their top ten (measured: R@5 0.86 against 0.81 with e5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np

from quipu.core.text import fold

from .catalog import EntityCatalog
from .expansion import Expansion, expand
from .features import PassageFeatures
from .filters import SearchFilters
from .fusion import FITTED_FUSION, Candidates, Fusion
from .glossary import Vocabulary, default_vocabulary
from .records import PassageRecord
from .rerank import NoReranker, Reranker, RerankQuery, SentenceOverlapReranker
from .retrievers import Ranked
from .store import Field, PassageStore


@dataclass(frozen=True)
class FullConfig:
    """Depths and weights of the full retrieval. The expansion weights were chosen on the
    dev split of the first evaluation set; the fusion is fitted (:data:`FITTED_FUSION`)."""

    dense_depth: int = 100  # nearest passages that join the candidates
    lexical_depth: int = 300  # best BM25 passages that join the candidates
    lexical_weight: float = 1.0  # BM25 weight of the query's own terms
    # With a monolingual (English) model, the share of the fitted dense weight an English
    # query keeps; a Spanish query keeps none (such a model reads Spanish as noise).
    monolingual_dense_share: float = 0.2
    dense_query: str = "original"  # "original" | "expanded" (query + Spanish expansion)
    translation_weight: float = 1.0  # BM25 weight of glossary / lexicon terms
    cognate_weight: float = 0.8
    dictionary_weight: float = 0.3  # FreeDict renderings of words the glossary and lexicon lack
    entity_weight: float = 0.5
    translated_source_weight: float = 0.2  # BM25 weight of English words that were translated
    source_weight: float = 0.3  # BM25 weight of the words of a source clause ("según la evaluación de X")
    fusion: Fusion = field(default_factory=lambda: FITTED_FUSION)

    @property
    def rerank_depth(self) -> int:
        return self.fusion.rerank_depth

    @property
    def sentence_weight(self) -> float:
        return self.fusion.sentence_weight


DEFAULT_CONFIG = FullConfig()


# Question words that survive the stop list ("¿cuántos…?", "¿cuál…?", "según…"): they ask,
# they are not what the answer says, and "el cual" is everywhere in Spanish prose.
QUESTION_TERMS = frozenset({"cuant", "cual", "segun", "dond", "cuand"})

# "según la evaluación de CAPLAB", "according to the REDPROEMPLEO evaluation": the clause names
# where the answer is, not what it says; its words would pull the document's introduction.
SOURCE_CLAUSE = re.compile(
    r"\b(?:seg[uú]n|de\s+acuerdo\s+(?:con|a)|conforme\s+a|according\s+to|as\s+reported\s+(?:in|by))\s+[^,;?¿¡]+"
    r"|\b(?:en|in)\s+(?:la|el|los|las|the|its|their)\s+(?:\w+\s+){0,3}?"
    r"(?:evaluaci[oó]n|informe|ficha|sistematizaci[oó]n|documento|estudio|evaluation|report|fact\s+sheet|study|document|review)"
    r"\b[^,;?¿¡]*",
    re.IGNORECASE,
)


# An acronym as documents define one: capitals (and digits), maybe joined by - or /.
ACRONYM = re.compile(r"[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9]*[A-ZÁÉÍÓÚÑ](?:[-/][A-ZÁÉÍÓÚÑ0-9]+)*")


class FullRetriever:
    """The ``full`` search mode over a passage index (see the module's docstring).

    Its term weights also choose the sentence a result highlights
    (:meth:`highlight_weights`), so what is marked is what the ranking counted.
    """

    def __init__(
        self,
        passages: PassageStore,
        config: FullConfig = DEFAULT_CONFIG,
        vocabulary: Vocabulary | None = None,
        features: PassageFeatures | None = None,
        reranker: Reranker | None = None,
    ) -> None:
        self.passages = passages
        self.config = config
        self._vocabulary = vocabulary
        self.features = features or PassageFeatures(passages.analyzer)
        # The second stage (rerank.py); by default the sentence bonus, fitted with this config.
        self.reranker: Reranker = reranker or (
            SentenceOverlapReranker(self.features, depth=config.rerank_depth, weight=config.sentence_weight)
            if config.sentence_weight
            else NoReranker()
        )

    # ------------------------------------------------------------ query terms

    def expand(self, query: str) -> Expansion:
        """The query's expansion, with cognates checked against the terms of the index."""
        analyzer = self.passages.analyzer

        def stem(word: str) -> str:
            terms = analyzer.terms(word)
            return terms[0] if terms else ""

        vocabulary = self._vocabulary or default_vocabulary()
        expansion = expand(query, vocabulary, known=_Known(self.passages), stem=stem)
        said = {fold(name) for name in expansion.entities} | {fold(query)}
        for name in acronym_names(self.passages.catalog, query):
            if not any(fold(name) in text for text in said):
                expansion.entities.append(name)
                said.add(fold(name))
        return expansion

    def term_weights(self, expansion: Expansion) -> dict[str, float]:
        """Analysed BM25 terms of the query and of its expansion, with their weights."""
        analyzer, config = self.passages.analyzer, self.config
        weights: dict[str, float] = {}

        def add(text: str, weight: float) -> None:
            for term in analyzer.terms(text):
                if weights.get(term, 0.0) < weight:
                    weights[term] = weight

        add(expansion.query, config.lexical_weight)
        add(" ".join(expansion.translated), config.translation_weight)
        add(" ".join(expansion.dictionary), config.dictionary_weight)
        add(" ".join(expansion.cognates), config.cognate_weight)
        add(" ".join(expansion.entities), config.entity_weight)
        if expansion.english and config.translated_source_weight < 1.0 and expansion.matched:
            # "one-stop windows" is carried by "ventanilla única"; the English words themselves,
            # rare loanwords in Spanish text ("one-stop point"), would outweigh it.
            keep = set(analyzer.terms(" ".join([*expansion.untranslated, expansion.spanish])))
            for term in set(analyzer.terms(" ".join(expansion.matched))) - keep:
                if term in weights:
                    weights[term] = min(weights[term], config.translated_source_weight)
        for term in QUESTION_TERMS.intersection(weights):
            del weights[term]
        if config.source_weight < 1.0:
            self._soften_source(weights, expansion.query)
        return weights

    def _soften_source(self, weights: dict[str, float], query: str) -> None:
        """Lower the weight of the terms that only a source clause of the query brings."""
        clauses = [m.group() for m in SOURCE_CLAUSE.finditer(query)]
        if not clauses:
            return
        rest = SOURCE_CLAUSE.sub(" ", query)
        analyzer = self.passages.analyzer

        def terms_of(text: str) -> set[str]:
            return set(analyzer.terms(" ".join([text, self.expand(text).spanish])))

        kept = terms_of(rest)
        for term in terms_of(" ".join(clauses)) - kept:
            if term in weights:
                weights[term] = min(weights[term], self.config.source_weight)

    def highlight_weights(self, query: str) -> dict[str, float]:
        """Analysed terms of the query and its expansion, weighted by expansion weight × IDF."""
        idf = self.passages.idf
        return {term: weight * idf(term) for term, weight in self.term_weights(self.expand(query)).items()}

    # ------------------------------------------------------------ ranking

    def retrieve(self, query: str, k: int, filters: SearchFilters | None = None) -> list[Ranked]:
        """The k best passages, best first, with the ranks BM25 and the vectors gave them.

        ``filters`` restrict every ranking to the passages they let through.
        """
        found, records, weights, english = self._candidates(query, filters)
        if not len(found):
            return []
        fusion = self._fusion(english, lexical=bool(found.context.any()))
        fused = fusion.scores(found)
        order = np.lexsort((found.keys, -fused))
        # The re-ranked head has a fixed depth, so the first results never depend on k.
        order = order[: max(self.reranker.depth, k)]
        ranked = [(int(found.keys[i]), float(fused[i])) for i in order]
        by_key = {int(key): record for key, record in zip(found.keys, records)}
        if self.reranker.depth:
            ranked = self._rerank(ranked, by_key, self._rerank_query(query, weights))
        lexical_rank = _ranks(found.keys, found.context)
        dense_rank = _ranks(found.keys, np.where(found.nearest, found.cosine, 0.0))
        return [Ranked(key, score, lexical_rank.get(key), dense_rank.get(key)) for key, score in ranked[:k]]

    def _fusion(self, english: bool, *, lexical: bool) -> Fusion:
        """The fitted fusion, with the dense weight this model and query language deserve."""
        fusion = self.config.fusion
        if not lexical:
            return replace(fusion, dense_weight=max(fusion.dense_weight, 1.0))  # no known term: vectors only
        if self.passages.has_embedder and not self.passages.embedder.multilingual:
            share = self.config.monolingual_dense_share if english else 0.0
            return replace(fusion, dense_weight=fusion.dense_weight * share)
        return fusion

    def candidates(
        self, query: str, filters: SearchFilters | None = None
    ) -> tuple[Candidates, list[PassageRecord], dict[str, float]]:
        """The query's candidate passages with every score the fusion reads, their records,
        and the query's weighted terms (what ``benchmarks/fit_fusion.py`` fits on)."""
        found, records, weights, _ = self._candidates(query, filters, every_score=True)
        return found, records, weights

    def _candidates(
        self, query: str, filters: SearchFilters | None, *, every_score: bool = False
    ) -> tuple[Candidates, list[PassageRecord], dict[str, float], bool]:
        """Candidates are the ``lexical_depth`` best passages by BM25 over their text with its
        headings and the ``dense_depth`` nearest vectors; each is given every score, so a
        passage one ranking finds is not scored 0 by the other for missing its top list."""
        passages, config = self.passages, self.config
        expansion = self.expand(query)
        weights = self.term_weights(expansion)
        keys: dict[int, None] = {}
        lexical: dict[int, float] = {}
        if weights:
            for hit in passages.lexical(weights, config.lexical_depth, filters, field="context"):
                keys.setdefault(hit.key)
                lexical[hit.key] = hit.score
        vector = None
        nearest: set[int] = set()
        if passages.has_embedder and len(passages):
            dense_text = query if config.dense_query == "original" else f"{query} {expansion.spanish}"
            vector = passages.embedder.embed_query(dense_text)
            for hit in passages.dense(vector, config.dense_depth, filters):
                keys.setdefault(hit.key)
                nearest.add(hit.key)
        ordered = sorted(keys)

        def bm25(name: Field) -> np.ndarray:
            return passages.lexical_scores(weights, ordered, field=name) if weights else np.zeros(len(ordered))

        def context_bm25() -> np.ndarray:
            """The BM25 the candidates' top list gave, and the rest's (the vectors' finds) read."""
            missing = [key for key in ordered if key not in lexical] if weights else []
            found = dict(zip(missing, passages.lexical_scores(weights, missing, field="context"))) if missing else {}
            return np.array([lexical.get(key, found.get(key, 0.0)) for key in ordered])

        records = passages.records_of(ordered)

        fusion = config.fusion
        cosine = passages.similarities(vector, ordered) if vector is not None else np.zeros(len(ordered))
        catalog = passages.catalog
        named = {e.key for e in catalog.recognise(query)} if fusion.entity_weight or every_score else set()
        found = Candidates(
            keys=np.array(ordered, dtype=np.int64),
            text=bm25("text") if fusion.lexical_field != "context" or every_score else np.zeros(len(ordered)),
            heading=bm25("heading") if fusion.heading_weight or every_score else np.zeros(len(ordered)),
            context=context_bm25(),
            cosine=np.asarray(cosine, dtype=np.float64),
            figures=np.array([self.features.figure_share(r) for r in records]),
            entities=np.array([len(named.intersection(catalog.of_passage(r.id))) / len(named) for r in records])
            if named
            else np.zeros(len(records)),
            nearest=np.array([int(k) in nearest for k in ordered], dtype=bool),
        )
        return found, records, weights, expansion.english

    def sentence_shares(self, query: str, records: list[PassageRecord], weights: dict[str, float]) -> np.ndarray:
        """Per record, the largest share of the query's IDF-weighted terms one sentence holds:
        what the default re-ranker adds, times its weight (read by ``benchmarks/fit_fusion.py``)."""
        shares = SentenceOverlapReranker(self.features, depth=len(records), weight=1.0)
        return np.array(shares.rerank(self._rerank_query(query, weights), [(r, 0.0) for r in records]))

    def _rerank_query(self, query: str, weights: dict[str, float]) -> RerankQuery:
        """The query as a re-ranker reads it: its text, and its terms weighted as BM25 weighs them."""
        idf = self.passages.idf
        return RerankQuery(query, {t: w * idf(t, field="context") for t, w in weights.items()})

    def _rerank(
        self, ranked: list[tuple[int, float]], records: dict[int, PassageRecord], query: RerankQuery
    ) -> list[tuple[int, float]]:
        """The head of ``ranked`` (the reranker's depth) re-scored by the reranker and sorted
        by its scores, ties in the fused order; the tail follows as it was."""
        head, tail = ranked[: self.reranker.depth], ranked[self.reranker.depth :]
        if not head:
            return ranked
        scores = self.reranker.rerank(query, [(records[key], score) for key, score in head])
        if len(scores) != len(head):
            raise ValueError(f"the reranker {self.reranker.name!r} gave {len(scores)} scores for {len(head)} passages")
        order = sorted(range(len(head)), key=lambda i: (-scores[i], i))
        return [(head[i][0], scores[i]) for i in order] + tail


def acronym_names(catalog: EntityCatalog, query: str) -> list[str]:
    """The other names of the entities the query names that the ingested documents define
    by an acronym ("Secretaría Técnica del … (ST-CNTPE)"): the long form for a query that
    writes the acronym, the acronym for one that writes the long form.

    Only entities with an acronym among their names: a region or a programme named in full
    gains nothing from its other spellings, and each would add terms to every query."""
    found: list[str] = []
    for entity in catalog.recognise(query):
        names = (entity.label, *entity.names)
        if entity.is_region or not any(ACRONYM.fullmatch(name) for name in names):
            continue
        found.extend(names)
    return found


class _Known:
    """The terms of a store's passages, as a container (``term in known``)."""

    def __init__(self, passages: PassageStore) -> None:
        self._passages = passages

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self._passages.knows(term)


__all__ = ["DEFAULT_CONFIG", "FullConfig", "FullRetriever"]


def _ranks(keys: np.ndarray, scores: np.ndarray) -> dict[int, int]:
    """1-based rank of each key with a positive score, by score (ties by key)."""
    order = np.lexsort((keys, -scores))
    return {int(keys[i]): rank for rank, i in enumerate(order[scores[order] > 0], start=1)}
