"""Reading what a request sends, defensively: bodies as strict UTF-8, forms, the client, the public URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from fastapi import Request

from quipu.core.errors import QueryError
from quipu.core.settings import Settings


async def read_text(request: Request) -> str:
    """The request body as text; bytes that are not UTF-8 are a 400, not a crash."""
    body = await request.body()
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the request body is not valid UTF-8 (byte {exc.start}); send UTF-8 text") from None


async def read_form(request: Request) -> dict[str, list[str]]:
    """An ``application/x-www-form-urlencoded`` body, its values decoded as strict UTF-8."""
    text = await read_text(request)
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=100)
    except UnicodeDecodeError:
        raise QueryError("a form field is not valid UTF-8 once percent-decoded; send UTF-8 text") from None
    except ValueError as exc:  # too many fields
        raise QueryError(f"the form cannot be read: {exc}") from None


def first_value(form: dict[str, list[str]], name: str) -> str | None:
    """The first value of a form field, or None when the form lacks it."""
    values = form.get(name)
    return values[0] if values else None


def client_of(request: Request) -> str:
    """Who sent the request, for per-client limits and logs: the peer's address.

    Behind a reverse proxy every request comes from the proxy; run uvicorn with
    ``--proxy-headers --forwarded-allow-ips=PROXY`` so that the peer is the real client.
    """
    return request.client.host if request.client else ""


def public_root(request: Request, settings: Settings) -> str:
    """The base URL that links and descriptions are written with, never an untrusted Host.

    ``QUIPU_PUBLIC_URL`` when set; else the request's own base URL when its Host is in
    ``QUIPU_ALLOWED_HOSTS``; else the address the server was configured to listen on.
    """
    if settings.public_url:
        return settings.public_url.rstrip("/")
    base = str(request.base_url).rstrip("/")
    host = (urlsplit(base).hostname or "").lower()
    if host in settings.hosts() or f"[{host}]" in settings.hosts():
        return base
    return f"http://{settings.host}:{settings.port}"
