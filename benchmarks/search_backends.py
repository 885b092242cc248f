"""The two passage stores side by side, in one run: embedded files and PostgreSQL.

For each backend it ingests the corpus from scratch (the real model, QUIPU_MODEL's
default) into a fresh data directory (and, for PostgreSQL, a fresh database of a
`pgserver` PostgreSQL with pgvector on a unix socket), starts a real `quipu serve`, and
asks every question of the evaluation set (tests/search/eval/questions.toml) through
``/v1/search`` in ``full`` mode, the API's default. It prints:

- ingest seconds into each;
- R@5 and MRR@10 of the answers over HTTP (relevance as in ``retrieval.py``: a passage
  holding one of the question's evidence quotes);
- search p50 / p95 over HTTP (one warm-up pass first, then ``--repeat`` timed passes).

    python benchmarks/search_backends.py [--repeat 3] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from retrieval import CORPUS, load_questions, normalise  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ingest(env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "quipu.api.cli", "ingest", str(CORPUS)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def _measure(env: dict[str, str], log: Path, repeat: int) -> dict:
    port = _free_port()
    with log.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "quipu.api.cli", "serve", "--no-ingest", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=sink, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=5).json().get("status") == "ok":
                    break
            except (httpx.HTTPError, ValueError):
                time.sleep(0.5)
        questions = load_questions()
        ranks: list[int | None] = []
        times: list[float] = []
        with httpx.Client(base_url=url, timeout=60) as client:
            for timed in range(repeat + 1):
                for q in questions:
                    began = time.perf_counter()
                    answer = client.get("/v1/search", params={"q": q.text, "k": 10})
                    elapsed = time.perf_counter() - began
                    answer.raise_for_status()
                    if timed:
                        times.append(elapsed)
                        continue
                    texts = [normalise(r["text"]) for r in answer.json()["results"]]
                    ranks.append(next((n for n, t in enumerate(texts, 1) if any(e in t for e in q.evidence)), None))
        times.sort()
        return {
            "questions": len(ranks),
            "R@5": sum(1 for r in ranks if r is not None and r <= 5) / len(ranks),
            "MRR@10": sum(1 / r for r in ranks if r is not None) / len(ranks),
            "p50_ms": statistics.median(times) * 1000,
            "p95_ms": times[int(0.95 * (len(times) - 1))] * 1000,
        }
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the questions")
    parser.add_argument("--work", type=Path, help="folder for the data and the database (default: a temporary one)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="quipu-backends-"))
    os.environ.setdefault("XDG_RUNTIME_DIR", str(work))
    import pgserver  # noqa: PLC0415 - a test dependency

    database = pgserver.get_server(work / "postgres", cleanup_mode="stop")
    print(f"# search backends, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, corpus {CORPUS}", flush=True)
    try:
        for backend, extra in (("embedded", {}), ("postgresql", {"QUIPU_SEARCH_URL": database.get_uri()})):
            env = {**os.environ, "QUIPU_DATA_DIR": str(work / f"data-{backend}"), **extra}
            seconds = _ingest(env)
            figures = _measure(env, work / f"server-{backend}.log", args.repeat)
            print(f"{backend:<11} ingest {seconds:6.1f} s  R@5 {figures['R@5']:.3f}  MRR@10 {figures['MRR@10']:.3f}  "
                  f"p50 {figures['p50_ms']:6.1f} ms  p95 {figures['p95_ms']:6.1f} ms  "
                  f"({figures['questions']} questions, full mode, over HTTP)", flush=True)
    finally:
        database.cleanup()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
