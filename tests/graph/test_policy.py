"""What a SPARQL request may make the server do: no federation unless allowed, no deep nesting."""

from __future__ import annotations

import pytest

from quipu.core.errors import QueryError
from quipu.graph import example_queries
from quipu.graph.policy import MAX_DEPTH, allowed, check_query, nesting_depth

DEEP = "SELECT * WHERE {" + "{" * 3000 + "?s ?p ?o" + "}" * 3000 + "}"


@pytest.mark.parametrize(
    "query",
    [
        # the ontology's class and a variable named like the keyword
        "PREFIX qp: <https://w3id.org/quipu/ontology#> SELECT ?service WHERE { ?service a qp:Service }",
        # the service-description vocabulary in a full IRI
        "SELECT * WHERE { ?s <http://www.w3.org/ns/sparql-service-description#endpoint> ?o }",
        # prose in comments and strings that uses the words
        "# services of the ministry, and where to load them from\nSELECT * WHERE { ?s ?p \"service load\" }",
        # braces inside strings and IRIs do not nest
        'SELECT * WHERE { ?s ?p "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{" }',
    ],
)
def test_ordinary_queries_pass(query):
    check_query(query)


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", id="SERVICE"),
        pytest.param("select * where { service silent <http://10.0.0.1/> { ?s ?p ?o } }", id="lower-case SILENT"),
        pytest.param("SELECT * WHERE { VALUES ?e { <http://x/> } ?s ?p ?o .SERVICE ?e { ?a ?b ?c } }", id="variable"),
        pytest.param("PREFIX x: <http://x/> SELECT * WHERE { SERVICE x:sparql { ?s ?p ?o } }", id="prefixed name"),
        pytest.param("SELECT * WHERE { SERVICE #note\n SILENT #note\n <http://x/> {} }", id="comments between"),
        pytest.param(r"SELECT * WHERE { \u0053ERVICE <http://x/> { ?s ?p ?o } }", id="codepoint escape"),
        pytest.param("SELECT * WHERE { FILTER(?a<?b)SERVICE?x#>\n{ ?s ?p ?o } }", id="hidden behind a less-than"),
        pytest.param("INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }", id="in an update"),
        pytest.param("LOAD <http://127.0.0.1:9/data.ttl>", id="LOAD"),
    ],
)
def test_federation_is_refused_by_default(query):
    with pytest.raises(QueryError, match="QUIPU_SPARQL_SERVICE_ALLOW"):
        check_query(query)


@pytest.mark.parametrize(
    ("query", "ok"),
    [
        ("SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", True),  # under the prefix
        ("SELECT * WHERE { SERVICE <https://query.wikidata.org.evil.example/x> { ?s ?p ?o } }", False),  # other host
        ("SELECT * WHERE { SERVICE <http://query.wikidata.org/sparql> { ?s ?p ?o } }", False),  # other scheme
        ("SELECT * WHERE { SERVICE <https://query.wikidata.org/../admin> { ?s ?p ?o } }", False),  # climbs out
        ("SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }", False),  # cannot be checked
    ],
)
def test_allowed_endpoints(query, ok):
    allow = ["https://query.wikidata.org/"]
    if ok:
        check_query(query, service_allow=allow)
    else:
        with pytest.raises(QueryError):
            check_query(query, service_allow=allow)


def test_allowed_compares_host_exactly():
    assert allowed("https://a.example/sparql", ["https://a.example/"])
    assert not allowed("https://a.example.evil/sparql", ["https://a.example"])


def test_deep_nesting_is_refused_before_the_parser_sees_it():
    assert nesting_depth(DEEP) == 3001
    with pytest.raises(QueryError, match=f"more than {MAX_DEPTH} levels"):
        check_query(DEEP)


@pytest.mark.parametrize("name", sorted(example_queries()))
def test_the_shipped_example_queries_pass(name):
    check_query(example_queries()[name])
