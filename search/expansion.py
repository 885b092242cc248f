"""Query expansion for the lexical index: English → Spanish terms, acronyms ↔ long forms.

``expand(query, vocabulary, known)`` returns an :class:`Expansion`: the Spanish text to
add to a BM25 query. The query's language is told per query by
:func:`quipu.core.language.detect_language`. An English query's words are translated,
each by the first source that knows it:

1. the bilingual vocabulary (:mod:`quipu.search.glossary`): the SKOS labels of
   ``ontology/glossary.ttl`` and ``ontology/entities.ttl``, then the lexicon of common
   words of policy reports (``search/lexicon_en_es.tsv``), phrases before words
   (``translated``);
2. the general English–Spanish dictionary (:mod:`quipu.search.freedict`, FreeDict), for
   the content words and phrases the vocabulary leaves (``dictionary``: less specific
   than the vocabulary, and weighted apart by the fusion); a rendering is kept only when
   its terms are terms of the index (``known``) and not all stop words;
3. cognates of the words still left: Spanish forms built by suffix rules (evaluation →
   evaluación, university → universidad, economic → económico), kept only when their
   stem is a term of the index (``cognates``).

Every query, in either language, also gets the other names of the entities it names
(VUPE ↔ Ventanilla Única de Promoción del Empleo, MTPE ↔ Ministerio de Trabajo…).

A query whose language is not told (no function word, ending or spelling votes: "labour
market", "presupuesto ejecutado") is taken as Spanish with one allowance: the vocabulary
translates its English phrases of several words (a Spanish query does not write "labour
market"), and all its English words when they are most of the query (a short query of
English terms has nothing else to tell it by). The dictionary and the cognates, which
would read Spanish words as English ones ("red", "once", "plan"), serve English queries only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from dataclasses import dataclass, field

from quipu.core.language import ENGLISH_STOPWORDS, Language, detect_language
from quipu.core.text import fold

from .analysis import spanish_analyzer
from .freedict import FreeDict, default_dictionary
from .glossary import Vocabulary, default_vocabulary, english_tokens

MIN_WORD = 4  # letters of the shortest word looked up alone in the dictionary

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


@dataclass
class Expansion:
    """What a query becomes for the lexical index."""

    query: str
    english: bool
    language: Language | None = None  # as told by detect_language (None: not told)
    translated: list[str] = field(default_factory=list)  # Spanish terms of glossary / lexicon
    entities: list[str] = field(default_factory=list)  # other names of named entities
    cognates: list[str] = field(default_factory=list)  # Spanish forms of untranslated words
    untranslated: list[str] = field(default_factory=list)  # content words the glossary / lexicon left
    matched: list[str] = field(default_factory=list)  # English phrases the glossary / lexicon translated
    dictionary: list[str] = field(default_factory=list)  # Spanish renderings of the general dictionary
    looked_up: list[str] = field(default_factory=list)  # English words / phrases the dictionary translated

    @property
    def spanish(self) -> str:
        """Spanish text standing for the query (translations, cognates, other names)."""
        return " ".join(self.translated + self.dictionary + self.cognates + self.entities)


def expand(
    query: str,
    vocabulary: Vocabulary | None = None,
    known: Container[str] | None = None,
    stem: Callable[[str], str] | None = None,
    dictionary: FreeDict | bool = True,
) -> Expansion:
    """Expand ``query``; ``known`` (index terms) and ``stem`` (their analyser) check the
    dictionary's renderings and enable cognates. ``dictionary``: True for the one
    QUIPU_DICTIONARY_PATH names, False for none, or a :class:`FreeDict`."""
    vocabulary = vocabulary or default_vocabulary()
    language = detect_language(query)
    english = language == "en"
    result = Expansion(query=query, english=english, language=language)
    translation = vocabulary.translate(query)
    if english or (language is None and len(translation.matched) > len(translation.untranslated)):
        result.translated = translation.spanish
        result.untranslated = translation.untranslated
        result.matched = translation.matched
    elif language is None:
        for phrase in translation.matched:
            if len(phrase.split()) > 1:  # an English phrase of several words: no Spanish query writes it
                result.matched.append(phrase)
                result.translated.extend(t for t in vocabulary.translate(phrase).spanish if t not in result.translated)
    if english:
        left = _look_up(result, translation.gaps, dictionary, known, stem)
        if known is not None and stem is not None:
            for word in left:
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


def _look_up(
    result: Expansion,
    gaps: list[list[str]],
    dictionary: FreeDict | bool,
    known: Container[str] | None,
    stem: Callable[[str], str] | None,
) -> list[str]:
    """Fill ``result.dictionary`` from the general dictionary for the words of ``gaps`` (what
    the vocabulary left); return the content words it did not translate."""
    found = default_dictionary() if dictionary is True else dictionary if isinstance(dictionary, FreeDict) else None
    if found is None:
        return list(result.untranslated)
    analyse = spanish_analyzer().terms

    def terms_of(rendering: str) -> list[str]:
        if stem is None:
            return analyse(rendering)
        return [t for t in (stem(w) for w in rendering.split()) if t]

    translated: set[str] = set()
    seen = {fold(t) for t in result.translated}
    for gap in gaps:
        # short words ("set", "way", "add") have the most senses, and a dictionary's first is a guess
        for phrase, renderings in found.phrases([w for w in gap if not w.isdigit()], ENGLISH_STOPWORDS, MIN_WORD):
            kept = []
            for rendering in renderings:
                terms = terms_of(rendering)
                if not terms or fold(rendering) in seen or fold(rendering) == phrase:
                    continue  # only stop words ("how" → cómo), already there, or the word itself ("Peru")
                if known is not None and not all(t in known for t in terms):
                    continue  # a sense the index does not write, or a rendering whose spaces were lost
                kept.append(rendering)
                seen.add(fold(rendering))
            if kept:
                result.dictionary.extend(kept)
                result.looked_up.append(phrase)
                translated.update(phrase.split())
    return [w for w in result.untranslated if w not in translated]


__all__ = ["Expansion", "cognates", "english_tokens", "expand"]
