"""The entities the search index knows: their names, the passages that mention them and
the documents that are about them.

Ingest writes the catalog beside the passages (``entities.json``) from the merged
entities of the graph and the documents' subjects (:mod:`quipu.ingest.extract.subjects`),
so search can recognise the entities a question names, boost and filter passages by them
and count them as facets, without querying the store. A catalog saved before documents
had subjects loads with none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from quipu.core.text import fold
from quipu.ingest.extract.norms import find_norms
from quipu.ingest.facts import Entity

# Entity types a question is matched against by name. Indicators, activities and
# actions have sentence-long labels that a question paraphrases rather than quotes.
NAMED_TYPES = frozenset({"norm", "institution", "programme", "service", "region", "plan", "objective"})
MAX_NAME_WORDS = 10
_WORD = re.compile(r"\w+(?:[.'’-]\w+)*")


@dataclass(frozen=True)
class CatalogEntity:
    """One entity as search sees it: key (``type/slug``, as in the graph), label and names."""

    key: str
    type: str
    label: str
    names: tuple[str, ...] = ()

    @property
    def is_region(self) -> bool:
        return self.type == "region" or self.key.startswith("country/")


class EntityCatalog:
    """Entities by key, a name index for recognising them, passage → the entity keys it
    mentions, and document → the keys of the regions and entities it is about."""

    FILE = "entities.json"

    def __init__(
        self,
        entities: Iterable[CatalogEntity],
        passages: Mapping[str, Iterable[str]],
        documents: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.entities = {e.key: e for e in entities}
        self.passages = {pid: tuple(sorted(set(keys))) for pid, keys in passages.items()}
        self.documents = {doc: tuple(sorted(set(keys))) for doc, keys in (documents or {}).items() if keys}
        self._names: dict[tuple[str, ...], set[str]] = {}
        self._exact: dict[str, set[str]] = {}  # short names that must match in their own case
        for entity in self.entities.values():
            if entity.type not in NAMED_TYPES and not entity.is_region:
                continue
            for name in {entity.label, *entity.names}:
                words = tuple(_WORD.findall(fold(name)))
                if not words or len(words) > MAX_NAME_WORDS:
                    continue
                if len(words) == 1 and len(words[0]) <= 3:
                    # "Ica", "PE", "OIT": a common word in lower case; trust only the written form.
                    self._exact.setdefault(name.strip(), set()).add(entity.key)
                    continue
                self._names.setdefault(words, set()).add(entity.key)
        # the lengths of the names that start with each word: a query is looked up only where a name may start
        self._starts: dict[str, set[int]] = {}
        for words in self._names:
            self._starts.setdefault(words[0], set()).add(len(words))

    @classmethod
    def of(cls, entities: Mapping[str, Entity], subjects: Mapping[str, Iterable[str]] | None = None) -> EntityCatalog:
        """The catalog of merged entities (``key → Entity``, as the graph describes them) and
        of what each document is about (``document id → canonical keys``)."""
        found = [
            CatalogEntity(e.key, e.type, e.label, tuple(sorted(e.alt_labels - {e.label}))) for e in entities.values()
        ]
        passages: dict[str, set[str]] = {}
        for entity in entities.values():
            for span in entity.mentions:
                passages.setdefault(span.passage_id, set()).add(entity.key)
        about = {doc: [key for key in keys if key in entities] for doc, keys in (subjects or {}).items()}
        return cls(found, passages, about)

    # ------------------------------------------------------------ persist

    def to_dict(self) -> dict:
        """The catalog as JSON data (what :meth:`save` writes and a database store keeps)."""
        return {
            "entities": [asdict(e) for e in sorted(self.entities.values(), key=lambda e: e.key)],
            "passages": {pid: list(keys) for pid, keys in sorted(self.passages.items())},
            "documents": {doc: list(keys) for doc, keys in sorted(self.documents.items())},
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> EntityCatalog:
        entities = [CatalogEntity(e["key"], e["type"], e["label"], tuple(e.get("names", ()))) for e in data["entities"]]
        return cls(entities, data["passages"], data.get("documents"))

    def save(self, folder: Path) -> None:
        (folder / self.FILE).write_text(json.dumps(self.to_dict(), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> EntityCatalog:
        """The catalog saved in ``folder``; an empty one for an index built before catalogs."""
        path = folder / cls.FILE
        if not path.exists():
            return cls([], {})
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    # ------------------------------------------------------------ lookups

    def get(self, key: str) -> CatalogEntity | None:
        return self.entities.get(key)

    def of_passage(self, passage_id: str) -> tuple[str, ...]:
        """The keys of the entities a passage mentions."""
        return self.passages.get(passage_id, ())

    def of_document(self, document_id: str) -> tuple[str, ...]:
        """The keys of the regions and entities a document is about."""
        return self.documents.get(document_id, ())

    def keys_of(self, passage_id: str, document_id: str) -> tuple[str, ...]:
        """What a filter on regions or entities matches a passage by: the keys it mentions
        and those its document is about."""
        about = self.of_document(document_id)
        mentioned = self.of_passage(passage_id)
        return tuple(sorted({*mentioned, *about})) if about else mentioned

    def recognise(self, text: str) -> list[CatalogEntity]:
        """Entities that ``text`` names, in order of first appearance, longest name first.

        Names are matched as whole words after folding case and accents; norms also by
        their identifier in any written form (``R.M. 411-2023-TR``).
        """
        found: dict[str, int] = {}
        for norm in find_norms(text):
            if norm.key in self.entities:
                found.setdefault(norm.key, norm.start)
        words = [(m.group(), m.start()) for m in _WORD.finditer(fold(text))]
        taken = [False] * len(words)
        sizes = [self._starts.get(w, set()) for w, _ in words]
        for size in range(min(MAX_NAME_WORDS, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                if size not in sizes[i] or any(taken[i : i + size]):
                    continue
                keys = self._names.get(tuple(w for w, _ in words[i : i + size]))
                if keys:
                    for key in keys:
                        found.setdefault(key, words[i][1])
                    taken[i : i + size] = [True] * size
        for match in _WORD.finditer(text):
            for key in self._exact.get(match.group(), ()):
                found.setdefault(key, match.start())
        return [self.entities[k] for k, _ in sorted(found.items(), key=lambda item: item[1])]

    def resolve(self, value: str, *, regions: bool | None = None) -> CatalogEntity | None:
        """The entity a filter value names: its key, its label or one of its names."""
        value = value.strip()
        if value in self.entities:
            return self.entities[value]
        wanted = fold(value)
        for entity in self.entities.values():
            if regions is not None and entity.is_region != regions:
                continue
            if entity.key.split("/", 1)[-1] == wanted or any(fold(n) == wanted for n in (entity.label, *entity.names)):
                return entity
        return None


__all__ = ["CatalogEntity", "EntityCatalog"]
