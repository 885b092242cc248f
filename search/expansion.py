"""Query expansion for the lexical index: English → Spanish terms, acronyms ↔ long forms.

``expand(query, vocabulary, known)`` returns an :class:`Expansion`: the Spanish text to
add to a BM25 query, built from

* the glossary / lexicon translation of English phrases and words (English queries);
* the other names of every entity the query names (VUPE ↔ Ventanilla Única de
  Promoción del Empleo, MTPE ↔ Ministerio de Trabajo…), in either language;
* cognates of the English words left untranslated: Spanish forms built by suffix rules
  (evaluation → evaluación, university → universidad, economic → económico) and kept
  only when their stem is a term of the index (``known``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field

from quipu.core.text import fold

from .glossary import Vocabulary, default_vocabulary, english_tokens

SPANISH_MARKERS = frozenset(
    """el la los las del de que qué en y por para con una uno se su sus es son fue fueron
    cual cuál cuales cuáles cuanto cuánto cuantos cuántos cuantas cuántas como cómo donde dónde
    quien quién quienes quiénes segun según entre sobre al lo""".split()
)
ENGLISH_MARKERS = frozenset(
    """the of what which who how why when where was were is are did does do in for and with
    by to from that this these their its many much""".split()
)

# English suffix → Spanish suffixes, longest first (folded, no accents).
_SUFFIXES: list[tuple[str, tuple[str, ...]]] = [
    ("ications", ("icaciones",)),
    ("ication", ("icacion",)),
    ("tions", ("ciones",)),
    ("tion", ("cion",)),
    ("sions", ("siones",)),
    ("sion", ("sion",)),
    ("ities", ("idades",)),
    ("ity", ("idad",)),
    ("ties", ("tades", "dades")),
    ("ty", ("tad", "dad")),
    ("ical", ("ico", "ica")),
    ("ics", ("icos", "ica")),
    ("ic", ("ico", "ica")),
    ("ives", ("ivos",)),
    ("ive", ("ivo", "iva")),
    ("aries", ("arios",)),
    ("ary", ("ario", "aria")),
    ("ories", ("orios",)),
    ("ory", ("orio", "oria")),
    ("ences", ("encias",)),
    ("ence", ("encia",)),
    ("ances", ("ancias",)),
    ("ance", ("ancia",)),
    ("ists", ("istas",)),
    ("ist", ("ista",)),
    ("ous", ("oso",)),
    ("ised", ("izado",)),
    ("ized", ("izado",)),
    ("ise", ("izar",)),
    ("ize", ("izar",)),
    ("ated", ("ado",)),
    ("ates", ("ados",)),
    ("ate", ("ar", "ado")),
    ("ators", ("adores",)),
    ("ator", ("ador",)),
    ("ments", ("mentos",)),
    ("ment", ("mento",)),
    ("isms", ("ismos",)),
    ("ism", ("ismo",)),
    ("gies", ("gias",)),
    ("gy", ("gia",)),
    ("my", ("mia",)),
    ("ure", ("ura",)),
    ("ures", ("uras",)),
    ("ices", ("icios", "icas")),
    ("ice", ("icio", "ica")),
    ("ial", ("ial", "iero", "iera")),
    ("al", ("al",)),
    ("als", ("ales",)),
]


def cognates(word: str) -> list[str]:
    """Spanish-looking forms of an English word (folded), most literal first."""
    forms = [word]
    for suffix, replacements in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            forms.extend(word[: -len(suffix)] + r for r in replacements)
            break
    more = []
    for form in forms:
        respelt = form.replace("ph", "f").replace("th", "t").replace("k", "c").replace("y", "i")
        respelt = re.sub(r"([bdfgmpstz])\1", r"\1", respelt)
        if respelt != form:
            more.append(respelt)
        if re.match(r"s[bcdfgklmnpqrtvw]", form):
            more.append("e" + form)
    return list(dict.fromkeys(forms + more))


def looks_english(query: str) -> bool:
    words = re.findall(r"[\w']+", query.lower())
    english = sum(w in ENGLISH_MARKERS for w in words)
    spanish = sum(w in SPANISH_MARKERS for w in words)
    if re.search(r"[¿¡ñ]|ción\b", query.lower()):
        spanish += 2
    return english > spanish


@dataclass
class Expansion:
    """What a query becomes for the lexical index."""

    query: str
    english: bool
    translated: list[str] = field(default_factory=list)  # Spanish terms of glossary / lexicon
    entities: list[str] = field(default_factory=list)  # other names of named entities
    cognates: list[str] = field(default_factory=list)  # Spanish forms of untranslated words
    untranslated: list[str] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)  # English phrases the glossary / lexicon translated

    @property
    def spanish(self) -> str:
        """Spanish text standing for the query (translation, cognates, other names)."""
        return " ".join(self.translated + self.cognates + self.entities)


def expand(
    query: str,
    vocabulary: Vocabulary | None = None,
    known: Container[str] | None = None,
    stem: Callable[[str], str] | None = None,
) -> Expansion:
    """Expand ``query``; ``known`` (index terms) and ``stem`` (their analyser) enable cognates."""
    vocabulary = vocabulary or default_vocabulary()
    english = looks_english(query)
    result = Expansion(query=query, english=english)
    translation = vocabulary.translate(query)
    # English words are translated even in a query that does not look English (short
    # queries have no function words to tell) when most of its words are English ones.
    if english or len(translation.matched) > len(translation.untranslated):
        result.translated = translation.spanish
        result.untranslated = translation.untranslated
        result.matched = translation.matched
        if english and known is not None and stem is not None:
            for word in translation.untranslated:
                if len(word) < 4 or word.isdigit() or stem(word) in known:
                    continue  # the word itself already matches (a name, an acronym, a number)
                for form in cognates(word)[1:]:
                    term = stem(form)
                    if len(term) >= 4 and term in known:
                        result.cognates.append(form)
                        break
    seen = {fold(t) for t in result.translated}
    for _, names in vocabulary.entity_names(query):
        for name in names:
            if fold(name) not in seen and fold(name) not in fold(query):
                seen.add(fold(name))
                result.entities.append(name)
    return result


__all__ = ["Expansion", "cognates", "english_tokens", "expand", "looks_english"]
