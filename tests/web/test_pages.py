"""End-to-end tests of the web pages in a real headless Chromium over the ingested corpus."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest

pytestmark = pytest.mark.slow


def test_search_in_spanish_and_open_the_source(page, screenshot):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_label("Pregunta o palabras clave").fill("¿Qué servicios ofrece la Ventanilla Única de Promoción del Empleo?")
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_url(re.compile(r"q=")) 
    hits = page.locator("ol.hits > li")
    assert hits.count() > 0
    first = hits.first
    mark = first.locator("mark")
    assert mark.count() == 1 and mark.inner_text().strip()
    assert page.locator("aside.facets").get_by_role("heading", name="Documento").is_visible()
    screenshot(page, "search-es-results")
    link = first.locator("a.context")
    href = link.get_attribute("href")
    passage_id = href.split("#p-", 1)[1]
    link.click()
    page.wait_for_url(re.compile(r"/documents/.+#p-"))
    target = page.locator(f"[id='p-{passage_id}']")
    assert target.is_visible()
    assert page.evaluate("location.hash") == f"#p-{passage_id}"
    assert page.evaluate("document.querySelector(':target').id") == f"p-{passage_id}"
    # The passage is in view and entity mentions in the document are links to entity pages.
    assert target.evaluate("e => { const r = e.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0 }")
    assert page.locator("a.mention[href^='/entity/']").count() > 0
    screenshot(page, "search-es-passage-in-context")


def test_search_facet_narrows_results(page, screenshot):
    page.goto("/?q=bolsa+de+trabajo")
    total = int(re.search(r"de (\d+) pasajes", page.locator("p.count").inner_text()).group(1))
    facet = page.locator("aside.facets section", has=page.get_by_role("heading", name="Año")).locator("a").first
    year = facet.inner_text().strip()
    facet.click()
    page.wait_for_url(re.compile(r"year="))
    narrowed = int(re.search(r"de (\d+) pasajes", page.locator("p.count").inner_text()).group(1))
    assert 0 < narrowed <= total
    for meta in page.locator("ol.hits p.meta").all_inner_texts():
        assert year in meta
    screenshot(page, "search-es-facet-year")


def test_search_in_english(page, screenshot):
    page.goto("/?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Question or keywords").fill("youth employment programmes in Puno")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q="))
    assert page.get_by_role("heading", name=re.compile("Results for")).is_visible()
    hits = page.locator("ol.hits > li")
    assert hits.count() > 0
    assert hits.first.locator("mark").count() == 1
    screenshot(page, "search-en-results")
    # The language is remembered, and the toggle switches back to Spanish.
    page.goto("/documents")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Español").click()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Documentos").is_visible()


def test_entity_page_and_neighbourhood_link(page, screenshot):
    page.goto("/entity/institution/mtpe")
    assert "Ministerio de Trabajo" in page.locator("h1").inner_text()
    for heading in ("Vecindario", "Datos", "Enlaces entrantes", "Fuentes"):
        assert page.get_by_role("heading", name=heading).is_visible()
    assert page.locator("ol.sources a[href^='/documents/']").count() > 0
    svg = page.locator("figure.hood svg")
    assert svg.is_visible()
    nodes = svg.locator("a.node")
    assert nodes.count() > 2
    screenshot(page, "entity-mtpe")
    # Nodes are keyboard-focusable links with a title for screen readers.
    first = nodes.first
    assert first.locator("title").count() == 1
    first.focus()
    assert page.evaluate("document.activeElement.getAttribute('class')") == "node"
    screenshot(page, "entity-mtpe-node-focused")
    key = first.get_attribute("data-key")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/entity/" + re.escape(key) + "$"))
    assert page.locator("h1").inner_text().strip()
    assert page.locator("figure.hood svg a.node[href='/entity/institution/mtpe']").count() == 1
    screenshot(page, "entity-neighbour-followed")


def test_indicator_page_has_chart_and_table(page, screenshot, web_server):
    rows = httpx.get(f"{web_server}/v1/observations", timeout=30).json()["results"]
    kinds: dict[str, set[str]] = {}
    for row in rows:
        if row["value"] is not None:
            kinds.setdefault(row["indicator_key"], set()).add(row["kind"])
    key = next(k for k, v in sorted(kinds.items()) if k.startswith("indicator/") and {"target", "achieved"} <= v)
    page.goto(f"/entity/{key}")
    assert page.get_by_role("heading", name="Valores del indicador").is_visible()
    chart = page.locator("figure.chart svg")
    assert chart.is_visible()
    assert chart.locator("rect.bar.target").count() >= 1
    assert chart.locator("rect.bar.achieved").count() >= 1
    table = page.locator("table.observations")
    assert table.locator("tbody tr").count() >= 2
    assert "Meta" in table.inner_text() and "Logrado" in table.inner_text()
    chart.scroll_into_view_if_needed()
    screenshot(page, "indicator-chart")


def test_documents_list_and_page(page, screenshot):
    page.goto("/documents")
    rows = page.locator("table.documents tbody tr")
    assert rows.count() >= 5
    screenshot(page, "documents-list")
    rows.first.locator("a").click()
    page.wait_for_url(re.compile(r"/documents/[^/#]+$"))
    assert page.locator("div.passage[id^='p-']").count() > 3
    assert page.locator("article h2").count() >= 1
    screenshot(page, "document-page")


def test_sparql_example_and_csv_download(page, screenshot, web_server):
    page.goto("/query?lang=en")
    page.get_by_role("link", name=re.compile("^Plans")).click()
    page.wait_for_url(re.compile("example=plan-approvals"))
    assert "qp:approvedBy" in page.get_by_label("Query (SPARQL 1.1)").input_value()
    page.get_by_role("button", name="Run").click()
    page.wait_for_url(re.compile(r"query="))
    table = page.locator("table.results")
    assert table.locator("thead th").first.inner_text() == "planLabel"
    assert table.locator("tbody tr").count() > 0
    screenshot(page, "sparql-example-results")
    link = page.get_by_role("link", name="CSV")
    href = link.get_attribute("href")
    assert href.startswith("/sparql?") and "format=csv" in href
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    body = open(download.path(), encoding="utf-8").read()
    table_rows = list(csv.reader(io.StringIO(body)))
    assert table_rows[0][:3] == ["planLabel", "normId", "normLabel"]
    assert len(table_rows) - 1 == table.locator("tbody tr").count()
    json_href = page.get_by_role("link", name="JSON").get_attribute("href")
    answer = httpx.get(web_server + json_href, timeout=30).json()
    assert answer["head"]["vars"][:2] == ["planLabel", "normId"]


def test_sparql_error_is_shown(page):
    page.goto("/query")
    page.get_by_label("Consulta (SPARQL 1.1)").fill("SELEC ?x WHERE { }")
    page.get_by_role("button", name="Ejecutar").click()
    assert page.get_by_role("alert").is_visible()


def test_phone_layout(phone, screenshot):
    phone.goto("/?q=centro+de+empleo")
    assert phone.locator("ol.hits > li").count() > 0
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, "the search page scrolls sideways on a phone"
    screenshot(phone, "phone-search")
    phone.goto("/entity/institution/mtpe")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391
    screenshot(phone, "phone-entity", full_page=False)


def test_skip_link_and_unknown_pages(page, web_server):
    page.goto("/documents")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert skip.is_visible()
    assert httpx.get(f"{web_server}/entity/institution/no-such-thing").status_code == 404
    assert httpx.get(f"{web_server}/documents/no-such-document").status_code == 404
    css = httpx.get(f"{web_server}/static/quipu.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
