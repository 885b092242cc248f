"""The words of the web pages: one gettext catalog per language, read with Babel.

Every text the pages show is a message of ``locales/<lang>/LC_MESSAGES/quipu.po``, named
by an id: a template writes ``{{ t.search }}``, code reads ``catalog("en")["search"]``. The
names of entity types are the messages ``type.<name>``. Spanish is the default and the
reference: a language is added by adding its folder with every id that Spanish has
(``tests/web/test_helpers.py`` checks that each language has them all) and its own name as
``this_language``. The catalogs are read once, as ``.po`` text (nothing to compile).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

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


def catalog(lang: str) -> Catalog:
    """The catalog of ``lang``; Spanish for a language there is none of."""
    lang = lang if lang in LANGUAGES else DEFAULT
    return Catalog(lang, _read(lang))


def next_language(lang: str) -> str:
    """The language the switch on every page offers: the one after ``lang``, round the list."""
    return LANGUAGES[(LANGUAGES.index(lang) + 1) % len(LANGUAGES)] if lang in LANGUAGES else DEFAULT


__all__ = ["DEFAULT", "LANGUAGES", "Catalog", "catalog", "next_language"]
