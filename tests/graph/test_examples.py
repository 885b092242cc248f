"""The shipped example queries carry a title and a description in each language of the pages."""

from __future__ import annotations

import pytest

from quipu.graph import example_queries
from quipu.graph.examples import example_list, parse_example


@pytest.mark.parametrize("example", example_list(), ids=lambda e: e.name)
def test_each_example_is_titled_and_described_in_spanish_and_english(example):
    assert set(example.titles) == {"es", "en"} and set(example.descriptions) == {"es", "en"}
    assert example.title("es") != example.title("en")
    assert all(len(title) <= 90 for title in example.titles.values())  # a title fits a line of the list


def test_the_header_is_read_and_the_query_kept_whole():
    text = "# title@en: Plans\n# title@es: Planes\n# a free comment\nSELECT * WHERE { ?s ?p ?o }\n# not header\n"
    example = parse_example("plans", text)
    assert example.title("es") == "Planes" and example.title("en") == "Plans"
    assert example.title("fr") == "Plans" and example.description("es") == "Planes"  # English, then the title
    assert example.query == text
    assert parse_example("bare", "SELECT * WHERE { ?s ?p ?o }").title("es") == "bare"


def test_the_examples_are_rebased_like_the_query_texts():
    base = "https://example.org/kg/"
    assert {e.name: e.query for e in example_list(base)} == example_queries(base)
    assert all("https://w3id.org/quipu/id/" not in e.query for e in example_list(base))
