"""The one place where Quipu's errors become HTTP statuses, and where request sizes are bounded."""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from quipu.core.errors import (
    BusyError,
    ConfigError,
    DocumentError,
    ForbiddenError,
    LimitError,
    NotFoundError,
    NotReadyError,
    QueryError,
    QuipuError,
    StoreError,
    TooLargeError,
)

STATUS: dict[type[QuipuError], int] = {
    QueryError: 400,
    DocumentError: 422,
    ForbiddenError: 403,
    NotFoundError: 404,
    TooLargeError: 413,
    LimitError: 400,
    BusyError: 503,
    NotReadyError: 503,
    StoreError: 503,
    ConfigError: 500,
}


def status_of(error: QuipuError) -> int:
    if isinstance(error, TooLargeError) and error.in_url:
        return 414
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def headers_of(error: QuipuError) -> dict[str, str]:
    """Headers an error's answer carries: Retry-After when the server is busy."""
    if isinstance(error, BusyError):
        return {"Retry-After": str(error.retry_after)}
    return {}


def error_body(error: QuipuError) -> dict[str, object]:
    return {"error": {"type": type(error).__name__, "message": error.message}}


class ErrorDetail(BaseModel):
    type: str
    message: str


class ErrorBody(BaseModel):
    """The body of every error answer: what went wrong and what to do."""

    error: ErrorDetail


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI declarations of the error answers a route gives (for ``responses=``)."""
    meaning = {
        400: "The request is malformed; the message says what to change",
        403: "Not allowed (SPARQL updates need the admin token)",
        404: "No such resource",
        413: "The request body or question is too large",
        414: "The URL (path and query string) is too long",
        503: "Busy or not ready: try again after Retry-After seconds",
    }
    declared: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        entry: dict[str, Any] = {"model": ErrorBody, "description": meaning[status]}
        if status == 503:
            entry["headers"] = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}
        declared[status] = entry
    return declared


def install(app: FastAPI) -> None:
    @app.exception_handler(QuipuError)
    async def _quipu_error(request: Request, error: QuipuError) -> JSONResponse:
        return JSONResponse(error_body(error), status_code=status_of(error), headers=headers_of(error))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        # A parameter outside what the OpenAPI document declares: a 400 in the one error shape.
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e.get('loc', ())[1:]) or 'request'}: "
            + ("needs a character that is not a space" if e.get("type") == "string_pattern_mismatch"
               else e.get("msg", "invalid"))
            for e in error.errors()[:5]
        )
        body = {"error": {"type": "ValidationError", "message": f"{problems}; see /docs for what each parameter takes"}}
        return JSONResponse(body, status_code=400)

    app.openapi = lambda: _without_422(app)  # type: ignore[method-assign]  # FastAPI's documented override

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        # No route, or a method the route does not take: the same body as every other error.
        body = {"error": {"type": "HTTPError", "message": f"{error.detail}: {request.method} {request.url.path[:200]}"}}
        return JSONResponse(body, status_code=error.status_code, headers=getattr(error, "headers", None))


def _without_422(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI document without FastAPI's automatic 422 answers: validation errors are 400s here."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                if isinstance(operation, dict):
                    operation.get("responses", {}).pop("422", None)
                    operation.get("responses", {}).setdefault(
                        "400", {"description": "The request is malformed; the message says what to change",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
                    )
        app.openapi_schema = schema
    return app.openapi_schema


async def _refuse(send: Send, error: TooLargeError) -> None:
    body = json.dumps(error_body(error)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status_of(error),
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SizeLimits:
    """ASGI middleware: refuses a URL longer than ``max_url`` bytes (414) and a body
    larger than ``max_body`` bytes (413) before any route reads them."""

    def __init__(self, app: ASGIApp, *, max_url: int, max_body: int) -> None:
        self.app = app
        self.max_url = max_url
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        if self.max_url and url > self.max_url:
            await _refuse(send, TooLargeError(
                f"the URL is {url:,} bytes, more than {self.max_url:,} (QUIPU_MAX_URL_BYTES); send a long "
                "SPARQL query by POST",
                limit="max_url_bytes", value=self.max_url, in_url=True,
            ))
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        too_large = TooLargeError(
            f"the request body is larger than {self.max_body:,} bytes (QUIPU_MAX_BODY_BYTES)",
            limit="max_body_bytes", value=self.max_body,
        )
        if self.max_body and declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await _refuse(send, too_large)
            return
        if not self.max_body:
            await self.app(scope, receive, send)
            return
        # A body sent in chunks (no length) is counted as it arrives.
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _BodyTooLarge
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracking)
        except _BodyTooLarge:
            if not started:
                await _refuse(send, too_large)


class _BodyTooLarge(Exception):
    pass
