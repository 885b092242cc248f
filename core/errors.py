"""One error hierarchy for all of Quipu.

Every error Quipu raises on purpose is a :class:`QuipuError`. Subclasses carry the
thing at fault (a file, a query, a limit) so that the CLI and the HTTP API can say
what went wrong and what to do; the HTTP status of each class is mapped in one place,
:mod:`quipu.api.errors`.
"""

from __future__ import annotations

from pathlib import Path


class QuipuError(Exception):
    """Base class of every error Quipu raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(QuipuError):
    """A setting is missing or wrong (bad path, unknown model, bad IRI)."""

    def __init__(self, message: str, *, setting: str | None = None) -> None:
        super().__init__(message)
        self.setting = setting


class DocumentError(QuipuError):
    """A document could not be read or yields no text."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class QueryError(QuipuError):
    """A search or SPARQL query is malformed; the message is the parser's."""

    def __init__(self, message: str, *, query: str | None = None) -> None:
        super().__init__(message)
        self.query = query


class LimitError(QuipuError):
    """A request went past a limit (time, result size, k)."""

    def __init__(self, message: str, *, limit: str, value: object) -> None:
        super().__init__(message)
        self.limit = limit
        self.value = value


class ForbiddenError(QuipuError):
    """The operation needs rights the caller has not shown (SPARQL update without token)."""


class NotFoundError(QuipuError):
    """The thing asked for does not exist (an entity, a passage, a document)."""


class StoreError(QuipuError):
    """The data directory or a store cannot be used (locked, corrupt, unreachable)."""

    def __init__(self, message: str, *, location: str | None = None) -> None:
        super().__init__(message)
        self.location = location


class NotReadyError(QuipuError):
    """Nothing has been ingested yet, so there is nothing to search or query."""


class TooLargeError(LimitError):
    """A request's body, URL or question is larger than the server accepts (413, 414)."""

    def __init__(self, message: str, *, limit: str, value: object, in_url: bool = False) -> None:
        super().__init__(message, limit=limit, value=value)
        self.in_url = in_url


class BusyError(QuipuError):
    """The server is at a limit of concurrent work (query workers, a client's share);
    the request may be sent again after ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: int = 1, limit: str | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.limit = limit
