"""Codes of plan elements and the keys that keep two plans apart.

Plans number their elements with codes whose prefix says what they are, under
CEPLAN's guides and the logic-matrix convention:

| written | what | canonical |
|---|---|---|
| ``OEI.01``, ``OEI 1``, ``OEI N° 01`` | strategic objective | ``OEI.01`` |
| ``AEI.01.02``, ``AEI 1.2`` | strategic action, part of ``OEI.01`` | ``AEI.01.02`` |
| ``OE 2``, ``OES.02`` | specific objective of a plan | ``OE.02`` |
| ``AE 2.1`` | action of a plan, part of ``OE.02`` | ``AE.02.01`` |
| ``IND.01``, ``IND 3``, ``IP 1``, ``IC 2`` | indicator | ``IND.01``, ``IP.01`` … |
| ``AOI00015400049`` | operating activity | as written |
| ``AO 03`` | operating activity (CEPLAN's *actividad operativa*) | ``AO.03`` |
| ``IS-01``, ``SV 2`` (another prefix, in a code column) | indicator | ``IS.01`` |
| ``PP 0073`` | budget programme | ``PP.0073`` |
| ``C.1``, ``C1`` (in a code column) | component of a logic matrix | ``C.1`` |
| ``P1.2`` (in a code column) | product of result 1: an action, part of ``R.1`` | ``P.1.2`` |
| ``A.1.2``, ``A1.2`` (in a code column) | activity of a logic matrix, part of ``C.1`` | ``A.1.2`` |

Logic-matrix levels written out ("Componente 1", "Actividad 1.2", "Fin", "Propósito")
give the same canonical codes (:func:`tier_code`).

A code alone does not identify anything: every region's plan has an ``OEI.01``. Keys
are therefore scoped by the plan's owner and the plan (:func:`scoped_key`), e.g.
``objective/drtpe-ica/poi-2025/oei-01``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quipu.core.text import fold, slug
from quipu.ingest.facts import EntityType, Facts
from quipu.ingest.models import Document

_CODE = re.compile(
    r"^(?P<prefix>OEI|AEI|OES|AES|OE|AE|IND|IP|IC|IR|PP|AOI|AO)"
    r"(?:[ .\-_]?(?:N[°º]\.?\s*)?)(?P<numbers>\d{1,14}(?:[.\-]\d{1,3}){0,3})(?![\w/])",
    re.IGNORECASE,
)
# One-letter codes of a logic matrix, recognised only where a column holds codes.
_SHORT = re.compile(r"^(?P<prefix>[ACRP])[ .]?(?P<numbers>\d{1,2}(?:\.\d{1,2}){0,2})(?![\w/])")
_SHORT_TYPES: dict[str, EntityType] = {"A": "activity", "C": "objective", "R": "objective", "P": "objective"}
# Any other short prefix in a code column: a plan's own indicator codes ("IS-01", "SV 2").
_OTHER = re.compile(r"^(?P<prefix>[A-Z]{2,4})[ .\-_]?(?P<numbers>\d{1,3}(?:[.\-]\d{1,3}){0,2})(?![\w/.\-])")
_TIER = re.compile(
    r"^(?P<tier>Fin|Prop[óo]sito|Objetivo\s+general|Objetivo\s+espec[íi]fico|Componente|Resultado|Producto|Actividad)"
    r"(?:\s+(?:N[°º]\s*)?(?P<n>\d{1,2}(?:\.\d{1,2}){0,2}))?\b\s*[:.\-–]?\s*",
    re.IGNORECASE,
)
_TIER_PREFIX = {"componente": "C", "resultado": "R", "producto": "P", "actividad": "A", "objetivo especifico": "OE"}
_TYPES: dict[str, EntityType] = {
    "OEI": "objective", "OE": "objective", "OES": "objective",
    "AEI": "action", "AE": "action", "AES": "action",
    "IND": "indicator", "IP": "indicator", "IC": "indicator", "IR": "indicator",
    "PP": "programme", "AOI": "activity", "AO": "activity",
}
_PARENT = {"AEI": "OEI", "AE": "OE", "AES": "OE"}


@dataclass(frozen=True)
class Code:
    """A parsed code: the type of element it numbers, its canonical form and its parent's."""

    type: EntityType
    canonical: str
    parent: str | None
    written: str

    @property
    def slug(self) -> str:
        return slug(self.canonical)


def parse_code(text: str, *, short: bool = False) -> Code | None:
    """The code ``text`` starts with, or None; ``short`` also admits the one-letter codes
    of a logic matrix ("A.1.2"), which only a code column makes unambiguous."""
    match = _CODE.match(text.strip())
    if not match:
        if short:
            found = _SHORT.match(text.strip())
            if found:
                prefix, numbers = found.group("prefix"), found.group("numbers").split(".")
                parent = f"C.{numbers[0]}" if prefix == "A" and len(numbers) > 1 else f"R.{numbers[0]}" if prefix == "P" and len(numbers) > 1 else None
                # "P1.2": a product of result 1, an action (a bare "P1" stays an objective of the matrix)
                type_: EntityType = "action" if prefix == "P" and len(numbers) > 1 else _SHORT_TYPES[prefix]
                return Code(type_, f"{prefix}." + ".".join(str(int(n)) for n in numbers), parent, found.group(0))
            other = _OTHER.match(text.strip())
            if other:
                numbers = re.split(r"[.\-]", other.group("numbers"))
                return Code("indicator", other.group("prefix") + "".join(f".{int(n):02d}" for n in numbers), None, other.group(0))
        return None
    prefix = match.group("prefix").upper()
    if prefix == "OES":
        prefix = "OE"
    if prefix == "AES":
        prefix = "AE"
    numbers = [int(n) for n in re.split(r"[.\-]", match.group("numbers"))]
    if prefix == "AOI":
        canonical = "AOI" + match.group("numbers")
    elif prefix == "PP":
        canonical = f"PP.{numbers[0]:04d}"
    elif prefix in {"AEI", "AE"} and len(numbers) < 2:
        return None  # an action's code names its objective too
    elif prefix in {"OEI", "OE"} and len(numbers) > 1:
        return None
    else:
        canonical = prefix + "".join(f".{n:02d}" for n in numbers)
    parent = None
    if prefix in _PARENT:
        parent = f"{_PARENT[prefix]}.{numbers[0]:02d}"
    return Code(_TYPES[prefix], canonical, parent, match.group(0))


