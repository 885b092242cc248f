"""Which language a short text is written in, and the function words of each language.

Questions are short ("youth employment in Puno", "¿qué hace la VUPE?") and full of names
that are Spanish in either language (places, programmes, acronyms), so a general model of
the languages would be guessing. What tells them apart in a few words is how each writes
its grammar: function words (articles, prepositions, pronouns, question words), endings
(English -tion/-ing/-ness/-ers against Spanish -ción/-mente/-dad/-aron), spelling (English
th, ck, wh, ph, gh; Spanish ñ, an accented vowel, ¿ and ¡). Each word is one vote; the
language with more votes wins, and a tie, names alone or nothing at all is left undecided
(None), so a caller can fall back on what it knows otherwise.

Names do not vote: an acronym (VUPE, UN) nor, in a text written in lower case, a word
with a capital initial other than a sentence's first ("What did Promoción del Empleo
achieve?" names a programme; its accent and its "del" say nothing of the question's
language). A text written all in capitals, or with most words capitalised (a title),
has its words counted as words.

Pure and without state: the web pages pick a page language with it, search uses it to
decide whether to translate a query, and the BM25 analysis drops the function words of
both languages (:data:`ENGLISH_STOPWORDS`).
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["es", "en"]

# Function words of each language, for the vote; words both share ("a", "no", "me", "he",
# "son" …) are in neither list.
SPANISH_WORDS = frozenset(
    """el la los las lo le les un una uno unos unas del al de en y o ni pero sino que qué cual
    cuál cuales cuáles quien quién quienes quiénes cuanto cuánto cuantos cuántos cuanta cuánta
    cuantas cuántas como cómo donde dónde cuando cuándo por para con sin sobre entre hasta desde
    hacia según segun durante mediante es fue fueron era eran está están estaba hay ha han había
    sido ser estar se nos su sus este esta estos estas ese esa esos esas aquel aquella cada todos
    todas otro otra otros otras muy más mas también tambien ya aún aun porque pues así asi""".split()
)
ENGLISH_WORDS = frozenset(
    """the of and or but in on at to for from by with without about into onto over under
    between among what which who whom whose why how when where there here this that these
    those is are was were be been being am has have had having do does did done will would
    can could should shall may might must its it's their theirs they them our ours your
    yours his her hers we you my any some many much more most each every all both either
    neither other than then also only very such not an""".split()
)

# English function words: no BM25 term (:mod:`quipu.search.analysis`) and nothing to
# translate (:mod:`quipu.search.glossary`). Besides the words of the vote: those English
# shares with Spanish function words ("a", "no", "me", "he"), number and order words,
# light verbs, and "s" of "VUPE's" / "what's" once the apostrophe splits the word.
ENGLISH_STOPWORDS = ENGLISH_WORDS | frozenset(
    """a no me he i s us she it nor yes as so too again once ever still yet just per via if
    whether while after before during since until till unless although though because however
    therefore thus whereas through throughout within across along around upon above below
    against toward towards despite beyond behind up down out off less least own same others
    what's whats it's according get got give given made make makes one two three four five six
    seven eight nine ten first second third""".split()
)
# English function words that Spanish text writes with a meaning of its own: "once" is
# eleven, "via" the folded "vía" (route, channel), "per" that of "per cápita", "i" the
# Roman one of "Capítulo I", "us" that of "US$". The BM25 analysis reads text of either
# language, so it keeps them; only text known to be English (a query to translate) drops them.
SPANISH_HOMOGRAPHS = frozenset({"once", "via", "per", "i", "us"})

# Endings that one language writes and the other does not ("comision" typed without its
# accent is still Spanish; "-sion" alone is both languages' "division", so it is neither).
_SPANISH_ENDING = re.compile(r"\w(?:ci[oó]n|ciones|siones|mente|dades?|ería|\waron|ieron|iendo|[ai]d[oa]s|aban?)$")
_ENGLISH_ENDING = re.compile(r"\w(?:tions?|ssions?|ments?|ness|ings?|ship|ity|ly|ers|ated)$")
# English spelling: digraphs Spanish never writes, a consonant before a final y ("policy",
# "country"), a past participle after a consonant ("placed", "trained"; Spanish "red",
# "pared", "usted" are shorter, "merced" is the one longer exception).
_ENGLISH_SPELLING = re.compile(r"th|ck|ph|wh|gh|[^aeiouy]y$|(?:[^aeiou]|i)ed$")
_SPANISH_ED = frozenset({"merced"})
_SPANISH_LETTERS = re.compile(r"[ñáéíóúü]")
_SPANISH_MARKS = re.compile(r"[¿¡]")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_SENTENCE_END = re.compile(r"[.?!¿¡:;]\s*$")


def _english_spelling(word: str) -> bool:
    if word.endswith("ed") and (len(word) < 6 or word in _SPANISH_ED):
        return bool(_ENGLISH_SPELLING.search(word[:-2]))  # "red", "pared": the ending does not count
    return bool(_ENGLISH_SPELLING.search(word))


def _vote(word: str) -> Language | None:
    """The language one (lower-case) word speaks for, if any."""
    if word in SPANISH_WORDS:
        return "es"
    if word in ENGLISH_WORDS:
        return "en"
    if _SPANISH_ENDING.search(word):
        return "es"
    if _SPANISH_LETTERS.search(word):
        return None  # Spanish spelling, counted once for the whole text
    if _ENGLISH_ENDING.search(word) or _english_spelling(word):
        return "en"
    return None


def language_votes(text: str) -> dict[Language, int]:
    """How many words (and Spanish letters or marks) of ``text`` speak for each language."""
    votes: dict[Language, int] = {"es": 0, "en": 0}
    found = list(_WORD.finditer(text))
    words = [m.group() for m in found]
    shouted = text.isupper() and len(words) > 1  # a sentence all in capitals: its words are words
    titled = sum(1 for w in words if w[0].isupper()) * 2 > len(words) > 1  # a title: idem
    named = [False] * len(words)
    for i, match in enumerate(found):
        written = match.group()
        if len(written) > 1 and written.isupper() and not shouted:
            named[i] = True  # an acronym (UN, MTPE, POI) is a name, not a word of either language
        elif written[0].isupper() and not (shouted or titled):
            # a capital initial inside a sentence starts a name
            named[i] = i > 0 and not _SENTENCE_END.search(text[found[i - 1].end() : match.start()])
    spanish_spelling = bool(_SPANISH_MARKS.search(text))
    for i, written in enumerate(words):
        if named[i]:
            continue
        word = written.lower()
        if 0 < i < len(words) - 1 and named[i - 1] and named[i + 1] and word in SPANISH_WORDS:
            continue  # "de" of "Centro de Empleo": a name's word
        language = _vote(word)
        if language:
            votes[language] += 1
        spanish_spelling = spanish_spelling or bool(_SPANISH_LETTERS.search(word))
    # Spanish spelling counts once, however often it recurs.
    if spanish_spelling:
        votes["es"] += 1
    return votes


def detect_language(text: str) -> Language | None:
    """``es`` or ``en`` when the words of ``text`` lean one way; None when they do not."""
    votes = language_votes(text)
    if votes["es"] == votes["en"]:
        return None
    return "es" if votes["es"] > votes["en"] else "en"


__all__ = [
    "ENGLISH_STOPWORDS",
    "ENGLISH_WORDS",
    "SPANISH_HOMOGRAPHS",
    "SPANISH_WORDS",
    "Language",
    "detect_language",
    "language_votes",
]
