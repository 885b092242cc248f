"""Content negotiation for SPARQL results."""

import pytest

from quipu.graph.formats import DEFAULT_RESULTS, RESULTS_FORMATS, choose, parse_accept


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param(None, [], id="no header"),
        pytest.param("text/csv", ["text/csv"], id="one type"),
        # q-values order the list; position breaks ties
        pytest.param("text/csv;q=0.5, application/sparql-results+xml", ["application/sparql-results+xml", "text/csv"], id="q-values"),
        pytest.param("text/csv;q=0", [], id="q=0 means not acceptable"),
        pytest.param("*/*", ["*/*"], id="anything"),
    ],
)
def test_parse_accept(header, expected):
    assert parse_accept(header) == expected


@pytest.mark.parametrize(
    ("accepted", "expected"),
    [
        pytest.param([], DEFAULT_RESULTS, id="nothing asked: SPARQL JSON"),
        pytest.param(["*/*"], DEFAULT_RESULTS, id="browser default"),
        pytest.param(["text/html", "text/csv"], "text/csv", id="first offered one wins"),
        pytest.param(["application/json"], DEFAULT_RESULTS, id="plain JSON means SPARQL JSON"),
        pytest.param(["tsv"], "text/tab-separated-values", id="short name"),
    ],
)
def test_choose(accepted, expected):
    assert choose(accepted, list(RESULTS_FORMATS), DEFAULT_RESULTS) == expected
