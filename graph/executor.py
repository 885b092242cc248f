"""Runs SPARQL queries where they can be stopped: in worker processes.

pyoxigraph has no query timeout and a running query cannot be interrupted from
Python, so the server sends each query to one of a few worker processes that open
the store read-only. A query that runs past its time limit is stopped by killing its
worker (a fresh one takes its place) while the other workers go on answering.
A result larger than the size limit is cut off while it is being written.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from quipu.ingest.errors import LimitError, QueryError, StoreError

from .store import QueryResult


@dataclass(frozen=True)
class QueryRequest:
    store_path: str
    sparql: str
    accept: tuple[str, ...] = ()
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_bytes: int = 0


class ResultTooLarge(Exception):
    pass


class _LimitedBuffer:
    """A binary sink that refuses to grow past ``limit`` bytes (0: no limit)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.limit and self.size > self.limit:
            raise ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def execute(store, request: QueryRequest) -> QueryResult:
    """Run one query on an open pyoxigraph store and serialise it within the size limit."""
    import pyoxigraph as ox

    from .formats import DEFAULT_GRAPH, DEFAULT_RESULTS, GRAPH_FORMATS, RESULTS_FORMATS, choose

    options: dict[str, object] = {}
    if request.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if request.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    try:
        result = store.query(request.sparql, **options)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}", query=request.sparql) from exc
    if isinstance(result, ox.QueryTriples):
        media_type = choose(request.accept, list(GRAPH_FORMATS), DEFAULT_GRAPH)
        fmt = GRAPH_FORMATS[media_type]
    else:
        media_type = choose(request.accept, list(RESULTS_FORMATS), DEFAULT_RESULTS)
        fmt = RESULTS_FORMATS[media_type]
    sink = _LimitedBuffer(request.max_bytes)
    try:
        result.serialize(sink, format=fmt)
    except ResultTooLarge:
        raise LimitError(
            f"the result is larger than {request.max_bytes:,} bytes (QUIPU_MAX_RESULT_BYTES); "
            "add a LIMIT or narrow the query",
            limit="max_result_bytes",
            value=request.max_bytes,
        ) from None
    except OSError as exc:  # pyoxigraph wraps exceptions raised by the sink
        if isinstance(exc.__cause__, ResultTooLarge) or "ResultTooLarge" in str(exc):
            raise LimitError(
                f"the result is larger than {request.max_bytes:,} bytes (QUIPU_MAX_RESULT_BYTES); "
                "add a LIMIT or narrow the query",
                limit="max_result_bytes",
                value=request.max_bytes,
            ) from None
        raise
    return QueryResult(b"".join(sink.parts), media_type)


def _worker(connection: Connection) -> None:
    """Worker process loop: keep the store open, answer one request at a time."""
    import pyoxigraph as ox

    opened: tuple[str, object] | None = None
    while True:
        try:
            request: QueryRequest = connection.recv()
        except EOFError:
            return
        try:
            if opened is None or opened[0] != request.store_path:
                opened = (request.store_path, ox.Store.read_only(request.store_path))
            connection.send(("ok", execute(opened[1], request)))
        except (QueryError, LimitError) as error:
            connection.send(("error", (type(error).__name__, error.message, vars(error))))
        except Exception as error:  # noqa: BLE001 - anything else is reported, not fatal
            connection.send(("error", ("StoreError", f"the query failed: {error}", {})))


_ERRORS = {cls.__name__: cls for cls in (QueryError, LimitError, StoreError)}


def _rebuild(name: str, message: str, attributes: dict[str, object]) -> Exception:
    """Our errors take keyword arguments, which pickling loses; rebuild them by hand."""
    error = _ERRORS[name].__new__(_ERRORS[name])
    Exception.__init__(error, message)
    error.__dict__.update(attributes)
    return error


class _Worker:
    def __init__(self, context: multiprocessing.context.BaseContext) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class QueryExecutor:
    """A small pool of query worker processes with a time limit per query."""

    def __init__(self, *, workers: int = 2, timeout: float = 10.0, max_bytes: int = 0) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._size = workers
        for _ in range(workers):
            self._idle.put(_Worker(self._context))

    def run(
        self,
        store_path: Path,
        sparql: str,
        *,
        accept: Sequence[str] = (),
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
    ) -> QueryResult:
        request = QueryRequest(
            str(store_path), sparql, tuple(accept), tuple(default_graphs), tuple(named_graphs), self.max_bytes
        )
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise LimitError(
                f"every query worker is busy; try again in a moment (time limit {self.timeout:g} s)",
                limit="query_timeout",
                value=self.timeout,
            ) from None
        try:
            worker.connection.send(request)
            if not worker.connection.poll(self.timeout):
                worker.stop()
                worker = _Worker(self._context)  # replace the stopped one
                raise LimitError(
                    f"the query ran longer than {self.timeout:g} s (QUIPU_QUERY_TIMEOUT) and was stopped; "
                    "narrow it or add a LIMIT",
                    limit="query_timeout",
                    value=self.timeout,
                )
            status, payload = worker.connection.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError):
            worker.stop()
            worker = _Worker(self._context)
            raise StoreError("a query worker died; the query was not answered, try again") from None
        finally:
            self._idle.put(worker)
        if status == "error":
            raise _rebuild(*payload)
        return payload

    def close(self) -> None:
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                return
