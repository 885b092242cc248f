"""Column roles: what a table column holds, read from the words of its header.

The vocabulary is data, the SKOS scheme of ``ontology/columns.ttl``: each role is a
concept whose Spanish and English labels are the headers that name it. This module
only knows how to match a header against those labels:

* header and labels are folded (case, accents, punctuation except ``%``) into words;
* a label matches where its words appear consecutively in the header; a word of five
  letters or more matches any header word with the same first seven letters, so
  "financiera" matches "financiero" and "responsable" matches "responsables";
* the longest matching label wins (in words), then the leftmost, so "% Ejecución"
  is a rate and not an achieved value, and "Línea base Año" dates the baseline;
* a year in the header ("Meta 2024", "Ejecución 2024-II") is the column's period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from quipu.core.text import strip_accents
from quipu.ingest.facts import ObservationKind
from quipu.ontology import path as ontology_path

ROLE_NAMESPACE = "https://w3id.org/quipu/id/column-role/"
# Roles whose cells are values, and the observation kind each gives.
VALUE_ROLES: dict[str, ObservationKind] = {
    "baseline": "baseline",
    "target": "target",
    "achieved": "achieved",
    "executionRate": "executionRate",
    "cost": "cost",
    "budgetOpening": "budgetOpening",
    "budgetModified": "budgetModified",
    "budgetCertified": "budgetCertified",
    "budgetAccrued": "budgetAccrued",
}
# Roles whose cells name what the row is about.
NAME_ROLES = ("indicator", "objective", "action", "activity", "name", "intervention")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s?[-–/]\s?((?:19|20)\d{2}))?(?!\d)")
LONG_WORD = 5
_ENDING = re.compile(r"(?:es|os|as|s|o|a|e)$")


@dataclass(frozen=True)
class Role:
    """The role of one column: its notation in the scheme and the period its header names."""

    name: str  # the concept's skos:notation, e.g. "target"
    period: str | None = None  # "2024", "2023-2025"
    header: str = ""
    part: str | None = None  # the part of the period the column holds ("I Trim.", "II semestre"), if not all of it

    @property
    def iri(self) -> str:
        return ROLE_NAMESPACE + self.name

    @property
    def kind(self) -> ObservationKind | None:
        """The observation kind of a value column, or None."""
        return VALUE_ROLES.get(self.name)


def words(text: str) -> list[str]:
    """Folded words of a header: lower case, no accents; ``%`` is a word of its own."""
    stripped = strip_accents(text.lower()).replace("%", " % ").replace("°", " ").replace("º", " ")
    return [w for w in re.split(r"[^a-z0-9%]+", stripped) if w]


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A word without its gender or number ending (words of five letters or more)."""
    return _ENDING.sub("", word) if len(word) >= LONG_WORD else word


def _same(label_word: str, header_word: str) -> bool:
    return label_word == header_word or _stem(label_word) == _stem(header_word)


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Labels by the stem of their first word, longest first: a header word is looked up,
    not compared with every label."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for role, label in lexicon():
        index.setdefault(_stem(label[0]), []).append((role, tuple(_stem(w) for w in label)))
    return {first: tuple(entries) for first, entries in index.items()}


def _labels_at(stems: list[str], position: int) -> list[tuple[str, int]]:
    """(role, length) of every label that starts at ``position``, longest first."""
    found = []
    for role, label in _index().get(stems[position], ()):
        if tuple(stems[position : position + len(label)]) == label:
            found.append((role, len(label)))
    return found


