"""The page language (?lang=, cookie, Accept-Language, the question) and locale formats (no corpus)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient

from quipu.api.web.charts import observations_svg
from quipu.api.web.formats import currency, date, number, percent, quantity
from quipu.api.web.messages import catalog
from quipu.api.web.names import Names
from quipu.api.web.renderer import VARY, Renderer, accepted_languages, language, negotiated
from quipu.core.iris import DEFAULT_BASE_IRI
from quipu.graph.explore import ObservationRow

NBSP = "\u00a0"


# ------------------------------------------------------------------ Accept-Language


def test_accepted_languages_are_ordered_by_weight_then_by_position():
    assert accepted_languages("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5") == ["fr-CH", "fr", "en", "de"]
    assert accepted_languages("es;q=0.5, en-GB;q=0.9,en") == ["en", "en-GB", "es"]
    assert accepted_languages("en;q=0, es") == ["es"]  # q=0: not wanted
    assert accepted_languages("en;q=abc, es;q=2, de") == ["de"]  # unreadable weights are left out
    assert accepted_languages("") == []


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("es-PE,es;q=0.9,en;q=0.8", "es"),
        ("fr-FR,fr;q=0.9,en-GB;q=0.5,es;q=0.4", "en"),
        ("de, es;q=0.1", "es"),
        ("es;q=0.3, en;q=0.7", "en"),
        ("EN-gb", "en"),
        ("fr, de", None),
        ("*", None),
        ("", None),
        (None, None),
    ],
)
def test_negotiation_picks_the_first_wanted_language_we_have(header, expected):
    assert negotiated(header) == expected


def _client() -> TestClient:
    app = FastAPI()

    @app.get("/")
    def page(request: Request) -> PlainTextResponse:
        return PlainTextResponse(language(request))

    return TestClient(app)


@pytest.mark.parametrize(
    ("query", "cookie", "header", "expected"),
    [
        ({"lang": "en"}, "es", "es", "en"),  # ?lang= first
        ({"lang": "xx"}, "en", None, "en"),  # an unknown ?lang= is ignored; the cookie decides
        ({}, "en", "es", "en"),  # the cookie before the header
        ({}, "xx", "en", "en"),
        ({}, None, "en-US,en;q=0.9", "en"),  # the header
        ({"q": "youth employment in Puno"}, None, "es-PE", "es"),  # the header before the question
        ({"q": "youth employment in Puno"}, None, None, "en"),  # the question, when nothing else says
        ({"q": "youth employment in Puno"}, None, "fr", "en"),  # a header naming none of ours
        ({"q": "¿qué hace la VUPE?"}, None, None, "es"),
        ({"q": "VUPE"}, None, None, "es"),  # undecided: Spanish
        ({}, None, None, "es"),
    ],
)
def test_the_page_language_rule(query, cookie, header, expected):
    client = _client()
    if cookie:
        client.cookies.set("lang", cookie)
    headers = {"Accept-Language": header} if header else {}
    assert client.get("/", params=query, headers=headers).text == expected


def test_pages_vary_by_header_and_cookie_and_lang_sets_the_cookie(tmp_path):
    (tmp_path / "page.html").write_text("{{ lang }} {{ 26428.0|number }} {{ t.search }}")
    renderer = Renderer(tmp_path)
    app = FastAPI()

    @app.get("/")
    def page(request: Request):
        return renderer.render(request, "page.html")

    client = TestClient(app)
    plain = client.get("/", headers={"Accept-Language": "en"})
    assert plain.text == "en 26,428 Search"
    assert plain.headers["vary"] == VARY and "set-cookie" not in plain.headers
    chosen = client.get("/?lang=es", headers={"Accept-Language": "en"})
    assert chosen.text == "es 26.428 Buscar"
    assert chosen.headers["set-cookie"].startswith("lang=es")


# ------------------------------------------------------------------ formats


def test_numbers_follow_the_language_and_drop_a_spurious_decimal():
    assert number(26428.0, "es") == "26.428" and number(26428.0, "en") == "26,428"
    assert number(1234.5, "es") == "1.234,5" and number(1234.5, "en") == "1,234.5"
    assert number(7, "es") == "7" and catalog("en").number(3.0) == "3"


def test_percentages_are_in_points():
    assert percent(68.5, "es") == f"68,5{NBSP}%" and percent(68.5, "en") == "68.5%"
    assert percent(66.666666, "en") == "66.67%" and percent(100, "en") == "100%"


def test_money_in_soles_and_dollars():
    assert currency(26428.5, "PEN", "es", "S/") == f"26.428,50{NBSP}S/"
    assert currency(26428.5, "PEN", "en", "S/") == f"S/{NBSP}26,428.50"
    assert currency(1200, "USD", "en") == "$1,200.00"
    assert quantity(1200, "USD", "es", "US$") == f"1.200,00{NBSP}US$"
    assert quantity(81.0, "percent", "en") == "81%" and quantity(3.0, "count", "es") == "3"
    assert quantity(None, "percent", "es") == ""


def test_dates_are_written_in_the_language_and_years_as_they_are():
    assert date("2024-03-05", "en") == "Mar 5, 2024"
    assert date("2024-03-05", "es") == "5 mar 2024"
    assert date("2015", "es") == "2015" and date(None, "es") == ""
    assert date("2024-02-30", "en") == "2024-02-30"  # not a day: as written


def test_chart_labels_use_the_language_and_the_unit_sign():
    def row(kind, period, value):
        return ObservationRow("o", "i", "indicator/x", "X", kind, period, str(value), value, "PEN", "d", "q", "p")

    rows = [row("target", "2024", 26428.0), row("achieved", "2024", 1500.5)]
    names = Names(DEFAULT_BASE_IRI)
    spanish = str(observations_svg(rows, catalog("es"), "X", unit_sign=lambda u: names.unit_sign(u, "es")))
    english = str(observations_svg(rows, catalog("en"), "X", unit_sign=lambda u: names.unit_sign(u, "en")))
    assert ">26.428<" in spanish and ">26,428<" in english and "26428.0" not in spanish + english
    assert ">S/<" in spanish and ">S/<" in english


# ------------------------------------------------------------------ the vocabulary's names


def test_units_genres_and_entities_are_named_from_the_vocabulary():
    names = Names(DEFAULT_BASE_IRI)
    assert names.unit("count", "en") == "Count" and names.unit("count", "es") == "Número"
    assert names.unit("percent", "es") == "Porcentaje" and names.unit_sign("percent", "en") == "%"
    assert names.unit("furlong", "en") == "furlong" and names.unit(None, "en") == ""
    assert names.genre("informe de evaluación", "en") == "Evaluation report"
    assert names.genre("Informe de Evaluacion", "es") == "Informe de evaluación"  # case and accents aside
    assert names.genre("plan de mejora", "en") == "Improvement plan"
    assert names.genre("carta", "en") == "carta"  # no such genre: as written
    assert names.entity("country/us", "en", "?") == "United States"
    assert names.entity(DEFAULT_BASE_IRI + "country/us", "es", "?") == "Estados Unidos"
    assert names.entity("institution/oit", "en", "?") == "International Labour Organization"
    assert names.entity("region/puno", "en", "Puno") == "Puno"  # no English name: the graph's
    assert names.entity("institution/nowhere", "en", "Nowhere") == "Nowhere"


def test_names_follow_another_base():
    names = Names("https://example.org/kg/")
    assert names.entity("country/us", "en", "?") == "United States"
    assert names.entity(DEFAULT_BASE_IRI + "country/us", "en", "?") == "?"  # not under this base
