"""A real `quipu serve` under attack: injection, federation, starvation, oversized and broken input.

Each case is a probe of the security review (benchmarks/probes.py runs the full set
with figures); here each must be answered with a 4xx or 503, quickly, and the server
must stay up.
"""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import quote

import httpx
import pytest

NESTED = "x> ?p ?o } UNION " + "{" * 3000 + "?s ?p ?o" + "}" * 3000 + " } LIMIT 1 #"
CROSS_JOIN = "x> ?p ?o } UNION { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } } LIMIT 1 #"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _alive(http: httpx.Client) -> None:
    assert http.get("/health", timeout=10).status_code == 200


def _get_routes(http: httpx.Client) -> list[tuple[str, list[str], list[str]]]:
    """(path, path parameters, query parameters) of every GET route the OpenAPI document lists."""
    routes = []
    for path, methods in http.get("/openapi.json").json()["paths"].items():
        if "get" not in methods:
            continue
        params = methods["get"].get("parameters", [])
        routes.append(
            (path, [p["name"] for p in params if p["in"] == "path"], [p["name"] for p in params if p["in"] == "query"])
        )
    return routes


@pytest.mark.parametrize("payload", [NESTED, CROSS_JOIN], ids=["3000-deep nesting", "cross join"])
def test_injection_payloads_in_every_parameter_are_answered_quickly(http, query_timeout, payload):
    for path, path_params, query_params in _get_routes(http):
        targets = [("path", name) for name in path_params] + [("query", name) for name in query_params]
        for where, name in targets:
            values = {p: quote(payload, safe="") if (where, p) == ("path", name) else "x" for p in path_params}
            url = path.format(**values)
            params = {"q": "empleo"} if "q" in query_params else {}
            if where == "query":
                params[name] = payload
            began = time.monotonic()
            response = http.get(url, params=params, timeout=query_timeout + 10)
            assert response.status_code < 500 or response.status_code == 503, (url, name, response.text[:200])
            assert time.monotonic() - began < query_timeout + 5, (url, name)
    _alive(http)


@pytest.mark.parametrize(
    "send",
    [
        lambda http, q: http.get("/sparql", params={"query": q}),
        lambda http, q: http.post("/sparql", data={"query": q}),
        lambda http, q: http.post("/sparql", content=q, headers={"content-type": "application/sparql-query"}),
        lambda http, q: http.post("/query", data={"query": q}),
    ],
    ids=["GET /sparql", "POST form", "POST sparql-query", "POST /query page"],
)
def test_deeply_nested_sparql_is_refused_before_parsing(http, send):
    response = send(http, "SELECT * WHERE {" + "{" * 3000 + "?s ?p ?o" + "}" * 3000 + "}")
    assert response.status_code == 400 and "levels deep" in response.text
    _alive(http)


def test_the_review_crash_url_is_a_404(http):
    response = http.get("/id/" + quote(NESTED, safe=""))
    assert response.status_code == 404
    _alive(http)