def tier_code(text: str) -> tuple[Code, str] | None:
    """The element a logic-matrix level names ("Componente 2" → ``C.2``, an objective;
    "Actividad 2.1" → ``A.2.1``, an activity part of ``C.2``; "Producto 1.2" → ``P.1.2``, an
    action part of the result ``R.1``; "Fin", "Propósito" → objectives) and the rest of
    ``text`` after it."""
    match = _TIER.match(text.strip())
    if not match:
        return None
    tier = fold(re.sub(r"\s+", " ", match.group("tier")))
    number = match.group("n")
    rest = text.strip()[match.end() :]
    # A results chain: a product ("Producto 1.2") is what a result ("Resultado 1") is reached
    # through, as an action is of an objective.
    type_: EntityType = "activity" if tier == "actividad" else "action" if tier == "producto" else "objective"
    if number is None:
        if tier in ("fin", "proposito", "objetivo general"):
            return Code("objective", tier.upper().replace(" ", "-"), None, match.group(0).strip(" :.-–")), rest
        return None
    numbers = [str(int(n)) for n in number.split(".")]
    prefix = _TIER_PREFIX.get(tier, tier[:1].upper())
    parent = f"C.{numbers[0]}" if prefix == "A" and len(numbers) > 1 else None
    if prefix == "OE":
        return Code(type_, f"OE.{int(numbers[0]):02d}", None, match.group(0).strip(" :.-–")), rest
    return Code(type_, f"{prefix}." + ".".join(numbers), parent, match.group(0).strip(" :.-–")), rest


def code_forms(code: Code) -> set[str]:
    """Other ways the same code is written ("OEI.01" → "OEI 1", "OEI.1", "OEI 01")."""
    prefix, *numbers = code.canonical.split(".")
    if not numbers or prefix.startswith("AOI") or len(prefix) == 1:
        return {code.written, code.canonical}
    bare = [str(int(n)) for n in numbers]
    return {code.written, code.canonical, f"{prefix} {'.'.join(bare)}", f"{prefix}.{'.'.join(bare)}", f"{prefix} {'.'.join(numbers)}"}


# ----------------------------------------------------------------------------- scope

_OWNER_HEAD = re.compile(
    r"^(?:Ministerio|Gobierno\s+Regional|Direcci[oó]n\s+Regional|Gerencia\s+Regional|Municipalidad|Programa\s+Nacional|"
    r"Superintendencia|Instituto\s+Nacional|Servicio\s+Nacional)\b",
    re.IGNORECASE,
)


def _entity_slug(key: str) -> str:
    return key.split("/", 1)[1]


def owner_of(document: Document, facts: Facts) -> str:
    """Whose plan this document is: the publisher the manifest names, else the first
    ministry, regional government or directorate the document mentions, else the document."""
    institutions = [e for e in facts.entities.values() if e.type == "institution"]
    for publisher in document.meta.publisher:
        wanted = fold(publisher)
        for entity in institutions:
            if wanted in {fold(entity.label), *(fold(a) for a in entity.alt_labels)}:
                return _entity_slug(entity.key)
        return slug(publisher)[:40]
    first: tuple[int, str] | None = None
    for entity in institutions:
        if not entity.mentions:
            continue
        names = [entity.label, *entity.alt_labels]
        if not any(_OWNER_HEAD.match(n) for n in names) and not re.search(r"/(?:drtpe|grtpe|gr)-", entity.key):
            continue
        at = min(m.start for m in entity.mentions)
        if first is None or at < first[0]:
            first = (at, _entity_slug(entity.key))
    return first[1] if first else slug(document.id)


def plan_of(document: Document, facts: Facts) -> str:
    """Which plan: the plan the document names most often (not a version), else the document."""
    plans = [e for e in facts.entities.values() if e.type == "plan" and not re.search(r"-v\d+$", e.key)]
    if plans:
        best = max(plans, key=lambda e: (len(e.mentions), -min((m.start for m in e.mentions), default=0)))
        return _entity_slug(best.key)
    return slug(document.id)


def document_scope(document: Document, facts: Facts) -> str:
    """``owner/plan``, computed once per document and kept on the facts."""
    cached = facts.__dict__.get("_scope")
    if cached is None:
        cached = facts.__dict__["_scope"] = f"{owner_of(document, facts)}/{plan_of(document, facts)}"
    return cached


def scoped_key(type_: str, scope: str, name: str) -> str:
    """``<type>/<owner>/<plan>/<slug>``: a code or name that means something only inside its plan."""
    return f"{type_}/{scope}/{slug(name)}"
