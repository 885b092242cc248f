"""Pages out: the Jinja2 templates, filled in the reader's language.

Every page is rendered on the server from ``templates/`` (no script, nothing from the
internet). The language is ``?lang=``, else the ``lang`` cookie, else Spanish; choosing one
with ``?lang=`` sets the cookie, and each page links to the same page in the next language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from quipu.api.errors import headers_of, status_of
from quipu.core.errors import QuipuError

from .links import document_href, entity_href, file_href
from .messages import DEFAULT, LANGUAGES, catalog, next_language

TEMPLATES = Path(__file__).resolve().parent / "templates"
COOKIE_AGE = 365 * 24 * 3600  # seconds the language cookie is kept


def language(request: Request) -> str:
    """The interface language: ``?lang=``, else the ``lang`` cookie, else Spanish."""
    for chosen in (request.query_params.get("lang"), request.cookies.get("lang")):
        if chosen is not None and chosen in LANGUAGES:
            return chosen
    return DEFAULT


class Renderer:
    """Fills a template for a request: its language, the language switch, the links helpers."""

    def __init__(self, templates: Path = TEMPLATES) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            autoescape=jinja2.select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(entity_href=entity_href, document_href=document_href, file_href=file_href)

    def render(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        """``template`` filled with ``context``, the messages of the reader's language as ``t``."""
        asked = request.query_params.get("lang")
        words = catalog(language(request))
        other = next_language(words.lang)
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
        toggle = request.url.path + "?" + urlencode(params + [("lang", other)])
        body = self.env.get_template(template).render(
            t=words.messages, lang=words.lang, other_lang=other, other_t=catalog(other).messages,
            toggle_href=toggle, path=request.url.path, type_name=words.type_name, **context,
        )
        response = HTMLResponse(body, status_code=status)
        if asked is not None and asked in LANGUAGES:
            response.set_cookie("lang", asked, max_age=COOKIE_AGE, samesite="lax")
        return response

    def error(self, request: Request, error: QuipuError) -> HTMLResponse:
        """The error page, with the status (and headers, e.g. Retry-After) the API would give."""
        code = status_of(error)
        response = self.render(request, "error.html", status=code, message=error.message, code=code)
        response.headers.update(headers_of(error))
        return response


__all__ = ["Renderer", "language"]
