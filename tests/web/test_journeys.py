"""What a researcher does first, in a real Chromium at desktop and phone widths.

An English question from an English browser, the README's filtered search, and a query
nothing in the documents is close to. The entity page and /docs offline have their own files
(test_entity_page.py, test_api_docs.py).
"""

from __future__ import annotations

import pytest

from quipu.api.web.messages import catalog

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
}


@pytest.fixture(params=sorted(VIEWPORTS))
def reader(request, browser, web_server):
    """A page at one width; ``reader(locale)`` opens it with the browser's language."""
    contexts = []

    def open_page(locale: str):
        context = browser.new_context(base_url=web_server, locale=locale, **VIEWPORTS[request.param])
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    open_page.width = request.param  # type: ignore[attr-defined]
    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


def spanish_only(text: str) -> list[str]:
    """Messages of the Spanish catalog (not also English) that ``text`` holds."""
    es, en = catalog("es").messages, catalog("en").messages
    return [m for key, m in es.items() if m != en.get(key) and "{" not in m and len(m) > 3 and m in text]


def test_an_english_question_gets_an_english_page_with_a_card(reader, screenshot):
    page = reader("en-GB")
    page.goto("/?q=" + "Which norm approved the POI 2024?".replace(" ", "+"))
    assert page.locator("html").get_attribute("lang") == "en"
    card = page.locator("section.card").first
    assert "approved by" in card.locator("p.fact").first.inner_text()
    assert card.locator("blockquote mark").count() >= 1, "the cited sentence marks the quote"
    ui = page.locator("header, form, section.card h2 .type, section.card .property, p.count, .facets h2, .facets h3")
    assert not spanish_only(" ".join(ui.all_inner_texts()))
    assert page.locator("ol.hits > li").count() >= 3
    screenshot(page, f"journey-english-{reader.width}")


def test_the_readme_filtered_search_is_on_topic(reader, screenshot):
    page = reader("es-PE")
    page.goto("/?q=bolsa+de+trabajo&region=Puno&year=2015")
    hits = page.locator("ol.hits > li")
    assert hits.count() >= 3
    first_three = " ".join(hits.nth(i).inner_text() for i in range(3)).lower()
    assert "bolsa de trabajo" in first_three or "bolsas de trabajo" in first_three
    assert page.locator("ul.chips.active a").count() >= 2  # both filters shown, each removable
    screenshot(page, f"journey-filtered-{reader.width}")


def test_a_query_nothing_is_close_to_says_so(reader, screenshot):
    page = reader("es-PE")
    page.goto("/?q=zzzqqq")
    notice = page.locator(".nothing-close")
    assert notice.is_visible() and "zzzqqq" in notice.inner_text()
    assert page.locator("section.card").count() == 0
    # the least far passages are tucked away, not shown as answers
    assert not page.locator("details.far ol.hits").is_visible()
    assert page.locator("p.count").count() == 0
    screenshot(page, f"journey-nothing-close-{reader.width}")
