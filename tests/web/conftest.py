"""A real HTTP server with the web pages, and a headless Chromium to drive them.

The pages are those of the real `quipu serve` process over the ingested corpus (the
session fixture ``server``). Chromium is the Debian package (``/usr/bin/chromium``, which
the Makefile installs) driven by Playwright; without either, the browser tests are skipped.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("QUIPU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def web_server(server: str) -> str:
    """The running `quipu serve` process of tests/conftest.py, with its caches warmed once."""
    httpx.get(f"{server}/?q=empleo", timeout=120)
    return server


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture()
def page(browser, web_server):
    context = browser.new_context(base_url=web_server, viewport={"width": 1280, "height": 900}, locale="es-PE")
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture()
def phone(browser, web_server):
    context = browser.new_context(
        base_url=web_server, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, locale="es-PE",
        has_touch=True,
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, *, full_page: bool = False) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
