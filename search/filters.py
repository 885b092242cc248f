"""Filters on search results, and the facet counts that suggest them.

A filter field holds a set of accepted values: a passage passes a field when it has
one of them (OR), and passes the filter when it passes every field that is set (AND).
A region or entity is matched by a passage that mentions it, and by every passage of a
document that is about it (its manifest says so, or its title, header or dominant
mentions do: :mod:`quipu.ingest.extract.subjects`), so that ``region=Puno`` keeps a Puno
plan's passage on its job board that never repeats "Puno". Both come from the
:class:`~quipu.search.catalog.EntityCatalog`. The region and entity facets count a passage
under the same keys, so a facet's count is how many of the passages it counts over its
value, given as a filter, keeps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from quipu.core.errors import QueryError

from .catalog import EntityCatalog
from .records import PassageRecord

FACETS = ("document", "year", "document_type", "region", "entity")


@dataclass(frozen=True)
class SearchFilters:
    """Which passages a search may return; an empty field accepts everything."""

    documents: frozenset[str] = frozenset()  # document ids
    years: frozenset[int] = frozenset()
    document_types: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()  # region (or country) entity keys
    entities: frozenset[str] = frozenset()  # entity keys of any type

    @classmethod
    def parse(
        cls,
        catalog: EntityCatalog,
        *,
        documents: Iterable[str] = (),
        years: Iterable[int | str] = (),
        document_types: Iterable[str] = (),
        regions: Iterable[str] = (),
        entities: Iterable[str] = (),
    ) -> SearchFilters:
        """Filters from user input: regions and entities by key, label or acronym."""
        parsed_years = set()
        for year in years:
            try:
                parsed_years.add(int(year))
            except ValueError:
                raise QueryError(f"year filter {year!r} is not a year; give a number such as 2024") from None
        return cls(
            documents=frozenset(d.strip() for d in documents if d.strip()),
            years=frozenset(parsed_years),
            document_types=frozenset(t.strip() for t in document_types if t.strip()),
            regions=frozenset(_keys(catalog, regions, regions=True, what="region")),
            entities=frozenset(_keys(catalog, entities, regions=None, what="entity")),
        )

    def __bool__(self) -> bool:
        return any((self.documents, self.years, self.document_types, self.regions, self.entities))

    def accepts(self, record: PassageRecord, mentioned: Collection[str], about: Collection[str] = ()) -> bool:
        """Whether a passage passes every field set: ``mentioned`` holds the keys of the
        entities it mentions, ``about`` those of the regions and entities its document is
        about; a region or entity filter passes it when either holds one of its values."""
        if self.documents and record.document_id not in self.documents:
            return False
        if self.years and record.year not in self.years:
            return False
        if self.document_types and record.document_type not in self.document_types:
            return False
        for wanted in (self.regions, self.entities):
            if wanted and wanted.isdisjoint(mentioned) and wanted.isdisjoint(about):
                return False
        return True


def _keys(catalog: EntityCatalog, values: Iterable[str], *, regions: bool | None, what: str) -> list[str]:
    keys = []
    for value in values:
        if not value.strip():
            continue
        if not catalog.entities:
            raise QueryError(
                f"this index has no entity catalog, so it cannot filter by {what}; "
                "run `quipu ingest` to rebuild it (indexes built before filters existed have none)",
                query=value,
            )
        entity = catalog.resolve(value, regions=regions)
        if entity is None:
            raise QueryError(
                f"no {what} {value!r} in the index; give an entity key such as region/puno, "
                "or a label or acronym listed by /v1/entities",
                query=value,
            )
        keys.append(entity.key)
    return keys


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    type: str | None = None


@dataclass
class Facets:
    """Counts per facet value over the passages a search considered."""

    considered: int = 0  # how many ranked passages the counts are over
    fields: dict[str, list[FacetValue]] = field(default_factory=dict)


def facet_counts(
    records: Sequence[PassageRecord], catalog: EntityCatalog, *, limit: int = 10
) -> Facets:
    """Facet counts over ``records`` (the ranked passages that passed the filters).

    A passage counts under the regions and entities it mentions and under those its
    document is about, as the filters match it. ``limit`` caps the values listed for
    regions and entities (most frequent first); documents, years and types are few and
    listed in full.
    """
    counters: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    titles: dict[str, str] = {}
    for record in records:
        counters["document"][record.document_id] += 1
        titles[record.document_id] = record.document_title
        if record.year is not None:
            counters["year"][str(record.year)] += 1
        if record.document_type:
            counters["document_type"][record.document_type] += 1
        for key in catalog.keys_of(record.id, record.document_id):
            entity = catalog.get(key)
            if entity is None:
                continue
            counters["region" if entity.is_region else "entity"][key] += 1
    facets = Facets(considered=len(records))
    for name, counter in counters.items():
        values = []
        ordered = sorted(counter.items(), key=lambda item: (-item[1], item[0]))
        if name == "year":
            ordered = sorted(counter.items(), reverse=True)
        if name in ("region", "entity"):
            ordered = ordered[:limit]
        for value, count in ordered:
            entity = catalog.get(value) if name in ("region", "entity") else None
            label = titles.get(value, value) if name == "document" else entity.label if entity else value
            values.append(FacetValue(value, label, count, entity.type if entity else None))
        facets.fields[name] = values
    return facets


__all__ = ["FACETS", "FacetValue", "Facets", "SearchFilters", "facet_counts"]
