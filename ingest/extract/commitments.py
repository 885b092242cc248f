"""What each party of an agreement commits to, listed under the line that names the party.

Agreements (convenios, adendas) list each party's commitments under a lead-in::

    5.1 LA MUNICIPALIDAD se compromete a:
    a) Administrar la ventanilla X por medio de su subgerencia Y …
    b) Financiar el local y el personal de la ventanilla X …

    Son obligaciones de la agencia Z:
    - Supervisar el funcionamiento del servicio W.

An item that opens with a verb of running, funding or supervising (the [commitments] lists of
``cues.toml``, by the first letters of the infinitive) and then names a programme or service
gives the party that link to it, and the same link to the body the item says the party acts
through ("por medio de", "a través de", "por intermedio de"). An item may wrap over several
lines. The evidence is the item, which states the commitment; its lead-in names the party.
"""

from __future__ import annotations

import re
import tomllib

from quipu.core.text import fold
from quipu.ingest.facts import Entity, Facts, Link, LinkPredicate, is_link_predicate, rule
from quipu.ingest.models import Document

from .record import add_link, document_span
from .relations import CUES

_LEAD_IN = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:(?P<party>.{2,120}?)\s+se\s+comprometen?\s+a|(?:son\s+)?(?:obligaciones|compromisos)\s+del?\s+(?P<owner>.{2,120}?))\s*:\s*$",
    re.IGNORECASE,
)
_ITEM = re.compile(r"^\s*(?:[-*•·–]\s+)?(?:(?:[a-z]|\d{1,2})[.)]\s+|[-*•·–]\s+)")
# "por medio de la", "a través del Programa", "por intermedio de su": what follows acts for the party
_THROUGH = re.compile(r"\b(?:por\s+medio|a\s+trav[eé]s|por\s+intermedio)\s+del?\s+(?:[^\s,;]+\s+){0,2}$", re.IGNORECASE)
_OBJECTS = ("programme", "service")
RULE = rule("relations/commitment")


def _verbs() -> dict[str, LinkPredicate]:
    lists = tomllib.loads(CUES.read_text(encoding="utf-8"))["commitments"]
    out: dict[str, LinkPredicate] = {}
    for predicate, stems in lists.items():
        if not is_link_predicate(predicate):
            raise ValueError(f"cues.toml [commitments]: {predicate!r} is not a link predicate")
        out.update({stem: predicate for stem in stems})
    return out


_VERBS = _verbs()


def _predicate(item: str) -> LinkPredicate | None:
    first = fold(item.split(maxsplit=1)[0]).strip(",;:") if item.split() else ""
    if not re.fullmatch(r"[a-z]+(?:ar|er|ir)", first):
        return None  # a commitment opens with an infinitive
    return next((p for stem, p in _VERBS.items() if first.startswith(stem)), None)


def _items(text: str, start: int) -> list[tuple[int, int, int]]:
    """The items under a lead-in ending at ``start``: (start, end, where its words begin), each
    running over the lines that continue it, up to a blank line after them or a line that is
    neither an item nor a continuation."""
    items: list[list[int]] = []
    for line in re.finditer(r"[^\n]*", text[start:]):
        a, b = start + line.start(), start + line.end()
        body = line.group()
        if not body.strip():
            if items and a > items[-1][1] + 1:
                break  # a blank line after the items ends the list
            continue
        marker = _ITEM.match(body)
        if marker:
            items.append([a, b, a + marker.end()])
        elif items and not _LEAD_IN.match(body.strip()) and not text[items[-1][0] : items[-1][1]].rstrip().endswith((".", ";")):
            items[-1][1] = b  # the item, not finished, wraps onto this line
        else:
            break
        if len(items) > 30:
            break
    return [(a, b, w) for a, b, w in items]


def extract(document: Document, facts: Facts) -> None:
    """Add the runs, funds and evaluates links that a party's listed commitments state."""
    text = document.text
    mentions = sorted(
        ((m.start, m.end, e) for e in facts.entities.values() if e.type in ("institution", *_OBJECTS) for m in e.mentions),
        key=lambda m: (m[0], m[1]),
    )
    for lead in re.finditer(r"[^\n]+", text):
        found = _LEAD_IN.match(lead.group().strip())
        if found is None:
            continue
        offset = lead.start() + (len(lead.group()) - len(lead.group().lstrip()))
        group = "party" if found.group("party") else "owner"
        lo, hi = offset + found.start(group), offset + found.end(group)
        parties = {e.key: e for a, b, e in mentions if lo <= a and b <= hi + 1 and e.type == "institution"}
        if len(parties) != 1:
            continue
        party = next(iter(parties.values()))
        for start, end, words in _items(text, lead.end() + 1):
            predicate = _predicate(text[words:end])
            if predicate is None:
                continue
            inside = [(a, b, e) for a, b, e in mentions if words <= a and b <= end]
            # what the party acts on, not a programme it acts through ("a través del Programa X")
            target = next((e for a, b, e in inside if e.type in _OBJECTS and not _THROUGH.search(text[words:a])), None)
            if target is None:
                continue
            evidence = document_span(document, start, end)
            doers: list[Entity] = [party]
            doers += [e for a, b, e in inside if e.type == "institution" and e.key != party.key and _THROUGH.search(text[words:a])]
            for doer in doers:
                add_link(facts, Link(doer.key, predicate, target.key, evidence, rule=RULE))
