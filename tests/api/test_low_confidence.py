"""A query nothing in the corpus is close to: the API, the page and the CLI say so
(quipu.search.confidence), and suggest what to search for instead."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from quipu.api.web.messages import catalog

QUESTION = "¿Qué servicios ofrece la bolsa de trabajo?"


def search(http, q: str) -> dict:
    response = http.get("/v1/search", params={"q": q})
    assert response.status_code == 200, response.text
    return response.json()


def page(http, q: str) -> str:
    response = http.get("/", params={"q": q, "lang": "es"})
    assert response.status_code == 200, response.text
    return response.text


def test_nonsense_is_flagged_and_its_hits_still_returned(http):
    body = search(http, "zzzqqq")
    assert body["low_confidence"] is True
    assert body["results"]  # a client may want the least far passages all the same


def test_a_real_question_is_not_flagged(http):
    body = search(http, QUESTION)
    assert body["low_confidence"] is False
    assert body["suggestions"] == []


@pytest.mark.parametrize(
    ("query", "suggested"),
    [
        pytest.param("bolsa de trabjo", "bolsa de trabajo", id="a typo: the query respelt"),
        pytest.param("Lamkasun", "Llamkasun Perú", id="a misspelt name: the entity"),
    ],
)
def test_a_misspelling_gets_suggestions(http, query, suggested):
    assert suggested in search(http, query)["suggestions"]


def test_the_page_of_nonsense_says_nothing_close_was_found_and_marks_no_answer(http):
    html = page(http, "zzzqqq")
    assert catalog("es")["nothing_close"].format(q="zzzqqq") in html
    assert "<mark>" not in html  # no passage is shown as if it answered
    assert 'class="count"' not in html  # nor counted as results ("20 de 99 pasajes")
    assert '<details class="far">' in html


def test_the_page_links_the_suggestions_to_their_searches(http):
    html = page(http, "bolsa de trabjo")
    assert 'href="/?q=bolsa+de+trabajo"' in html


def test_the_page_of_a_real_question_marks_its_answers(http):
    html = page(http, QUESTION)
    assert "<mark>" in html
    assert catalog("es")["nothing_close"].split("«")[0] not in html


@pytest.fixture(scope="module")
def quipu(corpus_settings, corpus_ingest):
    env = {**os.environ, "QUIPU_DATA_DIR": str(corpus_settings.data_dir), "QUIPU_CORPUS_DIR": str(corpus_settings.corpus_dir)}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "quipu.api.cli", *args], env=env, capture_output=True, text=True)

    return run


def test_the_cli_says_nothing_close_was_found_and_what_to_try(quipu):
    done = quipu("search", "bolsa de trabjo", "-k", "2")
    assert done.returncode == 0, done.stderr
    assert "Nothing close to the query was found" in done.stdout
    assert "Try instead: bolsa de trabajo" in done.stdout
    body = json.loads(quipu("search", "zzzqqq", "--json", "-k", "2").stdout)
    assert body["low_confidence"] is True and "suggestions" in body
