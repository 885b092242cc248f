"""What to search for instead: close spellings of unknown words, and entity names.

When a query holds words that no passage has ("bolsa de trabjo"), the closest words the
passages do have are offered in their place ("bolsa de trabajo"); when it is close to
the name of an entity of the catalog ("Lamkasun"), that name ("Llamkasun Perú").

Closeness is :class:`difflib.SequenceMatcher`'s ratio on case- and accent-folded words
(``rapidfuzz`` is not a dependency; the lexicon of a few thousand words is small enough
for difflib), among words of about the same length; ties go to the more frequent word.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from quipu.core.text import fold

from .catalog import NAMED_TYPES, EntityCatalog

SPELLING_CUTOFF = 0.8  # "trabjo" → "trabajo" is 0.92; "black" → "blanca" (0.73) is no spelling of it
NAME_CUTOFF = 0.8  # "lamkasun" → "llamkasun" is 0.94
MIN_LENGTH = 4  # shorter words have too many neighbours one edit away
CLOSE_SPREAD = 0.05  # alternatives this much less close than the best one are left out ("trabajos" for "trabjo")
# A word in the names of more entities than this is a common word ("trabajo", "programa"), not a name.
NAME_WORD_ENTITIES = 5
MAX_SUGGESTIONS = 5
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)  # letters only: figures are not misspelt
_QUOTES = str.maketrans("", "", "“”\"«»")


class Speller:
    """The words of a set of texts, by folded form, and the closest of them to a word."""

    def __init__(self, texts: Iterable[str]) -> None:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(w for w in _WORD.findall(text.lower()) if len(w) >= 3)
        surface: dict[str, tuple[str, int]] = {}  # folded → (most frequent written form, total count)
        for word, count in counts.items():
            key = fold(word)
            best, total = surface.get(key, (word, 0))
            if count > counts[best]:
                best = word
            surface[key] = (best, total + count)
        self._surface = surface
        self._by_length: dict[int, list[str]] = {}
        for key in surface:
            self._by_length.setdefault(len(key), []).append(key)

    def __contains__(self, word: str) -> bool:
        return fold(word.lower()) in self._surface

    def close(self, word: str, n: int = 3) -> list[str]:
        """Up to ``n`` words of the texts closest to ``word`` (written as the texts write them),
        best first; none when ``word`` is short or nothing is close enough."""
        key = fold(word.lower())
        if len(key) < MIN_LENGTH or not key.isalpha():
            return []
        candidates = [c for size in range(len(key) - 2, len(key) + 3) for c in self._by_length.get(size, ()) if c != key]
        matcher = difflib.SequenceMatcher(b=key, autojunk=False)
        scored = []
        for candidate in candidates:
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() < SPELLING_CUTOFF or matcher.quick_ratio() < SPELLING_CUTOFF:
                continue
            ratio = matcher.ratio()
            if ratio >= SPELLING_CUTOFF:
                scored.append((ratio, self._surface[candidate][1], candidate))
        scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
        return [self._surface[c][0] for ratio, _, c in scored[:n] if ratio >= scored[0][0] - CLOSE_SPREAD]


def respelt(query: str, unknown: Sequence[str], speller: Speller, n: int = 3) -> list[str]:
    """The query with its unknown words replaced by close spellings: one query per
    candidate of the first word that has any (other words take their best candidate)."""
    choices: dict[str, list[str]] = {}
    for word in unknown:
        if word not in choices and (close := speller.close(word, n)):
            choices[word] = close
    if not choices:
        return []
    first = next(iter(choices))
    found = []
    for candidate in choices[first]:
        text = query
        for word, close in choices.items():
            text = _replace_word(text, word, candidate if word == first else close[0])
        found.append(text)
    return found


def _replace_word(text: str, word: str, replacement: str) -> str:
    if word.isupper():
        replacement = replacement.upper()
    elif word[:1].isupper():
        replacement = replacement[:1].upper() + replacement[1:]
    return re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", lambda _: replacement, text, count=1)


class NameIndex:
    """The names of the catalog's named entities, by the distinctive words they hold.

    A distinctive word is in the names of at most :data:`NAME_WORD_ENTITIES` entities
    ("Llamkasun", not "Trabajo").
    """

    def __init__(self, catalog: EntityCatalog) -> None:
        named = [e for e in catalog.entities.values() if e.type in NAMED_TYPES or e.is_region]
        names = {e.key: {n: set(_WORD.findall(fold(n.lower()))) for n in _names(e.label, e.names)} for e in named}
        spread: Counter[str] = Counter(w for by_name in names.values() for w in set().union(*by_name.values()))
        mentions: Counter[str] = Counter(key for keys in catalog.passages.values() for key in keys)
        # (entity key, its passages, one of its names, the distinctive words of that name)
        self._names = [
            (key, mentions[key], name, frozenset(w for w in words if spread[w] <= NAME_WORD_ENTITIES and len(w) >= MIN_LENGTH))
            for key, by_name in names.items()
            for name, words in by_name.items()
        ]

    def close(self, words: Iterable[str], n: int = 3) -> list[str]:
        """Names one of whose distinctive words is close to one of ``words``.

        For each entity, the closest of its names, then the shortest (so "Lamkasun"
        suggests "Llamkasun Perú", not the programme's full legal name), then the one with
        the fewest capitals; entities with more passages first on equal closeness; a name
        that holds a name already suggested is left out.
        """
        wanted = {w for w in (fold(w.lower()) for w in words) if len(w) >= MIN_LENGTH and w.isalpha()}
        if not wanted:
            return []
        best: dict[str, tuple[float, int, int, int, str]] = {}  # entity → (ratio, passages, -len, -capitals, name)
        for key, passages, name, distinctive in self._names:
            ratio = max((_ratio(w, v) for v in distinctive for w in wanted), default=0.0)
            if ratio < NAME_CUTOFF:
                continue
            entry = (ratio, passages, -len(name), -sum(c.isupper() for c in name), name)
            if key not in best or entry > best[key]:
                best[key] = entry
        kept: list[str] = []
        for *_, name in sorted(best.values(), reverse=True):
            if not any(_holds(name, shorter) or _holds(shorter, name) for shorter in kept):
                kept.append(name)
        return kept[:n]


def _names(label: str, names: Iterable[str]) -> set[str]:
    """An entity's names without quotation marks and runs of spaces."""
    return {" ".join(name.translate(_QUOTES).split()) for name in (label, *names)}


def _holds(name: str, shorter: str) -> bool:
    return f" {fold(shorter.lower())} " in f" {fold(name.lower())} "


def _ratio(a: str, b: str) -> float:
    if len(b) < MIN_LENGTH or abs(len(a) - len(b)) > 2:
        return 0.0
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def suggestions(query: str, unknown: Sequence[str], speller: Speller, names: NameIndex) -> list[str]:
    """What to search for instead of ``query``: respelt queries, then entity names close
    to its unknown words (to any of its words when it has none).

    ``unknown`` are the query's words that no passage has, as the query writes them.
    """
    found = respelt(query, unknown, speller) + names.close(unknown or _WORD.findall(query))
    seen: set[str] = {fold(query.lower())}
    unique = []
    for text in found:
        if (key := fold(text.lower())) not in seen:
            seen.add(key)
            unique.append(text)
    return unique[:MAX_SUGGESTIONS]


__all__ = ["NameIndex", "Speller", "respelt", "suggestions"]
