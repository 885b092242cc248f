"""Closed namespace of the Quipu ontology (``qp:``). GENERATED from ontology/*.ttl
by ``python -m quipu.core.codegen``; do not edit by hand.

Using a term that the ontology does not define raises, instead of minting a wrong IRI.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class QP(DefinedNamespace):
    _NS = Namespace("https://w3id.org/quipu/ontology#")
    _fail = True

    Activity: URIRef
    Country: URIRef
    Document: URIRef
    Indicator: URIRef
    Institution: URIRef
    Mention: URIRef
    Norm: URIRef
    Observation: URIRef
    Passage: URIRef
    Place: URIRef
    Plan: URIRef
    Programme: URIRef
    Region: URIRef
    Service: URIRef
    Statement: URIRef
    StrategicAction: URIRef
    StrategicObjective: URIRef
    acronym: URIRef
    approvedBy: URIRef
    boundingBox: URIRef
    breakdown: URIRef
    competentAuthority: URIRef
    createdBy: URIRef
    documentType: URIRef
    endOffset: URIRef
    evaluatedBy: URIRef
    evaluates: URIRef
    extractionRule: URIRef
    fileName: URIRef
    fundedBy: URIRef
    governmentLevel: URIRef
    inDocument: URIRef
    indicator: URIRef
    iso3166: URIRef
    legalBasis: URIRef
    meansOfVerification: URIRef
    measures: URIRef
    mentionedIn: URIRef
    normType: URIRef
    observationKind: URIRef
    ocr: URIRef
    ocrConfidence: URIRef
    operatesIn: URIRef
    ordinal: URIRef
    page: URIRef
    partOf: URIRef
    passageCount: URIRef
    passageKind: URIRef
    publisherName: URIRef
    rawValue: URIRef
    regulatedBy: URIRef
    responsibleUnit: URIRef
    runBy: URIRef
    section: URIRef
    sectionPath: URIRef
    sectorCode: URIRef
    sha256: URIRef
    startOffset: URIRef
    targetGroup: URIRef
    text: URIRef
    ubigeo: URIRef
    unit: URIRef
    year: URIRef
