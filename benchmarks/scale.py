"""Quipu at 10×, 100× (and more) the corpus: ingest, memory, disk, search and SPARQL.

For each scale it writes a synthetic corpus of that many times the corpus's 1,010
passages (``synthetic_corpus.py``: documents of our own vocabulary and templates, not
copies of the corpus), and measures, with a **stand-in embedder** (``standin-hash-384``:
feature hashing, about 7,000 passages a second, so the figures leave the model out):

- ingest: seconds, passages a second, and the ingest process's peak RSS;
- disk: the search index and the graph store;
- search in ``full`` mode as the API runs it: p50/p95 in process and over HTTP
  (a real ``quipu serve`` whose query vectors come from a stand-in embeddings server
  on 127.0.0.1, through QUIPU_EMBEDDINGS_URL);
- the server's RSS at rest, after its warm-up;
- SPARQL: p50 of each ``graph/queries/*.rq`` over HTTP, and the triples they ran on;
- the dense index: its kind, and at scales where it is HNSW, recall@10 against exact
  search and the seconds a rebuild takes.

    python benchmarks/scale.py --scales 10 100 [--work DIR] [--keep]

``--dense-only 1000`` measures just the vector index at that scale (build time, search
p50, recall@10 of HNSW against flat), for scales whose full ingest takes hours.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from standin_embedder import StandInEmbedder  # noqa: E402
from synthetic_corpus import write_corpus  # noqa: E402

CORPUS_PASSAGES = 1_010
# The reader cuts text into passages of about 695 characters of synthetic prose.
CHARS_PER_PASSAGE = 695
QUERIES = [
    "¿Qué servicios ofrece el centro de empleo de la región?",
    "meta y avance del indicador de inserción laboral de jóvenes",
    "presupuesto institucional de apertura del programa",
    "ordenanza regional que aprueba el plan de empleo",
    "certificación de competencias laborales de trabajadores",
    "bolsa de trabajo y colocación en Puno",
    "capacitación técnica para mujeres emprendedoras",
    "employment services for young people",
    "línea de base del indicador de formalización",
    "dirección regional de trabajo y promoción del empleo",
]
QUERY_DIR = Path(__file__).resolve().parent.parent / "graph" / "queries"


# ------------------------------------------------------------ helpers


def _rss_kb(pid: int | str = "self") -> dict[str, int]:
    """VmRSS and RssAnon of a process, in KB (file-backed pages of mapped indexes are in the first only)."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


