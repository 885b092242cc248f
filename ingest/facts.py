"""What extraction finds in passages: entities, links between them and indicator values.

These are plain values with no RDF in them; :mod:`quipu.graph` maps them to the
ontology. Every fact keeps the span of text it came from, so the graph can cite it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeGuard, get_args

from quipu.core.iris import DEFAULT_BASE_IRI

EntityType = Literal[
    "norm",
    "institution",
    "programme",
    "service",
    "region",
    "indicator",
    "objective",  # strategic objective (OEI)
    "action",  # strategic action (AEI)
    "activity",  # an activity with a cost in a plan
    "plan",  # an institutional plan (POI, PEI) in one version
]
ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)

# The closed set of link predicates; graph maps each to one ontology property.
LinkPredicate = Literal[
    "runs",  # institution runs programme/service
    "funds",  # institution funds programme
    "evaluates",  # institution evaluates programme/service
    "operatesIn",  # programme/service/institution operates in region
    "createdBy",  # programme/service/institution created by norm
    "approvedBy",  # plan/document/indicator set approved by norm
    "regulatedBy",  # service/programme regulated by norm
    "partOf",  # programme part of programme, service part of service, action part of objective
    "subOrganizationOf",  # institution part of institution
    "cites",  # norm cites norm
    "amends",  # norm amends norm
    "measures",  # indicator measures programme/service/objective/action/activity
    "responsibleUnit",  # indicator/activity -> institution responsible
    "competentAuthority",  # service -> institution
]
LINK_PREDICATES: tuple[str, ...] = get_args(LinkPredicate)

ObservationKind = Literal[
    "baseline",
    "target",
    "achieved",
    "executionRate",
    "cost",
    "budgetOpening",  # PIA
    "budgetModified",  # PIM
    "budgetCertified",
    "budgetAccrued",  # devengado
]

OBSERVATION_KINDS: tuple[str, ...] = get_args(ObservationKind)

# Why a document is about an entity (see :mod:`quipu.ingest.extract.subjects`).
SubjectBasis = Literal["manifest", "title", "header", "dominant"]


# Every extracted link and value names the rule that produced it: an IRI under RULES
# (``rule/<extractor>/<pattern>``) or a column role of ontology/columns.ttl.
RULES = DEFAULT_BASE_IRI + "rule/"  # facts keep the default base; the graph writes them under QUIPU_BASE_IRI
# A fact the built-in vocabulary (ontology/entities.ttl) or Peru's administrative
# structure states, not a passage: it is attributed to the vocabulary, not to a sentence.
VOCABULARY = RULES + "vocabulary"


def is_observation_kind(name: str) -> TypeGuard[ObservationKind]:
    """Whether ``name`` is one of the closed set of kinds of value (a model file's, say)."""
    return name in OBSERVATION_KINDS


def is_link_predicate(name: str) -> TypeGuard[LinkPredicate]:
    """Whether ``name`` is one of the closed set of link predicates (a cue file's, say)."""
    return name in LINK_PREDICATES


def from_vocabulary(rule_iri: str) -> bool:
    """Whether a fact's rule says the vocabulary, not a passage, states it."""
    return rule_iri == VOCABULARY or rule_iri.startswith(VOCABULARY + "/")


def is_learned(rule_iri: str) -> bool:
    """Whether a fact's rule is a learned model's (``rule("learned/…")``), under any base IRI."""
    return "/rule/learned/" in rule_iri


def refers_elsewhere(rule_iri: str) -> bool:
    """Whether a fact's rule reads a passage that names one end by a count or a reference
    ("its six regions") and takes the other from a list elsewhere in the document: the
    cited sentence does not name that end (``rule("refers/…")``)."""
    return "/rule/refers/" in rule_iri


def rule(name: str) -> str:
    """The IRI of an extraction rule, e.g. ``rule("prose/funds")``."""
    return RULES + name


@dataclass(frozen=True)
class Span:
    """Where a fact was read: a passage and character offsets into the document's cleaned text."""

    passage_id: str
    start: int
    end: int
    quote: str


@dataclass
class Entity:
    """A thing the documents talk about, identified by a canonical key.

    ``key`` is ``"<type>/<slug>"`` (for norms the slug is the canonical id, e.g.
    ``norm/ds-1-2012-tr``); two mentions with the same key are the same entity,
    whatever their spelling.
    """

    key: str
    type: EntityType
    label: str
    alt_labels: set[str] = field(default_factory=set)
    attributes: dict[str, object] = field(default_factory=dict)
    mentions: list[Span] = field(default_factory=list)


@dataclass(frozen=True)
class Link:
    subject: str  # entity key
    predicate: LinkPredicate
    object: str  # entity key
    evidence: Span
    # What produced it: the IRI of the rule or table column role, so a wrong fact can be
    # traced to its cause. ``VOCABULARY`` marks a fact the built-in vocabulary states.
    rule: str = ""


@dataclass(frozen=True)
class Observation:
    """One value of an indicator as printed: baseline, target, achieved, rate or cost."""

    indicator: str  # entity key
    kind: ObservationKind
    raw: str  # the value as printed, e.g. "S/ 1 200 000", "85 %"
    evidence: Span
    value: float | None = None
    unit: str | None = None  # "percent", "PEN", "USD", "count" …
    period: str | None = None  # "2024", "2015-2021", "2024-S1"
    rule: str = ""  # the IRI of the rule or table column role that read it
    breakdown: str | None = None  # the row of a table by place, course or service the value is of


@dataclass
class Facts:
    """Everything extracted from one document."""

    document_id: str
    entities: dict[str, Entity] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    # What the whole document is about: entity key (a key of ``entities``) -> why. A region
    # (or country) here is a region the document is about, anything else an entity.
    subjects: dict[str, SubjectBasis] = field(default_factory=dict)

    def entity(self, key: str, type: EntityType, label: str) -> Entity:
        """The entity with this key, created on first mention."""
        found = self.entities.get(key)
        if found is None:
            found = self.entities[key] = Entity(key=key, type=type, label=label)
        return found


def facts_to_dict(facts: Facts) -> dict[str, object]:
    """A JSON-ready form of ``facts`` (sets become sorted lists)."""

    def span(s: Span) -> list[object]:
        return [s.passage_id, s.start, s.end, s.quote]

    return {
        "document_id": facts.document_id,
        "entities": [
            {
                "key": e.key,
                "type": e.type,
                "label": e.label,
                "alt_labels": sorted(e.alt_labels),
                "attributes": e.attributes,
                "mentions": [span(m) for m in e.mentions],
            }
            for e in facts.entities.values()
        ],
        "links": [[l.subject, l.predicate, l.object, span(l.evidence), l.rule] for l in facts.links],
        "observations": [
            {
                "indicator": o.indicator,
                "kind": o.kind,
                "raw": o.raw,
                "evidence": span(o.evidence),
                "value": o.value,
                "unit": o.unit,
                "period": o.period,
                "rule": o.rule,
            }
            for o in facts.observations
        ],
        "subjects": dict(sorted(facts.subjects.items())),
    }


def facts_from_dict(data: dict) -> Facts:
    """The inverse of :func:`facts_to_dict`."""
    facts = Facts(document_id=data["document_id"])
    for e in data["entities"]:
        facts.entities[e["key"]] = Entity(
            key=e["key"],
            type=e["type"],
            label=e["label"],
            alt_labels=set(e["alt_labels"]),
            attributes=dict(e["attributes"]),
            mentions=[Span(*m) for m in e["mentions"]],
        )
    facts.links = [Link(s, p, o, Span(*ev), *rest) for s, p, o, ev, *rest in data["links"]]
    facts.observations = [
        Observation(
            indicator=o["indicator"], kind=o["kind"], raw=o["raw"], evidence=Span(*o["evidence"]),
            value=o["value"], unit=o["unit"], period=o["period"], rule=o.get("rule", ""),
        )
        for o in data["observations"]
    ]
    facts.subjects = dict(data.get("subjects", {}))  # facts saved before subjects have none
    return facts
