"""Extracted facts as RDF: one entity per key, sources on everything, valid under SHACL."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from quipu.graph import QP, IRIs
from quipu.graph.facts import document_fact_triples, entity_triples
from quipu.ingest.facts import Entity, Facts, Link, Observation, Span

BASE = "https://w3id.org/quipu/id/"
IRIS = IRIs(BASE)


def sample() -> Facts:
    f = Facts(document_id="doc")
    span = Span("doc-0000", 10, 40, "Decreto Supremo N° 001-2012-TR")
    f.entities["norm/ds-1-2012-tr"] = Entity(
        "norm/ds-1-2012-tr", "norm", "Decreto Supremo N° 001-2012-TR", {"D.S. N° 001-2012-TR"},
        {"id_local": "DS-1-2012-TR", "norm_type": "DS", "number": "1", "year": 2012, "issuer": "TR"}, [span],
    )
    f.entities["service/vupe"] = Entity(
        "service/vupe", "service", "Ventanilla Única de Promoción del Empleo", {"VUPE"}, {"acronym": "VUPE"},
        [Span("doc-0000", 50, 54, "VUPE")],
    )
    f.entities["indicator/colocados"] = Entity(
        "indicator/colocados", "indicator", "Personas colocadas", set(), {"means_of_verification": "Informe anual"},
        [Span("doc-0001", 100, 118, "Personas colocadas")],
    )
    f.links.append(Link("service/vupe", "createdBy", "norm/ds-1-2012-tr", Span("doc-0000", 10, 60, "…")))
    f.observations.append(Observation("indicator/colocados", "target", "1 200", Span("doc-0001", 120, 125, "1 200"), 1200.0, "count", "2015"))
    return f


@pytest.fixture(scope="module")
def graph() -> Graph:
    f = sample()
    g = Graph()
    for t in document_fact_triples(f, IRIS, {}):
        g.add(t)
    for e in f.entities.values():
        for t in entity_triples(e, IRIS):
            g.add(t)
    return g


def test_entities_have_one_preferred_label_and_their_variants(graph):
    vupe = URIRef(BASE + "service/vupe")
    assert list(graph.objects(vupe, SKOS.prefLabel)) == [Literal("Ventanilla Única de Promoción del Empleo", lang="es")]
    assert Literal("VUPE", lang="es") in set(graph.objects(vupe, SKOS.altLabel))


def test_a_link_is_a_triple_and_a_statement_with_its_source(graph):
    vupe, ds = URIRef(BASE + "service/vupe"), URIRef(BASE + "norm/ds-1-2012-tr")
    assert (vupe, QP.createdBy, ds) in graph
    (statement,) = graph.subjects(RDF.subject, vupe)
    assert (statement, RDF.type, QP.Statement) in graph
    assert any(True for _ in graph.objects(statement, QP.mentionedIn))


def test_every_mention_has_quote_and_offsets(graph):
    q = """PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX qp: <https://w3id.org/quipu/ontology#>
    SELECT ?m ?exact ?start WHERE { ?m a qp:Mention ; oa:hasTarget ?t . ?t oa:hasSelector ?q , ?p .
      ?q oa:exact ?exact . ?p oa:start ?start }"""
    rows = list(graph.query(q))
    mentions = set(graph.subjects(RDF.type, QP.Mention))
    assert {r[0] for r in rows} == mentions and len(mentions) == 5


def test_mapped_graph_conforms_to_the_shapes(graph):
    pyshacl = pytest.importorskip("pyshacl")
    from quipu.graph.validation import ontology_graph, shapes_graph

    data = graph + ontology_graph()
    # Passages and documents the mentions point at.
    for pid in ("doc-0000", "doc-0001"):
        data.add((IRIS.passage(pid), RDF.type, QP.Passage))
    data.add((IRIS.document("doc"), RDF.type, QP.Document))
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none")
    assert conforms, text


def test_resolution_mapping_rewrites_keys():
    f = sample()
    triples = list(document_fact_triples(f, IRIS, {"service/vupe": "service/centro-de-empleo"}))
    subjects = {s for s, _, _ in triples}
    assert URIRef(BASE + "service/centro-de-empleo") in subjects
    assert URIRef(BASE + "service/vupe") not in subjects


def subject_graph(mapping: dict[str, str]) -> Graph:
    """The sample's facts about a document that is about Puno, the VUPE and the OIT (whose
    text names neither Puno nor the OIT: its manifest does)."""
    from quipu.graph.mapping import document_subject_triples

    f = sample()
    f.entities["region/puno"] = Entity("region/puno", "region", "Puno")
    f.entities["institution/oit"] = Entity("institution/oit", "institution", "Organización Internacional del Trabajo", {"OIT"})
    f.subjects = {"region/puno": "manifest", "service/vupe": "dominant", "institution/oit": "manifest"}
    g = Graph()
    for t in [*document_fact_triples(f, IRIS, mapping), *document_subject_triples(f, IRIS, mapping)]:
        g.add(t)
    for e in f.entities.values():
        for t in entity_triples(e, IRIS):
            g.add(t)
    return g


def test_what_a_document_is_about_is_dct_spatial_for_regions_and_dct_subject_for_entities():
    from rdflib.namespace import DCTERMS

    g = subject_graph({"service/vupe": "service/centro-de-empleo"})
    doc = IRIS.document("doc")
    assert set(g.objects(doc, DCTERMS.spatial)) == {URIRef(BASE + "region/puno")}
    # Under the canonical key that entity resolution gave.
    assert set(g.objects(doc, DCTERMS.subject)) == {URIRef(BASE + "service/centro-de-empleo"), URIRef(BASE + "institution/oit")}


def test_a_subject_the_text_never_mentions_conforms_to_the_shapes():
    pyshacl = pytest.importorskip("pyshacl")
    from quipu.graph.validation import ontology_graph, shapes_graph

    data = subject_graph({}) + ontology_graph()
    for pid in ("doc-0000", "doc-0001"):
        data.add((IRIS.passage(pid), RDF.type, QP.Passage))
    data.add((IRIS.document("doc"), RDF.type, QP.Document))
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none")
    assert conforms, text
