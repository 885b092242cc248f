"""RDF terms as both stores need them: checked IRIs, variables bound to IRIs, rdflib ↔ pyoxigraph.

Quipu builds its triples with rdflib (readable, and what plugins know) and stores them
with pyoxigraph (fast, and it serialises every format). This module is the one crossing
between the two, and the one gate for IRIs that come from a request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from quipu.core.errors import QueryError

Triple = tuple[Node, Node, Node]
Bindings = Mapping[str, str]  # variable name → IRI, bound as a term, never pasted into the text
Term = ox.NamedNode | ox.BlankNode | ox.Literal


def iri_term(iri: str) -> ox.NamedNode:
    """An IRI as a term, or :class:`QueryError` when it is not a valid absolute IRI.

    This is the one gate for IRIs that come from a request (a path, a parameter):
    pyoxigraph parses them by RFC 3987, so no ``>``, ``{`` or space can reach a query.
    """
    try:
        return ox.NamedNode(iri)
    except (ValueError, TypeError):
        raise QueryError(f"{iri[:200]!r} is not a valid IRI") from None


_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


def bind(sparql: str, bindings: Bindings | None) -> str:
    """The query with each bound variable replaced by its IRI, written by pyoxigraph.

    The IRIs are checked by :func:`iri_term` (RFC 3987: no ``>``, braces or spaces), so
    each becomes exactly one term of the query and can never add syntax to it. (pyoxigraph's
    own ``substitutions`` needs every bound variable in the projection, and a remote
    endpoint takes no bindings at all, so both stores bind this way.)
    """
    if not bindings:
        return sparql
    head = re.split(r"\bWHERE\b|\{", sparql, maxsplit=1, flags=re.IGNORECASE)[0]
    for name in bindings:
        if re.search(rf"[?$]{name}\b", head):
            raise ValueError(f"?{name} is bound, so it cannot also be projected; project another variable")
    terms = {name: str(iri_term(iri)) for name, iri in bindings.items()}
    return _VARIABLE.sub(lambda m: terms.get(m.group(1), m.group(0)), sparql)


def to_oxigraph(term: Node) -> Term:
    """An rdflib term as the equivalent pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} in a graph")


def _subject(term: Term) -> ox.NamedNode | ox.BlankNode:
    if isinstance(term, ox.Literal):
        raise TypeError(f"a literal cannot be the subject of a triple: {term}")
    return term


def _predicate(term: Term) -> ox.NamedNode:
    if not isinstance(term, ox.NamedNode):
        raise TypeError(f"only an IRI can be the predicate of a triple: {term}")
    return term


def oxigraph_triple(subject: Node, predicate: Node, object: Node) -> ox.Triple:
    """An rdflib triple as a pyoxigraph triple; :class:`TypeError` for one RDF does not allow."""
    return ox.Triple(_subject(to_oxigraph(subject)), _predicate(to_oxigraph(predicate)), to_oxigraph(object))


def oxigraph_quads(triples: Iterable[Triple], graph: str) -> Iterator[ox.Quad]:
    """rdflib triples as pyoxigraph quads in the named graph ``graph``."""
    name = ox.NamedNode(graph)
    # A graph repeats its predicates, classes and subjects many times over: each IRI is
    # converted once (a third of the time of writing a large graph went to converting).
    iris: dict[str, ox.NamedNode] = {}

    def convert(term: Node) -> Term:
        if type(term) is URIRef:
            found = iris.get(term)
            if found is None:
                found = iris[term] = ox.NamedNode(str(term))
            return found
        return to_oxigraph(term)

    for s, p, o in triples:
        yield ox.Quad(_subject(convert(s)), _predicate(convert(p)), convert(o), name)


def from_json(binding: Mapping[str, str]) -> Term:
    """A term of a SPARQL 1.1 JSON result (``{"type": "uri", "value": …}``) as a pyoxigraph term."""
    if binding["type"] == "uri":
        return ox.NamedNode(binding["value"])
    if binding["type"] == "bnode":
        return ox.BlankNode(binding["value"])
    if "xml:lang" in binding:
        return ox.Literal(binding["value"], language=binding["xml:lang"])
    if "datatype" in binding:
        return ox.Literal(binding["value"], datatype=ox.NamedNode(binding["datatype"]))
    return ox.Literal(binding["value"])


def json_quad(row: Mapping[str, Mapping[str, str]], graph: str = "g") -> ox.Quad:
    """One row of ``SELECT ?g ?s ?p ?o`` in SPARQL JSON as a pyoxigraph quad."""
    name = from_json(row[graph])
    if isinstance(name, ox.Literal):
        raise TypeError(f"a literal cannot name a graph: {name}")
    return ox.Quad(_subject(from_json(row["s"])), _predicate(from_json(row["p"])), from_json(row["o"]), name)
