"""Runs SPARQL queries where they can be stopped: in worker processes.

pyoxigraph has no query timeout and a running query cannot be interrupted from
Python, so the server sends each query to one of a few worker processes that open
the store read-only. A query that runs past its time limit is stopped by killing its
worker (a fresh one takes its place) while the other workers go on answering.
A result larger than the size limit is cut off while it is being written.

The pool is shared fairly: at most ``queue`` queries wait for a worker and each
client has at most ``per_client`` queries running or waiting; a query over either
limit is refused at once (:class:`BusyError`, HTTP 503 with Retry-After) instead of
holding a server thread. Workers run at a lower CPU priority than the server, so
slow queries do not slow searches and pages down. Refused and stopped queries are
logged with their client and duration.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import queue
import resource
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext
from pathlib import Path

import pyoxigraph as ox

from quipu.core.errors import BusyError, LimitError, QueryError, StoreError

from .results import QueryResult, run_query

log = logging.getLogger("quipu.sparql")


@dataclass(frozen=True)
class QueryRequest:
    """One query as sent to a worker process (pickled): which store, what, in which format."""

    store_path: str
    sparql: str
    accept: tuple[str, ...] = ()
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    max_bytes: int = 0

    def run(self, store: ox.Store) -> QueryResult:
        """Answer this request on ``store``, opened from :attr:`store_path`."""
        return run_query(
            store, self.sparql, accept=self.accept, default_graphs=self.default_graphs,
            named_graphs=self.named_graphs, max_bytes=self.max_bytes,
        )


def _worker(connection: Connection, memory_bytes: int = 0) -> None:
    """Worker process loop: keep the store open, answer one request at a time."""
    try:
        os.nice(19)  # queries yield the CPU to the server's searches and pages
    except OSError:
        pass
    if memory_bytes:
        # The heap only (RLIMIT_DATA): the store's files mapped in memory do not count. A
        # query that needs more makes the store abort this process; the pool replaces it.
        resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    opened: tuple[str, ox.Store] | None = None
    while True:
        try:
            request: QueryRequest = connection.recv()
        except EOFError:
            return
        try:
            if opened is None or opened[0] != request.store_path:
                opened = (request.store_path, ox.Store.read_only(request.store_path))
            connection.send(("ok", request.run(opened[1])))
        except (QueryError, LimitError) as error:
            connection.send(("error", (type(error).__name__, error.message, vars(error))))
        except Exception as error:  # noqa: BLE001 - anything else is reported, not fatal
            connection.send(("error", ("StoreError", f"the query failed: {error}", {})))


_ERRORS = {cls.__name__: cls for cls in (QueryError, LimitError, StoreError)}


def _rebuild(name: str, message: str, attributes: dict[str, object]) -> Exception:
    """Our errors take keyword arguments, which pickling loses; rebuild them by hand."""
    cls = _ERRORS.get(name, StoreError)
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(attributes)
    error.message = message  # every QuipuError has one; the HTTP error handler reads it
    return error


class _Worker:
    def __init__(self, context: SpawnContext, memory_bytes: int = 0) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, memory_bytes), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class QueryExecutor:
    """A small pool of query worker processes with a time limit per query, shared fairly."""

    def __init__(
        self,
        *,
        workers: int = 2,
        timeout: float = 10.0,
        max_bytes: int = 0,
        queue_limit: int = 4,
        per_client: int = 1,
        memory_mb: int = 0,
    ) -> None:
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.max_bytes = max_bytes
        self.workers = workers
        self.queue_limit = queue_limit
        self.per_client = per_client
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._admitted = 0  # queries running or waiting
        self._by_client: Counter[str] = Counter()
        for _ in range(workers):
            self._idle.put(self._new_worker())

    def _new_worker(self) -> _Worker:
        return _Worker(self._context, self.memory_mb << 20)

    def _retry_after(self) -> int:
        return max(1, math.ceil(self.timeout / 2))

    @contextmanager
    def _admit(self, client: str) -> Iterator[None]:
        """Hold a place in the pool for one query of ``client``, or refuse at once."""
        with self._lock:
            if self.per_client and self._by_client[client] >= self.per_client:
                refusal = BusyError(
                    f"you already have {self._by_client[client]} SPARQL query(ies) running (limit "
                    f"{self.per_client} per client, QUIPU_QUERY_CLIENT_LIMIT); wait for it to finish",
                    retry_after=self._retry_after(),
                    limit="query_client_limit",
                )
            elif self._admitted >= self.workers + self.queue_limit:
                refusal = BusyError(
                    f"every SPARQL worker is busy and {self.queue_limit} queries are waiting "
                    "(QUIPU_QUERY_QUEUE); try again in a moment",
                    retry_after=self._retry_after(),
                    limit="query_queue",
                )
            else:
                refusal = None
                self._admitted += 1
                self._by_client[client] += 1
        if refusal is not None:
            log.warning("refused SPARQL query from %s: %s", client or "-", refusal.limit)
            raise refusal
        try:
            yield
        finally:
            with self._lock:
                self._admitted -= 1
                self._by_client[client] -= 1
                if self._by_client[client] <= 0:
                    del self._by_client[client]

    def run(
        self,
        store_path: Path,
        sparql: str,
        *,
        accept: Sequence[str] = (),
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        client: str = "",
    ) -> QueryResult:
        request = QueryRequest(
            str(store_path), sparql, tuple(accept), tuple(default_graphs), tuple(named_graphs), self.max_bytes
        )
        began = time.monotonic()
        with self._admit(client):
            return self._run(request, client, began)

    def _run(self, request: QueryRequest, client: str, began: float) -> QueryResult:
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            log.warning("refused SPARQL query from %s after %.1f s: no worker free", client or "-", time.monotonic() - began)
            raise BusyError(
                f"every SPARQL worker stayed busy for {self.timeout:g} s; try again in a moment",
                retry_after=self._retry_after(),
                limit="query_timeout",
            ) from None
        # The time limit counts from when the query was admitted: waiting counts too.
        left = max(0.1, self.timeout - (time.monotonic() - began))
        try:
            worker.connection.send(request)
            if not worker.connection.poll(left):
                worker.stop()
                worker = self._new_worker()  # replace the stopped one
                log.warning(
                    "stopped SPARQL query from %s after %.1f s (QUIPU_QUERY_TIMEOUT): %.200r",
                    client or "-", time.monotonic() - began, request.sparql,
                )
                raise LimitError(
                    f"the query ran longer than {self.timeout:g} s (QUIPU_QUERY_TIMEOUT) and was stopped; "
                    "narrow it or add a LIMIT",
                    limit="query_timeout",
                    value=self.timeout,
                )
            status, payload = worker.connection.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
            worker.stop()
            died = worker.process.exitcode
            worker = self._new_worker()
            log.warning("a SPARQL worker died on a query from %s after %.1f s", client or "-", time.monotonic() - began)
            if self.memory_mb and died == -signal.SIGABRT:
                raise LimitError(
                    f"the query needed more than {self.memory_mb:,} MB of memory (QUIPU_QUERY_MEMORY_MB) and "
                    "was stopped; narrow it (join on more variables, filter early) or add a LIMIT",
                    limit="query_memory_mb",
                    value=self.memory_mb,
                ) from None
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
