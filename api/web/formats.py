"""Numbers, percentages, amounts of money and dates as a page's language writes them (Babel).

The locale is the page language's own (``es``: 26.428 and 68,5 %; ``en``: 26,428 and
68.5%), from Babel's CLDR data, so no separator is written by hand. A whole number prints
without a decimal part ("26428.0" is 26.428); other values keep up to three decimals.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent, is_currency

Number = int | float | Decimal
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|T)")
PERCENT = "percent"  # the unit name quipu.graph.facts.UNITS gives percentages


@cache
def locale_of(lang: str) -> Locale:
    """Babel's locale for a page language (``es``, ``en``)."""
    return Locale.parse(lang)


def number(value: Number, lang: str) -> str:
    """``value`` with the language's grouping and decimal signs, no spurious ``.0``."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_decimal(value, locale=locale_of(lang))


def percent(value: Number, lang: str) -> str:
    """A value in percentage points (68.5 means 68.5 %), up to two decimals."""
    fraction = Decimal(str(round(float(value), 2))) / 100
    return format_percent(fraction, locale=locale_of(lang), decimal_quantization=False)


def currency(value: Number, code: str, lang: str, symbol: str | None = None) -> str:
    """An amount of money in ``code`` (ISO 4217: PEN, USD), in the language's currency pattern.

    ``symbol`` replaces the locale's sign for the currency: Babel's Spanish and English
    write "PEN" where Peru writes "S/", which the vocabulary gives (qudt:symbol).
    """
    locale = locale_of(lang)
    if symbol is None:
        return format_currency(value, code, locale=locale)
    pattern = locale.currency_formats["standard"].pattern
    # A sign set right against the digits ("¤#,##0.00") is kept apart by a no-break space.
    sign = "'" + symbol.replace("'", "''") + "'"
    pattern = re.sub(r"¤(?=[#0])", lambda _: sign + "\u00a0", pattern).replace("¤", sign)
    return format_currency(value, code, locale=locale, format=pattern)


def quantity(value: Number | None, unit: str | None, lang: str, symbol: str | None = None) -> str:
    """A measured value in its unit: a percentage, an amount of money or a plain number."""
    if value is None:
        return ""
    if unit == PERCENT:
        return percent(value, lang)
    if unit and is_currency(unit):
        return currency(value, unit, lang, symbol)
    return number(value, lang)


def date(value: datetime.date | str | None, lang: str) -> str:
    """A date in the language's medium form ("5 mar 2024", "Mar 5, 2024"); a year, or any
    text that is not an ISO date, as written."""
    if value is None:
        return ""
    if isinstance(value, str):
        found = _ISO_DATE.match(value)
        if not found:
            return value
        try:
            value = datetime.date(*map(int, found.groups()))
        except ValueError:
            return found.group(0)
    return format_date(value, format="medium", locale=locale_of(lang))


__all__ = ["PERCENT", "currency", "date", "locale_of", "number", "percent", "quantity"]
