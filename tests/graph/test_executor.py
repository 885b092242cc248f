"""Queries in worker processes: time limit, size limit, errors, and others going on meanwhile."""

from __future__ import annotations

import threading
import time

import pytest
from rdflib import Literal, URIRef

from quipu.core.errors import BusyError, LimitError, QueryError, StoreError
from quipu.graph import OxigraphStore
from quipu.graph.executor import QueryExecutor

# Worker processes start, time out and get refused: seconds per test.
pytestmark = pytest.mark.slow

EX = "http://example.org/"
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SIMPLE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("executor") / "graph"
    store = OxigraphStore(path)
    store.replace_graph(
        URIRef(EX + "g"), [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(f"valor {i}")) for i in range(3000)]
    )
    store.close()
    return path


@pytest.fixture(scope="module")
def executor():
    executor = QueryExecutor(workers=2, timeout=2.0, max_bytes=20_000)
    yield executor
    executor.close()


def test_answers_in_the_requested_format(executor, store_path):
    result = executor.run(store_path, SIMPLE, accept=["text/csv"])
    assert result.media_type == "text/csv" and result.body.split()[1] == b"3000"


def test_a_query_past_the_time_limit_is_stopped_while_another_answers(executor, store_path):
    outcome: dict[str, object] = {}

    def explode() -> None:
        began = time.monotonic()
        try:
            executor.run(store_path, EXPLOSIVE, client="slow")
        except LimitError as error:
            outcome["error"] = error
        outcome["seconds"] = time.monotonic() - began

    thread = threading.Thread(target=explode)
    thread.start()
    time.sleep(0.3)
    began = time.monotonic()
    executor.run(store_path, SIMPLE, client="fast")
    simple_seconds = time.monotonic() - began
    thread.join(timeout=30)
    assert simple_seconds < 1.0
    assert isinstance(outcome["error"], LimitError) and outcome["error"].limit == "query_timeout"
    assert 1.9 < outcome["seconds"] < 6
    # The stopped worker was replaced: the pool still answers.
    assert executor.run(store_path, SIMPLE).body


def test_a_result_past_the_size_limit_is_refused(executor, store_path):
    with pytest.raises(LimitError, match="larger than 20,000 bytes") as caught:
        executor.run(store_path, "SELECT ?s ?o WHERE { ?s ?p ?o }")
    assert caught.value.limit == "max_result_bytes"


def test_syntax_errors_come_back_as_query_errors(executor, store_path):
    with pytest.raises(QueryError, match="syntax error"):
        executor.run(store_path, "SELECT WHERE {")


def test_default_graph_uri_restricts_the_default_graph(executor, store_path):
    empty = executor.run(store_path, SIMPLE, accept=["text/csv"], default_graphs=[EX + "nothing"])
    assert empty.body.split()[1] == b"0"


def _in_background(executor: QueryExecutor, store_path, client: str) -> threading.Thread:
    def run() -> None:
        try:
            executor.run(store_path, EXPLOSIVE, client=client)
        except (LimitError, BusyError):  # stopped by the time limit, or still waiting when it ran out
            pass

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_one_client_cannot_take_every_worker(store_path):
    executor = QueryExecutor(workers=2, timeout=2.0, per_client=1)
    try:
        slow = _in_background(executor, store_path, "10.0.0.1")
        time.sleep(0.3)
        began = time.monotonic()
        # The same client's second query is refused at once, with a time to come back …
        with pytest.raises(BusyError, match="QUIPU_QUERY_CLIENT_LIMIT") as caught:
            executor.run(store_path, SIMPLE, client="10.0.0.1")
        assert time.monotonic() - began < 0.5 and caught.value.retry_after >= 1
        # … while another client is answered by the free worker.
        assert executor.run(store_path, SIMPLE, client="10.0.0.2").body
        slow.join(timeout=30)
    finally:
        executor.close()


def test_queries_past_the_queue_are_refused_at_once(store_path):
    executor = QueryExecutor(workers=1, timeout=2.0, queue_limit=1, per_client=0)
    try:
        threads = [_in_background(executor, store_path, f"c{i}") for i in range(2)]  # one runs, one waits
        time.sleep(0.3)
        began = time.monotonic()
        with pytest.raises(BusyError, match="QUIPU_QUERY_QUEUE"):
            executor.run(store_path, SIMPLE, client="c9")
        assert time.monotonic() - began < 0.5
        for thread in threads:
            thread.join(timeout=30)
    finally:
        executor.close()


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("SELECT * WHERE { ?s ?p ?o } LIMIT 1", id="a graph name that is not an IRI"),
    ],
)
def test_errors_raised_in_a_worker_keep_their_message(executor, store_path, query):
    # The worker cannot make a graph of "x y"; the error comes back with a message, not a crash.
    with pytest.raises((QueryError, StoreError)) as caught:
        executor.run(store_path, query, default_graphs=["x y"])
    assert caught.value.message


def test_a_query_past_the_memory_limit_is_stopped_and_the_pool_goes_on(store_path):
    # Every pair of the 3,000 triples, sorted: millions of rows held in memory at once.
    pairs = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
    executor = QueryExecutor(workers=1, timeout=60.0, memory_mb=300)
    try:
        with pytest.raises(LimitError, match="QUIPU_QUERY_MEMORY_MB") as caught:
            executor.run(store_path, pairs)
        assert caught.value.limit == "query_memory_mb"
        # The worker was replaced: the next query is answered.
        assert executor.run(store_path, SIMPLE, accept=["text/csv"]).body.split()[1] == b"3000"
    finally:
        executor.close()
