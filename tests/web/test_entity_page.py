"""An entity's page in a real Chromium, at desktop and phone widths, and a search on a phone.

What is checked is the page's shape, never the corpus's words: the labels drawn are the
labels the graph gives, the edge labels those of the ontology (through the vocabulary
module), the headings those of the message catalog.
"""

from __future__ import annotations

import re

import pytest

from quipu.api.web.messages import catalog
from quipu.graph.vocabulary import property_labels

pytestmark = pytest.mark.slow

ENTITY = "/entity/institution/mtpe"  # the ministry: many neighbours, many mentions


def words(page):
    """The catalog of the language the page is in."""
    return catalog(page.locator("html").get_attribute("lang"))


def check_picture(page) -> None:
    """Every neighbour's label whole (as its <title> names it), the links named, a legend."""
    t = words(page)
    svg = page.locator("figure.hood svg")
    assert svg.is_visible()
    nodes = svg.locator("a.node")
    assert nodes.count() > 2
    shown = []
    for node in nodes.all():
        title = node.locator("title").text_content()
        label = re.sub(r" \([^()]*\)$", "", title)  # "<label> (<type>)"
        text = " ".join(node.locator("tspan").all_text_contents())
        assert text == label, "a label is cut or changed in the picture"
        assert "…" not in text
        shown.append(text)
    assert len(set(shown)) == len(shown), "two neighbours read the same"
    names = set(property_labels(t.lang).values())
    edge_labels = [t.strip() for t in svg.locator("text.edge-label tspan").all_text_contents()]
    assert edge_labels, "the links carry no names"
    assert any(label in names for label in edge_labels), edge_labels
    legend = svg.locator("g.legend").text_content()
    assert t["legend_link"] in legend and t["legend_side"] in legend
    assert t.type_name("institution") in legend


def check_sections(page) -> None:
    """Facts come before the mentions, and the mentions are grouped by document, each a
    quoted sentence with the mention marked."""
    t = words(page)
    facts = page.get_by_role("heading", name=t["facts"], exact=True)
    sources = page.get_by_role("heading", name=t["sources"], exact=True)
    assert facts.bounding_box()["y"] < sources.bounding_box()["y"]
    groups = page.locator("ol.sources > li.source-doc")
    assert groups.count() >= 2
    documents = [g.locator("h3 a").get_attribute("href") for g in groups.all()]
    assert all(href.startswith("/documents/") and "#" not in href for href in documents)
    assert len(set(documents)) == len(documents), "a document is listed twice"
    in_context = []
    for group in groups.all():
        quotes = group.locator("ul.quotes > li blockquote")
        assert quotes.count() >= 1
        for quote in quotes.all():
            text, marked = quote.inner_text(), " ".join(quote.locator("mark").all_inner_texts())
            assert marked, "a quote marks no mention"
            assert "**" not in text and "<b>" not in text
            in_context.append(len(text) > len(marked) + 20)
        assert group.locator("ul.quotes a[href*='#p-']").count() == quotes.count()
    # Quotes are sentences round the mention (a heading may be the mention and little more).
    assert sum(in_context) >= len(in_context) / 2, "the quotes are the mentions alone, not their sentences"


def test_entity_page_on_a_desktop(page, screenshot):
    page.goto(ENTITY)
    assert page.locator("h1").inner_text().strip()
    check_picture(page)
    check_sections(page)
    screenshot(page, "entity-desktop", full_page=True)
    page.locator("figure.hood").scroll_into_view_if_needed()
    screenshot(page, "entity-desktop-neighbourhood")


def test_entity_page_on_a_phone(phone, screenshot):
    phone.goto(ENTITY)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391, "the page scrolls sideways"
    check_picture(phone)
    # The picture keeps its labels legible: it scrolls inside its figure, not the page.
    figure = phone.locator("figure.hood")
    assert figure.evaluate("f => f.scrollWidth > f.clientWidth")
    check_sections(phone)
    screenshot(phone, "entity-phone")
    figure.scroll_into_view_if_needed()
    screenshot(phone, "entity-phone-neighbourhood")
    phone.locator("ol.sources").scroll_into_view_if_needed()
    screenshot(phone, "entity-phone-sources")


def test_phone_search_shows_the_first_result_above_the_fold(phone, screenshot):
    phone.goto("/?q=centro+de+empleo")
    t = words(phone)
    fold = phone.evaluate("innerHeight")
    header = phone.locator("header.site").bounding_box()
    assert header["height"] <= 90, header
    first = phone.locator("section.card, ol.hits > li").first
    title = first.locator("h2").first.bounding_box()
    assert title["y"] + title["height"] <= fold, f"the first result starts at {title['y']:.0f}px of {fold}px"
    # The search field still has its label for screen readers, and the page fits the phone.
    assert phone.get_by_label(t["search_label"]).is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391
    screenshot(phone, "phone-search-above-the-fold")