@lru_cache(maxsize=1)
def lexicon() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(role, label words) for every label of the scheme, longest labels first."""
    import rdflib  # only needed once, to read the scheme

    graph = rdflib.Graph()
    graph.parse(ontology_path("columns.ttl"), format="turtle")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    entries: set[tuple[str, tuple[str, ...]]] = set()
    for concept in graph.subjects(skos.inScheme, rdflib.URIRef("https://w3id.org/quipu/id/scheme/column-roles")):
        notation = str(graph.value(concept, skos.notation))
        for prop in (skos.prefLabel, skos.altLabel):
            for label in graph.objects(concept, prop):
                folded = tuple(words(str(label)))
                if folded:
                    entries.add((notation, folded))
    return tuple(sorted(entries, key=lambda e: (-len(e[1]), e[0], e[1])))


@lru_cache(maxsize=4096)
def role_of(header: str) -> Role | None:
    """The role a column header names, or None when no label of the scheme matches."""
    folded = words(header)
    stems = [_stem(w) for w in folded]
    best: tuple[int, int, str] | None = None  # (-length, position, role)
    for position in range(len(stems)):
        for role, length in _labels_at(stems, position):
            candidate = (-length, position, role)
            if best is None or candidate < best:
                best = candidate
    if best is None:
        return None
    if best[2] in _PERCENT_IS_RATE and "%" in folded:
        best = (best[0], best[1], "executionRate")  # "Ejecución financiera (%)": the share executed
    year = _YEAR.search(header)
    period = None
    if year:
        period = year.group(1) + (f"-{year.group(2)}" if year.group(2) else "")
    at = next((i for i in range(len(folded) - 1) if folded[i] in _ORDINALS and folded[i + 1] in _PARTS), None)
    running = at is not None and at > 0 and folded[at - 1] in ("al", "a")  # "Ejecutado al III trim.": the year so far
    part = part_name(folded[at], folded[at + 1]) if at is not None and not running else None
    return Role(best[2], period, header, part=part)


def roles() -> set[str]:
    """Every role the scheme defines."""
    return {role for role, _ in lexicon()}


# Roles whose header with a "%" names the share executed, not the amount.
_PERCENT_IS_RATE = {"achieved", "budgetAccrued", "budgetCertified"}
# Words that may follow a role's label inside one column header without naming a column.
_QUALIFIERS = {"ano", "anual", "s", "soles", "total", "n", "del", "de", "la", "el", "corte"}


@lru_cache(maxsize=8192)
def coverage(text: str) -> float:
    """The share of a text's words that belong to column labels (or dates and qualifiers):
    near 1 for a header printed one cell per line, low for prose."""
    folded = words(text)
    if not folded:
        return 0.0
    covered = sum(len(r.header.split()) for r in segment(text))
    return covered / len(folded)


def segment(text: str) -> list[Role]:
    return list(_segment(text))


@lru_cache(maxsize=8192)
def _segment(text: str) -> tuple[Role, ...]:
    """The columns a run of header words names, left to right.

    For a header whose cells were printed one per line, so column boundaries are lost:
    at each word the longest label that starts there opens a column; the words after
    it that are years ("Meta 2024"), qualifiers ("Año", "(S/)") or an acronym of the same
    role right after it ("Objetivo Estratégico Institucional (OEI)") stay in that column;
    a "%" after an executed amount makes the column a rate; a word no label starts is
    skipped.
    """
    folded = words(text)
    stems = [_stem(w) for w in folded]
    starts: dict[int, tuple[str, int]] = {}
    for position in range(len(folded)):
        found = _labels_at(stems, position)
        if found:
            starts[position] = found[0]  # the longest label
    columns: list[Role] = []
    position = 0
    while position < len(folded):
        if position not in starts:
            position += 1
            continue
        role, length = starts[position]
        stop = position + length
        period = None
        while stop < len(folded):
            word = folded[stop]
            if re.fullmatch(r"(?:19|20)\d{2}", word):
                period = period or word
                stop += 1
            elif word in _QUALIFIERS and (stop not in starts or starts[stop][0] == "period"):
                stop += 1
            elif stop == position + length and stop in starts and starts[stop][0] == role and starts[stop][1] == 1 and _part_at(folded, stop + 1) is None:
                stop += 1  # an acronym right after the name: "Objetivo Estratégico Institucional (OEI)", not "Prog. I trim."
            else:
                break
        quarter = _part_at(folded, stop)
        part: str | None = None
        if quarter is not None:
            # "Prog. I trim.": the column holds that part of the year; "Ejecutado al III trim.": the year so far
            running = folded[stop] in ("al", "a")
            stop += len(quarter) + running
            part = None if running else part_name(quarter[0], quarter[1])
        if stop < len(folded) and folded[stop] == "%" and role in _PERCENT_IS_RATE and stop not in starts:
            role, stop = "executionRate", stop + 1  # "Ejecución financiera (%)": the share executed
            while stop < len(folded) and (re.fullmatch(r"(?:19|20)\d{2}", folded[stop]) or folded[stop] in _QUALIFIERS):
                period = period or (folded[stop] if folded[stop][:2] in ("19", "20") else None)
                stop += 1
        columns.append(Role(role, period, " ".join(folded[position:stop]), part=part))
        position = stop
    return tuple(columns)


_ORDINALS = {
    "i": "I", "ii": "II", "iii": "III", "iv": "IV", "1": "I", "2": "II", "3": "III", "4": "IV",
    "1er": "I", "2do": "II", "3er": "III", "4to": "IV", "primer": "I", "segundo": "II", "tercer": "III", "cuarto": "IV",
}
_PARTS = {"trim": "trimestre", "trimestre": "trimestre", "sem": "semestre", "semestre": "semestre"}


def part_name(ordinal: str, unit: str) -> str | None:
    """A quarter or a semester as one name, however printed: ("2do", "trim.") -> "II trimestre"."""
    number = _ORDINALS.get(words(ordinal)[0] if words(ordinal) else "")
    kind = _PARTS.get(words(unit)[0] if words(unit) else "")
    if number is None or kind is None or (kind == "semestre" and number not in ("I", "II")):
        return None
    return f"{number} {kind}"


def part_of(header: str) -> tuple[str, str | None] | None:
    """A header that only names a quarter or a semester, maybe with its year ("I Trim.",
    "II trimestre 2027", "3er trim.", "T4", "S1"): the part's name and the year, else None."""
    folded = words(header)
    year = folded.pop() if folded and re.fullmatch(r"(?:19|20)\d{2}", folded[-1]) else None
    if len(folded) == 2:
        name = part_name(folded[0], folded[1])
    elif len(folded) == 1 and re.fullmatch(r"[tqs][1-4]", folded[0]):
        name = part_name(folded[0][1:], "sem" if folded[0][0] == "s" else "trim")
    else:
        name = None
    return (name, year) if name else None


def _part_at(folded: list[str], at: int) -> tuple[str, ...] | None:
    """The words of a quarter or a semester at ``at`` ("i trim", "2do semestre"), after an "al"
    of a running total ("al iii trim"), or None."""
    start = at + (at < len(folded) and folded[at] in ("al", "a"))
    if start + 1 < len(folded) and folded[start] in _ORDINALS and folded[start + 1] in _PARTS:
        return tuple(folded[start : start + 2])
    return None
