"""/docs and /redoc render with the network cut off: their scripts come from the app."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

# What a page cannot render without; an image that fails (ReDoc's "by Redocly" logo) is no loss.
NEEDED = {"document", "script", "stylesheet", "xhr", "fetch", "font"}


@pytest.fixture(params=["page", "phone"])  # desktop and phone widths (tests/web/conftest.py)
def offline(request, web_server):
    """A page, with every request not to the test server aborted; yields what was refused."""
    page = request.getfixturevalue(request.param)
    refused: list[tuple[str, str]] = []

    def only_local(route):
        request = route.request
        if request.url.startswith(web_server + "/"):
            route.continue_()
        else:
            refused.append((request.resource_type, request.url))
            route.abort()

    page.context.route("**/*", only_local)
    yield page, refused


def test_swagger_ui_renders_offline(offline, screenshot):
    page, refused = offline
    page.goto("/docs")
    width = "phone" if page.viewport_size["width"] < 600 else "desktop"
    operations = page.locator(".swagger-ui .opblock")
    operations.first.wait_for()
    assert operations.count() >= 5
    assert "/v1/search" in page.locator(".opblock-summary-path").all_inner_texts()
    assert not [r for r in refused if r[0] in NEEDED], refused
    screenshot(page, f"docs-swagger-offline-{width}")


def test_redoc_renders_offline(offline, screenshot):
    page, refused = offline
    page.goto("/redoc")
    width = "phone" if page.viewport_size["width"] < 600 else "desktop"
    items = page.locator("[data-item-id]")
    items.first.wait_for(state="attached")  # on a phone ReDoc folds its menu away
    assert items.count() >= 5
    title = page.locator("h1").first
    assert title.is_visible() and "Quipu" in title.inner_text()
    assert not [r for r in refused if r[0] in NEEDED], refused
    screenshot(page, f"docs-redoc-offline-{width}")
