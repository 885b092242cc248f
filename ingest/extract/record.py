"""Recording facts: spans that cite the cleaned text, and the one place where a mention,
a link or an observation is added to a document's facts.

Every extractor adds through the functions below, so each kind of fact has one meaning
of "already there", written once:

- :func:`add_mention` refuses a mention with the same span as one the entity has
  (:func:`mention_span`: passage, offsets and quote);
- :func:`add_link` refuses a link from an entity to itself, and one with the same
  subject, predicate and object as a link listed (:func:`link_triple`);
- :func:`add_observation` refuses a value of an indicator printed as one listed, of the
  same kind and period (:func:`printed_value`).

An extractor that needs a broader "same" passes one of these keys as ``also_same=`` (the
function itself, not a lambda: the keys seen so far are kept per key function); the
default check still applies, so ``also_same`` can only refuse more:

- :func:`mention_offsets`: the same offsets, whatever passage or quote the span holds
  (what the shape-based entity reader compares);
- :func:`link_pair`: any link between the same two entities, either way (the vocabulary
  says who runs a service only where the text links the two in no other way);
- :func:`parsed_value`: the same number however printed ("S/ 12,500,000.00" and
  "12,500,000.00"), in the same period;
- :func:`compact_value`: the same printed value but for its spaces ("S/ 12,500,000.00" and
  "S/12,500,000.00"): one statement printed twice, where a table's "1,876,150.00" and a
  sentence's "S/ 1 876 150.00" stay two statements, each with its source;
- :func:`parsed_value_any_period`: the same number in any period (an indicator card's
  "Meta 07" repeats the "IC 3: 7" the text stated).

Two notions are not keys, so they have functions of their own:
:func:`add_uncovered_mention` refuses a mention inside the offsets of one the entity has
(an acronym inside the definition that spells it out), and :func:`add_cited_link` keeps
one link per piece of evidence (a norm approved in two sentences is cited twice).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from quipu.ingest.facts import Entity, Facts, Link, Observation, Span
from quipu.ingest.models import Document

from .spans import Intervals, passage_index

T = TypeVar("T")
S = TypeVar("S")


def document_span(document: Document, start: int, end: int) -> Span:
    """A span from document offsets, clipped to the passage the start lies in."""
    index = passage_index(document, start)
    passage = document.passages[index]
    if start >= passage.end and index + 1 < len(document.passages):
        passage = document.passages[index + 1]  # the start fell in a gap between passages
    start = min(max(start, passage.start), passage.end)
    end = min(max(end, start), passage.end)
    return Span(passage_id=passage.id, start=start, end=end, quote=document.text[start:end])


def normalise_name(text: str) -> str:
    """A name as one line: hyphenation at line ends fixed, whitespace collapsed."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" ;:,")


def label_of(name: str) -> str:
    """An entity label: the normalised name without the closing full stop or quotes."""
    name = normalise_name(name)
    name = re.sub(r"\.+$", "", name).strip()
    if name.count('"') % 2 == 1:
        name = name.strip('"').strip()
    return name


def add_attribute(entity: Entity, name: str, value: str | None) -> None:
    """Sets a string attribute; a second, different value is appended after "; "."""
    if not value:
        return
    known = entity.attributes.get(name)
    if not known:
        entity.attributes[name] = value
    elif value not in str(known).split("; "):
        entity.attributes[name] = f"{known}; {value}"


# --- what counts as the same fact ------------------------------------------------------


def mention_span(mention: Span) -> Span:
    """A mention compared whole: passage, offsets and quote (the default)."""
    return mention


def mention_offsets(mention: Span) -> tuple[int, int]:
    """A mention compared by its document offsets alone."""
    return mention.start, mention.end


def link_triple(link: Link) -> tuple[str, str, str]:
    """A link compared by what it states: one link per subject, predicate and object (the default)."""
    return link.subject, link.predicate, link.object


def link_itself(link: Link) -> Link:
    """A link compared whole, evidence and rule included (citations: see :func:`add_cited_link`)."""
    return link


def link_pair(link: Link) -> frozenset[str]:
    """A link compared by the two entities it joins, whatever the predicate or direction."""
    return frozenset((link.subject, link.object))


def printed_value(observation: Observation) -> tuple[str, str, str, str | None]:
    """An observation compared as printed: indicator, kind, raw text and period (the default)."""
    return observation.indicator, observation.kind, observation.raw, observation.period


def compact_value(observation: Observation) -> tuple[str, str, str, str | None]:
    """An observation compared as printed, spaces aside."""
    return observation.indicator, observation.kind, "".join(observation.raw.split()), observation.period


def parsed_value(observation: Observation) -> tuple[str, str, float | None, str | None]:
    """An observation compared by the number it stands for, in its period."""
    return observation.indicator, observation.kind, observation.value, observation.period


