"""The embedded Oxigraph store: named graphs per document, union default graph, formats."""

import csv
import io
import json

import pytest
from rdflib import Graph, Literal, URIRef

from quipu.core.errors import QueryError
from quipu.graph import OxigraphStore

EX = "http://example.org/"
G1, G2 = URIRef(EX + "g1"), URIRef(EX + "g2")


def triples(n: int, tag: str):
    return [(URIRef(f"{EX}{tag}{i}"), URIRef(EX + "p"), Literal(f"valor {i}", lang="es")) for i in range(n)]


@pytest.fixture()
def store(tmp_path):
    store = OxigraphStore(tmp_path / "graph")
    store.replace_graph(G1, triples(3, "a"))
    store.replace_graph(G2, triples(2, "b"))
    yield store
    store.close()


def count(store) -> int:
    body = json.loads(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").body)
    return int(body["results"]["bindings"][0]["n"]["value"])


def test_default_graph_is_the_union_of_named_graphs(store):
    assert count(store) == 5
    assert store.graph_names() == [G1, G2]


def test_replace_graph_replaces_only_that_graph(store):
    store.replace_graph(G1, triples(1, "c"))
    assert count(store) == 3
    assert store.select(f"SELECT ?s WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}") == [{"s": EX + "c0"}]


def test_drop_graph(store):
    store.drop_graph(G2)
    assert store.graph_names() == [G1]


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        pytest.param([], "application/sparql-results+json", id="default JSON"),
        pytest.param(["application/sparql-results+xml"], "application/sparql-results+xml", id="XML"),
        pytest.param(["text/csv"], "text/csv", id="CSV"),
        pytest.param(["text/tab-separated-values"], "text/tab-separated-values", id="TSV"),
    ],
)
def test_select_results_in_each_format(store, accept, media_type):
    result = store.query(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s", accept=accept)
    assert result.media_type == media_type
    if media_type == "text/csv":
        rows = list(csv.reader(io.StringIO(result.body.decode())))
        assert rows[0] == ["s"] and len(rows) == 6


def test_construct_gives_parseable_turtle(store):
    result = store.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert result.media_type == "text/turtle"
    assert len(Graph().parse(data=result.body, format="turtle")) == 5


def test_syntax_error_is_a_query_error_with_the_parser_message(store):
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        store.query("SELECT WHERE {")


def test_read_only_backup_copies_everything(store, tmp_path):
    store.flush()
    reader = OxigraphStore(store.path, read_only=True)
    reader.backup(tmp_path / "copy")
    assert len(OxigraphStore(tmp_path / "copy")) == 5


def test_rdflib_dataset_view_sees_the_same_quads(store):
    assert len(list(store.dataset.quads((None, None, None, None)))) == 5
