"""Controlled vocabularies matched in the text: regions, countries and seed entities.

The names come from the ontology's reference data: ``regions.ttl`` (Peru's regions and the
countries the documents name) and ``entities.ttl`` (well-known institutions, programmes and
services). Every label form (prefLabel, altLabel, hiddenLabel, qp:acronym) is compiled into
one trie-shaped regular expression that runs over an accent-folded, lower-cased copy of the
text with the same offsets. Long forms match whatever their case, but only when written as
a name (capitalised, or all in capitals); acronyms of up to six characters match only in
their exact case. At each position the longest form wins, so "Trabaja Perú" is the
programme and not a mention of Peru.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from quipu.core.iris import DEFAULT_BASE_IRI
from quipu.core.text import MONTH, fold_same_length
from quipu.ingest.facts import Entity, EntityType, Facts
from quipu.ingest.models import Document, Passage
from quipu.ontology import path as ontology_path

from .record import add_mention
from .spans import span

ID_BASE = DEFAULT_BASE_IRI  # the base the shipped .ttl files are written under; keys read here drop it
QP = "https://w3id.org/quipu/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

_CLASS_TYPES: dict[str, EntityType] = {
    QP + "Region": "region",
    QP + "Country": "region",
    QP + "Institution": "institution",
    QP + "Programme": "programme",
    QP + "Service": "service",
}
SHORT_ACRONYM = 6  # acronyms up to this length match case-sensitively
@dataclass
class Seed:
    """One controlled entity: key, type, canonical label and its written forms."""

    key: str
    type: EntityType
    label: str
    forms: set[str] = field(default_factory=set)
    acronyms: set[str] = field(default_factory=set)
    attributes: dict[str, object] = field(default_factory=dict)
    parents: list[str] = field(default_factory=list)  # org:subOrganizationOf keys
    authority: str | None = None  # qp:competentAuthority key: the body that governs a service


@dataclass
class Gazetteer:
    seeds: dict[str, Seed]
    index: dict[str, str]  # folded form -> key
    pattern: re.Pattern[str]
    forms: dict[str, tuple[str, bool]]  # folded form (spaces collapsed) -> (key, is short acronym)
    originals: dict[str, set[str]] = field(default_factory=dict)  # folded form -> forms as written

    def lookup(self, name: str) -> Seed | None:
        """The seed entity one of whose forms folds like ``name``."""
        found = self.index.get(_norm_form(name))
        return self.seeds[found] if found else None


@lru_cache(maxsize=1 << 16)  # called for every known entity each time a new name is looked up
def _norm_form(text: str) -> str:
    folded = fold_same_length(text)
    folded = re.sub(r"\s*-\s*", "-", folded)
    return re.sub(r"\s+", " ", folded).strip()


def _key_of(iri: str) -> str | None:
    if not iri.startswith(ID_BASE):
        return None
    return iri[len(ID_BASE) :]


def _load_seeds(paths: list[Path]) -> dict[str, Seed]:
    import rdflib  # imported here: only the gazetteer needs it

    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    seeds: dict[str, Seed] = {}
    for subject, _, cls in graph.triples((None, rdflib.URIRef(RDF_TYPE), None)):
        type_ = _CLASS_TYPES.get(str(cls))
        key = _key_of(str(subject))
        if type_ is None or key is None or key in seeds:
            continue
        labels = [
            o for o in graph.objects(subject, rdflib.URIRef(SKOS + "prefLabel")) if getattr(o, "language", None) in (None, "es")
        ]
        if not labels:
            continue
        seed = Seed(key=key, type=type_, label=str(labels[0]))
        for prop in ("prefLabel", "altLabel", "hiddenLabel"):
            for literal in graph.objects(subject, rdflib.URIRef(SKOS + prop)):
                seed.forms.add(str(literal))
        for literal in graph.objects(subject, rdflib.URIRef(QP + "acronym")):
            seed.acronyms.add(str(literal))
        if str(cls) == QP + "Country":
            iso = graph.value(subject, rdflib.URIRef(QP + "iso3166"))
            seed.attributes["country"] = str(iso) if iso else key.rsplit("/", 1)[-1].upper()
        for parent in graph.objects(subject, rdflib.URIRef(ORG + "subOrganizationOf")):
            parent_key = _key_of(str(parent))
            if parent_key:
                seed.parents.append(parent_key)
        authority = graph.value(subject, rdflib.URIRef(QP + "competentAuthority"))
        if authority is not None:
            seed.authority = _key_of(str(authority))
        seeds[key] = seed
    return seeds


def _trie_regex(words: list[str]) -> str:
    """A regex matching any of ``words`` (already folded), longest alternative first."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True

    def piece(char: str) -> str:
        if char == " ":
            return r"\s+"
        if char == "-":
            return r"\s*-\s*"
        if char == '"':
            return r'"\s*'
        return re.escape(char)

    def build(node: dict) -> str:
        ends = "" in node
        branches = [piece(c) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if ends else body

    return build(trie)


# The shipped vocabularies, found through the package so that an installed wheel works too.
DEFAULT_PATHS = (ontology_path("regions.ttl"), ontology_path("entities.ttl"))


@lru_cache(maxsize=4)
def load(paths: tuple[Path, ...] = DEFAULT_PATHS) -> Gazetteer:
    seeds = _load_seeds([p for p in paths if p.exists()])
    index: dict[str, str] = {}
    forms: dict[str, tuple[str, bool]] = {}
    originals: dict[str, set[str]] = {}
    for seed in seeds.values():
        for form in seed.forms | seed.acronyms:
            normal = _norm_form(form)
            short = form in seed.acronyms and len(form) <= SHORT_ACRONYM
            index.setdefault(normal, seed.key)
            forms.setdefault(normal, (seed.key, short))
            originals.setdefault(normal, set()).add(form)
            # a quoted name also matches without its quotes
            if '"' in normal:
                bare = re.sub(r'\s*"\s*', " ", normal).strip()
                index.setdefault(bare, seed.key)
                forms.setdefault(bare, (seed.key, short))
                originals.setdefault(bare, set()).add(re.sub(r'\s*["“”]\s*', " ", form).strip())
    # not inside a word, nor the issuer suffix of a norm number ("063-2007-PCM", "MTPE/4/12")
    pattern = re.compile(
        r"(?<![a-z0-9])(?<![0-9]-)(?<![a-z0-9]/)(?:" + _trie_regex(sorted(forms)) + r")(?![a-z0-9])(?!-[0-9])(?!/[a-z0-9])"
    )
    return Gazetteer(seeds=seeds, index=index, pattern=pattern, forms=forms, originals=originals)


_WORD = re.compile(r"[^\W\d_]+")
_CONNECTORS = {"de", "del", "la", "las", "los", "el", "y", "e", "para", "a", "en", "por", "sin", "con"}


def _written_as_name(written: str, forms: set[str], short: bool) -> bool:
    """Whether the text is written as the name: exact case for short acronyms; otherwise
    capitalised like the label (short labels: every word the label capitalises) or all in capitals."""
    if short:
        compact = re.sub(r"\s*-\s*", "-", re.sub(r"\s+", " ", written))
        return any(compact == re.sub(r"\s*-\s*", "-", f) for f in forms)
    letters = [c for c in written if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return len(letters) >= 4 or written in forms
    words = _WORD.findall(written)
    if not words or not words[0][0].isupper():
        return False
    if len(words) > 3:
        return True
    for form in forms:
        form_words = _WORD.findall(form)
        if len(form_words) == len(words) and all(
            w[0].isupper() or not f[0].isupper() for w, f in zip(words, form_words)
        ):
            return True
    return False


# "Perú" inside a name ("Trabaja Perú", "Perú INFOMIGRA", "Impulsa Perú") is no mention of
# the country: a capitalised word just before or after makes it part of a name.
_NAME_BEFORE = re.compile(r"[A-ZÁÉÍÓÚÑ][\wáéíóúñ]*[\"”]?\s+[\"“]?$")
_NAME_AFTER = re.compile(r"^[\"”]?\s+[\"“]?[A-ZÁÉÍÓÚÑ]{2}")
_SENTENCE_START = re.compile(r"(?:^|[.:;!?\n•\-–]\s*)[A-ZÁÉÍÓÚÑ][\wáéíóúñ]*\s+$")


def _inside_name(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    if _NAME_BEFORE.search(before) and not _SENTENCE_START.search(before):
        word = re.search(r"(\w+)[\"”]?\s+[\"“]?$", before)
        if word and word.group(1).lower() not in _CONNECTORS:
            return True
    return bool(_NAME_AFTER.match(text[end : end + 6]))


_CODE_BEFORE = re.compile(r"(?<![\w])[A-Z0-9]+-$")
_CODE_AFTER = re.compile(r"-[A-Z0-9]+(?![\w])")


def _hyphen_joined(text: str, start: int, end: int) -> bool:
    """A name glued by a plain hyphen to a code ("2015-TR-SG", "012-MTPE-VMPECL") is part of a
    norm number; one joined by a dash ("Convenio MTPE–MININTER") or to a word ("… del
    Empleo-Unidad Ejecutora") is a name of its own."""
    return bool(_CODE_BEFORE.search(text, max(0, start - 20), start) or _CODE_AFTER.match(text, end))


_ARTICLE_BEFORE = re.compile(r"(?:^|\s)(?:el|la|los|las|del|al|su|sus)\s+$", re.IGNORECASE)


def _service_noun(text: str, start: int, written: str, seed: Seed) -> bool:
    """A service named in lower case after an article ("brinda la bolsa de trabajo y el
    certificado único laboral") or as an item of a list: reports name the services they
    describe as common nouns.
    Only names of three words or more, so a bare "orientación" stays a word."""
    before = text[max(0, start - 8) : start]
    return (
        seed.type == "service"
        and len(_WORD.findall(written)) >= 3
        and bool(_ARTICLE_BEFORE.search(before) or _LIST_BEFORE.search(before))
    )


# An item of a list: "cuatro servicios: Bolsa de trabajo, …", "- bolsa de trabajo".
_LIST_BEFORE = re.compile(r"(?:[:;,•]|(?:^|\n)\s*[-–*]|\b(?:y|e))\s*$")


@dataclass(frozen=True)
class Match:
    key: str
    start: int
    end: int
    text: str


def find(text: str, gazetteer: Gazetteer | None = None) -> list[Match]:
    """Every controlled name in ``text`` (offsets into ``text``)."""
    gaz = gazetteer or load()
    folded = fold_same_length(text)
    found: list[Match] = []
    pos = 0
    while True:
        match = gaz.pattern.search(folded, pos)
        if match is None:
            break
        # a form written otherwise ("programa Trabaja Perú") lets a shorter one inside it match
        pos = match.start() + 1
        written = text[match.start() : match.end()]
        if _hyphen_joined(text, match.start(), match.end()):
            continue
        normal = _norm_form(written)
        entry = gaz.forms.get(normal)
        if entry is None:
            continue
        key, short = entry
        seed = gaz.seeds[key]
        if not _written_as_name(written, gaz.originals.get(normal, {written}), short) and not _service_noun(
            text, match.start(), written, seed
        ):
            continue
        if key.startswith("country/") and seed.attributes.get("country") == "PE" and _inside_name(
            text, match.start(), match.end()
        ):
            continue
        found.append(Match(key, match.start(), match.end(), written))
        pos = match.end()
    return found


def seed_entity(facts: Facts, seed: Seed, written: str = "") -> Entity:
    """The seed's entity in ``facts``, with what the vocabulary says about it (``written``:
    how a mention spells it, which picks the acronym when the mention is one)."""
    entity = facts.entity(seed.key, seed.type, seed.label)
    entity.alt_labels.update(form for form in seed.forms if form != seed.label)
    # The acronym as written when the mention is one, else the first in alphabetical order:
    # never the order of a set, which changes with PYTHONHASHSEED from run to run.
    for acronym in sorted(seed.acronyms, key=lambda a: (a != written, a)):
        entity.alt_labels.add(acronym)
        entity.attributes.setdefault("acronym", acronym)
    entity.attributes.update(seed.attributes)
    entity.attributes["vocabulary"] = True  # resolution prefers vocabulary keys
    if seed.parents:
        entity.attributes.setdefault("parents", list(seed.parents))
    return entity


def mention_seed(facts: Facts, seed: Seed, passage: Passage, start: int, end: int) -> Entity:
    """The seed's entity, with what the vocabulary says about it and the mention at ``passage[start:end]``."""
    written = re.sub(r"\s+", " ", passage.text[start:end])
    entity = seed_entity(facts, seed, written)
    if written != seed.label:
        entity.alt_labels.add(written)
    add_mention(entity, span(passage, start, end))
    return entity


# The date after a place a document was signed in, its dateline: "Lima, 15 de marzo de 2027",
# "Puno, enero de 2015", "Cusco, 03/02/2026".
_DATELINE = re.compile(
    r",\s*(?:(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)\s+)?"
    r"(?:(?:\d{1,2}(?:°|º)?\s+de\s+)?" + MONTH + r"(?:\s+(?:de(?:l)?\s+)?|\s*,?\s*)(?:19|20)\d{2}"
    r"|\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d{2})",
    re.IGNORECASE,
)


def extract(document: Document, facts: Facts) -> None:
    """Add a mention for every controlled name (region, country, seed entity) in the document.

    A place in a dateline is where the document was signed, not a place it is about, so it
    is no mention of the region."""
    gaz = load()
    for passage in document.passages:
        for match in find(passage.text, gaz):
            seed = gaz.seeds[match.key]
            if seed.type == "region" and _DATELINE.match(passage.text, match.end):
                continue
            mention_seed(facts, seed, passage, match.start, match.end)


__all__ = ["Gazetteer", "Seed", "Match", "load", "find", "extract", "mention_seed", "seed_entity"]
