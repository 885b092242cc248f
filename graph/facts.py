"""Extracted facts as RDF: entities with labels, links with their sources, indicator values.

Two kinds of graph come out of here:

- the *entities graph* (one for the whole corpus): each entity once, with its types,
  one ``skos:prefLabel``, its alternative labels and attributes;
- one *facts graph* per document: where that document mentions each entity (a
  ``qp:Mention`` with quote and offsets), the links it states (plain triples plus a
  reified ``qp:Statement`` that cites the span) and its indicator observations.

Provenance follows the pattern documented in ``ontology/quipu.ttl``. Rule IRIs are kept in
the facts under the default base (facts do not depend on QUIPU_BASE_IRI) and written here
under the configured one, like every other IRI of these graphs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container, Iterator
from decimal import Decimal, InvalidOperation

from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef
from rdflib.namespace import ORG, PROV, SKOS

from quipu.core.iris import IRIs
from quipu.core.namespace import QP
from quipu.ingest.facts import Entity, Facts, Span, from_vocabulary
from quipu.ontology import ONTOLOGY_IRI as VOCABULARY_SOURCE

ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
UNIT = Namespace("http://qudt.org/vocab/unit/")

Triple = tuple[URIRef, URIRef, URIRef | Literal]

CLASSES: dict[str, URIRef] = {
    "norm": QP.Norm,
    "institution": QP.Institution,
    "programme": QP.Programme,
    "service": QP.Service,
    "region": QP.Region,
    "indicator": QP.Indicator,
    "objective": QP.StrategicObjective,
    "action": QP.StrategicAction,
    "activity": QP.Activity,
    "plan": QP.Plan,
}
# Extraction link -> (property, reversed?). "runs" is written programme qp:runBy institution.
PROPERTIES: dict[str, tuple[URIRef, bool]] = {
    "runs": (QP.runBy, True),
    "funds": (QP.fundedBy, True),
    "evaluates": (QP.evaluatedBy, True),
    "operatesIn": (QP.operatesIn, False),
    "createdBy": (QP.createdBy, False),
    "approvedBy": (QP.approvedBy, False),
    "regulatedBy": (QP.regulatedBy, False),
    "partOf": (QP.partOf, False),
    "subOrganizationOf": (ORG.subOrganizationOf, False),
    "cites": (ELI.cites, False),
    "amends": (ELI.amends, False),
    "measures": (QP.measures, False),
    "responsibleUnit": (QP.responsibleUnit, False),
    "competentAuthority": (QP.competentAuthority, False),
}
UNITS: dict[str, URIRef] = {"percent": UNIT.PERCENT, "PEN": UNIT.PEN, "USD": UNIT.USD, "count": UNIT.NUM}
# Words that name a level of government, in the forms plans print ("Gobierno Nacional", "REGIONAL DRTPE").
GOVERNMENT_LEVELS = {"national": "national", "nacional": "national", "regional": "regional", "local": "local"}


def government_levels(value: object) -> list[str]:
    """The levels a printed value names, e.g. 'Gobierno Nacional; Gobierno Regional' -> both."""
    words = re.findall(r"\w+", str(value or "").lower())
    return sorted({GOVERNMENT_LEVELS[w] for w in words if w in GOVERNMENT_LEVELS})


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def entity_iri(iris: IRIs, key: str) -> URIRef:
    return URIRef(iris.base + key)


def entity_triples(entity: Entity, iris: IRIs, known: Container[str] = ()) -> Iterator[Triple]:
    """Types, labels and attributes of one (merged) entity, for the entities graph.

    ``known`` holds the keys of the entities the graph describes; a vocabulary parent
    (``attributes["parents"]``) is linked only when it is one of them.
    """
    node = entity_iri(iris, entity.key)
    if entity.key.startswith("country/"):
        yield node, RDF.type, QP.Country
    else:
        yield node, RDF.type, CLASSES[entity.type]
    yield node, SKOS.prefLabel, Literal(entity.label, lang="es")
    yield node, RDFS.label, Literal(entity.label, lang="es")
    for alt in sorted(entity.alt_labels):
        if alt and alt != entity.label:
            yield node, SKOS.altLabel, Literal(alt, lang="es")
    attributes = entity.attributes
    if acronym := attributes.get("acronym"):
        yield node, QP.acronym, Literal(str(acronym))
    if entity.type == "norm":
        yield node, ELI.id_local, Literal(str(attributes["id_local"]))
        yield node, ELI.number, Literal(str(attributes["number"]))
        yield node, QP.normType, URIRef(f"{iris.base}norm-type/{str(attributes['norm_type']).lower()}")
        if "year" in attributes:
            yield node, QP.year, Literal(str(attributes["year"]), datatype=XSD.gYear)
        if "date" in attributes:
            yield node, ELI.date_document, Literal(str(attributes["date"]), datatype=XSD.date)
        if "issuer" in attributes:
            yield node, QP.sectorCode, Literal(str(attributes["issuer"]))
    if code := attributes.get("code"):
        yield node, SKOS.notation, Literal(str(code))
    if means := attributes.get("means_of_verification"):
        yield node, QP.meansOfVerification, Literal(str(means), lang="es")
    for level in government_levels(attributes.get("government_level")):
        yield node, QP.governmentLevel, URIRef(f"{iris.base}government-level/{level}")
    if (unit := attributes.get("unit")) in UNITS:
        yield node, QP.unit, UNITS[str(unit)]
    parents = attributes.get("parents")  # attribute values are plain JSON: a list of keys here
    for parent in map(str, parents) if isinstance(parents, list | tuple) else ():
        if parent in known and parent != entity.key:
            yield node, ORG.subOrganizationOf, entity_iri(iris, parent)


def _mention(iris: IRIs, document_id: str, body: URIRef, where: Span) -> Iterator[Triple]:
    mention = URIRef(f"{iris.base}mention/{_digest(document_id, body, where.start, where.end)}")
    target, quote, position = (URIRef(f"{mention}#{part}") for part in ("target", "quote", "position"))
    yield body, QP.mentionedIn, mention
    yield mention, RDF.type, QP.Mention
    yield mention, OA.motivatedBy, OA.identifying
    yield mention, OA.hasBody, body
    yield mention, PROV.wasDerivedFrom, iris.passage(where.passage_id)
    yield mention, OA.hasTarget, target
    yield target, RDF.type, OA.SpecificResource
    yield target, OA.hasSource, iris.document(document_id)
    yield target, OA.hasSelector, quote
    yield target, OA.hasSelector, position
    yield quote, RDF.type, OA.TextQuoteSelector
    yield quote, OA.exact, Literal(where.quote)
    yield position, RDF.type, OA.TextPositionSelector
    yield position, OA.start, Literal(where.start)
    yield position, OA.end, Literal(where.end)


def _decimal(value: float | None) -> Literal | None:
    if value is None:
        return None
    try:
        return Literal(Decimal(str(value)), datatype=XSD.decimal)
    except InvalidOperation:
        return None


def document_fact_triples(facts: Facts, iris: IRIs, mapping: dict[str, str]) -> Iterator[Triple]:
    """What one document says: mentions, links with their sources, observations."""
    doc = facts.document_id

    def node(key: str) -> URIRef:
        return entity_iri(iris, mapping.get(key, key))

    for entity in facts.entities.values():
        body = node(entity.key)
        for where in entity.mentions:
            yield from _mention(iris, doc, body, where)

    broader: dict[URIRef, URIRef] = {}
    for link in facts.links:
        prop, reverse = PROPERTIES[link.predicate]
        subject, obj = node(link.subject), node(link.object)
        if subject == obj:
            continue
        if reverse:
            subject, obj = obj, subject
        if link.predicate == "partOf" and link.object.startswith("objective/"):
            prop = SKOS.broader  # an AEI is narrower than its OEI
            if broader.setdefault(subject, obj) != obj:
                continue  # one broader objective per element: the first one read holds
        yield subject, prop, obj
        statement = URIRef(f"{iris.base}statement/{_digest(doc, subject, prop, obj, link.evidence.start)}")
        yield statement, RDF.type, QP.Statement
        yield statement, RDF.subject, subject
        yield statement, RDF.predicate, prop
        yield statement, RDF.object, obj
        if link.rule:
            yield statement, QP.extractionRule, iris.rebased(link.rule)
        if from_vocabulary(link.rule):
            # Stated by the vocabulary, not by the passage that names both ends.
            yield statement, PROV.wasDerivedFrom, URIRef(VOCABULARY_SOURCE)
            continue
        yield statement, PROV.wasDerivedFrom, iris.passage(link.evidence.passage_id)
        yield from _mention(iris, doc, statement, link.evidence)

    dataset = URIRef(f"{iris.base}dataset/indicators")
    for observation in facts.observations:
        where = observation.evidence
        obs = URIRef(
            f"{iris.base}observation/{_digest(doc, observation.indicator, observation.kind, observation.period, where.start, where.end, observation.raw)}"
        )
        yield obs, RDF.type, QP.Observation
        yield obs, QB.dataSet, dataset
        yield obs, QP.indicator, node(observation.indicator)
        yield obs, QP.observationKind, URIRef(f"{iris.base}observation-kind/{observation.kind}")
        yield obs, QP.rawValue, Literal(observation.raw)
        if observation.period:
            yield obs, SDMX_DIMENSION.refPeriod, Literal(observation.period)
        if (value := _decimal(observation.value)) is not None:
            yield obs, SDMX_MEASURE.obsValue, value
        if observation.unit in UNITS:
            yield obs, SDMX_ATTRIBUTE.unitMeasure, UNITS[observation.unit]
        if observation.breakdown:
            yield obs, QP.breakdown, Literal(observation.breakdown)
        if observation.rule:
            yield obs, QP.extractionRule, iris.rebased(observation.rule)
        yield obs, PROV.wasDerivedFrom, iris.passage(where.passage_id)
        yield from _mention(iris, doc, obs, where)
