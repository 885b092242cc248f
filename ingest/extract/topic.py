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
from collections.abc import Sequence
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
    also: tuple[str, ...] = ()  # the other antecedents of a plural phrase ("ambas direcciones")


# A demonstrative phrase headed by the word that opens a body's or a service's name, and no name
# of its own after it: "este centro", "dicha oficina", "la referida Gerencia". Capitalised after
# a plain article too ("la Dirección", "del Centro"), as administrative Spanish writes a body it
# has named. Plural with a count: "estas dos subdirecciones", "ambas oficinas".
_BODY_HEADS = {
    "centro": "centros", "dirección": "direcciones", "subdirección": "subdirecciones", "oficina": "oficinas",
    "gerencia": "gerencias", "subgerencia": "subgerencias", "unidad": "unidades", "ventanilla": "ventanillas",
    "ministerio": "ministerios", "municipalidad": "municipalidades", "agencia": "agencias",
}
_BODY_PLURALS = {plural: single for single, plural in _BODY_HEADS.items()}
_NO_NAME_AFTER = r"(?!\s*[-–]?\s*(?:[A-ZÁÉÍÓÚÑ\"“«(]|de\s+[A-ZÁÉÍÓÚÑ\"“«]|del\s+[A-ZÁÉÍÓÚÑ]))"
_HEAD_WORD = "|".join(sorted(_BODY_HEADS, key=len, reverse=True))
_BODY_ANAPHOR = re.compile(
    r"\b(?:(?i:este|esta|dicho|dicha|(?:el|la)\s+(?:citad[oa]|referid[oa]|mencionad[oa]))\s+(?P<any>(?i:" + _HEAD_WORD + r"))"
    r"|(?:[Ee]l|[Ll]a|del|al)\s+(?P<cap>" + "|".join(h.capitalize() for h in _BODY_HEADS) + r"))\b" + _NO_NAME_AFTER
)
_BOTH_ALONE = re.compile(r"(?:^|[.;]\s+)(?P<both>Ambas|Ambos)(?=\s+[a-záéíóúñ])")
_COUNTS = {"dos": 2, "ambas": 2, "ambos": 2, "tres": 3, "cuatro": 4, "cinco": 5}
_PLURAL_ANAPHOR = re.compile(
    r"\b(?:(?i:est[ao]s|dich[ao]s|l[ao]s)\s+(?P<n>dos|tres|cuatro|cinco)|(?P<both>[Aa]mb[ao]s))\s+"
    r"(?P<head>(?i:" + "|".join(sorted(_BODY_PLURALS, key=len, reverse=True)) + r"))\b" + _NO_NAME_AFTER
)


def _opening_end(document: Document) -> int:
    first = document.passages[0].end if document.passages else 0
    return min(max(first, 1), _OPENING_MAX, len(document.text))


def _names(entity: Entity) -> list[str]:
    return [n for n in {entity.label, *entity.alt_labels} if len(n) >= _MIN_NAME]


def _first_in_opening(entity: Entity, opening: str, folded: str, others: Sequence[tuple[int, int]] = ()) -> int | None:
    """Where the opening first names ``entity``: a mention, or its name in any case, not inside
    the longer name of something else ("Capacitación Laboral" in "Viceministerio de Promoción
    del Empleo y Capacitación Laboral")."""
    positions = [m.start for m in entity.mentions if m.start < len(opening)]
    for name in _names(entity):
        pattern = r"\s+".join(re.escape(w) for w in fold_same_length(name).split())
        for found in re.finditer(r"(?<!\w)" + pattern + r"(?!\w)", folded):
            inside = any(a <= found.start() and found.end() <= b and b - a > found.end() - found.start() for a, b in others)
            if not inside:
                positions.append(found.start())
                break
    return min(positions) if positions else None


def topic(document: Document, facts: Facts) -> Entity | None:
    """The programme or service named first in the document's opening, if any."""
    end = _opening_end(document)
    opening = document.text[:end]
    folded = fold_same_length(opening)
    best: tuple[int, str] | None = None
    named = [(m.start, m.end) for e in facts.entities.values() if e.type not in _TOPIC_TYPES for m in e.mentions if m.start < end]
    for entity in facts.entities.values():
        if entity.type not in _TOPIC_TYPES:
            continue
        position = _first_in_opening(entity, opening, folded, named)
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
    return found + _body_anaphors(document, facts)


def _first_word(entity: Entity) -> str:
    return entity.label.split()[0].lower() if entity.label else ""


def _body_anaphors(document: Document, facts: Facts) -> list[Anaphor]:
    """ "este centro", "la Dirección", "estas dos subdirecciones": the last bodies or services
    named before the phrase (within a page or so) whose names open with its head word."""
    named = sorted(
        (m.start, e.key) for e in facts.entities.values() if e.type in ("institution", "service", "programme") for m in e.mentions
    )
    found: list[Anaphor] = []
    for passage in document.passages:
        # (start, end, how many, head word) of each phrase, in passage offsets
        spans = [(m.start(), m.end(), 1, (m.group("any") or m.group("cap")).lower()) for m in _BODY_ANAPHOR.finditer(passage.text)]
        spans += [
            (m.start(), m.end(), _COUNTS[(m.group("n") or m.group("both")).lower()], _BODY_PLURALS[m.group("head").lower()])
            for m in _PLURAL_ANAPHOR.finditer(passage.text)
        ]
        # "Ambas dependen de …" opening a sentence: the last two bodies named, of one kind
        for match in _BOTH_ALONE.finditer(passage.text):
            at = passage.start + match.start("both")
            last = next((key for start, key in reversed(named) if start < at and at - start <= _ANTECEDENT_WINDOW), None)
            if last is not None:
                spans.append((match.start("both"), match.end("both"), 2, _first_word(facts.entities[last])))
        for lo, hi, count, head in spans:
            start, end = passage.start + lo, passage.start + hi
            antecedents: list[str] = []
            for at, key in reversed(named):
                if at >= start or start - at > _ANTECEDENT_WINDOW or len(antecedents) == count:
                    if at < start:
                        break
                    continue
                if _first_word(facts.entities[key]) == head and key not in antecedents:
                    antecedents.append(key)
            if len(antecedents) == count:
                antecedents.reverse()  # in the order they were named
                first = facts.entities[antecedents[0]]
                found.append(Anaphor(first.key, first.type, passage.id, start, end, tuple(antecedents[1:])))
    return found
