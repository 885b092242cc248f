"""SHACL shapes: correct data conforms, each kind of broken data is reported.

pyshacl is an optional dependency here: the validation tests skip without it, the static
checks of the shapes file always run.
"""

from __future__ import annotations

import functools

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import SH

from quipu.graph import QP

QPS = Namespace("https://w3id.org/quipu/shapes#")

PREFIXES = """
@prefix qp:   <https://w3id.org/quipu/ontology#> .
@prefix id:   <https://w3id.org/quipu/id/> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:  <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix eli:  <http://data.europa.eu/eli/ontology#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix qb:   <http://purl.org/linked-data/cube#> .
@prefix oa:   <http://www.w3.org/ns/oa#> .
@prefix geo:  <http://www.opengis.net/ont/geosparql#> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix sdmx-measure:   <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix nt:   <https://w3id.org/quipu/id/norm-type/> .
@prefix ok:   <https://w3id.org/quipu/id/observation-kind/> .
@prefix ik:   <https://w3id.org/quipu/id/institution-kind/> .
@prefix region: <https://w3id.org/quipu/id/region/> .
"""

# One document, one passage, and one of each kind of fact, each with its mention; the
# document is about a region and a service that only its manifest names.
VALID = PREFIXES + """
<https://w3id.org/quipu/id/document/d1> a qp:Document ;
    dct:spatial region:puno ; dct:subject <https://w3id.org/quipu/id/service/bolsa-de-trabajo> .
region:puno a qp:Region ; skos:prefLabel "Puno"@es ; rdfs:label "Puno"@es .
<https://w3id.org/quipu/id/service/bolsa-de-trabajo> a qp:Service ;
    skos:prefLabel "Bolsa de Trabajo"@es ; rdfs:label "Bolsa de Trabajo"@es .
<https://w3id.org/quipu/id/passage/d1-0> a qp:Passage ; qp:inDocument <https://w3id.org/quipu/id/document/d1> .

<https://w3id.org/quipu/id/mention/m1> a qp:Mention ;
    oa:motivatedBy oa:identifying ;
    oa:hasBody <https://w3id.org/quipu/id/norm/ds-1-2012-tr> ;
    prov:wasDerivedFrom <https://w3id.org/quipu/id/passage/d1-0> ;
    oa:hasTarget <https://w3id.org/quipu/id/mention/m1#target> .
<https://w3id.org/quipu/id/mention/m1#target> a oa:SpecificResource ;
    oa:hasSource <https://w3id.org/quipu/id/document/d1> ;
    oa:hasSelector <https://w3id.org/quipu/id/mention/m1#quote> , <https://w3id.org/quipu/id/mention/m1#position> .
<https://w3id.org/quipu/id/mention/m1#quote> a oa:TextQuoteSelector ; oa:exact "D.S. N° 001-2012-TR" .
<https://w3id.org/quipu/id/mention/m1#position> a oa:TextPositionSelector ; oa:start 10 ; oa:end 29 .

<https://w3id.org/quipu/id/norm/ds-1-2012-tr> a qp:Norm ;
    skos:prefLabel "D.S. N° 001-2012-TR"@es ; rdfs:label "D.S. N° 001-2012-TR"@es ;
    eli:id_local "DS-1-2012-TR" ; qp:normType nt:ds ; eli:number "001" ; qp:year "2012"^^xsd:gYear ;
    qp:sectorCode "TR" ; eli:date_document "2012-03-01"^^xsd:date ;
    qp:mentionedIn <https://w3id.org/quipu/id/mention/m1> .

<https://w3id.org/quipu/id/institution/mtpe> a qp:Institution ;
    skos:prefLabel "Ministerio de Trabajo y Promoción del Empleo"@es ;
    rdfs:label "Ministerio de Trabajo y Promoción del Empleo"@es ;
    skos:altLabel "MTPE"@es ; org:classification ik:ministry ;
    qp:mentionedIn <https://w3id.org/quipu/id/mention/m1> .

<https://w3id.org/quipu/id/programme/jovenes-productivos> a qp:Programme ;
    skos:prefLabel "Jóvenes Productivos"@es ; rdfs:label "Jóvenes Productivos"@es ;
    qp:runBy <https://w3id.org/quipu/id/institution/mtpe> ;
    qp:operatesIn region:puno ;
    qp:createdBy <https://w3id.org/quipu/id/norm/ds-1-2012-tr> ;
    qp:mentionedIn <https://w3id.org/quipu/id/mention/m1> .

<https://w3id.org/quipu/id/indicator/colocados> a qp:Indicator ;
    skos:prefLabel "Jóvenes colocados"@es ; rdfs:label "Jóvenes colocados"@es ;
    qp:measures <https://w3id.org/quipu/id/programme/jovenes-productivos> ;
    qp:responsibleUnit <https://w3id.org/quipu/id/institution/mtpe> ;
    qp:mentionedIn <https://w3id.org/quipu/id/mention/m1> .

<https://w3id.org/quipu/id/observation/o1> a qp:Observation ;
    qb:dataSet <https://w3id.org/quipu/id/dataset/indicators> ;
    qp:indicator <https://w3id.org/quipu/id/indicator/colocados> ;
    qp:observationKind ok:target ;
    sdmx-dimension:refPeriod "2024"^^xsd:gYear ;
    sdmx-measure:obsValue 1200.0 ;
    qp:rawValue "1 200" ;
    qp:mentionedIn <https://w3id.org/quipu/id/mention/m1> .

<https://w3id.org/quipu/id/place/juliaca> a qp:Place ;
    skos:prefLabel "Juliaca"@es ; rdfs:label "Juliaca"@es ;
    geo:sfWithin region:puno ;
    qp:mentionedIn <https://w3id.org/quipu/id/mention/m1> .

<https://w3id.org/quipu/id/statement/s1> a qp:Statement ;
    rdf:subject <https://w3id.org/quipu/id/programme/jovenes-productivos> ;
    rdf:predicate qp:runBy ;
    rdf:object <https://w3id.org/quipu/id/institution/mtpe> ;
    prov:wasDerivedFrom <https://w3id.org/quipu/id/passage/d1-0> ;
    qp:mentionedIn <https://w3id.org/quipu/id/mention/m1> .
"""

