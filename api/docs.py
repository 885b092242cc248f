"""/docs (Swagger UI) and /redoc (ReDoc) served with their scripts from this app, not a CDN.

FastAPI's own pages load Swagger UI and ReDoc from cdn.jsdelivr.net, so they stay blank
offline or behind a firewall. The assets here are the files of the ``fastapi-offline``
package (pinned in pyproject.toml; MIT licence, in its dist-info ``licenses/LICENSE``),
which ships under ``fastapi_offline/static`` the ``swagger-ui-bundle.js`` and
``swagger-ui.css`` of swagger-ui-dist (Apache-2.0, SmartBear), ReDoc's
``redoc.standalone.js`` (MIT, Redocly) and FastAPI's ``favicon.png`` (MIT), served as they
are. Only the files are used; the pages are FastAPI's own, pointed at them.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS_URL = "/static/docs"  # where the assets are served; beside the pages' /static/quipu.css


def install(app: FastAPI, docs_url: str = "/docs", redoc_url: str = "/redoc") -> None:
    """Serve the assets and the two documentation pages on ``app``, which must have been
    created with ``docs_url=None, redoc_url=None`` (FastAPI's CDN pages off)."""
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="docs-assets")
    oauth2_redirect = docs_url + "/oauth2-redirect"

    def root(request: Request) -> str:
        # Behind a proxy that mounts the app under a path, the URLs must carry it.
        return str(request.scope.get("root_path", "")).rstrip("/")

    @app.get(docs_url, include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        base = root(request)
        return get_swagger_ui_html(
            openapi_url=base + (app.openapi_url or "/openapi.json"),
            title=f"{app.title} — API",
            oauth2_redirect_url=base + oauth2_redirect,
            swagger_js_url=f"{base}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{base}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{base}{ASSETS_URL}/favicon.png",
            swagger_ui_parameters=app.swagger_ui_parameters,
        )

    @app.get(oauth2_redirect, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get(redoc_url, include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        base = root(request)
        return get_redoc_html(
            openapi_url=base + (app.openapi_url or "/openapi.json"),
            title=f"{app.title} — API",
            redoc_js_url=f"{base}{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{base}{ASSETS_URL}/favicon.png",
            with_google_fonts=False,  # fonts.googleapis.com would be a request out
        )


__all__ = ["ASSETS", "ASSETS_URL", "install"]
