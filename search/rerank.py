"""Second-stage re-ranking: new scores for the head of the full retrieval's fused ranking.

Fusion (full_retrieval.py) scores hundreds of candidates cheaply; a :class:`Reranker` then
looks harder at the first ``depth`` of them and gives each a new score, which the head is
sorted by (ties keep the fused order). Passages below the head keep their place and their
fused score. QUIPU_RERANKER chooses the implementation (:func:`reranker_from`):

* ``sentence`` (default): :class:`SentenceOverlapReranker`, the fused score plus a bonus
  for the share of the query's weight that one sentence of the passage holds; no model;
* ``none``: :class:`NoReranker`, the fused order as it is;
* ``cross-encoder:<folder>``: :class:`CrossEncoderReranker`, a sentence-transformers
  CrossEncoder scoring (query, passage) pairs in this process;
* an http(s) URL: :class:`RemoteReranker`, a re-rank endpoint in the Cohere shape (Infinity,
  vLLM, Jina, Cohere) or the text-embeddings-inference shape.

No model is loaded and no request is sent until a query needs it; sentence-transformers
(and torch behind it) are imported only when a CrossEncoder is (tests/test_lazy_imports.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable
from urllib.parse import urlsplit

import httpx

from quipu.core.errors import ConfigError, QuipuError, StoreError

from .features import PassageFeatures
from .records import PassageRecord
from .remote_embedder import _server_message

if TYPE_CHECKING:
    from sentence_transformers import CrossEncoder

    from quipu.core.settings import Settings

log = logging.getLogger("quipu.search")

RERANKER_SETTING = "QUIPU_RERANKER"
KEY_SETTING = "QUIPU_RERANKER_API_KEY"
DEPTH_SETTING = "QUIPU_RERANK_DEPTH"
CROSS_ENCODER = "cross-encoder:"
Shape = Literal["auto", "cohere", "tei"]


@dataclass(frozen=True)
class RerankQuery:
    """What a reranker knows of the query: its text as written, and the analysed terms the
    full retrieval counted (the query's and its expansion's) with weight × IDF, so a
    reranker that reads terms weighs them as BM25 did."""

    text: str
    term_weights: Mapping[str, float] = field(default_factory=dict)


@runtime_checkable
class Reranker(Protocol):
    """Re-scores the head of a ranking: the first ``depth`` passages (0: none)."""

    name: str
    depth: int

    def rerank(self, query: RerankQuery, head: Sequence[tuple[PassageRecord, float]]) -> list[float]:
        """A new score for each (passage, fused score) of ``head``, in its order; the
        caller sorts the head by them, higher first, ties in the old order."""
        ...


# ------------------------------------------------------------------ no model


class SentenceOverlapReranker:
    """The fused score plus ``weight`` × the largest share of the query's term weight that
    one sentence (or table row) of the passage holds.

    Query terms close together answer better than the same terms scattered over a passage.
    Its depth and weight are the full retrieval's (``FullConfig.rerank_depth`` and
    ``sentence_weight``, fitted together with the fusion), and it reads the sentences the
    highlighter reads (``features``), so each passage is analysed once.
    """

    name = "sentence"

    def __init__(self, features: PassageFeatures, *, depth: int, weight: float) -> None:
        self.features = features
        self.depth = depth
        self.weight = weight

    def rerank(self, query: RerankQuery, head: Sequence[tuple[PassageRecord, float]]) -> list[float]:
        weights = query.term_weights
        total = sum(weights.values())
        if not total:
            return [score for _, score in head]
        rescored = []
        for record, score in head:
            sentences = self.features.sentences(record)
            # a set intersection (in C) passes over the sentences that hold none of the query's
            # terms; the others add their weights in the query's order, as they always did
            found = max(
                (
                    sum(w for t, w in weights.items() if t in common)
                    for sentence in sentences
                    if (common := sentence.terms.intersection(weights))
                ),
                default=0.0,
            )
            rescored.append(score + self.weight * found / total)
        return rescored


class NoReranker:
    """The fused ranking as it is (QUIPU_RERANKER=none): to measure what re-ranking adds."""

    name = "none"
    depth = 0

    def rerank(self, query: RerankQuery, head: Sequence[tuple[PassageRecord, float]]) -> list[float]:
        return [score for _, score in head]


def passage_text(record: PassageRecord) -> str:
    """What a cross-encoder reads of a passage: what the dense model embeds (the text,
    after its table header when it continues a table)."""
    return record.embedding_text


# ------------------------------------------------------------------ a cross-encoder in this process


class CrossEncoderReranker:
    """A sentence-transformers CrossEncoder read from a folder (or the local Hugging Face
    cache; nothing is downloaded), loaded on the first query and kept.

    The new score is the model's for (query, passage text): cross-encoders read the two
    together, which is what makes them better judges than the vectors and too slow to run
    over more than the head. A model that cannot be loaded is a :class:`ConfigError`
    naming QUIPU_RERANKER, raised by that first query.
    """

    def __init__(self, model: str, *, depth: int = 50, batch_size: int = 16, device: str = "cpu") -> None:
        self.model = model
        self.name = f"{CROSS_ENCODER}{model}"
        self.depth = depth
        self.batch_size = batch_size
        self.device = device
        self._model: CrossEncoder | None = None
        self._loading = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory (it is loaded by the first query that needs it)."""
        return self._model is not None

    def _cross_encoder(self) -> CrossEncoder:
        if self._model is None:
            with self._loading:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self) -> CrossEncoder:
        from sentence_transformers import CrossEncoder

        try:
            model = CrossEncoder(self.model, device=self.device, local_files_only=True)
        except Exception as exc:  # sentence-transformers and transformers raise many kinds here
            raise ConfigError(
                f"cannot load the cross-encoder {self.model!r} ({type(exc).__name__}: {exc}); set "
                f"{RERANKER_SETTING}=cross-encoder:<folder of a sentence-transformers CrossEncoder> (or a name "
                "already in the local Hugging Face cache: nothing is downloaded), or "
                f"{RERANKER_SETTING}=sentence",
                setting=RERANKER_SETTING,
            ) from exc
        if model.num_labels != 1:
            raise ConfigError(
                f"the cross-encoder {self.model!r} gives {model.num_labels} scores a pair (a classifier); a "
                f"re-ranker gives one: set {RERANKER_SETTING} to a re-ranking cross-encoder",
                setting=RERANKER_SETTING,
            )
        log.info("re-ranking with the cross-encoder %s", self.model)
        return model

    def rerank(self, query: RerankQuery, head: Sequence[tuple[PassageRecord, float]]) -> list[float]:
        if not head:
            return []
        pairs = [(query.text, passage_text(record)) for record, _ in head]
        scores = self._cross_encoder().predict(
            pairs, batch_size=self.batch_size, show_progress_bar=False, convert_to_numpy=True
        )
        return [float(s) for s in scores.reshape(len(pairs))]