@pytest.fixture()
def listener():
    """A TCP listener on loopback that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    hits: list[str] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, address = server.accept()
            except OSError:
                continue
            hits.append(str(address))
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], hits
    stop.set()
    thread.join(timeout=2)
    server.close()


def test_service_never_reaches_the_network(http, admin_token, listener):
    port, hits = listener
    target = f"http://127.0.0.1:{port}/sparql"
    queries = [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
    ]
    for query in queries:
        assert http.get("/sparql", params={"query": query}).status_code == 400
        assert http.post("/sparql", data={"query": query}).status_code == 400
        direct = http.post("/sparql", content=query, headers={"content-type": "application/sparql-query"})
        assert direct.status_code == 400 and "QUIPU_SPARQL_SERVICE_ALLOW" in direct.json()["error"]["message"]
        assert http.get("/query", params={"query": query}).status_code == 400
    update = f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
    refused = http.post(
        "/sparql", content=update,
        headers={"content-type": "application/sparql-update", "authorization": f"Bearer {admin_token}"},
    )
    assert refused.status_code == 400
    time.sleep(1)
    assert hits == []


@pytest.mark.parametrize(
    ("request_args", "status"),
    [
        # a graph name that is not an IRI was a 500 from the query worker
        ({"method": "GET", "url": "/sparql", "params": {"query": "ASK {}", "default-graph-uri": "x y"}}, 400),
        # bytes that are not UTF-8, before the token is checked
        ({"method": "POST", "url": "/sparql", "content": b"\xff\xfe\xfa",
          "headers": {"content-type": "application/sparql-query"}}, 400),
        ({"method": "POST", "url": "/sparql", "content": b"query=%ff%fe",
          "headers": {"content-type": "application/x-www-form-urlencoded"}}, 400),
        # the web page's SPARQL form (python-multipart was missing)
        ({"method": "POST", "url": "/query", "data": {"query": "ASK {}"}}, 200),
        # a question far past QUIPU_MAX_QUESTION_CHARS
        ({"method": "GET", "url": "/v1/search", "params": {"q": "empleo " * 1000}}, 414),
        ({"method": "GET", "url": "/", "params": {"q": "{" * 5000}}, 414),
        # a body past QUIPU_MAX_BODY_BYTES
        ({"method": "POST", "url": "/sparql", "content": b"#" * 2_000_000,
          "headers": {"content-type": "application/sparql-query"}}, 413),
        # a path that names nothing of ours
        ({"method": "GET", "url": "/id/" + quote("a b>c", safe="")}, 404),
        # a lone percent sign cannot be part of an IRI (found by Schemathesis)
        ({"method": "GET", "url": "/id/%25", "params": {"format": "turtle"}}, 404),
    ],
    ids=["bad default-graph-uri", "non-UTF-8 body", "non-UTF-8 form", "POST /query", "long q", "long q on the page",
         "large body", "bad key", "lone percent"],
)
def test_bad_input_gets_a_4xx_with_a_message(http, request_args, status):
    response = http.request(**request_args)
    assert response.status_code == status, response.text[:300]
    if status >= 400 and "json" in response.headers.get("content-type", ""):
        assert response.json()["error"]["message"]
    assert len(response.content) < 100_000


def test_a_url_past_the_limit_is_a_414(server):
    import http.client

    connection = http.client.HTTPConnection(server.removeprefix("http://"), timeout=30)
    connection.request("GET", "/?q=" + "a" * 100_000)
    response = connection.getresponse()
    assert response.status == 414 and len(response.read()) < 1000


@pytest.mark.parametrize("path", ["/sparql", "/.well-known/void"])
def test_an_unknown_host_header_is_never_echoed(http, path):
    response = http.get(path, headers={"host": "evil.example"})
    assert response.status_code == 200
    assert "evil.example" not in response.text


def test_one_client_cannot_hold_every_query_worker(server, query_timeout):
    answers: list[httpx.Response] = []

    def slow() -> None:
        with httpx.Client(base_url=server, timeout=query_timeout + 10) as client:
            answers.append(client.get("/sparql", params={"query": SLOW}))

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    began = time.monotonic()
    with httpx.Client(base_url=server, timeout=query_timeout + 10) as client:
        second = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert second.status_code == 503 and int(second.headers["retry-after"]) >= 1
    assert time.monotonic() - began < 1.0
    thread.join(timeout=query_timeout + 10)
    assert answers and answers[0].status_code == 400  # stopped by the time limit


def test_openapi_declares_the_errors_each_route_gives(http):
    paths = http.get("/openapi.json").json()["paths"]
    assert {"400", "413", "414", "503"} <= set(paths["/v1/search"]["get"]["responses"])
    assert {"400", "404"} <= set(paths["/id/{path}"]["get"]["responses"])
    assert "text/turtle" in paths["/id/{path}"]["get"]["responses"]["200"]["content"]
    assert "application/sparql-query" in paths["/sparql"]["post"]["requestBody"]["content"]
