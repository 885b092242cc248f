"""The example SPARQL queries shipped in ``graph/queries``, with their titles in each language.

Each ``.rq`` file opens with comment lines ``# title@<lang>: …`` and
``# description@<lang>: …`` (one of each per language the pages speak); the query follows.
The files are written under the default base IRI; another base (QUIPU_BASE_IRI) is put in
place of it in their IRIs, so the examples ask about what the store holds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files

from quipu.core.iris import DEFAULT_BASE_IRI, normal_base

_FIELD = re.compile(r"#\s*(title|description)@([A-Za-z-]+):\s*(.*\S)\s*$")


@dataclass(frozen=True)
class ExampleQuery:
    """One shipped query: its file stem, its text, and its title and description per language."""

    name: str
    query: str
    titles: Mapping[str, str]
    descriptions: Mapping[str, str]

    def title(self, lang: str) -> str:
        """The title in ``lang``; else in English, else the file's name."""
        return self.titles.get(lang) or self.titles.get("en") or self.name

    def description(self, lang: str) -> str:
        """The description in ``lang``; else in English, else the title."""
        return self.descriptions.get(lang) or self.descriptions.get("en") or self.title(lang)


def parse_example(name: str, text: str) -> ExampleQuery:
    """The example named ``name`` whose file holds ``text`` (header comments, then the query)."""
    fields: dict[str, dict[str, str]] = {"title": {}, "description": {}}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if found := _FIELD.match(line):
            fields[found.group(1)][found.group(2).lower()] = found.group(3)
    return ExampleQuery(name, text, fields["title"], fields["description"])


def example_list(base: str = DEFAULT_BASE_IRI) -> list[ExampleQuery]:
    """The shipped examples, sorted by name, naming IRIs under ``base``."""
    folder = files("quipu.graph").joinpath("queries")
    found = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.endswith(".rq"):
            text = path.read_text(encoding="utf-8").replace(f"<{DEFAULT_BASE_IRI}", f"<{normal_base(base)}")
            found.append(parse_example(path.name[:-3], text))
    return found


__all__ = ["ExampleQuery", "example_list", "parse_example"]
