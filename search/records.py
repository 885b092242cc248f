"""What the search index keeps about each passage, to answer without the graph store."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from quipu.ingest.models import Document, Passage


@dataclass(frozen=True)
class PassageRecord:
    """A passage with the document facts a search result shows and filters on."""

    id: str
    document_id: str
    document_title: str
    text: str
    start: int
    end: int
    section: tuple[str, ...] = ()
    page: int | None = None
    kind: str = "text"
    year: int | None = None
    document_type: str | None = None
    header: str = ""  # the header row of the table a table passage continues

    @classmethod
    def of(cls, document: Document, passage: Passage) -> PassageRecord:
        return cls(
            id=passage.id,
            document_id=document.id,
            document_title=document.title,
            text=passage.text,
            start=passage.start,
            end=passage.end,
            section=tuple(passage.section),
            page=passage.page,
            kind=passage.kind,
            year=document.meta.year,
            document_type=document.meta.type,
            header=passage.header,
        )

    @property
    def section_title(self) -> str | None:
        return self.section[-1] if self.section else None

    @property
    def embedding_text(self) -> str:
        """What the dense model embeds: the text, after its table header when it has one."""
        return f"{self.header}\n{self.text}" if self.header else self.text


def write_records(path: Path, records: Iterable[PassageRecord]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")


def read_records(path: Path) -> Iterator[PassageRecord]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            data = json.loads(line)
            data["section"] = tuple(data.get("section") or ())
            yield PassageRecord(**data)
