"""Plans with their versions, and the norms that approve them.

* Institutional plans: "Plan Operativo Institucional (POI) 2026", "POI 2026" and "POI
  Anual 2026" are one plan, ``plan/poi-2026``; "POI … 2026 modificado Versión 2" is its
  version 2, ``plan/poi-2026-v2``, part of the plan.
* Named plans: "Plan Regional de Empleo Juvenil de Tumbes 2025-2028" — "Plan", optional
  qualifiers (Regional, Nacional, Sectorial …), "de"/"para" and a capitalised name, then
  the years it covers — are ``plan/<name>-<years>``; an acronym in brackets after it is
  an alias. Later, "el Plan Regional de Empleo Juvenil" without the years names it too.

A norm approves a plan when an approval cue ("se aprueba", "aprobado mediante") stands
between the two in one sentence.
"""

from __future__ import annotations

import re

from quipu.core.text import fold, fold_same_length, slug
from quipu.ingest.facts import Facts, Link, rule
from quipu.ingest.models import Document

from .norms import find_norms
from .record import add_cited_link, add_mention
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
_NAME_WORD = r"(?:[A-ZÁÉÍÓÚÑ][\wáéíóúñ\-]*|\([A-ZÁÉÍÓÚÑ]{2,10}\)|de|del|al|la|las|los|el|y|e|para|en|a)"
_NAMED = re.compile(
    r"\bPlan\s+(?P<name>(?:(?:Regional|Nacional|Sectorial|Local|Provincial|Distrital|Multianual|Concertado|Anual)\s+)*"
    r"(?:de|para)\s+" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,14}?)"
    r"\s+(?P<al>al\s+)?(?:\(\s*)?(?P<years>(?:19|20)\d{2}(?:\s?[-–]\s?(?:19|20)\d{2})?)(?:\s*\))?"
    r"(?:\s*\((?:en\s+adelante,?\s+(?:el\s+|la\s+)?(?P<hereafter>[^)]{3,60})|(?P<acronym>[A-ZÁÉÍÓÚÑ][\wÁÉÍÓÚÑáéíóúñ\- ]{1,24}))\))?"
)
# National and regional policies and strategies are plans too: "la Política Nacional de Inclusión
# Laboral (PNIL)", "Política Nacional Agraria 2021-2030", "Estrategia Regional de Trabajo
# Digno 2027-2030". A policy is often named without its years. The name runs on while its
# words are capitalised, joined by "de", "y" …, so it ends on a name word.
_POLICY = re.compile(
    r"\b(?P<head>Pol[ií]tica|Estrategia)\s+(?P<name>(?:Nacional|Regional|Sectorial|Multisectorial)"
    r"(?:\s+(?:(?:de|del|para|y|e|la|el|los|las|en)\s+)*[A-ZÁÉÍÓÚÑ][\wáéíóúñ\-]*)+)"
    r"(?:\s+(?P<al>al\s+)?(?P<years>(?:19|20)\d{2}(?:\s?[-–]\s?(?:19|20)\d{2})?))?"
    r"(?:\s*\((?P<acronym>[A-ZÁÉÍÓÚÑ]{2,10})\))?"
)
_APPROVES = re.compile(r"\b(?:aprob|aprueb)\w*", re.IGNORECASE)
# "Se aprobó el POI 2024 mediante R.M. …": the cue precedes the plan, the norm follows.
APPROVAL_RULE = rule("plans/approved-by")
VERSION_RULE = rule("plans/version-of")
_BY = re.compile(r"^[\s,]*(?:\w+\s+){0,12}?(?:mediante|por|con)(?:\s+(?:el|la))?\s*$", re.IGNORECASE)


def _kind(match: re.Match[str]) -> str:
    acronym = match.group("acr1") or match.group("acr2")
    if acronym:
        return acronym
    long_form = match.group("long").lower()
    if "operativo" in long_form:
        return "POI"
    if "sectorial" in long_form:
        return "PESEM"
    return "PEI"


def _named(sentence, match: re.Match[str], facts: Facts) -> str | None:
    written = re.sub(r"\s+", " ", match.group("name")).strip()
    if not written.split()[-1][:1].isupper():
        return None  # the name must end on a name word, not "de"
    # "Plan de Desarrollo Regional Concertado (PDRC) de Tacna al 2030": an acronym inside the name.
    inner = re.search(r"\s\(([A-ZÁÉÍÓÚÑ]{2,10})\)", written)
    name = re.sub(r"\s\([A-ZÁÉÍÓÚÑ]{2,10}\)", "", written)
    years = re.sub(r"\s", "", match.group("years")).replace("–", "-")
    to = "al " if match.group("al") else ""
    key = f"plan/{slug(name)}-{years}"
    entity = facts.entity(key, "plan", f"Plan {written} {to}{years}")
    entity.alt_labels.add(f"Plan {name}")
    if inner:
        entity.alt_labels.add(f"{inner.group(1)}{written[inner.end():]} {to}{years}".strip())
        entity.alt_labels.add(inner.group(1))
    if match.group("acronym"):
        entity.alt_labels.add(match.group("acronym").strip())
    if match.group("hereafter"):
        entity.alt_labels.add(match.group("hereafter").strip())  # "(en adelante, el Plan de Mejora)"
    entity.attributes.update({"period": years})
    add_mention(entity, span(sentence.passage, sentence.start + match.start(), sentence.start + match.end()))
    return key


