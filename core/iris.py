"""Where Quipu's IRIs come from: one place, so every part mints the same ones.

Every IRI Quipu writes lies under one base (QUIPU_BASE_IRI). The shipped vocabularies
(``ontology/*.ttl``) and the extraction's rule IRIs are written once, under
:data:`DEFAULT_BASE_IRI`; :func:`rebase` and :func:`rebase_triples` move them under the
configured base where they are written to a store, so another base holds end to end (a
region minted as ``<base>region/puno`` meets its ubigeo code from ``regions.ttl``). The
ontology's own terms (``https://w3id.org/quipu/ontology#``) are not instances and stay.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import URIRef
from rdflib.term import Node

from quipu.ontology import ONTOLOGY_IRI

ONTOLOGY_GRAPH = URIRef(ONTOLOGY_IRI)

# The namespace of every IRI Quipu mints (QUIPU_BASE_IRI) and of the shipped vocabularies'
# instances (ontology/*.ttl are written under it and rebased when another base is set).
DEFAULT_BASE_IRI = "https://w3id.org/quipu/id/"

Triple = tuple[Node, Node, Node]


def normal_base(base: str) -> str:
    """``base`` ending in '/' or '#', so that a key can be appended to it."""
    return base if base.endswith(("/", "#")) else base + "/"


def rebase(iri: str, base: str) -> str:
    """``iri`` moved from :data:`DEFAULT_BASE_IRI` to ``base``; any other IRI as it is.

    Used on what was written under the default base once and for all (vocabulary files,
    rule IRIs kept in facts files), so those files never need to know the configured base.
    """
    if iri.startswith(DEFAULT_BASE_IRI):
        return normal_base(base) + iri[len(DEFAULT_BASE_IRI) :]
    return iri


def rebase_term(term: Node, base: str) -> Node:
    """An IRI term moved like :func:`rebase`; literals and blank nodes unchanged (a literal
    is text: a quote that cites an IRI must keep citing it as written)."""
    if isinstance(term, URIRef):
        moved = rebase(str(term), base)
        return term if moved == str(term) else URIRef(moved)
    return term


def rebase_triples(triples: Iterable[Triple], base: str) -> Iterator[Triple]:
    """Every IRI of ``triples`` under ``base`` instead of :data:`DEFAULT_BASE_IRI`.

    With the default base this yields the triples unchanged, so it costs one comparison
    per term where the base is not configured.
    """
    if normal_base(base) == DEFAULT_BASE_IRI:
        yield from triples
        return
    for s, p, o in triples:
        yield rebase_term(s, base), rebase_term(p, base), rebase_term(o, base)


class IRIs:
    """Mints the IRIs of documents, passages and their named graphs under a base IRI."""

    def __init__(self, base: str) -> None:
        self.base = normal_base(base)

    def document(self, document_id: str) -> URIRef:
        return URIRef(f"{self.base}document/{document_id}")

    def passage(self, passage_id: str) -> URIRef:
        return URIRef(f"{self.base}passage/{passage_id}")

    def document_graph(self, document_id: str) -> URIRef:
        """The named graph of one document's metadata and passages."""
        return URIRef(f"{self.base}graph/document/{document_id}")

    def facts_graph(self, document_id: str) -> URIRef:
        """The named graph of what one document states: mentions, links, observations."""
        return URIRef(f"{self.base}graph/facts/{document_id}")

    @property
    def entities_graph(self) -> URIRef:
        """The one named graph where each entity of the corpus is described once."""
        return URIRef(f"{self.base}graph/entities")

    def rebased(self, iri: str) -> URIRef:
        """An IRI written under the default base once and for all (a rule, a column role,
        a vocabulary term), moved under this base."""
        return URIRef(rebase(iri, self.base))
