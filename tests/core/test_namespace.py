"""The qp: namespace in code is generated from ontology/*.ttl and closed."""

import pytest

from quipu.core import codegen
from quipu.core.namespace import QP


def test_generated_vocab_matches_the_ontology_files():
    # If this fails, run `python -m quipu.core.codegen` after editing ontology/*.ttl.
    assert codegen.target().read_text(encoding="utf-8") == codegen.render()


def test_known_terms_resolve_to_ontology_iris():
    assert str(QP.Passage) == "https://w3id.org/quipu/ontology#Passage"


def test_a_typo_fails_instead_of_minting_an_iri():
    with pytest.raises(AttributeError):
        QP.Pasage  # noqa: B018


def test_every_term_has_spanish_and_english_labels_and_definitions():
    from rdflib import Graph
    from rdflib.namespace import RDFS, SKOS

    from quipu.ontology import turtle_files

    graph = Graph()
    for path in turtle_files():
        graph.parse(path)
    for name in codegen.ontology_terms():
        term = QP[name]
        langs = {label.language for label in graph.objects(term, RDFS.label)}
        assert {"es", "en"} <= langs, f"qp:{name} lacks a Spanish or English label"
        assert any(True for _ in graph.objects(term, SKOS.definition)), f"qp:{name} has no definition"
