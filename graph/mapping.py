"""Documents and passages as RDF triples (the ``qp:Document`` / ``qp:Passage`` part of the ontology)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS

from quipu.core.iris import IRIs
from quipu.core.namespace import QP
from quipu.ingest.facts import Facts
from quipu.ingest.models import Document

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def document_triples(document: Document, iris: IRIs) -> Iterator[Triple]:
    """Every triple that describes a document and its passages."""
    doc = iris.document(document.id)
    meta = document.meta
    yield doc, RDF.type, QP.Document
    yield doc, DCTERMS.identifier, Literal(document.id)
    yield doc, DCTERMS.title, Literal(document.title, lang=meta.language) if meta.language else Literal(document.title)
    yield doc, QP.fileName, Literal(document.path.name)
    yield doc, QP.sha256, Literal(document.sha256)
    yield doc, DCTERMS["format"], Literal(document.media_type)
    yield doc, QP.passageCount, Literal(len(document.passages))
    for publisher in meta.publisher:
        yield doc, QP.publisherName, Literal(publisher)
    if meta.year is not None:
        yield doc, DCTERMS.issued, Literal(str(meta.year), datatype=XSD.gYear)
    if meta.author:
        yield doc, DCTERMS.creator, Literal(meta.author)
    if meta.type:
        yield doc, QP.documentType, Literal(meta.type)
    if meta.language:
        yield doc, DCTERMS.language, Literal(meta.language)
    for passage in document.passages:
        node = iris.passage(passage.id)
        yield node, RDF.type, QP.Passage
        yield node, QP.inDocument, doc
        yield node, QP.ordinal, Literal(passage.ordinal)
        yield node, QP.text, Literal(passage.text)
        yield node, QP.startOffset, Literal(passage.start)
        yield node, QP.endOffset, Literal(passage.end)
        yield node, QP.passageKind, Literal(passage.kind)
        if passage.section:
            yield node, QP.section, Literal(passage.section[-1])
            yield node, QP.sectionPath, Literal(" > ".join(passage.section))
        if passage.page is not None:
            yield node, QP.page, Literal(passage.page)
        if passage.bbox is not None:
            yield node, QP.boundingBox, Literal(",".join(f"{v:g}" for v in passage.bbox))
        if passage.ocr_confidence is not None:
            yield node, QP.ocr, Literal(True)
            yield node, QP.ocrConfidence, Literal(f"{passage.ocr_confidence:.3f}", datatype=XSD.decimal)


def document_subject_triples(facts: Facts, iris: IRIs, mapping: Mapping[str, str]) -> Iterator[Triple]:
    """What a document is about (``facts.subjects``): ``dct:spatial`` to each region or
    country, ``dct:subject`` to each other entity, under its canonical key (``mapping``,
    from entity resolution across documents). They go into the document's facts graph,
    which is rewritten when resolution maps a key anew."""
    doc = iris.document(facts.document_id)
    for key in sorted(facts.subjects):
        entity = facts.entities.get(key)
        if entity is None:
            continue  # facts edited by hand: a subject with no entity names nothing
        prop = DCTERMS.spatial if entity.type == "region" else DCTERMS.subject
        yield doc, prop, URIRef(iris.base + mapping.get(key, key))
