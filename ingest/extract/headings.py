"""Objectives and actions that a plan states as headings rather than in a table.

Plans written as prose number their elements in headings: "Objetivo Específico 2:"
(its name on the same line or in the next paragraph), "Acción 2.1: name",
"Objetivo Estratégico 3 –", or a code and a name ("OEI.04: Reducir la informalidad …",
"AEI 4.2 – Inspecciones …"). Each gives an element keyed in the document's plan
(:func:`.codes.scoped_key`), and an action is part of the objective its number starts
with. Table-of-contents lines (dot leaders) and table rows are skipped.
"""

from __future__ import annotations

import re

from quipu.core.text import text_lines
from quipu.ingest.facts import Facts, Link, rule
from quipu.ingest.models import Document

from .codes import code_forms, document_scope, parse_code, scoped_key
from .record import add_link, add_mention, document_span, label_of

_OBJECTIVE = re.compile(
    r"^(?:#+\s*)?(?:\*\*)?Objetivo\s+(?:Espec[íi]fico|Estrat[ée]gico)\s+(?:N[°º]\s*)?(?P<n>\d{1,2})\s*[:.\-–]\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_ACTION = re.compile(r"^(?:#+\s*)?(?:\*\*)?Acci[óo]n(?:\s+Estrat[ée]gica)?\s+(?P<n>\d{1,2}(?:\.\d{1,2}){1,3})\s*[:.\-–]\s*(?P<rest>.+)$", re.IGNORECASE)
_TOC = re.compile(r"\.{4,}|…{2,}")
# "OEI.04: Reducir …", "AEI 4.2 Inspecciones …", also after the label a CEPLAN form prints before the code.
_CODED = re.compile(
    r"^(?:#+\s*)?(?:\*\*)?(?:C[óo]digo\s+y\s+denominaci[óo]n\s+de\s+(?:la\s+)?(?:OEI|AEI)\s+)?"
    r"(?P<code>(?:OEI|AEI|OE|AE)[ .]?(?:N[°º]\s*)?\d{1,2}(?:\.\d{1,2})?)(?:\s*[:\-–]\s*|\s+(?=[A-ZÁÉÍÓÚÑ]))(?P<name>[A-ZÁÉÍÓÚÑa-záéíóúñ].{7,})$"
)
_FIGURES_END = re.compile(r"\d[\d,.]*\s*%?\s*$")
RULE = rule("heading/numbering")


def extract(document: Document, facts: Facts) -> None:
    """Objectives and actions of numbered plan headings."""
    scope = document_scope(document, facts)
    lines = text_lines(document.text)
    for index, line in enumerate(lines):
        if _TOC.search(line.text):
            continue
        match = _OBJECTIVE.match(line.text)
        if match:
            name_line, rest = line, match.group("rest").strip(" *")
            if not rest:
                following = [l for l in lines[index + 1 : index + 3] if l.text]
                if not following or _OBJECTIVE.match(following[0].text) or following[0].text.startswith("#"):
                    continue
                name_line, rest = following[0], following[0].text
            if not re.search(r"[A-Za-z]{3}", rest):
                continue
            objective = int(match.group("n"))
            # The name ends where a relative clause about it starts ("…, las cuales …").
            name = re.split(r"(?<=[a-záéíóú]),\s+(?:las|los|la|el)\s+cuales", rest)[0]
            objective_code = f"OE.{objective:02d}"
            entity = facts.entity(scoped_key("objective", scope, objective_code), "objective", label_of(name))
            entity.alt_labels.update({f"Objetivo Específico {objective}", objective_code, f"OE {objective}"})
            entity.attributes["code"] = objective_code
            add_mention(entity, document_span(document, line.start, line.end))
            if name_line is not line:
                add_mention(entity, document_span(document, name_line.start, name_line.end))
            continue
        coded = _CODED.match(line.text)
        if coded and "\t" not in line.text and not _FIGURES_END.search(line.text):
            code = parse_code(coded.group("code"))
            if code is not None and code.type in ("objective", "action"):
                name = label_of(coded.group("name").strip(" *"))
                key = scoped_key(code.type, scope, code.canonical)
                entity = facts.entities.get(key) or facts.entity(key, code.type, name)
                if entity.label == code.canonical or (entity.label.isupper() and not name.isupper()):
                    entity.alt_labels.add(entity.label)
                    entity.label = name
                else:
                    entity.alt_labels.add(name)
                entity.alt_labels.update(f for f in code_forms(code) if f != entity.label)
                entity.attributes.setdefault("code", code.canonical)
                where = document_span(document, line.start, line.end)
                add_mention(entity, where)
                if code.parent:
                    parent = scoped_key("objective", scope, code.parent)
                    if parent in facts.entities:
                        add_link(facts, Link(entity.key, "partOf", parent, where, rule=RULE))
                continue
        match = _ACTION.match(line.text)
        if match:
            number = match.group("n")
            parts = [int(p) for p in number.split(".")]
            action_code = "AE." + ".".join(f"{p:02d}" for p in parts)
            entity = facts.entity(scoped_key("action", scope, action_code), "action", label_of(match.group("rest").strip(" *")))
            entity.alt_labels.update({f"Acción {number}", action_code})
            entity.attributes["code"] = action_code
            where = document_span(document, line.start, line.end)
            add_mention(entity, where)
            parent = scoped_key("objective", scope, f"OE.{parts[0]:02d}")
            if parent in facts.entities:
                add_link(facts, Link(entity.key, "partOf", parent, where, rule=RULE))
