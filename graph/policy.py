"""What a SPARQL request may make the server do, checked before it runs.

Two things are refused by default, whoever sends the query:

- **Federation.** ``SERVICE <url>`` makes the query engine send an HTTP request to
  any URL, and ``LOAD <url>`` in an update fetches one; from a public endpoint that
  lets anybody probe hosts the server can reach. Both are allowed only for endpoints
  whose scheme, host and path start one of ``QUIPU_SPARQL_SERVICE_ALLOW``'s prefixes,
  written as a full IRI (``SERVICE ?endpoint`` or a prefixed name cannot be checked,
  so they are refused while federation is restricted).
- **Deep nesting.** The query parser recurses on every ``{`` and ``(``: thousands of
  them exhaust its stack and kill the process. More than :data:`MAX_DEPTH` levels are
  refused with a message.

The check is lexical and errs on the side of refusing: SERVICE or LOAD followed by
what may follow the keyword (an IRI, a variable or a prefixed name, after an optional
SILENT) is looked for everywhere except as part of a longer name (``qp:Service``,
``?service``, ``sparql-service-description``), so a string or a comment that reads like
a SERVICE clause is refused too, while prose ("the service of …") is not; a codepoint
escape (``\\u0053ERVICE``) is decoded first, as SPARQL does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from quipu.core.errors import QueryError

MAX_DEPTH = 64

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# SERVICE or LOAD as a keyword: not part of a name, variable, IRI path or prefixed name.
_REMOTE = re.compile(r"(?<![\w:?$/#\-])(SERVICE|LOAD)(?![\w:\-])", re.IGNORECASE)
_SILENT = re.compile(r"\s*(?:#[^\n]*\n\s*)*(?:SILENT\b)?\s*(?:#[^\n]*\n\s*)*", re.IGNORECASE)
_IRI = re.compile(r"<([^<>\"{}|^`\\\s]*)>")
# What may follow SERVICE [SILENT] or LOAD [SILENT]: an IRI, a variable or a prefixed name.
_ENDPOINT_START = re.compile(r"[<?$:]|[A-Za-z_][\w.\-]*:")
# Tokens that may hold brackets that do not nest: IRIs, strings, comments.
_OPAQUE = re.compile(
    r"<[^<>\"{}|^`\\\s]*>"
    r"|\"\"\".*?\"\"\"|'''.*?'''"
    r"|\"(?:[^\"\\\n\r]|\\.)*\"|'(?:[^'\\\n\r]|\\.)*'"
    r"|#[^\n\r]*",
    re.DOTALL,
)


def _decoded(sparql: str) -> str:
    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else ""

    return _ESCAPE.sub(char, sparql)


def nesting_depth(sparql: str) -> int:
    """How deep ``{`` and ``(`` nest in a query, outside IRIs, strings and comments."""
    depth = deepest = 0
    for char in _OPAQUE.sub(" ", sparql):
        if char in "{(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})":
            depth = max(0, depth - 1)
    return deepest


def allowed(endpoint: str, prefixes: Sequence[str]) -> bool:
    """Whether ``endpoint`` lies under one of ``prefixes``: same scheme and host, path within."""
    target = urlsplit(endpoint)
    for prefix in prefixes:
        allow = urlsplit(prefix)
        if (
            target.scheme.lower() == allow.scheme.lower()
            and target.netloc.lower() == allow.netloc.lower()
            and target.path.startswith(allow.path)
            and ".." not in target.path.split("/")
        ):
            return True
    return False


def check_query(sparql: str, *, service_allow: Sequence[str] = ()) -> None:
    """Raise :class:`QueryError` when a query or update may not run here (see the module)."""
    text = _decoded(sparql)
    if nesting_depth(text) > MAX_DEPTH:
        raise QueryError(
            f"the query nests braces or parentheses more than {MAX_DEPTH} levels deep; simplify it",
            query=sparql[:1000],
        )
    for match in _REMOTE.finditer(text):
        keyword = match.group(1).upper()
        after = _SILENT.match(text, match.end())
        at = after.end() if after else match.end()
        if not _ENDPOINT_START.match(text, at):
            continue  # a word in a comment or string ("the service of …"), not the keyword
        iri = _IRI.match(text, at)
        if service_allow and iri is not None and allowed(iri.group(1), service_allow):
            continue
        if not service_allow:
            reason = (
                f"{keyword} is disabled on this server: it would make the server send requests to other "
                "hosts. An administrator can allow endpoints with QUIPU_SPARQL_SERVICE_ALLOW"
            )
        elif iri is None:
            reason = f"{keyword} must name its endpoint as a full IRI (<https://…>) so that it can be checked"
        else:
            reason = f"{keyword} <{iri.group(1)}> is not under an endpoint in QUIPU_SPARQL_SERVICE_ALLOW"
        raise QueryError(reason, query=sparql[:1000])
