"""Extractors: small plugins that each add what they find in a document to its facts.

An extractor is anything with a ``name``, an ``order`` and a call ``(document, facts)``
(the :class:`Extractor` protocol). They run by ascending order, so later ones can use
what earlier ones found (relations link the mentions of the entity extractors). Quipu's
own are listed in :data:`BUILTIN`; others are found through the ``quipu.extractors``
entry-point group, so a user can add one for their own document family without
editing Quipu::

    # pyproject.toml of a plugin
    [project.entry-points."quipu.extractors"]
    budget_annex = "my_package.annex:AnnexExtractor"   # an object, a class or a factory

``quipu extractors`` lists them; ``QUIPU_EXTRACTORS_DISABLED`` switches some off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Protocol, runtime_checkable

from quipu.core.errors import ConfigError
from quipu.ingest.facts import Facts
from quipu.ingest.models import Document

from . import (
    acronyms,
    amendments,
    budget_programmes,
    bullets,
    cards,
    clitics,
    commitments,
    enactments,
    entities,
    gazetteer,
    headings,
    hereafter,
    implicit,
    learned,
    learned_values,
    norms,
    offered,
    plans,
    prose,
    relations,
    short_names,
    subjects,
    tables,
    tidy,
)

ENTRY_POINT_GROUP = "quipu.extractors"


@runtime_checkable
class Extractor(Protocol):
    """What every extractor offers: a unique name, its place in the run, and the call."""

    # Read-only, so that frozen dataclasses (FunctionExtractor, a plugin's) qualify.
    @property
    def name(self) -> str: ...

    @property
    def order(self) -> int: ...

    def __call__(self, document: Document, facts: Facts) -> None: ...


@dataclass(frozen=True)
class FunctionExtractor:
    """An extractor made of a function ``extract(document, facts)``."""

    name: str
    order: int
    run: Callable[[Document, Facts], None]
    description: str = ""
    source: str = "built-in"

    def __call__(self, document: Document, facts: Facts) -> None:
        self.run(document, facts)


# Quipu's own, in the order they run; gaps of 100 leave room for plugins in between.
BUILTIN: tuple[FunctionExtractor, ...] = (
    FunctionExtractor("norms", 100, norms.extract, "norm citations in all their written forms"),
    FunctionExtractor("plans", 200, plans.extract, "institutional and named plans, their versions and approving norms"),
    FunctionExtractor("gazetteer", 300, gazetteer.extract, "institutions, programmes, services and regions of the vocabulary"),
    FunctionExtractor("acronyms", 400, acronyms.extract, "names defined with their acronym"),
    FunctionExtractor("budget-programmes", 450, budget_programmes.extract, "budget programmes by their number (PP 0116) and name"),
    FunctionExtractor("entities", 500, entities.extract, "named institutions, programmes and services"),
    FunctionExtractor("short-names", 550, short_names.extract, "programmes and services called by the head of their name"),
    FunctionExtractor("hereafter", 560, hereafter.extract, "short names a document defines for the rest of it: (en adelante, X)"),
    FunctionExtractor("tables", 600, tables.extract, "indicators, plan elements, values and links from table headers"),
    FunctionExtractor("headings", 700, headings.extract, "objectives and actions numbered in headings"),
    FunctionExtractor("prose", 800, prose.extract, "values stated in sentences"),
    FunctionExtractor("cards", 900, cards.extract, "indicator sheets (definition, formula, target)"),
    FunctionExtractor("relations", 1000, relations.extract, "links between two mentions of a sentence, from the cue lexicon"),
    FunctionExtractor("bullets", 1010, bullets.extract, "services listed in bullets under the sentence that introduces them"),
    FunctionExtractor("clitics", 1020, clitics.extract, "links whose object is a pronoun for a programme or service named before"),
    FunctionExtractor("offered", 1030, offered.extract, "services a centre or programme offers, listed after a verb of offering"),
    FunctionExtractor("commitments", 1040, commitments.extract, "what each party of an agreement commits to run, fund or supervise, listed under its name"),
    FunctionExtractor("enactments", 1050, enactments.extract, "dates of norms, and what a norm's own articles approve"),
    FunctionExtractor("amendments", 1060, amendments.extract, "a norm that changes another named by a phrase pointing back to it"),
    FunctionExtractor("implicit", 1100, implicit.extract, "links whose missing side the topic or the vocabulary supplies"),
    FunctionExtractor("learned-links", 1150, learned.extract, "links between two names of a sentence that no rule linked, from a model trained on annotated documents"),
    FunctionExtractor("learned-values", 1160, learned_values.extract, "values in sentences that no rule read, from a model trained on annotated documents"),
    FunctionExtractor("subjects", 1200, subjects.extract, "what the document is about: its manifest, title, header and dominant mentions"),
    FunctionExtractor("tidy", 1300, tidy.extract, "drops a name's words taken for a mention of something else"),
)


def _load(entry) -> Extractor:
    try:
        loaded = entry.load()
        extractor = loaded() if isinstance(loaded, type) else loaded
    except Exception as exc:  # a broken plugin must say which one
        raise ConfigError(
            f"extractor plugin {entry.name!r} ({entry.value}) could not be loaded: {type(exc).__name__}: {exc}",
            setting="QUIPU_EXTRACTORS_DISABLED",
        ) from None
    if not isinstance(extractor, Extractor):
        raise ConfigError(
            f"extractor plugin {entry.name!r} ({entry.value}) needs a name, an order and a call (document, facts)",
            setting="QUIPU_EXTRACTORS_DISABLED",
        )
    return extractor


def available() -> list[Extractor]:
    """Every extractor, built-in and from plugins, in the order they run."""
    found: list[Extractor] = list(BUILTIN)
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        found.append(_load(entry))
    names = [e.name for e in found]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ConfigError(f"two extractors are named {', '.join(twice)}; rename the plugin", setting="QUIPU_EXTRACTORS_DISABLED")
    return sorted(found, key=lambda e: (e.order, e.name))


def enabled(disabled: Iterable[str] = ()) -> list[Extractor]:
    """The extractors that run: all but the ``disabled`` names (an unknown name is an error,
    so a typo does not silently leave an extractor on)."""
    everything = available()
    off = {name.strip() for name in disabled if name.strip()}
    unknown = off - {e.name for e in everything}
    if unknown:
        raise ConfigError(
            f"unknown extractor {', '.join(sorted(unknown))} in QUIPU_EXTRACTORS_DISABLED; "
            f"known: {', '.join(e.name for e in everything)} (see `quipu extractors`)",
            setting="QUIPU_EXTRACTORS_DISABLED",
        )
    return [e for e in everything if e.name not in off]


def extract_facts(document: Document, extractors: Iterable[Extractor] | None = None) -> Facts:
    """Everything the extractors find in one document."""
    facts = Facts(document_id=document.id)
    for extractor in extractors if extractors is not None else enabled():
        extractor(document, facts)
    return facts
