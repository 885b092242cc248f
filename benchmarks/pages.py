"""Response time of each kind of web page over the corpus (target: median under 300 ms).

    python benchmarks/pages.py [--data DIR] [--corpus DIR] [--repeat N] [--url URL]

Ingests the corpus into DIR (reused when nothing changed), serves ``create_app`` with the
web router on a free loopback port (uvicorn, in this process), and requests several pages
of each kind over HTTP. ``first`` is the median of each page's first request (caches
cold), ``median`` and ``p90`` are over the requests after it. With ``--url`` it measures a
server that is already running (e.g. ``quipu serve``) instead.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import quote_plus

import httpx

SEARCHES_ES = [
    "¿Qué servicios ofrece la Ventanilla Única de Promoción del Empleo?",
    "bolsa de trabajo y colocación",
    "información y orientación al migrante retornado",
    "resolución ministerial que aprueba el POI",
]
SEARCHES_EN = [
    "youth employment programmes in Puno",
    "what were the main weaknesses of the one-stop employment windows?",
    "youth migration programme budget",
]
ENTITIES = ["institution/mtpe", "service/centro-de-empleo", "region/puno", "institution/oit"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pages_to_time(client: httpx.Client) -> dict[str, list[str]]:
    """The URLs of each kind of page, read from the service itself."""
    entities = [e["key"] for e in client.get("/v1/entities", params={"limit": 500}).json()["results"]]
    docs = client.get("/sparql", params={"query": "PREFIX dct: <http://purl.org/dc/terms/> "
                                          "SELECT ?id WHERE { ?d dct:identifier ?id }"}).json()
    documents = sorted({b["id"]["value"] for b in docs["results"]["bindings"]})
    observations = client.get("/v1/observations").json()["results"]
    indicators = sorted({r["indicator_key"] for r in observations if r["value"] is not None})[:4]
    examples = ["mtpe-programmes-services", "plan-approvals", "plan-indicators", "service-regions", "strategic-indicators"]
    return {
        "home": ["/"],
        "search (es)": [f"/?q={quote_plus(q)}" for q in SEARCHES_ES],
        "search (en)": [f"/?q={quote_plus(q)}&lang=en" for q in SEARCHES_EN],
        "search + facet": [f"/?q={quote_plus(SEARCHES_ES[1])}&year=2013", f"/?q={quote_plus(SEARCHES_ES[0])}&region=region/puno"],
        "entity": [f"/entity/{k}" for k in ENTITIES if k in entities] or [f"/entity/{entities[0]}"],
        "indicator": [f"/entity/{k}" for k in indicators],
        "entities list": ["/entities", "/entities?type=indicator", "/entities?q=empleo"],
        "documents list": ["/documents"],
        "document": [f"/documents/{d}" for d in documents],
        "sparql form": ["/query"] + [f"/query?example={e}" for e in examples],
    }


def measure(url: str, repeat: int) -> list[tuple[str, float, float, float, float, int]]:
    rows = []
    with httpx.Client(base_url=url, timeout=120) as client:
        client.get("/?q=empleo")  # load the model (not a page cost)
        for kind, urls in pages_to_time(client).items():
            firsts, times, size = [], [], 0
            for page in urls:
                began = time.perf_counter()
                response = client.get(page)
                firsts.append((time.perf_counter() - began) * 1000)
                response.raise_for_status()
                size = max(size, len(response.content))
            for _ in range(repeat):
                for page in urls:
                    began = time.perf_counter()
                    client.get(page).raise_for_status()
                    times.append((time.perf_counter() - began) * 1000)
            times.sort()
            p90 = times[min(len(times) - 1, int(0.9 * len(times)))]
            rows.append((kind, statistics.median(firsts), statistics.median(times), p90, max(times), size))
    return rows


def serve(settings) -> tuple[str, object, threading.Thread]:
    import uvicorn

    from quipu.api import web
    from quipu.api.app import create_app

    app = create_app(settings)
    if not any(getattr(r, "path", None) == "/documents" for r in app.router.routes):
        # Until app.py includes the web router, its placeholder "/" is dropped and the router added.
        app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) != "/"]
        app.include_router(web.router(app.state.workspace))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    return url, server, thread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("/tmp/quipu-bench-data"))
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--repeat", type=int, default=10, help="rounds over each kind's pages")
    parser.add_argument("--url", help="time this running server instead of starting one")
    args = parser.parse_args()

    server = thread = None
    if args.url:
        url = args.url.rstrip("/")
    else:
        from quipu.core.settings import Settings
        from quipu.workspace.pipeline import ingest

        settings = Settings(data_dir=args.data, corpus_dir=args.corpus)
        ingest(settings)
        url, server, thread = serve(settings)
    try:
        rows = measure(url, args.repeat)
    finally:
        if server is not None:
            server.should_exit = True
            thread.join(timeout=20)
    print(f"{'page':16s} {'first ms':>9s} {'median ms':>10s} {'p90 ms':>8s} {'max ms':>8s} {'KiB':>6s}")
    for kind, first, median, p90, worst, size in rows:
        flag = "" if median < 300 else "  over 300 ms"
        print(f"{kind:16s} {first:9.1f} {median:10.1f} {p90:8.1f} {worst:8.1f} {size / 1024:6.0f}{flag}")
    print(f"all medians under 300 ms: {all(r[2] < 300 for r in rows)}")


if __name__ == "__main__":
    main()
