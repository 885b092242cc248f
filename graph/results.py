"""A SPARQL result, serialised: the one result type of both stores and the query workers.

:func:`run_query` runs a query on an open pyoxigraph store and writes its result in
the format the client accepts, stopping as soon as it grows past a size limit. The
embedded store calls it in-process and the query workers call it in their processes,
so it lives here, below both, and neither imports the other.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from quipu.core.errors import LimitError, QueryError

from .formats import DEFAULT_GRAPH, DEFAULT_RESULTS, GRAPH_FORMATS, RESULTS_FORMATS, choose

if TYPE_CHECKING:
    from typing_extensions import Buffer  # collections.abc.Buffer from Python 3.12


@dataclass(frozen=True)
class QueryResult:
    """A serialised SPARQL result, ready to send."""

    body: bytes
    media_type: str


class _TooLarge(Exception):
    """Raised inside pyoxigraph's serialiser to stop it: a plain exception, never shown."""


class _LimitedBuffer(io.BytesIO):
    """A binary sink that refuses to grow past ``limit`` bytes (0: no limit), so a huge
    result is stopped while it is written instead of filling memory first."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: Buffer, /) -> int:
        if self.limit and self.tell() + len(memoryview(data)) > self.limit:
            raise _TooLarge
        return super().write(data)


def _too_large(max_bytes: int) -> LimitError:
    return LimitError(
        f"the result is larger than {max_bytes:,} bytes (QUIPU_MAX_RESULT_BYTES); add a LIMIT or narrow the query",
        limit="max_result_bytes",
        value=max_bytes,
    )


def run_query(
    store: ox.Store,
    sparql: str,
    *,
    accept: Sequence[str] = (),
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    max_bytes: int = 0,
) -> QueryResult:
    """Run one query on an open pyoxigraph store and serialise it within ``max_bytes`` (0: no limit).

    The default graph is the union of all named graphs unless ``default_graphs`` names some.
    """
    try:
        if default_graphs:
            result = store.query(
                sparql,
                default_graph=[ox.NamedNode(g) for g in default_graphs],
                named_graphs=[ox.NamedNode(g) for g in named_graphs] or None,
            )
        else:
            result = store.query(
                sparql,
                use_default_graph_as_union=True,
                named_graphs=[ox.NamedNode(g) for g in named_graphs] or None,
            )
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}", query=sparql) from exc
    sink = _LimitedBuffer(max_bytes)
    try:
        if isinstance(result, ox.QueryTriples):
            media_type = choose(accept, list(GRAPH_FORMATS), DEFAULT_GRAPH)
            result.serialize(sink, format=GRAPH_FORMATS[media_type])
        else:
            media_type = choose(accept, list(RESULTS_FORMATS), DEFAULT_RESULTS)
            result.serialize(sink, format=RESULTS_FORMATS[media_type])
    except _TooLarge:
        raise _too_large(max_bytes) from None
    except OSError as exc:  # pyoxigraph wraps what the sink raises in an OSError
        if isinstance(exc.__cause__, _TooLarge) or "_TooLarge" in str(exc):
            raise _too_large(max_bytes) from None
        raise
    return QueryResult(sink.getvalue(), media_type)
