"""Recording facts: spans that cite the cleaned text, and adding entities, links and
observations to a document's facts without duplicates."""

from __future__ import annotations

import re

from quipu.ingest.facts import Entity, Facts, Link, Observation, Span
from quipu.ingest.models import Document

from .spans import itself, listed, passage_index, triple


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


def add_mention(entity: Entity, mention: Span) -> None:
    if not listed(entity, entity.mentions, itself, mention):
        entity.mentions.append(mention)


def _printed(observation: Observation) -> tuple[str, str, str, str | None]:
    return observation.indicator, observation.kind, observation.raw, observation.period


def add_observation(facts: Facts, observation: Observation) -> None:
    """Adds an observation unless the same value of the same indicator is already there."""
    if not listed(facts, facts.observations, _printed, _printed(observation)):
        facts.observations.append(observation)


def add_attribute(entity: Entity, name: str, value: str | None) -> None:
    """Sets a string attribute; a second, different value is appended after "; "."""
    if not value:
        return
    known = entity.attributes.get(name)
    if not known:
        entity.attributes[name] = value
    elif value not in str(known).split("; "):
        entity.attributes[name] = f"{known}; {value}"


def add_link(facts: Facts, link: Link) -> None:
    if not listed(facts, facts.links, triple, triple(link)):
        facts.links.append(link)
