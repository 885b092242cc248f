"""Indicator values stated in running prose rather than in tables.

Fact sheets, systematisations and evaluation reports state results in sentences:

* a field and an amount: "Presupuesto total: USD 3,025,000", "Primer Desembolso: 27 Febrero
  2009 USD964,026" (cost, dated by the year printed with it);
* a list item and its count in brackets: "Pro joven emprendedor (950 capacitados)" (achieved);
* a subject that amounts to a figure: "El número de atenciones realizadas desde agosto 2010
  a enero 2012 asciende a 1806 atenciones" (achieved, over the period named);
* a share: "el 34% de las atenciones fueron a potenciales migrantes" (achieved);
* a cost: "La implementación de la VUPE Tacna costó 110,328 Nuevos Soles";
* a coded logical-framework indicator opening with its target: "IP 1: 35% de personas …";
* budgets of public bodies: "un PIA de S/ 385,980,156.00", "… Presupuesto Institucional
  Modificado (PIM) de S/ 728,706,272.00" (cost), "… que equivale a un avance del 99.3% del
  PIM" (executionRate of the budget of the Pliego, or of the executing unit (UE) named).

Each rule is a pattern and a function that names the indicator from the match; the value is
read with :func:`.tables.parse_value`. Labels that only make sense for one document's subject
("Presupuesto total") carry that subject in ``attributes["subject"]`` and a ``measures`` link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from quipu.ingest.facts import Entity, Facts, Link, Observation
from quipu.ingest.models import Document

from .spans import Intervals, Sentence, iter_sentences, listed, slug, span
from .tables import NUMBER, add_link, add_mention, add_observation, parse_value
from .topic import topic

_NUM = r"(?:" + NUMBER + r")"  # grouped: NUMBER is an alternation
_MONEY = r"(?:USD|US\$|S/\.?)\s*" + _NUM
_MONTHS = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
_RANGE = re.compile(
    rf"\bdesde\s+(?P<m1>{_MONTH})\s+(?:de(?:l)?\s+)?(?P<y1>(?:19|20)\d{{2}})\s+(?:a|hasta|al)\s+(?P<m2>{_MONTH})\s+(?:de(?:l)?\s+)?(?P<y2>(?:19|20)\d{{2}})",
    re.IGNORECASE,
)
# A year standing alone: not inside a norm number ("002-2024-TR") nor a date ("13.02.25").
_YEAR = re.compile(r"(?<![\d\-/.])((?:19|20)\d{2})(?![\d\-/])")


@dataclass(frozen=True)
class Found:
    """What a rule read: the indicator's name and the value as printed."""

    label: str
    kind: str
    raw: str
    start: int  # offsets of the value in the sentence text
    end: int
    period: str | None = None
    aliases: tuple[str, ...] = ()
    scoped: bool = False  # the label names no subject: it is the document topic's
    unit: str | None = None


Rule = Callable[[re.Match[str], Sentence, "Context"], Found | None]


@dataclass
class Context:
    """What the rules may consult beyond their sentence."""

    document: Document
    facts: Facts
    subject: Entity | None
    owner: str | None = None  # whose budget the last budget sentence gave
    institutions: Intervals | None = None  # their mentions by position, read on first need


def _period_of_range(text: str) -> str | None:
    found = _RANGE.search(text)
    if not found:
        return None
    m1, m2 = _MONTHS[found.group("m1").lower()], _MONTHS[found.group("m2").lower()]
    return f"{found.group('y1')}-{m1:02d}/{found.group('y2')}-{m2:02d}"


def _year_before(text: str, end: int) -> str | None:
    years = [m.group(1) for m in _YEAR.finditer(text, 0, end)]
    return years[-1] if years else None


def _capitalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:.-–")
    return text[:1].upper() + text[1:]


# ----------------------------------------------------------------------------- rules

_FIELD_MONEY = re.compile(
    r"(?<![\w])(?P<label>[A-ZÁÉÍÓÚ][a-záéíóúñ]+(?:\s+[A-Za-záéíóúñ]+){0,3})\s*:\s*"
    r"(?:\d{1,2}\s+(?:de\s+)?" + _MONTH + r"\s+(?:de(?:l)?\s+)?(?P<year>(?:19|20)\d{2})\s+)?"
    r"(?P<raw>" + _MONEY + r")(?![\d,.])",
    re.IGNORECASE,
)
_MONEY_WORDS = re.compile(r"presupuesto|desembolso|costo|monto|aporte|financiamiento|inversi[oó]n|donaci[oó]n", re.IGNORECASE)


