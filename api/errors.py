"""The one place where Quipu's errors become HTTP statuses."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from quipu.ingest.errors import (
    ConfigError,
    DocumentError,
    ForbiddenError,
    LimitError,
    NotFoundError,
    NotReadyError,
    QueryError,
    QuipuError,
    StoreError,
)

STATUS: dict[type[QuipuError], int] = {
    QueryError: 400,
    DocumentError: 422,
    ForbiddenError: 403,
    NotFoundError: 404,
    LimitError: 400,
    NotReadyError: 503,
    StoreError: 503,
    ConfigError: 500,
}


def status_of(error: QuipuError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


def error_body(error: QuipuError) -> dict[str, object]:
    return {"error": {"type": type(error).__name__, "message": error.message}}


def install(app: FastAPI) -> None:
    @app.exception_handler(QuipuError)
    async def _quipu_error(request: Request, error: QuipuError) -> JSONResponse:
        return JSONResponse(error_body(error), status_code=status_of(error))
