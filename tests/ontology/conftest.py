"""Fixtures for the ontology tests: the Turtle files parsed once per session."""

from __future__ import annotations

import pytest
from rdflib import Graph

from quipu.ontology import turtle_files


def parse(name: str) -> Graph:
    """One ontology file, by name."""
    (path,) = [p for p in turtle_files() if p.name == name]
    return Graph().parse(path, format="turtle")


@pytest.fixture(scope="session")
def ontology() -> Graph:
    """Every ontology file but the extraction seeds in one graph, as the pipeline loads them."""
    graph = Graph()
    for path in turtle_files(seeds=False):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="session")
def regions() -> Graph:
    return parse("regions.ttl")


@pytest.fixture(scope="session")
def glossary() -> Graph:
    return parse("glossary.ttl")


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return parse("shapes.ttl")