def _field_money(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    label = match.group("label")
    if not _MONEY_WORDS.search(label) or not label[0].isupper():
        return None
    return Found(_capitalise(label.lower()), "cost", match.group("raw"), match.start("raw"), match.end("raw"),
                 period=match.group("year"), scoped=True)


# "Pro joven emprendedor (950 capacitados)", "SOVIO –servicio … (350 jóvenes participantes)"
_COUNTED = re.compile(
    r"(?:^|[:,;(]\s*|\n)(?P<name>[A-ZÁÉÍÓÚ][\wáéíóúñ]*(?:\s+[\wáéíóúñ]+){0,3}?)\s*"
    r"(?:[-–—][^():;]{0,80}?)?[-–—]?\s*\(\s*(?P<raw>" + _NUM + r")\s+"
    r"(?P<what>(?:[a-záéíóúñ]+\s+){0,2}(?:participantes|capacitad[oa]s|beneficiari[oa]s|atendid[oa]s|insertad[oa]s|"
    r"colocad[oa]s|certificad[oa]s|formad[oa]s|inscrit[oa]s|asistentes|usuari[oa]s))\s*\)"
)


def _counted(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    label = f"{match.group('name').strip()}: {match.group('what')}"
    return Found(label, "achieved", match.group("raw"), match.start("raw"), match.end("raw"), unit="count")


# "El número de atenciones realizadas desde … asciende a 1806 atenciones". The subject runs to
# a participle or a preposition of time or place; a number broken over lines ("50\n478") is
# ambiguous, so it is skipped.
_AMOUNTS_TO = re.compile(
    r"(?:^|(?<=[\s•]))(?:El|La|Los|Las)\s+(?P<subject>[a-záéíóúñ]+(?:\s+(?!(?:en|desde|durante|hasta|entre|para)\b)"
    r"(?![a-záéíóúñ]+(?:ad|id)[oa]s?\b)[a-záéíóúñ]+){0,5})\s+(?P<rest>[^.;:]{0,80}?)\s*"
    r"asciende(?:n)?\s+a\s+(?P<raw>" + _NUM + r"(?:\s+mil(?:lones)?)?\s?%?)(?!\s*\d)"
)


def _amounts_to(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    subject = match.group("subject")
    if not re.match(r"(?:n[uú]mero|total|cantidad|monto)\s+de\s|\w+s\b", subject):
        return None  # a plural count noun or "número de …"
    period = _period_of_range(match.group("rest"))
    return Found(_capitalise(subject), "achieved", match.group("raw").strip(), match.start("raw"), match.end("raw"),
                 period=period, scoped=True)


# "el 34% de las atenciones fueron a potenciales migrantes"
_SHARE = re.compile(
    r"\b(?:el|un)\s+(?P<raw>" + _NUM + r"\s?%)\s+de\s+(?:las|los)\s+(?P<noun>[a-záéíóúñ]+)\s+"
    r"(?:fueron|son|fue|es|estuvieron|correspondi[oó]|correspondieron|corresponde[n]?)\s+"
    r"(?P<prep>a|para|de|del)\s+(?P<rest>[a-záéíóúñ]+(?:\s+[a-záéíóúñ]+){0,4}?)(?=\s*[,.;]|\s+(?:lo|que|y)\b)"
)


def _share(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    label = f"% de {match.group('noun')} {match.group('prep')} {match.group('rest')}"
    return Found(label, "achieved", match.group("raw").replace(" ", ""), match.start("raw"), match.end("raw"),
                 scoped=True, unit="percent")


# "La implementación de la VUPE Tacna costó 110,328 Nuevos Soles"
_COST_VERB = re.compile(
    r"\b(?:La|El)\s+(?P<what>(?:implementaci[oó]n|instalaci[oó]n|construcci[oó]n|operaci[oó]n|funcionamiento|"
    r"equipamiento|elaboraci[oó]n)\s+(?:de|del)\s+[^.;]{3,60}?)\s+(?:cost[oó]|tuvo\s+un\s+costo\s+de|demand[oó])\s+"
    r"(?P<raw>(?:S/\.?\s*)?" + _NUM + r"(?:\s+(?:nuevos\s+soles|soles|d[oó]lares))?)",
    re.IGNORECASE,
)


def _cost_verb(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    raw = re.sub(r"\s+", " ", match.group("raw"))
    unit = "USD" if re.search(r"d[oó]lares", raw, re.IGNORECASE) else "PEN"
    what = re.sub(r"\s+", " ", match.group("what"))
    return Found(f"Costo de {what}", "cost", raw, match.start("raw"), match.end("raw"), unit=unit)


# "• IP 1: 35% de personas que se inscriben …": a coded indicator opening with its target.
_CODED = re.compile(
    r"^[•\-–*\s]*(?P<code>I[A-Z]{0,2})\s?(?P<n>\d{1,2})\s*:\s*(?P<raw>" + _NUM + r")(?P<pct>\s?%)?\s+(?P<rest>\S[^\n]{5,})"
)


def coded_key(code: str, number: str) -> str:
    """One key for "IP 1", "IP1" and "IP 01", shared with :mod:`.cards`."""
    return f"indicator/{code.lower()}-{int(number)}"


def _coded(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    code = f"{match.group('code')} {int(match.group('n'))}"
    rest = re.sub(r"\s+", " ", sentence.text[match.start("rest") :]).strip(" .")
    what = f"% {rest}" if match.group("pct") else f"Número de {rest}"
    raw = match.group("raw") + (match.group("pct") or "").strip()
    return Found(f"{code}: {what}", "target", raw, match.start("raw"), match.end("pct") if match.group("pct") else match.end("raw"),
                 aliases=(code, code.replace(" ", "")), unit="percent" if match.group("pct") else "count")


# "un PIA de S/ 385,980,156.00", "Presupuesto Institucional Modificado (PIM) de S/ 728,706,272.00"
_BUDGET = re.compile(
    r"\b(?:(?P<pia>PIA|Presupuesto\s+Institucional\s+de\s+Apertura(?:\s*\(PIA\))?)|"
    r"(?P<pim>PIM|Presupuesto\s+Institucional\s+Modificado(?:\s*\(PIM\))?))\s+(?:de|por|ascendente\s+a)\s+(?P<raw>S/\.?\s*" + _NUM + r")"
)
_UNIT = re.compile(r"\bU(?:nidad)?\s*E(?:jecutora)?\b|\bUE\b")
# A part of the budget (an objective's, an action's, a unit's), not the institution's.
_PART = re.compile(r"\bUnidad(?:es)?\s+Ejecutoras?\b|\bUE\b|\b[OA]EI\b")
_VERSION = re.compile(r"\bversi[oó]n\s*(?:N[°º]\s*)?(?P<n>\d{1,2})\b", re.IGNORECASE)


def _owner(sentence: Sentence, context: Context, end: int) -> str | None:
    """The acronym (or name) of the last institution the sentence names before ``end``."""
    lo = sentence.passage.start + sentence.start
    if context.institutions is None:
        # Only the mentions near the sentence count: scanning all of them for each budget
        # sentence grew with the square of the document. Ties go to the first in
        # (entity, mention) order, as the scan had it.
        context.institutions = Intervals()
        entities = (e for e in context.facts.entities.values() if e.type == "institution")
        for order, entity in enumerate(entities):
            for number, mention in enumerate(entity.mentions):
                context.institutions.add(mention.start, mention.end, (order, number, entity))
    best: tuple[int, int, int, Entity] | None = None
    for start, stop, (order, number, entity) in context.institutions.near(lo, lo + end):
        if lo <= start and stop <= lo + end and (best is None or (-start, order, number) < best[:3]):
            best = (-start, order, number, entity)
    return str(best[3].attributes.get("acronym") or best[3].label) if best else None


def _budget(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    if _PART.search(sentence.text) or len(_BUDGET.findall(sentence.text)) > 1:
        return None  # a part of the budget, or a change from one amount to another
    name = "Presupuesto Institucional de Apertura (PIA)" if match.group("pia") else "Presupuesto Institucional Modificado (PIM)"
    year = _year_before(sentence.text, match.start())
    owner = _owner(sentence, context, match.start()) or context.owner
    context.owner = owner
    label = " ".join(p for p in (name, year, f"del {owner}" if owner else None) if p)
    version = _VERSION.search(sentence.text, 0, match.start())
    if version and match.group("pim"):
        label += f" (POI versión {version.group('n')})"  # the PIM changes with each version of the plan
    short = "PIA" if match.group("pia") else "PIM"
    return Found(label, "cost", match.group("raw"), match.start("raw"), match.end("raw"), period=year,
                 aliases=tuple(a for a in (f"{short} {year} del {owner}" if year and owner else None,) if a), unit="PEN")


# "… que equivale a un avance (financiero) del 99.3% (del PIM)"
_ADVANCE = re.compile(r"\bequivale\s+a\s+un\s+avance\s+(?:financier[oa]\s+|presupuestal\s+)?del?\s+(?P<raw>" + _NUM + r"\s?%)")
_PLIEGO = re.compile(r"\bPliego\s+(?P<n>\d{3})\s*:?\s*(?P<who>[A-Z][A-Z-]{1,12})\b")
_UE_NUMBER = re.compile(r"\b(?:Unidad\s+Ejecutora|UE)\s*:?\s*(?P<n>\d{3})\s*-\s*\d+")
_UE_NAME = re.compile(r"\bUE\s*:?\s*\d{1,3}\s*:\s*\d+\s*(?:[\"“](?P<quoted>[^\"”]{3,60})[\"”]|(?P<code>[A-Z][A-Z-]{1,15})\b)")
_PLIEGO_WINDOW = 800


def _advance(match: re.Match[str], sentence: Sentence, context: Context) -> Found | None:
    text = sentence.text
    year = _year_before(text, match.start())
    if _UNIT.search(text):
        number, name = _UE_NUMBER.search(text), _UE_NAME.search(text)
        if not number or not name:
            return None
        who = re.sub(r"\s+", " ", name.group("quoted") or name.group("code"))
        label = f"Avance financiero UE {number.group('n')} {who}"
    else:
        start = sentence.passage.start + sentence.start
        window = context.document.text[max(0, start - _PLIEGO_WINDOW) : start + match.start()]
        pliegos = list(_PLIEGO.finditer(window))
        if not pliegos:
            return None
        label = f"Ejecución presupuestal del Pliego {pliegos[-1].group('n')} {pliegos[-1].group('who')}"
    return Found(label, "executionRate", match.group("raw").replace(" ", ""), match.start("raw"), match.end("raw"),
                 period=year, unit="percent")


# (a word the sentence must hold, so most sentences skip the pattern; pattern; rule)
_RULES: list[tuple[str, re.Pattern[str], Rule]] = [
    (":", _FIELD_MONEY, _field_money),
    ("(", _COUNTED, _counted),
    ("ascien", _AMOUNTS_TO, _amounts_to),
    ("%", _SHARE, _share),
    ("cost", _COST_VERB, _cost_verb),
    (":", _CODED, _coded),
    ("S/", _BUDGET, _budget),
    ("avance", _ADVANCE, _advance),
]


# ----------------------------------------------------------------------------- facts


def _indicator(context: Context, found: Found) -> Entity:
    """The indicator a value belongs to; a label scoped to the topic keys on the topic too."""
    if found.aliases and re.fullmatch(r"I[A-Z]{0,2} \d{1,2}", found.aliases[0]):
        code, number = found.aliases[0].split()
        key = coded_key(code, number)
    elif found.scoped and context.subject is not None:
        key = f"indicator/{slug(found.label)}--{context.subject.key.split('/', 1)[1]}"
    else:
        key = f"indicator/{slug(found.label)}"
    entity = context.facts.entity(key, "indicator", found.label)  # type: ignore[arg-type]
    entity.alt_labels.update(a for a in found.aliases if a != entity.label)
    if found.unit in ("percent", "count"):
        entity.attributes.setdefault("unit", found.unit)
    if found.scoped and context.subject is not None:
        entity.attributes.setdefault("subject", context.subject.key)
    return entity


def _dated(observation: Observation) -> tuple[str, str, float | None, str | None]:
    return observation.indicator, observation.kind, observation.value, observation.period


def _record(context: Context, sentence: Sentence, found: Found) -> None:
    value = parse_value(found.raw) or parse_value(re.sub(r"\s+(?:mil(?:lones)?|nuevos\s+soles|soles)$", "", found.raw, flags=re.IGNORECASE))
    indicator = _indicator(context, found)
    evidence = span(sentence.passage, sentence.start, sentence.end)
    add_mention(indicator, evidence)
    if found.scoped and context.subject is not None:
        add_link(context.facts, Link(indicator.key, "measures", context.subject.key, evidence))
    number = value.value if value else None
    if number is not None and re.search(r"\bmil\b", found.raw):
        number *= 1000
    if listed(context.facts, context.facts.observations, _dated, (indicator.key, found.kind, number, found.period)):
        return  # the same figure printed again ("S/ 385,980,156.00" and "S/385,980,156.00")
    unit = (value.unit if value else None) or found.unit
    add_observation(
        context.facts,
        Observation(indicator=indicator.key, kind=found.kind, raw=found.raw, evidence=evidence,  # type: ignore[arg-type]
                    value=number, unit=unit, period=found.period),
    )


def extract(document: Document, facts: Facts) -> None:
    """Add the indicator values that sentences state."""
    context = Context(document, facts, topic(document, facts))
    for sentence in iter_sentences(document):
        if sentence.passage.kind == "table":
            continue
        text = sentence.text
        taken: list[tuple[int, int]] = []
        lowered = text.lower()
        for gate, pattern, rule in _RULES:
            if gate not in text and gate not in lowered:
                continue
            for match in pattern.finditer(text):
                found = rule(match, sentence, context)
                if found is None or any(a < found.end and found.start < b for a, b in taken):
                    continue
                taken.append((found.start, found.end))
                _record(context, sentence, found)
