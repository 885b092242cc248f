"""Answer cards: the entities a question names, with only the graph facts it asks about.

``¿Qué norma aprobó el POI 2024?`` names the plan *POI 2024* and asks about approval: its
card lists the plan's ``qp:approvedBy`` links, each with the sentence that states it. What a
question asks is read from its words (:mod:`quipu.api.questions`): the relations its cue
words target, the measure (target, achieved, budget …) and the periods it names.

A fact is on a card only when it bears on the question: its relation is targeted, or it
links two entities the question names. It is shown only when a sentence of its evidence
names the entity at the other end (an extraction that attached a link to the wrong entity
fails this check), and a fact whose only evidence names several entities of the same kind
at once says so. An indicator's values are shown for the measure and period asked. When
nothing bears on the question, there is no card: the passages still answer.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace

from pydantic import BaseModel, Field

from quipu.core.text import fold, sentence_spans
from quipu.graph import explore
from quipu.graph.vocabulary import names_by_language, property_labels
from quipu.ingest.facts import is_learned, refers_elsewhere
from quipu.search.catalog import CatalogEntity
from quipu.workspace.workspace import Workspace

from .indicators import observed_names
from .questions import BUDGET_KINDS, Intent, named_entities, read_question
from .schemas import SearchResult

MAX_CARDS = 4
MAX_FACTS = 8
MAX_SOURCES = 3
MAX_OBSERVATIONS = 12
MAX_PARTS = 6
MAX_SENTENCE = 400  # characters of a cited sentence; longer ones are cut around the quote

# Entities a card shows the values of when the question names them and asks for values: an
# indicator, and a budget line (an activity's cost). An objective's or action's own figures
# are the columns of a budget table beside its indicators', too often misread to show.
_VALUED = frozenset({"indicator", "activity"})

# Entities whose own indicators (qp:measures) a value question may describe: "the OEI 5 indicator on …".
_MEASURED = frozenset({"objective", "action", "programme", "service", "plan"})

# Relations that merely place an entity in a hierarchy: shown only when asked for.
_STRUCTURE = frozenset({"qp:partOf", "org:subOrganizationOf"})


class FactSource(BaseModel):
    quote: str = Field(description="The words that state the fact, as extraction read them")
    sentence: str = Field(default="", description="The whole sentence around the quote, whitespace collapsed")
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
    property_label: str = Field(default="", description="The property's label in the answer's language")
    direction: str = Field(description="'out' (the card's entity is the subject) or 'in' (it is the object)")
    entity: CardEntity = Field(description="The other end of the link")
    sources: list[FactSource]
    score: float = Field(description="How much the question targets this fact (cue words, types, entities)")
    via: CardEntity | None = Field(
        default=None, description="For a fact of a part or version of the card's entity: that part (the subject)"
    )
    stated_by_vocabulary: bool = Field(
        default=False, description="True when Quipu's own vocabulary (ontology/entities.ttl) states the fact, not a document"
    )
    shared_evidence: bool = Field(
        default=False,
        description="True when every sentence stating the fact also names other entities of the same kind: "
        "the document states it of several at once",
    )


class CardObservation(BaseModel):
    kind: str
    kind_label: str = ""
    period: str | None
    value: str
    unit: str | None
    quote: str | None
    document_id: str | None
    breakdown: str | None = Field(default=None, description="The table row (place, course, service) the value is of; none for the whole indicator")


class AnswerCard(BaseModel):
    entity: CardEntity
    alt_labels: list[str]
    matched: str = Field(
        description="Why the card is here: the entity is 'named in the question', or its values are asked for "
        "and the question 'describes' it in the words of its name"
    )
    facts: list[CardFact]
    observations: list[CardObservation] = Field(default_factory=list, description="Indicator values, for indicators")
    sources: list[FactSource] = Field(default_factory=list, description="First passages that mention the entity")


class AskResponse(BaseModel):
    query: str
    cards: list[AnswerCard]
    results: list[SearchResult]
    took_ms: float = 0.0


def answer_question(workspace: Workspace, question: str, k: int = 5, lang: str = "es") -> AskResponse:
    """Answer cards for the entities ``question`` names, beside the passages that answer it."""
    began = time.perf_counter()
    found = workspace.search(question, k)  # checks the question and k
    cards = answer_cards(workspace, question, lang=lang)
    took = (time.perf_counter() - began) * 1000
    results = [SearchResult.of(hit) for hit in found.hits]
    return AskResponse(query=found.query, cards=cards, results=results, took_ms=round(took, 2))


def answer_cards(workspace: Workspace, question: str, limit: int = MAX_CARDS, lang: str = "es") -> list[AnswerCard]:
    """One card per entity the question names that has facts bearing on it, the most targeted first."""
    named = named_entities(workspace.index.catalog, question)
    intent = read_question(question, named).naming(e.key for e in named)
    evidence = _Evidence(workspace)
    cards = []
    for entity in named:
        card = _card(workspace, entity, intent, evidence, lang)
        if card is not None:
            cards.append(card)
    if (intent.measures or intent.values or "indicator" in intent.types) and not any(c.observations for c in cards):
        for entity in _described(workspace, question, named, intent):
            card = _card(workspace, entity, intent, evidence, lang, described=True)
            if card is not None:
                cards.append(card)
    cards.sort(key=lambda c: -max([f.score for f in c.facts] + [2.0 if c.observations else 0.0]))
    # A link between two named entities is on both their cards: shown once, on the first.
    shown: set[tuple[str, str, str]] = set()
    kept = []
    for card in cards:
        facts = []
        for fact in card.facts:
            near = (fact.via or card.entity).key
            triple = (near, fact.property, fact.entity.key) if fact.direction == "out" else (fact.entity.key, fact.property, near)
            if triple not in shown:
                shown.add(triple)
                facts.append(fact)
        if facts or card.observations:
            kept.append(card.model_copy(update={"facts": facts}))
    return kept[:limit]


def _card(
    workspace: Workspace, entity: CatalogEntity, intent: Intent, evidence: _Evidence, lang: str, *, described: bool = False
) -> AnswerCard | None:
    """The card of ``entity``: the facts that bear on the question and, for an indicator (or,
    when the question ``described`` it, any entity with values), the values asked for."""
    base = workspace.settings.base()
    detail = explore.entity(workspace.store, entity.key, base=base, max_sources=MAX_SOURCES)
    if detail is None:
        return None
    facts = [f for f in _facts(detail, intent, evidence, lang) if f.score >= 2]
    # The question may target a part or version of the entity ("the norm that approved the
    # POI's update"): one hop down qp:partOf, for the relations the entity itself has no fact
    # of, or, when the question asks about updates, for the approvals of its versions.
    answered = {f.property for f in facts}
    parts = [link.entity for link in detail.incoming if link.name == "qp:partOf"]
    # "the update of the plan": the norms that approved each version are the answer
    inner_intent = replace(intent, properties=intent.properties | {"qp:approvedBy"}) if intent.versions else intent
    for part in parts[:MAX_PARTS]:
        inner = explore.entity(workspace.store, part.key, base=base, max_sources=0)
        if inner is None:
            continue
        for fact in _facts(inner, inner_intent, evidence, lang):
            wanted = fact.property == "qp:approvedBy" if intent.versions else fact.property not in answered
            if fact.score >= 2 and fact.property not in _STRUCTURE and wanted:
                via = CardEntity(key=part.key, label=part.label, type=part.type)
                facts.append(fact.model_copy(update={"via": via, "score": fact.score - 0.5}))
    facts.sort(key=lambda f: (-f.score, f.shared_evidence, -len(f.sources), f.property, fold(f.entity.label)))
    asked = (detail.type in _VALUED or described) and intent.asks_values
    observations = _observations(workspace, detail, intent, lang) if asked else []
    if not facts and not observations:
        return None
    return AnswerCard(
        entity=CardEntity(key=detail.key, label=detail.label, type=detail.type),
        alt_labels=detail.alt_labels,
        matched="described in the question" if described else "named in the question",
        facts=facts[:MAX_FACTS],
        observations=observations,
        sources=[evidence.source(s) for s in detail.sources[:MAX_SOURCES]],
    )


def _described(workspace: Workspace, question: str, named: list[CatalogEntity], intent: Intent) -> list[CatalogEntity]:
    """The indicators (or budget lines) the question describes without naming them
    (:mod:`quipu.api.indicators`); none when it names an indicator that has values, or asks
    for the budget of an objective or action it names: those are what it asks about."""
    base = workspace.settings.base()
    observed = explore.observed(workspace.store, base=base)
    if any(e.key in observed and e.type == "indicator" for e in named):
        return []
    # "the budget of OEI 4" asks for the objective's own figures, not its indicators' (people, not soles)
    budget = bool(intent.measures & BUDGET_KINDS)
    if budget and any(e.key in observed and e.type in _MEASURED for e in named):
        return []
    measuring = {
        key for e in named if e.type in _MEASURED and not budget for key in _indicators_of(workspace, e.key) if key in observed
    }
    names = [n for e in named for n in (e.label, *e.names)]
    matches = observed_names(observed).best(question, named=names, among=measuring or None)
    return [CatalogEntity(m.key, m.key.split("/", 1)[0], m.label) for m in matches]


def _indicators_of(workspace: Workspace, key: str) -> list[str]:
    """The indicators that measure the entity ``key`` (an objective's, an action's)."""
    detail = explore.entity(workspace.store, key, base=workspace.settings.base(), max_sources=0)
    return [link.entity.key for link in detail.incoming if link.name == "qp:measures"] if detail else []


def _facts(detail: explore.EntityDetail, intent: Intent, evidence: _Evidence, lang: str) -> list[CardFact]:
    """The links of an entity that a sentence of their evidence supports, each scored by how
    much the question targets it.

    Two narrowings keep a card to the question's scope. A question that names a region
    ("who runs the centre in Tacna?") gets, for another entity, only the facts whose passage
    names that region. What points at an entity (the services a ministry runs, its units) is
    listed only when it is the one thing the question names: with two, "which unit of the
    ministry runs the service?" asks about the service's links, not for everything the
    ministry runs.

    A link that only a learned model read (right about four times in five) is left out when
    a rule reads the same relation of the entity: a rule's runner of a service is the
    answer, and the model's guesses beside it would be the card's likeliest errors."""
    regions = {k for k in intent.named if k.startswith("region/") and k != detail.key}
    others = {k for k in intent.named if not k.startswith(("region/", "country/")) and k != detail.key}
    facts: list[tuple[CardFact, bool]] = []
    for direction, links in (("out", detail.outgoing), ("in", detail.incoming)):
        for link in links:
            score = intent.score(link.name, direction, link.entity.key, link.entity.type, detail.type)
            if score < 2:
                continue
            if direction == "in" and others and link.entity.key not in intent.named:
                continue
            if not intent.accepts(link.entity.type, detail.type):
                continue  # "which programmes run X?" / "which programmes does X run?": programmes only
            if direction == "in" and not link.sources and not intent.types:
                continue  # the vocabulary's list of everything under an entity, unasked for
            sources = link.sources
            if regions and link.entity.key not in regions:
                sources = [s for s in sources if evidence.passage_names(s, regions)]
            supported = [(s, shared) for s in sources if (shared := evidence.check(s, link.entity.key)) is not None]
            if not supported and link.rules and all(refers_elsewhere(r) for r in link.rules):
                # "the project's six regions": the sentence names the count, a list elsewhere
                # the regions; cited as a statement of several at once
                supported = [(s, True) for s in sources if evidence.sentence(s) is not None]
            # A link with no source at all is one the shipped vocabulary states (a programme's
            # ministry in entities.ttl), not a reading of a document: shown, and cited as such.
            vocabulary = not link.sources
            if not supported and not vocabulary:
                continue
            supported.sort(key=lambda pair: pair[1])  # sentences that name only this entity first
            learned = bool(link.rules) and all(is_learned(r) for r in link.rules)
            facts.append(
                (
                    CardFact(
                        property=link.name,
                        property_label=property_labels(lang).get(link.property, link.name),
                        direction=direction,
                        entity=CardEntity(key=link.entity.key, label=link.entity.label, type=link.entity.type),
                        sources=[evidence.source(s) for s, _ in supported[:MAX_SOURCES]],
                        score=score,
                        shared_evidence=bool(supported) and all(shared for _, shared in supported),
                        stated_by_vocabulary=vocabulary,
                    ),
                    learned,
                )
            )
    read_by_rules = {(fact.property, fact.direction) for fact, learned in facts if not learned}
    return [fact for fact, learned in facts if not learned or (fact.property, fact.direction) not in read_by_rules]


def _observations(workspace: Workspace, detail: explore.EntityDetail, intent: Intent, lang: str) -> list[CardObservation]:
    """The indicator's values of the measures and periods the question asks for (when it names
    no measure, all but the execution rates), and of the regions it names."""
    base = workspace.settings.base()
    rows = explore.observations(workspace.store, detail.key, base=base)
    kinds = names_by_language(base)
    # "how many …?" asks for counts: an execution rate is shown when asked for
    rows = [row for row in rows if row.kind in intent.measures or not intent.measures and row.kind != "executionRate"]
    regions = {k for k in intent.named if k.startswith("region/") and k != detail.key}
    if regions:  # "… in Puno": a value of the region, not the country's total
        rows = [row for row in rows if _of_region(workspace, row, detail, regions)]
    # A baseline is of its own, earlier year: "the baseline and the 2021 target" names the
    # target's year, so a baseline no row of which is of a year asked is shown whatever its year.
    dated = {row.kind for row in rows if any(str(row.period or "").startswith(p) for p in intent.periods)}
    chosen = [
        row for row in rows
        if not intent.periods or row.kind not in dated and row.kind == "baseline"
        or any(str(row.period or "").startswith(p) for p in intent.periods)
    ]
    return [
        CardObservation(
            kind=row.kind, kind_label=kinds.get(f"{base}observation-kind/{row.kind}", {}).get(lang, row.kind), period=row.period, value=row.raw,
            unit=row.unit, quote=row.quote, document_id=row.document, breakdown=row.breakdown,
        )
        for row in chosen[:MAX_OBSERVATIONS]
    ]


def _of_region(workspace: Workspace, row: explore.ObservationRow, detail: explore.EntityDetail, regions: set[str]) -> bool:
    """Whether a value is of one of ``regions``: its table row, its quote or its indicator's
    name names one, or its document is about one."""
    catalog = workspace.index.catalog
    texts = [row.breakdown or "", row.quote or "", detail.label]
    if any(e.key in regions for text in texts if text for e in catalog.recognise(text)):
        return True
    return bool(row.document) and bool(set(catalog.documents.get(row.document or "", ())) & regions)


@dataclass
class _Evidence:
    """Reads the sentence of a source and checks which entities it names."""

    workspace: Workspace

    def sentence(self, source: explore.Source) -> tuple[str, int, int] | None:
        """The passage text and the span of the sentence(s) holding the quote."""
        passages = self.workspace.index.passages
        row = passages.key_of(source.passage_id)
        if row is None:
            return None
        record = passages.record(row)
        start, end = source.start - record.start, source.end - record.start
        if not (0 <= start < end <= len(record.text)):
            return None
        spans = [(s, e) for s, e in sentence_spans(record.text) if s < end and e > start]
        if not spans:
            return None
        return record.text, spans[0][0], spans[-1][1]

    def passage_names(self, source: explore.Source, keys: set[str]) -> bool:
        """Whether the passage of ``source`` names one of the entities ``keys``."""
        passages = self.workspace.index.passages
        row = passages.key_of(source.passage_id)
        if row is None:
            return False
        return any(e.key in keys for e in self.workspace.index.catalog.recognise(passages.record(row).text))

    def check(self, source: explore.Source, other: str) -> bool | None:
        """None when the source's sentence does not name ``other``; else whether it also names
        other entities of the same kind (the statement is shared by several)."""
        found = self.sentence(source)
        if found is None:
            return None
        text, start, end = found
        named = self.workspace.index.catalog.recognise(text[start:end])
        keys = {e.key for e in named}
        if other not in keys:
            return None
        kind = other.split("/", 1)[0]
        return any(k != other and k.split("/", 1)[0] == kind for k in keys)

    def source(self, source: explore.Source) -> FactSource:
        found = self.sentence(source)
        sentence = ""
        if found is not None:
            text, start, end = found
            if end - start > MAX_SENTENCE:  # a table row or a run-on list: the words around the quote
                middle = (source.start + source.end) // 2 - self._passage_start(source)
                start, end = max(start, middle - MAX_SENTENCE // 2), min(end, middle + MAX_SENTENCE // 2)
            sentence = re.sub(r"\s+", " ", text[start:end]).strip()
        return FactSource(
            quote=source.quote,
            sentence=sentence,
            document_id=source.document.id,
            document_title=source.document.title,
            passage_id=source.passage_id,
            section=source.section,
            start=source.start,
            end=source.end,
        )

    def _passage_start(self, source: explore.Source) -> int:
        passages = self.workspace.index.passages
        row = passages.key_of(source.passage_id)
        return passages.record(row).start if row is not None else 0


__all__ = ["AnswerCard", "AskResponse", "answer_cards", "answer_question"]