class _StandInServer:
    """An OpenAI-compatible /v1/embeddings server answering with the stand-in embedder."""

    def __init__(self) -> None:
        embedder = StandInEmbedder()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _answer(self, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._answer({"status": "ok"})

            def do_POST(self) -> None:
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                texts = request["input"] if isinstance(request["input"], list) else [request["input"]]
                vectors = embedder.embed_passages(texts)
                self._answer({
                    "object": "list", "model": embedder.name,
                    "data": [{"object": "embedding", "index": i, "embedding": v.tolist()} for i, v in enumerate(vectors)],
                })

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def close(self) -> None:
        self.httpd.shutdown()


# ------------------------------------------------------------ the steps


class _PeakWatch:
    """Samples the process's RSS twice a second and remembers where the main thread was
    (its innermost Quipu frames) when it was highest, so a peak can be traced to a step."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self.where = ""
        self._main = threading.main_thread().ident
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            rss = _rss_kb()["VmRSS"]
            if rss > self.peak_kb:
                self.peak_kb = rss
                frame = sys._current_frames().get(self._main)
                steps = []
                while frame is not None and len(steps) < 4:
                    if "quipu" in frame.f_code.co_filename or "/main/" in frame.f_code.co_filename:
                        steps.append(f"{Path(frame.f_code.co_filename).stem}.{frame.f_code.co_name}")
                    frame = frame.f_back
                self.where = " < ".join(steps)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _ingest_child(corpus: Path, data: Path) -> None:
    """Run in a child process: ingest with the stand-in embedder, print the figures as JSON."""
    from quipu.core.settings import Settings
    from quipu.workspace.pipeline import ingest

    settings = Settings(data_dir=data, corpus_dir=corpus, model=StandInEmbedder.name)
    watch = _PeakWatch()
    began = time.perf_counter()
    report = ingest(settings, embedder=StandInEmbedder())
    seconds = time.perf_counter() - began
    watch.stop()
    print(json.dumps({
        "seconds": seconds, "documents": len(report.added), "passages": report.passages,
        "triples": report.triples, "failed": len(report.failed),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_at": watch.where,
    }))


def _ingest(corpus: Path, data: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "_ingest", str(corpus), str(data)], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"ingest failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _in_process(data: Path) -> dict:
    from quipu.core.settings import Settings
    from quipu.search.dense import DenseIndex
    from quipu.workspace.workspace import Workspace

    settings = Settings(data_dir=data, model=StandInEmbedder.name)
    workspace = Workspace(settings, embedder=StandInEmbedder())
    began = time.perf_counter()
    workspace.warm_up()
    warm = time.perf_counter() - began
    times = []
    for _ in range(5):
        for query in QUERIES:
            t = time.perf_counter()
            workspace.search(query, 10, mode="full")
            times.append(time.perf_counter() - t)
    p50, p95 = _percentiles(times)
    index = workspace.index.passages
    figures = {"warm_up_s": warm, "search_p50_ms": p50 * 1000, "search_p95_ms": p95 * 1000, "dense": index.faiss.kind}
    if index.faiss.kind == "hnsw":
        vectors = np.ascontiguousarray(index.embeddings, dtype=np.float32)
        began = time.perf_counter()
        flat = DenseIndex.build(vectors, hnsw_above=len(vectors) + 1)
        figures["flat_build_s"] = time.perf_counter() - began
        began = time.perf_counter()
        DenseIndex.build(vectors, hnsw_above=0)
        figures["hnsw_rebuild_s"] = time.perf_counter() - began
        embedder = StandInEmbedder()
        overlap = []
        flat_times = []
        for query in QUERIES * 3:
            q = embedder.embed_query(query)
            t = time.perf_counter()
            exact = set(flat.search(q, 10)[0])
            flat_times.append(time.perf_counter() - t)
            overlap.append(len(exact & set(index.faiss.search(q, 10)[0])) / 10)
        figures["hnsw_recall_at_10"] = float(np.mean(overlap))
        figures["flat_dense_p50_ms"] = statistics.median(flat_times) * 1000
    return figures


def _over_http(data: Path, log: Path) -> dict:
    embeddings = _StandInServer()
    port = _free_port()
    env = {
        **os.environ, "QUIPU_DATA_DIR": str(data), "QUIPU_MODEL": StandInEmbedder.name,
        "QUIPU_EMBEDDINGS_URL": embeddings.url, "QUIPU_QUERY_TIMEOUT": "60", "QUIPU_MAX_RESULT_BYTES": "500000000",
    }
    began = time.perf_counter()
    with log.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "quipu.api.cli", "serve", "--no-ingest", "--port", str(port)],
            env=env, stdout=sink, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url, timeout=120) as http:
            while True:
                if server.poll() is not None:
                    raise SystemExit(f"server exited:\n{log.read_text()[-3000:]}")
                try:
                    if http.get("/health").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            started = time.perf_counter() - began
            time.sleep(2)
            rest = _rss_kb(server.pid)
            times = []
            for _ in range(5):
                for query in QUERIES:
                    t = time.perf_counter()
                    http.get("/v1/search", params={"q": query, "k": 10}).raise_for_status()
                    times.append(time.perf_counter() - t)
            p50, p95 = _percentiles(times)
            health = http.get("/health").json()
            sparql: dict[str, float | str] = {}
            for path in sorted(QUERY_DIR.glob("*.rq")):
                runs = []
                for _ in range(3):
                    t = time.perf_counter()
                    answer = http.post("/sparql", data={"query": path.read_text()},
                                       headers={"Accept": "application/sparql-results+json"})
                    runs.append(time.perf_counter() - t)
                    if answer.status_code != 200:
                        break
                else:
                    sparql[path.stem] = statistics.median(runs) * 1000
                    continue
                sparql[path.stem] = f"HTTP {answer.status_code}: {answer.text[:200]}"
            after = _rss_kb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
        embeddings.close()
    return {
        "start_s": started, "rss_rest_mb": rest["VmRSS"] / 1024, "rss_rest_anon_mb": rest["RssAnon"] / 1024,
        "rss_after_mb": after["VmRSS"] / 1024, "http_p50_ms": p50 * 1000, "http_p95_ms": p95 * 1000,
        "triples": health["triples"], "sparql_ms": sparql,
    }


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _scale(scale: int, work: Path) -> dict:
    corpus, data = work / f"corpus-{scale}x", work / f"data-{scale}x"
    began = time.perf_counter()
    info = write_corpus(corpus, CORPUS_PASSAGES * scale, seed=scale, chars_per_passage=CHARS_PER_PASSAGE)
    print(f"[{scale}×] corpus: {info.documents} documents, {info.characters / 1e6:.1f} M characters "
          f"({time.perf_counter() - began:.0f} s)", flush=True)
    figures: dict = {"scale": scale, "documents": info.documents}
    figures["ingest"] = _ingest(corpus, data)
    print(f"[{scale}×] ingest: {figures['ingest']}", flush=True)
    current = data / "generations" / (data / "CURRENT").read_text().strip()
    figures["index_mb"] = _size(current / "index") / 1e6
    figures["graph_mb"] = _size(current / "graph") / 1e6
    figures["in_process"] = _in_process(data)
    print(f"[{scale}×] in process: {figures['in_process']}", flush=True)
    figures["http"] = _over_http(data, work / f"server-{scale}x.log")
    print(f"[{scale}×] over HTTP: {figures['http']}", flush=True)
    return figures


def _dense_only(scale: int) -> dict:
    """Vector index alone at ``scale``: stand-in vectors of synthetic text, flat against HNSW."""
    from quipu.search.dense import DenseIndex

    count = CORPUS_PASSAGES * scale
    embedder = StandInEmbedder()
    rng = np.random.default_rng(scale)
    words = [f"w{n}" for n in range(20_000)]
    vectors = np.empty((count, 384), dtype=np.float32)
    for start in range(0, count, 10_000):
        texts = [" ".join(rng.choice(words, 60)) for _ in range(min(10_000, count - start))]
        vectors[start : start + len(texts)] = embedder.embed_passages(texts)
    figures: dict = {"scale": scale, "passages": count}
    began = time.perf_counter()
    graph = DenseIndex.build(vectors, hnsw_above=0)
    figures["hnsw_build_s"] = time.perf_counter() - began
    flat = DenseIndex.build(vectors, hnsw_above=count)
    queries = [embedder.embed_query(" ".join(rng.choice(words, 8))) for _ in range(50)]
    timings: dict[str, list[float]] = {"flat": [], "hnsw": []}
    overlap = []
    for q in queries:
        t = time.perf_counter()
        exact = set(flat.search(q, 10)[0])
        timings["flat"].append(time.perf_counter() - t)
        t = time.perf_counter()
        approx = set(graph.search(q, 10)[0])
        timings["hnsw"].append(time.perf_counter() - t)
        overlap.append(len(exact & approx) / 10)
    figures.update({
        "flat_p50_ms": statistics.median(timings["flat"]) * 1000,
        "hnsw_p50_ms": statistics.median(timings["hnsw"]) * 1000,
        "hnsw_recall_at_10": float(np.mean(overlap)),
    })
    return figures


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_ingest":
        _ingest_child(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="*", default=[10, 100], help="multiples of the corpus")
    parser.add_argument("--dense-only", type=int, nargs="*", default=[], help="scales to measure the vector index at")
    parser.add_argument("--work", type=Path, help="folder for the corpora and data (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the corpora and data afterwards")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="quipu-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# scale benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, stand-in embedder "
          f"{StandInEmbedder.name}; work in {work}", flush=True)
    results = []
    try:
        for scale in args.scales:
            results.append(_scale(scale, work))
        for scale in args.dense_only:
            figures = _dense_only(scale)
            print(f"[{scale}×] dense only: {figures}", flush=True)
            results.append(figures)
    finally:
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