def _policy(sentence, match: re.Match[str], facts: Facts) -> str:
    head = "Política" if match.group("head").lower().startswith("pol") else "Estrategia"
    name = f"{head} " + re.sub(r"\s+", " ", match.group("name")).strip()
    years = re.sub(r"\s", "", match.group("years") or "").replace("–", "-")
    to = "al " if match.group("al") else ""
    key = f"plan/{slug(name)}" + (f"-{years}" if years else "")
    entity = facts.entity(key, "plan", f"{name} {to}{years}".strip())
    entity.alt_labels.add(name)
    if match.group("acronym"):
        entity.alt_labels.add(match.group("acronym"))
    if years:
        entity.attributes.update({"period": years})
    add_mention(entity, span(sentence.passage, sentence.start + match.start(), sentence.start + match.end()))
    return key


# "Dicho plan", "el citado plan": the last plan named before, within a page or so.
_PLAN_ANAPHOR = re.compile(r"\b(?:[Dd]icho|[Ee]ste|[Ee]l\s+(?:referido|citado|mencionado))\s+[Pp]lan\b(?!\s+(?:de|del|para|[A-ZÁÉÍÓÚÑ]))")
_PLAN_WINDOW = 1500


def _plan_named_before(facts: Facts, at: int) -> str | None:
    named = [(m.start, e.key) for e in facts.entities.values() if e.type == "plan" for m in e.mentions if m.end <= at and at - m.end <= _PLAN_WINDOW]
    return max(named)[1] if named else None


def _short_references(text: str, facts: Facts) -> list[tuple[int, int, str]]:
    """ "el Plan Regional de Empleo Juvenil", without its years: a named plan already found."""
    found: list[tuple[int, int, str]] = []
    named = [(fold(a), e.key) for e in facts.entities.values() if e.type == "plan" for a in e.alt_labels
             if a.startswith(("Plan ", "Política ", "Estrategia "))]
    # "el PAREDP 2025-2026", "el PDRC": an acronym a named plan was given.
    acronyms = [(a, e.key) for e in facts.entities.values() if e.type == "plan" and "plan_kind" not in e.attributes
                for a in e.alt_labels if re.match(r"[A-ZÁÉÍÓÚÑ]{2,10}\b", a)]
    for alias, key in sorted(acronyms, key=lambda n: -len(n[0])):
        for match in re.finditer(r"(?<![\w])" + re.escape(alias) + r"(?![\w-])", text):
            if not any(a < match.end() and match.start() < b for a, b, _ in found):
                found.append((match.start(), match.end(), key))
    if not named:
        return found
    folded_text = re.sub(r"\s", " ", fold_same_length(text))  # offsets stay those of ``text``
    for match in re.finditer(r"\b(?:Plan|Pol[ií]tica|Estrategia)\b", text):
        for name, key in sorted(named, key=lambda n: -len(n[0])):
            end = match.start() + len(name)
            if len(name.split()) >= 3 and folded_text.startswith(name, match.start()) and not text[end : end + 1].isalnum():
                found.append((match.start(), end, key))
                break
    return found


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
            entity.alt_labels.add(f"{PLAN_KINDS[kind]} {years}" + (f" versión {match.group('number')}" if key != base_key else ""))
            entity.attributes.update({"plan_kind": kind, "period": years})
            add_mention(entity, where)
            if key != base_key:
                base = facts.entity(base_key, "plan", base_label)
                base.alt_labels.add(f"{kind} {years}")
                base.attributes.update({"plan_kind": kind, "period": years})
                add_mention(base, where)
                add_cited_link(facts, Link(key, "partOf", base_key, where, rule=VERSION_RULE))
            plans.append((match.start(), match.end(), key))
        for match in _NAMED.finditer(text):
            if any(a < match.end() and match.start() < b for a, b, _ in plans):
                continue
            named_key = _named(sentence, match, facts)
            if named_key is not None:
                plans.append((match.start(), match.end(), named_key))
        for match in _POLICY.finditer(text):
            if not any(a < match.end() and match.start() < b for a, b, _ in plans):
                plans.append((match.start(), match.end(), _policy(sentence, match, facts)))
        for match in _PLAN_ANAPHOR.finditer(text):
            at = sentence.passage.start + sentence.start + match.start()
            before = _plan_named_before(facts, at)
            if before is not None and not any(a < match.end() and match.start() < b for a, b, _ in plans):
                plans.append((match.start(), match.end(), before))  # read for its approval, not kept as a mention
        for start, end, key in _short_references(text, facts):
            if not any(a < end and start < b for a, b, _ in plans):
                add_mention(facts.entities[key], span(sentence.passage, sentence.start + start, sentence.start + end))
                plans.append((start, end, key))
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
                add_cited_link(facts, Link(key, "approvedBy", norm.key, evidence, rule=APPROVAL_RULE))