DOCUMENT = "<https://w3id.org/quipu/id/document/d1>"
NORM = "<https://w3id.org/quipu/id/norm/ds-1-2012-tr>"
PROGRAMME = "<https://w3id.org/quipu/id/programme/jovenes-productivos>"
OBSERVATION = "<https://w3id.org/quipu/id/observation/o1>"
MENTION = "<https://w3id.org/quipu/id/mention/m1>"
POSITION = "<https://w3id.org/quipu/id/mention/m1#position>"

# Each case breaks the valid graph in one way: (SPARQL update, shape expected to report it).
BROKEN = [
    pytest.param(f"DELETE WHERE {{ {PROGRAMME} skos:prefLabel ?l }}", QPS.ExtractedEntityShape, id="entity-without-prefLabel"),
    pytest.param(f'INSERT DATA {{ {PROGRAMME} skos:prefLabel "Programa Jóvenes Productivos"@es }}',
                 QPS.ExtractedEntityShape, id="two-spanish-prefLabels"),
    pytest.param(f"DELETE WHERE {{ {NORM} qp:mentionedIn ?m }}", QPS.ExtractedEntityShape, id="norm-without-mention"),
    pytest.param(f"DELETE WHERE {{ {NORM} eli:id_local ?k }}", QPS.NormShape, id="norm-without-canonical-key"),
    pytest.param(f'INSERT DATA {{ {NORM} qp:year "2012" }}', QPS.NormShape, id="norm-year-not-gYear"),
    pytest.param(f"DELETE WHERE {{ {OBSERVATION} qp:rawValue ?v }}", QPS.ObservationShape, id="observation-without-raw-value"),
    pytest.param(f"DELETE WHERE {{ {OBSERVATION} qp:indicator ?i }}", QPS.ObservationShape, id="observation-without-indicator"),
    pytest.param(f"DELETE {{ {OBSERVATION} qp:observationKind ?k }} INSERT {{ {OBSERVATION} qp:observationKind nt:ds }} "
                 f"WHERE {{ {OBSERVATION} qp:observationKind ?k }}", QPS.ObservationShape, id="observation-kind-outside-scheme"),
    pytest.param(f"DELETE WHERE {{ {OBSERVATION} qb:dataSet ?d }}", QPS.ObservationShape, id="observation-outside-data-set"),
    pytest.param(f"DELETE WHERE {{ {MENTION} prov:wasDerivedFrom ?p }}", QPS.MentionShape, id="mention-without-passage"),
    pytest.param(f"DELETE WHERE {{ ?t oa:hasSelector {POSITION} }}", QPS.MentionShape, id="span-without-position"),
    pytest.param(f"DELETE {{ {POSITION} oa:end ?e }} INSERT {{ {POSITION} oa:end 5 }} WHERE {{ {POSITION} oa:end ?e }}",
                 QPS.MentionShape, id="span-ends-before-it-starts"),
    pytest.param('INSERT DATA { region:atlantida a qp:Region ; skos:prefLabel "Atlántida"@es ; '
                 "skos:inScheme <https://w3id.org/quipu/id/scheme/regions> ; skos:broader <https://w3id.org/quipu/id/country/pe> }",
                 QPS.RegionShape, id="region-without-any-code"),
    pytest.param('INSERT DATA { <https://w3id.org/quipu/id/country/esp> a qp:Country ; skos:prefLabel "España"@es ; '
                 'qp:iso3166 "ESP" ; skos:inScheme <https://w3id.org/quipu/id/scheme/countries> }',
                 QPS.CountryShape, id="country-with-alpha-3-code"),
    pytest.param("DELETE WHERE { <https://w3id.org/quipu/id/place/juliaca> geo:sfWithin ?r }", QPS.PlaceShape,
                 id="place-not-within-a-region"),
    pytest.param("DELETE { ?s rdf:predicate qp:runBy } INSERT { ?s rdf:predicate rdfs:seeAlso } WHERE { ?s rdf:predicate qp:runBy }",
                 QPS.StatementShape, id="statement-with-unknown-predicate"),
    pytest.param(f"INSERT DATA {{ {PROGRAMME} qp:fundedBy <https://w3id.org/quipu/id/institution/unlabelled> }}",
                 QPS.ExtractedEntityShape, id="funder-without-label-or-mention"),
    pytest.param(f"DELETE WHERE {{ {DOCUMENT} dct:subject ?s }}", QPS.ExtractedEntityShape,
                 id="entity-neither-mentioned-nor-a-document-subject"),
    pytest.param(f"INSERT DATA {{ {DOCUMENT} dct:spatial <https://w3id.org/quipu/id/institution/mtpe> }}",
                 QPS.DocumentShape, id="document-about-an-institution-as-a-place"),
    pytest.param(f'INSERT DATA {{ {DOCUMENT} dct:subject "Puno" }}', QPS.DocumentShape, id="document-subject-a-literal"),
]


