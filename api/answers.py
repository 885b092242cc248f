"""Answer cards: the entities a question names, with the graph facts it asks about.

``¿Qué norma aprobó el POI 2024?`` names the plan *POI 2024* and asks about approval:
its card lists the plan's ``qp:approvedBy`` links first, each with the quote and the
passage that state it. A question's cue words (aprobó, creó, opera, financia,
indicador…) select the properties it targets; an entity type it names (norma,
servicio, región…) and a second entity it names raise the facts that reach them.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from pydantic import BaseModel, Field

from quipu.core.text import fold
from quipu.graph import explore
from quipu.workspace.workspace import Workspace

from .schemas import SearchResult

MAX_CARDS = 4
MAX_FACTS = 8
MAX_SOURCES = 3
MAX_OBSERVATIONS = 12
MAX_PARTS = 6


@dataclass(frozen=True)
class Cue:
    """Question words (folded prefixes) and the properties they ask about."""

    words: tuple[str, ...]
    properties: tuple[str, ...]


CUES = (
    Cue(("aprob", "aprueb", "approv"), ("qp:approvedBy",)),
    Cue(("crea", "creo", "creat", "origin"), ("qp:createdBy",)),
    Cue(("regul", "norma", "norm", "marco", "legal", "law", "ley"), ("qp:regulatedBy", "qp:createdBy", "qp:approvedBy")),
    Cue(("ejecut", "run", "implement", "gestion", "manag", "cargo", "oper", "administ", "brind", "ofrec", "offer", "provid", "prest"),
        # a national programme is also an executing unit of its ministry (org:subOrganizationOf)
        ("qp:runBy", "qp:competentAuthority", "org:subOrganizationOf")),
    Cue(("financ", "fund", "pag", "pay"), ("qp:fundedBy",)),
    Cue(("evalu",), ("qp:evaluatedBy",)),
    Cue(("region", "dond", "where", "lugar", "place", "ciudad", "city", "territor"), ("qp:operatesIn",)),
    Cue(("parte", "part", "pertenec", "belong", "compon", "dependen", "organo", "unidad", "unit"),
        ("qp:partOf", "org:subOrganizationOf")),
    Cue(("modific", "amend", "actualiz", "updat", "version", "cambi"), ("eli:amends", "qp:approvedBy")),
    Cue(("cita", "cite", "mencion", "refer"), ("eli:cites",)),
    Cue(("indicador", "indicator", "meta", "target", "logro", "achiev", "linea", "baseline", "medi", "measur", "avance", "ejecucion"),
        ("qp:measures", "qp:responsibleUnit")),
)
# Words that name the type of the entity a question wants back.
TYPE_WORDS = {
    "norm": ("norma", "norm", "ley", "law", "decreto", "decree", "resolucion", "resolution", "ordenanza", "ordinance"),
    "institution": ("institucion", "institution", "entidad", "ministerio", "ministry", "direccion", "directorate",
                    "organismo", "agency", "agencia", "who", "quien", "quienes"),
    "programme": ("programa", "programme", "program", "proyecto", "project"),
    "service": ("servicio", "service"),
    "region": ("region", "departamento", "department", "where", "donde"),
    "indicator": ("indicador", "indicator"),
    "plan": ("plan", "poi", "pei"),
}
_WORD = re.compile(r"\w+")


class FactSource(BaseModel):
    quote: str
    document_id: str
    document_title: str | None
    passage_id: str
    section: str | None
    start: int
    end: int


class CardEntity(BaseModel):
    key: str
    label: str
    type: str | None


class CardFact(BaseModel):
    """One link of the graph: ``subject property object``, with where it is stated."""

    property: str = Field(description="Compact property name, e.g. qp:approvedBy")
    direction: str = Field(description="'out' (the card's entity is the subject) or 'in' (it is the object)")
    entity: CardEntity = Field(description="The other end of the link")
    sources: list[FactSource]
    score: float = Field(description="How much the question targets this fact (cue words, types, entities)")
    via: CardEntity | None = Field(
        default=None, description="For a fact of a part or version of the card's entity: that part (the subject)"
    )


class CardObservation(BaseModel):
    kind: str
    period: str | None
    value: str
    unit: str | None
    quote: str | None
    document_id: str | None


class AnswerCard(BaseModel):
    entity: CardEntity
    alt_labels: list[str]
    matched: str = Field(description="Why the card is here: the entity is named in the question")
    facts: list[CardFact]
    observations: list[CardObservation] = Field(default_factory=list, description="Indicator values, for indicators")
    sources: list[FactSource] = Field(default_factory=list, description="First passages that mention the entity")


class AskResponse(BaseModel):
    query: str
    cards: list[AnswerCard]
    results: list[SearchResult]
    took_ms: float = 0.0


def targeted(question: str) -> tuple[set[str], set[str]]:
    """The properties and the entity types a question asks about, from its words."""
    words = [fold(w) for w in _WORD.findall(question)]
    properties = {p for cue in CUES if any(w.startswith(cue.words) for w in words) for p in cue.properties}
    types = {t for t, names in TYPE_WORDS.items() if any(w.startswith(names) for w in words)}
    return properties, types


def answer_question(workspace: Workspace, question: str, k: int = 5) -> AskResponse:
    """Answer cards for the entities ``question`` names, beside the passages that answer it."""
    began = time.perf_counter()
    found = workspace.search(question, k)  # checks the question and k
    cards = answer_cards(workspace, question)
    took = (time.perf_counter() - began) * 1000
    results = [SearchResult.of(hit) for hit in found.hits]
    return AskResponse(query=found.query, cards=cards, results=results, took_ms=round(took, 2))


def answer_cards(workspace: Workspace, question: str, limit: int = MAX_CARDS) -> list[AnswerCard]:
    """One card per entity the question names (at most ``limit``), the most targeted first."""
    named = workspace.index.catalog.recognise(question)
    properties, types = targeted(question)
    named_keys = {e.key for e in named}
    base = workspace.settings.base()
    cards = []
    for entity in named[:limit]:
        detail = explore.entity(workspace.store, entity.key, base=base, max_sources=MAX_SOURCES)
        if detail is None:
            continue
        facts = _facts(detail, properties, types, named_keys)
        # The question may target a part or version of the entity ("the norm that approved
        # the POI's update"): one hop down qp:partOf, keeping the facts the question targets.
        parts = [f.entity for f in facts if f.property == "qp:partOf" and f.direction == "in"]
        for part in parts[:MAX_PARTS]:
            inner = explore.entity(workspace.store, part.key, base=base, max_sources=0)
            if inner is None:
                continue
            for fact in _facts(inner, properties, types, named_keys):
                if fact.score >= 2 and not (fact.property == "qp:partOf" and fact.entity.key == detail.key):
                    facts.append(fact.model_copy(update={"via": part, "score": fact.score - 0.5}))
        facts.sort(key=lambda f: (-f.score, not f.sources, f.property, fold(f.entity.label)))
        observations = []
        if detail.type == "indicator":
            for row in explore.observations(workspace.store, detail.key, base=base)[:MAX_OBSERVATIONS]:
                observations.append(
                    CardObservation(
                        kind=row.kind, period=row.period, value=row.raw, unit=row.unit, quote=row.quote,
                        document_id=row.document,
                    )
                )
        cards.append(
            AnswerCard(
                entity=CardEntity(key=detail.key, label=detail.label, type=detail.type),
                alt_labels=detail.alt_labels,
                matched="named in the question",
                facts=facts[:MAX_FACTS],
                observations=observations,
                sources=[_source(s) for s in detail.sources[:MAX_SOURCES]],
            )
        )
    # The card whose facts the question targets most comes first.
    cards.sort(key=lambda c: -max((f.score for f in c.facts), default=0.0))
    return cards


def _facts(
    detail: explore.EntityDetail, properties: set[str], types: set[str], named_keys: set[str]
) -> list[CardFact]:
    """The links of an entity as facts, each scored by how much the question targets it."""
    facts = []
    for direction, links in (("out", detail.outgoing), ("in", detail.incoming)):
        for link in links:
            score = 0.0
            if link.name in properties:
                score += 2.0
            if link.entity.type in types and link.entity.type != detail.type:
                score += 1.0
            if link.entity.key in named_keys:
                score += 3.0
            facts.append(
                CardFact(
                    property=link.name,
                    direction=direction,
                    entity=CardEntity(key=link.entity.key, label=link.entity.label, type=link.entity.type),
                    sources=[_source(s) for s in link.sources[:MAX_SOURCES]],
                    score=score,
                )
            )
    return facts


def _source(source: explore.Source) -> FactSource:
    return FactSource(
        quote=source.quote,
        document_id=source.document.id,
        document_title=source.document.title,
        passage_id=source.passage_id,
        section=source.section,
        start=source.start,
        end=source.end,
    )


__all__ = ["AnswerCard", "AskResponse", "answer_cards", "answer_question", "targeted"]
