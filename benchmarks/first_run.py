"""A first start: `make run` (installed already) on an empty data directory.

Prints the seconds from running the command to the first answer of /health, to the
first search that finds a passage (the first document published), and to /health
saying "ok" with every document (the ingest's end). ``--serve`` runs `quipu serve`
itself instead of `make run`.

    python benchmarks/first_run.py [CORPUS] [--serve]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default="../shared/corpus", type=Path)
    parser.add_argument("--serve", action="store_true", help="run `quipu serve` rather than `make run`")
    args = parser.parse_args()
    # Stopped from outside (`timeout`, Ctrl-C): still stop the server it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "QUIPU_DATA_DIR": data, "QUIPU_CORPUS_DIR": str(args.corpus.resolve()),
               "QUIPU_PORT": str(port), "HF_HUB_OFFLINE": "1"}
        command = [sys.executable, "-m", "quipu.api.cli", "serve"] if args.serve else ["make", "run"]
        log = Path(data) / "server.log"
        began = time.perf_counter()
        with log.open("w") as sink:
            server = subprocess.Popen(
                command, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
                cwd=Path(__file__).resolve().parent.parent,
            )
        url = f"http://127.0.0.1:{port}"
        marks: dict[str, float] = {}
        try:
            while "ok" not in marks:
                if server.poll() is not None:
                    raise SystemExit(log.read_text())
                try:
                    health = httpx.get(f"{url}/health", timeout=10).json()
                except httpx.HTTPError:
                    time.sleep(0.1)
                    continue
                now = time.perf_counter() - began
                marks.setdefault("health", now)
                if health["documents"] and "searchable" not in marks:
                    found = httpx.get(f"{url}/v1/search", params={"q": "servicios de empleo", "k": 1}, timeout=60)
                    if found.status_code == 200 and found.json()["results"]:
                        marks["searchable"] = time.perf_counter() - began
                        print(f"first search answered: {marks['searchable']:7.1f} s "
                              f"({health['documents']} documents published)", flush=True)
                if health["status"] == "ok":
                    marks["ok"] = now
                    print(f"all {health['documents']} documents, {health['passages']} passages: {now:7.1f} s")
                if "printed" not in marks:
                    marks["printed"] = 0
                    print(f"/health answered:       {marks['health']:7.1f} s (status {health['status']!r})",
                          flush=True)
                time.sleep(0.5)
        finally:
            os.killpg(server.pid, signal.SIGTERM)  # make and the server it started
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
