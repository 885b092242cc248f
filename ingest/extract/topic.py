"""Document-level coreference: the programme or service a document is about, and the
phrases that refer back to it.

A fact sheet, a systematisation or an improvement plan is about one programme or service,
named in its title or its first lines ("Ficha técnica del Programa “Cusco Emprende”",
"INFORME DE GESTIÓN DEL SERVICIO DE ORIENTACIÓN OCUPACIONAL …"). Later sentences call it
"el Servicio", "este programa", "el Proyecto" without repeating the name, and state facts
about it without naming it ("El Gobierno Regional de Junín financia los talleres …"). This
module finds that topic and the anaphoric phrases, so the link extractors can treat them as
mentions of it. A document whose opening names no programme or service (an institution's
plan report) has no topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quipu.core.text import fold_same_length
from quipu.ingest.facts import Entity, Facts
from quipu.ingest.models import Document

_TOPIC_TYPES = ("programme", "service")
# How far into the document the opening runs: the title block, not the body of a report
# whose first paragraph may mention programmes in passing.
_OPENING_MAX = 600
_MIN_NAME = 8  # shorter names ("PC", "Empleo") are too ambiguous to find by folding

# A definite or demonstrative phrase headed by the word for the topic's kind, not followed
# by a name of its own ("el Servicio", "este programa", "del Proyecto"; not "el Servicio
# Nacional de Empleo" nor "el Programa “Impulsa Perú”").
_ANAPHOR = re.compile(
    r"\b(?:[Ee]ste|[Ee]sta|[Ee]l|[Dd]icho|del|al)\s+(?P<head>[Ss]ervicio|[Pp]rograma|[Pp]royecto)\b"
    r"(?!\s*[-–]?\s*(?:[A-ZÁÉÍÓÚÑ\"“«]|de\s+[A-ZÁÉÍÓÚÑ\"“«]|del\s+[A-ZÁÉÍÓÚÑ]))"
    r"(?!\s+(?:de\s+)?(?:[Nn]acional|[Pp]resupuestal|[Ee]stratégico|[Oo]perativo|[Pp][uú]blico|[Ii]nversi[oó]n))"
)
# "al servicio del usuario", "al servicio de las empresas": an idiom, not the service.
_IDIOM = re.compile(r"al\s+servicio\s+del?\b", re.IGNORECASE)
_HEAD_TYPES = {"servicio": "service", "programa": "programme", "proyecto": "programme"}


@dataclass(frozen=True)
class Anaphor:
    key: str  # the topic's entity key
    type: str
    passage_id: str
    start: int  # document offsets of the head word
    end: int


def _opening_end(document: Document) -> int:
    first = document.passages[0].end if document.passages else 0
    return min(max(first, 1), _OPENING_MAX, len(document.text))


def _names(entity: Entity) -> list[str]:
    return [n for n in {entity.label, *entity.alt_labels} if len(n) >= _MIN_NAME]


def _first_in_opening(entity: Entity, opening: str, folded: str) -> int | None:
    """Where the opening first names ``entity``: a mention, or its name in any case."""
    positions = [m.start for m in entity.mentions if m.start < len(opening)]
    for name in _names(entity):
        pattern = r"\s+".join(re.escape(w) for w in fold_same_length(name).split())
        found = re.search(r"(?<!\w)" + pattern + r"(?!\w)", folded)
        if found:
            positions.append(found.start())
    return min(positions) if positions else None


def topic(document: Document, facts: Facts) -> Entity | None:
    """The programme or service named first in the document's opening, if any."""
    end = _opening_end(document)
    opening = document.text[:end]
    folded = fold_same_length(opening)
    best: tuple[int, str] | None = None
    for entity in facts.entities.values():
        if entity.type not in _TOPIC_TYPES:
            continue
        position = _first_in_opening(entity, opening, folded)
        if position is not None and (best is None or (position, entity.key) < best):
            best = (position, entity.key)
    return facts.entities[best[1]] if best else None


# How far back a phrase like "el proyecto" looks for the last project named.
_ANTECEDENT_WINDOW = 1500


def _heads(entity: Entity) -> set[str]:
    """The words "el …" may use for an entity: its kind, and the head noun of its name."""
    first = entity.label.split()[0].lower() if entity.label else ""
    heads = {"servicio"} if entity.type == "service" else {"programa"}
    if first in ("proyecto", "programa", "servicio"):
        heads = {first}
    return heads


def anaphors(document: Document, facts: Facts, subject: Entity | None = None) -> list[Anaphor]:
    """The phrases that refer back to a programme or service, as spans of their head word:
    to the last one named before them (within a page or so) whose kind or name's head noun the
    phrase uses ("el proyecto" after "el Proyecto Rutas del Norte"), else to the document's topic."""
    subject = subject or topic(document, facts)
    named = sorted(
        (m.start, e.key) for e in facts.entities.values() if e.type in _TOPIC_TYPES for m in e.mentions
    )
    heads = {e.key: _heads(e) for e in facts.entities.values() if e.type in _TOPIC_TYPES}
    found: list[Anaphor] = []
    for passage in document.passages:
        for match in _ANAPHOR.finditer(passage.text):
            if _IDIOM.match(passage.text, match.start()):
                continue
            head = match.group("head").lower()
            start, end = passage.start + match.start("head"), passage.start + match.end("head")
            antecedent = next(
                (key for at, key in reversed(named) if at < start and start - at <= _ANTECEDENT_WINDOW and head in heads[key]),
                None,
            )
            if antecedent is None and subject is not None and _HEAD_TYPES[head] == subject.type:
                antecedent = subject.key
            if antecedent is not None:
                found.append(Anaphor(antecedent, facts.entities[antecedent].type, passage.id, start, end))
    return found
