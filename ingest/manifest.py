"""Document metadata: ``manifest.toml`` in a folder, or a guess from the text.

A folder may hold a ``manifest.toml`` with one ``[[document]]`` table per file::

    [[document]]
    file = "informe.pdf"          # required: the file name inside the folder
    title = "Informe de evaluación"
    publisher = ["MTPE", "OIT"]   # a string or a list of strings
    year = 2013
    type = "informe de evaluación"
    language = "es"
    regions = ["Puno"]            # the regions it is about: keys, labels or acronyms
    subjects = ["Bolsa de Trabajo", "MTPE"]  # the entities it is about, of any type

Every field but ``file`` is optional, and a document without an entry is still read.
``regions`` and ``subjects`` name what the document is *about*, so that a search filtered
by one of them finds every passage of the document, also those that never name it. Each
value is resolved like a search filter value (an entity key such as ``region/puno``, a
label or an acronym) when the document is extracted. Left out, they are found by
extraction (:mod:`quipu.ingest.extract.subjects`); an empty list says "none".
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from quipu.core.errors import DocumentError

from .models import DocumentMeta

MANIFEST_NAME = "manifest.toml"


def load_manifest(folder: Path) -> dict[str, DocumentMeta]:
    """Metadata of the documents in ``folder`` keyed by file name; {} without a manifest."""
    path = Path(folder) / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError(path, f"not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(path, f"cannot read manifest: {exc}") from None
    entries = data.get("document", [])
    if not isinstance(entries, list):
        raise DocumentError(path, "'document' must be an array of tables: write [[document]]")
    metas: dict[str, DocumentMeta] = {}
    for number, entry in enumerate(entries, 1):
        where = f"[[document]] number {number}"
        if not isinstance(entry, dict):
            raise DocumentError(path, f"{where} is not a table")
        name = entry.get("file")
        if not isinstance(name, str) or not name.strip():
            raise DocumentError(path, f"{where} has no 'file' (the document's file name)")
        if name in metas:
            raise DocumentError(path, f"{where}: {name!r} is described twice")
        metas[name] = _meta(entry, path, f"{where} ({name})")
    return metas


def _meta(entry: dict, path: Path, where: str) -> DocumentMeta:
    def text(key: str) -> str | None:
        value = entry.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise DocumentError(path, f"{where}: '{key}' must be a string, not {value!r}")
        return value.strip() or None

    def names(key: str) -> tuple[str, ...] | None:
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DocumentError(path, f"{where}: '{key}' must be a string or a list of strings")
        return tuple(v.strip() for v in value if v.strip())

    year = entry.get("year")
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise DocumentError(path, f"{where}: 'year' must be a whole number, not {year!r}")
    return DocumentMeta(
        title=text("title"),
        publisher=names("publisher") or (),
        year=year,
        type=text("type"),
        language=text("language"),
        regions=names("regions"),
        subjects=names("subjects"),
    )


_MD_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$")


def guess_title(text: str, path: Path) -> str:
    """A title for a document without one: its first Markdown heading near the top,
    else its first short line, else the file name made readable."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:40]:
        match = _MD_HEADING.match(line)
        if match:
            return _tidy(match.group(1))
    for line in lines[:40]:
        if len(line) <= 150 and sum(c.isalpha() for c in line) >= 3:
            return _tidy(line)
    return humanise(Path(path).stem)


def humanise(stem: str) -> str:
    words = re.sub(r"[-_.]+", " ", stem).split()
    sentence = " ".join(words)
    return sentence[:1].upper() + sentence[1:] if sentence else "Untitled"


def _tidy(line: str) -> str:
    return " ".join(line.replace("\t", " ").split())
