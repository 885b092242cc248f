"""What the pages call the vocabulary's things, in the reader's language.

The names come from the shipped Turtle files through :mod:`quipu.graph.vocabulary`, never
from a table here: an entity or region is shown by its label in the page's language when
the vocabulary has one (the countries of ``regions.ttl``, the English names of United
Nations agencies in ``entities.ttl``), else by the label the graph gave it; a unit by its
concept in the ``units`` scheme; a document type (the manifest's words, "plan de mejora")
by the ``document-genres`` concept it is a label of.
"""

from __future__ import annotations

from quipu.core.iris import normal_base
from quipu.core.text import fold
from quipu.graph.vocabulary import Concept, names_by_language, scheme_concepts


class Names:
    """The vocabulary's names of things under one base IRI, per language."""

    def __init__(self, base: str) -> None:
        self.base = normal_base(base)
        self._names = names_by_language(self.base)
        self._units = {c.notation: c for c in scheme_concepts("units", self.base) if c.notation}
        self._genres = {name: c for c in scheme_concepts("document-genres", self.base) for name in c.names}

    def entity(self, key: str, lang: str, fallback: str) -> str:
        """An entity (by key or IRI) named in ``lang``; ``fallback`` when the vocabulary has no such name."""
        iri = key if key.startswith(("http://", "https://")) else self.base + key
        return self._names.get(iri, {}).get(lang) or fallback

    def unit(self, unit: str | None, lang: str) -> str:
        """A unit (its name in the graph's UNITS: percent, count, PEN …) named in ``lang``."""
        concept = self._units.get(unit or "")
        return _label(concept, lang) if concept else unit or ""

    def unit_symbol(self, unit: str | None) -> str | None:
        """The sign a value in ``unit`` is written with ("%", "S/"); None when it has none."""
        concept = self._units.get(unit or "")
        return concept.symbol if concept else None

    def unit_sign(self, unit: str | None, lang: str) -> str:
        """What labels a chart's axis: the unit's sign, else its name."""
        return self.unit_symbol(unit) or self.unit(unit, lang)

    def genre(self, document_type: str | None, lang: str) -> str:
        """A document type as written in a manifest, named in ``lang``; as written when no genre has that label."""
        concept = self._genres.get(fold(document_type or ""))
        return _label(concept, lang) if concept else document_type or ""


def _label(concept: Concept, lang: str) -> str:
    return concept.labels.get(lang) or next(iter(concept.labels.values()), concept.notation or concept.iri)


__all__ = ["Names"]
