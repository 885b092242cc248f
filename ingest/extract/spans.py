"""Helpers shared by the extractors: spans into the cleaned text and entity keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from quipu.ingest.facts import Span
from quipu.ingest.models import Document, Passage


def fold(text: str) -> str:
    """Lowercase, accents dropped, whitespace collapsed: the form two spellings share."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip()


def slug(text: str) -> str:
    """IRI-safe slug of a name: folded, non-alphanumerics as '-'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def key(type_: str, name: str) -> str:
    """Entity key ``<type>/<slug>``; the same for every spelling that folds alike."""
    return f"{type_}/{slug(name)}"


def span(passage: Passage, start: int, end: int) -> Span:
    """A span given offsets relative to ``passage.text``."""
    return Span(
        passage_id=passage.id,
        start=passage.start + start,
        end=passage.start + end,
        quote=passage.text[start:end],
    )


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a table row) of a passage, with its offset inside the passage."""

    passage: Passage
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]


# A sentence ends at . ; ! ? followed by space and an upper-case letter or a line that
# starts a list item, or at a blank line; abbreviations such as "N°" or "D.S." do not
# end one because the next character is not upper-case after a space.
_BOUNDARY = re.compile(r"(?<=[.;!?])\s+(?=[A-ZÁÉÍÓÚÑ¿¡•\-\d])|\n\s*\n|\n(?=\s*(?:[•\-–*]|\d+[.)]\s))")


# A period after these does not end a sentence ("D.S. Nro. 001", "Art. 5", "S/. 300").
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]\.|\b(?:Nro|Nº|N°|Art|Inc|Dr|Dra|Sr|Sra|Lic|Ing|pág|Pág|etc|aprox|Av|Jr|núm|Núm|No|S/)\.)$"
)


def sentences(passage: Passage) -> Iterator[Sentence]:
    """The sentences of a passage; each row of a table passage is one sentence."""
    if passage.kind == "table":
        offset = 0
        for line in passage.text.split("\n"):
            if line.strip():
                yield Sentence(passage, offset, offset + len(line))
            offset += len(line) + 1
        return
    start = 0
    for boundary in _BOUNDARY.finditer(passage.text):
        if "\n" not in boundary.group() and _ABBREVIATION.search(passage.text, 0, boundary.start()):
            continue
        if passage.text[start : boundary.start()].strip():
            yield Sentence(passage, start, boundary.start())
        start = boundary.end()
    if passage.text[start:].strip():
        yield Sentence(passage, start, len(passage.text))


def iter_sentences(document: Document) -> Iterator[Sentence]:
    for passage in document.passages:
        yield from sentences(passage)
