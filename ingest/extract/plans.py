"""Institutional plans (POI, PEI) with their versions, and the norms that approve them.

"Plan Operativo Institucional (POI) 2024", "POI 2024" and "POI Anual 2024" are one
plan, ``plan/poi-2024``; "POI … 2024 modificado Versión 1" is its version 1,
``plan/poi-2024-v1``, part of the plan. A norm approves a plan when an approval
cue ("se aprueba", "aprobado mediante") stands between the two in one sentence.
"""

from __future__ import annotations

import re

from quipu.ingest.facts import Facts, Link
from quipu.ingest.models import Document

from .norms import find_norms
from .spans import iter_sentences, span

PLAN_KINDS = {
    "POI": "Plan Operativo Institucional",
    "PEI": "Plan Estratégico Institucional",
    "PESEM": "Plan Estratégico Sectorial Multianual",
}
_LONG = r"Plan\s+(?:Operativo|Estrat[eé]gico)\s+(?:Institucional|Sectorial\s+Multianual)"
_PLAN = re.compile(
    r"(?:(?P<long>" + _LONG + r")\s*(?:\((?P<acr1>POI|PEI|PESEM)\))?|(?P<acr2>\bPOI|\bPEI|\bPESEM))"
    r"(?:\s+(?:Anual|Multianual))?\s+(?P<years>(?:19|20)\d{2}(?:\s?[-–]\s?(?:19|20)\d{2})?)"
    r"(?P<version>(?:\s+(?i:modificad[oa]|actualizad[oa]))?\s+\(?(?i:versi[oó]n)\s*(?:N[°º]\s*)?(?P<number>\d+))?",
)
_APPROVES = re.compile(r"\b(?:aprob|aprueb)\w*", re.IGNORECASE)
# "Se aprobó el POI 2024 mediante R.M. …": the cue precedes the plan, the norm follows.
_BY = re.compile(r"^[\s,]*(?:\w+\s+){0,12}?(?:mediante|por|con)\s*$", re.IGNORECASE)


def _kind(match: re.Match[str]) -> str | None:
    acronym = match.group("acr1") or match.group("acr2")
    if acronym:
        return acronym
    long_form = match.group("long").lower()
    if "operativo" in long_form:
        return "POI"
    if "sectorial" in long_form:
        return "PESEM"
    return "PEI"


def extract(document: Document, facts: Facts) -> None:
    """Add plans with their versions and the norms that approve them."""
    for sentence in iter_sentences(document):
        text = sentence.text
        plans = []
        for match in _PLAN.finditer(text):
            kind = _kind(match)
            years = re.sub(r"\s", "", match.group("years")).replace("–", "-")
            base_key = f"plan/{kind.lower()}-{years}"
            base_label = f"{PLAN_KINDS[kind]} ({kind}) {years}"
            key, label = base_key, base_label
            if match.group("number"):
                key = f"{base_key}-v{match.group('number')}"
                label = f"{base_label}, modificado versión {match.group('number')}"
            where = span(sentence.passage, sentence.start + match.start(), sentence.start + match.end())
            entity = facts.entity(key, "plan", label)
            # A version's short name must differ from the plan's, or resolution would merge them.
            short = f"{kind} {years}" + (f" versión {match.group('number')}" if key != base_key else "")
            entity.alt_labels.add(short)
            entity.attributes.update({"plan_kind": kind, "period": years})
            entity.mentions.append(where)
            if key != base_key:
                base = facts.entity(base_key, "plan", base_label)
                base.alt_labels.add(f"{kind} {years}")
                base.attributes.update({"plan_kind": kind, "period": years})
                base.mentions.append(where)
                facts.links.append(Link(key, "partOf", base_key, where))
            plans.append((match.start(), match.end(), key))
        if not plans:
            continue
        norms = list(find_norms(text))
        for p_start, p_end, key in plans:
            # The nearest norm on either side with an approval cue between the two.
            best = None
            for norm in norms:
                a, b = (norm.end, p_start) if norm.end <= p_start else (p_end, norm.start)
                if b < a or b - a > 200:
                    continue
                cue_between = _APPROVES.search(text[a:b])
                cue_before = norm.start >= p_end and _BY.match(text[a:b]) and _APPROVES.search(text[:p_start])
                if not (cue_between or cue_before):
                    continue
                if best is None or b - a < best[0]:
                    best = (b - a, norm, min(norm.start, p_start), max(norm.end, p_end))
            if best is not None:
                _, norm, start, end = best
                evidence = span(sentence.passage, sentence.start + start, sentence.start + end)
                facts.links.append(Link(key, "approvedBy", norm.key, evidence))
