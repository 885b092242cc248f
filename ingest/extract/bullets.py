"""Services listed in bullets under the sentence that introduces them.

Reports list what a centre or a body offers as bullets after a lead-in that ends with a
colon and says what the list is::

    En el Centro de Empleo X se brindan los servicios siguientes:
    - Bolsa de Trabajo, que …
    - Certificado Único Laboral (CUL), que …

Each bullet that opens with the name of a service (or programme) is part of the service or
programme the lead-in names, or run by the body it names when it names a body instead. The
lead-in must name exactly one such container and speak of services, components or lines of
work, so that a bulleted list of achievements or of regions gives nothing.

A lead-in that speaks of a body's units instead ("La DRTPE X cuenta con los siguientes
órganos:", "… a cargo de las siguientes unidades de la Dirección Regional:") makes each
body named at the head of a bullet (before its first comma, colon or full stop) one of them.
"""

from __future__ import annotations

import re

from quipu.ingest.facts import Entity, Facts, Link, LinkPredicate, rule
from quipu.ingest.models import Document

from .record import add_link, document_span

_LEAD_IN = re.compile(
    r"\b(?:servicios|componentes|prestaciones|l[ií]neas\s+de\s+(?:acci[oó]n|intervenci[oó]n|trabajo)|cartera)\b[^\n]*:\s*$",
    re.IGNORECASE,
)
_UNITS_LEAD_IN = re.compile(
    r"\b(?:unidades|[óo]rganos|direcciones|oficinas|sub\s*direcciones|sub\s*gerencias|gerencias|dependencias|"
    r"zonas(?:\s+de\s+trabajo)?|estructura\s+org[aá]nica)\b[^\n]*:\s*$",
    re.IGNORECASE,
)
# Where the head of a bullet about a unit ends: "Oficina de Administración (OA), que …", "DPEFP: conduce …"
_HEAD_END = re.compile(r"[,:;.]|\s(?:que|a\s+cuyo|cuyo|cuya)\s")
_BULLET = re.compile(r"^[ \t]*(?:[-*•·–]|\d{1,2}[.)]|[a-z][.)])[ \t]+(?:\*\*|__)?")
_ITEM_OPENING = re.compile(r"(?:el|la|los|las)\s+(?:(?:emisi[oó]n|entrega|prestaci[oó]n|gesti[oó]n)\s+(?:del|de\s+la|de)\s+)?", re.IGNORECASE)
_CONTAINERS = ("service", "programme", "institution")
_ITEMS = ("service", "programme")
RULE = rule("relations/bulleted-list")


def _line_bounds(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def _starting_at(mentions: list[tuple[int, int, Entity]], lo: int, hi: int) -> list[tuple[int, int, Entity]]:
    return [m for m in mentions if lo <= m[0] and m[1] <= hi]


def extract(document: Document, facts: Facts) -> None:
    """Add partOf (or runs) links from the bullets under a lead-in to what the lead-in names."""
    text = document.text
    mentions = sorted(
        ((m.start, m.end, e) for e in facts.entities.values() if e.type in _CONTAINERS for m in e.mentions),
        key=lambda m: (m[0], m[1]),  # two entities may share a mention's offsets
    )
    for lead in re.finditer(r"[^\n]+", text):
        line = lead.group()
        if _BULLET.match(line):
            continue
        if _UNITS_LEAD_IN.search(line) and not _LEAD_IN.search(line):
            _units(document, facts, mentions, lead)
            continue
        if not _LEAD_IN.search(line):
            continue
        # the sentence of the lead-in: from the last full stop before the colon
        sentence_start = lead.start() + max(line.rfind(". ", 0, len(line) - 1) + 2, 0)
        named = {e.key: e for _, _, e in _starting_at(mentions, sentence_start, lead.end()) if e.type in _CONTAINERS}
        if len(named) != 1:
            continue
        container = next(iter(named.values()))
        cursor = lead.end() + 1
        while cursor < len(text):
            start, end = _line_bounds(text, cursor)
            cursor = end + 1
            item_line = text[start:end]
            if not item_line.strip():
                continue  # blank lines between the lead-in and its bullets, or between bullets
            bullet = _BULLET.match(item_line)
            if bullet is None:
                break  # the first line that is no bullet ends the list
            name_at = start + bullet.end()
            # "- la Bolsa de Trabajo …", "- la emisión del Certificado …": the name after an article
            opening = _ITEM_OPENING.match(text, name_at, end)
            if opening is not None:
                name_at = opening.end()
            first = next(
                (m for m in _starting_at(mentions, name_at, end) if m[0] <= name_at + 2 and m[2].type in _ITEMS),
                None,
            )
            if first is None or first[2].key == container.key:
                continue
            predicate: LinkPredicate = "runs" if container.type == "institution" else "partOf"
            subject, obj = (container.key, first[2].key) if predicate == "runs" else (first[2].key, container.key)
            add_link(facts, Link(subject, predicate, obj, document_span(document, start, end), rule=RULE))


def _items(text: str, after: int) -> list[tuple[int, int, int]]:
    """(line start, line end, where the item's words start) of the bullets right after ``after``."""
    found = []
    cursor = after + 1
    while cursor < len(text):
        start, end = _line_bounds(text, cursor)
        cursor = end + 1
        line = text[start:end]
        if not line.strip():
            continue
        bullet = _BULLET.match(line)
        if bullet is None:
            break
        found.append((start, end, start + bullet.end()))
    return found


def _units(document: Document, facts: Facts, mentions: list[tuple[int, int, Entity]], lead: re.Match[str]) -> None:
    """subOrganizationOf links from the bodies heading the bullets to the one body the lead-in names."""
    text = document.text
    line = lead.group()
    sentence_start = lead.start() + max(line.rfind(". ", 0, len(line) - 1) + 2, 0)
    named = {e.key: e for _, _, e in _starting_at(mentions, sentence_start, lead.end()) if e.type == "institution"}
    if len(named) != 1:
        return
    container = next(iter(named.values()))
    for start, end, words in _items(text, lead.end()):
        head_end = _HEAD_END.search(text, words, end)
        # an acronym in brackets is part of the head: "Oficina de Administración (OA), que …"
        stop = head_end.start() if head_end else end
        heads = [m for m in _starting_at(mentions, words, stop) if m[2].type == "institution"]
        if not heads or heads[0][0] > words + 2:
            continue
        for _, _, unit in heads:
            if unit.key != container.key:
                add_link(facts, Link(unit.key, "subOrganizationOf", container.key, document_span(document, start, end), rule=RULE))
