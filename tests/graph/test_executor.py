"""Queries in worker processes: time limit, size limit, errors, and others going on meanwhile."""

from __future__ import annotations

import threading
import time

import pytest
from rdflib import Literal, URIRef

from quipu.graph import OxigraphStore
from quipu.graph.executor import QueryExecutor
from quipu.ingest.errors import LimitError, QueryError

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
            executor.run(store_path, EXPLOSIVE)
        except LimitError as error:
            outcome["error"] = error
        outcome["seconds"] = time.monotonic() - began

    thread = threading.Thread(target=explode)
    thread.start()
    time.sleep(0.3)
    began = time.monotonic()
    executor.run(store_path, SIMPLE)
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
