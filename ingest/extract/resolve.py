"""Entity resolution across documents: one entity per thing, whatever the spelling.

Within a document the extractors already merge case, accents and acronyms into one
key. Across documents, two keys of the same type are the same entity when one's
label or alternative label folds to one of the other's — "Ventanilla Única de
Promoción del Empleo" in one report and "VUPE" defined as it in another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from quipu.core.text import fold
from quipu.ingest.facts import Entity, Facts

from .entities import region_in

# Folded names this short are too ambiguous to merge on ("ue", "pe").
MIN_NAME = 3


# "Gerencia Regional de Desarrollo Social": a regional body's name without its region, which
# every regional government has; two documents that use it may speak of two regions.
_PLACELESS_REGIONAL = re.compile(r"^(?:direccion|gerencia|sub\s?gerencia|subdireccion)\s+regional\s+de\s")


# A name that ends in an article, a preposition or a conjunction was cut short (a table cell
# wrapped after "Promover la"): two objectives of one plan may both begin so.
_CUT_SHORT = re.compile(r"\s(?:de|del|la|las|el|los|y|e|en|para|por|con|al|o|u|un|una|su|sus|que)$")


def _names(entity: Entity) -> set[str]:
    # an alternative name without its region does not merge (the label, as before, does)
    others = {a for a in map(fold, entity.alt_labels) if not (_PLACELESS_REGIONAL.match(a) and region_in(a) is None)}
    return {n for n in {fold(entity.label), *others} if len(n) >= MIN_NAME and not _CUT_SHORT.search(n)}


def scope_of(key: str) -> str | None:
    """The ``owner/plan`` of a scoped key (``objective/mtpe/poi-2024/oei-01``), else None."""
    parts = key.split("/")
    return "/".join(parts[1:3]) if len(parts) >= 4 else None


def _rank(entity: Entity) -> tuple[int, int, str]:
    # Prefer vocabulary keys, then the shorter (acronym-based) key, then alphabetical.
    return (0 if entity.attributes.get("vocabulary") else 1, len(entity.key), entity.key)


def resolve(all_facts: Iterable[Facts]) -> dict[str, str]:
    """A map from every entity key to its canonical key (itself when not merged)."""
    entities: dict[str, Entity] = {}
    for facts in all_facts:
        for key, entity in facts.entities.items():
            entities.setdefault(key, entity)
    parent = {key: key for key in entities}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    owner: dict[tuple[str, str, object], str] = {}
    for key in sorted(entities):
        entity = entities[key]
        # A measure of one document's subject ("Presupuesto total" of a programme) is not
        # the same-named measure of another subject.
        # Plan elements are keyed in their plan (objective/<owner>/<plan>/oei-01): another
        # owner's or plan's "OEI.01" is another objective.
        subject = entity.attributes.get("subject") or scope_of(key)
        for name in _names(entity):
            other = owner.setdefault((entity.type, name, subject), key)
            a, b = find(key), find(other)
            if a != b:
                keep, drop = sorted((a, b), key=lambda k: _rank(entities[k]))
                parent[drop] = keep
    return {key: find(key) for key in entities}


def merge_entities(all_facts: Iterable[Facts], mapping: dict[str, str]) -> dict[str, Entity]:
    """One entity per canonical key, with the names and attributes of all its spellings."""
    merged: dict[str, Entity] = {}
    votes: dict[str, dict[str, int]] = {}
    for facts in all_facts:
        for entity in facts.entities.values():
            key = mapping.get(entity.key, entity.key)
            target = merged.get(key)
            if target is None:
                target = merged[key] = Entity(key=key, type=entity.type, label=entity.label)
            # a name cut short ("Promover la") names nothing: it would make a search for those
            # words find the entity
            target.alt_labels |= {n for n in entity.alt_labels | {entity.label} if not _CUT_SHORT.search(fold(n))}
            for name, value in entity.attributes.items():
                target.attributes.setdefault(name, value)
            target.mentions.extend(entity.mentions)
            count = votes.setdefault(key, {})
            weight = 1000 if entity.attributes.get("vocabulary") else len(entity.mentions) or 1
            count[entity.label] = count.get(entity.label, 0) + weight
    for key, entity in merged.items():
        entity.label = max(sorted(votes[key]), key=lambda label: votes[key][label])
        entity.alt_labels.discard(entity.label)
    return merged
