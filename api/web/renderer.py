"""Pages out: the Jinja2 templates, filled in the reader's language.

Every page is rendered on the server from ``templates/`` (no script, nothing from the
internet). Each page links to the same page in the next language; choosing one with
``?lang=`` sets the ``lang`` cookie. The language of a page is, first to last:

1. ``?lang=``: the reader has just picked it with the switch;
2. the ``lang`` cookie: the reader picked it before;
3. ``Accept-Language``, q-values weighed (``en-GB,en;q=0.9,es;q=0.5``): the language the
   reader set their browser to, a standing choice about every page;
4. the language of the question (``q=``, :func:`quipu.core.language.detect_language`):
   a guess from a few words, so it decides only when the reader has said nothing
   (a client with no ``Accept-Language``, or one naming none of our languages). After the
   header rather than before, as issue 16 asks, because a Spanish speaker who types
   "VUPE employment" is still served in Spanish, and the documents' names (places,
   programmes) are Spanish in either language and make short questions ambiguous;
5. Spanish, the documents' language.

Pages answer with ``Vary: Accept-Language, Cookie``: the same URL is a different page for
another header or cookie, so a cache must not hand one reader's language to another.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from babel.core import negotiate_locale
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2.runtime import Context

from quipu.api.errors import headers_of, status_of
from quipu.core.errors import QuipuError
from quipu.core.language import detect_language

from .links import document_href, entity_href, file_href
from .markup import mark_quote
from .messages import DEFAULT, LANGUAGES, catalog, next_language
from .names import Names

TEMPLATES = Path(__file__).resolve().parent / "templates"
COOKIE_AGE = 365 * 24 * 3600  # seconds the language cookie is kept
VARY = "Accept-Language, Cookie"


def accepted_languages(header: str) -> list[str]:
    """The language tags of an ``Accept-Language`` header, most wanted first (RFC 9110).

    Tags keep their order among equal weights; a tag weighed ``q=0`` (not wanted), ``*``
    and entries that cannot be read are left out.
    """
    weighed = []
    for position, entry in enumerate(header.split(",")):
        tag, *params = (part.strip() for part in entry.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = -1.0
        if tag and tag != "*" and 0 < weight <= 1:
            weighed.append((-weight, position, tag))
    return [tag for _, _, tag in sorted(weighed)]


def negotiated(header: str | None, available: tuple[str, ...] = LANGUAGES) -> str | None:
    """The first of ``available`` that ``Accept-Language`` asks for (``en-GB`` asks for ``en``); None if none."""
    if not header:
        return None
    # Tags are case-insensitive; Babel hands back the asked-for tag's language as written.
    found = negotiate_locale([tag.lower() for tag in accepted_languages(header)], list(available), sep="-")
    return found if found in available else None


def language(request: Request) -> str:
    """The page language: ``?lang=``, the ``lang`` cookie, ``Accept-Language``, the question's, Spanish."""
    for chosen in (request.query_params.get("lang"), request.cookies.get("lang")):
        if chosen is not None and chosen in LANGUAGES:
            return chosen
    if asked := negotiated(request.headers.get("accept-language")):
        return asked
    spoken = detect_language(request.query_params.get("q") or "")
    return spoken if spoken in LANGUAGES else DEFAULT


class Renderer:
    """Fills a template for a request: its language, the language switch, the links helpers.

    Templates write numbers, dates and the vocabulary's names through filters that follow
    the page's language: ``{{ n|number }}``, ``{{ 68.5|percent }}``, ``{{ o.value|quantity(o.unit) }}``,
    ``{{ d|date }}``, ``{{ o.unit|unit }}``, ``{{ doc.type|genre }}`` and
    ``{{ e.key|named(e.label) }}`` (an entity's name in the page's language, if the
    vocabulary has one).
    """

    def __init__(self, templates: Path = TEMPLATES, names: Names | None = None) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            autoescape=jinja2.select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            entity_href=entity_href, document_href=document_href, file_href=file_href, mark_quote=mark_quote
        )
        self.names = names
        self.env.filters.update(_filters(names))

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
        response = HTMLResponse(body, status_code=status, headers={"Vary": VARY})
        if asked is not None and asked in LANGUAGES:
            response.set_cookie("lang", asked, max_age=COOKIE_AGE, samesite="lax")
        return response

    def error(self, request: Request, error: QuipuError) -> HTMLResponse:
        """The error page, with the status (and headers, e.g. Retry-After) the API would give."""
        code = status_of(error)
        response = self.render(request, "error.html", status=code, message=error.message, code=code)
        response.headers.update(headers_of(error))
        return response


def _filters(names: Names | None) -> dict[str, Any]:
    """The template filters that write in the page's language (the context's ``lang``)."""

    def lang_of(context: Context) -> str:
        return str(context.get("lang", DEFAULT))

    @jinja2.pass_context
    def number(context: Context, value: Any) -> str:
        return "" if value is None else catalog(lang_of(context)).number(value)

    @jinja2.pass_context
    def percent(context: Context, value: Any) -> str:
        return "" if value is None else catalog(lang_of(context)).percent(value)

    @jinja2.pass_context
    def date(context: Context, value: Any) -> str:
        return catalog(lang_of(context)).date(value)

    @jinja2.pass_context
    def quantity(context: Context, value: Any, unit: str | None = None) -> str:
        symbol = names.unit_symbol(unit) if names else None
        return catalog(lang_of(context)).quantity(value, unit, symbol)

    @jinja2.pass_context
    def unit(context: Context, value: str | None) -> str:
        return names.unit(value, lang_of(context)) if names else value or ""

    @jinja2.pass_context
    def genre(context: Context, value: str | None) -> str:
        return names.genre(value, lang_of(context)) if names else value or ""

    @jinja2.pass_context
    def named(context: Context, key: str, fallback: str) -> str:
        return names.entity(key, lang_of(context), fallback) if names else fallback

    return {
        "number": number, "percent": percent, "date": date, "quantity": quantity, "unit": unit, "genre": genre,
        "named": named,
    }


__all__ = ["Renderer", "accepted_languages", "language", "negotiated"]