# ------------------------------------------------------------------ a re-rank server


class _Retryable(Exception):
    """A try that may pass when sent again: no connection, a timeout, 429 or 5xx."""


class RemoteReranker:
    """A re-rank endpoint over HTTP, given as the full URL requests are POSTed to.

    Two shapes of request and answer exist, and both are read:

    * Cohere's (Infinity, vLLM, Jina, Cohere): ``{"model", "query", "documents", "top_n"}`` →
      ``{"results": [{"index", "relevance_score"}, …]}``;
    * text-embeddings-inference's: ``{"query", "texts"}`` → ``[{"index", "score"}, …]``.

    With ``shape="auto"`` the first request is Cohere's; a server that refuses it as
    malformed (400 or 422) is asked again in TEI's shape, and the shape that answered is
    kept. Answers are told apart by their own shape either way.

    A connection error, a timeout, 429 or 5xx is tried once more, then is a
    :class:`StoreError` (503 over HTTP: the server may come back); any other refusal or an
    answer of neither shape is a :class:`ConfigError` naming the setting to fix.
    """

    def __init__(
        self,
        url: str,
        *,
        depth: int = 50,
        api_key: str | None = None,
        model: str | None = None,
        shape: Shape = "auto",
        timeout: float = 30.0,
        retry_pause: float = 0.2,
    ) -> None:
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(
                f"{RERANKER_SETTING} has {url!r}, not an http(s) URL; set it to the URL of a re-rank endpoint, "
                "e.g. http://127.0.0.1:8082/rerank",
                setting=RERANKER_SETTING,
            )
        self.url = self.name = url
        self.depth = depth
        self.model = model
        self.shape: Shape = shape
        self.retry_pause = retry_pause
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(headers=headers, timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)))

    def __repr__(self) -> str:
        return f"RemoteReranker({self.url!r}, depth={self.depth}, shape={self.shape!r})"

    def close(self) -> None:
        self._client.close()

    def rerank(self, query: RerankQuery, head: Sequence[tuple[PassageRecord, float]]) -> list[float]:
        if not head:
            return []
        documents = [passage_text(record) for record, _ in head]
        shapes: tuple[Shape, ...] = (self.shape,) if self.shape != "auto" else ("cohere", "tei")
        for number, shape in enumerate(shapes):
            response = self._send(self._body(shape, query.text, documents))
            if response.status_code in (400, 422) and number + 1 < len(shapes):
                continue  # not this shape: a TEI server answers Cohere's body with 422
            if response.status_code >= 400:
                raise self._refused(response)
            scores = self._scores(response, len(documents))
            if self.shape == "auto":
                self.shape = shape
                log.info("re-ranking through %s (%s shape)", self.url, shape)
            return scores
        raise AssertionError("unreachable: the last shape returns or raises")

    def _body(self, shape: Shape, query: str, documents: list[str]) -> dict[str, Any]:
        if shape == "tei":
            return {"query": query, "texts": documents}
        body: dict[str, Any] = {"query": query, "documents": documents, "top_n": len(documents)}
        if self.model:
            body["model"] = self.model
        return body

    def _send(self, body: dict[str, Any]) -> httpx.Response:
        """One request, sent a second time when the first fails in a way that may pass."""
        problem = ""
        for attempt in range(2):
            if attempt:
                time.sleep(self.retry_pause)
            try:
                return self._try(body)
            except _Retryable as exc:
                problem = str(exc)
        raise StoreError(
            f"the re-rank server at {self.url} did not answer after 2 tries ({problem}); is it running? "
            f"Check {RERANKER_SETTING}, or set {RERANKER_SETTING}=sentence to rank without it",
            location=self.url,
        )

    def _try(self, body: dict[str, Any]) -> httpx.Response:
        try:
            response = self._client.post(self.url, json=body)
        except httpx.TransportError as exc:  # no connection, timeout, connection dropped
            raise _Retryable(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise _Retryable(f"HTTP {response.status_code}: {_server_message(response)}")
        return response

    def _scores(self, response: httpx.Response, count: int) -> list[float]:
        """The score of each document, in the documents' order, from either shape of answer.

        A document the answer leaves out (a server that caps top_n) scores below every
        scored one, so it keeps its fused place among the others left out."""
        try:
            answer = response.json()
        except ValueError:
            raise self._malformed("a body that is not JSON") from None
        if isinstance(answer, dict) and isinstance(answer.get("results"), list):
            items, key = answer["results"], "relevance_score"  # Cohere
        elif isinstance(answer, list):
            items, key = answer, "score"  # text-embeddings-inference
        else:
            raise self._malformed("neither a 'results' list (Cohere) nor a list of scores (TEI)")
        scores: dict[int, float] = {}
        try:
            for item in items:
                index, score = int(item["index"]), float(item[key])
                if not 0 <= index < count or index in scores:
                    raise ValueError(f"index {index} for {count} documents")
                scores[index] = score
        except (KeyError, TypeError, ValueError) as exc:
            raise self._malformed(f"a result that cannot be read ({type(exc).__name__}: {exc})") from exc
        if not scores:
            raise self._malformed(f"no scores for {count} documents")
        below = min(scores.values()) - 1.0
        return [scores.get(i, below) for i in range(count)]

    def _refused(self, response: httpx.Response) -> QuipuError:
        status, said = response.status_code, _server_message(response)
        if status in (401, 403):
            return ConfigError(
                f"the re-rank server at {self.url} refused the request with HTTP {status} ({said}); "
                f"check {KEY_SETTING}",
                setting=KEY_SETTING,
            )
        if status in (404, 405):
            return ConfigError(
                f"the re-rank server at {self.url} has no re-rank endpoint there (HTTP {status}: {said}); set "
                f"{RERANKER_SETTING} to the endpoint's full URL, e.g. http://127.0.0.1:8082/rerank",
                setting=RERANKER_SETTING,
            )
        if status == 413:
            return ConfigError(
                f"the re-rank server at {self.url} found the request too large (HTTP 413: {said}); lower "
                f"{DEPTH_SETTING}",
                setting=DEPTH_SETTING,
            )
        return ConfigError(
            f"the re-rank server at {self.url} refused the request with HTTP {status} ({said}); check that "
            f"{RERANKER_SETTING} is a re-rank endpoint of the Cohere or text-embeddings-inference shape"
            + (f" and that QUIPU_RERANKER_MODEL ({self.model!r}) is a model it serves" if self.model else ""),
            setting=RERANKER_SETTING,
        )

    def _malformed(self, what: str) -> ConfigError:
        return ConfigError(
            f"the re-rank server at {self.url} answered with {what}, not as a Cohere or "
            f"text-embeddings-inference re-rank endpoint does; check {RERANKER_SETTING}",
            setting=RERANKER_SETTING,
        )


# ------------------------------------------------------------------ chosen by the settings


def reranker_from(settings: Settings) -> Reranker | None:
    """The reranker QUIPU_RERANKER names, or None for ``sentence``: the full retrieval then
    builds its own :class:`SentenceOverlapReranker` from its FullConfig, over the sentences
    its index already analyses for highlighting.

    The same settings give the same reranker in one process, so a cross-encoder is loaded
    once however many index generations are opened.
    """
    key = settings.reranker_api_key.get_secret_value() if settings.reranker_api_key else None
    return _configured(settings.reranker.strip(), settings.rerank_depth, key, settings.reranker_model)


@lru_cache(maxsize=8)
def _configured(value: str, depth: int, api_key: str | None, model: str | None) -> Reranker | None:
    keyword = value.lower()
    if keyword in ("", "sentence"):
        return None
    if keyword == "none":
        return NoReranker()
    if keyword.startswith(CROSS_ENCODER):
        path = value[len(CROSS_ENCODER) :].strip()
        if not path:
            raise ConfigError(
                f"{RERANKER_SETTING}={value!r} names no model; write cross-encoder:<model folder>",
                setting=RERANKER_SETTING,
            )
        return CrossEncoderReranker(path, depth=depth)
    if keyword.startswith(("http://", "https://")):
        return RemoteReranker(value, depth=depth, api_key=api_key, model=model)
    raise ConfigError(
        f"{RERANKER_SETTING} has {value!r}; set it to 'sentence' (the default), 'none', "
        "'cross-encoder:<model folder>' or the http(s) URL of a re-rank endpoint",
        setting=RERANKER_SETTING,
    )


__all__ = [
    "CrossEncoderReranker",
    "NoReranker",
    "RemoteReranker",
    "RerankQuery",
    "Reranker",
    "SentenceOverlapReranker",
    "reranker_from",
]
