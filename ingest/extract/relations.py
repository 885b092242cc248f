"""Links between entities mentioned in the same sentence, read from the words between them.

Runs last: it reads the mentions the other extractors added. Two mentions are linked only
when the words between them (or, for a few cues, right after the second) are a cue for the
link and nothing else of substance, so precision comes before recall. The evidence span
runs from the first to the last of (mention, cue, mention).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from quipu.ingest.facts import Facts, Link
from quipu.ingest.models import Document

from .spans import iter_sentences, span

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
            r"^\s*,?\s*(?:que|mediante\s+el\s+cual|por\s+el\s+cual)?\s*(?:se\s+)?(?:dispone\s+)?(?:crea|creó|crear|cre[oó])"
            r"(?:\s+e\s+implementar)?(?:\s+a\s+nivel\s+nacional)?" + _ART + r"\s*[\"“]?\s*$"
        ),
        "createdBy",
        True,
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

# A programme, service or institution and the regions it works in:
# "la VUPE Tacna", "implementado en las regiones de Arequipa, Ica y Loreto", "en la región Puno".
_IN_REGION = _cue(
    r"^\s*,?\s*(?:(?:que\s+)?(?:se\s+)?(?:implementad[oa]s?|implement[oó]|implementa|opera|funciona|ejecutad[oa]s?|"
    r"desarrollad[oa]s?|instalad[oa]s?|ubicad[oa]s?)\s+)?"
    r"en\s+(?:(?:la|las)\s+regi[oó]n(?:es)?\s+(?:de\s+)?|el\s+departamento\s+de\s+|los\s+departamentos\s+de\s+)?"
    r"(?:\x00\s*(?:,|y|e)\s*)*$"
)
_ADJACENT = re.compile(r"^[ \t]$")
# "… (la VUPE) … el Decreto Supremo N° 001-2012-TR que las crea": the norm creates what came before.
_CREATES_BEFORE = _cue(r"^\s*,?\s*que\s+(?:lo|la|los|las)\s+crea\b")
_MAX_GAP = 90


@dataclass(frozen=True)
class _Mention:
    key: str
    type: str
    start: int  # document offsets
    end: int


def _mentions_by_passage(facts: Facts) -> dict[str, list[_Mention]]:
    found: dict[str, list[_Mention]] = defaultdict(list)
    for entity in facts.entities.values():
        if entity.type not in ("institution", "programme", "service", "region", "norm"):
            continue
        for mention in entity.mentions:
            found[mention.passage_id].append(_Mention(entity.key, entity.type, mention.start, mention.end))
    for mentions in found.values():
        mentions.sort(key=lambda m: (m.start, -m.end))
        # drop mentions nested in a longer one ("Puno" in "Gobierno Regional de Puno")
        kept: list[_Mention] = []
        for mention in mentions:
            if kept and mention.end <= max(k.end for k in kept[-3:]) and mention.start >= kept[-1].start:
                continue
            kept.append(mention)
        mentions[:] = kept
    return found


def _add(facts: Facts, seen: set, subject: str, predicate: str, obj: str, passage, start: int, end: int) -> None:
    if subject == obj or (subject, predicate, obj) in seen:
        return
    seen.add((subject, predicate, obj))
    facts.links.append(Link(subject, predicate, obj, span(passage, start, end)))  # type: ignore[arg-type]


def extract(document: Document, facts: Facts) -> None:
    """Add the links that sentences state between entities already found in them."""
    by_passage = _mentions_by_passage(facts)
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
            between = text[rel(first.end) : rel(second.start)]
            if len(between) > _MAX_GAP or first.key == second.key:
                continue
            for subject_types, object_types, cue, predicate, reverse in _BETWEEN:
                if first.type in subject_types and second.type in object_types and cue.search(between):
                    subject, obj = (second.key, first.key) if reverse else (first.key, second.key)
                    _add(facts, seen, subject, predicate, obj, passage, rel(first.start), rel(second.end))
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
                if (n == 0 and _ADJACENT.match(between) and first.type != "institution") or _IN_REGION.match(between):
                    _add(facts, seen, first.key, "operatesIn", region.key, passage, rel(first.start), rel(region.end))
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
                _add(facts, seen, subject.key, "createdBy", norm.key, passage, rel(subject.start), rel(norm.end) + cue.end())
