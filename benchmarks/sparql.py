"""SPARQL latency: the HTTP endpoint of `quipu serve` versus the same queries on pyoxigraph directly.

    python benchmarks/sparql.py [--data DIR] [--corpus DIR] [--repeat N]

Ingests the corpus into DIR (reused when it is already there), starts `quipu serve` on a
free loopback port, and times each query of a fixed set both ways, reporting medians.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from quipu.core.settings import Settings
from quipu.graph import example_queries
from quipu.workspace.datadir import DataDir
from quipu.workspace.pipeline import ingest

QUERIES = {
    "count": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "label": "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "SELECT ?l WHERE { <https://w3id.org/quipu/id/institution/mtpe> skos:prefLabel ?l }",
    "norms": "PREFIX qp: <https://w3id.org/quipu/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "SELECT ?n ?l WHERE { ?n a qp:Norm ; skos:prefLabel ?l } ORDER BY ?l",
    **example_queries(),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("/tmp/quipu-bench-data"))
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    settings = Settings(data_dir=args.data, corpus_dir=args.corpus)
    ingest(settings)
    store = ox.Store.read_only(str(DataDir(args.data).current().graph_path))

    port = free_port()
    env = {**os.environ, "QUIPU_DATA_DIR": str(args.data), "HF_HUB_OFFLINE": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "quipu.api.cli", "serve", "--no-ingest", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        print(f"{'query':28s} {'direct ms':>10s} {'HTTP ms':>10s} {'ratio':>7s}")
        ratios = []
        with httpx.Client(base_url=url, timeout=60) as client:
            for name, query in QUERIES.items():
                direct, http = [], []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    store.query(query, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)
                    direct.append((time.perf_counter() - t) * 1000)
                    t = time.perf_counter()
                    response = client.get("/sparql", params={"query": query})
                    http.append((time.perf_counter() - t) * 1000)
                    response.raise_for_status()
                d, h = statistics.median(direct), statistics.median(http)
                ratios.append(h / d)
                print(f"{name:28s} {d:10.2f} {h:10.2f} {h / d:7.1f}")
        print(f"median ratio HTTP/direct over {len(QUERIES)} queries: {statistics.median(ratios):.1f}")
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
