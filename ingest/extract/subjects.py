"""What a document is about: the regions and entities that a search filtered by one of
them should match in every passage of the document, not only in the passages naming it.

The manifest says so first: ``regions = [...]`` and ``subjects = [...]`` in
``manifest.toml``, each value resolved like a search filter value (an entity key, a label
or an acronym) against the document's own entities and the vocabulary. A field the
manifest leaves out is found by reading the document, in three ways; each adds subjects:

- **title**: every region, institution, programme, service, plan or norm its title names,
  by any of the names or acronyms the document or the vocabulary gives it. A title from the
  manifest is not part of the text, so it may name a region the text never does;
- **header**: the regions, programmes, services, plans and norms named in the document's
  header, the headings and title-like lines it opens with (:func:`header_end`).
  Institutions there are left out: a cover names who wrote the document (a ministry, a
  regional directorate), which is not what the document is about;
- **dominant mentions**: an entity named far more often than the others, with at least
  :data:`DOMINANT_MIN_MENTIONS` mentions that are at least :data:`DOMINANT_SHARE` of all
  the mentions of regions, institutions, programmes, services, plans and norms in the
  document. A report that keeps returning to one service, or one country, is about it; a
  national report naming twenty regions a few times each is about none of them.

Indicators, objectives, actions and activities are parts of a document, never its subject.
A subject that the document never mentions (a region named only by its title) is added to
its facts with what the vocabulary says about it, so the graph and the search catalog know
it; the graph states it as the document's ``dct:spatial`` or ``dct:subject``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from quipu.core.errors import DocumentError
from quipu.core.text import fold, fold_same_length
from quipu.ingest.facts import Entity, Facts, SubjectBasis
from quipu.ingest.models import Document
from quipu.ingest.structure import parse_blocks

from . import gazetteer
from .gazetteer import Gazetteer

# The types a document can be about; the others name parts of a document.
SUBJECT_TYPES = frozenset({"region", "institution", "programme", "service", "plan", "norm"})
# What a header names that the document is about (its institutions are its authors).
HEADER_TYPES = SUBJECT_TYPES - {"institution"}
DOMINANT_MIN_MENTIONS = 10
DOMINANT_SHARE = 0.15
# The header is at most this long: a document with no prose at all is not all header.
HEADER_MAX_CHARS = 800
# A title-like paragraph is short; a longer one is the body's first paragraph.
HEADER_LINE_MAX_CHARS = 300
# Names shorter than this are found in a title only as acronyms, in their exact case.
MIN_NAME = 8
_ACRONYM = re.compile(r"^[A-ZÁÉÍÓÚÑ0-9][A-ZÁÉÍÓÚÑ0-9&./-]{1,11}$")
# A line that ends a sentence, introduces a list ("Miembros:") or gives a field's value
# ("Costo: S/ 1 500", "Inicio: 3 de mayo") is the body, not a title.
_BODY_LINE = re.compile(r"[.!?;:][\s*_\"”’»)]*$|:\s*(?:[A-Z]{1,3}\$?|S/\.?|US\$)?\s*\d")


def extract(document: Document, facts: Facts) -> None:
    """Record in ``facts.subjects`` what the document is about (see the module's rules)."""
    gaz = gazetteer.load()
    meta = document.meta
    found: dict[str, SubjectBasis] = {}
    if meta.regions is not None:
        for value in meta.regions:
            found.setdefault(_resolve(document, facts, gaz, value, regions=True), "manifest")
    if meta.subjects is not None:
        for value in meta.subjects:
            found.setdefault(_resolve(document, facts, gaz, value, regions=False), "manifest")
    detected: list[tuple[str, SubjectBasis]] = [
        *((key, "title") for key in title_subjects(document.title, facts, gaz)),
        *((key, "header") for key in header_subjects(document, facts)),
        *((key, "dominant") for key in dominant_subjects(facts)),
    ]
    for key, basis in detected:
        is_region = facts.entities[key].type == "region"
        if (meta.regions if is_region else meta.subjects) is None:
            found.setdefault(key, basis)
    facts.subjects = found


# ------------------------------------------------------------------ the manifest


def _resolve(document: Document, facts: Facts, gaz: Gazetteer, value: str, *, regions: bool) -> str:
    """The key of the entity a manifest value names: a key, a label or an acronym of one of
    the document's entities or of the vocabulary. ``regions``: only regions and countries."""
    field, what, example = ("regions", "region", "region/puno") if regions else ("subjects", "entity", "institution/mtpe")

    def fits(type_: str) -> bool:
        return type_ == "region" or not regions

    value = value.strip()
    if value in facts.entities and fits(facts.entities[value].type):
        return value
    if value in gaz.seeds and fits(gaz.seeds[value].type):
        return gazetteer.seed_entity(facts, gaz.seeds[value]).key
    wanted = fold(value)
    for entity in facts.entities.values():
        names = (entity.key.split("/", 1)[-1], *(fold(n) for n in (entity.label, *entity.alt_labels)))
        if fits(entity.type) and wanted in names:
            return entity.key
    seed = gaz.lookup(value)
    if seed is None:
        seed = next((s for s in gaz.seeds.values() if s.key.split("/", 1)[-1] == wanted), None)
    if seed is not None and fits(seed.type):
        return gazetteer.seed_entity(facts, seed).key
    raise DocumentError(
        document.path,
        f"the manifest's '{field}' names {value!r}, which is no {what} of the vocabulary or of this document; "
        f"give an entity key such as {example}, a label or an acronym (see /v1/entities), or remove it",
    )


# ------------------------------------------------------------------ the title


def title_subjects(title: str, facts: Facts, gaz: Gazetteer | None = None) -> list[str]:
    """Keys of the regions and entities ``title`` names, in the order it names them.

    The document's own entities are found by any of their names (whole words, accents and
    case aside; the longest name wins where two overlap) or acronyms (in their exact case);
    the vocabulary's by the gazetteer's rules, and added to ``facts`` when the text never
    named them.
    """
    gaz = gaz or gazetteer.load()
    found: list[tuple[int, str]] = []
    for match in gazetteer.find(title, gaz):
        entity = facts.entities.get(match.key) or gazetteer.seed_entity(facts, gaz.seeds[match.key])
        found.append((match.start, entity.key))
    entities = [e for e in facts.entities.values() if e.type in SUBJECT_TYPES]
    found.extend(_named_in(title, entities))
    keys = [key for _, key in sorted(found)]
    return [key for key in dict.fromkeys(keys) if facts.entities[key].type in SUBJECT_TYPES]


def _named_in(text: str, entities: Iterable[Entity]) -> list[tuple[int, str]]:
    """(start, key) of every entity ``text`` names, longest name first, without overlaps."""
    folded = fold_same_length(text)
    candidates: list[tuple[int, int, str]] = []
    for entity in entities:
        for name in {" ".join(n.split()) for n in (entity.label, *entity.alt_labels)}:
            if _ACRONYM.match(name):
                pattern, haystack = re.escape(name), text
            elif len(name) >= MIN_NAME:
                pattern, haystack = r"\s+".join(map(re.escape, fold_same_length(name).split())), folded
            else:
                continue
            for match in re.finditer(rf"(?<!\w){pattern}(?!\w)", haystack):
                candidates.append((match.start(), match.end(), entity.key))
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for start, end, key in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        found.append((start, key))
    return found


# ------------------------------------------------------------------ the header


def header_end(text: str) -> int:
    """Where the document's header ends: the offset after the headings and title-like
    paragraphs it opens with.

    A title-like paragraph has at most :data:`HEADER_LINE_MAX_CHARS` characters and no line
    that ends a sentence, introduces a list or gives a field's value (``Presupuesto: 3 000``).
    The header stops at the first other block (prose, a table, a field) and never runs
    past :data:`HEADER_MAX_CHARS`; a document that opens with prose has an empty header.
    """
    end = 0
    for block in parse_blocks(text[: HEADER_MAX_CHARS * 2]):
        if block.end > HEADER_MAX_CHARS:
            break
        title_like = (
            block.kind == "paragraph"
            and len(block.text) <= HEADER_LINE_MAX_CHARS
            and not any(_BODY_LINE.search(line.strip()) for line in block.text.splitlines())
        )
        if block.kind != "heading" and not title_like:
            break
        end = block.end
    return end


def header_subjects(document: Document, facts: Facts) -> list[str]:
    """Keys of the regions, programmes, services, plans and norms the header names."""
    end = header_end(document.text)
    named = [
        (min(m.start for m in entity.mentions), entity.key)
        for entity in facts.entities.values()
        if entity.type in HEADER_TYPES and any(m.start < end for m in entity.mentions)
    ]
    return [key for _, key in sorted(named)]


# ------------------------------------------------------------------ mentions


def dominant_subjects(facts: Facts) -> list[str]:
    """Keys of the entities mentioned far more than the others (see the module's rule),
    most mentioned first."""
    counts = Counter(
        {e.key: len(e.mentions) for e in facts.entities.values() if e.type in SUBJECT_TYPES and e.mentions}
    )
    total = sum(counts.values())
    return [
        key
        for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if count >= DOMINANT_MIN_MENTIONS and count >= DOMINANT_SHARE * total
    ]


__all__ = [
    "DOMINANT_MIN_MENTIONS",
    "DOMINANT_SHARE",
    "SUBJECT_TYPES",
    "dominant_subjects",
    "extract",
    "header_end",
    "header_subjects",
    "title_subjects",
]
