"""Names a document gives once for the rest of it: "(en adelante, EL INSTITUTO)".

Agreements, resolutions and reports define short names for the bodies and programmes
they go on about::

    el Instituto de Educación Superior X (en adelante, «EL INSTITUTO»)
    la Dirección Regional de Trabajo de Y, a quien en adelante se le denominará LA DIRECCIÓN;
    el Programa Nacional Z «Trabaja Región» (en adelante, Trabaja Región o el Programa)

The short name becomes an alias of the entity named right before the definition, and every
later occurrence of it, written the same way, a mention. A short name must look like a name
(capitalised words, or capitals with an article: "EL INSTITUTO"); a plain phrase with a
lower-case article ("el Programa") is a reference, not a name, and is left to the reference
rules (see :mod:`.topic`).
"""

from __future__ import annotations

import re

from quipu.ingest.facts import Entity, Facts
from quipu.ingest.models import Document

from .record import add_mention, document_span, mention_offsets

_QUOTE = "\"“”«»'‘’"
# "(en adelante, X)", "(en lo sucesivo, «X»)"
_BRACKETED = re.compile(
    r"\(\s*(?:en\s+adelante|en\s+lo\s+sucesivo)\s*,?\s*(?:se\s+(?:le\s+)?denominar[aá]\s+)?(?P<aliases>[^()\n]{2,80}?)\s*\)",
    re.IGNORECASE,
)
# ", a quien en adelante se le denominará X;"
_CLAUSE = re.compile(
    r",?\s*(?:a\s+quien(?:es)?|a\s+la\s+que|al\s+que|que)\s+en\s+adelante\s+se\s+(?:le\s+|les\s+)?denominar[aá]n?\s+"
    r"(?P<aliases>[" + _QUOTE + r"]?[A-ZÁÉÍÓÚÑ][^;,.\n]{1,60}?)\s*(?=[;,.\n]|$)",
    re.IGNORECASE,
)
# What a short name looks like: capitalised words (an article in capitals may open it).
_NAME_LIKE = re.compile(r"^(?:(?:EL|LA|LOS|LAS)\s+)?[A-ZÁÉÍÓÚÑ0-9][\wÁÉÍÓÚÑáéíóúñ\-]*(?:\s+(?:de|del|y|la|el|[A-ZÁÉÍÓÚÑ0-9][\wÁÉÍÓÚÑáéíóúñ\-]*))*$")
_TYPES = ("institution", "programme", "service")
_REACH = 200  # characters back from a definition to the name it defines


def _aliases(written: str) -> list[str]:
    parts = re.split(r"\s+(?:o|u|y)\s+|\s*,\s*", written)
    names = [p.strip().strip(_QUOTE).strip() for p in parts]
    return [n for n in names if 2 <= len(n) <= 60 and _NAME_LIKE.match(n)]


def _named_before(facts: Facts, at: int) -> Entity | None:
    """The entity whose mention ends closest before ``at`` (within reach)."""
    best: tuple[int, Entity] | None = None
    for entity in facts.entities.values():
        if entity.type not in _TYPES:
            continue
        for mention in entity.mentions:
            _, end = mention_offsets(mention)
            if end <= at and at - end <= _REACH and (best is None or end > best[0]):
                best = (end, entity)
    return best[1] if best else None


def extract(document: Document, facts: Facts) -> None:
    """Add each defined short name as an alias of what it names, with its later mentions."""
    text = document.text
    defined: list[tuple[str, Entity, int]] = []
    for pattern in (_BRACKETED, _CLAUSE):
        for match in pattern.finditer(text):
            entity = _named_before(facts, match.start())
            if entity is None:
                continue
            for alias in _aliases(match.group("aliases")):
                if alias != entity.label:
                    entity.alt_labels.add(alias)
                    defined.append((alias, entity, match.end()))
    for alias, entity, after in defined:
        for found in re.finditer(r"(?<![\wÁÉÍÓÚÑáéíóúñ])" + re.escape(alias) + r"(?![\wÁÉÍÓÚÑáéíóúñ])", text[after:]):
            start = after + found.start()
            add_mention(entity, document_span(document, start, start + len(alias)), also_same=mention_offsets)
