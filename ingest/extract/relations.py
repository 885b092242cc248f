"""Links between entities mentioned in the same sentence, read from the words between them.

Runs after the entity extractors and reads their mentions. Two mentions are linked only
when the words between them (or, for a few cues, right after the second) are a cue for the
link and nothing else of substance, so precision comes before recall. The evidence span
runs from the first to the last of (mention, cue, mention).

Phrases that refer back to the document's topic ("Este Servicio", "el Proyecto", see
:mod:`.topic`) count as mentions of it. A few cues also need the words around the pair
(``_FRAMED``): "los recursos de X a través del Proyecto Y" is funding, not running.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from quipu.ingest.facts import Facts, Link
from quipu.ingest.models import Document

from .spans import iter_sentences, span
from .topic import Anaphor, anaphors

_ART = r"(?:\s+(?:el|la|los|las|del|al))?"
_RUNNERS = ("institution",)
_ACTIVE = ("programme", "service")


def _cue(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# (subject type, object type, pattern of the words between first and second mention, predicate, reversed)
# reversed=True: the second mention is the link's subject.
_BETWEEN: list[tuple[tuple[str, ...], tuple[str, ...], re.Pattern[str], str, bool]] = [
    # "el Programa X, a cargo del MTPE" / "implementado por" / "ejecutado por"
    (
        _ACTIVE,
        _RUNNERS,
        _cue(
            r"^\s*,?\s*(?:(?:que\s+)?(?:es|son|fue|fueron|est[aá]n?)\s+)?(?:a\s+cargo|implementad[oa]s?|ejecutad[oa]s?|administrad[oa]s?|"
            r"operad[oa]s?|gestionad[oa]s?|conducid[oa]s?|brindad[oa]s?|prestad[oa]s?|liderad[oa]s?)\s+(?:por|del?|al)" + _ART + r"\s*$"
        ),
        "runs",
        True,
    ),
    # "el MTPE, a través del Programa X" / "el MTPE implementa el Servicio X"
    (
        _RUNNERS,
        _ACTIVE,
        _cue(
            r"^\s*,?\s*(?:a\s+trav[eé]s|por\s+medio|mediante)(?:\s+de)?" + _ART + r"\s*$"
            r"|^\s*,?\s*(?:que\s+)?(?:implementa|ejecuta|administra|opera|gestiona|conduce|brinda|presta|lidera)n?" + _ART + r"\s*$"
        ),
        "runs",
        False,
    ),
    # "el Programa X, financiado por FONDOEMPLEO" / "con financiamiento de" / "con recursos de"
    (
        _ACTIVE,
        ("institution", "programme"),
        _cue(
            r"^\s*,?\s*(?:(?:que\s+)?(?:es|son|fue|fueron)\s+)?(?:(?:co)?financiad[oa]s?\s+(?:por|con)|"
            r"con\s+(?:el\s+)?(?:co)?financiamiento\s+de|con\s+(?:los\s+)?recursos\s+de|con\s+(?:el\s+)?apoyo\s+financiero\s+de)"
            + _ART + r"\s*$"
        ),
        "funds",
        True,
    ),
    # "FONDOEMPLEO financia el Proyecto X"; "… la VUPE. … los financia el Programa Trabaja Perú"
    (
        ("institution", "programme"),
        _ACTIVE,
        _cue(r"^\s*,?\s*(?:que\s+)?(?:co)?financia(?:n|r[aá]n?|ba)?" + _ART + r"\s*$"),
        "funds",
        False,
    ),
    (
        _ACTIVE,
        ("institution", "programme"),
        _cue(r"\b(?:lo|la|los|las)\s+(?:co)?financia(?:n|ba)?" + _ART + r"\s*$"),
        "funds",
        True,
    ),
    # "la evaluación del Programa X, realizada por CAPLAB"
    (
        _ACTIVE,
        _RUNNERS,
        _cue(r"^\s*,?\s*(?:(?:que\s+)?(?:fue|es)\s+)?(?:evaluad[oa]s?|realizad[oa]\s+por)\s*(?:por)?" + _ART + r"\s*$"),
        "evaluates",
        True,
    ),
    (
        _RUNNERS,
        _ACTIVE,
        _cue(r"^\s*,?\s*(?:que\s+)?(?:evalu[oó]|eval[uú]a|evaluar[aá])" + _ART + r"\s*$"),
        "evaluates",
        False,
    ),
    # "el Servicio X, creado mediante Decreto Supremo …"
    (
        ("programme", "service", "institution"),
        ("norm",),
        _cue(
            r"^\s*,?\s*(?:(?:que\s+)?(?:fue|es|son|fueron)\s+)?(?:cread[oa]s?|instituid[oa]s?|constituid[oa]s?)\s+"
            r"(?:mediante|por|con|a\s+trav[eé]s\s+de|seg[uú]n)" + _ART + r"\s*$"
        ),
        "createdBy",
        False,
    ),
    # "Decreto Supremo N° 001-2012-TR, que dispone crear e implementar … la Ventanilla …"
    (
        ("norm",),
        ("programme", "service", "institution"),
        _cue(
            r"^\s*,?\s*(?:que|mediante\s+el\s+cual|por\s+el\s+cual)?\s*(?:se\s+)?(?:dispone\s+)?(?:crea|creó|crear|cre[oó]|"
            r"aprueba\s+la\s+creaci[oó]n\s+de)"
            r"(?:\s+e\s+implementar)?(?:\s+a\s+nivel\s+nacional)?" + _ART + r"\s*[\"“]?\s*$"
        ),
        "createdBy",
        True,
    ),
    # "la Ventanilla Única …, aprobada mediante Decreto Supremo …": a programme or service a norm approves is created by it
    (
        ("programme", "service"),
        ("norm",),
        _cue(r"^\s*,?\s*(?:(?:que\s+)?(?:fue|es|son|fueron)\s+)?aprobad[oa]s?\s+(?:mediante|por|con|a\s+trav[eé]s\s+de)" + _ART + r"\s*$"),
        "createdBy",
        False,
    ),
    # "la SD-PCM, identificó las debilidades y limitaciones en el Servicio …": an assessment of it
    (
        _RUNNERS,
        _ACTIVE,
        _cue(
            r"^\s*,?\s*(?:que\s+)?(?:identific[oó]|analiz[oó]|diagnostic[oó]|supervis[oó]|identifica|analiza|supervisa)\s+"
            r"(?:las\s+|los\s+)?(?:debilidades|limitaciones|problemas|fortalezas|deficiencias|brechas|nudos\s+cr[ií]ticos)"
            r"(?:\s*,?\s*(?:y|e)\s+(?:las\s+|los\s+)?\w+)?\s+(?:en|de)" + _ART + r"\s*$"
        ),
        "evaluates",
        False,
    ),
    # "el Servicio fue institucionalizado a través de Resolución …", "regulado por", "reglamentado por"
    (
        ("programme", "service"),
        ("norm",),
        _cue(
            r"^\s*,?\s*(?:(?:que\s+)?(?:fue|es|son|fueron|est[aá]n?)\s+)?(?:regulad[oa]s?|reglamentad[oa]s?|normad[oa]s?|"
            r"institucionalizad[oa]s?|regid[oa]s?)\s+(?:mediante|por|con|a\s+trav[eé]s\s+de|en)" + _ART + r"\s*$"
        ),
        "regulatedBy",
        False,
    ),
    # "Ley N° 31760 “Ley del Certificado Único Laboral”", "…, que regula el Servicio …"
    (
        ("norm",),
        ("programme", "service"),
        _cue(
            r"^\s*,?\s*[\"“]?\s*(?:Ley|Reglamento|Lineamientos)\s+(?:del?|de\s+la|para\s+el|para\s+la)\s*$"
            r"|^\s*,?\s*(?:que|la\s+cual|el\s+cual)\s+(?:regula|reglamenta|norma)" + _ART + r"\s*$"
            # "R.M. … que brinda los lineamientos generales … de la VUPE"
            r"|^\s*,?\s*(?:que|la\s+cual|el\s+cual)\s+(?:brinda|establece|aprueba|dicta|contiene|fija)\s+(?:los\s+|las\s+)?"
            r"(?:lineamientos|normas|disposiciones|procedimientos|reglas)\b[^.;]{0,80}?\b(?:del?|para)" + _ART + r"\s*$"
            # "D.S. … que aprueba el cambio de denominación de la VUPE"
            r"|^\s*,?\s*(?:que|la\s+cual|el\s+cual)\s+(?:aprueba|dispone|establece)\s+(?:el|la)\s+(?:cambio\s+de\s+denominaci[oó]n|"
            r"modificaci[oó]n|reestructuraci[oó]n|adecuaci[oó]n|fusi[oó]n)\s+de" + _ART + r"\s*$"
        ),
        "regulatedBy",
        True,
    ),
    # "la Dirección X, órgano dependiente de la Dirección General Y", "adscrito al"
    (
        ("institution",),
        ("institution",),
        _cue(
            r"^\s*,?\s*(?:como\s+)?(?:(?:un|el)\s+)?(?:[óo]rgano|unidad|oficina|organismo|programa)?\s*(?:de\s+l[ií]nea\s+)?"
            r"(?:dependiente|adscrit[oa]|que\s+depende)\s+(?:de|a)" + _ART + r"\s*$"
        ),
        "subOrganizationOf",
        False,
    ),
    # "el Servicio X, que forma parte de la Ventanilla …", "integrado a", "su integración en"
    (
        ("service", "programme"),
        ("service", "programme"),
        _cue(
            r"^\s*,?\s*(?:que\s+)?(?:forma(?:n|ba)?\s+parte\s+de|(?:se\s+)?integr(?:a|ado|ada|ados|adas|ó)\s+(?:a|en)|"
            r"(?:es|como)\s+(?:un\s+)?(?:componente|servicio|subprograma)\s+de|y\s+su\s+integraci[oó]n\s+(?:a|en))"
            + _ART + r"\s*$"
        ),
        "partOf",
        False,
    ),
    # "el MTPE, ente rector del Servicio Nacional de Empleo"
    (
        ("institution",),
        ("service",),
        _cue(r"^\s*,?\s*(?:(?:es|ser|como)\s+)?(?:el\s+)?(?:ente\s+rector|autoridad\s+competente)\s+(?:del?|en)" + _ART + r"\s*$"),
        "competentAuthority",
        True,
    ),
]


@dataclass(frozen=True)
class _Framed:
    """A cue that needs the words around the pair as well as those between them."""

    subjects: tuple[str, ...]
    objects: tuple[str, ...]
    between: re.Pattern[str]
    predicate: str
    reverse: bool
    before: re.Pattern[str] | None = None  # searched at the end of the sentence text before the first mention
    after: re.Pattern[str] | None = None  # matched at the start of the sentence text after the second mention


# Checked before _BETWEEN: the frame turns "a través de" (runs) into funding, or names the
# agent of a nominalised action ("la puesta en marcha del servicio … realizó la Dirección …").
_FRAMED: list[_Framed] = [
    # "FONDOEMPLEO, a través del Proyecto REDPROEMPLEO financia los gastos …"
    _Framed(
        _RUNNERS, ("programme",), _cue(r"^\s*,?\s*a\s+trav[eé]s" + _ART + r"\s*$"), "funds", False,
        after=_cue(r"^\s*,?\s*(?:co)?financia(?:n|ba|ron)?\b"),
    ),
    # "los recursos de FONDOEMPLEO a través del Proyecto REDPROEMPLEO"
    _Framed(
        _RUNNERS, ("programme",), _cue(r"^\s*,?\s*a\s+trav[eé]s" + _ART + r"\s*$"), "funds", False,
        before=_cue(r"\b(?:recursos|fondos|aportes?|financiamiento)\s+(?:financieros\s+)?(?:del?|de\s+la)\s*$"),
    ),
    # "La puesta en marcha del servicio de orientación … realizó la Dirección de Migración Laboral"
    _Framed(
        _ACTIVE, _RUNNERS,
        _cue(
            r"^(?:\s+[a-záéíóúñ]+){0,10}?\s*,?\s+(?:la\s+|lo\s+)?(?:realiz[oó]|ejecut[oó]|condujo|lider[oó]|asumi[oó]|"
            r"estuvo\s+a\s+cargo\s+de|tuvo\s+a\s+su\s+cargo)" + _ART + r"\s*$"
        ),
        "runs", True,
        before=_cue(r"\b(?:puesta\s+en\s+marcha|implementaci[oó]n|ejecuci[oó]n|dise[ñn]o|funcionamiento)\s+(?:del?|de\s+la)\s*$"),
    ),
]


def _framed(first: Mention, second: Mention, before: str, between: str, after: str) -> tuple[str, bool] | None:
    """(predicate, reversed) of the first framed cue that fits the pair."""
    for cue in _FRAMED:
        if first.type not in cue.subjects or second.type not in cue.objects or not cue.between.search(between):
            continue
        if cue.before is not None and not cue.before.search(before):
            continue
        if cue.after is not None and not cue.after.match(after):
            continue
        return cue.predicate, cue.reverse
    return None


# A programme, service or institution and the regions it works in:
# "la VUPE Tacna", "implementado en las regiones de Arequipa, Ica y Loreto", "en la región Puno".
_IN_REGION = _cue(
    r"^\s*,?\s*(?:(?:que\s+)?(?:se\s+)?(?:implementad[oa]s?|implement[oó]|implementa|opera|funciona|ejecutad[oa]s?|"
    r"desarrollad[oa]s?|instalad[oa]s?|ubicad[oa]s?)\s+)?"
    r"en\s+(?:(?:la|las)\s+regi[oó]n(?:es)?\s+(?:de\s+)?|el\s+departamento\s+de\s+|los\s+departamentos\s+de\s+)?"
    r"(?:\x00\s*(?:,|y|e)\s*)*$"
)
_ADJACENT = re.compile(r"^[ \t]$")
# An office named by its acronym and a region right after it is that region's office ("OSEL Arequipa");
# a spelled-out name followed by a region is more often a heading or a table cell.
_ACRONYM = re.compile(r"[A-ZÁÉÍÓÚÑ]{3,8}")
# "… (la VUPE) … el Decreto Supremo N° 001-2012-TR que las crea": the norm creates what came before.
_CREATES_BEFORE = _cue(r"^\s*,?\s*que\s+(?:lo|la|los|las)\s+crea\b")
_MAX_GAP = 90


@dataclass(frozen=True)
class Mention:
    key: str
    type: str
    start: int  # document offsets
    end: int


def mentions_by_passage(facts: Facts, anaphora: Sequence[Anaphor] = ()) -> dict[str, list[Mention]]:
    """Named mentions per passage, with the phrases that refer back to the document's topic."""
    found: dict[str, list[Mention]] = defaultdict(list)
    for entity in facts.entities.values():
        if entity.type not in ("institution", "programme", "service", "region", "norm"):
            continue
        for mention in entity.mentions:
            found[mention.passage_id].append(Mention(entity.key, entity.type, mention.start, mention.end))
    for anaphor in anaphora:
        mentions = found[anaphor.passage_id]
        if not any(m.start < anaphor.end and anaphor.start < m.end for m in mentions):
            mentions.append(Mention(anaphor.key, anaphor.type, anaphor.start, anaphor.end))
    for mentions in found.values():
        mentions.sort(key=lambda m: (m.start, -m.end))
        # drop mentions nested in a longer one ("Puno" in "Gobierno Regional de Puno")
        kept: list[Mention] = []
        for mention in mentions:
            if kept and mention.end <= max(k.end for k in kept[-3:]) and mention.start >= kept[-1].start:
                continue
            kept.append(mention)
        mentions[:] = kept
    return found


