"""Which language a short text is written in: Spanish, English, or not told.

Questions are short ("youth employment in Puno", "¿qué hace la VUPE?") and full of names
that are Spanish in either language (places, programmes, acronyms), so a general model of
the languages would be guessing. What tells them apart in a few words is how each writes
its grammar: function words (articles, prepositions, pronouns, question words), a few
endings (English -tion/-ing/-ness against Spanish -ción/-mente/-dad) and Spanish
spelling (ñ, an accented vowel, ¿ and ¡). Each is one vote; the language with more votes
wins, and a tie, names alone or nothing at all is left undecided (None), so a caller can
fall back on what it knows otherwise.

Pure and without state: the web pages pick a page language with it, and search can use it
to decide whether to translate a question.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["es", "en"]

# Function words of each language; words both share ("a", "no", "me", "he", "son" …, or
# "en", which is a Spanish word but an English abbreviation) are in neither list.
SPANISH_WORDS = frozenset(
    """el la los las lo un una unos unas del al de en y o ni pero sino que qué cual cuál cuales
    cuáles quien quién quienes quiénes cuanto cuánto cuantos cuántos cuanta cuánta cuantas cuántas
    como cómo donde dónde cuando cuándo por para con sin sobre entre hasta desde hacia según segun
    durante mediante es fue fueron era eran está están estaba hay ha han había sido ser estar se
    su sus este esta estos estas ese esa esos esas aquel aquella cada todos todas otro otra otros
    otras muy más mas también tambien ya aún aun porque pues así asi""".split()
)
ENGLISH_WORDS = frozenset(
    """the of and or but in on at to for from by with without about into onto over under
    between among what which who whom whose why how when where there here this that these
    those is are was were be been being am has have had having do does did done will would
    can could should shall may might must its it's their theirs they them our ours your
    yours his her hers we you my any some many much more most each every all both either
    neither other than then also only very such not an""".split()
)
# Endings that one language writes and the other does not ("comision" typed without its
# accent is still Spanish; "-sion" alone is both languages' "division", so it is neither).
_SPANISH_ENDING = re.compile(r"\w(?:ci[oó]n|ciones|siones|mente|dades?|ería)$")
_ENGLISH_ENDING = re.compile(r"\w(?:tions?|ssions?|ments?|ness|ings?|ship|ity|ly)$")
_SPANISH_LETTERS = re.compile(r"[ñáéíóúü¿¡]")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def language_votes(text: str) -> dict[Language, int]:
    """How many words (and Spanish letters or marks) of ``text`` speak for each language."""
    votes: dict[Language, int] = {"es": 0, "en": 0}
    words = _WORD.findall(text)
    shouted = text.isupper() and len(words) > 1  # a sentence all in capitals: its words are words
    for written in words:
        if len(written) > 1 and written.isupper() and not shouted:
            continue  # an acronym (UN, MTPE, POI) is a name, not a word of either language
        word = written.lower()
        if word in SPANISH_WORDS:
            votes["es"] += 1
        elif word in ENGLISH_WORDS:
            votes["en"] += 1
        elif _SPANISH_ENDING.search(word):
            votes["es"] += 1
        elif _ENGLISH_ENDING.search(word) and not _SPANISH_LETTERS.search(word):
            votes["en"] += 1
    # Spanish spelling counts once, however often it recurs: names carry accents too.
    if _SPANISH_LETTERS.search(text.lower()):
        votes["es"] += 1
    return votes


def detect_language(text: str) -> Language | None:
    """``es`` or ``en`` when the words of ``text`` lean one way; None when they do not."""
    votes = language_votes(text)
    if votes["es"] == votes["en"]:
        return None
    return "es" if votes["es"] > votes["en"] else "en"


__all__ = ["ENGLISH_WORDS", "SPANISH_WORDS", "Language", "detect_language", "language_votes"]
