"""The shipped ontology and vocabularies as they go into a store: under the configured base.

``ontology/*.ttl`` write their instances (regions with their ubigeo codes, schemes, column
roles, the indicators' data set) under :data:`~quipu.core.iris.DEFAULT_BASE_IRI`. The
entities Quipu mints are under QUIPU_BASE_IRI; so that ``<base>region/puno`` from a
document and ``region:puno`` of ``regions.ttl`` are one node, the files are rebased on
the way into the store, here, and nowhere else.

The pages name things through the same files: :func:`names_by_language` (an entity's,
region's or concept's name in each language) and :func:`scheme_concepts` (units and
document genres, with their labels and symbols).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from quipu.core.iris import DEFAULT_BASE_IRI, normal_base, rebase_triples
from quipu.core.text import fold
from quipu.ontology import path as ontology_path
from quipu.ontology import turtle_files

SHAPES_FILE = "shapes.ttl"
QUDT = Namespace("http://qudt.org/schema/qudt/")


def _rebased(graph: Graph, base: str) -> Graph:
    if normal_base(base) == DEFAULT_BASE_IRI:
        return graph
    moved = Graph()
    for triple in rebase_triples(graph, base):
        moved.add(triple)
    return moved


def vocabulary_graph(base: str = DEFAULT_BASE_IRI) -> Graph:
    """Everything the store's ontology graph holds: the ontology, its shapes and the reference
    vocabularies (not the extraction seeds, whose entities enter only when mentioned)."""
    graph = Graph()
    for path in turtle_files(seeds=False):
        graph.parse(path, format="turtle")
    return _rebased(graph, base)


def shapes_graph(base: str = DEFAULT_BASE_IRI) -> Graph:
    """The SHACL shapes of ``ontology/shapes.ttl``, naming schemes and kinds under ``base``."""
    return _rebased(Graph().parse(ontology_path(SHAPES_FILE), format="turtle"), base)


def ontology_graph(base: str = DEFAULT_BASE_IRI) -> Graph:
    """The ontology and vocabularies without the shapes: what SHACL validation reasons over."""
    graph = Graph()
    for path in turtle_files(seeds=False):
        if path.name != SHAPES_FILE:
            graph.parse(path, format="turtle")
    return _rebased(graph, base)


_PROPERTY_CLASSES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


@cache
def _labelled_properties() -> dict[str, dict[str, str]]:
    """Language -> property IRI -> its rdfs:label, for every property the shipped files declare."""
    graph = ontology_graph()
    found: dict[str, dict[str, str]] = {}
    for prop, label in graph.subject_objects(RDFS.label):
        types = set(graph.objects(prop, RDF.type))
        # A declared property, or a borrowed term labelled without a type (org:subOrganizationOf).
        if (types & set(_PROPERTY_CLASSES) or not types) and isinstance(label, Literal) and label.language:
            found.setdefault(label.language, {}).setdefault(str(prop), str(label))
    return found


def property_labels(lang: str) -> dict[str, str]:
    """The human name in ``lang`` (``es``, ``en``) of each property of the ontology, by IRI:
    ``"ejecutado por"`` for qp:runBy. Properties are not rebased, so no base is needed; a
    property the files do not label (one borrowed from another vocabulary) is absent, and
    a language they have no labels in gives an empty map. Read once."""
    return dict(_labelled_properties().get(lang, {}))


# ------------------------------------------------------------------ names of things, for people

# How a thing is named in a language, best first: an alternative label is a name too (the
# seeds give United Nations agencies their English names that way), never an acronym.
_NAMING = (SKOS.prefLabel, RDFS.label, SKOS.altLabel)


@dataclass(frozen=True)
class Concept:
    """A concept of a shipped SKOS scheme, as a page names it."""

    iri: str
    notation: str | None
    labels: Mapping[str, str]  # language -> its name (skos:prefLabel)
    names: frozenset[str]  # every label (any language) and the notation, folded
    symbol: str | None  # qudt:symbol (units: "%", "S/")


@cache
def _shipped(base: str) -> Graph:
    # Every Turtle file, the extraction seeds too (their entities are named there), read once.
    graph = Graph()
    for path in turtle_files():
        graph.parse(path, format="turtle")
    return _rebased(graph, base)


@cache
def names_by_language(base: str = DEFAULT_BASE_IRI) -> Mapping[str, Mapping[str, str]]:
    """Each IRI the shipped files name, with its name per language tag (``{"es": …, "en": …}``).

    The name is the skos:prefLabel in that language, else the rdfs:label, else the first
    skos:altLabel (by text): what a page in that language shows for an entity, a region, a
    country or a concept. IRIs are under ``base``, as in the store. Read once per base.
    """
    graph = _shipped(normal_base(base))
    found: dict[str, dict[str, str]] = {}
    for predicate in _NAMING:
        for subject, label in sorted(graph.subject_objects(predicate), key=lambda so: (str(so[0]), str(so[1]))):
            if isinstance(subject, URIRef) and isinstance(label, Literal) and label.language:
                found.setdefault(str(subject), {}).setdefault(label.language.lower(), str(label))
    return found


@cache
def scheme_concepts(scheme: str, base: str = DEFAULT_BASE_IRI) -> tuple[Concept, ...]:
    """The concepts of the shipped scheme ``<base>scheme/<scheme>`` (``units``,
    ``document-genres`` …), sorted by IRI, with their names in each language."""
    base = normal_base(base)
    graph = _shipped(base)
    named = names_by_language(base)
    concepts = []
    for iri in sorted(graph.subjects(SKOS.inScheme, URIRef(f"{base}scheme/{scheme}")), key=str):
        notation = graph.value(iri, SKOS.notation)
        labels = [*graph.objects(iri, SKOS.prefLabel), *graph.objects(iri, SKOS.altLabel)]
        if notation is not None:
            labels.append(notation)
        symbol = graph.value(iri, QUDT.symbol)
        concepts.append(
            Concept(
                iri=str(iri),
                notation=str(notation) if notation is not None else None,
                labels=dict(named.get(str(iri), {})),
                names=frozenset(fold(str(label)) for label in labels),
                symbol=str(symbol) if symbol is not None else None,
            )
        )
    return tuple(concepts)
