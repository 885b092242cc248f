"""Rebasing: what is written under the default base once and for all, moved under QUIPU_BASE_IRI."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef

from quipu.core.iris import DEFAULT_BASE_IRI, IRIs, normal_base, rebase, rebase_triples

OTHER = "https://example.org/kg/"


@pytest.mark.parametrize(
    ("iri", "base", "expected"),
    [
        (DEFAULT_BASE_IRI + "region/puno", OTHER, OTHER + "region/puno"),  # an instance of a vocabulary
        (DEFAULT_BASE_IRI + "rule/vocabulary", OTHER, OTHER + "rule/vocabulary"),  # a rule kept in facts files
        (DEFAULT_BASE_IRI + "region/puno", OTHER.rstrip("/"), OTHER + "region/puno"),  # a base without its slash
        (DEFAULT_BASE_IRI + "x", "urn:quipu#", "urn:quipu#x"),  # a hash base keeps its hash
        ("https://w3id.org/quipu/ontology#Region", OTHER, "https://w3id.org/quipu/ontology#Region"),  # ontology terms stay
        ("https://w3id.org/quipu/ontology", OTHER, "https://w3id.org/quipu/ontology"),  # so does its graph
        ("http://www.wikidata.org/entity/Q419", OTHER, "http://www.wikidata.org/entity/Q419"),  # others' IRIs stay
        (DEFAULT_BASE_IRI + "region/puno", DEFAULT_BASE_IRI, DEFAULT_BASE_IRI + "region/puno"),  # default: as is
    ],
)
def test_rebase(iri, base, expected):
    assert rebase(iri, base) == expected


def test_rebase_triples_moves_iris_only():
    puno = URIRef(DEFAULT_BASE_IRI + "region/puno")
    quote = Literal(f"véase {DEFAULT_BASE_IRI}region/puno")  # text that cites an IRI is text
    blank = BNode()
    triples = [(puno, URIRef(DEFAULT_BASE_IRI + "p"), quote), (blank, URIRef("http://e/p"), puno)]
    moved = list(rebase_triples(triples, OTHER))
    assert moved == [
        (URIRef(OTHER + "region/puno"), URIRef(OTHER + "p"), quote),
        (blank, URIRef("http://e/p"), URIRef(OTHER + "region/puno")),
    ]
    assert list(rebase_triples(triples, DEFAULT_BASE_IRI)) == triples


def test_iris_mint_and_rebase_under_one_base():
    iris = IRIs(OTHER.rstrip("/"))
    assert iris.base == normal_base(OTHER) == OTHER
    assert iris.entities_graph == URIRef(OTHER + "graph/entities")
    assert iris.rebased(DEFAULT_BASE_IRI + "column-role/target") == URIRef(OTHER + "column-role/target")
