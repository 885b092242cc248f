"""Indicator cards: an indicator described field by field, one field per line.

Evaluation reports and logical frameworks describe each indicator as a small card::

    Segundo indicador de Componente: IC 2
    Definición  % de jóvenes capacitados que consiguen un empleo formal antes
    de seis meses
    Cálculo  Jóvenes con empleo formal … / Jóvenes que terminan el curso …
    Meta  40%

The name follows "Definición" (wrapped over lines until the next field), the code is the
one the heading line ends with ("IC 2"), and "Meta" / "Línea de base" give the target and
the baseline. A card whose name does not read as an indicator is skipped.
"""

from __future__ import annotations

import re

from quipu.core.text import NUMBER, Line, slug, text_lines
from quipu.ingest.facts import Facts, Observation, ObservationKind
from quipu.ingest.models import Document
from quipu.ingest.table import INDICATOR_START as _INDICATOR_START

from .prose import coded_key
from .record import add_mention, add_observation, document_span, label_of, parsed_value_any_period
from .values import parse_value

_DEFINITION = re.compile(r"^Definici[oó]n\s*:?\s+(?P<name>\S.*)$")
_FIELD = re.compile(r"^(?:Definici[oó]n|C[aá]lculo|F[oó]rmula|Meta|Fuente|Unidad\s+de\s+medida|L[ií]nea\s+de\s+base|Frecuencia)\b", re.IGNORECASE)
_VALUES: dict[ObservationKind, re.Pattern[str]] = {
    "target": re.compile(r"^Meta\s*:?\s+(?P<raw>(?:" + NUMBER + r")\s?%?)\s*$"),
    "baseline": re.compile(r"^L[ií]nea\s+de\s+base\s*:?\s+(?P<raw>(?:" + NUMBER + r")\s?%?)\s*$", re.IGNORECASE),
}
_HEADING_CODE = re.compile(r"\bindicador\b.*?\b(?P<code>I[A-Z]{0,2})\s?(?P<n>\d{1,2})\s*$", re.IGNORECASE)
_LOOK_BACK = 4  # non-blank lines between the heading and "Definición"
_CARD_LINES = 20  # how far a card's fields reach


def _name(lines: list[Line], index: int, first: str) -> tuple[str, int]:
    """The name wrapped from line ``index``; returns it and the index of its last line."""
    parts, last = [first], index
    for following in range(index + 1, min(index + 6, len(lines))):
        text = lines[following].text
        if not text or _FIELD.match(text):
            break
        parts.append(text)
        last = following
    return label_of(" ".join(parts)), last


def _code(lines: list[Line], index: int) -> tuple[str, str] | None:
    """The code the card's heading line ends with ("… indicador de Componente: IC 2")."""
    seen = 0
    for back in range(index - 1, max(index - 12, -1), -1):
        text = lines[back].text
        if not text:
            continue
        found = _HEADING_CODE.search(text)
        if found:
            return found.group("code").upper(), str(int(found.group("n")))
        seen += 1
        if seen >= _LOOK_BACK:
            break
    return None


def extract(document: Document, facts: Facts) -> None:
    """Add the indicators described as cards, with their target and baseline."""
    lines = text_lines(document.text)
    for index, line in enumerate(lines):
        match = _DEFINITION.match(line.text)
        if not match or not _INDICATOR_START.match(match.group("name")):
            continue
        name, last = _name(lines, index, match.group("name"))
        code = _code(lines, index)
        if code:
            key, label = coded_key(*code), f"{code[0]} {code[1]}: {name}"
        else:
            key, label = "indicator/" + slug(name), name
        indicator = facts.entity(key, "indicator", label)
        if code:
            indicator.alt_labels.update({f"{code[0]} {code[1]}", f"{code[0]}{code[1]}"} - {indicator.label})
        add_mention(indicator, document_span(document, line.start, lines[last].end))
        for following in lines[last + 1 : last + _CARD_LINES]:
            if _DEFINITION.match(following.text):
                break
            for kind, pattern in _VALUES.items():
                found = pattern.match(following.text)
                value = parse_value(found.group("raw")) if found else None
                if found is None or value is None:
                    continue
                # A value the text stated already is not stated again ("IC 3: 7 …" and "Meta 07").
                add_observation(
                    facts,
                    Observation(indicator=key, kind=kind, raw=found.group("raw").strip(),
                                evidence=document_span(document, following.start, following.end),
                                value=value.value, unit=value.unit or ("percent" if "%" in name[:2] else "count")),
                    also_same=parsed_value_any_period,
                )
