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


# An acronym in brackets right after a name: "el proyecto «Surco a Surco» (PSS)".
_BRACKETED_ACRONYM = re.compile(r"\s*\((?P<acr>[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9\-]{1,9})\)")


def extract(document: Document, facts: Facts) -> None:
    """Aliases and mentions for the short names of the document's programmes and services."""
    taken = sorted(mention_offsets(m) for e in facts.entities.values() for m in e.mentions)
    names = {fold(n) for e in facts.entities.values() for n in (e.label, *e.alt_labels)}
    for entity in list(facts.entities.values()):
        if entity.type in _TYPES and entity.mentions:
            for form in short_forms(entity.label):
                if fold(form) not in names:
                    _add(document, entity, form, taken)
            _bracketed_acronym(document, entity, names, taken)


def _bracketed_acronym(document: Document, entity: Entity, names: set[str], taken: list[tuple[int, int]]) -> None:
    """An acronym defined in brackets after a name the acronym reader could not see as one
    (a name after its kind in lower case, a quoted title): an alias of the programme or
    service, with a mention wherever it stands alone, when no other entity has that name and
    its first letter is the first letter of the kind or of the name."""
    for mention in entity.mentions:
        found = _BRACKETED_ACRONYM.match(document.text, mention.end)
        if found is None:
            continue
        acronym = found.group("acr")
        initials = {fold(w)[:1] for w in re.findall(r"[A-Za-zÁÉÍÓÚÑáéíóúñ]+", mention.quote)[:2]}
        if fold(acronym) in names or fold(acronym)[:1] not in initials:
            return
        names.add(fold(acronym))
        _add(document, entity, acronym, taken)
        return


def _add(document: Document, entity: Entity, form: str, taken: list[tuple[int, int]]) -> None:
    pattern = re.compile(r"(?<![\w])" + r"\s+".join(re.escape(w) for w in form.split()) + r"(?![\w])")
    free = [m for m in pattern.finditer(document.text) if not any(s <= m.start() and m.end() <= e for s, e in taken)]
    if not free:
        return
    entity.alt_labels.add(form)
    for match in free:
        add_mention(entity, document_span(document, match.start(), match.end()))