def test_shapes_are_in_their_own_namespace(shapes):
    shape_nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    named = {s for s in shape_nodes if isinstance(s, URIRef)}
    assert named and all(s in QPS for s in named)


@pytest.mark.parametrize(
    "cls",
    [QP.Norm, QP.Institution, QP.Programme, QP.Service, QP.Place, QP.Indicator, QP.StrategicObjective,
     QP.StrategicAction, QP.Activity, QP.Region, QP.Country, QP.Observation, QP.Mention, QP.Statement],
)
def test_every_fact_class_is_the_target_of_a_shape(shapes, cls):
    assert (None, SH.targetClass, cls) in shapes


@functools.cache
def ontology_without_shapes() -> Graph:
    """The ontology files but the shapes; cached, never modified (pyshacl works on copies)."""
    from quipu.ontology import turtle_files

    graph = Graph()
    for path in turtle_files(seeds=False):
        if path.name != "shapes.ttl":
            graph.parse(path, format="turtle")
    return graph


def validate(data: Graph, shapes: Graph, inference: str):
    """Validate data loaded together with the ontology files, as the store holds them.

    pyshacl's ont_graph mixes in only class and property axioms, not the shipped concepts
    (regions, schemes), so those are added to the data graph as well.
    """
    pyshacl = pytest.importorskip("pyshacl")
    ontology = ontology_without_shapes()
    conforms, report, text = pyshacl.validate(
        data + ontology, shacl_graph=shapes, ont_graph=ontology, inference=inference, advanced=True
    )
    return conforms, report, text


# pyshacl takes about a second for each validation, so these run in `make test` only.
@pytest.mark.slow
@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_the_shipped_vocabularies_conform(shapes, inference):
    # Regions, countries and schemes alone, no extracted data.
    conforms, report, text = validate(Graph(), shapes, inference)
    assert conforms, text
    assert (None, RDF.type, SH.ValidationReport) in report


@pytest.mark.slow
@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_a_correct_example_conforms(shapes, inference):
    conforms, _, text = validate(Graph().parse(data=VALID, format="turtle"), shapes, inference)
    assert conforms, text


@pytest.mark.slow
@pytest.mark.parametrize(("update", "shape"), BROKEN)
def test_broken_examples_are_reported_by_the_right_shape(shapes, update, shape):
    data = Graph().parse(data=VALID, format="turtle")
    before = set(data)
    data.update(PREFIXES.replace("@prefix", "PREFIX").replace(" .\n", "\n") + update)
    assert set(data) != before, "the update changed nothing: the case tests nothing"
    conforms, report, text = validate(data, shapes, "rdfs")
    assert not conforms
    reported = set(report.objects(None, SH.sourceShape))
    # A property shape reports itself; find the node shapes that hold the reported property shapes.
    owners = {s for p in reported for s in shapes.subjects(SH.property, p)} | reported
    assert shape in owners, text
