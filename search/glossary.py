"""Bilingual vocabulary for cross-lingual search: English query words → Spanish terms.

Three sources, all data:

* ``ontology/glossary.ttl``: SKOS concepts with Spanish and English labels; an English
  label (preferred or alternative) found in a query gives the concept's Spanish labels;
* ``ontology/entities.ttl``: institutions, programmes and services with their acronyms;
  naming one (by acronym, Spanish or English label) gives its other names;
* ``search/lexicon_en_es.tsv``: common, non-domain English words of policy reports and
  their Spanish equivalents ("weakness" → "debilidad limitación").

Words none of them knows go to the general dictionary (:mod:`quipu.search.freedict`),
then to cognate rules (:mod:`quipu.search.expansion`).

Phrases are matched before words (longest first) on accent- and case-folded text, and
an English plural also matches its singular ("windows" → "window").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from quipu.core.language import ENGLISH_STOPWORDS
from quipu.core.text import fold

LEXICON = Path(__file__).with_name("lexicon_en_es.tsv")
SKOS = "http://www.w3.org/2004/02/skos/core#"
QP = "https://w3id.org/quipu/ontology#"
MAX_PHRASE = 8

def english_tokens(text: str) -> list[str]:
    """Folded word tokens of an English text, hyphenated words split ("one-stop" → one, stop)."""
    return [t for t in re.split(r"[^\w]+", fold(text)) if t]


def singular(word: str) -> str:
    """A naive English singular: activities → activity, windows → window, boxes → box."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(singular(w) for w in words)


@dataclass
class Vocabulary:
    """Phrase tables: folded English phrase → Spanish terms; entity name → its other names."""

    english: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    entities: dict[tuple[str, ...], list[str]] = field(default_factory=dict)

    def add_english(self, phrase: str, spanish: Iterable[str]) -> None:
        key = _key(english_tokens(phrase))
        if not key or len(key) > MAX_PHRASE:
            return
        terms = self.english.setdefault(key, [])
        terms.extend(s for s in spanish if s not in terms)

    def add_entity(self, names: list[str]) -> None:
        for name in names:
            key = _key(english_tokens(name))
            if not key or len(key) > MAX_PHRASE:
                continue
            others = self.entities.setdefault(key, [])
            others.extend(n for n in names if n != name and n not in others)

    # ------------------------------------------------------------ lookups

    def translate(self, text: str) -> Translation:
        """Greedy longest-match translation of the English phrases and words of ``text``."""
        return Translation.of(english_tokens(text), self.english)

    def entity_names(self, text: str) -> list[tuple[str, list[str]]]:
        """(matched phrase, its other names) for every entity named in ``text``."""
        tokens = english_tokens(text)
        keys = _key(tokens)
        found: list[tuple[str, list[str]]] = []
        i = 0
        while i < len(keys):
            for n in range(min(MAX_PHRASE, len(keys) - i), 0, -1):
                names = self.entities.get(keys[i : i + n])
                if names:
                    found.append((" ".join(tokens[i : i + n]), names))
                    i += n
                    break
            else:
                i += 1
        return found


@dataclass
class Translation:
    """The Spanish terms found for an English text, and the words left untranslated.

    ``gaps`` are the runs of words between the phrases translated, stop words included
    (what a general dictionary may still translate, phrases first); ``untranslated``
    are their content words. English stop words (:data:`quipu.core.language.ENGLISH_STOPWORDS`)
    are neither translated alone nor left untranslated.
    """

    spanish: list[str]
    matched: list[str]
    untranslated: list[str]
    gaps: list[list[str]] = field(default_factory=list)

    @classmethod
    def of(cls, tokens: list[str], table: dict[tuple[str, ...], list[str]]) -> Translation:
        keys = _key(tokens)
        spanish: list[str] = []
        matched: list[str] = []
        rest: list[str] = []
        gaps: list[list[str]] = [[]]
        i = 0
        while i < len(keys):
            for n in range(min(MAX_PHRASE, len(keys) - i), 0, -1):
                terms = table.get(keys[i : i + n])
                # a lone stop word (e.g. "one") is no phrase to translate
                if terms and not (n == 1 and tokens[i] in ENGLISH_STOPWORDS):
                    spanish.extend(t for t in terms if t not in spanish)
                    matched.append(" ".join(tokens[i : i + n]))
                    gaps.append([])
                    i += n
                    break
            else:
                if tokens[i] not in ENGLISH_STOPWORDS:
                    rest.append(tokens[i])
                gaps[-1].append(tokens[i])
                i += 1
        return cls(spanish, matched, rest, [gap for gap in gaps if gap])

    @property
    def text(self) -> str:
        return " ".join(self.spanish)


def load_glossary(vocabulary: Vocabulary, path: Path) -> None:
    from rdflib import Graph, Literal, URIRef

    graph = Graph().parse(path, format="turtle")
    for concept in set(graph.subjects(URIRef(SKOS + "prefLabel"), None)):
        pref = graph.objects(concept, URIRef(SKOS + "prefLabel"))
        alt = graph.objects(concept, URIRef(SKOS + "altLabel"))
        labels = [label for label in [*pref, *alt] if isinstance(label, Literal)]
        spanish = [str(lbl) for lbl in labels if lbl.language == "es"]
        english = [str(lbl) for lbl in labels if lbl.language == "en"]
        if not spanish:
            continue
        for phrase in english:
            vocabulary.add_english(phrase, spanish)


def load_entities(vocabulary: Vocabulary, paths: Iterable[Path]) -> None:
    from rdflib import Graph, URIRef

    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    predicates = [URIRef(SKOS + "prefLabel"), URIRef(SKOS + "altLabel"), URIRef(QP + "acronym")]
    subjects = set(graph.subjects(URIRef(QP + "acronym"), None)) | set(graph.subjects(URIRef(SKOS + "altLabel"), None))
    for subject in subjects:
        names: list[str] = []
        for predicate in predicates:
            for value in graph.objects(subject, predicate):
                name = str(value).replace("“", "").replace("”", "")
                if name not in names:
                    names.append(name)
        if len(names) > 1:
            vocabulary.add_entity(names)
        # English names of an entity translate to its Spanish names
        spanish = [str(v) for p in predicates for v in graph.objects(subject, p) if getattr(v, "language", None) != "en"]
        for value in graph.objects(subject, URIRef(SKOS + "altLabel")):
            if getattr(value, "language", None) == "en":
                vocabulary.add_english(str(value), spanish)


def load_lexicon(vocabulary: Vocabulary, path: Path = LEXICON) -> None:
    """Lines ``english<TAB>spanish terms``; ``#`` starts a comment."""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if "\t" not in line:
            continue
        english, spanish = line.split("\t", 1)
        terms = [t.strip() for t in spanish.split("|") if t.strip()]
        for phrase in english.split("|"):
            if phrase.strip():
                vocabulary.add_english(phrase.strip(), terms)


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The vocabulary built from the shipped glossary, seed entities and lexicon (cached)."""
    from quipu.ontology import path as ontology_path

    vocabulary = Vocabulary()
    load_lexicon(vocabulary)
    load_glossary(vocabulary, ontology_path("glossary.ttl"))  # merged with the lexicon's terms
    load_entities(vocabulary, [ontology_path("entities.ttl")])
    return vocabulary
