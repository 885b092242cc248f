"""The documents of the graph and their passages, read back for display.

The web pages list the documents, show one document passage by passage and link each
mention of an entity in its text. These are the queries behind them, so that the pages
hold no SPARQL of their own; what a page makes of the rows (headings, links, the order on
screen) stays with the page.

Every function takes a *store* (anything with ``select``, whose default graph is the union
of the named graphs, as for :mod:`quipu.graph.explore`) and the base IRI the documents
were minted under (``Settings.base()``).
"""

from __future__ import annotations

from dataclasses import dataclass

from quipu.core.iris import IRIs
from quipu.core.text import fold

from .explore import PROLOGUE, Selectable


@dataclass(frozen=True)
class DocumentInfo:
    """One ingested document as the graph describes it."""

    id: str
    iri: str
    title: str  # dct:title, or the id when the document has none
    year: str | None  # dct:issued as written
    type: str | None  # qp:documentType
    passages: int  # qp:passageCount
    file: str | None  # qp:fileName
    publishers: tuple[str, ...]  # every qp:publisherName, sorted


@dataclass(frozen=True)
class PassageInfo:
    """One passage of a document, with its offsets in the document's cleaned text."""

    id: str  # the passage id (its IRI after ``{base}passage/``)
    ordinal: int
    start: int
    end: int
    text: str
    section_path: tuple[str, ...]  # section titles, outermost first
    page: int | None
    kind: str  # "text" or "table"
    ocr: float | None  # the OCR engine's mean confidence when the text was read from a page image


@dataclass(frozen=True)
class MentionSpan:
    """Where a passage names an entity: offsets in the document's cleaned text (oa:start, oa:end)."""

    entity: str  # the entity's IRI
    passage_id: str
    start: int
    end: int


def _number(value: str | None, default: int | None = None) -> int | None:
    """A literal read as a whole number (``"3"``, ``"3.0"``); ``default`` when it is none or not a number."""
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


def _count(value: str | None) -> int:
    return _number(value, 0) or 0


def documents(store: Selectable) -> list[DocumentInfo]:
    """Every document, the newest first, then by title (accents and case aside)."""
    rows = store.select(
        PROLOGUE
        + """SELECT ?doc ?id ?title ?year ?type ?count ?file ?publisher WHERE {
  ?doc a qp:Document ; dct:identifier ?id .
  OPTIONAL { ?doc dct:title ?title } OPTIONAL { ?doc dct:issued ?year } OPTIONAL { ?doc qp:documentType ?type }
  OPTIONAL { ?doc qp:passageCount ?count } OPTIONAL { ?doc qp:fileName ?file } OPTIONAL { ?doc qp:publisherName ?publisher }
}"""
    )
    # One row per publisher: the first row of a document gives its facts, every row a publisher.
    first: dict[str, dict[str, str]] = {}
    publishers: dict[str, set[str]] = {}
    for row in rows:
        first.setdefault(row["id"], row)
        names = publishers.setdefault(row["id"], set())
        if row.get("publisher"):
            names.add(row["publisher"])
    found = [
        DocumentInfo(
            id=doc_id,
            iri=row["doc"],
            title=row.get("title") or doc_id,
            year=row.get("year"),
            type=row.get("type"),
            passages=_count(row.get("count")),
            file=row.get("file"),
            publishers=tuple(sorted(publishers[doc_id])),
        )
        for doc_id, row in first.items()
    ]
    return sorted(found, key=lambda d: (-_count(d.year), fold(d.title)))


def passages(store: Selectable, document_iri: str, *, base: str) -> list[PassageInfo]:
    """The passages of one document, in reading order."""
    rows = store.select(
        PROLOGUE
        + """SELECT ?p ?ordinal ?start ?end ?text ?path ?page ?kind ?ocr WHERE {
  ?p qp:inDocument ?doc ; qp:ordinal ?ordinal ; qp:startOffset ?start ; qp:endOffset ?end ; qp:text ?text .
  OPTIONAL { ?p qp:sectionPath ?path } OPTIONAL { ?p qp:page ?page } OPTIONAL { ?p qp:passageKind ?kind }
  OPTIONAL { ?p qp:ocrConfidence ?ocr }
}""",
        {"doc": document_iri},
    )
    prefix = str(IRIs(base).passage(""))
    found = [
        PassageInfo(
            id=row["p"].removeprefix(prefix),
            ordinal=_count(row["ordinal"]),
            start=_count(row["start"]),
            end=_count(row["end"]),
            text=row["text"],
            section_path=tuple(row["path"].split(" > ")) if row.get("path") else (),
            page=_number(row.get("page")),
            kind=row.get("kind") or "text",
            ocr=float(row["ocr"]) if row.get("ocr") else None,
        )
        for row in rows
    ]
    return sorted(found, key=lambda p: (p.ordinal, p.start))


def mentions(store: Selectable, document_iri: str, *, base: str) -> list[MentionSpan]:
    """Every span of one document that names an entity of the entities graph."""
    iris = IRIs(base)
    rows = store.select(
        PROLOGUE
        + """SELECT DISTINCT ?e ?passage ?start ?end WHERE {
  ?t oa:hasSource ?doc ; oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end .
  ?m oa:hasTarget ?t ; prov:wasDerivedFrom ?passage . ?e qp:mentionedIn ?m .
  GRAPH ?entities { ?e a ?type }
}""",
        {"doc": document_iri, "entities": str(iris.entities_graph)},
    )
    prefix = str(iris.passage(""))
    return [
        MentionSpan(
            entity=row["e"], passage_id=row["passage"].removeprefix(prefix),
            start=_count(row["start"]), end=_count(row["end"]),
        )
        for row in rows
    ]


__all__ = ["DocumentInfo", "MentionSpan", "PassageInfo", "documents", "mentions", "passages"]
