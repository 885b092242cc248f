"""The ontology files: they parse, cover the extraction's value model and align to W3C/EU terms."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, QB, SKOS

from quipu.graph import QP
from quipu.ingest.facts import ENTITY_TYPES, LINK_PREDICATES
from quipu.ontology import NAMESPACE, turtle_files

CPSV = Namespace("http://purl.org/vocab/cpsv#")
CV = Namespace("http://data.europa.eu/m8g/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
GEOSPARQL = Namespace("http://www.opengis.net/ont/geosparql#")
ID = Namespace("https://w3id.org/quipu/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")


def parse(name: str) -> Graph:
    """One ontology file, by name."""
    (path,) = [p for p in turtle_files() if p.name == name]
    return Graph().parse(path, format="turtle")


EXPECTED_FILES = ["columns.ttl", "entities.ttl", "glossary.ttl", "quipu.ttl", "regions.ttl", "schemes.ttl", "shapes.ttl"]


@pytest.mark.parametrize("name", EXPECTED_FILES)
def test_every_file_parses_and_is_not_empty(name):
    assert len(parse(name)) > 20


def test_the_ontology_folder_holds_exactly_the_expected_files():
    # A new file is loaded into the ontology graph and scanned by codegen; add it here on purpose.
    assert [p.name for p in turtle_files()] == EXPECTED_FILES


@pytest.mark.parametrize("name", [n for n in EXPECTED_FILES if n != "quipu.ttl"])
def test_only_quipu_ttl_defines_terms_of_the_qp_namespace(name):
    # Shapes, schemes and data use their own IRIs, so codegen does not turn them into QP terms.
    graph = parse(name)
    leaked = {s for s in graph.subjects() if str(s).startswith(NAMESPACE)}
    assert not leaked


# Entity type of quipu.ingest.facts -> the class its entities get.
# The mapping the graph code uses; every extraction type must have an ontology class.
from quipu.graph.facts import CLASSES as ENTITY_CLASSES  # noqa: E402


def test_the_entity_class_table_covers_every_entity_type():
    assert set(ENTITY_CLASSES) == set(ENTITY_TYPES)


@pytest.mark.parametrize("entity_type", sorted(ENTITY_CLASSES))
def test_each_entity_type_has_an_owl_class(ontology, entity_type):
    assert (ENTITY_CLASSES[entity_type], RDF.type, OWL.Class) in ontology


# Link predicate of quipu.ingest.facts -> the property that writes it (see the table in quipu.ttl).
LINK_PROPERTIES = {
    "runs": QP.runBy,  # reversed
    "funds": QP.fundedBy,  # reversed
    "evaluates": QP.evaluatedBy,  # reversed
    "operatesIn": QP.operatesIn,
    "createdBy": QP.createdBy,
    "approvedBy": QP.approvedBy,
    "regulatedBy": QP.regulatedBy,
    "partOf": QP.partOf,
    "subOrganizationOf": ORG.subOrganizationOf,
    "cites": ELI.cites,
    "amends": ELI.amends,
    "measures": QP.measures,
    "responsibleUnit": QP.responsibleUnit,
    "competentAuthority": QP.competentAuthority,
}


def test_the_link_property_table_covers_every_link_predicate():
    assert set(LINK_PROPERTIES) == set(LINK_PREDICATES)


@pytest.mark.parametrize("predicate", sorted(p for p, prop in LINK_PROPERTIES.items() if prop in QP))
def test_each_qp_link_property_is_an_object_property(ontology, predicate):
    assert (LINK_PROPERTIES[predicate], RDF.type, OWL.ObjectProperty) in ontology


def test_every_qp_property_declares_whether_it_links_or_holds_a_value(ontology):
    properties = {s for s in ontology.subjects(RDFS.subPropertyOf, None) if s in QP}
    properties |= {s for s in ontology.subjects(RDFS.domain, None) if s in QP}
    properties |= {s for s in ontology.subjects(RDFS.range, None) if s in QP}
    untyped = [
        p for p in properties
        if (p, RDF.type, OWL.ObjectProperty) not in ontology and (p, RDF.type, OWL.DatatypeProperty) not in ontology
    ]
    assert not untyped


# (term, relation, W3C/EU term it must reach through one or more steps)
ALIGNMENTS = [
    (QP.Norm, RDFS.subClassOf, ELI.LegalResource),
    (QP.Institution, RDFS.subClassOf, ORG.Organization),
    (QP.Programme, RDFS.subClassOf, SCHEMA.Project),
    (QP.Service, RDFS.subClassOf, CPSV.PublicService),
    (QP.Region, RDFS.subClassOf, DCTERMS.Location),
    (QP.Region, RDFS.subClassOf, SKOS.Concept),
    (QP.Country, RDFS.subClassOf, DCTERMS.Location),
    (QP.Place, RDFS.subClassOf, DCTERMS.Location),
    (QP.Indicator, RDFS.subClassOf, SKOS.Concept),
    (QP.StrategicObjective, RDFS.subClassOf, SKOS.Concept),
    (QP.StrategicAction, RDFS.subClassOf, SKOS.Concept),
    (QP.Observation, RDFS.subClassOf, QB.Observation),
    (QP.Mention, RDFS.subClassOf, OA.Annotation),
    (QP.Statement, RDFS.subClassOf, RDF.Statement),
    (QP.normType, RDFS.subPropertyOf, ELI.type_document),
    (QP.createdBy, RDFS.subPropertyOf, CV.hasLegalResource),  # via qp:legalBasis
    (QP.approvedBy, RDFS.subPropertyOf, CV.hasLegalResource),
    (QP.regulatedBy, RDFS.subPropertyOf, CV.hasLegalResource),
    (QP.fundedBy, RDFS.subPropertyOf, SCHEMA.funder),
    (QP.partOf, RDFS.subPropertyOf, DCTERMS.isPartOf),
    (QP.operatesIn, RDFS.subPropertyOf, DCTERMS.spatial),
    (QP.targetGroup, RDFS.subPropertyOf, DCTERMS.audience),
    (QP.competentAuthority, RDFS.subPropertyOf, CV.hasCompetentAuthority),
    (QP.evaluates, RDFS.subPropertyOf, DCTERMS.subject),
    (QP.ubigeo, RDFS.subPropertyOf, SKOS.notation),
    (QP.iso3166, RDFS.subPropertyOf, SKOS.notation),
    (QP.acronym, RDFS.subPropertyOf, SKOS.altLabel),
]


@pytest.mark.parametrize(("term", "relation", "target"), ALIGNMENTS, ids=lambda x: str(x).rsplit("/", 1)[-1])
def test_terms_are_aligned_to_standard_vocabularies(ontology, term, relation, target):
    assert target in set(ontology.transitive_objects(term, relation)) - {term}


@pytest.mark.parametrize("prop", [QP.createdBy, QP.approvedBy, QP.regulatedBy])
def test_legal_basis_properties_share_one_parent(ontology, prop):
    assert (prop, RDFS.subPropertyOf, QP.legalBasis) in ontology


def concepts_of(graph: Graph, scheme: URIRef) -> set[URIRef]:
    return set(graph.subjects(SKOS.inScheme, scheme))


def test_observation_kinds_are_exactly_the_extractions_kinds(ontology):
    from typing import get_args

    from quipu.ingest.facts import ObservationKind

    kinds = concepts_of(ontology, ID["scheme/observation-kinds"])
    assert {str(ontology.value(k, SKOS.notation)) for k in kinds} == set(get_args(ObservationKind))
    # The IRI is the kind as facts.py spells it, so the mapping needs no table.
    assert all(k == ID[f"observation-kind/{ontology.value(k, SKOS.notation)}"] for k in kinds)


NORM_TYPES = ["LEY", "DL", "DS", "DU", "RM", "RVM", "RSG", "RD", "RER", "OR", "DIR", "RPCD", "OM", "RA", "DA", "AC", "ACR", "DR"]


def test_norm_types_have_unique_notations_including_the_required_ones(ontology):
    notations = [str(ontology.value(c, SKOS.notation)) for c in concepts_of(ontology, ID["scheme/norm-types"])]
    assert len(notations) == len(set(notations))
    assert set(NORM_TYPES) <= set(notations)
    for concept in concepts_of(ontology, ID["scheme/norm-types"]):
        assert concept == ID[f"norm-type/{str(ontology.value(concept, SKOS.notation)).lower()}"]


INSTITUTION_KINDS = [
    "ministry", "vice-ministry", "general-directorate", "directorate", "office", "regional-government",
    "regional-directorate", "executing-unit", "un-agency", "fund", "ngo", "other",
]


def test_institution_kinds_are_the_required_ones(ontology):
    assert concepts_of(ontology, ID["scheme/institution-kinds"]) == {ID[f"institution-kind/{k}"] for k in INSTITUTION_KINDS}


def test_units_are_exactly_the_graphs_units(ontology):
    from quipu.graph.facts import UNITS

    units = concepts_of(ontology, ID["scheme/units"])
    assert {str(ontology.value(u, SKOS.notation)): ontology.value(u, SKOS.exactMatch) for u in units} == UNITS


@pytest.mark.parametrize(
    "scheme", ["norm-types", "institution-kinds", "observation-kinds", "government-levels", "units", "document-genres"]
)
def test_scheme_concepts_have_spanish_and_english_labels(ontology, scheme):
    concepts = concepts_of(ontology, ID[f"scheme/{scheme}"])
    assert concepts
    for concept in concepts:
        assert {label.language for label in ontology.objects(concept, SKOS.prefLabel)} == {"es", "en"}, concept


def test_the_indicator_data_set_has_the_agreed_structure(ontology):
    dsd = ontology.value(ID["dataset/indicators"], QB.structure)
    assert dsd == ID["dsd/indicators"]
    components = list(ontology.objects(dsd, QB.component))
    dimensions = {ontology.value(c, QB.dimension) for c in components} - {None}
    measures = {ontology.value(c, QB.measure) for c in components} - {None}
    attributes = {ontology.value(c, QB.attribute) for c in components} - {None}
    assert dimensions == {QP.indicator, QP.observationKind, SDMX_DIMENSION.refPeriod}
    assert measures == {SDMX_MEASURE.obsValue}
    assert attributes == {QP.rawValue, SDMX_ATTRIBUTE.unitMeasure, QP.breakdown}  # breakdown: the row of a table by place, course or service
    assert (QP.observationKind, QB.codeList, ID["scheme/observation-kinds"]) in ontology


def test_places_lie_within_regions_through_geosparql(ontology):
    assert (QP.Place, RDFS.subClassOf, GEOSPARQL.Feature) in ontology
    assert PROV.Entity in set(ontology.transitive_objects(QP.Mention, RDFS.subClassOf))
