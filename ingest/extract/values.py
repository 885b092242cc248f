"""Numbers as Peruvian documents print them, and what they mean.

:func:`parse_value` reads "1,314", "11,826,323.44", "9 000.00", "1.240", "51,6%",
"S/ 1 200" and "US$ 450,000": both separators present, the last is the decimal mark;
one kind only, a separator before exactly three digits groups thousands; spaces
always group thousands. The printed string is kept beside the parsed value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quipu.core.text import CURRENCY, NUMBER, parse_number


@dataclass(frozen=True)
class Value:
    """A number as printed and what it means."""

    raw: str
    value: float | None
    unit: str | None  # "percent", "PEN", "USD", "count" or None


_VALUE = re.compile(
    r"(?:(?:S/\.?|US\$|USD)\s*)?(?:" + NUMBER + r")(?:\s?%)?(?:\s+(?:nuevos\s+soles|soles|d[oó]lares))?",
    re.IGNORECASE,
)


def parse_value(raw: str, *, money: bool = False) -> Value | None:
    """A printed value: number, percentage or amount; None when ``raw`` is not one.

    ``money`` says the column holds amounts (a cost table), so a bare number is PEN.
    A point before three digits in a percentage is a decimal mark ("68.600%" is rare;
    "97.4%" is common), so percentages are read with the point as decimal.
    """
    raw = raw.strip()
    match = _VALUE.fullmatch(raw)
    if not match:
        return None
    is_percent = "%" in raw
    number_text = CURRENCY.sub("", raw).strip().rstrip("%").strip()
    number: float | None
    if is_percent and re.fullmatch(r"[-+]?\d+[.,]\d+", number_text):
        number = float(number_text.replace(",", "."))
    else:
        number = parse_number(number_text)
    if number is None:
        return None
    if is_percent:
        unit = "percent"
    elif re.search(r"S/|soles", raw, re.IGNORECASE) or money:
        unit = "PEN"
    elif re.search(r"US\$|USD|d[oó]lares", raw, re.IGNORECASE):
        unit = "USD"
    else:
        unit = None
    return Value(raw=raw, value=number, unit=unit)


# A value at the start of a cell ("44 Asistencias técnicas", "80% de ejecución",
# "51,6% (2009)"), with the year in brackets that dates it.
_LEADING_VALUE = re.compile(
    r"^(?P<raw>(?:S/\.?\s*)?(?:" + NUMBER + r")(?:\s?%)?)(?=$|[\s.;,)])(?:\s*\((?P<year>(?:19|20)\d{2})\))?"
)


def leading_value(cell: str) -> tuple[Value, str | None, int] | None:
    """The value a cell starts with, the year printed next to it, and its offset end."""
    match = _LEADING_VALUE.match(cell.strip())
    if not match:
        return None
    value = parse_value(match.group("raw"))
    if value is None:
        return None
    if value.unit is None and cell.strip() != match.group("raw"):
        value = Value(value.raw, value.value, "count")  # "08 Gobiernos Regionales"
    return value, match.group("year"), match.end("raw")
