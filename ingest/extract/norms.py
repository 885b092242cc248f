"""Norm citations in all their written forms, parsed into one canonical identifier each.

``Decreto Supremo N° 006-2018-TR``, ``D.S. Nº 06-2018-TR`` and ``DS 006-2018-TR`` are
the same norm, ``DS-6-2018-TR``. The canonical id is ``TYPE-number[-year][-issuer]``
with the number stripped of leading zeros and the issuer suffix upper-cased. The English
names of the types ("Supreme Decree No. 006-2018-TR", "Law No. 27783") are read too, so a
question or a translated report that cites a norm in English names the same norm.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from quipu.ingest.facts import Facts, Link, rule
from quipu.ingest.models import Document

from .record import add_cited_link, add_mention
from .spans import iter_sentences, span

# Type code -> (pattern of its written forms, Spanish name used in canonical labels).
# Order matters: longer names first, so "Resolución Ministerial" is not read as a bare
# "Resolución".
NORM_TYPES: dict[str, tuple[str, str]] = {
    "RPCD": (r"resoluci[oó]n\s+de\s+presidencia\s+(?:de(?:l)?\s+)?consejo\s+directivo", "Resolución de Presidencia de Consejo Directivo"),
    "RSD": (r"resoluci[oó]n\s+de\s+(?:la\s+)?secretar[ií]a\s+de\s+descentralizaci[oó]n", "Resolución de Secretaría de Descentralización"),
    "RSG": (r"resoluci[oó]n\s+(?:de(?:l)?\s+)?secretar(?:[ií]a|io)\s+general|secretary[\s-]general(?:'s)?\s+resolution|r\.\s?s\.\s?g\.|\bRSG\b", "Resolución de Secretaría General"),
    "RVM": (r"resoluci[oó]n\s+vice\s?-?ministerial|vice\s?-?ministerial\s+resolution|r\.\s?v\.\s?m\.|\bRVM\b", "Resolución Viceministerial"),
    "RER": (r"resoluci[oó]n\s+ejecutiva\s+regional|regional\s+executive\s+resolution|r\.\s?e\.\s?r\.|\bRER\b", "Resolución Ejecutiva Regional"),
    "RD": (r"resoluci[oó]n\s+directoral(?:\s+general|\s+regional)?|(?:regional\s+)?director(?:i)?al\s+resolution|r\.\s?d\.\s?(?:r\.|g\.)?|\bRDR?\b", "Resolución Directoral"),
    "RM": (r"resoluci[oó]n\s+ministerial|ministerial\s+resolution|\bR\.\s?M\b\.?|\bRM\b", "Resolución Ministerial"),
    "DL": (r"decreto\s+legislativo|legislative\s+decree|d\.\s?leg\.?|\bD\.\s?L\.|\bDL\b", "Decreto Legislativo"),
    "DU": (r"decreto\s+de\s+urgencia|(?:emergency|urgency)\s+decree|d\.\s?u\.|\bDU\b", "Decreto de Urgencia"),
    "DS": (r"decreto\s+supremo|supreme\s+decree|d\.\s?s\.|\bDS\b", "Decreto Supremo"),
    "RPE": (r"resoluci[oó]n\s+de\s+presidencia\s+ejecutiva", "Resolución de Presidencia Ejecutiva"),
    "RS": (r"resoluci[oó]n\s+suprema|supreme\s+resolution|\bR\.\s?S\.", "Resolución Suprema"),
    "RJ": (r"resoluci[oó]n\s+jefatural|\bR\.\s?J\.", "Resolución Jefatural"),
    "OR": (r"ordenanza\s+regional|regional\s+ordinance|\bO\.\s?R\.", "Ordenanza Regional"),
    "OM": (r"ordenanza\s+municipal|municipal\s+ordinance|\bO\.\s?M\.", "Ordenanza Municipal"),
    # The norms of a municipality (Ley Orgánica de Municipalidades, art. 39) and of a regional
    # government (Ley Orgánica de Gobiernos Regionales, art. 37) besides their ordinances.
    "RA": (r"resoluci[oó]n\s+de\s+alcald[ií]a|mayoral\s+resolution", "Resolución de Alcaldía"),
    "DA": (r"decreto\s+de\s+alcald[ií]a|mayoral\s+decree", "Decreto de Alcaldía"),
    "ACR": (r"acuerdo\s+(?:de(?:l)?\s+)?consejo\s+regional|regional\s+council\s+agreement", "Acuerdo de Consejo Regional"),
    "AC": (r"acuerdo\s+de(?:l)?\s+concejo(?:\s+municipal)?|(?:municipal\s+)?council\s+agreement", "Acuerdo de Concejo"),
    "DR": (r"decreto\s+regional|regional\s+decree", "Decreto Regional"),
    "DIR": (r"directiva(?:\s+general|\s+regional)?|(?:general\s+|regional\s+)?directive", "Directiva"),
    "LEY": (r"\bley(?:es)?|\blaws?", "Ley"),
}
# Types whose number stands alone (a law carries a national number, no year).
UNDATED = {"LEY", "DL"}

_NUMBER_SIGN = r"(?:\s*(?:N\s?[°º˚o]\.?|Nro\.?|n[uú]mero|No\.)\s*|\s+)"
# An issuer's parts are joined by hyphens or slashes, or by dots with no space ("CR/GOB.REG.TACNA").
# A part may also follow a single space when a hyphen or slash comes right after it, as a
# region's issuers write theirs ("GR CUSCO/DRTPE", "GOB.REG HVCA/CR").
_ISSUER = r"[A-Z][A-Z0-9]*(?:\s?[-/]\s?[A-Z0-9]+|\.[A-Z][A-Z0-9]*| [A-Z]{2,}(?=[-/][A-Z]))*"
_CITATION = re.compile(
    r"(?P<type>" + "|".join(f"(?i:{pattern})" for pattern, _ in NORM_TYPES.values()) + r")"
    + _NUMBER_SIGN
    + r"(?P<number>\d{1,6})"
    + r"(?:\s?-\s?(?P<year>(?:19|20)\d{2}))?"
    # the issuer after a hyphen or slash, or after a dot that joins it to the year ("2011.MTPE/3")
    + r"(?:(?:\s?[-/]\s?|\.(?=[A-Z]{2}))(?P<issuer>" + _ISSUER + r"))?"
)
_TYPE_MATCHERS = [(code, re.compile(pattern, re.IGNORECASE)) for code, (pattern, _) in NORM_TYPES.items()]


@dataclass(frozen=True)
class NormCitation:
    """One written citation of a norm and what it means."""

    type: str  # a key of NORM_TYPES
    number: str  # without leading zeros
    year: int | None
    issuer: str | None  # sector or issuing body suffix, e.g. "TR", "SUNAFIL/GG", "GRJ/DRTPE"
    start: int
    end: int
    text: str  # as written

    @property
    def id(self) -> str:
        """Canonical id, e.g. ``DS-6-2018-TR`` or ``LEY-28806``."""
        parts = [self.type, self.number]
        if self.year is not None:
            parts.append(str(self.year))
        if self.issuer:
            parts.append(self.issuer)
        return "-".join(parts)

    @property
    def key(self) -> str:
        """Entity key: ``norm/`` and the id lower-cased, with ``/`` and ``.`` as ``-``."""
        return "norm/" + self.id.lower().replace("/", "-").replace(".", "-")

    @property
    def label(self) -> str:
        """Canonical Spanish label, e.g. ``Decreto Supremo N° 006-2018-TR``."""
        name = NORM_TYPES[self.type][1]
        if self.year is None:
            return f"{name} N° {self.number}" + (f"-{self.issuer}" if self.issuer else "")
        number = self.number.zfill(3)
        tail = f"-{self.issuer}" if self.issuer else ""
        return f"{name} N° {number}-{self.year}{tail}"


def _type_of(written: str) -> str:
    for code, matcher in _TYPE_MATCHERS:
        if matcher.fullmatch(written.strip()):
            return code
    raise ValueError(written)  # unreachable: the citation regex only matches known types


def _clean_issuer(issuer: str | None) -> str | None:
    if not issuer:
        return None
    issuer = re.sub(r"\s*([-/])\s*", r"\1", issuer)
    issuer = re.sub(r"\s+", "-", issuer).strip("-/")
    return issuer or None


def find_norms(text: str) -> Iterator[NormCitation]:
    """Every norm citation in ``text``, in order of appearance."""
    for match in _CITATION.finditer(text):
        code = _type_of(match.group("type"))
        year = int(match.group("year")) if match.group("year") else None
        issuer = _clean_issuer(match.group("issuer"))
        end = match.end()
        if code in UNDATED:
            # "Ley N° 28806-TR" does not exist; a year after a law number is a date, not part of it.
            if len(match.group("number")) < 3:
                continue
            year, issuer = None, None
            end = match.end("number")
        elif year is None and not (issuer and re.search(r"[A-Z]{2}", issuer)):
            continue  # "Resolución 5" alone is too ambiguous; "Ordenanza Regional N° 48-GRA/CR" is not
        yield NormCitation(
            type=code,
            number=str(int(match.group("number"))),
            year=year,
            issuer=issuer,
            start=match.start(),
            end=end,
            text=text[match.start() : end],
        )


# What may stand between two citations for the link to hold: only the linking words.
_APPROVED_BY = re.compile(
    r"^[\s,]*(?:que\s+)?(?:fue\s+|es\s+)?(?:aprobad[oa]s?|formalizad[oa]s?|oficializad[oa]s?)\s+(?:por|mediante|con)(?:\s+(?:el|la|los|las))?\s*$",
    re.IGNORECASE,
)
# "R.M. N° 212-2021-TR, que formaliza la Directiva …": the second is approved by the first.
_APPROVES = re.compile(
    r"^[\s,*]*(?:que\s+)?(?:aprueba|aprobó|formaliza|oficializa)(?:\s+(?:el|la|los|las))?\s*$", re.IGNORECASE
)
# "…, aprobada mediante R.D. N° …" right before a citation: what is approved may stand further back.
_APPROVED_BY_TAIL = re.compile(r"(?:aprobad[oa]s?|formalizad[oa]s?)\s+(?:por|mediante|con)(?:\s+(?:el|la))?\s*$", re.IGNORECASE)
_AMENDS = re.compile(
    r"^[\s,]*(?:(?:ley|decreto\s+supremo|norma)\s+)?que\s+(?:modifica|adec[uú]a|sustituye)(?:\s+(?:el|la|los|las))?\s*$",
    re.IGNORECASE,
)
_AMENDED_BY = re.compile(
    r"^[\s,]*(?:modificad[oa]s?|adecuad[oa]s?|sustituid[oa]s?)\s+(?:por|mediante|con)(?:\s+(?:el|la|los|las))?\s*$",
    re.IGNORECASE,
)


# The rules of norm-to-norm links read between two citations of a sentence (qp:extractionRule).
APPROVED_BY_RULE = rule("norms/approved-by")
APPROVES_RULE = rule("norms/approves")
AMENDS_RULE = rule("norms/amends")
AMENDED_BY_RULE = rule("norms/amended-by")


def extract(document: Document, facts: Facts) -> None:
    """Add every norm cited in the document, with its mentions and norm-to-norm links."""
    for sentence in iter_sentences(document):
        text = sentence.text
        cited = list(find_norms(text))
        for citation in cited:
            entity = facts.entity(citation.key, "norm", citation.label)
            entity.alt_labels.add(citation.text.replace("\n", " "))
            entity.attributes.update(
                {"id_local": citation.id, "norm_type": citation.type, "number": citation.number}
            )
            if citation.year is not None:
                entity.attributes["year"] = citation.year
            if citation.issuer:
                entity.attributes["issuer"] = citation.issuer
            add_mention(entity, span(sentence.passage, sentence.start + citation.start, sentence.start + citation.end))
        for first, second in zip(cited, cited[1:]):
            if first.key == second.key:
                continue
            between = text[first.end : second.start]
            evidence = span(sentence.passage, sentence.start + first.start, sentence.start + second.end)
            directive = next((c for c in reversed(cited[: cited.index(second)]) if c.type == "DIR"), None)
            if (_APPROVED_BY.match(between) or _APPROVED_BY_TAIL.search(between)) and directive is not None:
                # "Directiva N° 3-2024, <title citing other norms>, aprobada mediante R.D. …": a directive
                # earlier in the sentence is what the approval is about.
                if directive.key != second.key and len(text[directive.end : second.start]) < 400:
                    where = span(sentence.passage, sentence.start + directive.start, sentence.start + second.end)
                    add_cited_link(facts, Link(directive.key, "approvedBy", second.key, where, rule=APPROVED_BY_RULE))
            elif _APPROVED_BY.match(between):
                # "Decreto Supremo N° 1-2024, aprobado por …": the first is approved by the second.
                add_cited_link(facts, Link(first.key, "approvedBy", second.key, evidence, rule=APPROVED_BY_RULE))
            elif _APPROVES.match(between):
                add_cited_link(facts, Link(second.key, "approvedBy", first.key, evidence, rule=APPROVES_RULE))
            elif _AMENDS.match(between):
                add_cited_link(facts, Link(first.key, "amends", second.key, evidence, rule=AMENDS_RULE))
            elif _AMENDED_BY.match(between):
                add_cited_link(facts, Link(second.key, "amends", first.key, evidence, rule=AMENDED_BY_RULE))
