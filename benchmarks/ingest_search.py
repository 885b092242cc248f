"""Ingest and search benchmark over a corpus folder (default: ../shared/corpus).

Prints: full ingest time, no-change re-ingest time, passages, triples, and search
latency (median and p95 over a fixed list of queries, in-process, model warm) as the API answers:
``Workspace.search`` with facets over 100 ranked passages and a highlight per result.

    python benchmarks/ingest_search.py [CORPUS] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from quipu.core.settings import Settings
from quipu.workspace.pipeline import ingest
from quipu.workspace.workspace import Workspace

QUERIES = [
    "¿Qué servicios ofrece la Ventanilla Única de Promoción del Empleo?",
    "meta y ejecución del indicador de formalización laboral en 2024",
    "¿cuántos jóvenes participaron en Certi Joven?",
    "what were the main weaknesses of the one-stop employment windows?",
    "información y orientación al migrante retornado",
    "presupuesto del programa conjunto por agencia",
    "indicadores de la matriz lógica del servicio de promoción del empleo en Puno",
    "resolución ministerial que aprueba el POI",
    "bolsa de trabajo y colocación",
    "youth migration programme budget",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default="../shared/corpus", type=Path)
    parser.add_argument("--repeat", type=int, default=20, help="rounds over the query list")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as data:
        settings = Settings(data_dir=Path(data), corpus_dir=args.corpus)
        began = time.perf_counter()
        first = ingest(settings)
        full = time.perf_counter() - began
        began = time.perf_counter()
        again = ingest(settings)
        noop = time.perf_counter() - began
        print(f"full ingest:        {full:8.2f} s  ({len(first.added)} documents, {first.passages} passages, "
              f"{first.triples} triples)")
        print(f"no-change ingest:   {noop:8.2f} s  ({noop / full:.1%} of full; changed={again.changed})")

        workspace = Workspace(settings)
        workspace.warm_up()
        for mode in ("lexical", "dense", "hybrid", "full"):
            times = []
            for _ in range(args.repeat):
                for query in QUERIES:
                    t = time.perf_counter()
                    workspace.search(query, 10, mode=mode)
                    times.append((time.perf_counter() - t) * 1000)
            times.sort()
            p95 = times[int(0.95 * (len(times) - 1))]
            print(f"search {mode:8s}    median {statistics.median(times):6.2f} ms   p95 {p95:6.2f} ms   "
                  f"({len(times)} queries)")


if __name__ == "__main__":
    main()