def parsed_value_any_period(observation: Observation) -> tuple[str, str, float | None]:
    """An observation compared by the number it stands for, whatever its period."""
    return observation.indicator, observation.kind, observation.value


# --- adding without duplicates ---------------------------------------------------------


def add_mention(entity: Entity, mention: Span, *, also_same: Callable[[Span], Hashable] | None = None) -> bool:
    """Adds a mention unless the entity has one with the same span (or the same
    ``also_same`` key); whether it was added."""
    return _add_unlisted(entity, entity.mentions, mention, mention_span, also_same)


def add_uncovered_mention(entity: Entity, mention: Span) -> bool:
    """Adds a mention unless one of the entity's mentions already spans its offsets (the
    acronym inside the definition that spells it out); whether it was added."""
    if _covered(entity, mention):
        return False
    entity.mentions.append(mention)
    return True


def _traced(link: Link) -> None:
    if not link.rule:
        raise ValueError(
            f"link {link.subject} {link.predicate} {link.object} has no rule: give Link(…, rule=rule('<extractor>/<name>')) "
            "so that a wrong fact can be traced to what read it"
        )


def add_link(facts: Facts, link: Link, *, also_same: Callable[[Link], Hashable] | None = None) -> bool:
    """Adds a link unless it joins an entity to itself or the same subject, predicate and
    object (or the same ``also_same`` key) are listed; whether it was added. A link without
    the rule that read it is refused."""
    _traced(link)
    return link.subject != link.object and _add_unlisted(facts, facts.links, link, link_triple, also_same)


def add_cited_link(facts: Facts, link: Link) -> bool:
    """Adds a link once per piece of evidence: a norm approved in two sentences is cited
    twice (each a statement with its own source), but never from an entity to itself."""
    _traced(link)
    return link.subject != link.object and _add_unlisted(facts, facts.links, link, link_itself, None)


def add_observation(
    facts: Facts, observation: Observation, *, also_same: Callable[[Observation], Hashable] | None = None
) -> bool:
    """Adds an observation unless one listed has the same indicator, kind, printed value
    and period (or the same ``also_same`` key); whether it was added."""
    return _add_unlisted(facts, facts.observations, observation, printed_value, also_same)


def _add_unlisted(
    owner: object,
    items: list[T],
    item: T,
    same: Callable[[T], Hashable],
    also_same: Callable[[T], Hashable] | None,
) -> bool:
    """Appends ``item`` to ``items`` (a list held by ``owner``) unless an item listed has its
    ``same`` key, or its ``also_same`` key; whether it was appended."""
    if _listed(owner, items, same, same(item)) or (
        also_same is not None and _listed(owner, items, also_same, also_same(item))
    ):
        return False
    items.append(item)
    return True


class _Index(Generic[T, S]):
    """What is known of a list (``summary``) as far as its first ``count`` items, the last
    of them ``last``."""

    __slots__ = ("items", "count", "last", "summary")

    def __init__(self, items: list[T], summary: S) -> None:
        self.items = items
        self.count = 0
        self.last: T | None = None
        self.summary = summary


def _caught_up(
    owner: object, name: Hashable, items: list[T], fresh: Callable[[], S], absorb: Callable[[S, list[T]], object]
) -> S:
    """The summary ``name`` of ``items`` (a list held by ``owner``), up to date.

    Scanning the list at each check made extraction quadratic in the document's size, so
    the summary is kept on ``owner`` and ``absorb`` catches it up with the items appended
    since the last check; a list changed otherwise (items removed, as entities does with
    names nested in a longer one) is noticed and read again from ``fresh()``.
    """
    indexes: dict[Hashable, _Index[T, S]] = owner.__dict__.setdefault("_indexes", {})
    index = indexes.get(name)
    if (
        index is None
        or index.items is not items
        or len(items) < index.count
        or (index.count and items[index.count - 1] is not index.last)
    ):
        index = indexes[name] = _Index(items, fresh())
    if len(items) > index.count:
        absorb(index.summary, items[index.count :])
        index.count, index.last = len(items), items[-1]
    return index.summary


def _listed(owner: object, items: list[T], key: Callable[[T], Hashable], wanted: Hashable) -> bool:
    """Whether ``items`` (a list held by ``owner``) has an item whose ``key`` is ``wanted``."""
    keys: set[Hashable] = _caught_up(owner, key, items, set, lambda known, new: known.update(map(key, new)))
    return wanted in keys


def _covered(entity: Entity, mention: Span) -> bool:
    """Whether one of the entity's mentions spans the offsets of ``mention``."""

    def absorb(spans: Intervals[None], new: list[Span]) -> None:
        for m in new:
            spans.add(m.start, m.end, None)

    positions: Intervals[None] = _caught_up(entity, "positions", entity.mentions, Intervals, absorb)
    return any(s <= mention.start and mention.end <= e for s, e, _ in positions.near(mention.start, mention.end))
