"""Runs every extractor over a document and returns its facts.

Each extractor is a function ``extract(document, facts)`` that adds what it finds;
they run in order, so later ones (relations) can use the mentions of earlier ones.
"""

from __future__ import annotations

from collections.abc import Callable

from quipu.ingest.facts import Facts
from quipu.ingest.models import Document

from . import acronyms, cards, entities, gazetteer, implicit, indicators, norms, plans, prose, relations, tables

Extractor = Callable[[Document, Facts], None]

EXTRACTORS: list[Extractor] = [
    norms.extract,
    plans.extract,
    gazetteer.extract,
    acronyms.extract,
    entities.extract,
    tables.extract,
    indicators.extract,
    prose.extract,
    cards.extract,
    relations.extract,  # links the mentions the others found
    implicit.extract,  # last: links whose missing side the topic or the vocabulary supplies
]


def extract_facts(document: Document, extractors: list[Extractor] | None = None) -> Facts:
    """Everything the extractors find in one document."""
    facts = Facts(document_id=document.id)
    for extractor in extractors or EXTRACTORS:
        extractor(document, facts)
    return facts
