"""The words of the web pages: one gettext catalog per language, read with Babel.

Every text the pages show is a message of ``locales/<lang>/LC_MESSAGES/quipu.po``, named
by an id: a template writes ``{{ t.search }}``, code reads ``catalog("en")["search"]``. The
names of entity types are the messages ``type.<name>``. Spanish is the default and the
reference: a language is added by adding its folder with every id that Spanish has
(``tests/web/test_helpers.py`` checks that each language has them all) and its own name as
``this_language``. The catalogs are read once, as ``.po`` text (nothing to compile).

A catalog also writes numbers, percentages, money and dates the way its language does
(``catalog("es").number(26428.0)`` is "26.428"), through :mod:`.formats`; templates reach
them as the filters ``number``, ``percent``, ``quantity`` and ``date`` (:mod:`.renderer`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from .formats import Number
from .formats import currency as _currency
from .formats import date as _date
from .formats import number as _number
from .formats import percent as _percent
from .formats import quantity as _quantity

LOCALES = Path(__file__).resolve().parent / "locales"
DEFAULT = "es"
TYPE_PREFIX = "type."


@cache
def _read(lang: str) -> dict[str, str]:
    with (LOCALES / lang / "LC_MESSAGES" / "quipu.po").open("rb") as po:
        return {str(m.id): str(m.string) for m in read_po(po, locale=lang) if m.id and m.string}


LANGUAGES: tuple[str, ...] = (DEFAULT,) + tuple(
    sorted(p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES" / "quipu.po").exists() and p.name != DEFAULT)
)


@dataclass(frozen=True)
class Catalog:
    """The messages of one language, and the names it gives the entity types."""

    lang: str
    messages: Mapping[str, str]

    def __getitem__(self, message_id: str) -> str:
        return self.messages[message_id]

    def type_name(self, name: str | None) -> str:
        """How this language names an entity type; the type itself when it has no name for it."""
        return self.messages.get(TYPE_PREFIX + (name or ""), name or "")

    # How this language writes numbers, percentages, money and dates (Babel; see formats.py).

    def number(self, value: Number) -> str:
        """``value`` as this language writes it: 26.428 (es), 26,428 (en); no spurious ``.0``."""
        return _number(value, self.lang)

    def percent(self, value: Number) -> str:
        """A value in percentage points (68.5 → 68,5 % / 68.5%)."""
        return _percent(value, self.lang)

    def currency(self, value: Number, code: str, symbol: str | None = None) -> str:
        """An amount in ``code`` (PEN, USD), with ``symbol`` ("S/") for the currency's sign when given."""
        return _currency(value, code, self.lang, symbol)

    def quantity(self, value: Number | None, unit: str | None, symbol: str | None = None) -> str:
        """A measured value in its unit (percent, PEN, USD, count …); empty for None."""
        return _quantity(value, unit, self.lang, symbol)

    def date(self, value: datetime.date | str | None) -> str:
        """A date in this language's medium form; a year or other text as written."""
        return _date(value, self.lang)


def catalog(lang: str) -> Catalog:
    """The catalog of ``lang``; Spanish for a language there is none of."""
    lang = lang if lang in LANGUAGES else DEFAULT
    return Catalog(lang, _read(lang))


def next_language(lang: str) -> str:
    """The language the switch on every page offers: the one after ``lang``, round the list."""
    return LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)] if lang in LANGUAGES else DEFAULT


__all__ = ["DEFAULT", "LANGUAGES", "Catalog", "catalog", "next_language"]