def add_link(facts: Facts, seen: set, subject: str, predicate: str, obj: str, passage, start: int, end: int) -> None:
    if subject == obj or (subject, predicate, obj) in seen:
        return
    seen.add((subject, predicate, obj))
    facts.links.append(Link(subject, predicate, obj, span(passage, start, end)))  # type: ignore[arg-type]


def extract(document: Document, facts: Facts) -> None:
    """Add the links that sentences state between entities already found in them."""
    by_passage = mentions_by_passage(facts, anaphors(document, facts))
    seen = {(l.subject, l.predicate, l.object) for l in facts.links}
    for sentence in iter_sentences(document):
        passage = sentence.passage
        mentions = by_passage.get(passage.id)
        if not mentions:
            continue
        lo = passage.start + sentence.start
        hi = passage.start + sentence.end
        inside = [m for m in mentions if lo <= m.start and m.end <= hi]
        if len(inside) < 1:
            continue
        text = passage.text

        def rel(offset: int) -> int:
            return offset - passage.start

        # consecutive pairs: the cue must fill the gap between them
        for first, second in zip(inside, inside[1:]):
            between = text[rel(first.end) : rel(second.start)].replace("*", "")  # markdown bold around a name
            if len(between) > _MAX_GAP or first.key == second.key:
                continue
            framed = _framed(first, second, text[sentence.start : rel(first.start)], between, text[rel(second.end) : sentence.end])
            if framed is not None:
                predicate, reverse = framed
                subject, obj = (second.key, first.key) if reverse else (first.key, second.key)
                add_link(facts, seen, subject, predicate, obj, passage, rel(first.start), rel(second.end))
                continue
            for subject_types, object_types, cue, predicate, reverse in _BETWEEN:
                if first.type in subject_types and second.type in object_types and cue.search(between):
                    subject, obj = (second.key, first.key) if reverse else (first.key, second.key)
                    add_link(facts, seen, subject, predicate, obj, passage, rel(first.start), rel(second.end))
                    break
        # a named thing followed by one or more regions
        for index, first in enumerate(inside):
            if first.type not in ("programme", "service", "institution"):
                continue
            regions = []
            for second in inside[index + 1 :]:
                if second.type != "region":
                    break
                regions.append(second)
            if not regions:
                continue
            for n, region in enumerate(regions):
                between = text[rel(first.end) : rel(region.start)]
                for earlier in reversed(regions[:n]):
                    between = between[: rel(earlier.start) - rel(first.end)] + "\x00" + between[rel(earlier.end) - rel(first.end) :]
                if len(between) > _MAX_GAP * 2:
                    break
                adjacent = n == 0 and _ADJACENT.match(between) and (first.type != "institution" or _ACRONYM.fullmatch(text[rel(first.start) : rel(first.end)]))
                if adjacent or _IN_REGION.match(between):
                    add_link(facts, seen, first.key, "operatesIn", region.key, passage, rel(first.start), rel(region.end))
                else:
                    break
        # "… que las crea": the norm creates the nearest programme/service before it in the passage
        for norm in (m for m in inside if m.type == "norm"):
            after = text[rel(norm.end) : rel(norm.end) + 30]
            cue = _CREATES_BEFORE.match(after)
            if not cue:
                continue
            before = [m for m in mentions if m.end <= norm.start and m.type in ("programme", "service") and norm.start - m.end < 150]
            if before:
                subject = before[-1]
                add_link(facts, seen, subject.key, "createdBy", norm.key, passage, rel(subject.start), rel(norm.end) + cue.end())
