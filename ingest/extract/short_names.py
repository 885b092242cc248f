"""Short names: a programme or service named once in full and then by the head of its name.

Documents introduce a programme or service by its full name and go on with a shorter
one: the name without its kind ("Servicio Ruta Joven al Trabajo" → "Ruta Joven al
Trabajo"), or the run of capitalised words that opens it ("Ruta Joven"). Such a short
form becomes an alias, with a mention wherever it stands on its own, only when:

* it has at least two words, and is not the whole name;
* it occurs in the document outside the full name's own mentions, written the same way
  (case and word boundaries), so a phrase of ordinary words is never taken;
* no other entity of the document already has that name.

Acronyms are not handled here (see :mod:`.acronyms`); institutions are left out, whose
shortened names ("la Dirección") are generic nouns.
"""

from __future__ import annotations

import re

from quipu.core.text import fold
from quipu.ingest.facts import Entity, Facts
from quipu.ingest.models import Document

from .record import add_mention, document_span, mention_offsets

_TYPES = ("programme", "service")
# The kind that opens a name, and a connector after it: what a short name drops.
_KIND = re.compile(
    r"^(?:Servicios?|Programa(?:\s+(?:Nacional|Regional|Presupuestal))?|Proyecto)\s+(?:(?:de|del|para)\s+(?:la\s+|el\s+|los\s+|las\s+)?)?(?=[A-ZÁÉÍÓÚÑ])"
)
_CAPITALISED = re.compile(r"[A-ZÁÉÍÓÚÑ][\wáéíóúñü-]*")


def short_forms(label: str) -> list[str]:
    """The shorter names a full name may go by, longest first."""
    rest = _KIND.sub("", label, count=1).strip()
    forms = [rest] if rest != label else []
    words = rest.split()
    head: list[str] = []
    for word in words:
        if not _CAPITALISED.fullmatch(word):
            break
        head.append(word)
    if 2 <= len(head) < len(words):
        forms.append(" ".join(head))
    return [f for f in forms if len(f.split()) >= 2 and f != label]


def extract(document: Document, facts: Facts) -> None:
    """Aliases and mentions for the short names of the document's programmes and services."""
    taken = sorted(mention_offsets(m) for e in facts.entities.values() for m in e.mentions)
    names = {fold(n) for e in facts.entities.values() for n in (e.label, *e.alt_labels)}
    for entity in list(facts.entities.values()):
        if entity.type in _TYPES and entity.mentions:
            for form in short_forms(entity.label):
                if fold(form) not in names:
                    _add(document, entity, form, taken)


def _add(document: Document, entity: Entity, form: str, taken: list[tuple[int, int]]) -> None:
    pattern = re.compile(r"(?<![\w])" + r"\s+".join(re.escape(w) for w in form.split()) + r"(?![\w])")
    free = [m for m in pattern.finditer(document.text) if not any(s <= m.start() and m.end() <= e for s, e in taken)]
    if not free:
        return
    entity.alt_labels.add(form)
    for match in free:
        add_mention(entity, document_span(document, match.start(), match.end()))
